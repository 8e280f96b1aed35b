"""Storage for newsstats: the landing folder and sources file, the Parquet lake, the DuckDB warehouse.

Knows nothing of Dagster, so the CLI, the benchmark and the tests use it directly.
"""
