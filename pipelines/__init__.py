"""The Dagster code location of newsstats: definitions, jobs, schedules, sensors, resources and the CLI."""
