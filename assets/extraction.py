"""mentions: quantities, dates and places in every sentence, and each quantity's district and day."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from assets.partitions import daily_partitions, run_days, single_run
from pipelines.resources import LakeResource
from zhnews.attribution import attribute_quantities
from zhnews.dates import resolve_dates
from zhnews.places import find_places
from zhnews.quantities import extract_quantities


@asset(partitions_def=daily_partitions, backfill_policy=single_run, group_name="extraction", kinds={"parquet"},
       deps=["segments"])
def mentions(context: AssetExecutionContext, lake: LakeResource) -> MaterializeResult:
    """``quantities`` (attributed to a district and a day), ``date_mentions`` and ``place_mentions`` per day."""
    days = run_days(context)
    store = lake.lake()
    documents = store.read_days("documents", days)
    cleaned = store.read_days("cleaned_pages", days)
    articles = store.read_days("articles", days)
    sentences = store.read_days("sentences", days)
    dates = resolve_dates(sentences, documents)
    places = find_places(sentences, articles, documents)
    quantities = attribute_quantities(extract_quantities(sentences, cleaned), sentences, articles, documents,
                                      dates, places)
    store.write_days("quantities", quantities, days, documents)
    store.write_days("date_mentions", dates, days, documents)
    store.write_days("place_mentions", places, days, documents)
    context.log.info(f"progress mentions: {quantities.height} quantities, {dates.height} dates, "
                     f"{places.height} places")
    return MaterializeResult(metadata={
        "quantities": quantities.height, "date_mentions": dates.height, "place_mentions": places.height,
        "units": MetadataValue.json(dict(quantities.group_by("unit").len().sort("len", descending=True)
                                         .head(15).iter_rows())),
        "date_rules": MetadataValue.json(dict(dates.group_by("rule").len().iter_rows())),
        "place_rules": MetadataValue.json(dict(quantities.group_by("place_rule").len().drop_nulls().iter_rows())),
    })
