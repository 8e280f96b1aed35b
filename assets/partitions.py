"""Daily partitions: one partition is one day's issue of every source.

The first day is configurable (``NEWSSTATS_PARTITIONS_START``, default 2000-01-01) because archives go back
before 2020; a page dated outside the partitions is rejected with a reason, never dropped silently.
"""

import os
import warnings
from datetime import date

from dagster import AssetExecutionContext, BackfillPolicy, BetaWarning, DailyPartitionsDefinition

# single-run backfill policies are the point of this design, not an accident: say so once, not per asset
warnings.filterwarnings("ignore", category=BetaWarning, message=".*backfill_policy.*")

PARTITIONS_START = os.environ.get("NEWSSTATS_PARTITIONS_START", "2000-01-01")
TIMEZONE = "Asia/Shanghai"

# end_offset=1: today's issue is printed in the morning, so today is a partition already
daily_partitions = DailyPartitionsDefinition(start_date=PARTITIONS_START, timezone=TIMEZONE, end_offset=1)
# a 1,000-day backfill is one run, not 1,000 run start-ups
single_run = BackfillPolicy.single_run()


def run_days(context: AssetExecutionContext) -> list[date]:
    """The publication days this run covers, in order (one for a daily run, many for a backfill)."""
    return [date.fromisoformat(key) for key in context.partition_keys]


def partition_bounds() -> tuple[date, date]:
    """First and last day that are partitions now."""
    keys = daily_partitions.get_partition_keys()
    return date.fromisoformat(keys[0]), date.fromisoformat(keys[-1])


CHUNK_DAYS = int(os.environ.get("NEWSSTATS_CHUNK_DAYS", "31"))


def day_chunks(days: list[date], size: int = CHUNK_DAYS) -> list[list[date]]:
    """A long backfill's days in slices of ``size``: each stage holds one slice in memory at a time, so memory
    stays flat however many days one run covers. ``day_chunks([d1, d2, d3], 2) == [[d1, d2], [d3]]``."""
    return [days[i:i + size] for i in range(0, len(days), size)]


RICH_METADATA_DAYS = 31


def rich_metadata(context: AssetExecutionContext) -> bool:
    """Previews (tables, JSON tallies) are attached to runs of up to a month: Dagster copies a run's metadata
    onto every partition's materialisation, so a 1,000-day backfill would store a thousand copies of each."""
    return len(context.partition_keys) <= RICH_METADATA_DAYS
