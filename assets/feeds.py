"""feeds and dashboard: what readers get, always built from the published snapshot, never the writer's file."""

from pathlib import Path

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset
from dagster_duckdb import DuckDBResource

from lakehouse.export import export_feeds
from lakehouse.warehouse import published_path
from pipelines.resources import OutputsResource


@asset(group_name="feeds", kinds={"parquet", "csv", "json"}, deps=["warehouse"])
def feeds(context: AssetExecutionContext, duckdb: DuckDBResource, outputs: OutputsResource) -> MaterializeResult:
    """Every feed view exported as Parquet, CSV and JSON for dashboards and spreadsheets."""
    written = export_feeds(published_path(Path(duckdb.database)), outputs.path / "feeds")
    context.log.info(f"progress feeds: {len(written)} files in {outputs.path / 'feeds'}")
    return MaterializeResult(metadata={"files": len(written), "folder": MetadataValue.path(str(outputs.path / "feeds"))})


@asset(group_name="feeds", kinds={"html"}, deps=["feeds"])
def dashboard(context: AssetExecutionContext, duckdb: DuckDBResource, outputs: OutputsResource) -> MaterializeResult:
    """One self-contained HTML page: charts by district over time, the resumption league, latest facts."""
    from dashboard.build import build_dashboard  # the charting stack loads only when the page is built

    target = outputs.path / "dashboard.html"
    summary = build_dashboard(published_path(Path(duckdb.database)), target)
    context.log.info(f"progress dashboard: {target}")
    return MaterializeResult(metadata={"path": MetadataValue.path(str(target)), "bytes": target.stat().st_size,
                                       "summary": MetadataValue.json(_jsonable(summary))})


def _jsonable(summary: dict) -> dict:
    return {key: str(value) if isinstance(value, Path) else value for key, value in dict(summary).items()}
