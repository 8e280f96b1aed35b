-- feed_resumption_league: districts ranked by their latest resumption rate.
-- Columns:
--   district_code, district_name
--   resumption_rate, resumption_rate_date            latest resumption_rate (%) and its day
--   enterprises_resumed, enterprises_resumed_date    latest enterprises_resumed (家) and its day
--   rank                                             1 = highest rate; districts without a rate follow,
--                                                    by enterprises resumed
CREATE OR REPLACE VIEW feed_resumption_league AS
WITH latest AS (
    SELECT district_code, district_name, indicator, value, as_of_date
    FROM feed_latest_values
    WHERE indicator IN ('resumption_rate', 'enterprises_resumed')
)
SELECT district_code,
       any_value(district_name) AS district_name,
       max(value) FILTER (WHERE indicator = 'resumption_rate') AS resumption_rate,
       max(as_of_date) FILTER (WHERE indicator = 'resumption_rate') AS resumption_rate_date,
       max(value) FILTER (WHERE indicator = 'enterprises_resumed') AS enterprises_resumed,
       max(as_of_date) FILTER (WHERE indicator = 'enterprises_resumed') AS enterprises_resumed_date,
       row_number() OVER (ORDER BY max(value) FILTER (WHERE indicator = 'resumption_rate') DESC NULLS LAST,
                                   max(value) FILTER (WHERE indicator = 'enterprises_resumed') DESC NULLS LAST,
                                   district_code) AS rank
FROM latest
GROUP BY district_code
ORDER BY rank;
