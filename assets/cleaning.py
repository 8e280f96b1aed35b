"""cleaned_pages: PDF layout undone, marks stripped, jump lines parsed, traditional -> simplified."""

from dagster import AssetExecutionContext, MaterializeResult, asset

from assets.partitions import daily_partitions, run_days, single_run
from pipelines.resources import LakeResource
from zhnews.cleaning import clean_pages


@asset(partitions_def=daily_partitions, backfill_policy=single_run, group_name="text", kinds={"parquet"},
       deps=["raw_pages"])
def cleaned_pages(context: AssetExecutionContext, lake: LakeResource) -> MaterializeResult:
    """Cleaned text of every page with its offset map into the raw text, jump links and dropped lines."""
    days = run_days(context)
    store = lake.lake()
    documents = store.read_days("documents", days)
    cleaned = clean_pages(documents)
    store.write_days("cleaned_pages", cleaned, days, documents)
    dropped = int(cleaned["dropped"].list.len().sum() or 0)
    jumps = int(cleaned["jumps"].list.len().sum() or 0)
    context.log.info(f"progress cleaned_pages: {cleaned.height} pages, {jumps} jump lines, {dropped} lines dropped")
    return MaterializeResult(metadata={
        "pages": cleaned.height, "jump_lines": jumps, "dropped_lines": dropped,
        "traditional_pages": int((cleaned["script"] == "traditional").sum()),
    })
