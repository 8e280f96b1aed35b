"""Sentence segmentation: 。！？； (with the closing quotes that follow them) and line ends, never inside a number.

Headline, kicker and subtitle lines are sentences too (``is_headline``), so a figure printed only in a title
("复工复产率100%") is read with its article.
"""
from __future__ import annotations

import re

import polars as pl

from zhnews.articles import article_ends, segment_page
from zhnews.schema import SCHEMAS

# a sentence runs to its terminator(s) and any closing quotes/brackets after them, or to the end of its line
SENTENCE = re.compile(r"[^。！？；!?\n]+(?:[。！？；!?]+[”’」』）)]*)?|[。！？；!?]+[”’」』）)]*")
_HEADING_MARKS = re.compile(r"^(#{2,6}|[—－-]{1,2})\s*")


def split_text(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (offset by ``start``), whitespace-only pieces dropped.

    >>> t = "酒精8.5吨。“双复”完成！下一句"
    >>> [t[a:b] for a, b in split_text(t)]
    ['酒精8.5吨。', '“双复”完成！', '下一句']
    """
    spans = []
    for match in SENTENCE.finditer(text):
        a, b = match.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((start + a, start + b))
    return spans


def split_sentences(cleaned_pages: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """The ``sentences`` frame: title lines first (is_headline), then the body, per article in page order."""
    columns: dict[str, list] = {name: [] for name in ("doc_id", "article_id", "sentence_id", "text", "is_headline",
                                                     "clean_start", "clean_end", "raw_start", "raw_end")}
    for doc_id, text, offsets, jumps, dropped in cleaned_pages.select(
            "doc_id", "clean_text", "offsets", "jumps", "dropped").iter_rows():
        sentence_id = 0
        for article_id, article in enumerate(segment_page(text, article_ends(offsets, jumps, dropped))):
            spans: list[tuple[int, int, bool]] = []
            for line in article.kicker + ([article.headline] if article.headline else []) + article.subtitle:
                if line.end - line.start > 1 and text[line.start:line.end] == line.text:
                    mark = _HEADING_MARKS.match(line.text)
                    spans.append((line.start + (mark.end() if mark else 0), line.end, True))
                elif line.text:  # a broken title joined from two lines: one sentence per printed line
                    spans += [(a, b, True) for a, b in _lines_of(text, line.start, line.end)]
            for block in article.body_blocks:
                spans += [(a, b, False) for a, b in split_text(text[block.start:block.end], block.start)]
            spans = [span for span in spans if span[0] < span[1]]
            n = len(spans)
            columns["doc_id"] += [doc_id] * n
            columns["article_id"] += [article_id] * n
            columns["sentence_id"] += range(sentence_id, sentence_id + n)
            columns["text"] += [text[a:b] for a, b, _ in spans]
            columns["is_headline"] += [h for _, _, h in spans]
            columns["clean_start"] += [a for a, _, _ in spans]
            columns["clean_end"] += [b for _, b, _ in spans]
            columns["raw_start"] += [offsets[a] for a, _, _ in spans]
            columns["raw_end"] += [offsets[b - 1] + 1 for _, b, _ in spans]
            sentence_id += n
    return pl.DataFrame(columns, schema=SCHEMAS["sentences"])


def _lines_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, position = [], start
    for part in text[start:end].split("\n"):
        if part.strip():
            spans.append((position, position + len(part)))
        position += len(part) + 1
    return spans
