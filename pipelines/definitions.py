"""The one place where the code location is assembled: assets, checks, jobs, schedule, sensor, resources."""
from __future__ import annotations

from dagster import Definitions, load_asset_checks_from_modules, load_assets_from_modules

from assets import cleaning, extraction, feeds, indicators, ingestion, segmentation, warehouse
from pipelines.jobs import configured_executor, daily_issue_job
from pipelines.resources import default_resources
from pipelines.schedules import daily_issue_schedule
from pipelines.sensors import landing_sensor

STAGE_MODULES = [ingestion, cleaning, segmentation, extraction, indicators, warehouse, feeds]
ALL_ASSETS = load_assets_from_modules(STAGE_MODULES)

defs = Definitions(
    assets=ALL_ASSETS,
    asset_checks=load_asset_checks_from_modules(STAGE_MODULES),
    jobs=[daily_issue_job],
    schedules=[daily_issue_schedule],
    sensors=[landing_sensor],
    resources=default_resources(),
    executor=configured_executor(),
)
