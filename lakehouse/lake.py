"""The Parquet lake: one file per table and publication day, hive-partitioned so other engines read it.

``<root>/<table>/date=YYYY-MM-DD/part.parquet``. Every write goes to a temporary name in the same folder and
is renamed over the old file, so a reader (or a crash) sees the old file or the new one, never half of one.
A day with no rows still gets an (empty) file: re-running a day must replace yesterday's rows with none.
"""
from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import polars as pl

from zhnews.schema import SCHEMAS

UNDATED = "undated"  # partition folder for rejections that belong to no day (misfiled paths)


class LakeError(RuntimeError):
    """A lake file is missing, unreadable or unwritable; the message names the file and what to do."""


class Lake:
    """Tables by day under one root folder.

    >>> lake = Lake(Path("data/lake"))
    >>> lake.path("sentences", date(2020, 2, 17)).as_posix()
    'data/lake/sentences/date=2020-02-17/part.parquet'
    """

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, table: str, day: date | str) -> Path:
        label = day if isinstance(day, str) else day.isoformat()
        return self.root / table / f"date={label}" / "part.parquet"

    def write(self, table: str, frame: pl.DataFrame, day: date | str) -> Path:
        target = self.path(table, day)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".part-", suffix=".parquet", dir=target.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    frame.write_parquet(handle, compression="zstd", statistics=True)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise LakeError(f"cannot write {target}: {error.strerror or error}; check that the lake folder "
                            f"{self.root} is writable and the disk has space") from error
        return target

    def write_days(self, table: str, frame: pl.DataFrame, days: list[date], day_of_doc: pl.DataFrame | None = None,
                   day_column: str = "publication_date") -> list[Path]:
        """Split ``frame`` by day and write one file per day in ``days`` (empty days included).

        Frames without a ``day_column`` are dated through ``day_of_doc`` (doc_id, publication_date).
        """
        if day_column not in frame.columns:
            if day_of_doc is None:
                raise ValueError(f"{table} has no {day_column}: pass day_of_doc")
            dated = frame.join(day_of_doc.select("doc_id", pl.col("publication_date").alias("_day")), on="doc_id", how="left")
        else:
            dated = frame.with_columns(pl.col(day_column).alias("_day"))
        parts = {key[0]: part.drop("_day") for key, part in dated.partition_by("_day", as_dict=True).items()}
        empty = frame.clear()
        return [self.write(table, parts.get(day, empty), day) for day in days]

    def read_days(self, table: str, days: list[date | str]) -> pl.DataFrame:
        """Concatenate the table's files for ``days``; a missing or corrupt file is a LakeError naming it."""
        frames = []
        for day in days:
            path = self.path(table, day)
            if not path.exists():
                raise LakeError(f"{path} is missing: materialise {table} for {day} first")
            try:
                frames.append(pl.read_parquet(path))
            except Exception as error:  # polars raises ComputeError/OSError variants for damaged files
                raise LakeError(f"{path} is corrupt ({type(error).__name__}: {str(error).splitlines()[0]}); "
                                f"re-run {table} for {day} to rewrite it") from error
        if not frames:
            return pl.DataFrame(schema=SCHEMAS[table]) if table in SCHEMAS else pl.DataFrame()
        return pl.concat(frames, how="vertical_relaxed")

    def files(self, table: str, days: list[date | str]) -> list[str]:
        return [str(self.path(table, day)) for day in days if self.path(table, day).exists()]
