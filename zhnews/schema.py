"""The polars schemas of every frame a stage produces: the contract between stages.

See docs/architecture.md for what each column means. ``conform(frame, NAME)`` checks a stage's
output against its schema and orders its columns, so a drifting stage fails loudly at its edge.
"""
from __future__ import annotations

import polars as pl

_JUMP = pl.Struct({"direction": pl.String, "page": pl.Int32, "marker": pl.String,
                   "raw_start": pl.Int32, "raw_end": pl.Int32})
_DROPPED = pl.Struct({"text": pl.String, "reason": pl.String, "raw_start": pl.Int32, "raw_end": pl.Int32})
_SPANS = {"sent_start": pl.Int32, "sent_end": pl.Int32, "raw_start": pl.Int32, "raw_end": pl.Int32}
_WHERE = {"doc_id": pl.String, "article_id": pl.Int32, "sentence_id": pl.Int32}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "documents": {
        "doc_id": pl.String, "source": pl.String, "source_name": pl.String, "home_code": pl.String,
        "source_path": pl.String, "relative_path": pl.String, "publication_date": pl.Date,
        "page": pl.Int32, "encoding": pl.String, "content_sha256": pl.String, "n_chars": pl.Int64,
        "raw_text": pl.String,
    },
    "rejected_files": {"source_path": pl.String, "reason": pl.String, "partition_date": pl.Date},
    "cleaned_pages": {
        "doc_id": pl.String, "clean_text": pl.String, "offsets": pl.List(pl.Int32), "script": pl.String,
        "jumps": pl.List(_JUMP), "dropped": pl.List(_DROPPED),
    },
    "articles": {
        "doc_id": pl.String, "article_id": pl.Int32, "headline": pl.String, "kicker": pl.String,
        "subtitle": pl.String, "reporters": pl.List(pl.String), "dateline": pl.String, "body": pl.String,
        "raw_start": pl.Int32, "raw_end": pl.Int32, "continues_to_page": pl.Int32,
        "continued_from_page": pl.Int32,
    },
    "sentences": {
        **_WHERE, "text": pl.String, "is_headline": pl.Boolean, "clean_start": pl.Int32,
        "clean_end": pl.Int32, "raw_start": pl.Int32, "raw_end": pl.Int32,
    },
    "term_counts": {"doc_id": pl.String, "publication_date": pl.Date, "term": pl.String, "count": pl.Int32},
    "quantities": {
        **_WHERE, "quantity_id": pl.Int32, "value": pl.Float64, "value_max": pl.Float64, "unit": pl.String,
        "per": pl.String, "qualifier": pl.String, "surface": pl.String, "noun": pl.String,
        "predicate": pl.String, **_SPANS, "district_code": pl.String, "district_name": pl.String,
        "place_rule": pl.String, "as_of_date": pl.Date, "date_rule": pl.String,
    },
    "date_mentions": {
        **_WHERE, "surface": pl.String, "resolved_date": pl.Date, "start_date": pl.Date, "end_date": pl.Date,
        "time_of_day": pl.String, "rule": pl.String, **_SPANS,
    },
    "place_mentions": {
        **_WHERE, "surface": pl.String, "code": pl.String, "name": pl.String, "level": pl.String,
        "rule": pl.String, "in_organisation": pl.Boolean, **_SPANS,
    },
    "indicators": {
        **_WHERE, "quantity_id": pl.Int32, "source": pl.String, "publication_date": pl.Date,
        "district_code": pl.String, "district_name": pl.String, "indicator": pl.String,
        "as_of_date": pl.Date, "value": pl.Float64, "unit": pl.String, "qualifier": pl.String,
        "period": pl.String, "scope": pl.String, "place_rule": pl.String, "date_rule": pl.String,
        "sentence": pl.String, "raw_start": pl.Int32, "raw_end": pl.Int32,
    },
}


def empty(name: str) -> pl.DataFrame:
    """An empty frame with the schema of ``name``: ``empty("quantities").columns[0] == "doc_id"``."""
    return pl.DataFrame(schema=SCHEMAS[name])


def conform(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """Return ``frame`` with exactly the columns of schema ``name``, in order, cast to their types.

    Missing columns are an error, not silently filled: ``conform(pl.DataFrame({"x": [1]}), "sentences")``
    raises ``ValueError: sentences frame lacks columns ['doc_id', ...]``.
    """
    schema = SCHEMAS[name]
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} frame lacks columns {missing}")
    return frame.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])


def from_rows(rows: list[dict], name: str) -> pl.DataFrame:
    """Build a frame of schema ``name`` from dict rows (missing keys become null)."""
    schema = SCHEMAS[name]
    if not rows:
        return empty(name)
    return pl.DataFrame([{c: r.get(c) for c in schema} for r in rows], schema=schema, orient="row")
