"""Cleaning: from PDF-extracted or web page text to clean paragraphs, with an exact map back to the raw text.

What the layout did and this undoes:

- column-wrapped lines ("2月10\\n日") are joined into paragraphs; a blank line at a column break in mid-sentence
  is joined over, a blank line after a finished sentence or around a headline is kept (as ``\\n\\n``);
- spaces put between CJK characters and inside numbers ("规 上 工 业", "11.85 万个", "4 8773") are removed,
  while real spaces in Latin text ("New York", "COVID 19") stay;
- full-width digits, letters, ％ and ． become ASCII; Chinese punctuation (，。、；：？！“”（）) stays Chinese;
- editor marks ending an article ("①5") are stripped; jump lines ("（下转第三版①）", "（上接第一版）") become
  structured links; web boilerplate lines are dropped into a record with a reason, never silently;
- traditional characters become simplified (OpenCC t2s), for extraction; the raw text is kept as it was.

The cleaned text uses ``\\n`` between paragraphs and ``\\n\\n`` between layout blocks, so the article
segmenter can see where the page's blocks were. ``offsets[i]`` is the raw index of clean character ``i``.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, field_validator

from zhnews import tables
from zhnews.schema import SCHEMAS

TERMINATORS = "。！？；!?…"
CLOSERS = "”’」』）)》"
_CN_DIGITS = "〇零一二两三四五六七八九十百"
JUMP = re.compile(
    r"[（(]\s*(?P<dir>下转|上接|转|接)\s*(?:第\s*)?(?P<page>[0-9０-９" + _CN_DIGITS + r"A-Za-z]{1,4})\s*版\s*"
    r"(?P<marker>[①-⑳])?\s*[）)]")
# ①5 / ② / ③12 after the last sentence of an article: the editor's page mark, not a number
EDITOR_MARK = re.compile(r"(?<=[。！？”’）)」』a-zA-Z0-9\u4e00-\u9fff])\s*[①-⑳]\s*[0-9０-９]{0,2}\s*$")
_SPACES = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009\ufeff]+")
_ASCII_WORD = re.compile(r"[A-Za-z]")
_FULLWIDTH = {**{0xFF10 + i: 0x30 + i for i in range(10)}, **{0xFF21 + i: 0x41 + i for i in range(26)},
              **{0xFF41 + i: 0x61 + i for i in range(26)}, 0xFF05: ord("%"), 0xFF0E: ord("."),
              0xFF0B: ord("+"), 0xFF0D: ord("-"), 0xFF0F: ord("/"), 0xFF1D: ord("="), 0xFF20: ord("@"),
              0xFF06: ord("&"), 0xFF03: ord("#"), 0xFF3F: ord("_"), 0x2212: ord("-")}
_CIRCLED = re.compile("[①-⑳]")
_LONE_MARK = re.compile(r"[①-⑳]\s*[0-9０-９]{0,2}")
_FULLWIDTH_CHARS = re.compile("[" + "".join(chr(c) for c in _FULLWIDTH) + "]")
MAX_BOILERPLATE_LINE = 120  # navigation, credits and ads are short lines; a news paragraph is never boilerplate
MARKDOWN_HEADING = re.compile(r"^(#{2,6})\s+")
MARKDOWN_BOLD = re.compile(r"\*\*")


class BoilerplateRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str
    pattern: str
    triggers: list[str] = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class BoilerplateFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[BoilerplateRule]


@lru_cache(maxsize=1)
def _boilerplate_file() -> BoilerplateFile:
    """zhnews/data/boilerplate.toml, read and validated once."""
    text = resources.files("zhnews").joinpath("data/boilerplate.toml").read_text(encoding="utf-8")
    return BoilerplateFile.model_validate(tomllib.loads(text))


@lru_cache(maxsize=1)
def boilerplate_rules() -> list[tuple[re.Pattern, re.Pattern, str]]:
    """The rules of zhnews/data/boilerplate.toml, compiled once: (triggers, pattern, reason)."""
    # each rule's trigger words as one alternation: one scan of the line per rule, not one per word
    return [(re.compile("|".join(map(re.escape, rule.triggers))), re.compile(rule.pattern), rule.reason)
            for rule in _boilerplate_file().rules]


@lru_cache(maxsize=1)
def _any_trigger() -> re.Pattern:
    """Every rule's trigger words at once: most lines of news contain none and are done after one scan."""
    words = {w for rule in _boilerplate_file().rules for w in rule.triggers}
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def boilerplate_reason(line: str) -> str | None:
    """Why a stripped line is boilerplate, or None: ``boilerplate_reason("责任编辑：王丽") == "editor credit"``."""
    if len(line) > MAX_BOILERPLATE_LINE:
        return None
    if _FULLWIDTH_CHARS.search(line):
        line = unicodedata.normalize("NFKC", line)
    if not _any_trigger().search(line):
        return None
    for triggers, pattern, reason in boilerplate_rules():
        if triggers.search(line) and pattern.search(line):
            return reason
    return None


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@dataclass
class JumpLink:
    direction: str  # "to" (下转) or "from" (上接)
    page: int | None
    marker: str | None
    raw_start: int
    raw_end: int


@dataclass
class DroppedLine:
    text: str
    reason: str
    raw_start: int
    raw_end: int


@dataclass
class CleanedPage:
    text: str
    offsets: list[int]  # len(text) + 1
    script: str = "simplified"
    jumps: list[JumpLink] = field(default_factory=list)
    dropped: list[DroppedLine] = field(default_factory=list)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) of clean [start, end): the first char's raw index to one past the last char's."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def jump_page(text: str) -> int | None:
    """The page a jump line points to: ``jump_page("三") == 3``, ``jump_page("12") == 12``; letters (A3) give None."""
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    values = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
    if all(c in values or c == "十" for c in text):
        if "十" in text:
            tens, _, units = text.partition("十")
            return (values[tens] if tens else 1) * 10 + (values[units] if units else 0)
        number = 0
        for c in text:
            number = number * 10 + values[c]
        return number
    return None


@dataclass
class _Line:
    pieces: list[tuple[str, int]]  # (text, raw start) runs that survive
    raw_start: int
    raw_end: int
    heading: bool = False  # a Markdown "## " heading: an explicit headline
    printed: int = 0  # printed characters on the raw line, a jump or editor mark cut from it included
    byline: bool = False  # "本报记者 王 磊": stays on its own line
    box: bool = False  # a data box's unit caption, header or row ("（截至3月8日） 单位：家", "袁州区 126 121 96.0%")

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.pieces)


def _keep_space(left: str, right: str) -> bool:
    """A space is real only between Latin words ("New York", "COVID 19"), never beside CJK or between digits."""
    return left.isascii() and right.isascii() and left.isalnum() and right.isalnum() and (
        left.isalpha() or right.isalpha())


_BOX_UNIT_LINE = re.compile(r"^[（(][^）)]{2,12}[）)]\s*单位[:：]|^单位[:：]\S{1,4}$")


def _is_cell_gap(left: str, right: str, cells: str) -> bool:
    """Between two cells of a data box: in a header any gap, in a row the gap before a figure ("全 市" is one name)."""
    return cells == "header" or (cells == "row" and (right.isdigit() or right == "-"))


def _strip_spaces(text: str, start: int, cells: str = "") -> list[tuple[str, int]]:
    """Runs of ``text`` (at raw ``start``) without layout spaces; a kept space becomes one ' '. In a data box's
    box (``cells`` "row" or "header") the space between cells is kept: "袁州区 126 121 96.0%" is three figures,
    not 12612196.0 %."""
    pieces: list[tuple[str, int]] = []
    last = 0
    for match in _SPACES.finditer(text):
        a, b = match.span()
        if a > last:
            pieces.append((text[last:a], start + last))
        if 0 < a and b < len(text) and (_keep_space(text[a - 1], text[b])
                                         or _is_cell_gap(text[a - 1], text[b], cells)):
            pieces.append((" ", start + a))
        last = b
    if last < len(text):
        pieces.append((text[last:], start + last))
    return pieces


def _cut(pieces: list[tuple[str, int]], raw_a: int, raw_b: int) -> list[tuple[str, int]]:
    """Remove the raw range [raw_a, raw_b) from the pieces."""
    out = []
    for text, start in pieces:
        end = start + len(text)
        if end <= raw_a or start >= raw_b:
            out.append((text, start))
            continue
        if start < raw_a:
            out.append((text[: raw_a - start], start))
        if end > raw_b:
            out.append((text[raw_b - start:], raw_b))
    return out


def _read_lines(raw: str, jumps: list[JumpLink], dropped: list[DroppedLine]) -> list[_Line | None]:
    """Raw lines as surviving pieces; None stands for a blank (or dropped-and-blank) line."""
    lines: list[_Line | None] = []
    position = 0
    # a jump line broken over two lines ("（下转第二\n版）"): found on the raw text, cut from both lines
    broken = [m for m in JUMP.finditer(raw) if "\n" in m.group()] if ("转" in raw or "接" in raw) else []
    for m in broken:
        direction = "to" if m["dir"] in ("下转", "转") else "from"
        jumps.append(JumpLink(direction, jump_page(m["page"]), m["marker"], m.start(), m.end()))
    raw_lines = raw.split("\n")
    for index, line in enumerate(raw_lines):
        start, end = position, position + len(line)
        position = end + 1
        spans = [(max(start, m.start()), min(end, m.end())) for m in broken if m.start() < end and m.end() > start]
        if spans and not "".join(ch for ch in line if not any(a <= start + i < b for i, ch in enumerate(line)
                                                             for a, b in spans)).strip():
            lines.append(None)  # nothing but the piece of a jump line
            continue
        stripped = line.strip()
        if not stripped:
            lines.append(None)
            continue
        if _LONE_MARK.fullmatch(stripped):  # "①5" on a line of its own: the mark that ends the article above
            lead = len(line) - len(line.lstrip())
            dropped.append(DroppedLine(stripped, "editor mark", start + lead, start + lead + len(stripped)))
            lines.append(None)
            continue
        reason = boilerplate_reason(stripped)
        if reason:
            lead = len(line) - len(line.lstrip())
            dropped.append(DroppedLine(stripped, reason, start + lead, start + lead + len(stripped)))
            continue  # dropped lines vanish: they neither join nor separate paragraphs
        # a Markdown "## " heading keeps its marks in the clean text: the segmenter reads them as a headline
        heading = MARKDOWN_HEADING.match(stripped)
        pieces = [(line, start)]
        for a, b in spans:
            pieces = _cut(pieces, a, b)
        for bold in MARKDOWN_BOLD.finditer(line):
            pieces = _cut(pieces, start + bold.start(), start + bold.end())
        for jump in (JUMP.finditer(line) if ("转" in line or "接" in line) else ()):
            direction = "to" if jump["dir"] in ("下转", "转") else "from"
            jumps.append(JumpLink(direction, jump_page(jump["page"]), jump["marker"], start + jump.start(),
                                  start + jump.end()))
            pieces = _cut(pieces, start + jump.start(), start + jump.end())
        rest = "".join(t for t, _ in pieces)
        mark = EDITOR_MARK.search(rest.rstrip()) if _CIRCLED.search(rest) and not heading else None
        if mark:
            # map the mark's position in the joined pieces back to raw
            cut_from = _raw_index(pieces, mark.start())
            dropped.append(DroppedLine(raw[cut_from:end].strip(), "editor mark", cut_from, end))
            pieces = _cut(pieces, cut_from, end)
        spaced: list[tuple[str, int]] = []
        cells = "row" if tables.is_row(stripped) else "header" if (
            tables.is_header(stripped) and index + 1 < len(raw_lines) and tables.is_row(raw_lines[index + 1])) else ""
        for text, at in pieces:
            spaced.extend(_strip_spaces(text, at, cells))
        spaced = _join_spaces(spaced, cells)
        if not any(t.strip() for t, _ in spaced):
            lines.append(None)
            continue
        lines.append(_Line(spaced, start, end, heading=bool(heading), printed=len("".join(line.split())),
                           byline=_is_byline(line), box=bool(cells) or _BOX_UNIT_LINE.search(stripped) is not None))
    return lines


def _raw_index(pieces: list[tuple[str, int]], index: int) -> int:
    seen = 0
    for text, start in pieces:
        if index < seen + len(text):
            return start + index - seen
        seen += len(text)
    return pieces[-1][1] + len(pieces[-1][0]) if pieces else 0


def _join_spaces(pieces: list[tuple[str, int]], cells: str = "") -> list[tuple[str, int]]:
    """Drop spaces left at the edges of a line and layout spaces that fell between two removed spans."""
    while pieces and pieces[0][0] == " ":
        pieces = pieces[1:]
    while pieces and pieces[-1][0] == " ":
        pieces = pieces[:-1]
    out: list[tuple[str, int]] = []
    for i, (text, start) in enumerate(pieces):
        if text == " ":
            left = out[-1][0][-1:] if out else ""
            right = pieces[i + 1][0][:1] if i + 1 < len(pieces) else ""
            if not (left and right and (_keep_space(left, right) or _is_cell_gap(left, right, cells))):
                continue
        elif text.strip() != text:
            inner = _strip_spaces(text, start, cells)
            out.extend(inner)
            continue
        out.append((text, start))
    return out


def _width(line: _Line) -> int:
    # "（上接第一版）三要强化资金支" fills the column though little of it is text
    return max(len(line.text), line.printed)


def _ends_sentence(text: str) -> bool:
    text = text.rstrip(CLOSERS)
    return bool(text) and text[-1] in TERMINATORS


def _blocks(lines: list[_Line | None]) -> list[list[_Line]]:
    blocks, current = [], []
    for line in lines:
        if line is None:
            if current:
                blocks.append(current)
                current = []
        elif line.heading:
            if current:
                blocks.append(current)
            blocks.append([line])
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


# a byline line of the cleaned text: a role word and names, no sentence ("记者走访市区多家商场" is a body line)
BYLINE = re.compile(r"^(本报记者|本报通讯员|本报特约|通讯员|记者)(?=[^，。！？；：、,]{1,14}$)\s*\S")
_ROLES = re.compile(r"本报特约(?:记者|通讯员)?|本报记者|本报通讯员|通讯员|实习生|记者|报道$|摄$")


def _is_byline(line: str) -> bool:
    """A raw line that is a byline: "本报记者 王 磊", "记者 王磊 通讯员 李娜", "本报记者王磊".

    Every name is at most four characters, the names apart by spaces or 、; a line that merely starts
    with 记者 ("记者走访市区多家商场、超市") is running text.
    """
    line = line.strip()
    if not _ROLES.match(line):
        return False
    names = _ROLES.sub(" ", line).strip()
    if not names or re.search(r"[，。！？；：,.!?\d]", names) or len(names) > 24:
        return False
    return all(len(name) <= 4 for name in re.split(r"[\s\u3000、]+", names))
# 本报讯, 本报郑州讯, 焦作日报讯, 新华社郑州2月17日电, 央视网消息, 记者 王芳 报道 ...
# (traditional forms too: cleaning reads the page before it is simplified)
DATELINE = re.compile(r"^(\*\*)?(本[报報][讯訊]|本[报報][\u4e00-\u9fff]{2,4}[讯訊]|[\u4e00-\u9fff]{2,6}([日晚时時][报報])[讯訊]|"
                      r"本[报報][记記]者|本[报報]通[讯訊][员員]|本[报報]特约|新[华華]社|央[视視][网網]消息|人民[网網]|"
                      r"中新社|据新[华華]社|[记記]者\s*\S{1,4}\s*([报報]道|[摄攝]))")


def _column_width(blocks: list[list[_Line]]) -> float:
    """The page's typical line width in characters (its body column)."""
    widths = sorted(_width(line) for block in blocks for line in block)
    return widths[len(widths) // 2] if widths else 0


def _ends_article(raw: str, previous: list[_Line], following: list[_Line]) -> bool:
    """Is there an editor mark or a jump line on to another page between two blocks (the end of an article)?
    A "（上接第一版①）" opens the body continued here: it ends nothing."""
    gap = raw[previous[-1].pieces[-1][1]:following[0].pieces[0][1]] if previous[-1].pieces and following[0].pieces else ""
    gap = "".join(JUMP.sub(lambda m: "" if m["dir"] in ("上接", "接") else m.group(), gap)) if "接" in gap else gap
    return bool(JUMP.search(gap) or re.search(r"[①-⑳]", gap))


def _joins_next(block: list[_Line], following: list[_Line], column: float) -> bool:
    """Does a blank line between these blocks fall at a column break in mid-sentence?"""
    last = block[-1].text
    if _ends_sentence(last) or following[0].heading or block[-1].heading:
        return False
    if DATELINE.match(following[0].text) or block[-1].byline:
        return False
    # running text on either side: a body before (more than one line, or clause punctuation), a sentence
    # after; two stacked title lines ("毫不放松抓好疫情防控" / "全力以赴推进复工复产") have neither
    body_before = len(block) > 1 or any(mark in line.text for line in block for mark in "，。；：、")
    sentence_after = any(mark in line.text for line in following for mark in "，。；！？")
    # the line ran to the full column width: the sentence was cut by the column, not ended
    if _width(block[-1]) >= 0.85 * column:
        return body_before or sentence_after
    # a short line cut mid-sentence (the column ended beside a picture or a box) needs both
    return body_before and sentence_after and last[-1:] not in "）)》】"


def clean_page(raw: str) -> CleanedPage:
    """Clean one page.

    >>> page = clean_page("截至昨日\\n12 时，示范区 40 家企业\\n复工。①5\\n")
    >>> page.text
    '截至昨日12时，示范区40家企业复工。'
    >>> raw = "截至昨日\\n12 时，示范区 40 家企业\\n复工。①5\\n"
    >>> raw[page.offsets[4]:page.offsets[6] + 1]
    '12 时'
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
    jumps: list[JumpLink] = []
    dropped: list[DroppedLine] = []
    lines = _read_lines(raw, jumps, dropped)
    blocks = _blocks(lines)
    column = _column_width(blocks)
    chars: list[str] = []
    offsets: list[int] = []
    headline_zone = False  # after an article's end mark and before the next dateline: titles, never joined
    for b, block in enumerate(blocks):
        if b:
            after_title = headline_zone  # a block of the title zone is never the first half of a sentence
            if _ends_article(raw, blocks[b - 1], block):
                headline_zone = not DATELINE.match(block[0].text)  # the next body may follow with no titles
            elif DATELINE.match(block[0].text) or _ends_sentence(block[-1].text):
                headline_zone = False
            joins = not headline_zone and not after_title and _joins_next(blocks[b - 1], block, column)
            gap = "" if joins else "\n\n"
            chars.append(gap)
            offsets.extend([block[0].raw_start] * len(gap))
        for i, line in enumerate(block):
            if i:
                previous = block[i - 1]
                # a line that stops well short of the column ends its paragraph (a web page's title line);
                # a short line that ends a sentence ends its paragraph; a byline stays on its own line
                # a number cut by the line end ("日均产焦炭 3." / "6 万吨") is never a paragraph's end
                cut_number = previous.text[-1:] in "0123456789." and line.text[:1] in "0123456789.%"
                short = (_width(previous) < 0.7 * column and previous.text[-1:] not in "，、：；("
                         and not cut_number)
                own_line = (headline_zone or short or (_ends_sentence(previous.text) and _width(previous) < 0.9 * column)
                            or bool(DATELINE.match(line.text)) or previous.byline
                            or line.box or previous.box) and not (cut_number and not line.box and not previous.box)
                # (a data box's caption, header and rows keep their lines)
                if own_line:
                    chars.append("\n")
                    offsets.append(line.raw_start)
            for text, start in line.pieces:
                chars.append(text)
                offsets.extend(range(start, start + len(text)))
    text = "".join(chars)
    if _FULLWIDTH_CHARS.search(text):
        text = text.translate(_FULLWIDTH)
    offsets.append(offsets[-1] + 1 if offsets else 0)
    text, script = _simplify(text)
    return CleanedPage(text, offsets, script, jumps, dropped)


def _simplify(text: str) -> tuple[str, str]:
    """OpenCC t2s, keeping one clean char per raw char (phrase rules that change length fall back per char)."""
    converted = _t2s().convert(text)
    if converted == text:
        return text, "simplified"
    if len(converted) != len(text):
        converted = "".join(_t2s().convert(c) if len(_t2s().convert(c)) == 1 else c for c in text)
    changed = sum(1 for a, b in zip(text, converted) if a != b)
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff") or 1
    # a few variant forms appear in simplified pages too; call a page traditional only when many chars change
    return converted, ("traditional" if changed / cjk > 0.02 else "simplified")


def clean_pages(documents: pl.DataFrame) -> pl.DataFrame:
    """The ``cleaned_pages`` frame of a ``documents`` frame (doc_id, raw_text)."""
    ids = documents["doc_id"].to_list()
    pages = [clean_page(raw or "") for raw in documents["raw_text"].to_list()]
    schema = SCHEMAS["cleaned_pages"]
    # built column by column: a page's offset map is one list, converted once, not a row of Python dicts
    return pl.DataFrame([
        pl.Series("doc_id", ids, dtype=schema["doc_id"]),
        pl.Series("clean_text", [p.text for p in pages], dtype=schema["clean_text"]),
        pl.Series("offsets", [p.offsets for p in pages], dtype=schema["offsets"]),
        pl.Series("script", [p.script for p in pages], dtype=schema["script"]),
        pl.Series("jumps", [[j.__dict__ for j in p.jumps] for p in pages], dtype=schema["jumps"]),
        pl.Series("dropped", [[d.__dict__ for d in p.dropped] for p in pages], dtype=schema["dropped"]),
    ])
