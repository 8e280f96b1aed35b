"""Cleaning undoes PDF layout and keeps an exact map back to the raw text."""
from __future__ import annotations

import unicodedata

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhnews.cleaning import boilerplate_reason, clean_page, clean_pages, jump_page

PAGE = """ 本报讯（记者王一鸣） 3月2
日、3 日，修武县工信局深入
辖区企业调研。截至昨日
12 时，全县 32 家规上工业企业
全部复工复产，口罩日产能达
12.6 万个，酒精8.5
吨。①5

科学调度 精准施策

修武县规上工业企业全部复工

 本报讯（记者李娜）截至目前，
规 上 工 业 企 业 复 工 率 达
85.3% ，同比提高2.3个百分点，
（下转第二版①）
"""


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_joins_column_wrapped_lines_and_removes_layout_spaces():
    page = clean_page(PAGE)
    assert page.text.split("\n\n") == [
        "本报讯（记者王一鸣）3月2日、3日，修武县工信局深入辖区企业调研。截至昨日12时，全县32家规上工业企业全部复工复产，"
        "口罩日产能达12.6万个，酒精8.5吨。",
        "科学调度精准施策",
        "修武县规上工业企业全部复工",
        "本报讯（记者李娜）截至目前，规上工业企业复工率达85.3%，同比提高2.3个百分点，",
    ]


def test_editor_marks_and_jump_lines_become_records():
    page = clean_page(PAGE)
    assert "①" not in page.text and "下转" not in page.text
    assert [(j.direction, j.page, j.marker) for j in page.jumps] == [("to", 2, "①")]
    assert PAGE[page.jumps[0].raw_start:page.jumps[0].raw_end] == "（下转第二版①）"
    assert [(d.text, d.reason) for d in page.dropped] == [("①5", "editor mark")]


def test_every_clean_character_points_at_its_raw_character():
    page = clean_page(PAGE)
    assert len(page.offsets) == len(page.text) + 1
    for i, ch in enumerate(page.text):
        if ch != "\n":
            assert squash(PAGE[page.offsets[i]]) == squash(ch)


def test_full_width_digits_fold_and_chinese_punctuation_stays():
    page = clean_page("全县１５家企业复工，复工率９５％。")
    assert page.text == "全县15家企业复工，复工率95%。"


def test_real_spaces_in_latin_text_stay():
    assert clean_page("新冠 COVID 19 疫情中 New York 的 3 家工厂").text == "新冠COVID 19疫情中New York的3家工厂"


def test_traditional_pages_are_simplified_with_offsets_kept():
    raw = "本報訊 截至昨日，溫縣規模以上工業企業復工率達到九成。"
    page = clean_page(raw)
    assert page.script == "traditional"
    assert page.text == "本报讯截至昨日，温县规模以上工业企业复工率达到九成。"
    assert raw[page.offsets[page.text.index("温县")]] == "溫"


def test_web_boilerplate_is_dropped_with_reasons():
    raw = "首页 > 新闻 > 本地\n卫辉市复工提速\n全市120家企业复工。\n分享到：微信 微博\n责任编辑：张华\n版权所有 © 新乡日报社\n"
    page = clean_page(raw)
    assert page.text == "卫辉市复工提速\n全市120家企业复工。"
    assert [d.reason for d in page.dropped] == ["navigation", "share buttons", "editor credit", "copyright"]


@pytest.mark.parametrize("line, reason", [("*[原文](http://tv.cctv.com/x.shtml)*", "source link"),
                                          ("编辑短信JZRB发送到10669588订阅", "subscription advertisement"),
                                          ("示范区40家企业复工", None)])
def test_boilerplate_rules(line, reason):
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("text, page", [("三", 3), ("十二", 12), ("12", 12), ("二十", 20), ("A3", None)])
def test_page_numbers_in_jump_lines(text, page):
    assert jump_page(text) == page


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["示范区", "40", "家", "重点", "工业", "企业", "复工", "，", "。", "8.5", "吨",
                                 "口罩", "51.13", "万个", "规上", "New", "York", "（市）"]), min_size=5, max_size=80),
       st.integers(min_value=5, max_value=17), st.booleans())
def test_offsets_hold_for_any_wrapped_page(tokens, width, spaced):
    text = "".join(tokens)
    if spaced:
        text = " ".join(text[i:i + 3] for i in range(0, len(text), 3))
    raw = "\n".join(text[i:i + width] for i in range(0, len(text), width))
    page = clean_page(raw)
    for i, ch in enumerate(page.text):
        if ch != "\n":
            assert squash(raw[page.offsets[i]]) == squash(ch)
    assert squash(page.text) == squash(raw)


def test_frame_function_returns_the_schema():
    frame = clean_pages(pl.DataFrame({"doc_id": ["d1"], "raw_text": [PAGE]}))
    assert frame.columns == ["doc_id", "clean_text", "offsets", "script", "jumps", "dropped"]
    assert frame["jumps"][0].to_list() == [{"direction": "to", "page": 2, "marker": "①", "raw_start": PAGE.index("（下转"),
                                            "raw_end": PAGE.index("（下转") + 8}]


def test_a_short_line_cut_mid_sentence_joins_across_the_blank_line():
    raw = (" 本报讯（记者许静） 连日来，\n卫辉市组织26个服务小组进\n驻重点企业。截至2月19日，全\n市规上工业企业员工返\n岗率\n\n"
           "达68.5%。①5\n\n卫辉市服务小组进驻重点企业\n")
    assert clean_page(raw).text.split("\n\n") == [
        "本报讯（记者许静）连日来，卫辉市组织26个服务小组进驻重点企业。截至2月19日，全市规上工业企业员工返岗率达68.5%。",
        "卫辉市服务小组进驻重点企业"]


def test_titles_never_join_the_next_block_and_a_lone_title_line_stays():
    raw = ("全县蔬菜日上市量达120吨。①5\n\n货足价稳\n\n我市蔬菜日上市量达1,860吨\n\n"
           "疫情防控期间，市民如发现发热、咳嗽等症状，请及时就诊。\n")
    assert clean_page(raw).text.split("\n\n") == [
        "全县蔬菜日上市量达120吨。", "货足价稳", "我市蔬菜日上市量达1,860吨", "疫情防控期间，市民如发现发热、咳嗽等症状，请及时就诊。"]
    assert clean_page("毫不放松抓好疫情防控\n\n全力以赴推进复工复产\n").text == "毫不放松抓好疫情防控\n\n全力以赴推进复工复产"


def test_a_body_right_after_an_end_mark_is_still_running_text():
    raw = ("（上接第一版）三要强化资金支\n持，市财政已拨付资金约1.2\n亿元。①5\n\n 本报讯（记者李冬梅） 昨日，\n"
           "记者走访市区多家商场、超市\n和餐饮门店了解到，商贸服务\n业逐步回暖。①5\n")
    assert clean_page(raw).text.split("\n\n") == [
        "三要强化资金支持，市财政已拨付资金约1.2亿元。",
        "本报讯（记者李冬梅）昨日，记者走访市区多家商场、超市和餐饮门店了解到，商贸服务业逐步回暖。"]


@pytest.mark.parametrize("line, byline", [
    ("本报记者 王 磊", True), ("记者 王磊 通讯员 李娜", True), ("本报记者王磊", True), ("记者 王磊、李娜 报道", True),
    ("记者走访市区多家商场、超市", False), ("记者昨日从市工信局获悉，", False), ("市工信局记者", False)])
def test_bylines_are_names_not_sentences(line, byline):
    from zhnews.cleaning import _is_byline
    assert _is_byline(line) is byline


def test_an_editor_mark_on_a_line_of_its_own_ends_the_article():
    page = clean_page("确保二季度经济运行加快回暖。\n① 5\n\n本报记者 张 帆\n")
    assert page.text == "确保二季度经济运行加快回暖。\n\n本报记者张帆"
    assert [(d.text, d.reason) for d in page.dropped] == [("① 5", "editor mark")]


def test_a_number_cut_after_its_decimal_point_by_a_short_line_is_whole():
    page = clean_page("其中，介休市 27 家焦化企业全部复工，日均产焦\n炭 3.\n6 万吨。全市外来人员须接受 1\n4 天集中隔离医学观察。")
    assert page.text == "其中，介休市27家焦化企业全部复工，日均产焦炭3.6万吨。全市外来人员须接受14天集中隔离医学观察。"


def test_a_nameplate_with_its_pinyin_on_one_line_is_a_masthead():
    page = clean_page("遵义日报 ZUNYI RIBAO\n\n本报讯（记者王华）全市规上工业企业复工率99.3%。")
    assert page.text == "本报讯（记者王华）全市规上工业企业复工率99.3%。"
    assert [d.reason for d in page.dropped] == ["masthead"]
