"""Chinese news text processing for newsstats: no Dagster, no storage.

Each stage module exposes a frame-level function (polars in, polars out) whose output schema is
declared in :mod:`zhnews.schema`, plus the per-text functions it is built from.
"""
