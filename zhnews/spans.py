"""Spans inside a sentence mapped to spans of the raw page, through the cleaning's offset map."""
from __future__ import annotations

import polars as pl


def map_raw_spans(mentions: pl.DataFrame, sentences: pl.DataFrame, cleaned_pages: pl.DataFrame | None) -> pl.DataFrame:
    """Set ``raw_start``/``raw_end`` of mention rows (doc_id, sentence_id, sent_start, sent_end) exactly.

    clean index of a mention char = sentence clean_start + sent offset; its raw index = offsets[clean index].
    Without ``cleaned_pages`` the columns are left as they are (the sentence's own raw span).
    """
    if cleaned_pages is None or mentions.height == 0:
        return mentions
    located = (mentions.join(sentences.select("doc_id", "sentence_id", "clean_start"), on=["doc_id", "sentence_id"],
                             how="left")
               .join(cleaned_pages.select("doc_id", "offsets"), on="doc_id", how="left"))
    return located.with_columns(
        pl.col("offsets").list.get(pl.col("clean_start") + pl.col("sent_start"), null_on_oob=True)
        .cast(pl.Int32).alias("raw_start"),
        (pl.col("offsets").list.get(pl.col("clean_start") + pl.col("sent_end") - 1, null_on_oob=True) + 1)
        .cast(pl.Int32).alias("raw_end"),
    ).select(mentions.columns)
