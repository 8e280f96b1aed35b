"""Jobs: the whole graph for a day (or a range of days, as one run)."""
from __future__ import annotations

import os

from dagster import AssetSelection, define_asset_job, in_process_executor, multiprocess_executor

from assets.partitions import daily_partitions

EXECUTORS = {"in_process": in_process_executor, "multiprocess": multiprocess_executor}


def configured_executor():
    """The executor named by ``NEWSSTATS_EXECUTOR`` (in_process by default: one process per run costs ~2.5 s,
    where the multiprocess executor adds ~2 s per step for no gain on a 2-core machine)."""
    name = os.environ.get("NEWSSTATS_EXECUTOR", "in_process")
    if name not in EXECUTORS:
        raise ValueError(f"NEWSSTATS_EXECUTOR must be one of {sorted(EXECUTORS)}, got {name!r}")
    return EXECUTORS[name]


daily_issue_job = define_asset_job(
    "daily_issue", selection=AssetSelection.all(), partitions_def=daily_partitions,
    description="Ingest, clean, segment, extract, derive indicators, load the warehouse and refresh the feeds "
                "for one day's issue, or for a range of days in a single run.",
)
