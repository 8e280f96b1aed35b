-- feed_coverage: what the warehouse holds, per source and publication day.
-- Columns:
--   source, source_name, publication_date
--   n_documents, n_articles, n_quantities, n_indicators   row counts
--   n_districts, districts                                 districts with indicator facts (codes, sorted)
CREATE OR REPLACE VIEW feed_coverage AS
WITH article_counts AS (SELECT doc_id, count(*) AS n FROM articles GROUP BY doc_id),
quantity_counts AS (SELECT doc_id, count(*) AS n FROM quantities GROUP BY doc_id),
per_doc AS (
    SELECT d.doc_id, d.source, d.source_name, d.publication_date,
           coalesce(a.n, 0) AS n_articles, coalesce(q.n, 0) AS n_quantities
    FROM documents d
    LEFT JOIN article_counts a USING (doc_id)
    LEFT JOIN quantity_counts q USING (doc_id)
), facts AS (
    SELECT d.source, d.publication_date, count(*) AS n_indicators,
           count(DISTINCT i.district_code) AS n_districts, list_sort(list(DISTINCT i.district_code)) AS districts
    FROM indicators i JOIN documents d USING (doc_id)
    GROUP BY d.source, d.publication_date
)
SELECT p.source, any_value(p.source_name) AS source_name, p.publication_date,
       count(*) AS n_documents, sum(p.n_articles)::BIGINT AS n_articles, sum(p.n_quantities)::BIGINT AS n_quantities,
       coalesce(any_value(f.n_indicators), 0) AS n_indicators, coalesce(any_value(f.n_districts), 0) AS n_districts,
       coalesce(any_value(f.districts), []) AS districts
FROM per_doc p LEFT JOIN facts f ON f.source = p.source AND f.publication_date = p.publication_date
GROUP BY p.source, p.publication_date
ORDER BY p.publication_date, p.source;
