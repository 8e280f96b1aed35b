"""mentions: quantities, dates and places in every sentence, and each quantity's district and day."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from assets.partitions import daily_partitions, day_chunks, rich_metadata, run_days, single_run
from pipelines.resources import LakeResource
from zhnews.attribution import attribute_quantities
from zhnews.dates import resolve_dates
from zhnews.places import find_places
from zhnews.quantities import extract_quantities


@asset(partitions_def=daily_partitions, backfill_policy=single_run, group_name="extraction", kinds={"parquet"},
       deps=["segments"])
def mentions(context: AssetExecutionContext, lake: LakeResource) -> MaterializeResult:
    """``quantities`` (attributed to a district and a day), ``date_mentions`` and ``place_mentions`` per day."""
    store = lake.lake()
    totals = {"quantities": 0, "date_mentions": 0, "place_mentions": 0}
    units: dict[str, int] = {}
    date_rules: dict[str, int] = {}
    place_rules: dict[str, int] = {}
    for days in day_chunks(run_days(context)):
        documents = store.read_days("documents", days)
        cleaned = store.read_days("cleaned_pages", days)
        articles = store.read_days("articles", days)
        sentences = store.read_days("sentences", days)
        dates = resolve_dates(sentences, documents, cleaned)
        places = find_places(sentences, articles, documents, cleaned)
        quantities = attribute_quantities(extract_quantities(sentences, cleaned), sentences, articles, documents,
                                          dates, places)
        store.write_days("quantities", quantities, days, documents)
        store.write_days("date_mentions", dates, days, documents)
        store.write_days("place_mentions", places, days, documents)
        for name, frame in (("quantities", quantities), ("date_mentions", dates), ("place_mentions", places)):
            totals[name] += frame.height
        for tally, frame, column in ((units, quantities, "unit"), (date_rules, dates, "rule"),
                                     (place_rules, quantities, "place_rule")):
            for key, n in frame.group_by(column).len().drop_nulls().iter_rows():
                tally[key] = tally.get(key, 0) + n
    context.log.info(f"progress mentions: {totals['quantities']} quantities, {totals['date_mentions']} dates, "
                     f"{totals['place_mentions']} places")
    return MaterializeResult(metadata={**totals, **({
        "units": MetadataValue.json(dict(sorted(units.items(), key=lambda kv: -kv[1])[:15])),
        "date_rules": MetadataValue.json(date_rules), "place_rules": MetadataValue.json(place_rules),
    } if rich_metadata(context) else {})})
