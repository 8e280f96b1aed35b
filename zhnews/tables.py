"""Data boxes printed on a page: a caption, a header row of column names, then rows of a name and figures.

    各县（市、区）规上工业企业复工情况
    （截至3月8日） 单位：家
    县（市、区） 企业数 已复工 复工率
    袁州区 126 121 96.0%

Cleaning keeps one space between cells (so "126 121 96.0%" stays three figures); indicators read a figure's
column name from the header ("复工率" over 96.0%); attribution dates the rows by the caption.
"""
from __future__ import annotations

import re

_GAP = r"[ \t\u3000]+"
# a name (letter-spaced or not), then two or more figures in columns: "全 市 1486 1438 96.8%"
_ROW = re.compile(r"[\u4e00-\u9fff（）() \t\u3000]{1,16}?((?:" + _GAP + r"-?[0-9][0-9.,]*[%％]?){2,})")
# column names of two or more characters, no figures: "县（市、区） 企业数 已复工 复工率"
_HEADER = re.compile(r"[^\s0-9]{2,12}(?:" + _GAP + r"[^\s0-9]{2,12}){2,}")
FIGURE = re.compile(r"(?<=[ \t\u3000])-?[0-9][0-9.,]*[%％]?")


def is_row(line: str) -> bool:
    """Three or more figures after a name, or two with a percentage or a decimal among them; not digits
    spaced one by one ("规上企业 5 6 2 1") nor a number grouped in thousands ("全市 1 682").

    >>> is_row("袁州区 126 121 96.0%"), is_row("全市 1 682")
    (True, False)
    """
    if " " not in line and "\t" not in line and "\u3000" not in line:
        return False  # running text: cleaning removed its spaces (asked of every sentence, so this comes first)
    match = _ROW.fullmatch(line.strip())
    if match is None:
        return False
    figures = match.group(1).split()
    if all(len(f) == 1 for f in figures):
        return False
    return len(figures) >= 3 or any("%" in f or "％" in f or "." in f for f in figures)


def is_header(line: str) -> bool:
    """``is_header("县（市、区） 企业数 已复工 复工率") is True``: three or more column names, no figures."""
    return (" " in line or "\t" in line or "\u3000" in line) and _HEADER.fullmatch(line.strip()) is not None


def column_name(row: str, header: str, position: int) -> str | None:
    """The header's name for the column of the figure starting at ``position`` in ``row``.

    >>> column_name("袁州区 126 121 96.0%", "县（市、区） 企业数 已复工 复工率", 12)
    '复工率'
    """
    starts = [m.start() for m in FIGURE.finditer(row)]
    names = header.split()
    if position not in starts or len(names) < len(starts):
        return None
    return names[len(names) - len(starts) + starts.index(position)]
