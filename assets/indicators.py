"""indicators: recovery statistics by district and day, audited by asset checks before the warehouse load."""

from dagster import (AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, AssetExecutionContext,
                     MaterializeResult, MetadataValue, asset)

from assets.partitions import daily_partitions, day_chunks, rich_metadata, run_days, single_run
from pipelines.resources import LakeResource
from zhnews.gazetteer import known_codes
from zhnews.indicators import audit_indicators, derive_indicators

CHECKS = {
    "district_code_exists": "Every row's district code is a known administrative or zone code.",
    "date_within_range": "as_of_date lies between 400 days before and 1 day after publication.",
    "rate_within_0_100": "Rates (unit %) lie within 0-100.",
    "one_fact_per_span": "No two facts come from the same raw span.",
    "span_inside_document": "Every provenance span lies inside its document.",
}


@asset(partitions_def=daily_partitions, backfill_policy=single_run, group_name="indicators", kinds={"parquet"},
       deps=["mentions"],
       check_specs=[AssetCheckSpec(name, asset="indicators", description=text) for name, text in CHECKS.items()])
def indicators(context: AssetExecutionContext, lake: LakeResource) -> MaterializeResult:
    """One row per statistic: district, day, indicator, value, unit, and the sentence it was read from."""
    store = lake.lake()
    codes = known_codes()
    n_facts, failing, by_indicator, preview = 0, {name: 0 for name in CHECKS}, {}, None
    for days in day_chunks(run_days(context)):
        documents = store.read_days("documents", days)
        facts = derive_indicators(store.read_days("quantities", days), store.read_days("sentences", days), documents)
        store.write_days("indicators", facts, days)
        for name, frame in audit_indicators(facts, documents, codes).items():
            failing[name] += frame.height
        for key, n in facts.group_by("indicator").len().iter_rows():
            by_indicator[key] = by_indicator.get(key, 0) + n
        n_facts += facts.height
        preview = facts if preview is None or preview.height == 0 else preview
    context.log.info(f"progress indicators: {n_facts} facts, {sum(1 for n in failing.values() if n)} failed checks")
    return MaterializeResult(
        metadata={"facts": n_facts, **({"by_indicator": MetadataValue.json(by_indicator),
                                         "preview": MetadataValue.md(_preview(preview))} if rich_metadata(context) else {})},
        check_results=[
            AssetCheckResult(check_name=name, passed=failing[name] == 0, severity=AssetCheckSeverity.ERROR,
                             metadata={"failing_rows": failing[name]})
            for name in CHECKS])


def _preview(facts) -> str:
    if facts is None:
        return "no facts"
    head = facts.select("district_name", "indicator", "as_of_date", "value", "unit").head(15)
    rows = "\n".join("| " + " | ".join(str(v) for v in row) + " |" for row in head.iter_rows())
    return "| district | indicator | as of | value | unit |\n| --- | --- | --- | --- | --- |\n" + rows
