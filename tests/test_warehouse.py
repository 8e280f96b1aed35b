"""The lake and the warehouse: atomic files, day loads that replace, one writer, a snapshot for readers."""
from __future__ import annotations

import threading
from datetime import date

import duckdb
import polars as pl
import pytest

from lakehouse.lake import UNDATED, Lake, LakeError
from lakehouse.warehouse import (LAKE_TABLES, WarehouseBusy, ensure_schema, load_days, publish, published_path,
                                 writer_lock)
from zhnews.schema import SCHEMAS, empty, from_rows

DAY = date(2020, 3, 2)
SOURCES = pl.DataFrame({"source": ["jzrb"], "name": ["焦作日报"], "home_code": ["410800"]})
CATALOG = pl.DataFrame({"indicator": ["enterprises_resumed"], "name_zh": ["复工企业数"], "name_en": ["Enterprises resumed"],
                        "unit": ["家"], "period": ["point"], "description": [""]})


def test_ddl_columns_match_the_frame_schemas():
    con = duckdb.connect()
    ensure_schema(con)
    for table in LAKE_TABLES:
        columns = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
        assert columns == list(SCHEMAS[table]), table


def _lake_for_day(lake: Lake, day: date, n_quantities: int) -> None:
    doc = {"doc_id": "jzrb-20200302-p01", "source": "jzrb", "source_name": "焦作日报", "home_code": "410800",
           "source_path": "/landing/jzrb/2020-03-02/p01.txt", "relative_path": "jzrb/2020-03-02/p01.txt",
           "publication_date": day, "page": 1, "encoding": "utf-8", "content_sha256": "0" * 64, "n_chars": 20,
           "raw_text": "修武县32家规上工业企业全部复工复产。"}
    documents = from_rows([doc], "documents")
    lake.write_days("documents", documents, [day])
    quantities = from_rows([{"doc_id": doc["doc_id"], "article_id": 0, "sentence_id": 0, "quantity_id": i,
                             "value": 32.0, "unit": "家", "qualifier": "exact", "surface": "32家"}
                            for i in range(n_quantities)], "quantities")
    for table in LAKE_TABLES:
        if table == "documents":
            continue
        frame = quantities if table == "quantities" else empty(table)
        day_column = "partition_date" if table == "rejected_files" else "publication_date"
        lake.write_days(table, frame, [day], documents, day_column=day_column)
    lake.write("rejected_files", from_rows([{"source_path": "/landing/x.txt", "reason": "outside the layout"}],
                                           "rejected_files"), UNDATED)


def test_loading_a_day_twice_replaces_its_rows(tmp_path):
    lake = Lake(tmp_path / "lake")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    _lake_for_day(lake, DAY, 3)
    first = load_days(con, lake, [DAY], SOURCES, CATALOG)
    assert (first["documents"], first["quantities"], first["rejected_files"], first["sources"]) == (1, 3, 1, 1)
    assert load_days(con, lake, [DAY], SOURCES, CATALOG) == first
    _lake_for_day(lake, DAY, 1)  # the day re-extracted with fewer figures
    assert load_days(con, lake, [DAY], SOURCES, CATALOG)["quantities"] == 1


def test_a_failed_load_leaves_the_warehouse_as_it_was(tmp_path):
    lake = Lake(tmp_path / "lake")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    _lake_for_day(lake, DAY, 3)
    load_days(con, lake, [DAY], SOURCES, CATALOG)
    _lake_for_day(lake, DAY, 5)
    lake.path("indicators", DAY).write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(duckdb.Error):
        load_days(con, lake, [DAY], SOURCES, CATALOG)
    assert con.execute("SELECT count(*) FROM quantities").fetchone()[0] == 3


def test_corrupt_lake_file_is_named_in_the_error(tmp_path):
    lake = Lake(tmp_path)
    lake.write("sentences", empty("sentences"), DAY)
    lake.path("sentences", DAY).write_bytes(b"garbage")
    with pytest.raises(LakeError, match=r"sentences/date=2020-03-02/part.parquet is corrupt .*re-run sentences for 2020-03-02"):
        lake.read_days("sentences", [DAY])
    with pytest.raises(LakeError, match="is missing: materialise articles for 2020-03-02 first"):
        lake.read_days("articles", [DAY])


def test_unwritable_lake_gives_a_clear_error(tmp_path):
    root = tmp_path / "lake"
    root.mkdir()
    root.chmod(0o500)
    try:
        if (root / "probe").touch() is None and (root / "probe").exists():  # running as root: chmod is no barrier
            (root / "probe").unlink()
            root.chmod(0o700)
            root.rmdir()
            root.write_text("a file where the lake folder should be")
        with pytest.raises(LakeError, match="cannot write .*check that the lake folder .* is writable and the disk has space"):
            Lake(root).write("documents", empty("documents"), DAY)
    finally:
        if root.is_dir():
            root.chmod(0o700)


def test_lake_writes_leave_no_temporary_files(tmp_path):
    lake = Lake(tmp_path)
    lake.write_days("term_counts", from_rows([{"doc_id": "d", "publication_date": DAY, "term": "复工", "count": 2}],
                                             "term_counts"), [DAY, date(2020, 3, 3)])
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert names == ["term_counts/date=2020-03-02/part.parquet", "term_counts/date=2020-03-03/part.parquet"]
    assert lake.read_days("term_counts", [date(2020, 3, 3)]).height == 0


def test_second_writer_waits_then_fails_clearly(tmp_path):
    db = tmp_path / "w.duckdb"
    held = threading.Event()
    release = threading.Event()

    def hold():
        with writer_lock(db):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        with pytest.raises(WarehouseBusy, match="another run is writing .*w.duckdb"):
            with writer_lock(db, timeout_s=0.5):
                pass
    finally:
        release.set()
        thread.join()
    with writer_lock(db, timeout_s=0.5):  # free again
        pass


def test_published_snapshot_is_readable_while_the_writer_holds_its_file(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(db))
    ensure_schema(con)
    con.execute("INSERT INTO sources VALUES ('jzrb', '焦作日报', '410800')")
    con.execute("CHECKPOINT")
    snapshot = publish(db)
    assert snapshot == published_path(db) == tmp_path / "published" / "warehouse.duckdb"
    with duckdb.connect(str(snapshot), read_only=True) as reader:  # the writer's connection is still open
        assert reader.execute("SELECT name FROM sources").fetchall() == [("焦作日报",)]
    con.close()


def test_disk_full_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    import errno

    lake = Lake(tmp_path)
    lake.write("term_counts", from_rows([{"doc_id": "d", "publication_date": DAY, "term": "复工", "count": 2}],
                                        "term_counts"), DAY)

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", full)
    with pytest.raises(LakeError, match="cannot write .*No space left on device; check that the lake folder"):
        lake.write("term_counts", empty("term_counts"), DAY)
    monkeypatch.undo()
    assert lake.read_days("term_counts", [DAY])["term"].to_list() == ["复工"]
    assert [p.name for p in lake.path("term_counts", DAY).parent.iterdir()] == ["part.parquet"]
