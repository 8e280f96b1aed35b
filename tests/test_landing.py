"""Ingestion of landed files: layout, sources, encodings and every kind of bad input, each with a reason."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from lakehouse.landing import (changed_days, doc_id_for, landed_days, list_day, misfiled, page_from_file_name,
                               read_pages)
from lakehouse.sources import Source, SourcesFileError, load_sources
from zhnews.cleaning import clean_pages
from zhnews.decoding import UndecodablePage, decode_page, html_to_text

DAY = date(2020, 3, 2)
SOURCES = {"jzrb": Source(name="焦作日报", home_code="410800"), "xxrb": Source(name="新乡日报", home_code="410700")}
PAGE = "本报讯（记者王一鸣）截至昨日12时，\n修武县 32 家规上工业企业\n全部复工复产。①5\n"


def land(root: Path, relative: str, data: bytes | str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_decodes_utf8_gb18030_and_big5_and_records_the_encoding():
    assert decode_page(PAGE.encode("utf-8")).encoding == "utf-8"
    gb = decode_page(PAGE.encode("gb18030"))
    assert (gb.encoding, gb.text) == ("gb18030", PAGE)
    traditional = "本報訊 截至昨日，溫縣規模以上工業企業復工率達到百分之九十五。"
    big5 = decode_page(traditional.encode("big5"))
    assert (big5.encoding, big5.text) == ("big5", traditional)


def test_bom_is_not_part_of_the_text():
    assert decode_page("示范区".encode("utf-8-sig")).text == "示范区"


@pytest.mark.parametrize("data, reason", [
    (b"", "the file is empty"),
    (b"  \n\n ", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is binary (it contains NUL bytes), not a text page"),
    (bytes(range(0x80, 0x100)) * 4, "the bytes decode in no supported encoding (UTF-8, GB18030/GBK, Big5)"),
])
def test_unreadable_bytes_are_rejected_with_a_reason(data, reason):
    with pytest.raises(UndecodablePage) as error:
        decode_page(data)
    assert str(error.value) == reason


def test_html_pages_keep_visible_text_one_block_a_line():
    html = ("<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body><nav>首页 | 新闻</nav>"
            "<h1>温县复工复产提速</h1><p>全县 <b>120</b> 家企业复工。</p><script>track()</script></body></html>")
    page = decode_page(html.encode("utf-8"))
    assert page.format == "html"
    # a heading is marked as one: the segmenter takes it for the title of what follows; navigation is marked
    # for cleaning to drop with its reason
    assert page.text == "〖导航〗首页 | 新闻\n## 温县复工复产提速\n全县 120 家企业复工。"
    assert html_to_text("<p>a&lt;script&gt;</p>") == "a<script>"


def test_a_founder_e_paper_page_with_a_title_sidebar_and_typeset_line_breaks():
    html = ('<html><body><table><tr><td class="left_nav"><table><tr><td class="nav_head">标题导航</td></tr>'
            '<tr><td class="nav_item"><a href="#art1">口罩日产能达180万只</a></td></tr></table></td>'
            '<td class="main"><table class="article"><tr><td class="yt">防疫物资生产企业开足马力</td></tr>'
            '<tr><td class="bt"><founder-title>口罩日产能达180万只</founder-title></td></tr>'
            '<tr><td class="ft"><founder-subtitle>累计生产3260万只</founder-subtitle></td></tr>'
            '<tr><td class="zw"><founder-content><p>本报讯（记者吴静）零售总额236.<br>5亿元，同比下降14.7%。<br>'
            '全市日产能达180万只。</p></founder-content></td></tr></table></td></tr></table></body></html>')
    assert html_to_text(html).splitlines() == [
        "〖导航〗标题导航", "〖导航〗口罩日产能达180万只",  # the sidebar repeats the titles: dropped by cleaning
        "## 防疫物资生产企业开足马力", "## 口罩日产能达180万只", "——累计生产3260万只",
        "本报讯（记者吴静）零售总额236.5亿元，同比下降14.7%。", "全市日产能达180万只。"]
    cleaned = clean_pages(pl.DataFrame({"doc_id": ["d"], "raw_text": [html_to_text(html)]}))
    assert [(d["text"], d["reason"]) for d in cleaned["dropped"][0]] == [
        (line, "navigation and page furniture (marked by the page's HTML)")
        for line in ("〖导航〗标题导航", "〖导航〗口罩日产能达180万只")]


def test_layout_sources_and_rejections(tmp_path):
    land(tmp_path, "jzrb/2020-03-02/p01.txt", PAGE)
    land(tmp_path, "xxrb/2020-03-02/p02.txt", PAGE.encode("gb18030"))
    land(tmp_path, "zzwb/2020-03-02/p01.txt", PAGE)  # unknown source
    land(tmp_path, "jzrb/2020-03-02/scan.pdf", b"%PDF-1.4")
    land(tmp_path, "jzrb/2020-03-02/.p01.txt.swp", b"x")
    land(tmp_path, "jzrb/2020-03-02/empty.txt", b"")
    land(tmp_path, "jzrb/latest/p01.txt", PAGE)
    land(tmp_path, "jzrb/p01.txt", PAGE)
    land(tmp_path, "README.txt", "notes")
    files, rejected = list_day(tmp_path, DAY, SOURCES)
    assert [f.relative for f in files] == ["jzrb/2020-03-02/empty.txt", "jzrb/2020-03-02/p01.txt",
                                           "xxrb/2020-03-02/p02.txt"]
    assert {Path(r.source_path).name: r.reason for r in rejected} == {
        "scan.pdf": "not a page file: expected .txt, .md or .html",
        "p01.txt": "unknown source 'zzwb': add [sources.zzwb] to the sources file",
    }
    documents, unreadable = read_pages(files, SOURCES)
    assert documents["doc_id"].to_list() == ["jzrb-20200302-p01", "xxrb-20200302-p02"]
    assert documents["encoding"].to_list() == ["utf-8", "gb18030"]
    assert documents["home_code"].to_list() == ["410800", "410700"]
    assert documents["page"].to_list() == [1, 2]
    assert documents["raw_text"].to_list() == [PAGE, PAGE]
    assert [(Path(r.source_path).name, r.reason) for r in unreadable] == [("empty.txt", "the file is empty")]
    assert sorted((Path(r.source_path).name, r.reason) for r in misfiled(tmp_path)) == [
        ("README.txt", "outside the layout <source>/<YYYY-MM-DD>/<page>: no source, no date"),
        ("latest", "folder 'latest' is not a date (YYYY-MM-DD): its pages have no publication date"),
        ("p01.txt", "outside the layout: a page must lie in a <YYYY-MM-DD> folder"),
    ]


def test_days_outside_the_partitions_are_rejected_not_dropped(tmp_path):
    land(tmp_path, "jzrb/1998-07-01/p01.txt", PAGE)
    land(tmp_path, "jzrb/2099-01-01/p01.txt", PAGE)
    reasons = sorted(r.reason for r in misfiled(tmp_path, date(2000, 1, 1), date(2030, 1, 1)))
    assert reasons == [
        "day 1998-07-01 is before the first partition 2000-01-01: set NEWSSTATS_PARTITIONS_START earlier to load it",
        "day 2099-01-01 is after the last partition 2030-01-01: a page cannot be published in the future",
    ]


def test_a_file_deleted_between_listing_and_reading_is_rejected_and_the_rest_load(tmp_path):
    land(tmp_path, "jzrb/2020-03-02/p01.txt", PAGE)
    gone = land(tmp_path, "jzrb/2020-03-02/p02.txt", PAGE)
    files, _ = list_day(tmp_path, DAY, SOURCES)
    gone.unlink()
    documents, rejected = read_pages(files, SOURCES)
    assert documents["doc_id"].to_list() == ["jzrb-20200302-p01"]
    assert [(Path(r.source_path).name, r.reason) for r in rejected] == [
        ("p02.txt", "the file disappeared between listing and reading")]


def test_symlink_leaving_the_landing_root_is_not_read(tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text("密码", encoding="utf-8")
    root = tmp_path / "landing"
    (root / "jzrb/2020-03-02").mkdir(parents=True)
    os.symlink(secret, root / "jzrb/2020-03-02/p09.txt")
    files, rejected = list_day(root, DAY, SOURCES)
    assert files == []
    assert rejected[0].reason == "the path leads outside the landing folder (a symbolic link?); it is not read"


def test_a_day_with_no_pages_gives_no_documents_and_no_error(tmp_path):
    (tmp_path / "jzrb/2020-03-02").mkdir(parents=True)
    files, rejected = list_day(tmp_path, DAY, SOURCES)
    assert (files, rejected) == ([], [])
    assert landed_days(tmp_path) == [DAY]


@pytest.mark.parametrize("name, page", [("p01.txt", 1), ("page-12.html", 12), ("A03版.txt", 3),
                                        ("000_442700f1404d18b4.txt", None), ("jzrb_p2.txt", 2)])
def test_page_number_from_file_name(name, page):
    assert page_from_file_name(name) == page


def test_sources_file_validation(tmp_path):
    good = tmp_path / "sources.toml"
    good.write_text('[sources.jzrb]\nname = "焦作日报"\nhome_code = "410800"\n', encoding="utf-8")
    assert load_sources(good)["jzrb"] == Source(name="焦作日报", home_code="410800")
    bad = tmp_path / "bad.toml"
    bad.write_text('[sources.jzrb]\nname = "焦作日报"\nhome_code = "4108"\n', encoding="utf-8")
    with pytest.raises(SourcesFileError, match=r"sources\.jzrb\.home_code: Value error, home_code must be 6 digits"):
        load_sources(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text('[sources.jzrb\nname = 1', encoding="utf-8")
    with pytest.raises(SourcesFileError, match="is not valid TOML"):
        load_sources(broken)
    with pytest.raises(SourcesFileError, match="does not exist"):
        load_sources(tmp_path / "none.toml")


def test_changed_days_follows_content_not_timestamps(tmp_path):
    page = land(tmp_path, "jzrb/2020-03-02/p01.txt", PAGE)
    land(tmp_path, "jzrb/2020-03-03/p01.txt", PAGE)
    changed, state = changed_days(tmp_path, {})
    assert changed == [date(2020, 3, 2), date(2020, 3, 3)]
    assert changed_days(tmp_path, state)[0] == []
    os.utime(page, ns=(1, 1))  # touched, same bytes: no run
    changed, state = changed_days(tmp_path, state)
    assert changed == []
    page.write_text(PAGE + "补充。", encoding="utf-8")
    assert changed_days(tmp_path, state)[0] == [date(2020, 3, 2)]


def test_doc_ids_are_readable_and_stable(tmp_path):
    land(tmp_path, "jzrb/2020-03-02/第 1 版.txt", PAGE)
    files, _ = list_day(tmp_path, DAY, SOURCES)
    assert doc_id_for(files[0]) == "jzrb-20200302-第_1_版"
