"""Faults that must lose nothing: a writer killed mid-load, runs at once, broken inputs."""
from __future__ import annotations

import shutil
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


# --- the whole graph (up to the warehouse) on hostile landings -------------------------------------------------

from dagster import AssetSelection, materialize  # noqa: E402

from pipelines.definitions import ALL_ASSETS  # noqa: E402
from pipelines.resources import default_resources  # noqa: E402

UP_TO_WAREHOUSE = AssetSelection.assets("warehouse").upstream()
DAY = "2020-03-02"
PAGE = ("本报讯（记者王一鸣）截至昨日12时，修武县32家规上工业企业全部复工复产，\n口罩日产能达12.6万个。①5\n\n"
        "修武县企业全部复工\n")


def _landing(tmp_path: Path, files: dict[str, bytes | str]) -> dict:
    root = tmp_path / "landing"
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    (tmp_path / "sources.toml").write_text('[sources.jzrb]\nname = "焦作日报"\nhome_code = "410800"\n', encoding="utf-8")
    return default_resources(landing=root, sources=tmp_path / "sources.toml", db=tmp_path / "w.duckdb")


def _run(resources: dict, day: str = DAY):
    return materialize(ALL_ASSETS, selection=UP_TO_WAREHOUSE, resources=resources, partition_key=day,
                       raise_on_error=False)


def _count(db: Path, table: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_page_that_is_one_line_of_5_mb_goes_through(tmp_path):
    line = "截至昨日12时，修武县32家规上工业企业全部复工复产，口罩日产能达12.6万个。" * 48_500
    assert len(line.encode("utf-8")) > 5_000_000 and "\n" not in line
    resources = _landing(tmp_path, {f"jzrb/{DAY}/p01.txt": line})
    assert _run(resources).success
    assert _count(tmp_path / "w.duckdb", "sentences") == 48_500
    assert _count(tmp_path / "w.duckdb", "quantities") == 97_000
    # the same figure repeated in one article is one fact
    assert _count(tmp_path / "w.duckdb", "indicators") == 2


def test_an_oversized_page_is_rejected_and_the_others_load(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSSTATS_MAX_PAGE_MB", "1")
    resources = _landing(tmp_path, {f"jzrb/{DAY}/p01.txt": PAGE, f"jzrb/{DAY}/p02.txt": b"x" * (50 * 2**20)})
    assert _run(resources).success
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        assert con.execute("SELECT reason FROM rejected_files").fetchall() == [
            ("the file is 50 MiB, over the 1 MiB limit for one page: split it into pages, or raise NEWSSTATS_MAX_PAGE_MB",)]


def test_ten_thousand_files_in_one_day(tmp_path):
    files = {f"jzrb/{DAY}/p{i:05d}.txt": PAGE for i in range(10_000)}
    resources = _landing(tmp_path, files)
    started = time.perf_counter()
    assert _run(resources).success
    assert time.perf_counter() - started < 240
    assert _count(tmp_path / "w.duckdb", "documents") == 10_000
    assert _count(tmp_path / "w.duckdb", "indicators") == 20_000  # 32家 and 12.6万个 on every page


def test_bad_files_never_stop_the_day_and_rows_already_loaded_stay(tmp_path):
    resources = _landing(tmp_path, {f"jzrb/{DAY}/p01.txt": PAGE, "jzrb/2020-03-01/p01.txt": PAGE})
    assert _run(resources, "2020-03-01").success
    (tmp_path / "landing" / f"jzrb/{DAY}/p02.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "landing" / f"jzrb/{DAY}/p03.txt").write_bytes(b"")
    (tmp_path / "landing" / f"zzwb/{DAY}").mkdir(parents=True)
    (tmp_path / "landing" / f"zzwb/{DAY}/p01.txt").write_text(PAGE, encoding="utf-8")
    assert _run(resources).success
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT publication_date::VARCHAR, count(*) FROM documents GROUP BY 1 ORDER BY 1").fetchall() == [
            ("2020-03-01", 1), (DAY, 1)]
        assert sorted(r[0] for r in con.execute("SELECT reason FROM rejected_files").fetchall()) == [
            "the file is binary (it contains NUL bytes), not a text page", "the file is empty",
            "unknown source 'zzwb': add [sources.zzwb] to the sources file"]


def test_a_corrupt_lake_file_fails_the_run_by_name_and_keeps_the_warehouse(tmp_path):
    resources = _landing(tmp_path, {f"jzrb/{DAY}/p01.txt": PAGE})
    assert _run(resources).success
    before = _count(tmp_path / "w.duckdb", "quantities")
    lake = Lake(tmp_path / "lake")
    lake.path("cleaned_pages", date.fromisoformat(DAY)).write_bytes(b"PAR1 garbage")
    result = materialize(ALL_ASSETS, selection=AssetSelection.assets("segments", "mentions", "indicators", "warehouse"),
                         resources=resources, partition_key=DAY, raise_on_error=False)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "cleaned_pages/date=2020-03-02/part.parquet is corrupt" in str(failure.step_failure_data.error)
    assert _count(tmp_path / "w.duckdb", "quantities") == before


def test_an_unwritable_lake_fails_clearly_and_keeps_the_warehouse(tmp_path):
    resources = _landing(tmp_path, {f"jzrb/{DAY}/p01.txt": PAGE})
    assert _run(resources).success
    before = _count(tmp_path / "w.duckdb", "documents")
    shutil.rmtree(tmp_path / "lake")
    (tmp_path / "lake").write_text("a file where the lake folder should be")
    result = _run(resources)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "check that the lake folder" in str(failure.step_failure_data.error)
    assert _count(tmp_path / "w.duckdb", "documents") == before
