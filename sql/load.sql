-- Load a range of days from the lake, as one transaction run by lakehouse.warehouse.load_days().
-- Parameters: $lo, $hi (the days), $undated (also replace rejections that fit no day), and one list of
-- Parquet files per table ($documents, $articles, ...). Every table's rows for the documents of those days
-- are deleted and inserted again, so re-running a day replaces its rows and never duplicates them.
-- hive_partitioning = false: the lake's date=YYYY-MM-DD folders must not turn into a column here.

-- name: batch_docs
CREATE OR REPLACE TEMP TABLE batch_docs AS
    SELECT doc_id FROM documents WHERE publication_date BETWEEN $lo AND $hi
    UNION
    SELECT doc_id FROM read_parquet($documents, hive_partitioning = false);

-- name: replace_articles
DELETE FROM articles WHERE doc_id IN (SELECT doc_id FROM batch_docs);
-- name: insert_articles
INSERT INTO articles BY NAME SELECT * FROM read_parquet($articles, hive_partitioning = false);

-- name: replace_sentences
DELETE FROM sentences WHERE doc_id IN (SELECT doc_id FROM batch_docs);
-- name: insert_sentences
INSERT INTO sentences BY NAME SELECT * FROM read_parquet($sentences, hive_partitioning = false);

-- name: replace_term_counts
DELETE FROM term_counts WHERE doc_id IN (SELECT doc_id FROM batch_docs);
-- name: insert_term_counts
INSERT INTO term_counts BY NAME SELECT * FROM read_parquet($term_counts, hive_partitioning = false);

-- name: replace_quantities
DELETE FROM quantities WHERE doc_id IN (SELECT doc_id FROM batch_docs);
-- name: insert_quantities
INSERT INTO quantities BY NAME SELECT * FROM read_parquet($quantities, hive_partitioning = false);

-- name: replace_date_mentions
DELETE FROM date_mentions WHERE doc_id IN (SELECT doc_id FROM batch_docs);
-- name: insert_date_mentions
INSERT INTO date_mentions BY NAME SELECT * FROM read_parquet($date_mentions, hive_partitioning = false);

-- name: replace_place_mentions
DELETE FROM place_mentions WHERE doc_id IN (SELECT doc_id FROM batch_docs);
-- name: insert_place_mentions
INSERT INTO place_mentions BY NAME SELECT * FROM read_parquet($place_mentions, hive_partitioning = false);

-- name: replace_indicators
DELETE FROM indicators WHERE doc_id IN (SELECT doc_id FROM batch_docs);
-- name: insert_indicators
INSERT INTO indicators BY NAME SELECT * FROM read_parquet($indicators, hive_partitioning = false);

-- name: replace_documents
DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM batch_docs);
-- name: insert_documents
INSERT INTO documents BY NAME SELECT * FROM read_parquet($documents, hive_partitioning = false);

-- name: replace_rejected_files
DELETE FROM rejected_files
WHERE partition_date BETWEEN $lo AND $hi OR (partition_date IS NULL AND $undated);
-- name: insert_rejected_files
INSERT INTO rejected_files BY NAME SELECT * FROM read_parquet($rejected_files, hive_partitioning = false);

-- name: replace_sources
DELETE FROM sources;
-- name: insert_sources
INSERT INTO sources BY NAME SELECT * FROM sources_in;

-- name: replace_indicator_catalog
DELETE FROM indicator_catalog;
-- name: insert_indicator_catalog
INSERT INTO indicator_catalog BY NAME SELECT * FROM indicator_catalog_in;
