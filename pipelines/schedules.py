"""The morning run: yesterday's issue, every day at 06:00 China time."""

from datetime import timedelta

from dagster import RunRequest, ScheduleEvaluationContext, schedule

from assets.partitions import TIMEZONE
from pipelines.jobs import daily_issue_job


@schedule(job=daily_issue_job, cron_schedule="0 6 * * *", execution_timezone=TIMEZONE,
          description="Runs the previous day's partition at 06:00 Asia/Shanghai.")
def daily_issue_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    day = (context.scheduled_execution_time - timedelta(days=1)).date().isoformat()
    return RunRequest(run_key=f"scheduled-{day}", partition_key=day)
