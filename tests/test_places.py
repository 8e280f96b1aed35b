"""Places matched as words with codes, references resolved, figures attributed to a district and a day."""
from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from zhnews.articles import segment_articles
from zhnews.attribution import attribute_quantities
from zhnews.cleaning import clean_pages
from zhnews.dates import resolve_dates
from zhnews.gazetteer import known_codes, places, resolve_name, short_form
from zhnews.indicators import derive_indicators
from zhnews.places import find_in_sentence, find_places
from zhnews.quantities import extract_quantities
from zhnews.sentences import split_sentences


def mentions(text: str, home: str = "410800"):
    return [(m.surface, m.place.code, m.rule, m.in_organisation) for m in find_in_sentence(text, home)]


def test_gazetteer_has_every_level_and_the_zones():
    table = places()
    assert (table["410000"].name, table["410800"].name, table["410883"].name) == ("河南省", "焦作市", "孟州市")
    assert (table["410871"].level, table["100000"].level) == ("zone", "country")
    assert sum(1 for p in table.values() if p.level == "province") >= 34
    assert {"410802", "410803", "410804", "410811", "410821", "410822", "410823", "410825", "410882", "410883"} <= known_codes()


@pytest.mark.parametrize("name, short", [("孟州市", "孟州"), ("河南省", "河南"), ("广西壮族自治区", "广西"), ("温县", None),
                                         ("解放区", None)])
def test_short_forms(name, short):
    assert short_form(name) == short


def test_names_resolve_nearest_home_and_refuse_far_ambiguity():
    assert resolve_name("示范区", "410800")[0].code == "410871"
    assert resolve_name("示范区", "110000") is None  # another city's 示范区 is another zone
    assert resolve_name("孟州", "410800")[0].code == "410883"
    assert resolve_name("朝阳区", "410800") is None  # Beijing's or Changchun's: not guessed
    assert resolve_name("上海", "100000")[0].code == "310000"  # a municipality is one place, at its widest level
    assert resolve_name("重庆市", "410800")[0].code == "500000"


@pytest.mark.parametrize("text, expected", [
    ("孟州市30家企业复工", [("孟州市", "410883", "exact", False)]),
    ("在孟州市第一中学，", [("孟州市", "410883", "exact", True)]),
    ("我市温县、沁阳", [("我市", "410800", "home_city", False), ("温县", "410825", "exact", False),
                        ("沁阳", "410882", "short", False)]),
    ("全省各地", [("全省", "410000", "home_province", False)]),
    ("全国规上工业企业", [("全国", "100000", "country", False)]),
    ("解放军战士支援", []),
])
def test_places_in_sentences(text, expected):
    assert mentions(text) == expected


def test_this_district_refers_to_the_last_named():
    [head] = find_in_sentence("山阳区复工提速", "410800")
    found = find_in_sentence("该区12家企业复工，全区商超正常营业", "410800", head.place)
    assert [(m.surface, m.place.code, m.rule) for m in found] == [("该区", "410811", "last_named"),
                                                                   ("全区", "410811", "last_named")]


PAGE = """本报讯（记者王一鸣）截至昨日12时，修武县32家规上工业企业全部复工复产。该区协调原材料近50吨，向安徽滁州和广东广州等地发函8次。
帮助焦作市华康医疗器械有限公司购进设备，区财政资金200万元支持复工复产。①5

修武县规上工业企业全部复工复产率100%

本报讯（记者李娜）目前，全市已复工企业512家，用工人数达6.2万人。2月13日、14日两天已统购口罩21.5万个，其中向社区调拨9.3万个。①5
"""


def attributed(page: str, published: date, home: str = "410800") -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(documents, sentences, attributed quantities) of one page, through every stage before indicators."""
    documents = pl.DataFrame({"doc_id": ["d"], "raw_text": [page], "publication_date": [published],
                              "home_code": [home], "source": ["paper"], "n_chars": [len(page)]})
    cleaned = clean_pages(documents)
    articles = segment_articles(cleaned)
    sentences = split_sentences(cleaned, articles)
    dates = resolve_dates(sentences, documents, cleaned)
    found = find_places(sentences, articles, documents, cleaned)
    quantities = attribute_quantities(extract_quantities(sentences, cleaned), sentences, articles, documents, dates, found)
    return documents, sentences, quantities


@pytest.fixture(scope="module")
def tables():
    return attributed(PAGE, date(2020, 2, 17))


def test_attribution_by_sentence_headline_and_home(tables):
    _, _, quantities = tables
    rows = quantities.select("surface", "district_code", "place_rule", "as_of_date", "date_rule").rows()
    assert rows == [
        # the lead states a status (截至昨日12时): figures the article does not date otherwise share it
        ("100%", "410821", "sentence", date(2020, 2, 16), "article_lead"),
        ("32家", "410821", "sentence", date(2020, 2, 16), "sentence"),
        ("近50吨", "410821", "sentence", date(2020, 2, 16), "article_lead"),
        ("8次", "410821", "sentence", date(2020, 2, 16), "article_lead"),  # 安徽滁州, 广东广州: origins
        ("200万元", "410821", "headline", date(2020, 2, 16), "article_lead"),  # 焦作市…有限公司: a company
        ("512家", "410800", "sentence", date(2020, 2, 17), "present"),  # 目前: now
        ("6.2万人", "410800", "sentence", date(2020, 2, 17), "present"),
        ("两天", "410800", "article_lead", date(2020, 2, 14), "sentence"),
        ("21.5万个", "410800", "article_lead", date(2020, 2, 14), "sentence"),
        ("9.3万个", "410800", "article_lead", date(2020, 2, 14), "sentence"),
    ]


def test_indicators_from_the_same_page(tables):
    documents, sentences, quantities = tables
    facts = derive_indicators(quantities, sentences, documents)
    assert facts.select("district_code", "indicator", "as_of_date", "value", "unit", "period", "scope").rows() == [
        ("410821", "resumption_rate", date(2020, 2, 16), 100.0, "%", "point", "规上工业企业"),
        ("410821", "enterprises_resumed", date(2020, 2, 16), 32.0, "家", "point", "规上工业企业"),
        ("410821", "fiscal_support", date(2020, 2, 16), 2_000_000.0, "CNY", "point", None),
        ("410800", "enterprises_resumed", date(2020, 2, 17), 512.0, "家", "point", None),
        ("410800", "workers_on_duty", date(2020, 2, 17), 62_000.0, "人", "point", None),
        ("410800", "masks_procured", date(2020, 2, 14), 215_000.0, "个", "cumulative", None),
        ("410800", "masks_allocated", date(2020, 2, 14), 93_000.0, "个", "cumulative", None),
    ]


def test_a_company_located_by_de_is_not_a_name_containing_the_place():
    found = find_in_sentence("位于示范区的康泰卫材公司恢复口罩生产", "410800")
    assert [(m.surface, m.place.code, m.in_organisation) for m in found] == [("示范区", "410871", False)]
    named = find_in_sentence("焦作市华康医疗器械有限公司购进设备", "410800")
    assert [(m.surface, m.in_organisation) for m in named] == [("焦作市", True)]


def test_an_as_of_date_governs_the_clauses_after_a_semicolon():
    page = ("本报讯（记者马晓东）记者昨日从市工信局获悉，截至2月29日，全市规上工业企业已复工1072家；"
            "返岗员工15.8万人。全市新增订单300个。①5\n")
    _, _, quantities = attributed(page, date(2020, 3, 2))
    assert quantities.select("surface", "as_of_date", "date_rule").rows() == [
        ("1072家", date(2020, 2, 29), "sentence"),
        ("15.8万人", date(2020, 2, 29), "as_of_carried"),  # same sentence up to the full stop
        # a new sentence: the 截至 clause no longer carries, but the lead states the article's status
        ("300个", date(2020, 2, 29), "article_lead"),
    ]


def test_a_name_cut_before_its_suffix_and_a_short_form_opening_a_title():
    assert [(m.surface, m.place.code) for m in find_in_sentence("任城区、兖州区工业用电量", "370800")] == [
        ("任城区", "370811"), ("兖州区", "370812")]
    assert [(m.surface, m.place.code) for m in find_in_sentence("寿光：蔬菜产得出运得走", "370700")] == [("寿光", "370783")]
    assert [(m.surface, m.place.code) for m in find_in_sentence("酒泉30个重大项目集中开工", "100000")] == [("酒泉", "620900")]


def test_quanxian_with_the_county_named_only_in_an_organisation():
    [market] = find_in_sentence("金乡县大蒜国际交易市场货源充足", "370800")
    assert market.in_organisation
    [county] = find_in_sentence("全县上市蔬菜约4.6万吨", "370800", None, None, market.place)
    assert (county.surface, county.place.code, county.rule) == ("全县", "370828", "named_in_organisation")


ROUNDUP = """本报讯（记者孔维臻）截至昨日18时，全市规上工业企业复工1142家。自1月25日全省启动Ⅰ级响应以来，累计解决问题376个。分县（市、区）看，长葛市规上工业企业复工268家；禹州市复工231家。全市累计生产口罩196.5万只，市财政拨付资金5000万元。3月1日至22日，全市工业用电量11.68亿千瓦时。其中，任城区、兖州区工业用电量分别达到18964万千瓦时、13970万千瓦时。该区还在全市率先推行服务日制度，累计解决问题200多个。①5
"""


def test_roundups_respectively_details_and_yardsticks():
    _, _, quantities = attributed(ROUNDUP, date(2020, 3, 24), "370800")
    rows = {r[0]: r[1:] for r in quantities.select("surface", "district_code", "place_rule", "as_of_date",
                                                    "date_rule").rows()}
    # 以来 opens a period (全省 inside it is part of the time): the count is as of the lead's 截至, not 1月25日
    assert rows["376个"] == ("370800", "home_city_roundup", date(2020, 3, 23), "article_lead")
    # several districts in the body: a figure with no place of its own is the city's, not the first district's
    assert rows["5000万元"][:2] == ("370800", "sentence")
    assert rows["231家"][:2] == ("411081", "sentence")
    # 其中 details the sentence before, on its day; 分别 pairs places with figures in order
    assert rows["18964万千瓦时"] == ("370811", "respectively", date(2020, 3, 22), "detail_of_previous")
    assert rows["13970万千瓦时"] == ("370812", "respectively", date(2020, 3, 22), "detail_of_previous")
    # "在全市率先" measures against the city; the figure is the district's (兖州区, the last named)
    assert rows["200多个"][:2] == ("370812", "sentence")


def test_quan_right_after_a_place_is_that_place():
    [head] = find_in_sentence("望谟县加快复工", "100000")
    found = find_in_sentence("截至目前，内蒙古全区规模以上工业企业复工1547家", "100000", head.place)
    assert [(m.surface, m.place.code, m.rule) for m in found] == [("内蒙古", "150000", "short"),
                                                                   ("全区", "150000", "apposition")]


def test_this_enterprise_and_the_venue_of_an_event():
    page = ("本报讯（记者郑晓航）上周四，瑞安市一家鞋服企业转产的口罩生产线正式投产。截至昨天，该企业累计生产口罩86.4万只。"
            "永嘉县接回员工两千余人。①5\n\n"
            "本报讯（记者柯文涛）昨天上午，我市第二批重大项目集中开工活动在伍家岗区举行，23个项目总投资186.7亿元。①5\n")
    _, _, quantities = attributed(page, date(2020, 2, 26), "330300")
    rows = {r[0]: r[1:] for r in quantities.select("surface", "district_code", "place_rule").rows()}
    assert rows["86.4万只"] == ("330381", "entity_named_before")
    assert rows["23个"] == ("330300", "sentence")  # 我市; 伍家岗区 is only where the ceremony was


def test_days_listed_before_fenbie_and_days_compared_with():
    page = ("本报讯（记者杜晓芳）2月19日、20日，武安市工业用电量分别为113.6万千瓦时、126.8万千瓦时。"
            "目前，武安市52家规上企业已全部复产，产能利用率恢复至62.5%，比2月10日（正月十七）提高18个百分点。①5\n")
    _, _, quantities = attributed(page, date(2020, 2, 21), "130400")
    rows = {r[0]: r[1:] for r in quantities.select("surface", "as_of_date", "date_rule").rows()}
    assert rows["113.6万千瓦时"] == (date(2020, 2, 19), "respectively")
    assert rows["126.8万千瓦时"] == (date(2020, 2, 20), "respectively")
    assert rows["62.5%"] == (date(2020, 2, 21), "present")  # 目前; not 2月10日: that is the comparison


def test_the_lead_status_past_the_day_the_news_came_and_a_sentence_about_now():
    page = ("本报讯（记者马晓东）记者昨日从市工信局获悉，截至2月29日，全市规上工业企业已复工1072家。"
            "全市重点企业累计生产口罩52.6万个。目前，全市仍有3家企业产能利用率不足10%。①5\n")
    _, _, quantities = attributed(page, date(2020, 3, 2))
    rows = {r[0]: r[1:] for r in quantities.select("surface", "as_of_date", "date_rule").rows()}
    assert rows["52.6万个"] == (date(2020, 2, 29), "article_lead")  # the lead's 截至, not 昨日
    assert rows["不足10%"] == (date(2020, 3, 2), "present")


def test_a_full_name_the_segmenter_cut_inside():
    text = "天元区、醴陵市、攸县、渌口区规上工业企业复工率分别为98.6%、96.2%、91.7%、89.5%。"
    assert [(m.surface, m.place.code) for m in find_in_sentence(text, "430200")] == [
        ("天元区", "430211"), ("醴陵市", "430281"), ("攸县", "430223"), ("渌口区", "430212")]
    assert [m.surface for m in find_in_sentence("现在，新社区配备了幼儿园", "100000")] == []  # 新|社区: a community


def test_a_name_glued_to_the_next_word():
    assert [(m.surface, m.place.code) for m in find_in_sentence("上周三，安州区举行政银企对接会", "510700")] == [
        ("安州区", "510705")]


def test_headlines_that_round_or_misread_a_body_figure_give_no_fact_of_their_own():
    page = ("本报讯（记者陈雅婷）截至3月19日，晋江市已有27家企业转产口罩，日产能达320万只。①5\n\n"
            "晋江口罩日产能突破300万只\n\n"
            "本报讯（记者吴敏）目前，宜都、枝江口罩日产能分别达到42万只和20万只。①5\n\n宜都枝江口罩日产能超60万只\n\n"
            "本报讯（记者周雨蒙）截至2月26日，全市银行机构已向312家企业发放贷款46.8亿元。①5\n\n"
            "2.37亿元财政资金 46.8亿元贷款\n")
    documents, sentences, quantities = attributed(page, date(2020, 3, 20), "350500")
    facts = derive_indicators(quantities, sentences, documents)
    # 突破300万只 rounds 320万; 超60万只 is met by 42万 + 20万; 46.8亿元 after 财政资金 is the body's loans,
    # not fiscal support; 2.37亿元 is stated only in the title, so the title gives it
    assert facts.select("indicator", "value").rows() == [
        ("masks_daily_capacity", 3_200_000.0), ("masks_daily_capacity", 420_000.0),
        ("masks_daily_capacity", 200_000.0), ("fiscal_support", 237_000_000.0), ("loans_issued", 4_680_000_000.0)]


def test_a_date_in_a_later_clause_does_not_date_the_figure():
    page = "本报讯（记者王芳）安溪县已有1,260家茶企恢复生产，春茶开采预计在农历二月廿八前后。①5\n"
    documents, sentences, quantities = attributed(page, date(2020, 3, 20), "350500")
    facts = derive_indicators(quantities, sentences, documents)
    assert facts.select("district_code", "indicator", "as_of_date", "value").rows() == [
        ("350524", "enterprises_resumed", date(2020, 3, 20), 1260.0)]


def test_a_breakdown_sentence_takes_the_day_of_the_total_it_details_not_its_comparison_day():
    page = ("本报讯（记者陈雅婷）记者昨日从市工信局获悉，截至3月18日，全市规上工业企业复工率99.2%，较3月10日提高9.4个百分点。"
            "分县（市、区）看，晋江市、石狮市规上工业企业复工率分别为99.8%、99.5%。①5\n")
    _, _, quantities = attributed(page, date(2020, 3, 20), "350500")
    rows = {r[0]: r[1:] for r in quantities.select("surface", "district_code", "as_of_date", "date_rule").rows()}
    assert rows["99.8%"] == ("350582", date(2020, 3, 18), "detail_of_previous")
    assert rows["99.5%"] == ("350581", date(2020, 3, 18), "detail_of_previous")


def test_the_sentence_after_an_event_lead_tells_of_that_event_on_its_day():
    page = ("本报讯（记者周洁）4月18日上午，我市二季度重大项目集中开工活动在临港开发区举行。全市43个项目集中开工，总投资306.8亿元。"
            "今年以来，全市已累计新开工项目97个。①5\n\n"
            "本报讯（记者周航）上周三，安州区举行政银企对接会。该区已解决各类问题97个。①5\n")
    _, _, quantities = attributed(page, date(2020, 4, 21), "320281")
    rows = [r for r in quantities.select("surface", "as_of_date", "date_rule").rows()]
    assert rows == [
        ("43个", date(2020, 4, 18), "event_of_lead"), ("306.8亿元", date(2020, 4, 18), "event_of_lead"),
        ("97个", date(2020, 4, 21), "publication_date"),  # a running total, not the ceremony's
        ("97个", date(2020, 4, 21), "publication_date"),  # 已解决: a status, not what the 对接会 did
    ]


def test_a_town_that_shares_a_county_short_name_is_a_town():
    assert find_in_sentence("该区在龙门街道、江陵镇新建蔬菜保供基地5个", "511300") == []
    assert [m.surface for m in find_in_sentence("孟州乡镇企业全部复工", "410800")] == ["孟州"]


def test_a_continued_article_on_an_inner_page_under_its_running_head():
    page = ("2 2020年3月12日 星期四 综合新闻 责任编辑：李 明 版式：陈 晨\n\n（上接第一版①）企业复工复产\n"
            "进度明显加快。截至3月10日，\n全市规上工业企业复工率达96.3\n%，比上周五提高4.1个百分点。\n"
            "分县市区看，顺庆区、高坪区\n规上工业企业复工率分别为100%、\n98.7%，南部县、阆中市分别为96.8%、9\n"
            "5.2%。其中约12万只口罩调拨至\n县人民医院。①2\n")
    documents, sentences, quantities = attributed(page, date(2020, 3, 12), "511300")
    assert sentences["text"].to_list()[0] == "企业复工复产进度明显加快。"  # the running head is dropped
    facts = derive_indicators(quantities, sentences, documents)
    assert facts.select("district_code", "indicator", "as_of_date", "value").rows() == [
        ("511300", "resumption_rate", date(2020, 3, 10), 96.3),
        ("511302", "resumption_rate", date(2020, 3, 10), 100.0),
        ("511303", "resumption_rate", date(2020, 3, 10), 98.7),
        ("511321", "resumption_rate", date(2020, 3, 10), 96.8),  # the second 分别 measures what the first did
        ("511381", "resumption_rate", date(2020, 3, 10), 95.2),
        ("511300", "masks_allocated", date(2020, 3, 10), 120_000.0),  # a verb after 只: the masks named before
    ]


def test_a_figure_after_a_period_is_as_of_its_last_day_not_the_day_the_reporter_was_told():
    page = ("本报讯（记者陈思远）记者昨日从市统计局获悉，去年一季度受疫情冲击，全市规上工业增加值同比下降12.6%。"
            "上月全市新开工亿元以上项目37个。今年全市已新开工项目5个。用电量恢复至去年同期的九成。①3\n")
    _, _, quantities = attributed(page, date(2021, 1, 5), "320400")
    rows = {r[0]: r[1:] for r in quantities.select("surface", "as_of_date", "date_rule").rows()}
    assert rows["12.6%"] == (date(2020, 3, 31), "period_end")  # not 昨日: that is when the bureau told
    assert rows["37个"] == (date(2020, 12, 31), "period_end")
    assert rows["5个"] == (date(2021, 1, 5), "period_end")  # this year so far: no later than the page
    assert rows["九成"] == (date(2021, 1, 5), "publication_date")  # 去年同期 is a yardstick


def test_a_clause_that_names_its_own_measure_does_not_take_the_measure_of_the_clause_before():
    page = ("本报讯（记者顾晓峰）截至4月19日，全市产能利用率达92.4%；"
            "徐霞客镇、华士镇规上企业用电量已恢复至去年同期的110%以上。①5\n")
    documents, sentences, quantities = attributed(page, date(2020, 4, 21), "320281")
    facts = derive_indicators(quantities, sentences, documents)
    assert facts.select("indicator", "value").rows() == [("capacity_utilization_rate", 92.4)]


def test_a_data_box_gives_each_district_its_row_dated_by_the_caption():
    page = ("本报讯（记者刘芳）截至3月8日，全市规上工业企业复工率96.8%。①5\n\n"
            "各县（市、区）规上工业企业复工情况\n（截至3月8日） 单位：家\n县（市、区） 企业数 已复工 复工率\n"
            "袁州区 126 121 96.0%\n奉新县 102 97 95.1%\n全 市 1486 1438 96.8%\n")
    documents, sentences, quantities = attributed(page, date(2020, 3, 10), "360900")
    assert "袁州区 126 121 96.0%" in sentences["text"].to_list()  # cells stay apart: not 12612196.0 %
    facts = derive_indicators(quantities, sentences, documents)
    assert facts.select("district_code", "indicator", "as_of_date", "value").rows() == [
        ("360900", "resumption_rate", date(2020, 3, 8), 96.8),
        ("360902", "enterprises_resumed", date(2020, 3, 8), 121.0),  # 已复工, in the caption's 单位：家
        ("360902", "resumption_rate", date(2020, 3, 8), 96.0),
        ("360921", "enterprises_resumed", date(2020, 3, 8), 97.0),
        ("360921", "resumption_rate", date(2020, 3, 8), 95.1),
        ("360900", "enterprises_resumed", date(2020, 3, 8), 1438.0),  # 全市's 96.8% is the lead's fact
    ]


def test_a_quarter_alone_dates_the_figure_after_it():
    page = "本报讯（记者覃玉芳）4月以来，我市加快推进复商复市。一季度，全市社会消费品零售总额243.6亿元，同比下降18.7%。①3\n"
    documents, sentences, quantities = attributed(page, date(2020, 5, 7), "450300")
    facts = derive_indicators(quantities, sentences, documents)
    assert facts.select("indicator", "as_of_date", "date_rule", "value").rows() == [
        ("retail_sales", date(2020, 3, 31), "period_end", 24_360_000_000.0)]


def test_places_further_along_a_list_of_destinations_do_not_capture_the_figure():
    page = ("本报讯（记者黄磊）上周五，记者在万载县三兴镇有机蔬菜基地看到，工人们正忙着采收。"
            "基地负责人介绍，当天发往市区和南昌的蔬菜达42吨。①5\n")
    documents, sentences, quantities = attributed(page, date(2020, 3, 10), "360900")
    facts = derive_indicators(quantities, sentences, documents)
    assert facts.select("district_code", "indicator", "as_of_date", "value").rows() == [
        ("360922", "vegetables_supplied", date(2020, 3, 6), 42.0)]  # 万载县, on the 上周五 当天 refers to
