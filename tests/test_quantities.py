"""quantities: every notation, qualifier, unit and non-quantity, the frame function, and the seed floors."""
from __future__ import annotations

import importlib.util
import json
import math
import re
import time

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhnews.quantities import extract_quantities, find_quantities
from zhnews.schema import SCHEMAS
from zhnews.units import canonical_unit, load_units


def one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, (text, found)
    return found[0]


def values(text: str) -> list[tuple]:
    return [(q.value, q.value_max, q.unit, q.per, q.qualifier) for q in find_quantities(text)]


# --- notations -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("修武县32家规上工业企业全部复工复产", (32, None, "家", None, "exact")),
    ("全县累计发放口罩3.62万个", (36200, None, "个", None, "exact")),
    ("全县累计发放口罩3.62 万个", (36200, None, "个", None, "exact")),
    ("全县累计发放口罩 12 个", (12, None, "个", None, "exact")),
    ("县财政拨付资金200万元", (2_000_000, None, "CNY", None, "exact")),
    ("项目总投资1.2亿元", (120_000_000, None, "CNY", None, "exact")),
    ("项目总投资１２０万元", (1_200_000, None, "CNY", None, "exact")),
    ("全年用电量3千万千瓦时", (30_000_000, None, "kWh", None, "exact")),
    ("日均发电5万千瓦时", (50_000, None, "kWh", None, "exact")),
    ("全社会用电量增长至120万度", (1_200_000, None, "kWh", None, "exact")),
    ("全县共有卫生院二十三所", (23, None, "所", None, "exact")),
    ("新建温室大棚三千五百亩", (3500, None, "亩", None, "exact")),
    ("投放储备肉两千零五吨", (2005, None, "t", None, "exact")),
    ("库存面粉1,250吨", (1250, None, "t", None, "exact")),
    ("复工率达到百分之九十五", (95, None, "%", None, "exact")),
    ("返岗率为87.5%", (87.5, None, "%", None, "exact")),
    ("返岗率为87.5％", (87.5, None, "%", None, "exact")),
    ("企业产能恢复七成", (70, None, "%", None, "exact")),
    ("同比提高2.3个百分点", (2.3, None, "pp", None, "exact")),
    ("占全县的三分之一", (100 / 3, None, "%", None, "exact")),
    ("每个村配备3至5名网格员", (3, 5, "名", None, "exact")),
    ("每个村配备3-5名网格员", (3, 5, "名", None, "exact")),
    ("每个村配备3～5名网格员", (3, 5, "名", None, "exact")),
    ("单笔贷款3至5万元", (30_000, 50_000, "CNY", None, "exact")),
    ("单笔贷款3万至5万元", (30_000, 50_000, "CNY", None, "exact")),
    ("每天有三四家企业提出申请", (3, 4, "家", None, "approx")),
    ("蔬菜均价3.5元/斤", (3.5, None, "CNY", "斤", "exact")),
    ("为3200多家中小微企业发放贷款", (3200, None, "家", None, "at_least")),  # 家中 after a number counts
    ("价格稳定在每斤1.5元至2元", (1.5, 2, "CNY", None, "exact")),
    ("日均上市3吨到5吨", (3, 5, "t", None, "exact")),
    ("青菜2.5元一斤，跟年前差不多", (2.5, None, "CNY", "斤", "exact")),
    ("贴息比例不超过同期贷款利率的50%", (50, None, "%", None, "at_most")),
    ("约占外出务工总人数的四分之三", (75, None, "%", None, "approx")),
    ("个体工商户复工率仅三成多", (30, None, "%", None, "at_least")),
    ("茶陵县规上工业企业复工率为八成五", (85, None, "%", None, "exact")),
    ("员工返岗率已达七成", (70, None, "%", None, "exact")),  # 成 closing the sentence
    ("展期期限最长180天", (180, None, "day", None, "at_most")),  # a limit, as 最多
    ("近百家企业已复工", (100, None, "家", None, "approx")),  # a magnitude alone, where a bound is spoken of
    ("上千名志愿者参与", (1000, None, "名", None, "at_least")),
    ("组织千余名党员干部下沉", (1000, None, "名", None, "at_least")),
    ("全市外出务工人员返岗超百万人", (1_000_000, None, "人", None, "at_least")),
    ("复工率达到百分之百", (100, None, "%", None, "exact")),
    ("同比增长约1/4", (25, None, "%", None, "approx")),
    ("占全市企业的1/3", (100 / 3, None, "%", None, "exact")),
    ("污水处理能力达到2万吨/日", (20_000, None, "t", "day", "exact")),
    ("新建道路12.6公里", (12.6, None, "km", None, "exact")),
    ("改造老旧小区住宅4.3万平方米", (43_000, None, "m2", None, "exact")),
    ("储备消毒液500公斤", (500, None, "kg", None, "exact")),
    ("体温超过37.3℃", (37.3, None, "°C", None, "at_least")),
])
def test_notations(text, expected):
    assert values(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("仅用5天时间完成改造", (5, None, "day", None, "exact")),
    ("连续奋战两个月", (2, None, "month", None, "exact")),
    ("连续工作5个小时", (5, None, "hour", None, "exact")),
    ("在3日内完成排查", (3, None, "day", None, "exact")),
    ("坚守岗位3个多月", (3, None, "month", None, "at_least")),
    ("扎根乡村一年多", (1, None, "year", None, "at_least")),
    ("两周内完成全部核酸检测", (2, None, "week", None, "exact")),
])
def test_durations(text, expected):
    assert values(text) == [expected]


# --- qualifiers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, qualifier", [
    ("累计调运蔬菜200吨", "exact"),
    ("累计调运蔬菜约200吨", "approx"),
    ("累计调运蔬菜近200吨", "approx"),
    ("累计调运蔬菜大约200吨", "approx"),
    ("累计调运蔬菜将近200吨", "approx"),
    ("累计调运蔬菜200吨左右", "approx"),
    ("累计调运蔬菜200吨上下", "approx"),
    ("累计调运蔬菜200余吨", "at_least"),
    ("累计调运蔬菜200多吨", "at_least"),
    ("累计调运蔬菜200吨以上", "at_least"),
    ("累计调运蔬菜超过200吨", "at_least"),
    ("累计调运蔬菜逾200吨", "at_least"),
    ("累计调运蔬菜超200吨", "at_least"),
    ("累计调运蔬菜2万多吨", "at_least"),
    ("累计调运蔬菜不足200吨", "at_most"),
    ("累计调运蔬菜不到200吨", "at_most"),
    ("误差控制在5%以内", "at_most"),
    ("60岁以下人员", "at_most"),
    ("解决问题30 余项", "at_least"),
])
def test_qualifiers(text, qualifier):
    assert one(text).qualifier == qualifier


def test_recently_is_not_approximately():
    assert one("最近3天无新增病例").qualifier == "exact"


def test_surface_includes_the_qualifier_words():
    q = one("协调原料近80吨，保障生产")
    assert (q.surface, q.start, q.end) == ("近80吨", 4, 8)


# --- units ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("alias, canonical", [
    ("吨", "t"), ("公斤", "kg"), ("千克", "kg"), ("克", "g"), ("公里", "km"), ("千米", "km"), ("平方米", "m2"),
    ("千瓦时", "kWh"), ("度", "kWh"), ("元", "CNY"), ("%", "%"), ("个百分点", "pp"), ("天", "day"),
    ("小时", "hour"), ("家", "家"), ("人", "人"), ("个", "个"), ("只", "只"), ("张", "张"), ("项", "项"),
    ("次", "次"), ("条", "条"), ("名", "名"), ("户", "户"), ("台", "台"), ("辆", "辆"), ("套", "套"),
    ("件", "件"), ("亩", "亩"), ("公顷", "公顷"), ("例", "例"), ("场", "场"), ("所", "所"), ("座", "座"),
    ("批", "批"),
])
def test_unit_aliases(alias, canonical):
    assert canonical_unit(alias) == canonical


@pytest.mark.parametrize("text, unit", [
    ("新增确诊病例2例", "例"), ("发放通行证46张", "张"), ("出动车辆15辆", "辆"), ("组建督导组6个", "个"),
    ("选派干部12名", "名"), ("走访农户320户", "户"), ("调试设备8台", "台"), ("配发防护服200套", "套"),
    ("捐赠物资150件", "件"), ("开展培训4场", "场"), ("新建学校2所", "所"), ("建成桥梁3座", "座"),
    ("分两批返岗", "批"), ("储备消毒剂3千克", "kg"), ("储备消毒剂三千克", "kg"), ("面积1.2公顷", "公顷"),
])
def test_classifier_and_measure_units(text, unit):
    assert one(text).unit == unit


def test_unit_table_rejects_an_alias_listed_twice():
    from zhnews.units import UnitTable
    with pytest.raises(ValueError, match="listed for both"):
        UnitTable.model_validate({"unit": [{"canonical": "t", "kind": "measure", "aliases": ["吨"]},
                                           {"canonical": "x", "kind": "measure", "aliases": ["吨"]}]})


def test_every_alias_in_the_data_file_is_found_after_a_number():
    for alias, unit in load_units().by_alias().items():
        if unit.after or unit.context or unit.qualifier or unit.max_value:
            continue
        found = find_quantities(f"全市共计7{alias}，")
        assert [(q.value * 1, q.unit) for q in found] == [(7 * unit.factor, unit.canonical)], alias


# --- not quantities ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "监督举报电话：（0371）6583921、6583922。",
    "（下转第二版①）",
    "确保物资供应。①5",
    "召开第一次会议",
    "这是第五次督导检查",
    "在第一时间到达现场",
    "转入市第二人民医院治疗",
    "县第一中学开学",
    "坚持疫情防控和经济发展两手抓、两手硬，一手抓防控，确保两不误",
    "千方百计保障供应",
    "进一步统一思想",
    "奋战在一线的医护人员",
    "刘涛一行先后来到",
    "一早就来到村口",
    "一系列措施",
    "筑牢一道防线",
    "推进城乡一体化",
    "主要负责同志当好一把手",
    "扎实推进“四城联创”工作",
    "一要提高站位，二要压实责任，三要强化保障",
    "一是加强排查，二是严格管控",
    "其一，做好防护",
    "启动重大突发公共卫生事件Ⅰ级应急响应",
    "启动一级响应",
    "2020年2月17日上午召开",
    "截至昨日12时",
    "19时45分，领导人来到现场",
    "2020年是全面建成小康社会之年",
    "二〇二〇年春节",
    "第十三届全国人大三次会议",
    "数十个品牌",
    "一场突如其来的疫情",
    "不放过任何一个细节",
    "唯一一家实现双复的县区",
    "每家企业都配备了协调员",
    "COVID-19病例",
    "发布于2020/3/15，为3/15号文件",
    "比分3/5落后",
    "千家万户", "百姓生活", "数百家", "成百上千家企业", "每万人拥有病床",
])
def test_not_quantities(text):
    assert find_quantities(text) == []


# --- noun and predicate --------------------------------------------------------------------------

@pytest.mark.parametrize("text, noun, predicate", [
    ("修武县32家规上工业企业全部复工复产", "规上工业企业", "复工复产"),
    ("全县累计生产口罩3.62万个", "口罩", "生产"),
    ("向基层调拨消毒液120吨", "消毒液", "调拨"),
    ("全县已开工企业128家", "企业", "开工"),
    ("全市规上工业企业复工1019家", "规上工业企业", "复工"),
    ("全县复工率达85.6%", "复工率", None),
    ("返岗职工12.3万人", "职工", "返岗"),
])
def test_noun_and_predicate(text, noun, predicate):
    q = one(text)
    assert (q.noun, q.predicate) == (noun, predicate)


# --- property: random values in every notation, inside a sentence, parse back exactly --------------

_UNITS = [("家", "家"), ("吨", "t"), ("个", "个"), ("元", "CNY"), ("人", "人"), ("公斤", "kg"), ("千瓦时", "kWh"),
          ("项", "项"), ("平方米", "m2"), ("辆", "辆")]
_FRAMES = [("截至目前，全县累计统购口罩", "，缓解了一线需求。"),
           ("今年以来，全市新开工企业", "，同比增长明显。"),
           ("据统计，示范区共调运物资", "，全部发放到位。")]
_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    import cn2an
    return cn2an.an2cn(n)


@st.composite
def rendered(draw):
    notation = draw(st.sampled_from(["arabic", "separated", "fullwidth", "chinese", "wan", "yi"]))
    if notation in ("arabic", "separated", "fullwidth"):
        cents = draw(st.integers(min_value=200, max_value=10**9))
        decimals = draw(st.sampled_from([0, 1, 2]))
        value = cents / 10**decimals if decimals else float(cents)
        text = f"{value:,.{decimals}f}" if notation == "separated" else f"{value:.{decimals}f}"
        if notation == "fullwidth":
            text = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    elif notation == "chinese":
        n = draw(st.integers(min_value=2, max_value=99_999_999))
        value, text = float(n), _chinese(n)
    else:
        mantissa = draw(st.integers(min_value=1, max_value=99_999))
        decimals = draw(st.sampled_from([0, 1, 2]))
        factor = 10**4 if notation == "wan" else 10**8
        value = mantissa * factor / 10**decimals
        text = f"{mantissa / 10**decimals:.{decimals}f}" + ("万" if notation == "wan" else "亿")
    space = draw(st.sampled_from(["", " "]))
    alias, canonical = draw(st.sampled_from(_UNITS))
    before, after = draw(st.sampled_from(_FRAMES))
    return f"{before}{text}{space}{alias}{after}", value, canonical


@settings(max_examples=300, deadline=None)
@given(rendered())
def test_rendered_values_parse_back_exactly(case):
    sentence, value, unit = case
    found = find_quantities(sentence)
    assert len(found) == 1, (sentence, found)
    q = found[0]
    assert math.isclose(q.value, value, rel_tol=1e-9) and q.unit == unit, (sentence, q)
    assert q.qualifier == "exact"
    assert sentence[q.start:q.end] == q.surface


# --- the stage -----------------------------------------------------------------------------------

def _sentences(texts: list[str], raw_spans: list[tuple[int, int]], clean_starts: list[int]) -> pl.DataFrame:
    n = len(texts)
    return pl.DataFrame({
        "doc_id": ["jzrb-20200302-p01"] * n, "article_id": [0] * n, "sentence_id": list(range(n)),
        "text": texts, "is_headline": [False] * n, "clean_start": clean_starts,
        "clean_end": [s + len(t) for s, t in zip(clean_starts, texts)],
        "raw_start": [a for a, _ in raw_spans], "raw_end": [b for _, b in raw_spans],
    }, schema=SCHEMAS["sentences"])


def test_frame_has_the_quantities_schema_and_maps_raw_offsets_through_cleaned_pages():
    raw = "修武县 32 家规上工业企\n业全部复工复产。全县生产口罩3.62\n万个。"
    clean = "修武县32家规上工业企业全部复工复产。全县生产口罩3.62万个。"
    offsets = [i for i, c in enumerate(raw) if c not in " \n"] + [len(raw)]
    pages = pl.DataFrame({"doc_id": ["jzrb-20200302-p01"], "clean_text": [clean], "offsets": [offsets],
                          "script": ["simplified"], "jumps": [[]], "dropped": [[]]},
                         schema=SCHEMAS["cleaned_pages"])
    first, second = clean[:19], clean[19:]
    sentences = _sentences([first, second], [(0, 30), (30, len(raw))], [0, 19])
    out = extract_quantities(sentences, pages)
    assert out.schema == pl.Schema(SCHEMAS["quantities"])
    rows = out.select("quantity_id", "value", "unit", "surface", "raw_start", "raw_end").rows()
    assert [r[:4] for r in rows] == [(0, 32.0, "家", "32家"), (1, 36200.0, "个", "3.62万个")]
    for _, _, _, surface, r0, r1 in rows:
        assert raw[r0:r1].replace(" ", "").replace("\n", "") == surface
    assert out["district_code"].is_null().all() and out["as_of_date"].is_null().all()


def test_frame_without_cleaned_pages_uses_the_sentence_raw_span():
    text = "全县生产口罩3.62万个。"
    same = extract_quantities(_sentences([text], [(100, 100 + len(text))], [0]))
    assert same.select("raw_start", "raw_end").row(0) == (106, 112)
    differs = extract_quantities(_sentences([text], [(100, 140)], [0]))
    assert differs.select("raw_start", "raw_end").row(0) == (100, 140)


def test_empty_input_gives_an_empty_frame_of_the_schema():
    out = extract_quantities(_sentences([], [], []))
    assert out.height == 0 and out.columns == list(SCHEMAS["quantities"])


# --- floors on shared material ---------------------------------------------------------------------

def _scratch_sentences(raw: str) -> list[str]:
    """Until zhnews.cleaning is used here: join the column-wrapped lines and split on sentence ends."""
    text = re.sub(r"\s+", "", raw)
    return [s for s in re.split(r"(?<=[。！？])", text) if s]


@pytest.mark.shared
def test_seed_floors(seed_text, gold_dir, score_script):
    spec = importlib.util.spec_from_file_location("score", score_script)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = [json.loads(line) for line in (gold_dir / "seed_quantities.jsonl").read_text().splitlines() if line]
    pred = [{"value": q.value, "unit": q.unit, "qualifier": q.qualifier}
            for s in _scratch_sentences(seed_text) for q in find_quantities(s)]
    hits, misses, fps, _ = score.match(
        gold, pred, lambda g, p: score.fold_unit(g["unit"]) == score.fold_unit(p["unit"])
        and score.same_value(g["value"], p["value"]))
    precision, recall, _ = score.prf(len(hits), len(fps), len(misses))
    assert precision >= 0.98 and recall >= 0.98, (misses, fps)
    assert all(g.get("qualifier", "exact") == p["qualifier"] for g, p in hits)


@pytest.mark.shared
def test_throughput_on_xwlb(xwlb_dir):
    sentences = []
    for path in sorted(xwlb_dir.glob("*.md"))[:40]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                sentences += [s for s in line.split("。") if s]
    size = sum(len(s.encode()) for s in sentences)
    find_quantities("预热：全县32家企业")
    start = time.perf_counter()
    for s in sentences:
        find_quantities(s)
    rate = size / (time.perf_counter() - start) / 1e6
    assert rate >= 1.5, f"{rate:.2f} MB/s"  # the floor is 3 MB/s on one quiet core; CI machines vary


_QUALIFIED = [("约", "", "approx"), ("近", "", "approx"), ("", "左右", "approx"), ("超过", "", "at_least"),
              ("逾", "", "at_least"), ("", "以上", "at_least"), ("不足", "", "at_most"), ("不到", "", "at_most"),
              ("", "以内", "at_most"), ("", "", "exact")]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=10**6), st.sampled_from(_QUALIFIED), st.sampled_from(_UNITS),
       st.sampled_from(["", " "]))
def test_qualifiers_around_any_number_and_unit(n, qualified, unit, space):
    before, after, qualifier = qualified
    alias, canonical = unit
    q = one(f"今年以来，全县共调运物资{before}{n}{space}{alias}{after}，保障了供应。")
    assert (q.value, q.unit, q.qualifier) == (n, canonical, qualifier)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**5), st.integers(min_value=1, max_value=10**5),
       st.sampled_from(["至", "到", "-", "～", "~"]), st.sampled_from(_UNITS))
def test_ranges_keep_both_bounds(lo, extra, sep, unit):
    alias, canonical = unit
    hi = lo + extra
    q = one(f"每个乡镇安排{lo}{sep}{hi}{alias}，分批落实。")
    assert (q.value, q.value_max, q.unit) == (lo, hi, canonical)


@pytest.mark.parametrize("text, value", [("新增一例", 1), ("仅一家企业完成", 1), ("日新增病例超6万3千例", 63000)])
def test_a_counted_one_and_split_magnitudes(text, value):
    assert one(text).value == value


def test_a_numeral_and_classifier_that_spell_a_place_are_not_a_count():
    assert find_quantities("三台“点对点”送务工人员返岗") == []
    assert [(q.value, q.unit) for q in find_quantities("新购三台消毒机")] == [(3, "台")]
