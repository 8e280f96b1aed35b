-- feed_coverage: what the warehouse holds, per source and publication day.
-- Columns:
--   source, source_name, publication_date
--   n_documents, n_articles, n_quantities, n_indicators   row counts
--   n_districts, districts                                 districts with indicator facts (codes, sorted)
CREATE OR REPLACE VIEW feed_coverage AS
SELECT d.source, d.source_name, d.publication_date,
       count(DISTINCT d.doc_id) AS n_documents,
       (SELECT count(*) FROM articles a JOIN documents x USING (doc_id)
        WHERE x.source = d.source AND x.publication_date = d.publication_date) AS n_articles,
       (SELECT count(*) FROM quantities q JOIN documents x USING (doc_id)
        WHERE x.source = d.source AND x.publication_date = d.publication_date) AS n_quantities,
       (SELECT count(*) FROM indicators i JOIN documents x USING (doc_id)
        WHERE x.source = d.source AND x.publication_date = d.publication_date) AS n_indicators,
       (SELECT count(DISTINCT i.district_code) FROM indicators i JOIN documents x USING (doc_id)
        WHERE x.source = d.source AND x.publication_date = d.publication_date) AS n_districts,
       (SELECT list_sort(list(DISTINCT i.district_code)) FROM indicators i JOIN documents x USING (doc_id)
        WHERE x.source = d.source AND x.publication_date = d.publication_date) AS districts
FROM documents d
GROUP BY d.source, d.source_name, d.publication_date
ORDER BY d.publication_date, d.source;
