"""The dashboard page: built from the four feed views only, self-contained, escaped, small.

The warehouse here is made by hand: tables named like the feed views (same columns as sql/views/*.sql), so the
page is tested against exactly what it may read and nothing else. tests/test_dashboard_browser.py opens the same
page in headless Chromium.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dashboard.build import build_dashboard, format_value

EVIL = "解放区复工企业30家<script>alert('x')</script>，复工率71.2%。"
NAMES = {"enterprises_resumed": "复工企业数", "resumption_rate": "复工率", "masks_produced": "口罩产量"}
UNITS = {"enterprises_resumed": "家", "resumption_rate": "%", "masks_produced": "个"}
DISTRICTS = {"410802": "解放区", "410871": "示范区", "410883": "孟州市"}
# (district, indicator) -> [(day, value)], several days each
SERIES = {
    ("410802", "enterprises_resumed"): [(16, 12), (18, 21), (20, 30)],
    ("410802", "resumption_rate"): [(16, 45.5), (20, 71.2)],
    ("410871", "resumption_rate"): [(16, 80), (18, 92.3), (20, 100)],
    ("410871", "masks_produced"): [(17, 320000), (19, 430000), (21, 511300)],
    ("410883", "enterprises_resumed"): [(17, 40), (20, 58)],
    ("410883", "resumption_rate"): [(17, 60), (20, 87.5)],
    ("410883", "masks_produced"): [(18, 86000), (21, 120000)],
}
N_LATEST = len(SERIES)


def _doc(day: int) -> str:
    return f"jzrb-202002{day + 1:02d}-p01"  # printed the day after the figure


def make_warehouse(path: Path) -> Path:
    """A DuckDB file whose tables are named like the feed views and hold realistic 焦作 rows."""
    con = duckdb.connect(str(path))
    con.execute("""CREATE TABLE feed_daily_series (indicator VARCHAR, name_zh VARCHAR, district_code VARCHAR,
                   district_name VARCHAR, as_of_date DATE, value DOUBLE, unit VARCHAR, n_facts BIGINT,
                   doc_ids VARCHAR[])""")
    con.execute("""CREATE TABLE feed_latest_values (district_code VARCHAR, district_name VARCHAR, indicator VARCHAR,
                   name_zh VARCHAR, name_en VARCHAR, as_of_date DATE, value DOUBLE, unit VARCHAR, qualifier VARCHAR,
                   period VARCHAR, scope VARCHAR, source VARCHAR, source_name VARCHAR, publication_date DATE,
                   page INTEGER, doc_id VARCHAR, article_id INTEGER, sentence_id INTEGER, sentence VARCHAR)""")
    con.execute("""CREATE TABLE feed_resumption_league (district_code VARCHAR, district_name VARCHAR,
                   resumption_rate DOUBLE, resumption_rate_date DATE, enterprises_resumed DOUBLE,
                   enterprises_resumed_date DATE, rank BIGINT)""")
    con.execute("""CREATE TABLE feed_coverage (source VARCHAR, source_name VARCHAR, publication_date DATE,
                   n_documents BIGINT, n_articles BIGINT, n_quantities BIGINT, n_indicators BIGINT,
                   n_districts BIGINT, districts VARCHAR[])""")
    for sid, ((code, indicator), points) in enumerate(SERIES.items()):
        for day, value in points:
            con.execute("INSERT INTO feed_daily_series VALUES (?, ?, ?, ?, ?, ?, ?, 1, [?])",
                        [indicator, NAMES[indicator], code, DISTRICTS[code], date(2020, 2, day), value,
                         UNITS[indicator], _doc(day)])
        day, value = points[-1]
        sentence = (EVIL if (code, indicator) == ("410802", "enterprises_resumed")
                    else f"{DISTRICTS[code]}{NAMES[indicator]}{value:g}{UNITS[indicator]}。")
        con.execute("INSERT INTO feed_latest_values VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'exact', 'point', NULL, 'jzrb', "
                    "'焦作日报', ?, 1, ?, 3, ?, ?)",
                    [code, DISTRICTS[code], indicator, NAMES[indicator], indicator, date(2020, 2, day), value,
                     UNITS[indicator], date(2020, 2, day + 1), _doc(day), sid, sentence])
    con.execute("""INSERT INTO feed_resumption_league VALUES
                   ('410871', '示范区', 100, '2020-02-20', NULL, NULL, 1),
                   ('410883', '孟州市', 87.5, '2020-02-20', 58, '2020-02-20', 2),
                   ('410802', '解放区', 71.2, '2020-02-20', 30, '2020-02-20', 3)""")
    for day in range(17, 23):
        con.execute("INSERT INTO feed_coverage VALUES ('jzrb', '焦作日报', ?, 4, 20, 60, 3, 2, ['410802', '410871'])",
                    [date(2020, 2, day)])
    con.close()
    return path


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, str, dict]:
    tmp = tmp_path_factory.mktemp("dash")
    db = make_warehouse(tmp / "w.duckdb")
    out = tmp / "out" / "dashboard.html"
    summary = build_dashboard(db, out)
    return out, out.read_text(encoding="utf-8"), summary


@pytest.mark.parametrize("value, unit, qualifier, shown", [
    (511300, "个", None, "51.13万 个"), (1373.5, "t", None, "1,373.5 t"), (19.7, "%", None, "19.7%"),
    (1e6, "CNY", None, "100万 元"), (1.2e8, "CNY", "approx", "约 1.2亿 元"), (30, "项", "at_least", "≥ 30 项"),
    (2.3, "pp", None, "2.3 个百分点"), (860000, "kWh", None, "86万 千瓦时"), (None, "家", None, "—")])
def test_numbers_are_formatted_with_their_units(value, unit, qualifier, shown):
    assert format_value(value, unit, qualifier) == shown


def test_summary_counts_what_the_page_shows(page):
    path, _, summary = page
    assert summary == {"path": str(path), "bytes": path.stat().st_size, "n_facts": N_LATEST, "indicators": 3,
                       "districts": 3}


def test_page_is_self_contained_and_small(page):
    path, text, _ = page
    assert path.stat().st_size < 2_000_000
    assert text.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=", text)
    assert not re.search(r"""(?:href|src)=["']?(?:https?:)?//""", text)
    assert "window.vegaEmbed" in text and 'vegaEmbed("#vis", spec' in text
    assert '"Noto Sans CJK SC"' in text and '"Microsoft YaHei"' in text and 'sans-serif' in text


def test_page_text_is_escaped(page):
    _, text, _ = page
    assert "<script>alert" not in text
    assert "解放区复工企业30家&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;，复工率71.2%。" in text
    # the sentence is not in the chart JSON, but any "</" in embedded JSON would be "<\/"
    spec = re.search(r"const spec = (.*?);\n", text, re.S).group(1)
    assert "</" not in spec


def test_script_json_cannot_close_its_element():
    from dashboard.build import _script_json

    assert _script_json({"s": "a</script><script>alert(1)</script>"}) == \
        '{"s": "a<\\/script><script>alert(1)<\\/script>"}'


def test_every_district_and_indicator_is_on_the_page(page):
    _, text, _ = page
    for code, name in DISTRICTS.items():
        assert f'<option value="{code}">{name}（{code}）</option>' in text
    for indicator, name in NAMES.items():
        assert f'<option value="{indicator}">{name}（{indicator}）</option>' in text
        assert f'"label": "{name}（{UNITS[indicator]}）"' in text  # chart facet titles carry the unit
    for code, indicator in SERIES:
        assert f'<tr data-indicator="{indicator}" data-district="{code}">' in text
    spec = re.search(r"const spec = (.*?);\n", text, re.S).group(1)
    assert spec.count('"t": "2020-') == sum(len(points) for points in SERIES.values())


def test_latest_facts_show_value_source_page_and_date(page):
    _, text, _ = page
    facts = re.search(r'<div id="facts">(.*?)</div>', text, re.S).group(1)
    assert facts.count("<tr data-indicator=") == N_LATEST
    row = re.search(r'<tr data-indicator="masks_produced" data-district="410871">(.*?)</tr>', facts).group(1)
    assert re.findall(r"<td>(.*?)</td>", row) == [
        "示范区", "口罩产量", '<span class="value">51.13万 个</span>', "2020-02-21", "焦作日报", "1", "2020-02-22",
        '<span class="sentence">示范区口罩产量511300个。</span>']
    assert '<span class="value">87.5%</span>' in facts and '<span class="value">30 家</span>' in facts


def test_league_is_ranked_by_resumption_rate(page):
    _, text, _ = page
    league = re.search(r'<div id="league">(.*?)</div>', text, re.S).group(1)
    assert re.findall(r'<tr data-district="(\d+)"><td>(\d)</td><td>([^<]+)</td>', league) == [
        ("410871", "1", "示范区"), ("410883", "2", "孟州市"), ("410802", "3", "解放区")]
    assert "<td>100%</td>" in league and "<td>58 家</td>" in league


def test_only_the_feed_views_are_read(tmp_path):
    """A warehouse holding nothing but the four feed tables is enough; the file is opened read-only."""
    db = make_warehouse(tmp_path / "w.duckdb")
    lock = duckdb.connect(str(db), read_only=True)  # another reader does not block the build
    try:
        assert build_dashboard(db, tmp_path / "d.html")["n_facts"] == N_LATEST
    finally:
        lock.close()


def test_names_in_chart_data_cannot_break_out_of_the_script(tmp_path):
    db = make_warehouse(tmp_path / "w.duckdb")
    con = duckdb.connect(str(db))
    con.execute("UPDATE feed_daily_series SET district_name = '孟州市</script><script>alert(2)</script>' "
                "WHERE district_code = '410883'")
    con.close()
    build_dashboard(db, tmp_path / "d.html")
    text = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert "</script><script>alert(2)" not in text  # a "<script>" inside a script element is inert text
    assert "孟州市<\\/script><script>alert(2)<\\/script>" in text


def test_an_empty_warehouse_gives_a_page(tmp_path):
    db = make_warehouse(tmp_path / "w.duckdb")
    con = duckdb.connect(str(db))
    for table in ("feed_daily_series", "feed_latest_values", "feed_resumption_league", "feed_coverage"):
        con.execute(f"DELETE FROM {table}")
    con.close()
    summary = build_dashboard(db, tmp_path / "d.html")
    assert (summary["n_facts"], summary["indicators"], summary["districts"]) == (0, 0, 0)
    assert "window.vegaEmbed" in (tmp_path / "d.html").read_text(encoding="utf-8")


def test_a_busy_warehouse_still_fits_in_2_mb(tmp_path):
    """16 indicators x 13 districts x 40 days of figures (8,320 chart rows) stay under the 2 MB page budget."""
    db = make_warehouse(tmp_path / "w.duckdb")
    con = duckdb.connect(str(db))
    con.execute("""INSERT INTO feed_daily_series
                   SELECT 'indicator_' || i, '指标' || i, (410900 + d)::VARCHAR, '地区' || d,
                          DATE '2020-01-20' + t::INT, round(1000 * random() * (t + 1), 1), '家', 1, ['jzrb-20200120-p01']
                   FROM range(16) a(i), range(13) b(d), range(40) c(t)""")
    con.close()
    summary = build_dashboard(db, tmp_path / "d.html")
    assert summary["bytes"] < 2_000_000
