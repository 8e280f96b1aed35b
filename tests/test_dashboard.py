"""The dashboard page: built from the feed views, self-contained, escaped; and in a real headless Chromium."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dashboard.browser import chromium_path
from dashboard.build import build_dashboard, format_value
from lakehouse.warehouse import apply_views, ensure_schema
from zhnews.indicators import catalog_frame

EVIL = "全区复工<script>alert('x')</script>企业30家。"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dash") / "w.duckdb"
    con = duckdb.connect(str(path))
    ensure_schema(con)
    con.register("catalog_in", catalog_frame().to_arrow())
    con.execute("INSERT INTO indicator_catalog BY NAME SELECT * FROM catalog_in")
    facts = [("410802", "解放区", "enterprises_resumed", date(2020, 2, 16), 12, "家", "解放区12家企业复工。"),
             ("410802", "解放区", "enterprises_resumed", date(2020, 2, 20), 30, "家", EVIL),
             ("410871", "焦作城乡一体化示范区", "resumption_rate", date(2020, 2, 16), 100, "%", "复工复产率100%"),
             ("410871", "焦作城乡一体化示范区", "masks_produced", date(2020, 2, 17), 511300, "个", "累计生产口罩51.13万个"),
             ("410883", "孟州市", "resumption_rate", date(2020, 2, 20), 87.5, "%", "孟州市复工率达87.5%。")]
    for i, (code, name, indicator, day, value, unit, sentence) in enumerate(facts):
        doc = f"jzrb-{day:%Y%m%d}-p01"
        con.execute("INSERT INTO documents (doc_id, source, source_name, home_code, source_path, publication_date, page) "
                    "SELECT ?, 'jzrb', '焦作日报', '410800', ?, ?, 1 WHERE NOT EXISTS (SELECT 1 FROM documents WHERE doc_id = ?)",
                    [doc, f"/l/{doc}", day, doc])
        con.execute("INSERT INTO indicators (doc_id, article_id, sentence_id, quantity_id, source, publication_date, "
                    "district_code, district_name, indicator, as_of_date, value, unit, qualifier, period, sentence, raw_start, "
                    "raw_end) VALUES (?, 0, ?, ?, 'jzrb', ?, ?, ?, ?, ?, ?, ?, 'exact', 'point', ?, 0, 1)",
                    [doc, i, i, day, code, name, indicator, day, value, unit, sentence])
    apply_views(con)
    con.close()
    return path


@pytest.fixture(scope="module")
def page(warehouse, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("out") / "dashboard.html"
    summary = build_dashboard(warehouse, out)
    assert (summary.indicators, summary.districts, summary.facts) == (3, 3, 4)
    return out, out.read_text(encoding="utf-8")


@pytest.mark.parametrize("value, unit, qualifier, shown", [
    (511300, "个", None, "51.13万 个"), (1373.5, "t", None, "1,373.5 t"), (19.7, "%", None, "19.7%"),
    (1e6, "CNY", None, "100万 元"), (1.2e8, "CNY", "approx", "约 1.2亿 元"), (30, "项", "at_least", "≥ 30 项"),
    (2.3, "pp", None, "2.3 个百分点"), (860000, "kWh", None, "86万 千瓦时"), (None, "家", None, "—")])
def test_numbers_are_formatted_with_their_units(value, unit, qualifier, shown):
    assert format_value(value, unit, qualifier) == shown


def test_page_is_self_contained_and_small(page):
    path, text = page
    assert path.stat().st_size < 2_000_000
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"http", text)
    assert "window.vegaEmbed" in text


def test_page_text_is_escaped(page):
    _, text = page
    assert "<script>alert('x')</script>" not in text
    assert "全区复工&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;企业30家。" in text


def test_tables_show_latest_facts_league_and_filters(page):
    _, text = page
    assert '<tr data-indicator="resumption_rate" data-district="410883">' in text
    assert "51.13万 个" in text and "87.5%" in text and "30 家" in text
    assert '<option value="410871">焦作城乡一体化示范区（410871）</option>' in text
    league = re.search(r'<div id="league">(.*?)</div>', text, re.S).group(1)
    assert re.findall(r"<tr><td>(\d)</td><td>([^<]+)</td>", league) == [("1", "焦作城乡一体化示范区"), ("2", "孟州市"), ("3", "解放区")]


@pytest.mark.browser
def test_page_renders_and_filters_in_headless_chromium(page, tmp_path):
    if chromium_path() is None:
        pytest.skip("no chromium on PATH: scripts/install_chromium.sh installs Debian's chromium (needs root and apt)")
    pytest.importorskip("playwright", reason="playwright is a test extra: pip install -e '.[test]'")
    from dashboard.browser import open_page

    path, _ = page
    with open_page(path) as (browser_page, errors, seconds):
        assert errors == []
        assert seconds < 2.0
        marks = browser_page.locator("#vis svg path").count()
        assert browser_page.locator("#vis svg").count() >= 1 and marks > 0
        visible = browser_page.locator("#facts tbody tr:not(.hidden)").count()
        assert visible == 4
        browser_page.select_option("#district", "410883")
        browser_page.wait_for_timeout(300)
        assert browser_page.locator("#facts tbody tr:not(.hidden)").count() == 1
        assert browser_page.locator("#vis svg path").count() < marks
        browser_page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
        assert (tmp_path / "dashboard.png").stat().st_size > 10_000
