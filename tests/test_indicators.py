"""The indicator vocabulary, classification of figures, and the audits behind the asset checks."""
from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from pydantic import ValidationError

from zhnews.indicators import Indicator, audit_indicators, catalog_frame, classify, vocabulary
from zhnews.quantities import find_quantities
from zhnews.schema import from_rows

REQUIRED = {"enterprises_resumed", "resumption_rate", "workers_on_duty", "worker_return_rate",
            "capacity_utilization_rate", "masks_produced", "masks_daily_capacity", "disinfectant_produced",
            "alcohol_produced", "masks_procured", "masks_allocated", "fiscal_support", "loans_issued",
            "projects_started", "investment", "permits_issued", "problems_solved", "industrial_value_added_growth",
            "retail_sales", "electricity_consumption", "vegetables_supplied"}


def test_vocabulary_ships_every_required_indicator():
    assert REQUIRED <= {i.code for i in vocabulary().indicators}
    catalog = catalog_frame()
    assert catalog.columns == ["indicator", "name_zh", "name_en", "unit", "period", "description"]
    assert catalog.filter(pl.col("indicator") == "masks_produced").row(0)[1:5] == ("口罩产量", "Masks produced", "个", "cumulative")


def test_vocabulary_entries_are_validated():
    with pytest.raises(ValidationError, match="canonical unit '个' is not among its units"):
        Indicator(code="x", name_zh="x", name_en="x", unit="个", units=["家"], keywords=["x"], period="point")
    with pytest.raises(ValidationError, match="needs keywords, or nouns and predicates"):
        Indicator(code="x", name_zh="x", name_en="x", unit="家", units=["家"], nouns=["企业"], period="point")


def what(sentence: str) -> list[tuple[str, str | None, str | None, str | None]]:
    out = []
    for q in find_quantities(sentence):
        found = classify(sentence, q.start, q.end, q.unit)
        out.append((q.surface, found[0].code if found else None, found[1] if found else None, found[2] if found else None))
    return out


@pytest.mark.parametrize("sentence, expected", [
    ("目前，全县已复工规上工业企业86家，占规上工业企业总数的92.5%。",
     [("86家", "enterprises_resumed", "point", "规上工业企业"), ("92.5%", "resumption_rate", "point", "规上工业企业")]),
    ("全区企业员工返岗率达78%，产能利用率达65%。",
     [("78%", "worker_return_rate", "point", None), ("65%", "capacity_utilization_rate", "point", None)]),
    ("累计生产口罩36.5万只、消毒液210吨、医用酒精96吨。",
     [("36.5万只", "masks_produced", "cumulative", None), ("210吨", "disinfectant_produced", "cumulative", None),
      ("96吨", "alcohol_produced", "cumulative", None)]),
    ("该企业每日可生产口罩1.2万个。", [("1.2万个", "masks_daily_capacity", "daily", None)]),
    ("各银行累计发放贷款3.6亿元，市财政拨付专项资金1500万元。",
     [("3.6亿元", "loans_issued", "cumulative", None), ("1500万元", "fiscal_support", "point", None)]),
    ("全市23个重点项目集中开工，总投资86亿元。",
     [("23个", "projects_started", "point", "重点项目"), ("86亿元", "investment", "point", "重点项目")]),
    ("发放车辆通行证1200张，帮助企业协调解决问题45个。",
     [("1200张", "permits_issued", "cumulative", None), ("45个", "problems_solved", "cumulative", None)]),
    ("每天向市场投放蔬菜320吨。", [("320吨", "vegetables_supplied", "daily", None)]),
    ("针对12家企业原材料不足等问题，召开会议5次。", [("12家", None, None, None), ("5次", None, None, None)]),
    # whom a service went to is not a fact; a credit line is not a loan
    ("协调辖区银行为62家复工企业发放贷款1.5亿元。", [("62家", None, None, None), ("1.5亿元", "loans_issued", "cumulative", None)]),
    ("该市农商银行为开工项目授信5.8亿元，已发放贷款2.3亿元。",
     [("5.8亿元", None, None, None), ("2.3亿元", "loans_issued", "cumulative", None)]),
    # a threshold that describes a class is not an amount; a sector's rate is not the district's
    ("今年新开工投资超10亿元的项目3个。", [("超10亿元", None, None, None), ("3个", "projects_started", "point", None)]),
    ("全市医药行业复工率达90%。", [("90%", None, None, None)]),
    ("开通专车帮助员工返岗1350人。", [("1350人", None, None, None)]),
    # the class named nearest scopes a share that continues the count
    ("全市已开工企业236家，占规上工业企业19.7%。",
     [("236家", "enterprises_resumed", "point", "规上工业企业"), ("19.7%", "resumption_rate", "point", "规上工业企业")]),
    ("目前该超市每天销售蔬菜近8吨。", [("近8吨", None, None, None)]),
    # the whole a later count is part of is not the count; a target is not a count; resuming is not starting
    ("截至3月3日，涧西区213家规上工业企业已复工209家。",
     [("213家", None, None, None), ("209家", "enterprises_resumed", "point", "规上工业企业")]),
    ("今年谋划实施的312个市级重点项目力争上半年全部开工。", [("312个", None, None, None)]),
    ("全市在建重点项目已复工964个。", [("964个", None, None, None)]),
    # 分别: the n-th figure is the n-th item listed
    ("复工率、员工返岗率分别达到100%、97.2%。",
     [("100%", "resumption_rate", "point", None), ("97.2%", "worker_return_rate", "point", None)]),
    ("谯城区复工企业218家，涡阳、蒙城、利辛三县分别复工132家、121家和105家。",
     [("218家", "enterprises_resumed", "point", None), ("132家", "enterprises_resumed", "point", None), ("121家", "enterprises_resumed", "point", None),
      ("105家", "enterprises_resumed", "point", None)]),
    # one unnamed establishment is an anecdote; a treasury that sets money aside is fiscal support
    ("枝江市一家化工企业每天生产75%医用酒精12吨。", [("75%", None, None, None), ("12吨", None, None, None)]),
    ("县财政拿出3000万元设立应急转贷资金。", [("3000万元", "fiscal_support", "point", None)]),
    # a clause that opens with its figure takes its verb from the clause before
    ("重大项目集中开工活动在伍家岗区举行，23个项目总投资186.7亿元。",
     [("23个", "projects_started", "point", None), ("186.7亿元", "investment", "point", None)]),
    ("一季度末各项贷款余额超160万亿元。", [("超160万亿元", None, None, None)]),  # a balance, not lending
    ("为300余家小微企业办理贷款延期1.4亿元。", [("300余家", None, None, None), ("1.4亿元", None, None, None)]),
    ("全区213家商贸企业恢复营业。", [("213家", "enterprises_resumed", "point", "商贸企业")]),
    ("投产后可用于生产1800万片医用口罩。", [("1800万片", None, None, None)]),  # what material could make
    ("平均开工率和复岗率分别达到99.1%和95.1%。",
     [("99.1%", "resumption_rate", "point", None), ("95.1%", "worker_return_rate", "point", None)]),
    ("新基地项目复工后，30个作业区域陆续通过了复工验收。", [("30个", None, None, None)]),
    ("全市工业增加值同比下降9.6%，一般公共预算收入完成52.8亿元，同比下降6.1%。",  # revenue named in between
     [("9.6%", "industrial_value_added_growth", "point", None), ("52.8亿元", None, None, None), ("6.1%", None, None, None)]),
    ("今年以来，丰城市已签约项目41个，签约资金283.5亿元。", [("41个", None, None, None), ("283.5亿元", None, None, None)]),
    ("同时，对57家企业实行延期还本付息，涉及贷款4.3亿元；", [("57家", None, None, None), ("4.3亿元", None, None, None)]),
    ("全市银行机构累计新发放贷款215.8亿元，同比多投放32.6亿元；",
     [("215.8亿元", "loans_issued", "cumulative", None), ("32.6亿元", None, None, None)]),  # an increase on last year
    ("我市将力争本月底前规上工业企业复工率达到九成以上。", [("九成以上", None, None, None)]),  # a target
    ("全市今年已累计开工重大项目512个，项目开工率达87.5%。", [("512个", "projects_started", "cumulative", None),
                                                   ("87.5%", None, None, None)]),
    # what a figure followed by a noun counts is that phrase, up to its verb or 的
    ("截至本周一，樟树市42家规模以上医药企业已全部复工。", [("42家", "enterprises_resumed", "point", None)]),
    ("湖塘镇、横林镇三个工业重镇的规上企业全部开工。", [("三个", None, None, None)]),
    ("金城镇、新政镇两个工业园区开工项目18个。", [("两个", None, None, None), ("18个", "projects_started", "point", None)]),
    ("人民银行设立3000亿元专项再贷款，截至3月13日已发放1840亿元。",
     [("3000亿元", None, None, None), ("1840亿元", "loans_issued", "cumulative", None)]),  # a facility, then lending
])
def test_classification(sentence, expected):
    assert what(sentence) == expected


def test_audits_name_the_failing_rows():
    base = {"doc_id": "d", "article_id": 0, "sentence_id": 0, "source": "jzrb", "publication_date": date(2020, 2, 17),
            "district_name": "x", "indicator": "resumption_rate", "value": 50.0, "unit": "%", "qualifier": "exact",
            "period": "point", "place_rule": "sentence", "date_rule": "sentence", "sentence": "s"}
    rows = [
        {**base, "quantity_id": 0, "district_code": "410871", "as_of_date": date(2020, 2, 16), "raw_start": 0, "raw_end": 5},
        {**base, "quantity_id": 1, "district_code": "999999", "as_of_date": date(2020, 2, 16), "raw_start": 6, "raw_end": 9},
        {**base, "quantity_id": 2, "district_code": "410800", "as_of_date": date(2017, 1, 1), "raw_start": 10, "raw_end": 12},
        {**base, "quantity_id": 3, "district_code": "410800", "as_of_date": date(2020, 2, 17), "value": 130.0,
         "raw_start": 20, "raw_end": 25},
        {**base, "quantity_id": 4, "district_code": "410800", "as_of_date": date(2020, 2, 17), "raw_start": 20,
         "raw_end": 25, "indicator": "enterprises_resumed", "unit": "家"},
        {**base, "quantity_id": 5, "district_code": "410800", "as_of_date": date(2020, 2, 17), "raw_start": 90, "raw_end": 120},
        # a growth rate is no share: -13.5 passes
        {**base, "quantity_id": 6, "district_code": "410800", "as_of_date": date(2020, 2, 17), "raw_start": 30,
         "raw_end": 35, "indicator": "industrial_value_added_growth", "value": -13.5},
    ]
    facts = from_rows(rows, "indicators")
    documents = pl.DataFrame({"doc_id": ["d"], "n_chars": [100], "publication_date": [date(2020, 2, 17)]})
    problems = audit_indicators(facts, documents, {"410871", "410800"})
    assert {name: frame["quantity_id"].to_list() for name, frame in problems.items()} == {
        "district_code_exists": [1], "date_within_range": [2], "rate_within_0_100": [3], "one_fact_per_span": [3, 4],
        "span_inside_document": [5]}


def test_a_decline_is_a_negative_growth():
    from tests.test_places import attributed
    from zhnews.indicators import derive_indicators

    page = "本报讯（记者李娜）1-2月份，全市规模以上工业增加值同比下降13.5%。3月份，全市规上工业增加值增长2.1%。①5\n"
    documents, sentences, quantities = attributed(page, date(2020, 4, 17))
    facts = derive_indicators(quantities, sentences, documents)
    assert facts.select("indicator", "value").rows() == [
        ("industrial_value_added_growth", -13.5), ("industrial_value_added_growth", 2.1)]


def test_a_measure_is_given_in_the_unit_of_its_indicator():
    from tests.test_places import attributed
    from zhnews.indicators import derive_indicators

    page = "本报讯（记者李娜）截至2月12日，全市累计生产消毒液1200公斤。①5\n"
    documents, sentences, quantities = attributed(page, date(2020, 2, 14), "321000")
    facts = derive_indicators(quantities, sentences, documents)
    assert facts.select("indicator", "value", "unit").rows() == [("disinfectant_produced", 1.2, "t")]
