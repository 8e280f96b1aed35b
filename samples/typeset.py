"""Typeset the sample articles the way PDF text extraction returns a newspaper page.

The articles are ours (written for the sample, in the style of a local daily's front page); this script only
adds what a PDF extractor does to them: lines cut at a narrow column width in mid-word and mid-number, blank
lines at column breaks (even mid-sentence), spaces around numbers, a letter-spaced line, editor marks and
jump lines at article ends, and each headline block printed AFTER its body. Re-running it rewrites the same
files (the layout is seeded), so the gold in tests/gold/sample stays valid.

    python samples/typeset.py
"""
from __future__ import annotations

import random
import re
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def typeset(article: dict, rng: random.Random, width: int) -> list[str]:
    lines: list[str] = []
    if article.get("byline"):
        lines += article["byline"]
    for p, paragraph in enumerate(article["paragraphs"]):
        text = paragraph
        if p == 0 and article.get("dateline"):
            text = " " + article["dateline"] + " " + text
        # extractors put spaces around numbers set in a different font
        text = re.sub(r"(?<=[\u4e00-\u9fff])(\d[\d.,]*)(?=[\u4e00-\u9fff])",
                      lambda m: f" {m.group(1)} " if rng.random() < 0.4 else m.group(1), text)
        row = []
        for ch in text:
            row.append(ch)
            if len("".join(row).replace(" ", "")) >= width:
                lines.append("".join(row))
                row = []
        if row:
            lines.append("".join(row))
    if article.get("letter_spaced") is not None:
        i = article["letter_spaced"]
        lines[i] = " ".join(lines[i].replace(" ", ""))
    # a column break: a blank line somewhere in the body, often mid-sentence
    if len(lines) > 12:
        at = rng.randrange(6, len(lines) - 3)
        lines.insert(at, "")
    end = article.get("end", "①5")
    lines[-1] = lines[-1] + end
    out = lines
    if article.get("kicker") or article.get("title"):
        out += [""]
        if article.get("kicker"):
            out += [article["kicker"], ""]
        out += article["title"]
        out += [""]
    return out


def main() -> None:
    spec = tomllib.loads((HERE / "articles.toml").read_text(encoding="utf-8"))
    for page in spec["pages"]:
        rng = random.Random(page["file"])
        lines: list[str] = []
        for article in page["articles"]:
            lines += typeset(article, rng, page.get("width", 14))
        text = "\n".join(lines).rstrip("\n") + "\n"
        target = HERE / "landing" / page["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode(page.get("encoding", "utf-8")))


if __name__ == "__main__":
    main()
