"""cleaned_pages: PDF layout undone, marks stripped, jump lines parsed, traditional -> simplified."""

from dagster import AssetExecutionContext, MaterializeResult, asset

from assets.partitions import daily_partitions, day_chunks, run_days, single_run
from pipelines.resources import LakeResource
from zhnews.cleaning import clean_pages


@asset(partitions_def=daily_partitions, backfill_policy=single_run, group_name="text", kinds={"parquet"},
       deps=["raw_pages"])
def cleaned_pages(context: AssetExecutionContext, lake: LakeResource) -> MaterializeResult:
    """Cleaned text of every page with its offset map into the raw text, jump links and dropped lines."""
    store = lake.lake()
    pages = jumps = dropped = traditional = 0
    for days in day_chunks(run_days(context)):
        documents = store.read_days("documents", days)
        cleaned = clean_pages(documents)
        store.write_days("cleaned_pages", cleaned, days, documents)
        pages += cleaned.height
        dropped += int(cleaned["dropped"].list.len().sum() or 0)
        jumps += int(cleaned["jumps"].list.len().sum() or 0)
        traditional += int((cleaned["script"] == "traditional").sum())
    context.log.info(f"progress cleaned_pages: {pages} pages, {jumps} jump lines, {dropped} lines dropped")
    return MaterializeResult(metadata={"pages": pages, "jump_lines": jumps, "dropped_lines": dropped,
                                       "traditional_pages": traditional})
