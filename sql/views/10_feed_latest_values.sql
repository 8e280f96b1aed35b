-- feed_latest_values: the latest fact per district and indicator, with its provenance.
-- Columns:
--   district_code, district_name  the district (6-digit code)
--   indicator, name_zh, name_en   indicator code and names from indicator_catalog
--   as_of_date                    the day the figure speaks of (the latest such day)
--   value, unit, qualifier        the figure (qualifier: exact | approx | at_least | at_most)
--   period, scope                 point | daily | cumulative; the class counted (规上工业企业 …)
--   source, source_name           newspaper id and name
--   publication_date, page        where it was printed
--   doc_id, article_id, sentence_id, sentence   provenance
-- Ties on as_of_date go to the latest publication, then the lowest doc_id and sentence_id.
CREATE OR REPLACE VIEW feed_latest_values AS
SELECT i.district_code, i.district_name, i.indicator, c.name_zh, c.name_en, i.as_of_date, i.value, i.unit,
       i.qualifier, i.period, i.scope, i.source, d.source_name, i.publication_date, d.page, i.doc_id,
       i.article_id, i.sentence_id, i.sentence
FROM indicators i
JOIN documents d USING (doc_id)
LEFT JOIN indicator_catalog c USING (indicator)
QUALIFY row_number() OVER (PARTITION BY i.district_code, i.indicator
                           ORDER BY i.as_of_date DESC, i.publication_date DESC, i.doc_id, i.sentence_id) = 1;
