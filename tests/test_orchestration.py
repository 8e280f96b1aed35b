"""Schedule, sensor and partitions behave as an operator expects."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from dagster import build_schedule_context, build_sensor_context

from assets.partitions import daily_partitions
from pipelines.cli import day_ranges
from pipelines.definitions import defs
from pipelines.resources import LandingResource
from pipelines.schedules import daily_issue_schedule
from pipelines.sensors import landing_sensor

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_schedule_runs_yesterdays_partition_at_six_in_shanghai():
    context = build_schedule_context(scheduled_execution_time=datetime(2020, 2, 18, 6, 0, tzinfo=SHANGHAI),
                                     repository_def=defs.get_repository_def())
    request = daily_issue_schedule.evaluate_tick(context).run_requests[0]
    assert request.partition_key == "2020-02-17"
    assert daily_issue_schedule.cron_schedule == "0 6 * * *"
    assert daily_issue_schedule.execution_timezone == "Asia/Shanghai"


def test_partitions_are_days_in_china_time():
    assert daily_partitions.timezone == "Asia/Shanghai"
    assert "2020-02-17" in daily_partitions.get_partition_keys()


def _page(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_sensor_requests_new_and_changed_days_only(tmp_path):
    landing = LandingResource(root=str(tmp_path), sources_file=str(tmp_path / "sources.toml"))
    _page(tmp_path, "jzrb/2020-02-17/p01.txt", "示范区40家企业复工。")
    _page(tmp_path, "jzrb/2020-02-18/p01.txt", "温县30家企业复工。")
    first = landing_sensor.evaluate_tick(build_sensor_context(resources={"landing": landing}, definitions=defs))
    assert [r.partition_key for r in first.run_requests] == ["2020-02-17", "2020-02-18"]
    quiet = landing_sensor.evaluate_tick(build_sensor_context(cursor=first.cursor, resources={"landing": landing}, definitions=defs))
    assert quiet.run_requests == [] and quiet.skip_message.startswith("no new or changed pages under")
    _page(tmp_path, "jzrb/2020-02-18/p01.txt", "温县32家企业复工。")
    _page(tmp_path, "jzrb/2020-02-19/p01.txt", "孟州市复工。")
    changed = landing_sensor.evaluate_tick(build_sensor_context(cursor=first.cursor, resources={"landing": landing}, definitions=defs))
    assert [r.partition_key for r in changed.run_requests] == ["2020-02-18", "2020-02-19"]
    assert len({r.run_key for r in changed.run_requests} | {r.run_key for r in first.run_requests}) == 4


def test_cli_groups_days_into_runs():
    d = date.fromordinal
    start = date(2020, 2, 1).toordinal()
    assert day_ranges([d(start), d(start + 1), d(start + 5), d(start + 30)]) == [
        (d(start), d(start + 5)), (d(start + 30), d(start + 30))]
    assert day_ranges([]) == []
