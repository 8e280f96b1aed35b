"""Export every feed view as Parquet, CSV and JSON, read from a (published) warehouse opened read-only."""
from __future__ import annotations

from pathlib import Path

import duckdb

FEEDS = ("feed_latest_values", "feed_daily_series", "feed_resumption_league", "feed_coverage")


def export_feeds(db_path: Path, out_dir: Path) -> list[Path]:
    """Write ``<out_dir>/<feed>.parquet|csv|json`` for every feed; returns the files written.

    Files are written inside ``out_dir`` only (feed names are fixed), each to a temporary name then renamed.
    """
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with duckdb.connect(str(db_path), read_only=True) as con:
        for feed in FEEDS:
            frame = con.sql(f"SELECT * FROM {feed}").pl()  # noqa: S608 (fixed view names)
            for suffix, write in (("parquet", frame.write_parquet), ("csv", _csv(frame)), ("json", _json(frame))):
                target = (out_dir / f"{feed}.{suffix}").resolve()
                if target.parent != out_dir:
                    raise ValueError(f"{target} is outside {out_dir}")
                tmp = target.with_name(f".{target.name}.tmp")
                write(tmp)
                tmp.replace(target)
                written.append(target)
    return written


def _csv(frame):
    """CSV has no lists: a list column becomes its items joined by ';'."""
    import polars as pl

    flat = frame.with_columns([pl.col(c).list.eval(pl.element().cast(pl.String)).list.join(";")
                               for c, t in frame.schema.items() if isinstance(t, pl.List)])
    return flat.write_csv


def _json(frame):
    return frame.write_json
