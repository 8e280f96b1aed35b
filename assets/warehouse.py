"""warehouse: the lake's days loaded into DuckDB in one transaction, then published for readers."""

from pathlib import Path

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset
from dagster_duckdb import DuckDBResource

from assets.partitions import daily_partitions, rich_metadata, run_days, single_run
from lakehouse.warehouse import load_days, publish, writer_lock
from pipelines.resources import LakeResource, LandingResource
from zhnews.indicators import catalog_frame


@asset(partitions_def=daily_partitions, backfill_policy=single_run, group_name="warehouse", kinds={"duckdb"},
       deps=["raw_pages", "segments", "mentions", "indicators"], pool="duckdb_writer")
def warehouse(context: AssetExecutionContext, lake: LakeResource, landing: LandingResource,
              duckdb: DuckDBResource) -> MaterializeResult:
    """Replace the run's days in the DuckDB warehouse and publish a read-only snapshot."""
    days = run_days(context)
    db_path = Path(duckdb.database)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(db_path):
        with duckdb.get_connection() as con:
            counts = load_days(con, lake.lake(), days, landing.sources_frame(), catalog_frame())
            con.execute("CHECKPOINT")
        snapshot = publish(db_path)
    context.log.info(f"progress warehouse: {db_path} ({counts['documents']} documents, "
                     f"{counts['indicators']} indicators in all); readers: {snapshot}")
    return MaterializeResult(metadata={
        "path": MetadataValue.path(str(db_path)), "published": MetadataValue.path(str(snapshot)),
        **({"rows": MetadataValue.json(counts)} if rich_metadata(context) else {}),
        **{f"rows_{k}": v for k, v in counts.items() if k in ("documents", "indicators", "rejected_files")},
    })
