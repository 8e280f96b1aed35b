"""Command line: run the same Dagster assets without the UI, export the feeds, build the dashboard.

    python -m pipelines run [--input DIR] [--sources FILE] [--db PATH] [--from DATE --to DATE]
    python -m pipelines export --db PATH --out DIR
    python -m pipelines dashboard --db PATH --out FILE
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
from dagster import DagsterInstance, Definitions, logger

from assets.partitions import partition_bounds
from lakehouse.landing import landed_days
from lakehouse.sources import SourcesFileError, load_sources
from lakehouse.warehouse import published_path
from pipelines.jobs import daily_issue_job

PROGRESS = "progress "
# A single-run backfill of N days otherwise logs N "materialisation planned" events per asset before the first
# step (about 2 ms each on the in-memory event log: 12 s for 1,000 days). Dagster's own switch logs one event
# per asset with the range instead; its only cost, partitions not marked failed when a run fails, does not
# apply to the CLI's throw-away instance. Set it to false to keep per-partition planning.
os.environ.setdefault("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "true")
MAX_GAP_DAYS = 7  # days without pages inside a run are cheap; a longer gap starts a new run instead


@logger(config_schema={"quiet": bool}, description="Prints one line per finished stage and every error; quiet: errors only.")
def progress_logger(init_context):
    quiet = bool((init_context.logger_config or {}).get("quiet", False))
    log = logging.getLogger("newsstats.progress")
    log.handlers.clear()
    log.propagate = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))

    class StageLines(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            message = record.getMessage()
            meta = getattr(record, "dagster_meta", {}) or {}
            text = meta.get("orig_message") or message
            if PROGRESS in text and not quiet:
                record.msg, record.args = "  " + text[text.index(PROGRESS) + len(PROGRESS):], ()
                return True
            if record.levelno >= logging.ERROR:
                record.msg, record.args = "  error: " + str(text).splitlines()[0], ()
                return True
            return False

    handler.addFilter(StageLines())
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return log


def day_ranges(days: list[date], max_gap: int = MAX_GAP_DAYS) -> list[tuple[date, date]]:
    """Group sorted days into runs: ``day_ranges([d(1), d(2), d(30)])`` -> ``[(d(1), d(2)), (d(30), d(30))]``."""
    ranges: list[tuple[date, date]] = []
    for day in sorted(days):
        if ranges and (day - ranges[-1][1]).days <= max_gap:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def run_graph(resources: dict, first: date, last: date, instance: DagsterInstance | None = None,
              quiet: bool = False):
    """Materialise the whole graph for [first, last] as one run; returns the ExecuteInProcessResult."""
    from pipelines.definitions import ALL_ASSETS  # late: importing the graph loads the segmenter

    defs = Definitions(assets=ALL_ASSETS, jobs=[daily_issue_job], resources=resources,
                       loggers={"progress": progress_logger})
    job = defs.resolve_job_def("daily_issue")
    run_config = {"loggers": {"progress": {"config": {"quiet": quiet}}}}
    tags = {"dagster/asset_partition_range_start": first.isoformat(),
            "dagster/asset_partition_range_end": last.isoformat()}
    if first == last:
        return job.execute_in_process(run_config=run_config, instance=instance, partition_key=first.isoformat(),
                                      raise_on_error=False)
    return job.execute_in_process(run_config=run_config, instance=instance, tags=tags, raise_on_error=False)


def _summary(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 (fixed names)
                for t in ("documents", "articles", "sentences", "quantities", "date_mentions", "indicators",
                          "rejected_files")}


def cmd_run(args: argparse.Namespace) -> int:
    from pipelines.resources import DEFAULT_LANDING, DEFAULT_SOURCES, default_resources, project_path

    landing = Path(args.input).resolve() if args.input else DEFAULT_LANDING
    sources = Path(args.sources).resolve() if args.sources else (
        landing.parent / "sources.toml" if args.input and (landing.parent / "sources.toml").exists() else DEFAULT_SOURCES)
    if not landing.is_dir():
        print(f"newsstats: no landing folder at {landing}", file=sys.stderr)
        return 2
    try:
        load_sources(sources)
    except SourcesFileError as error:
        print(f"newsstats: {error}", file=sys.stderr)
        return 2
    first_partition, last_partition = partition_bounds()
    if args.date_from or args.date_to:
        lo = date.fromisoformat(args.date_from or args.date_to)
        hi = date.fromisoformat(args.date_to or args.date_from)
        if hi < lo:
            print(f"newsstats: --to {hi} is before --from {lo}", file=sys.stderr)
            return 2
        if lo < first_partition or hi > last_partition:
            print(f"newsstats: {lo}..{hi} is outside the partitions {first_partition}..{last_partition} "
                  "(set NEWSSTATS_PARTITIONS_START to load earlier archives)", file=sys.stderr)
            return 2
        ranges = [(lo, hi)]
    else:
        found = [d for d in landed_days(landing) if first_partition <= d <= last_partition]
        ranges = day_ranges(found)
        if not ranges:
            print(f"newsstats: no <source>/<YYYY-MM-DD>/ day folders inside the partitions under {landing}",
                  file=sys.stderr)
            ranges = [(last_partition, last_partition)]  # still run once, so misfiled files are reported
    db = project_path(args.db) if args.db else None
    resources = default_resources(landing=landing, sources=sources, lake=Path(args.lake) if args.lake else None, db=db)
    db_path = Path(resources["duckdb"].database)
    instance = DagsterInstance.ephemeral() if not args.dagster_home else DagsterInstance.get()
    started = time.perf_counter()
    failed = False
    for lo, hi in ranges:
        print(f"run {lo}..{hi}" if lo != hi else f"run {lo}", file=sys.stderr)
        result = run_graph(resources, lo, hi, instance=instance, quiet=args.quiet)
        if not result.success:
            failed = True
            for event in result.all_events:
                if event.is_step_failure:
                    error = event.step_failure_data.error
                    cause = error.cause or error
                    print(f"  failed {event.step_key}: {cause.message.strip().splitlines()[-1]}", file=sys.stderr)
        for check in result.get_asset_check_evaluations():
            if not check.passed:
                print(f"  check failed: {check.asset_key.to_user_string()}.{check.check_name} "
                      f"({check.severity.value})", file=sys.stderr)
    elapsed = time.perf_counter() - started
    if db_path.exists():
        counts = _summary(db_path)
        print("summary: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
        print(f"warehouse: {db_path}")
        print(f"published for readers: {published_path(db_path)}")
    print(f"time: {elapsed:.1f} s for {sum((hi - lo).days + 1 for lo, hi in ranges)} day(s) in {len(ranges)} run(s)")
    return 1 if failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    from lakehouse.export import export_feeds

    written = export_feeds(Path(args.db), Path(args.out))
    for path in written:
        print(path)
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    from dashboard.build import build_dashboard

    build_dashboard(Path(args.db), Path(args.out))
    print(Path(args.out).resolve())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsstats", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the whole graph (the built-in sample when no --input)")
    run.add_argument("--input", help="landing folder <source>/<YYYY-MM-DD>/<page>")
    run.add_argument("--sources", help="sources TOML (default: sources.toml beside --input, else the sample's)")
    run.add_argument("--db", help="warehouse path (default data/warehouse.duckdb)")
    run.add_argument("--lake", help="Parquet lake folder (default: lake/ beside the warehouse)")
    run.add_argument("--from", dest="date_from", help="first day YYYY-MM-DD")
    run.add_argument("--to", dest="date_to", help="last day YYYY-MM-DD")
    run.add_argument("--quiet", action="store_true", help="no per-stage lines")
    run.add_argument("--dagster-home", action="store_true",
                     help="record the runs in $DAGSTER_HOME so `dagster dev` shows them")
    run.set_defaults(func=cmd_run)
    export = sub.add_parser("export", help="write every feed as Parquet, CSV and JSON")
    export.add_argument("--db", required=True)
    export.add_argument("--out", required=True)
    export.set_defaults(func=cmd_export)
    board = sub.add_parser("dashboard", help="write the self-contained dashboard HTML")
    board.add_argument("--db", required=True)
    board.add_argument("--out", required=True)
    board.set_defaults(func=cmd_dashboard)
    args = parser.parse_args(argv)
    return args.func(args)
