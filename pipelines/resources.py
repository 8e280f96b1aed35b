"""Resources: where pages land, where the lake and the warehouse live.

Relative paths are taken from the project root, so `dagster dev` and the CLI behave the same from any
working directory. Defaults run the built-in sample; environment variables point them elsewhere.
"""
from __future__ import annotations

import os
from pathlib import Path

import polars as pl
from dagster import ConfigurableResource
from dagster_duckdb import DuckDBResource

from lakehouse.lake import Lake
from lakehouse.sources import Source, load_sources

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LANDING = PROJECT_ROOT / "samples" / "landing"
DEFAULT_SOURCES = PROJECT_ROOT / "samples" / "sources.toml"
DEFAULT_LAKE = PROJECT_ROOT / "data" / "lake"
DEFAULT_DB = PROJECT_ROOT / "data" / "warehouse.duckdb"
DEFAULT_OUT = PROJECT_ROOT / "data"


def project_path(value: str | os.PathLike) -> Path:
    """``project_path("data/lake")`` is the lake under the project root; absolute paths stay as they are."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path)


class LandingResource(ConfigurableResource):
    """The landing folder (``<root>/<source>/<YYYY-MM-DD>/<page>``) and the sources file that names its sources."""

    root: str = str(DEFAULT_LANDING)
    sources_file: str = str(DEFAULT_SOURCES)

    @property
    def path(self) -> Path:
        return project_path(self.root).resolve()

    def sources(self) -> dict[str, Source]:
        return load_sources(project_path(self.sources_file))

    def sources_frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            [{"source": key, "name": s.name, "home_code": s.home_code} for key, s in self.sources().items()],
            schema={"source": pl.String, "name": pl.String, "home_code": pl.String}, orient="row")


class LakeResource(ConfigurableResource):
    """The Parquet lake, hive-partitioned by day."""

    root: str = str(DEFAULT_LAKE)

    def lake(self) -> Lake:
        return Lake(project_path(self.root))


class OutputsResource(ConfigurableResource):
    """Where the feeds export and the dashboard file are written."""

    root: str = str(DEFAULT_OUT)

    @property
    def path(self) -> Path:
        return project_path(self.root)


def default_resources(landing: Path | None = None, sources: Path | None = None, lake: Path | None = None,
                      db: Path | None = None, out: Path | None = None) -> dict:
    """The resources of a run; every path may be overridden (the CLI and the tests do)."""
    env = os.environ.get
    db_path = project_path(db or env("NEWSSTATS_DB", str(DEFAULT_DB)))
    return {
        "landing": LandingResource(root=str(landing or env("NEWSSTATS_LANDING", str(DEFAULT_LANDING))),
                                   sources_file=str(sources or env("NEWSSTATS_SOURCES", str(DEFAULT_SOURCES)))),
        "lake": LakeResource(root=str(lake or env("NEWSSTATS_LAKE", str(db_path.parent / "lake")))),
        "duckdb": DuckDBResource(database=str(db_path)),
        "outputs": OutputsResource(root=str(out or env("NEWSSTATS_OUT", str(db_path.parent)))),
    }
