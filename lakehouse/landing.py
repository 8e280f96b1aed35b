"""The landing folder: ``<root>/<source>/<YYYY-MM-DD>/<page file>``, one newspaper issue a day.

Listing a day never reads outside the root: symlinks that leave it and files that do not fit the layout
become rejections with a reason, as do unknown sources, empty, binary and undecodable files.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from lakehouse.sources import Source
from zhnews.decoding import UndecodablePage, decode_page
from zhnews.schema import from_rows

DAY_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PAGE_FILE = re.compile(r"\.(txt|text|md|html?|xhtml)$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"(?:^|[^a-z])(?:p|page|pg)[_-]?0*(\d{1,3})(?!\d)|^[a-z]?0*(\d{1,3})版", re.IGNORECASE)
DEFAULT_MAX_PAGE_MB = 16  # a printed page is ~20 KB of text; 16 MB is an archive dumped into one file


def max_page_bytes() -> int:
    """The largest file accepted as one page (``NEWSSTATS_MAX_PAGE_MB``, default 16)."""
    return int(float(os.environ.get("NEWSSTATS_MAX_PAGE_MB", DEFAULT_MAX_PAGE_MB)) * 1024 * 1024)


@dataclass(frozen=True)
class LandedFile:
    path: Path  # absolute
    relative: str  # posix path under the root
    source: str
    day: date


@dataclass(frozen=True)
class Rejection:
    source_path: str
    reason: str
    day: date | None


def parse_day(name: str) -> date | None:
    """``parse_day("2020-02-17") == date(2020, 2, 17)``; anything else (``"2020-02-30"``, ``"latest"``) is None."""
    if not DAY_DIR.match(name):
        return None
    try:
        return date.fromisoformat(name)
    except ValueError:
        return None


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root)
        return True
    except (ValueError, OSError):
        return False


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []


def landed_days(root: Path) -> list[date]:
    """Every day that has a folder under some source, sorted: what ``run --input DIR`` with no dates covers."""
    root = Path(root).resolve()
    days = {parse_day(d.name) for s in _entries(root) if s.is_dir() for d in _entries(Path(s.path)) if d.is_dir()}
    return sorted(d for d in days if d is not None)


def list_day(root: Path, day: date, sources: dict[str, Source]) -> tuple[list[LandedFile], list[Rejection]]:
    """The page files of one day across all sources, and the files of that day that cannot be pages."""
    root = Path(root).resolve()
    files: list[LandedFile] = []
    rejected: list[Rejection] = []
    for source_dir in _entries(root):
        folder = Path(source_dir.path) / day.isoformat()
        if not source_dir.is_dir() or not folder.is_dir():
            continue
        for entry in _entries(folder):
            path = Path(entry.path)
            relative = f"{source_dir.name}/{day.isoformat()}/{entry.name}"
            reason = None
            if not _inside(root, path):
                reason = "the path leads outside the landing folder (a symbolic link?); it is not read"
            elif entry.is_dir():
                reason = "a folder inside a day folder: pages must lie directly in <source>/<YYYY-MM-DD>/"
            elif entry.name.startswith("."):
                continue  # editor swap files and .DS_Store are not pages and not news
            elif not PAGE_FILE.search(entry.name):
                reason = "not a page file: expected .txt, .md or .html"
            elif source_dir.name not in sources:
                reason = (f"unknown source {source_dir.name!r}: add [sources.{source_dir.name}] to the sources file"
                          if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", source_dir.name) else
                          f"unknown source {source_dir.name!r}: source folders are lower-case ids from the sources file")
            if reason:
                rejected.append(Rejection(str(path), reason, day))
            else:
                files.append(LandedFile(path, relative, source_dir.name, day))
    return files, rejected


def misfiled(root: Path, first_day: date | None = None, last_day: date | None = None) -> list[Rejection]:
    """Files that fit no day: pages at the top or directly in a source folder, folders that are not dates,
    and day folders outside the partitions [first_day, last_day].

    Only the top two levels are listed, so this stays cheap however many days the archive holds.
    """
    root = Path(root).resolve()
    rejected = []
    for top in _entries(root):
        if top.name.startswith("."):
            continue
        if not top.is_dir():
            rejected.append(Rejection(top.path, "outside the layout <source>/<YYYY-MM-DD>/<page>: no source, no date", None))
            continue
        for child in _entries(Path(top.path)):
            if child.name.startswith("."):
                continue
            if not child.is_dir():
                rejected.append(Rejection(child.path, "outside the layout: a page must lie in a <YYYY-MM-DD> folder", None))
            elif parse_day(child.name) is None:
                rejected.append(Rejection(child.path, f"folder {child.name!r} is not a date (YYYY-MM-DD): its pages have no publication date", None))
            elif first_day and parse_day(child.name) < first_day:
                rejected.append(Rejection(child.path, f"day {child.name} is before the first partition {first_day}: "
                                                      "set NEWSSTATS_PARTITIONS_START earlier to load it", None))
            elif last_day and parse_day(child.name) > last_day:
                rejected.append(Rejection(child.path, f"day {child.name} is after the last partition {last_day}: "
                                                      "a page cannot be published in the future", None))
    return rejected


def page_from_file_name(file_name: str) -> int | None:
    """Page number from the file name: ``p03.txt`` -> 3, ``A01版.txt`` -> 1; None when the name does not say."""
    match = _PAGE_NUMBER.search(Path(file_name).stem)
    if not match:
        return None
    return int(match.group(1) or match.group(2))


def doc_id_for(landed: LandedFile) -> str:
    """A readable id stable across re-runs: ``jzrb-20200217-p01``."""
    stem = re.sub(r"[^\w.-]+", "_", Path(landed.relative).stem)
    return f"{landed.source}-{landed.day:%Y%m%d}-{stem}"


def read_pages(files: list[LandedFile], sources: dict[str, Source]) -> tuple[pl.DataFrame, list[Rejection]]:
    """Decode landed files into a ``documents`` frame; every file that cannot be read becomes a rejection."""
    rows, rejected = [], []
    for landed in files:
        try:
            size, limit = landed.path.stat().st_size, max_page_bytes()
            if size > limit:
                raise UndecodablePage(f"the file is {size / 2**20:.0f} MiB, over the {limit / 2**20:.0f} MiB limit for one "
                                      "page: split it into pages, or raise NEWSSTATS_MAX_PAGE_MB")
            data = landed.path.read_bytes()
            source = sources[landed.source]
            page = decode_page(data, preferred=source.encoding)
        except FileNotFoundError:
            rejected.append(Rejection(str(landed.path), "the file disappeared between listing and reading", landed.day))
            continue
        except PermissionError:
            rejected.append(Rejection(str(landed.path), "the file cannot be read: permission denied", landed.day))
            continue
        except UndecodablePage as error:
            rejected.append(Rejection(str(landed.path), str(error), landed.day))
            continue
        rows.append({
            "doc_id": doc_id_for(landed), "source": landed.source, "source_name": source.name,
            "home_code": source.home_code, "source_path": str(landed.path), "relative_path": landed.relative,
            "publication_date": landed.day, "page": page_from_file_name(landed.path.name), "encoding": page.encoding,
            "content_sha256": hashlib.sha256(data).hexdigest(), "n_chars": len(page.text), "raw_text": page.text,
        })
    return from_rows(rows, "documents"), rejected


def rejections_frame(rejected: list[Rejection]) -> pl.DataFrame:
    return from_rows([{"source_path": r.source_path, "reason": r.reason, "partition_date": r.day}
                      for r in rejected], "rejected_files")


def _digest(items) -> str:
    return hashlib.sha256("\n".join(items).encode()).hexdigest()[:16]


def changed_days(root: Path, previous: dict[str, list[str]], first: date | None = None,
                 last: date | None = None) -> tuple[list[date], dict[str, list[str]]]:
    """Days whose files are new or changed since ``previous``, and the new state to remember.

    State per day is ``[stat digest, content digest]``: a day whose names, sizes and mtimes are unchanged is not
    read again; a day whose stat changed is hashed, and it counts as changed only if its content did (a touched
    but identical file does not start a run).
    """
    root = Path(root).resolve()
    state: dict[str, list[str]] = {}
    changed: list[date] = []
    for day in landed_days(root):
        if (first and day < first) or (last and day > last):
            continue
        key = day.isoformat()
        paths = sorted(p for s in _entries(root) if s.is_dir()
                       for p in (Path(s.path) / key).glob("*") if p.is_file())
        try:
            stats = _digest(f"{p.relative_to(root)}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in paths)
        except FileNotFoundError:
            continue  # a file vanished while listing: the next tick sees the settled day
        old = previous.get(key)
        if old and old[0] == stats:
            state[key] = old
            continue
        try:
            content = _digest(f"{p.relative_to(root)}:{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in paths)
        except FileNotFoundError:
            continue
        state[key] = [stats, content]
        if not old or old[1] != content:
            changed.append(day)
    return changed, state
