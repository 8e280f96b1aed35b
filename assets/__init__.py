"""Dagster assets of newsstats, one module per stage, in graph order:

raw_pages -> cleaned_pages -> segments -> mentions -> indicators -> warehouse -> feeds -> dashboard

Each asset is thin: it reads the lake for its days, calls a ``zhnews`` stage function, writes the lake and
attaches metadata. Every asset up to the warehouse is partitioned by publication day and backfills a range in
a single run; the feeds and the dashboard describe the whole warehouse and are refreshed once per run.
"""
