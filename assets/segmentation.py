"""segments: articles with their headlines, sentences, and term counts."""

import polars as pl
from dagster import AssetCheckResult, AssetCheckSpec, AssetExecutionContext, MaterializeResult, MetadataValue, asset

from assets.partitions import daily_partitions, day_chunks, rich_metadata, run_days, single_run
from pipelines.resources import LakeResource
from zhnews.articles import segment_articles
from zhnews.sentences import split_sentences
from zhnews.words import count_terms


@asset(partitions_def=daily_partitions, backfill_policy=single_run, group_name="text", kinds={"parquet"},
       deps=["cleaned_pages"],
       check_specs=[AssetCheckSpec("sentences_have_articles_and_spans", asset="segments",
                                   description="Every sentence belongs to an article and its raw span lies in its page.")])
def segments(context: AssetExecutionContext, lake: LakeResource) -> MaterializeResult:
    """``articles``, ``sentences`` and ``term_counts`` tables per day."""
    store = lake.lake()
    n_articles = n_sentences = n_terms = orphans = outside = 0
    headlines: list[str] = []
    for days in day_chunks(run_days(context)):
        documents = store.read_days("documents", days)
        cleaned = store.read_days("cleaned_pages", days)
        articles = segment_articles(cleaned)
        sentences = split_sentences(cleaned, articles)
        terms = count_terms(sentences, documents)
        store.write_days("articles", articles, days, documents)
        store.write_days("sentences", sentences, days, documents)
        store.write_days("term_counts", terms, days)
        orphans += sentences.join(articles, on=["doc_id", "article_id"], how="anti").height
        outside += sentences.join(documents.select("doc_id", "n_chars"), on="doc_id").filter(
            (pl.col("raw_start") < 0) | (pl.col("raw_end") < pl.col("raw_start"))
            | (pl.col("raw_end") > pl.col("n_chars"))).height
        n_articles, n_sentences, n_terms = n_articles + articles.height, n_sentences + sentences.height, n_terms + terms.height
        headlines += articles["headline"].drop_nulls().head(20 - len(headlines)).to_list()
    context.log.info(f"progress segments: {n_articles} articles, {n_sentences} sentences")
    return MaterializeResult(
        metadata={"articles": n_articles, "sentences": n_sentences, "terms": n_terms,
                  **({"headlines": MetadataValue.md("\n".join(f"- {h}" for h in headlines))}
                     if rich_metadata(context) else {})},
        check_results=[AssetCheckResult(check_name="sentences_have_articles_and_spans",
                                        passed=orphans == 0 and outside == 0,
                                        metadata={"without_article": orphans, "span_outside_page": outside})])
