-- newsstats warehouse tables. Created if absent at every load; one row per item, keyed by doc_id.
-- Offsets (raw_start, raw_end) index documents.raw_text in characters, end exclusive:
--   substring(raw_text, raw_start + 1, raw_end - raw_start) is the span a row was read from.

CREATE TABLE IF NOT EXISTS documents (
    doc_id           VARCHAR PRIMARY KEY, -- <source>-<yyyymmdd>-<file stem>, stable across re-runs
    source           VARCHAR NOT NULL,    -- source id from the sources file, e.g. jzrb
    source_name      VARCHAR,             -- newspaper name, e.g. 焦作日报
    home_code        VARCHAR,             -- 6-digit code of the source's home city (100000: all of China)
    source_path      VARCHAR NOT NULL,    -- absolute path of the landed file
    relative_path    VARCHAR,             -- <source>/<YYYY-MM-DD>/<file> under the landing folder
    publication_date DATE NOT NULL,       -- the issue's date, from the landing folder
    page             INTEGER,             -- page number when the file name says it (p01, A01版)
    encoding         VARCHAR,             -- utf-8, gb18030 or big5 as detected
    content_sha256   VARCHAR,             -- hash of the landed bytes
    n_chars          BIGINT,              -- length of raw_text
    raw_text         VARCHAR              -- the decoded page text that every span points into
);

CREATE TABLE IF NOT EXISTS rejected_files (
    source_path    VARCHAR NOT NULL, -- the file (or folder) that was not loaded
    reason         VARCHAR NOT NULL, -- why, in words a person understands
    partition_date DATE              -- the day it was found under; NULL when it fits no day
);

CREATE TABLE IF NOT EXISTS articles (
    doc_id              VARCHAR NOT NULL,
    article_id          INTEGER NOT NULL, -- 0-based, in page order of the body
    headline            VARCHAR,          -- NULL when the page prints none
    kicker              VARCHAR,          -- the line above the title (引题)
    subtitle            VARCHAR,          -- 副题, or the second title line
    reporters           VARCHAR[],        -- names from the dateline and bylines
    dateline            VARCHAR,          -- 本报讯（记者…）, 新华社…电 ...
    body                VARCHAR,          -- cleaned body text
    raw_start           INTEGER,
    raw_end             INTEGER,
    continues_to_page   INTEGER,          -- from （下转第三版①）
    continued_from_page INTEGER           -- from （上接第一版）
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_id      VARCHAR NOT NULL,
    article_id  INTEGER NOT NULL,
    sentence_id INTEGER NOT NULL, -- unique in the document
    text        VARCHAR,          -- cleaned, simplified characters
    is_headline BOOLEAN,          -- from the headline block rather than the body
    clean_start INTEGER,
    clean_end   INTEGER,
    raw_start   INTEGER,
    raw_end     INTEGER
);

CREATE TABLE IF NOT EXISTS term_counts (
    doc_id           VARCHAR NOT NULL,
    publication_date DATE,
    term             VARCHAR, -- a word from the segmenter
    count            INTEGER  -- occurrences in the document
);

CREATE TABLE IF NOT EXISTS quantities (
    doc_id        VARCHAR NOT NULL,
    article_id    INTEGER,
    sentence_id   INTEGER,
    quantity_id   INTEGER,  -- unique in the document
    value         DOUBLE,   -- 万/亿 folded in: 51.13万个 -> 511300
    value_max     DOUBLE,   -- upper end of a range (3至5家), else NULL
    unit          VARCHAR,  -- canonical: t, kg, CNY, %, pp, day, hour, kWh ... or the classifier (家, 人, 个)
    per           VARCHAR,  -- denominator of a compound unit (元/斤 -> per 斤)
    qualifier     VARCHAR,  -- exact | approx | at_least | at_most
    surface       VARCHAR,  -- the text as printed in the sentence
    noun          VARCHAR,  -- what is counted (重点工业企业, 口罩)
    predicate     VARCHAR,  -- the governing verb (复工复产, 生产)
    sent_start    INTEGER,
    sent_end      INTEGER,
    raw_start     INTEGER,
    raw_end       INTEGER,
    district_code VARCHAR,  -- the district the figure speaks of
    district_name VARCHAR,
    place_rule    VARCHAR,  -- how the district was found: respectively (分别 list), sentence, entity_named_before
                            -- (该企业), headline, article_lead, home_city_roundup, home_city
    as_of_date    DATE,     -- the day the figure speaks of
    date_rule     VARCHAR   -- how the day was found: sentence, as_of_carried (截至 over ；), detail_of_previous
                            -- (其中, 分X看), event_of_lead (the ceremony the lead reports), period_end (the last
                            -- day of 去年一季度/上月/今年, no later than the page), restated_in_body
                            -- (headline), article_lead, present (目前), publication_date
);

CREATE TABLE IF NOT EXISTS date_mentions (
    doc_id        VARCHAR NOT NULL,
    article_id    INTEGER,
    sentence_id   INTEGER,
    surface       VARCHAR, -- as printed: 截至昨日12时, 1月25日（大年初一）
    resolved_date DATE,    -- the day, or the end of a range
    start_date    DATE,
    end_date      DATE,
    time_of_day   VARCHAR, -- 12:00, 上午 ...
    rule          VARCHAR, -- absolute, month_day, month_carried, day_of_month, year_boundary, year_from_lunar_pair,
                             -- lunar, festival, as_of, since, range_start, range, relative_today/yesterday/…,
                             -- same_day, relative_next_day, relative_week; periods (no resolved date):
                             -- relative_week_period, relative_month, relative_year, month_only,
                             -- quarter (一季度, 前三季度, 上半年)
    sent_start    INTEGER,
    sent_end      INTEGER,
    raw_start     INTEGER,
    raw_end       INTEGER
);

CREATE TABLE IF NOT EXISTS place_mentions (
    doc_id          VARCHAR NOT NULL,
    article_id      INTEGER,
    sentence_id     INTEGER,
    surface         VARCHAR, -- as printed: 孟州, 我市, 该区
    code            VARCHAR, -- 6-digit administrative (or statistics-bureau zone) code
    name            VARCHAR, -- full official name
    level           VARCHAR, -- country | province | prefecture | county | zone
    rule            VARCHAR, -- exact, short, zone, country, home_city, home_province, article_city, last_named,
                               -- named_in_organisation, apposition (山东全省)
    in_organisation BOOLEAN, -- part of an organisation's name (孟州市第一中学)
    sent_start      INTEGER,
    sent_end        INTEGER,
    raw_start       INTEGER,
    raw_end         INTEGER
);

CREATE TABLE IF NOT EXISTS indicators (
    doc_id           VARCHAR NOT NULL,
    article_id       INTEGER,
    sentence_id      INTEGER,
    quantity_id      INTEGER,
    source           VARCHAR,
    publication_date DATE,
    district_code    VARCHAR, -- 6-digit code
    district_name    VARCHAR,
    indicator        VARCHAR, -- code from indicator_catalog
    as_of_date       DATE,
    value            DOUBLE,
    unit             VARCHAR, -- the indicator's canonical unit
    qualifier        VARCHAR,
    period           VARCHAR, -- point | daily | cumulative
    scope            VARCHAR, -- the class counted: 规上工业企业, 重点工业企业 ...
    place_rule       VARCHAR,
    date_rule        VARCHAR,
    sentence         VARCHAR, -- the sentence the figure was read from
    raw_start        INTEGER,
    raw_end          INTEGER
);

CREATE TABLE IF NOT EXISTS sources (
    source    VARCHAR PRIMARY KEY,
    name      VARCHAR,
    home_code VARCHAR
);

CREATE TABLE IF NOT EXISTS indicator_catalog (
    indicator   VARCHAR PRIMARY KEY,
    name_zh     VARCHAR,
    name_en     VARCHAR,
    unit        VARCHAR,
    period      VARCHAR,
    description VARCHAR
);
