"""From the bytes of a landed file to page text: encoding detection, binary and empty-file rejection, HTML text.

Pages arrive as UTF-8, GB18030/GBK or Big5 text extracted from PDF, or as e-paper HTML. UTF-8 is tried first
(it is strict, so a GB or Big5 page never passes as UTF-8); otherwise charset-normalizer, limited to the
Chinese encodings we accept, picks the one whose decoding reads most like language.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser as HTMLParser

SUPPORTED = ("utf_8", "gb18030", "big5")
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_BLOCKS = "p, div, br, h1, h2, h3, h4, h5, h6, li, tr, td, section, article, header, footer, nav, title"
_HEADINGS = "h1, h2, h3, h4"
_CJK = re.compile(r"[\u3400-\u9fff]")


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
    # e-paper templates that style a div as the title: class "title" is a heading, "subtitle" its 副题
    for node in tree.css("[class]"):
        classes = (node.attributes.get("class") or "").split()
        text = node.text(strip=True)
        if not text or node.tag in ("h1", "h2", "h3", "h4"):
            continue
        if any(c in ("subtitle", "sub-title", "subhead", "fubiaoti") for c in classes):
            node.insert_before("\n" if text.startswith("——") else "\n——")
        elif any(c in ("title", "headline", "art-title", "biaoti", "zhuti") for c in classes):
            node.insert_before("\n## ")
    for node in tree.css(_BLOCKS):
        node.insert_after("\n")
    root = tree.body or tree.root
    text = root.text(separator="") if root is not None else ""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and line != "##")
