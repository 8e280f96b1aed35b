"""Every feed view on a small warehouse, with exact rows; and the export of each as Parquet, CSV and JSON."""
from __future__ import annotations

import json
from datetime import date

import duckdb
import polars as pl
import pytest

from lakehouse.export import FEEDS, export_feeds
from lakehouse.warehouse import apply_views, ensure_schema
from zhnews.indicators import catalog_frame

D = date


@pytest.fixture()
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    ensure_schema(con)
    con.register("catalog_in", catalog_frame().to_arrow())
    con.execute("INSERT INTO indicator_catalog BY NAME SELECT * FROM catalog_in")
    for doc, day, page in (("jzrb-20200217-p01", D(2020, 2, 17), 1), ("jzrb-20200218-p01", D(2020, 2, 18), 1),
                           ("jzrb-20200218-p02", D(2020, 2, 18), 2)):
        con.execute("INSERT INTO documents (doc_id, source, source_name, home_code, source_path, publication_date, page)"
                    " VALUES (?, 'jzrb', '焦作日报', '410800', ?, ?, ?)", [doc, f"/l/{doc}.txt", day, page])
        con.execute("INSERT INTO articles (doc_id, article_id, body) VALUES (?, 0, 'x')", [doc])
    facts = [  # doc, sentence, district, name, indicator, as_of, value, unit
        ("jzrb-20200217-p01", 1, "410871", "焦作城乡一体化示范区", "enterprises_resumed", D(2020, 2, 16), 40, "家"),
        ("jzrb-20200217-p01", 2, "410871", "焦作城乡一体化示范区", "resumption_rate", D(2020, 2, 16), 100, "%"),
        ("jzrb-20200217-p01", 3, "410800", "焦作市", "resumption_rate", D(2020, 2, 17), 19.7, "%"),
        ("jzrb-20200218-p01", 1, "410800", "焦作市", "resumption_rate", D(2020, 2, 17), 21.4, "%"),
        ("jzrb-20200218-p02", 4, "410802", "解放区", "enterprises_resumed", D(2020, 2, 18), 12, "家"),
    ]
    for i, (doc, sentence, code, name, indicator, day, value, unit) in enumerate(facts):
        con.execute("INSERT INTO indicators (doc_id, article_id, sentence_id, quantity_id, source, publication_date,"
                    " district_code, district_name, indicator, as_of_date, value, unit, qualifier, period, sentence,"
                    " raw_start, raw_end) SELECT ?, 0, ?, ?, 'jzrb', publication_date, ?, ?, ?, ?, ?, ?, 'exact',"
                    " 'point', ?, 0, 5 FROM documents WHERE doc_id = ?",
                    [doc, sentence, i, code, name, indicator, day, value, unit, f"句子{i}", doc])
    apply_views(con)
    con.close()
    return path


def rows(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_latest_values_one_row_per_district_and_indicator(warehouse):
    assert rows(warehouse, "SELECT district_code, indicator, name_zh, as_of_date, value, publication_date, page, sentence "
                           "FROM feed_latest_values ORDER BY district_code, indicator") == [
        ("410800", "resumption_rate", "复工率", D(2020, 2, 17), 21.4, D(2020, 2, 18), 1, "句子3"),
        ("410802", "enterprises_resumed", "复工企业数", D(2020, 2, 18), 12.0, D(2020, 2, 18), 2, "句子4"),
        ("410871", "enterprises_resumed", "复工企业数", D(2020, 2, 16), 40.0, D(2020, 2, 17), 1, "句子0"),
        ("410871", "resumption_rate", "复工率", D(2020, 2, 16), 100.0, D(2020, 2, 17), 1, "句子1"),
    ]


def test_daily_series_has_only_days_with_data_and_the_latest_publication_wins(warehouse):
    assert rows(warehouse, "SELECT indicator, district_code, as_of_date, value, n_facts, doc_ids FROM feed_daily_series") == [
        ("enterprises_resumed", "410802", D(2020, 2, 18), 12.0, 1, ["jzrb-20200218-p02"]),
        ("enterprises_resumed", "410871", D(2020, 2, 16), 40.0, 1, ["jzrb-20200217-p01"]),
        ("resumption_rate", "410800", D(2020, 2, 17), 21.4, 2, ["jzrb-20200217-p01", "jzrb-20200218-p01"]),
        ("resumption_rate", "410871", D(2020, 2, 16), 100.0, 1, ["jzrb-20200217-p01"]),
    ]


def test_resumption_league_ranks_by_rate_then_enterprises(warehouse):
    assert rows(warehouse, "SELECT rank, district_code, resumption_rate, enterprises_resumed FROM feed_resumption_league") == [
        (1, "410871", 100.0, 40.0), (2, "410800", 21.4, None), (3, "410802", None, 12.0)]


def test_coverage_per_source_and_day(warehouse):
    assert rows(warehouse, "SELECT source, publication_date, n_documents, n_articles, n_indicators, districts "
                           "FROM feed_coverage") == [
        ("jzrb", D(2020, 2, 17), 1, 1, 3, ["410800", "410871"]),
        ("jzrb", D(2020, 2, 18), 2, 2, 2, ["410800", "410802"]),
    ]


def test_export_writes_every_feed_in_three_formats(warehouse, tmp_path):
    out = tmp_path / "feeds"
    written = export_feeds(warehouse, out)
    assert sorted(p.name for p in written) == sorted(f"{f}.{s}" for f in FEEDS for s in ("parquet", "csv", "json"))
    assert pl.read_parquet(out / "feed_resumption_league.parquet")["district_code"].to_list() == ["410871", "410800", "410802"]
    assert "jzrb-20200217-p01;jzrb-20200218-p01" in (out / "feed_daily_series.csv").read_text(encoding="utf-8")
    assert json.loads((out / "feed_coverage.json").read_text(encoding="utf-8"))[0]["districts"] == ["410800", "410871"]


def test_term_trends_sum_words_per_source_and_day(tmp_path):
    path = tmp_path / "t.duckdb"
    con = duckdb.connect(str(path))
    ensure_schema(con)
    for doc in ("jzrb-20200217-p01", "jzrb-20200217-p02"):
        con.execute("INSERT INTO documents (doc_id, source, source_path, publication_date) VALUES (?, 'jzrb', ?, ?)",
                    [doc, doc, D(2020, 2, 17)])
    con.executemany("INSERT INTO term_counts VALUES (?, ?, ?, ?)", [
        ("jzrb-20200217-p01", D(2020, 2, 17), "复工", 3), ("jzrb-20200217-p02", D(2020, 2, 17), "复工", 1),
        ("jzrb-20200217-p02", D(2020, 2, 17), "口罩", 4)])
    apply_views(con)
    assert con.execute("SELECT term, n, n_documents, share_per_10k FROM term_trends").fetchall() == [
        ("口罩", 4, 1, 5000.0), ("复工", 4, 2, 5000.0)]
