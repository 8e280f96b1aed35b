"""Dates resolved to days, each with its rule: absolute, elliptical, relative, lunar, year boundaries."""
from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhnews.dates import find_dates, lunar_date, resolve_dates

PUB = date(2020, 2, 17)


def found(text: str, published: date = PUB):
    return [(m.surface, str(m.resolved) if m.resolved else None, m.rule) for m in find_dates(text, published)]


@pytest.mark.parametrize("text, expected", [
    ("2020年2月17日，全市", [("2020年2月17日", "2020-02-17", "absolute")]),
    ("3月2日，修武县", [("3月2日", "2020-03-02", "month_day")]),
    ("2月13日、14日两天", [("2月13日", "2020-02-13", "month_day"), ("14日", "2020-02-14", "month_carried")]),
    ("2月10日至12日，", [("2月10日", "2020-02-10", "range_start"), ("12日", "2020-02-12", "range")]),
    ("1月30日到2月2日", [("1月30日", "2020-01-30", "range_start"), ("2月2日", "2020-02-02", "range")]),
    ("截至昨日12时，", [("截至昨日12时", "2020-02-16", "as_of")]),
    ("昨天下午，", [("昨天下午", "2020-02-16", "relative_yesterday")]),
    ("今天上午，", [("今天上午", "2020-02-17", "relative_today")]),
    ("前天，", [("前天", "2020-02-15", "relative_day_before_yesterday")]),
    ("明天起", [("明天起", "2020-02-18", "relative_tomorrow")]),
    ("上周三，", [("上周三", "2020-02-12", "relative_week")]),
    ("从2月3日起，", [("2月3日起", "2020-02-03", "since")]),
    ("2月16日一早，", [("2月16日一早", "2020-02-16", "month_day")]),
    ("正月初三，", [("正月初三", "2020-01-27", "lunar")]),
    ("1月25日（大年初一），", [("1月25日", "2020-01-25", "year_from_lunar_pair"), ("大年初一", "2020-01-25", "lunar")]),
    ("2020年1月，全市", [("2020年1月", None, "month_only")]),
    ("16日上午，市委召开会议", [("16日上午", "2020-02-16", "day_of_month")]),
    ("截至16日，全市", [("截至16日", "2020-02-16", "as_of")]),
    ("将于20日起施行", [("20日起", "2020-02-20", "day_of_month")]),
    ("3日内完成审批", []),
    ("“超市今天有多少库存？”", []),
    ("第一时间、年底、每天", []),
])
def test_rules(text, expected):
    assert found(text) == expected


def test_times_of_day_are_kept():
    [mention] = find_dates("截至2月28日19时30分，", PUB)
    assert (mention.time_of_day, mention.rule) == ("19:30", "as_of")
    [mention] = find_dates("昨日下午3时，", PUB)
    assert mention.time_of_day == "15:00"


def test_year_boundary_page_of_january_second():
    assert found("12月31日，全县；1月1日零时起", date(2021, 1, 2)) == [
        ("12月31日", "2020-12-31", "year_boundary"), ("1月1日", "2021-01-01", "month_day")]


def test_lunar_pair_decides_the_year_when_the_page_is_near_new_year():
    # a page of 2021-01-20 recalling 1月25日（大年初一）: only 2020 has that pair, not 2021
    assert found("去年1月25日（大年初一），", date(2021, 1, 20))[0] == ("1月25日", "2020-01-25", "year_from_lunar_pair")


def test_a_day_well_after_the_page_is_last_month():
    assert found("28日，全县", date(2020, 3, 2)) == [("28日", "2020-02-28", "day_of_month")]


def test_same_day_follows_the_last_named_date():
    assert found("2月10日召开会议，当天") == [("2月10日", "2020-02-10", "month_day"), ("当天", "2020-02-10", "same_day")]


@settings(max_examples=80, deadline=None)
@given(st.dates(min_value=date(2001, 3, 1), max_value=date(2030, 12, 31)), st.integers(min_value=0, max_value=40))
def test_any_recent_month_day_resolves_to_itself(day, back):
    published = day + timedelta(days=back)
    [(surface, resolved, rule)] = found(f"{day.month}月{day.day}日，", published)
    assert resolved == str(day) and rule in ("month_day", "year_boundary")


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=date(2005, 1, 1), max_value=date(2029, 12, 31)))
def test_lunar_new_year_lands_on_the_solar_date(published):
    solar = lunar_date(1, 1, published)
    assert solar is not None and published - timedelta(days=330) <= solar <= published + timedelta(days=60)
    assert solar.month in (1, 2)


def test_frame_rows_keep_sentence_and_raw_spans():
    sentences = pl.DataFrame({"doc_id": ["d"], "article_id": [0], "sentence_id": [3], "text": ["截至昨日12时，全县复工。"],
                              "is_headline": [False], "clean_start": [0], "clean_end": [12], "raw_start": [0],
                              "raw_end": [12]}).cast({"article_id": pl.Int32, "sentence_id": pl.Int32})
    documents = pl.DataFrame({"doc_id": ["d"], "publication_date": [PUB]})
    rows = resolve_dates(sentences, documents)
    assert rows.select("sentence_id", "surface", "resolved_date", "rule", "time_of_day", "sent_start", "sent_end").rows() == [
        (3, "截至昨日12时", date(2020, 2, 16), "as_of", "12:00", 0, 7)]


def test_xwlb_resolves_without_errors(xwlb_dir):
    from zhnews.articles import segment_articles
    from zhnews.cleaning import clean_pages
    from zhnews.sentences import split_sentences

    files = sorted(xwlb_dir.glob("*.md"))
    documents = pl.DataFrame({"doc_id": [p.stem for p in files], "raw_text": [p.read_text(encoding="utf-8") for p in files],
                              "publication_date": [date.fromisoformat(p.stem) for p in files]})
    cleaned = clean_pages(documents)
    sentences = split_sentences(cleaned, segment_articles(cleaned))
    mentions = resolve_dates(sentences, documents, cleaned)
    assert mentions.height > 5000
    assert mentions.filter(pl.col("resolved_date").is_not_null() & (
        (pl.col("resolved_date") < date(2018, 1, 1)) | (pl.col("resolved_date") > date(2021, 12, 31)))).height < 60


def test_both_days_of_a_range_carry_the_whole_period():
    first, last = find_dates("3月1日至2日，全市第二批项目集中开工", date(2020, 3, 2))
    assert (first.surface, first.resolved, first.start_date, first.end_date) == (
        "3月1日", date(2020, 3, 1), date(2020, 3, 1), date(2020, 3, 2))
    assert (last.surface, last.resolved, last.start_date, last.end_date) == (
        "2日", date(2020, 3, 2), date(2020, 3, 1), date(2020, 3, 2))


@pytest.mark.parametrize("text, expected", [
    # a week, a month or a year is a period: start and end, no single resolved day
    ("较上周提高2.3个百分点", ("上周", "2020-02-24", "2020-03-01", "relative_week_period")),
    ("本周内全部开工", ("本周", "2020-03-02", "2020-03-08", "relative_week_period")),
    ("上月全市完成投资", ("上月", "2020-02-01", "2020-02-29", "relative_month")),
    ("本月底前", ("本月", "2020-03-01", "2020-03-31", "relative_month")),
    ("去年同期", ("去年", "2019-01-01", "2019-12-31", "relative_year")),
])
def test_relative_periods(text, expected):
    [mention] = find_dates(text, date(2020, 3, 2))
    assert (mention.surface, str(mention.start_date), str(mention.end_date), mention.rule) == expected
    assert mention.resolved is None


@pytest.mark.parametrize("text, published, expected", [
    ("一季度全市规上工业增加值下降6.8%", date(2020, 4, 21), ("一季度", "2020-01-01", "2020-03-31")),
    ("去年一季度受疫情冲击", date(2021, 1, 5), ("去年一季度", "2020-01-01", "2020-03-31")),
    ("2020年上半年", date(2021, 1, 5), ("2020年上半年", "2020-01-01", "2020-06-30")),
    # no year: a quarter not begun, or a 前三季度 far from over, is last year's
    ("第四季度用电量", date(2021, 1, 5), ("第四季度", "2020-10-01", "2020-12-31")),
    ("降幅比前三季度收窄", date(2021, 1, 5), ("前三季度", "2020-01-01", "2020-09-30")),
    ("一季度重大项目", date(2021, 1, 5), ("一季度", "2021-01-01", "2021-03-31")),
])
def test_quarters_and_half_years_are_periods(text, published, expected):
    [mention] = find_dates(text, published)
    assert (mention.surface, str(mention.start_date), str(mention.end_date), mention.rule) == (*expected, "quarter")
    assert mention.resolved is None


def test_a_coming_day_of_this_year_is_not_last_year():
    [mention] = find_dates("6月30日前完成", date(2020, 4, 8))
    assert mention.resolved == date(2020, 6, 30)  # 83 days ahead; 2019-06-30 would be 283 days back


def test_a_month_in_january_reaches_back_across_the_year():
    [mention] = find_dates("上月全市用电量", date(2021, 1, 2))
    assert (mention.start_date, mention.end_date) == (date(2020, 12, 1), date(2020, 12, 31))


def test_an_opening_day_with_words_before_yilai_is_a_since():
    found_ = find_dates("自1月25日（大年初一）全省启动Ⅰ级响应以来，我市", date(2020, 2, 12))
    assert [(m.surface, m.resolved, m.end_date, m.rule) for m in found_] == [
        ("1月25日", date(2020, 1, 25), None, "since"), ("大年初一", date(2020, 1, 25), None, "since")]
    # no 以来/起: a plain day
    assert [m.rule for m in find_dates("从1月25日（大年初一），协调全区40家企业", date(2020, 2, 17))] == [
        "year_from_lunar_pair", "lunar"]


@pytest.mark.parametrize("text, expected", [
    ("自元宵节以来，全市累计", [("元宵节以来", "2020-02-08", "since")]),
    ("较正月十五当天增长约两成", [("正月十五当天", "2020-02-08", "lunar")]),  # one mention, not two
    ("今年元旦，", [("今年", None, "relative_year"), ("元旦", "2020-01-01", "festival")]),
    ("元旦假期首日", []),  # a holiday, not a day
    ("记者7日从工业和信息化部获悉", [("7日", "2020-02-07", "day_of_month")]),
])
def test_festivals_and_the_day_the_reporter_learned(text, expected):
    assert found(text, date(2020, 2, 26)) == expected
