"""Spans inside a sentence mapped to spans of the raw page, through the cleaning's offset map."""
from __future__ import annotations

import polars as pl


def map_raw_spans(mentions: pl.DataFrame, sentences: pl.DataFrame, cleaned_pages: pl.DataFrame | None) -> pl.DataFrame:
    """Set ``raw_start``/``raw_end`` of mention rows (doc_id, sentence_id, sent_start, sent_end) exactly.

    clean index of a mention char = sentence clean_start + sent offset; its raw index = offsets[clean index].
    All pages' offset maps are laid end to end once and gathered by position, so no row carries a copy of
    its page's map. Without ``cleaned_pages`` the columns are left as they are (the sentence's own raw span).
    """
    if cleaned_pages is None or mentions.height == 0:
        return mentions
    lengths = cleaned_pages.select("doc_id", pl.col("offsets").list.len().alias("n"))
    bases = lengths.with_columns((pl.col("n").cum_sum() - pl.col("n")).alias("base")).select("doc_id", "base")
    flat = cleaned_pages["offsets"].explode()
    located = (mentions.join(sentences.select("doc_id", "sentence_id", "clean_start"), on=["doc_id", "sentence_id"],
                             how="left")
               .join(bases, on="doc_id", how="left")
               .with_columns((pl.col("base") + pl.col("clean_start") + pl.col("sent_start")).alias("_a"),
                             (pl.col("base") + pl.col("clean_start") + pl.col("sent_end") - 1).alias("_b")))
    return located.with_columns(
        flat.gather(located["_a"]).cast(pl.Int32).alias("raw_start"),
        (flat.gather(located["_b"]) + 1).cast(pl.Int32).alias("raw_end"),
    ).select(mentions.columns)
