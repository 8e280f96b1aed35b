"""The dashboard in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Run scripts/install_chromium.sh first; without the browser or the playwright package these tests skip.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dashboard.build import CHROMIUM, build_dashboard, measure_in_browser
from test_dashboard import N_LATEST, make_warehouse

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason=f"{CHROMIUM} is missing: scripts/install_chromium.sh installs it (needs root and apt)"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None,
                       reason="playwright is not importable: it is a test extra (pip install -e '.[test]' or "
                              "scripts/install_chromium.sh)"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("dash-browser")
    db = make_warehouse(tmp / "w.duckdb")
    out = tmp / "dashboard.html"
    build_dashboard(db, out)
    return db, out


def test_page_renders_and_filters(built, tmp_path):
    from dashboard.build import open_page

    _, path = built
    with open_page(path) as (page, errors, seconds):
        assert errors == []
        assert seconds < 5.0
        assert page.locator("#vis svg").count() >= 1
        marks = page.locator("#vis svg path").count()
        assert marks > 0
        box = page.locator("#vis svg").first.bounding_box()
        assert box["width"] > 100 and box["height"] > 100
        assert page.locator("#facts tbody tr:not(.hidden)").count() == N_LATEST
        assert page.locator("#league tbody tr:not(.hidden)").count() == 3
        # the sentence with <script> is shown as text, never run
        assert "<script>alert('x')</script>" in page.locator("#facts").inner_text()

        page.select_option("#district", "410883")
        page.wait_for_function("document.querySelectorAll('#vis svg path').length < %d" % marks)
        assert page.locator("#facts tbody tr:not(.hidden)").count() == 3
        assert page.locator("#league tbody tr:not(.hidden)").count() == 1
        assert page.locator("#vis svg path").count() < marks

        page.select_option("#indicator", "masks_produced")
        page.wait_for_timeout(200)
        assert page.locator("#facts tbody tr:not(.hidden)").count() == 1
        assert "12万 个" in page.locator("#facts tbody tr:not(.hidden)").inner_text()

        page.select_option("#district", "all")
        page.select_option("#indicator", "all")
        page.wait_for_function("document.querySelectorAll('#vis svg path').length == %d" % marks)
        assert page.locator("#facts tbody tr:not(.hidden)").count() == N_LATEST
        assert errors == []

        shot = tmp_path / "dashboard.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000


def test_measure_in_browser_reports_size_time_and_errors(built, tmp_path):
    db, _ = built
    figures = measure_in_browser(db, tmp_path / "dashboard.html")
    assert figures["console_errors"] == []
    assert 0 < figures["bytes"] < 2_000_000
    assert 0 < figures["open_seconds"] < 5.0
    assert figures["n_facts"] == N_LATEST
