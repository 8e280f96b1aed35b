"""The landing sensor: a run for every day whose pages are new or changed, by content hash."""

import json

from dagster import RunRequest, SensorEvaluationContext, SensorResult, SkipReason, sensor

from assets.partitions import partition_bounds
from lakehouse.landing import changed_days
from pipelines.jobs import daily_issue_job
from pipelines.resources import LandingResource


@sensor(job=daily_issue_job, minimum_interval_seconds=60,
        description="Requests a run for each day whose landed files are new or changed; unchanged days are skipped.")
def landing_sensor(context: SensorEvaluationContext, landing: LandingResource):
    previous = json.loads(context.cursor) if context.cursor else {}
    first, last = partition_bounds()
    changed, state = changed_days(landing.path, previous, first, last)
    if not changed:
        return SkipReason(f"no new or changed pages under {landing.path}")
    return SensorResult(
        run_requests=[RunRequest(run_key=f"{day.isoformat()}:{state[day.isoformat()][1]}", partition_key=day.isoformat())
                      for day in changed],
        cursor=json.dumps(state, sort_keys=True),
    )
