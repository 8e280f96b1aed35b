-- feed_daily_series: one row per indicator, district and day that has data; days without data are absent.
-- Columns:
--   indicator, name_zh            indicator code and Chinese name
--   district_code, district_name  the district
--   as_of_date                    the day
--   value, unit                   the figure of the latest publication that speaks of that day
--                                 (several that day: the latest publication, then the highest value)
--   n_facts                       how many facts speak of that district, indicator and day
--   doc_ids                       the documents they come from
CREATE OR REPLACE VIEW feed_daily_series AS
SELECT i.indicator, any_value(c.name_zh) AS name_zh, i.district_code,
       first(i.district_name ORDER BY i.publication_date DESC) AS district_name, i.as_of_date,
       first(i.value ORDER BY i.publication_date DESC, i.value DESC) AS value,
       first(i.unit ORDER BY i.publication_date DESC, i.value DESC) AS unit,
       count(*) AS n_facts, list_sort(list(DISTINCT i.doc_id)) AS doc_ids
FROM indicators i LEFT JOIN indicator_catalog c USING (indicator)
GROUP BY i.indicator, i.district_code, i.as_of_date
ORDER BY i.indicator, i.district_code, i.as_of_date;
