"""Indicators: which quantities are recovery statistics, by the vocabulary in zhnews/data/indicators.toml.

A quantity is an indicator when its unit fits and the words around it say what it measures: a keyword in its
clause (复工率, 用工人数), or a noun for what it counts (in its own list item, else earlier in its sentence, so
"统购口罩11.85万个，其中…调拨8.15万个" gives masks to both) with a predicate in its clause. A headline that
restates a body figure gives one fact, not two.
"""
from __future__ import annotations

import re
import tomllib
from datetime import timedelta
from functools import lru_cache
from importlib import resources

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from zhnews import tables
from zhnews.gazetteer import names
from zhnews.schema import conform

CLAUSE_BREAKS = "，,；;。！？!?：:"
ITEM_BREAKS = CLAUSE_BREAKS + "、"


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    unit: str
    units: list[str]
    keywords: list[str] = []
    nouns: list[str] = []
    predicates: list[str] = []
    exclude: list[str] = []
    period: str = Field(pattern=r"^(point|daily|cumulative)$")
    daily_words: list[str] = []
    cumulative_words: list[str] = ["累计"]
    scoped: bool = False  # counts and rates of a class of enterprises or projects carry that class as scope
    signed: bool = False  # a rate of change: "同比下降13.5%" is -13.5
    description: str = ""

    @model_validator(mode="after")
    def _signals(self) -> "Indicator":
        if self.unit not in self.units:
            raise ValueError(f"{self.code}: canonical unit {self.unit!r} is not among its units {self.units}")
        if not self.keywords and not (self.nouns and self.predicates):
            raise ValueError(f"{self.code}: needs keywords, or nouns and predicates")
        return self


class Scopes(BaseModel):
    model_config = ConfigDict(extra="forbid")
    terms: list[str]


class Context(BaseModel):
    """Words around a figure that say it is not a fact at all, whatever it counts."""
    model_config = ConfigDict(extra="forbid")
    # regular expressions ending right before the figure: it is whom a service went to
    # ("为62家复工企业发放贷款"), not what was done
    object_markers: list[str] = []
    # right after the figure (with an optional 以上/以下 first) + 的 + one of these: a threshold that describes
    # a class ("投资超10亿元的项目3个"), not a measured amount
    attribute_heads: list[str] = []
    # regular expressions for a single unnamed establishment as the clause's subject ("枝江市一家化工企业每天生产
    # 酒精12吨"): its output is an anecdote, not the district's figure
    single_entity: list[str] = []


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid")
    indicators: list[Indicator]
    scopes: Scopes
    context: Context = Context()

    @model_validator(mode="after")
    def _unique(self) -> "Vocabulary":
        codes = [i.code for i in self.indicators]
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            raise ValueError(f"indicator codes defined twice: {duplicates}")
        return self


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The validated vocabulary: ``vocabulary().indicators[0].code == "resumption_rate"``."""
    text = resources.files("zhnews").joinpath("data/indicators.toml").read_text(encoding="utf-8")
    return Vocabulary.model_validate(tomllib.loads(text))


def catalog_frame() -> pl.DataFrame:
    """The ``indicator_catalog`` table: code, names, unit, period, description."""
    rows = [{"indicator": i.code, "name_zh": i.name_zh, "name_en": i.name_en, "unit": i.unit, "period": i.period,
             "description": i.description or f"{i.name_en} ({i.name_zh}), in {i.unit}"} for i in vocabulary().indicators]
    return pl.DataFrame(rows, schema={"indicator": pl.String, "name_zh": pl.String, "name_en": pl.String,
                                      "unit": pl.String, "period": pl.String, "description": pl.String})


_TOWN_LIKE = re.compile(r"(?:镇|乡|街道|社区|开发区|园区)$")  # "西庄镇、芝川镇分别开工4个": a place, not the noun
_OTHER_MEASURE = re.compile(r"收入|支出|利润|税收|营业额|销售额|出口额|进口额|总额")
_OWN_MEASURE = re.compile(r"[\u4e00-\u9fff](?:量|额|率)")


def _span(text: str, start: int, end: int, breaks: str) -> tuple[int, int]:
    a = start
    while a > 0 and text[a - 1] not in breaks:
        a -= 1
    b = end
    while b < len(text) and text[b] not in breaks:
        b += 1
    return a, b


def classify(text: str, start: int, end: int, unit: str) -> tuple[Indicator, str, str | None] | None:
    """The indicator a quantity at text[start:end] measures, with its period and scope, or None.

    >>> indicator, period, scope = classify("全市已开工企业236家", 7, 11, "家")
    >>> indicator.code, period
    ('enterprises_resumed', 'point')
    """
    clause_a, clause_b = _span(text, start, end, CLAUSE_BREAKS)
    clause = text[clause_a:clause_b]
    item_a, item_b = _span(text, start, end, ITEM_BREAKS)
    item = text[item_a:item_b]
    # a share ("占规上工业企业19.7%") continues the clause before it: its verb is there
    context = clause
    # a share ("占规上工业企业19.7%") or a clause that opens with its figure ("…集中开工，23个项目总投资186.7亿元")
    # continues the clause before it: its verb is there
    # ("…实行延期还本付息，涉及贷款4.3亿元": 涉及 points back at the clause before, and what it excludes)
    previous_a = _span(text, clause_a - 1, clause_a - 1, CLAUSE_BREAKS)[0] if clause_a > 0 else clause_a
    if clause_a > 0 and (re.match(r"^(约|均)?占|^(共)?涉及|^合计|^共计", clause)
                         or not text[clause_a:start].strip("共计约近超过逾有")):
        context = text[previous_a:clause_b]
    # "…复工率分别为100%、98.7%，南部县、阆中市分别为96.8%、95.2%": a second 分别 clause measures what the first did
    named = text[previous_a:clause_b] if "分别" in clause and "分别" in text[previous_a:clause_a] else clause
    before = text[:start]
    if _not_a_fact(text, start, end, unit):
        return None
    candidates = [i for i in vocabulary().indicators
                  if unit in i.units and not any(word in context for word in i.exclude)]
    chosen = None
    # "复工率、员工返岗率分别达到100%、97.2%": the n-th figure after 分别 is the n-th thing listed before it
    listed = _respective_item(clause, clause_a, start)
    if listed:  # what the item itself excludes, not the whole clause (复工率 beside 返岗率)
        chosen = next((i for i in vocabulary().indicators if unit in i.units and any(w in listed for w in i.keywords)
                       and not any(w in listed for w in i.exclude)), None)
    # first what the clause or the figure's own list item says; only then a noun named earlier in the sentence,
    # the nearest one ("消毒液17吨、酒精8.5吨": 8.5 t is alcohol, not disinfectant)
    # "30个作业区域": when a noun follows the classifier it is what is counted; look back only for bare figures
    # ("约12万只调拨至县人民医院": a verb follows, and the figure counts the masks named before)
    counted_after = (end < len(text) and "\u4e00" <= text[end] <= "\u9fff" and text[end] not in "和及与或已被将在至到"
                     and not any(text.startswith(word, end) for i in candidates for word in i.predicates))
    # what a figure followed by a noun counts is that noun phrase, up to its verb: "42家规模以上医药企业已全部复工"
    # counts 企业, "两个工业园区开工项目" counts 工业园区, not 项目
    # ("三个工业重镇的规上企业" counts 工业重镇: the phrase stops at 的)
    counted = ""
    if counted_after:
        stops = [text.find(w, end) for i in candidates for w in i.predicates] + [text.find("的", end)]
        counted = text[end:min([at for at in stops if at >= 0] + [clause_b])]
    for indicator in candidates if chosen is None else ():
        if any(word in named for word in indicator.keywords) or (
                any(word in item for word in indicator.nouns) and any(word in context for word in indicator.predicates)
                and not (counted and not any(word in counted for word in indicator.nouns))):
            chosen = indicator
            break
    if chosen is None and not counted_after:
        nearest = -1
        for indicator in candidates:
            position, word = max(((before.rfind(w), w) for w in indicator.nouns), default=(-1, ""))
            # another measure named in between is what the figure measures: "工业增加值下降9.6%，一般公共预算
            # 收入完成52.8亿元，同比下降6.1%"
            if position >= 0 and _OTHER_MEASURE.search(before, position + len(word)):
                continue
            if position > nearest and any(word in context for word in indicator.predicates):
                chosen, nearest = indicator, position
    if chosen is None:
        return None
    period = chosen.period
    if any(word in clause for word in chosen.cumulative_words):
        period = "cumulative"
    elif any(word in clause for word in chosen.daily_words):
        period = "daily"
    scope = _scope(text, context, start) if chosen.scoped else None
    return chosen, period, scope


def _not_a_fact(text: str, start: int, end: int, unit: str) -> bool:
    words = vocabulary().context
    if any(re.search(f"(?:{marker})$", text[:start]) for marker in words.object_markers):
        return True
    clause_a, _ = _span(text, start, end, CLAUSE_BREAKS)
    if any(re.search(pattern, text[clause_a:start]) for pattern in words.single_entity):
        return True
    if unit == "%":  # "80%的企业已复工" is a share, and a fact
        return False
    if _is_base_count(text, end, unit):
        return True
    described = re.match(r"(?:以上|以下|左右)?的", text[end:])
    # a few modifiers may come between 的 and the head: "1亿元以上的重点项目"
    return described is not None and any(head in text[end + described.end():end + described.end() + 6]
                                         for head in words.attribute_heads)


def _respective_item(clause: str, clause_a: int, start: int) -> str | None:
    """What a figure after 分别 stands for: the item of the list before 分别 at the figure's rank."""
    at = clause.find("分别")
    if at < 0 or clause_a + at > start:
        return None
    items = re.split("、|和|及|与", clause[:at])
    rank = len(re.findall("、|和|及|与", clause[at:start - clause_a]))
    return items[rank] if len(items) > 1 and rank < len(items) else None


def _is_base_count(text: str, end: int, unit: str) -> bool:
    """Is the count ending at ``end`` the whole that a later count of the clause is part of?

    "213家规上工业企业已复工209家", "1027个重点项目已复工964个": the first figure counts the class (a noun follows its
    classifier), the second what was done; only the second is the indicator.
    """
    if not ("\u4e00" <= text[end:end + 1] <= "\u9fff") or text[end] in "和及与或" or len(unit) != 1:
        return False  # "132家、121家和105家": a conjunction, not the class's noun
    _, clause_end = _span(text, end, end, CLAUSE_BREAKS)
    return re.search(rf"[\d零〇一二三四五六七八九十百千万两]\s*(?:余|多)?{re.escape(unit)}", text[end:clause_end]) is not None


def _scope(text: str, context: str, start: int) -> str | None:
    """The enterprise class named in the figure's clause (or the clause its share continues), else the one
    named nearest to it in the sentence: "全市已开工企业236家，占规上工业企业19.7%" scopes both figures."""
    terms = vocabulary().scopes.terms
    in_context = next((term for term in terms if term in context), None)
    if in_context:
        return in_context
    best, distance = None, len(text) + 1
    for term in terms:
        for match in re.finditer(re.escape(term), text):
            gap = start - match.end() if match.end() <= start else match.start() - start
            if gap < distance:
                best, distance = term, gap
    return best


def derive_indicators(quantities: pl.DataFrame, sentences: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """The ``indicators`` frame from attributed ``quantities``."""
    texts = {(d, s): (t, h) for d, s, t, h in sentences.select("doc_id", "sentence_id", "text", "is_headline").iter_rows()}
    docs = {d: (src, day) for d, src, day in documents.select("doc_id", "source", "publication_date").iter_rows()}
    by_code = {i.code: i for i in vocabulary().indicators}
    place_names = names()  # "禹州市复工231家": the noun the extractor saw is a place, not what is counted
    rows = []
    for q in quantities.iter_rows(named=True):
        text, is_headline = texts.get((q["doc_id"], q["sentence_id"]), ("", False))
        # "长葛市规上工业企业复工268家；禹州市复工231家；": what the clauses count is named in the first one
        # (only for a figure whose own clause names nothing it counts: 原材料近50吨 keeps to itself)
        # (nor to one whose clause names its own measure: "…产能利用率分别为95.1%；三镇用电量已恢复至…110%")
        clause_a = _span(text, q["sent_start"], q["sent_end"], CLAUSE_BREAKS)[0] if text else 0
        lead = (_clauses_before(texts, q["doc_id"], q["sentence_id"])
                if text and not is_headline and (q["noun"] is None or q["noun"] in place_names
                                                 or _TOWN_LIKE.search(q["noun"]))
                and not _OWN_MEASURE.search(text, clause_a, q["sent_start"]) else "")
        column = _column_over(texts, q["doc_id"], q["sentence_id"], q["sent_start"]) if tables.is_row(text) else None
        if column:  # a data box's cell: what its column is named ("复工率" over "袁州区 126 121 96.0%")
            cell = text[q["sent_start"]:q["sent_end"]]
            found = classify(column + cell, len(column), len(column) + len(cell), q["unit"])
        else:
            found = (classify(lead + text, len(lead) + q["sent_start"], len(lead) + q["sent_end"], q["unit"])
                     if text else None)
        if found is None or q["district_code"] is None or q["as_of_date"] is None:
            continue
        indicator, period, scope = found
        source, published = docs.get(q["doc_id"], (None, None))
        rows.append({
            "doc_id": q["doc_id"], "article_id": q["article_id"], "sentence_id": q["sentence_id"],
            "quantity_id": q["quantity_id"], "source": source, "publication_date": published,
            "district_code": q["district_code"], "district_name": q["district_name"], "indicator": indicator.code,
            "as_of_date": q["as_of_date"], "unit": by_code[indicator.code].unit,
            "value": _in_unit(q["value"], q["unit"], by_code[indicator.code].unit)
            * (-1 if indicator.signed and _DECLINE.search(text[:q["sent_start"]]) else 1),
            "qualifier": q["qualifier"], "period": period, "scope": scope, "place_rule": q["place_rule"],
            "date_rule": q["date_rule"], "sentence": text, "raw_start": q["raw_start"], "raw_end": q["raw_end"],
            "_headline": is_headline, "_box": column is not None,
        })
    flags = {"_headline": pl.Boolean, "_box": pl.Boolean}
    if not rows:
        return conform(pl.DataFrame(schema={**_schema(), **flags}), "indicators")
    frame = pl.DataFrame(rows, schema={**_schema(), **flags}, orient="row")
    # a data box's row that the text states too ("全市 1486 1438 96.8%" beside "全市…复工率96.8%") is that fact
    stated = ["doc_id", "indicator", "district_code", "value"]
    frame = frame.join(frame.filter(~pl.col("_box")).select(stated).unique().with_columns(pl.lit(True).alias("_stated")),
                       on=stated, how="left", nulls_equal=True).filter(~(pl.col("_box") & pl.col("_stated").fill_null(False)))
    # one fact per (article, indicator, district, value): the body row, whose date is better, wins over the
    # headline restating it; a headline also yields to a body row elsewhere on the page (a headline the
    # segmenter left outside its article, or a summary headline over several stories)
    # (whatever district the headline's own words suggest: "高密口罩日产能达320万只" is the body's 高密市 figure,
    # and whatever indicator: a title's spacing is lost in cleaning, so "财政资金 46.8亿元贷款" reads the
    # figure with the wrong noun, while the body's "发放贷款46.8亿元" reads it right)
    key = ["doc_id", "value", "unit"]
    in_body = frame.filter(~pl.col("_headline")).select(key).unique()
    frame = (frame.join(in_body.with_columns(pl.lit(True).alias("_in_body")), on=key, how="left", nulls_equal=True)
             .filter(~(pl.col("_headline") & pl.col("_in_body").fill_null(False)))
             .pipe(_drop_rounded_headlines)
             .sort("doc_id", "_headline", "sentence_id", "quantity_id")
             .unique(["doc_id", "article_id", "indicator", "district_code", "value"], keep="first", maintain_order=True)
             .sort("doc_id", "sentence_id", "quantity_id"))
    return conform(frame, "indicators")


def _drop_rounded_headlines(frame: pl.DataFrame) -> pl.DataFrame:
    """A title's 突破300万只 over a body's 日产能达320万只, or 超60万只 over 分别达到42万只和20万只, rounds what the
    body states: an at-least or approximate headline figure that one body figure of its article and indicator,
    or their sum, meets within a quarter (a tenth for 约) is no fact of its own; nor is an exact one that is their
    sum ("阆中仪陇47个项目集中开工" over 26个 and 21个)."""
    article = ["doc_id", "article_id", "indicator", "unit"]
    body = frame.filter(~pl.col("_headline")).select(*article, pl.col("value").alias("_body"))
    candidates = pl.concat([body, body.group_by(article).agg(pl.col("_body").sum())], how="vertical_relaxed")
    value = pl.col("value")
    qualifier = pl.col("qualifier")
    low = pl.when(qualifier == "approx").then(value * 0.9).when(qualifier == "exact").then(value * (1 - 1e-9)).otherwise(value)
    high = (pl.when(qualifier == "approx").then(value * 1.1).when(qualifier == "exact").then(value * (1 + 1e-9))
            .otherwise(value * 1.25))
    frame = frame.with_row_index("_row")
    rounded = (frame.filter(pl.col("_headline") & qualifier.is_in(["at_least", "approx", "exact"]))
               .join(candidates, on=article, nulls_equal=True)
               .filter(pl.col("_body").is_between(low, high)).select("_row").unique())
    return frame.join(rounded, on="_row", how="anti").drop("_row")


# measures an indicator accepts in more than one unit: "84消毒液1200公斤" is 1.2 t of disinfectant
_TO_CANONICAL = {("kg", "t"): 0.001, ("g", "t"): 1e-6, ("g", "kg"): 0.001, ("t", "kg"): 1000.0}


def _in_unit(value: float, unit: str, canonical: str) -> float:
    """``_in_unit(1200, "kg", "t") == 1.2``; classifiers (只 for 个) and equal units pass unchanged."""
    return value * _TO_CANONICAL.get((unit, canonical), 1.0)


# the words that make a change negative, right before its figure (a qualifier may come between)
_DECLINE = re.compile(r"(?:下降|减少|回落|降低|下滑|负增长)了?(?:约|近|超过|超|逾)?\s*$")


def _column_over(texts: dict, doc_id: str, sentence_id: int, position: int) -> str | None:
    """The header's name for a data-box cell, after the box's caption: the header is the first line above the
    box's rows, the caption the lines above it."""
    row = texts[(doc_id, sentence_id)][0]
    previous = sentence_id - 1
    while (doc_id, previous) in texts and tables.is_row(texts[(doc_id, previous)][0]) and sentence_id - previous < 80:
        previous -= 1
    header = texts.get((doc_id, previous), ("", False))[0]
    column = tables.column_name(row, header, position) if tables.is_header(header) else None
    if column is None:
        return None
    # the caption says what the columns count: "各县（市、区）规上工业企业复工情况" over "已复工"
    captions = [texts.get((doc_id, previous - k), ("", False))[0] for k in (2, 1)]
    caption = "".join(c for c in captions if c and not c.startswith(("（", "(")) and "单位" not in c)
    return f"{caption}，{column}" if caption else column


def _clauses_before(texts: dict, doc_id: str, sentence_id: int) -> str:
    """The clauses of the same full-stop sentence before this one (the sentence splitter cuts at ；)."""
    lead = ""
    previous = sentence_id - 1
    while (doc_id, previous) in texts and texts[(doc_id, previous)][0].endswith("；") and len(lead) < 400:
        lead = texts[(doc_id, previous)][0] + lead
        previous -= 1
    return lead


def _schema() -> dict:
    from zhnews.schema import SCHEMAS

    return SCHEMAS["indicators"]


def audit_indicators(indicators: pl.DataFrame, documents: pl.DataFrame, known_codes: set[str]) -> dict[str, pl.DataFrame]:
    """Rows failing each check (empty frames when all pass); the Dagster asset checks report these."""
    lengths = documents.select("doc_id", "n_chars", "publication_date")
    joined = indicators.join(lengths, on="doc_id", how="left", suffix="_doc")
    spans = indicators.group_by("doc_id", "raw_start", "raw_end").len().filter(pl.col("len") > 1)
    return {
        "district_code_exists": indicators.filter(~pl.col("district_code").is_in(sorted(known_codes))),
        "date_within_range": joined.filter(
            (pl.col("as_of_date") < pl.col("publication_date_doc") - timedelta(days=400))
            | (pl.col("as_of_date") > pl.col("publication_date_doc") + timedelta(days=1))),
        # shares only: a growth rate may be negative or above 100
        "rate_within_0_100": indicators.filter(
            pl.col("indicator").is_in([i.code for i in vocabulary().indicators if i.unit == "%" and not i.signed])
            & ~pl.col("value").is_between(0, 100)),
        "one_fact_per_span": indicators.join(spans.select("doc_id", "raw_start", "raw_end"),
                                             on=["doc_id", "raw_start", "raw_end"]),
        "span_inside_document": joined.filter(
            (pl.col("raw_start") < 0) | (pl.col("raw_end") > pl.col("n_chars")) | (pl.col("raw_end") < pl.col("raw_start"))),
    }
