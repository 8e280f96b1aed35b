"""Benchmarks (``make bench``): measurements printed as a table and JSON, not pass/fail tests."""
