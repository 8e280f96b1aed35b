"""The DuckDB warehouse: schema from sql/tables.sql, day loads from sql/load.sql, views from sql/views/.

One writer at a time (a lock file beside the database; a second writer waits, then fails with a message);
each load is one transaction, so a crash leaves the warehouse as before or as after, never between. After a
load the database is copied and swapped in atomically as the published snapshot that readers (dashboards,
exports, analysts) open, so a long query never holds the writer's file lock.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Iterator

import duckdb
import polars as pl

from lakehouse.lake import UNDATED, Lake

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
LAKE_TABLES = ("documents", "rejected_files", "articles", "sentences", "term_counts", "quantities",
               "date_mentions", "place_mentions", "indicators")
WAREHOUSE_TABLES = LAKE_TABLES + ("sources", "indicator_catalog")
_SECTION = re.compile(r"^-- name: (\w+)\s*$", re.MULTILINE)
_PARAM = re.compile(r"\$(\w+)")


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse for writing."""


def sql_file(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def named_statements(name: str) -> dict[str, str]:
    """Statements of a .sql file split on ``-- name: x`` markers: ``named_statements("load.sql")["insert_articles"]``."""
    parts = _SECTION.split(sql_file(name))
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> None:
    used = {k: params[k] for k in dict.fromkeys(_PARAM.findall(sql))}
    con.execute(sql, used)


def published_path(db_path: Path) -> Path:
    """Where readers find the last successful load: ``data/published/warehouse.duckdb`` for ``data/warehouse.duckdb``."""
    db_path = Path(db_path)
    return db_path.parent / "published" / db_path.name


@contextlib.contextmanager
def writer_lock(db_path: Path, timeout_s: float = 300.0) -> Iterator[None]:
    """Hold the single-writer lock of ``db_path``; wait up to ``timeout_s``, then raise WarehouseBusy."""
    lock_path = Path(str(db_path) + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(f"another run is writing {db_path} (lock {lock_path} held for over "
                                        f"{timeout_s:.0f} s); try again when it has finished") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql_file("tables.sql"))


def apply_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every view in sql/views/, in file-name order; returns the file names."""
    names = []
    for path in sorted((SQL_DIR / "views").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
        names.append(path.name)
    return names


def load_days(con: duckdb.DuckDBPyConnection, lake: Lake, days: list[date], sources: pl.DataFrame,
              catalog: pl.DataFrame, undated: bool = True) -> dict[str, int]:
    """Replace the rows of ``days`` with what the lake holds for them, in one transaction.

    Returns the number of rows now in each table. ``undated`` also replaces the rejections that belong to no
    day (misfiled paths), which every run re-lists.
    """
    days = sorted(days)
    params: dict[str, object] = {"lo": days[0], "hi": days[-1], "undated": undated}
    for table in LAKE_TABLES:
        labels: list[date | str] = list(days) + ([UNDATED] if table == "rejected_files" and undated else [])
        files = lake.files(table, labels)
        missing = len(days) - len([f for f in files if UNDATED not in f])
        if missing:
            raise FileNotFoundError(f"the lake lacks {table} for {missing} of the {len(days)} days; run its stage first")
        params[table] = files
    ensure_schema(con)
    con.begin()
    try:
        con.register("sources_in", sources.to_arrow())
        con.register("indicator_catalog_in", catalog.to_arrow())
        for sql in named_statements("load.sql").values():
            _run(con, sql, params)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        for name in ("sources_in", "indicator_catalog_in"):
            with contextlib.suppress(Exception):
                con.unregister(name)
    apply_views(con)
    return table_counts(con)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in WAREHOUSE_TABLES}  # noqa: S608 (fixed names)


def publish(db_path: Path) -> Path:
    """Copy the (closed, checkpointed) warehouse and swap the copy in as the published snapshot."""
    db_path = Path(db_path)
    target = published_path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".publish-", suffix=".duckdb", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(db_path, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
