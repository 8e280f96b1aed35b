"""raw_pages: list the landing folder for each day, decode every page, reject what cannot be read."""

from dagster import (AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, AssetExecutionContext,
                     MaterializeResult, MetadataValue, asset)

from assets.partitions import daily_partitions, day_chunks, partition_bounds, rich_metadata, run_days, single_run
from lakehouse.lake import UNDATED
from lakehouse.landing import Rejection, list_day, misfiled, read_pages, rejections_frame
from pipelines.resources import LakeResource, LandingResource


@asset(
    partitions_def=daily_partitions, backfill_policy=single_run, group_name="ingestion", kinds={"parquet"},
    check_specs=[AssetCheckSpec("no_rejected_files", asset="raw_pages",
                                description="Every landed file of the day was decoded into a document.")],
)
def raw_pages(context: AssetExecutionContext, landing: LandingResource, lake: LakeResource):
    """Decoded pages (``documents``) and the files that could not be read (``rejected_files``) per day."""
    days = run_days(context)
    sources = landing.sources()
    store = lake.lake()
    dated: list[Rejection] = []
    n_docs, n_chars, encodings = 0, 0, {}
    for chunk in day_chunks(days):
        files, rejected = [], []
        for day in chunk:
            day_files, day_rejected = list_day(landing.path, day, sources)
            files += day_files
            rejected += day_rejected
        documents, unreadable = read_pages(files, sources)
        rejected += unreadable
        store.write_days("documents", documents, chunk)
        store.write_days("rejected_files", rejections_frame(rejected), chunk, day_column="partition_date")
        dated += rejected
        n_docs += documents.height
        n_chars += int(documents["n_chars"].sum() or 0)
        for key, n in documents.group_by("encoding").len().iter_rows():
            encodings[key] = encodings.get(key, 0) + n
    # misfiled paths belong to no day; every run re-lists them so the warehouse shows the current state
    store.write("rejected_files", rejections_frame(misfiled(landing.path, *partition_bounds())), UNDATED)
    context.log.info(f"progress raw_pages: {n_docs} pages, {len(dated)} rejected, "
                     f"{n_chars:,} characters over {len(days)} day(s)")
    return MaterializeResult(
        metadata={
            "documents": n_docs, "rejected_files": len(dated), "days": len(days), "characters": n_chars,
            **({"encodings": MetadataValue.json(encodings), "rejections": MetadataValue.md(_rejections_md(dated))}
               if rich_metadata(context) else {}),
        },
        check_results=[AssetCheckResult(
            check_name="no_rejected_files", passed=not dated, severity=AssetCheckSeverity.WARN,
            metadata={"rejected": len(dated), "first": dated[0].reason if dated else ""})],
    )


def _rejections_md(rejected: list[Rejection]) -> str:
    if not rejected:
        return "none"
    rows = "\n".join(f"| {r.source_path} | {r.reason} |" for r in rejected[:50])
    return f"| file | reason |\n| --- | --- |\n{rows}"
