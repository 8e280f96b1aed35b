"""From the bytes of a landed file to page text: encoding detection, binary and empty-file rejection, HTML text.

Pages arrive as UTF-8, GB18030/GBK or Big5 text extracted from PDF, or as e-paper HTML. UTF-8 is tried first
(it is strict, so a GB or Big5 page never passes as UTF-8); otherwise charset-normalizer, limited to the
Chinese encodings we accept, picks the one whose decoding reads most like language.
"""
from __future__ import annotations

import codecs
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from charset_normalizer import from_bytes
from pydantic import BaseModel, ConfigDict
from selectolax.lexbor import LexborHTMLParser as HTMLParser

SUPPORTED = ("utf_8", "gb18030", "big5")
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_BLOCKS = "p, div, h1, h2, h3, h4, h5, h6, li, tr, td, section, article, header, footer, nav, title"
_HEADINGS = "h1, h2, h3, h4"
_CJK = re.compile(r"[\u3400-\u9fff]")
_SOFT_BREAK = "\u2028"
_JOINED_BREAK = re.compile(r"(?<=[^。！？；：”」』）)\s])\u2028(?=[^\s\u2028])")
NAVIGATION_MARK = "〖导航〗"  # cleaning's boilerplate rules drop lines that start with it, and record them


class HtmlLayout(BaseModel):
    """zhnews/data/html_layout.toml: the names e-paper templates give to titles, kickers, subtitles, navigation."""
    model_config = ConfigDict(extra="forbid")
    heading: list[str]
    kicker: list[str]
    subtitle: list[str]
    navigation: list[str]


@cache
def html_layout() -> HtmlLayout:
    text = resources.files("zhnews").joinpath("data/html_layout.toml").read_text(encoding="utf-8")
    layout = HtmlLayout.model_validate(tomllib.loads(text))
    return layout.model_copy(update={k: [n.lower() for n in getattr(layout, k)] for k in HtmlLayout.model_fields})


class UndecodablePage(ValueError):
    """A file that is not a readable page; ``str(error)`` is the reason shown in ``rejected_files``."""


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str  # utf-8, gb18030 or big5
    format: str  # text or html


def decode_page(data: bytes, preferred: str | None = None) -> DecodedPage:
    """Decode one landed file.

    >>> decode_page("示范区40家企业复工".encode("gb18030")).encoding
    'gb18030'
    """
    if not data.strip():
        raise UndecodablePage("the file is empty")
    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UndecodablePage("the file is binary (it contains NUL bytes), not a text page")
    text, encoding = _decode_text(data, preferred)
    if _control_share(text) > 0.01:
        raise UndecodablePage(f"decoded as {encoding} the file is mostly control characters: it is not a text page")
    if _HTML.match(data[:2048]):
        return DecodedPage(html_to_text(text), encoding, "html")
    return DecodedPage(text, encoding, "text")


def _decode_text(data: bytes, preferred: str | None) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    for codec in ([_codec(preferred)] if preferred else []) + ["utf_8"]:
        try:
            return data.decode(codec), _label(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    # only GB18030 and Big5 remain: decide by which decoding reads as language
    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5"]).best()
    order = [best.encoding] if best is not None else []
    order += [c for c in ("gb18030", "big5") if c not in order]
    for codec in order:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _CJK.search(text[:5000]) or codec == order[-1]:
            return text, _label(codec)
    raise UndecodablePage("the bytes decode in no supported encoding (UTF-8, GB18030/GBK, Big5)")


def _codec(name: str) -> str:
    return codecs.lookup(name).name


def _label(codec: str) -> str:
    return {"utf_8": "utf-8", "utf-8": "utf-8", "gb18030": "gb18030", "big5": "big5"}.get(codec, codec)


def _control_share(text: str) -> float:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(sample), 1)


def _names(node) -> set[str]:
    """An element's tag, classes and id, lower-cased: what a template's vocabulary is matched against."""
    attributes = node.attributes or {}
    names = {node.tag.lower()} if node.tag and not node.tag.startswith("-") else set()
    names.update((attributes.get("class") or "").lower().split())
    if attributes.get("id"):
        names.add(attributes["id"].lower())
    return names


def _inside_marked(node, marked: set[str]) -> bool:
    """<td class="bt"><founder-title>…: the title is marked once, by its outermost marked element."""
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html"):
        if _names(parent) & marked:
            return True
        parent = parent.parent
    return False


def _mark_navigation(tree, layout: HtmlLayout) -> None:
    """A sidebar of page and title links (版面导航, 标题导航) repeats the titles: its lines are marked for cleaning."""
    def is_navigation(node) -> bool:
        return node.tag == "nav" or any(word in name for name in _names(node) - {node.tag} for word in layout.navigation)

    for node in tree.css("nav, [class], [id]"):
        if node.parent is None or not is_navigation(node):
            continue
        parent, outermost = node.parent, True
        while parent is not None:
            if is_navigation(parent):
                outermost = False
                break
            parent = parent.parent
        if outermost:
            lines = [line.strip() for line in node.text(separator="\n").splitlines() if line.strip()]
            node.replace_with("\n" + "\n".join(NAVIGATION_MARK + line for line in lines) + "\n")


def html_to_text(html: str) -> str:
    """Visible text of an e-paper page, one block element a line; scripts and styles dropped.

    >>> html_to_text("<html><body><p>示范区</p><p>复工</p><script>x()</script></body></html>")
    '示范区\\n复工'
    """
    tree = HTMLParser(html)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    # a heading becomes a "## " line, the page's own statement of where an article starts and what its title is
    for node in tree.css(_HEADINGS):
        if node.text(strip=True):
            node.insert_before("\n## ")
    layout = html_layout()
    _mark_navigation(tree, layout)
    # e-paper templates that mark the title by tag (<founder-title>), class (td.bt, div.title) or id (#Title)
    subtitles, titles = set(layout.subtitle), set(layout.heading) | set(layout.kicker)
    for node in tree.css("*"):
        if node.tag in ("h1", "h2", "h3", "h4", "html", "body"):
            continue
        names = _names(node)
        # the names first: a node's text is its whole subtree's, too dear to ask of every node
        role = "subtitle" if names & subtitles else "title" if names & titles else None
        text = node.text(strip=True) if role else ""
        if not text:
            continue
        if role == "subtitle":
            node.insert_before("\n" if text.startswith("——") else "\n——")
        elif not _inside_marked(node, titles | subtitles):
            node.insert_before("\n## ")
    # <br> inside a paragraph is often the typesetter's line end, even inside a number ("236.<br>5亿元"):
    # it breaks the line only after a full stop, a colon or a closing quote, or before a space
    for node in tree.css("br"):
        node.insert_after(_SOFT_BREAK)
    for node in tree.css(_BLOCKS):
        node.insert_after("\n")
    root = tree.body or tree.root
    text = root.text(separator="") if root is not None else ""
    text = _JOINED_BREAK.sub("", text).replace(_SOFT_BREAK, "\n")
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and line != "##")
