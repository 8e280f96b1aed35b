-- term_trends: how often each word appears per source and publication day (from the segmenter's term_counts).
-- Columns:
--   source, publication_date   the paper and the day
--   term                       a word (CJK or Latin; no punctuation, no bare numbers)
--   n                          occurrences that day across the paper's pages
--   n_documents                pages that use the word that day
--   share_per_10k              occurrences per 10,000 counted words that day
CREATE OR REPLACE VIEW term_trends AS
WITH daily AS (
    SELECT d.source, t.publication_date, t.term, sum(t.count) AS n, count(DISTINCT t.doc_id) AS n_documents
    FROM term_counts t JOIN documents d USING (doc_id)
    GROUP BY d.source, t.publication_date, t.term
)
SELECT source, publication_date, term, n, n_documents,
       round(10000.0 * n / sum(n) OVER (PARTITION BY source, publication_date), 2) AS share_per_10k
FROM daily
ORDER BY publication_date, source, n DESC, term;
