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
WITH ranked AS (
    SELECT i.*, row_number() OVER (PARTITION BY indicator, district_code, as_of_date
                                   ORDER BY publication_date DESC, value DESC) AS pick,
           count(*) OVER (PARTITION BY indicator, district_code, as_of_date) AS n_facts,
           list(DISTINCT doc_id) OVER (PARTITION BY indicator, district_code, as_of_date) AS doc_ids
    FROM indicators i
)
SELECT r.indicator, c.name_zh, r.district_code, r.district_name, r.as_of_date, r.value, r.unit, r.n_facts,
       list_sort(r.doc_ids) AS doc_ids
FROM ranked r LEFT JOIN indicator_catalog c USING (indicator)
WHERE r.pick = 1
ORDER BY r.indicator, r.district_code, r.as_of_date;
