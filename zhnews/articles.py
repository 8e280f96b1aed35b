"""Article segmentation: which blocks of a cleaned page form one article, and which lines are its headline.

Articles start at datelines and bylines (本报讯（记者…）, 本报记者…, 新华社…电, 央视网消息) or at Markdown headings.
Papers print each headline after the body it belongs to (the layout of PDF text extraction) or before it (web
copies): the page decides. When the text before the first dateline is itself a title block, titles precede
their bodies; otherwise the title block that ends an article's segment (after its last sentence, an editor
mark or a jump line) is that article's kicker, headline and subtitle.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl

from zhnews import tables
from zhnews.cleaning import BYLINE, DATELINE, TERMINATORS
from zhnews.schema import from_rows

HEADING = re.compile(r"^#{2,6}")
SUBTITLE = re.compile(r"^[—－-]{1,2}")
REPORTERS = re.compile(r"(?:记者|通讯员|实习生)\s*([^）)]+)")
_NAME_SPLIT = re.compile(r"[、，,\s]+|(?:通讯员|实习生|记者)")
MAX_TITLE_LINE = 40


@dataclass
class Line:
    start: int  # in clean text
    end: int
    text: str


@dataclass
class Block:
    lines: list[Line]

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


@dataclass
class Article:
    body_blocks: list[Block]
    title_blocks: list[Block] = field(default_factory=list)
    headline: Line | None = None
    kicker: list[Line] = field(default_factory=list)
    subtitle: list[Line] = field(default_factory=list)


def _blocks(text: str) -> list[Block]:
    """Blocks separated by blank lines; a dateline inside a block starts a new one."""
    blocks: list[Block] = []
    position = 0
    for chunk in text.split("\n\n"):
        lines: list[Line] = []
        offset = position
        for raw_line in chunk.split("\n"):
            if raw_line.strip():
                line = Line(offset, offset + len(raw_line), raw_line)
                if lines and (DATELINE.match(raw_line) and not BYLINE.match(lines[-1].text)):
                    blocks.append(Block(lines))
                    lines = []
                lines.append(line)
            offset += len(raw_line) + 1
        if lines:
            blocks.append(Block(lines))
        position += len(chunk) + 2
    return blocks


def _is_title(block: Block) -> bool:
    """A block that reads as a title: few short lines, no sentence punctuation at the end, no dateline."""
    if len(block.lines) > 4 or DATELINE.match(block.lines[0].text) or HEADING.match(block.lines[0].text):
        return False
    if any(len(line.text) > MAX_TITLE_LINE for line in block.lines):
        return False
    last = block.lines[-1].text.rstrip("”’」』")
    return not (last and (last[-1] in TERMINATORS.replace("！", "").replace("？", "") or last[-1] in "，、："))


def _title_parts(article: Article) -> None:
    """Split the title blocks into kicker (引题), headline (主题) and subtitle (副题, second title line)."""
    lines_by_block = [[line for line in block.lines] for block in article.title_blocks]
    subtitles = [line for lines in lines_by_block for line in lines if SUBTITLE.match(line.text)]
    mains = [[line for line in lines if not SUBTITLE.match(line.text)] for lines in lines_by_block]
    mains = [lines for lines in mains if lines]
    if not mains:
        article.subtitle = subtitles
        return
    *kickers, title = mains
    article.kicker = [line for lines in kickers for line in lines]
    broken = False
    if len(title) >= 3 and not kickers:
        # three title lines in one block: 引题 over a main title broken in two
        article.kicker, title, broken = [title[0]], title[1:], True
    if len(title) >= 2:
        lengths = [len(line.text) for line in title]
        # two full, parallel lines are two titles (主题 + 第二主题); a short first line is one broken title
        if not broken and min(lengths) / max(lengths) >= 0.75 and min(lengths) >= 10:
            article.headline, subtitles = title[0], title[1:] + subtitles
        else:
            article.headline = Line(title[0].start, title[-1].end, "".join(line.text for line in title))
    else:
        article.headline = title[0]
    article.subtitle = subtitles


def _split_title_zone(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """(body, trailing title blocks) of one segment."""
    cut = len(blocks)
    while cut > 0 and _is_title(blocks[cut - 1]):
        cut -= 1
    if cut == 0:
        return blocks, []  # a segment that is all title: keep it as body rather than lose it
    return blocks[:cut], blocks[cut:]


def article_ends(offsets: list[int], jumps: list[dict] | None, dropped: list[dict] | None) -> frozenset[int]:
    """Clean positions after which the page marks an article's end (an editor mark ①5, a 下转 jump line).

    The marks are gone from the clean text; their raw spans, mapped back through the offsets, tell the
    segmenter where an article stopped even when the next one has no dateline.
    """
    import bisect

    raw_ends = [j["raw_start"] for j in jumps or [] if j["direction"] == "to"]
    raw_ends += [d["raw_start"] for d in dropped or [] if d["reason"] == "editor mark"]
    return frozenset(max(bisect.bisect_left(offsets, r) - 1, 0) for r in raw_ends)


@lru_cache(maxsize=512)
def segment_page(text: str, ends: frozenset[int] = frozenset()) -> list[Article]:
    """Articles of one cleaned page, in page order of their bodies (cached: sentences reuse them; treat as read-only).
    ``ends`` are clean positions where the page marked an article's end (see ``article_ends``).

    >>> [a.headline.text for a in segment_page("本报讯（记者李明）全县复工。\\n\\n温县复工提速\\n\\n本报讯（记者王芳）今天。")]
    ['温县复工提速']
    """
    return [_captioned(article) for article in _segment(text, ends)]


_SIGNED = re.compile(r"(?:指挥部|委员会|办公室|人民政府|领导小组)(?:\d{4}年\d{1,2}月\d{1,2}日)?$")


def _is_notice(block: Block) -> bool:
    """A notice box: telephone numbers, signed by an authority ("…应急指挥部 2020年3月9日"); its own segment."""
    joined = "".join(line.text for line in block.lines)
    return ("电话" in joined or "热线" in joined) and _SIGNED.search(joined) is not None


def _is_data_box(lines: list[Line]) -> bool:
    """A short caption line, then within three lines a data box's header or rows."""
    if len(lines) < 3 or len(lines[0].text) > 30 or any(mark in lines[0].text for mark in "。，；！？"):
        return False
    return any(tables.is_header(line.text) or tables.is_row(line.text) for line in lines[1:4])


def _captioned(article: Article) -> Article:
    """A data box with no title of its own is titled by its caption: "各县（市、区）规上工业企业复工情况" over
    "（截至3月8日） 单位：家" and the box's header and rows."""
    lines = article.body_blocks[0].lines if article.headline is None and article.body_blocks else []
    if not _is_data_box(lines):
        return article
    return Article([Block(lines[1:])] + article.body_blocks[1:], article.title_blocks + [Block(lines[:1])],
                   headline=lines[0], kicker=article.kicker, subtitle=article.subtitle)


def _segment(text: str, ends: frozenset[int]) -> list[Article]:
    blocks = _blocks(text)
    if any(HEADING.match(block.lines[0].text) for block in blocks):
        return _by_headings(blocks)
    starts = [i for i, block in enumerate(blocks)
              if DATELINE.match(block.lines[0].text) or BYLINE.match(block.lines[0].text) or _is_notice(block)
              or _is_data_box(block.lines)]
    if not starts or starts[0] != 0:
        starts = [0] + starts
    first = blocks[:starts[1]] if len(starts) > 1 else []
    # titles precede bodies when the page opens with titles and does not end with one
    titles_first = (bool(first) and all(_is_title(block) for block in first)) or (
        bool(blocks) and _is_title(blocks[0]) and not _is_title(blocks[-1]))
    titles_first = titles_first and bool(blocks) and not DATELINE.match(blocks[0].lines[0].text)
    # an end mark followed by no dateline still ends the article: the next one starts after the titles that
    # follow the mark (titles after bodies) or at them (titles before bodies)
    for i, block in enumerate(blocks[:-1]):
        if not any(block.start <= e < blocks[i + 1].start for e in ends):
            continue
        j = i + 1
        if not titles_first:
            while j < len(blocks) and _is_title(blocks[j]):
                j += 1
        if j < len(blocks) and j not in starts:
            starts.append(j)
    starts.sort()
    segments = [blocks[a:b] for a, b in zip(starts, starts[1:] + [len(blocks)])]
    articles: list[Article] = []
    if titles_first:
        pending: list[Block] = []
        for segment in segments:
            if all(_is_title(block) for block in segment):
                pending += segment  # the titles of the article that follows
                continue
            lead = 0
            while _is_title(segment[lead]):
                lead += 1
            body, zone = _split_title_zone(segment[lead:])
            articles.append(Article(body, pending + segment[:lead]))
            pending = zone
        if pending and articles:
            articles[-1].body_blocks += pending  # a title with no body after it stays text of the last article
    else:
        for segment in segments:
            body, zone = _split_title_zone(segment)
            articles.append(Article(body, zone))
    for article in articles:
        _title_parts(article)
    return [a for a in articles if a.body_blocks]


def _by_headings(blocks: list[Block]) -> list[Article]:
    articles: list[Article] = []
    for block in blocks:
        first = block.lines[0]
        if HEADING.match(first.text):
            marks = HEADING.match(first.text).end()
            headline = Line(first.start + marks, first.end, first.text[marks:].strip())
            if articles and not articles[-1].body_blocks and articles[-1].headline is not None:
                # a heading straight after a heading: the first was the kicker (引题) of the second
                kicker = articles.pop()
                articles.append(Article([], [], headline=headline, kicker=kicker.kicker + [kicker.headline]))
                continue
            articles.append(Article([], [], headline=headline))
        elif articles and not articles[-1].body_blocks and SUBTITLE.match(first.text):
            articles[-1].subtitle.append(first)  # "——鞋服企业跨界转产防疫物资" under its heading
            if len(block.lines) > 1:
                articles[-1].body_blocks.append(Block(block.lines[1:]))
        elif articles:
            articles[-1].body_blocks.append(block)
        else:
            articles.append(Article([block]))
    return [a for a in articles if a.body_blocks]


def _reporters(body: str) -> tuple[str | None, list[str]]:
    first_lines = body.split("\n")[:3]
    head = first_lines[0]
    dateline = None
    match = re.match(r"^((?:本报|[\u4e00-\u9fff]{2,6}(?:日报|晚报|时报))[\u4e00-\u9fff]{0,4}讯\s*[（(][^）)]*[）)]|本报讯|新华社[^，。]{0,20}?电(?:\s*[（(][^）)]*[）)])?|央视网消息\s*[（(][^）)]*[）)]|央视网消息)", head)
    names: list[str] = []
    if match:
        dateline = match.group(0)
        for found in REPORTERS.finditer(dateline):
            names += [n for n in _NAME_SPLIT.split(found.group(1)) if n]
    for line in first_lines:
        byline = re.match(r"^(本报记者|本报通讯员|本报特约记者|通讯员)\s*(.+)$", line)
        if byline and len(byline.group(2)) <= 20:
            names += [n for n in _NAME_SPLIT.split(byline.group(2)) if n]
            dateline = dateline or line
    return dateline, names


def segment_articles(cleaned_pages: pl.DataFrame) -> pl.DataFrame:
    """The ``articles`` frame of a ``cleaned_pages`` frame."""
    rows = []
    for doc_id, text, offsets, jumps, dropped in cleaned_pages.select(
            "doc_id", "clean_text", "offsets", "jumps", "dropped").iter_rows():
        articles = segment_page(text, article_ends(offsets, jumps, dropped))
        spans = []
        for article in articles:
            pieces = article.body_blocks + article.title_blocks
            start = min(block.start for block in pieces)
            end = max(block.end for block in pieces)
            spans.append((offsets[start], offsets[end - 1] + 1))
        for number, article in enumerate(articles):
            body_start, body_end = article.body_blocks[0].start, article.body_blocks[-1].end
            body = text[body_start:body_end]
            raw_start, raw_end = spans[number]
            # a jump line belongs to the article whose text it ends (to) or opens (from)
            limit = spans[number + 1][0] if number + 1 < len(spans) else 1 << 30
            to_page = next((j["page"] for j in jumps or [] if j["direction"] == "to" and raw_start <= j["raw_start"] < limit), None)
            from_page = next((j["page"] for j in jumps or [] if j["direction"] == "from" and raw_start <= j["raw_end"] <= raw_end + 12), None)
            dateline, reporters = _reporters(body)
            rows.append({
                "doc_id": doc_id, "article_id": number,
                "headline": article.headline.text if article.headline else None,
                "kicker": "".join(line.text for line in article.kicker) or None,
                "subtitle": "".join(line.text for line in article.subtitle) or None,
                "reporters": reporters, "dateline": dateline, "body": body,
                "raw_start": raw_start, "raw_end": raw_end,
                "continues_to_page": to_page, "continued_from_page": from_page,
            })
    return from_rows(rows, "articles")
