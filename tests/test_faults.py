"""Faults that must lose nothing: a writer killed mid-load, runs at once, broken inputs."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl

from lakehouse.lake import Lake
from lakehouse.warehouse import LAKE_TABLES
from zhnews.schema import empty

ROOT = Path(__file__).resolve().parent.parent
FIRST = date(2020, 1, 1)

LOADER = textwrap.dedent("""
    import sys
    from datetime import date, timedelta
    from pathlib import Path
    import duckdb, polars as pl
    sys.path.insert(0, {root!r})
    from lakehouse.lake import Lake
    from lakehouse.warehouse import load_days, writer_lock
    lake, db, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    days = [date(2020, 1, 1) + timedelta(days=i) for i in range(n)]
    sources = pl.DataFrame({{"source": ["jzrb"], "name": ["焦作日报"], "home_code": ["410800"]}})
    catalog = pl.DataFrame({{"indicator": ["x"], "name_zh": ["x"], "name_en": ["x"], "unit": ["家"],
                            "period": ["point"], "description": [""]}})
    with writer_lock(Path(db)):
        con = duckdb.connect(db)
        print("loading", flush=True)
        load_days(con, Lake(lake), days, sources, catalog)
        con.close()
    print("done", flush=True)
""")


def _build_lake(root: Path, days: int, sentences_per_day: int, tag: str) -> None:
    lake = Lake(root)
    all_days = [FIRST + timedelta(days=i) for i in range(days)]
    docs = pl.DataFrame({
        "doc_id": [f"jzrb-{d:%Y%m%d}-p01" for d in all_days], "source": "jzrb", "source_name": "焦作日报",
        "home_code": "410800", "source_path": [f"/l/jzrb/{d}/p01.txt" for d in all_days],
        "relative_path": [f"jzrb/{d}/p01.txt" for d in all_days], "publication_date": all_days, "page": 1,
        "encoding": "utf-8", "content_sha256": tag, "n_chars": 10, "raw_text": "示范区企业复工复产。"},
    ).cast({"page": pl.Int32})
    lake.write_days("documents", docs, all_days)
    n = days * sentences_per_day
    sentences = pl.DataFrame({
        "doc_id": [f"jzrb-{FIRST + timedelta(days=i // sentences_per_day):%Y%m%d}-p01" for i in range(n)],
        "article_id": 0, "sentence_id": [i % sentences_per_day for i in range(n)],
        "text": f"{tag}示范区40家重点工业企业全部复工复产。" * 4, "is_headline": False,
        "clean_start": 0, "clean_end": 10, "raw_start": 0, "raw_end": 10}).cast(
        {"article_id": pl.Int32, "sentence_id": pl.Int32, "clean_start": pl.Int32, "clean_end": pl.Int32,
         "raw_start": pl.Int32, "raw_end": pl.Int32})
    lake.write_days("sentences", sentences, all_days, docs)
    for table in LAKE_TABLES:
        if table not in ("documents", "sentences"):
            day_column = "partition_date" if table == "rejected_files" else "publication_date"
            lake.write_days(table, empty(table), all_days, docs, day_column=day_column)


def _load(lake: Path, db: Path, days: int) -> subprocess.Popen:
    script = LOADER.format(root=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", script, str(lake), str(db), str(days)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _state(db: Path) -> tuple[int, set[str]]:
    with duckdb.connect(str(db)) as con:
        count = con.execute("SELECT count(*) FROM sentences").fetchone()[0]
        tags = {row[0][:6] for row in con.execute("SELECT DISTINCT text FROM sentences").fetchall()}
    return count, tags


def test_kill_9_during_the_load_leaves_before_or_after_never_between(tmp_path):
    days, per_day = 60, 5000
    db = tmp_path / "warehouse.duckdb"
    _build_lake(tmp_path / "lake", days, per_day, "before")
    assert _load(tmp_path / "lake", db, days).wait(120) == 0
    assert _state(db) == (days * per_day, {"before"})
    _build_lake(tmp_path / "lake", days, per_day, "after_")
    outcomes = set()
    for delay in (0.05, 0.15, 0.3, 0.6, 1.0, 2.0):
        proc = _load(tmp_path / "lake", db, days)
        assert proc.stdout.readline().strip() == "loading"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        count, tags = _state(db)
        assert count == days * per_day and len(tags) == 1, (delay, count, tags)
        outcomes |= tags
        print("killed after", delay, "s: warehouse holds", tags)
        if tags == {"after_"}:
            break
    assert outcomes <= {"before", "after_"}
    assert _load(tmp_path / "lake", db, days).wait(120) == 0  # and a later run completes the change
    assert _state(db) == (days * per_day, {"after_"})


def test_two_writers_at_once_wait_for_each_other(tmp_path):
    days = 30
    db = tmp_path / "warehouse.duckdb"
    _build_lake(tmp_path / "lake", days, 500, "twice_")
    first, second = _load(tmp_path / "lake", db, days), _load(tmp_path / "lake", db, days)
    assert (first.wait(120), second.wait(120)) == (0, 0), second.stderr.read()
    assert _state(db) == (days * 500, {"twice_"})
