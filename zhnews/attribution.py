"""Attribution: the district and the day each quantity speaks of, and the rule that decided each.

Where: the place paired with it by 分别 ("A、B分别达到x、y"); else the nearest place named before it in its
own sentence (not inside an organisation's name, not a place goods come from or go to: "向安徽滁州和广东广州等地
发函6次", not a yardstick: "在全市率先"); else the article's subject (first place of its headline, else of its
lead); else the source's home city.
When: the nearest date in the quantity's own sentence; else a 截至 date of the clause before it that ends in
"；" (the same full-stop sentence), the date of the sentence a 其中/分X看 sentence details, or the day of the
event a lead reports when the next sentence speaks of it (此次…, 集中开工…); a period named before it with no day
(去年一季度, 上月, 今年) gives its last day, no later than the page; for a headline figure,
the date of the body sentence that restates it; else the date of the article's first sentence when it states
a status (截至…, 今天) and the figure's sentence does not say 目前 (now); else the publication date.
"""
from __future__ import annotations

import re

import polars as pl

from zhnews import tables
from zhnews.gazetteer import places
from zhnews.schema import conform

STATUS_RULES = ("as_of", "relative_today")
# a period's opening day is not the day a figure is as of: "自1月25日以来…累计解决问题376个" counts up to today
NOT_AS_OF = ("since", "range_start")


_COMPARED = re.compile(r"(?:比|较|相比|比起|同比|环比|与)(?:[^，。；]{1,8}[（(])?$")  # "比2月10日（正月十七）"
# a sentence about one establishment named before: its figures are where that establishment is
_THIS_ENTITY = re.compile(r"该(?:企业|公司|厂|工厂|项目|基地|园区|超市|商场|市场)")
# "目前，全市仍有3至5家企业…": a sentence that speaks of now is as of the publication date, not the lead's 截至
_PRESENT = re.compile(r"(?:目前|当前|眼下|如今|现在)")
PERIOD_RULES = ("quarter", "relative_month", "relative_year", "month_only", "relative_week_period")
# "恢复至去年同期的八成", "达去年外出务工总数的95%": a yardstick, not the period
_SAME_TIME_OF = re.compile(r"同期|同月|同一|同比|水平|[^，。；]{0,10}?(?:总数|总量|总额)的")
_REPORTED = re.compile(r"(?:上午|下午)?(?:从|在|向)?[^，。；]{0,14}?(?:获悉|了解到|得知|发布|透露)")
_THIS_EVENT = re.compile(r"此次|本次|当天|当日|同步")
_CEREMONY = re.compile(r"集中开工|开工|集中签约|签约|投产|竣工|开业|揭牌")
_DETAIL = re.compile(r"其中|分[^，。；]{1,6}看|从[^，。；]{1,8}(?:来)?看|具体(?:来)?看")
_CLAUSE_BREAK = re.compile(r"[，；。！？]")
_OPENING = re.compile(r"(?:自|从)[^，。；！？]{0,40}?(?:以来|起)")


def _passing(mentions: list[dict], index: int, text: str) -> bool:
    """Is mention ``index`` a destination/origin, or chained to one (向安徽滁州和广东广州、东莞)?"""
    mention = mentions[index]
    before = text[max(0, mention["sent_start"] - 2):mention["sent_start"]]
    # a place right after these is where something goes or comes from, not what the figure is about
    if re.search(r"(向|从|自|往|赴|来自|运往|发往|销往|与|同)$", before):
        return True
    # further along a list of destinations: "当天发往市区和南昌的蔬菜达42吨"
    if re.search(r"(运往|发往|销往|送往|调往|来自)[^，。；]{1,8}$", text[:mention["sent_start"]]):
        return True
    # where an event was held: "开工活动在伍家岗区举行" (the projects are the city's)
    if re.match(r"[^，。；]{0,10}?(举行|召开|举办)", text[mention["sent_end"]:]) and re.search(r"在$", before):
        return True
    # part of a time expression: "自1月25日全省启动Ⅰ级响应以来"
    if any(m.start() < mention["sent_start"] < m.end() for m in _OPENING.finditer(text)):
        return True
    # a yardstick, not the subject: "在全市率先推行", "均居全市首位", "比全省平均水平低"
    after = text[mention["sent_end"]:mention["sent_end"] + 6]
    if re.match(r"(范围内)?(率先|首位|第一|前列|之首|领先|首家|首个|排名|排第|平均|同期)", after) or re.search(
            r"(居|位居|位列|高于|低于|超过|比|较)$", before):
        return True
    if re.search(r"(和|及|、|或)$", before) or (index and mentions[index - 1]["sent_end"] == mention["sent_start"]):
        return index > 0 and _passing(mentions, index - 1, text)
    return False


def _respectively(places_: list[dict], figures: list[tuple[int, int]], text: str) -> dict[int, dict]:
    """Figures paired with the places (or days) listed before 分别: "任城区、兖州区用电量分别达到18964万千瓦时、
    13970万千瓦时".

    ``places_`` are the sentence's usable place rows (or date rows), ``figures`` its quantities as
    (sent_start, sent_end); returns {figure start: row}.
    """
    paired: dict[int, dict] = {}
    for word in re.finditer("分别", text):
        run = [r for r in places_ if r["sent_end"] <= word.start()]
        if not run:
            continue
        listed = [run[-1]]
        for row in reversed(run[:-1]):  # back along "A、B和C"
            if text[row["sent_end"]:listed[0]["sent_start"]] not in ("、", "和", "及", "与", "以及", "，"):
                break
            listed.insert(0, row)
        after = [f for f in figures if f[0] >= word.end()]
        if len(listed) >= 2 and len(after) >= len(listed):
            paired.update({start: row for (start, _), row in zip(after, listed)})
    return paired


def attribute_quantities(quantities: pl.DataFrame, sentences: pl.DataFrame, articles: pl.DataFrame,
                         documents: pl.DataFrame, date_mentions: pl.DataFrame,
                         place_mentions: pl.DataFrame) -> pl.DataFrame:
    """``quantities`` with district_code, district_name, place_rule, as_of_date and date_rule filled."""
    if quantities.height == 0:
        return conform(quantities, "quantities")
    table = places()
    docs = {row["doc_id"]: row for row in documents.select("doc_id", "home_code", "publication_date").iter_rows(named=True)}
    text_of = {(d, s): t for d, s, t in sentences.select("doc_id", "sentence_id", "text").iter_rows()}
    headline = {(d, s): h for d, s, h in sentences.select("doc_id", "sentence_id", "is_headline").iter_rows()}
    order = sentences.sort("doc_id", "sentence_id")
    article_sentences: dict[tuple[str, int], list[int]] = {}
    for d, a, s in order.select("doc_id", "article_id", "sentence_id").iter_rows():
        article_sentences.setdefault((d, a), []).append(s)
    place_rows: dict[tuple[str, int], list[dict]] = {}
    for row in place_mentions.sort("doc_id", "sentence_id", "sent_start").iter_rows(named=True):
        place_rows.setdefault((row["doc_id"], row["sentence_id"]), []).append(row)
    date_rows: dict[tuple[str, int], list[dict]] = {}
    for row in date_mentions.filter(pl.col("resolved_date").is_not_null() & ~pl.col("rule").is_in(NOT_AS_OF)).sort("doc_id", "sentence_id", "sent_start").iter_rows(named=True):
        date_rows.setdefault((row["doc_id"], row["sentence_id"]), []).append(row)
    # periods (去年一季度, 上月, 去年): a figure right after one is as of its last day, not a year's "同期"
    period_rows: dict[tuple[str, int], list[dict]] = {}
    for row in date_mentions.filter(pl.col("resolved_date").is_null() & pl.col("end_date").is_not_null()
                                    & pl.col("rule").is_in(PERIOD_RULES)).iter_rows(named=True):
        text = text_of.get((row["doc_id"], row["sentence_id"]), "")
        if not _SAME_TIME_OF.match(text, row["sent_end"]) and not _COMPARED.search(text, 0, row["sent_start"]):
            period_rows.setdefault((row["doc_id"], row["sentence_id"]), []).append(row)

    def usable_places(key):
        rows = place_rows.get(key, [])
        text = text_of.get(key, "")
        return [r for i, r in enumerate(rows) if not r["in_organisation"] and not _passing(rows, i, text)]

    # the district named last before each sentence of its article: where "该企业" of the sentence stands
    place_before: dict[tuple[str, int], str] = {}
    for key, ids in article_sentences.items():
        last_code = None
        for s in ids:
            if last_code is not None:
                place_before[(key[0], s)] = last_code
            found = usable_places((key[0], s))
            if found:
                last_code = found[-1]["code"]

    # an article whose body goes through several districts (长葛市…；禹州市…；高密市…，昌邑市…) is a roundup: a
    # figure that names no place of its own is the paper's city's ("市财政累计拨付…"), not the first district's
    roundup = set()
    for key, ids in article_sentences.items():
        named = {r["code"] for s in ids if not headline[(key[0], s)] for r in usable_places((key[0], s))
                 if r["level"] in ("county", "zone") and r["rule"] not in ("last_named", "named_in_organisation")}
        if len(named) > 1:
            roundup.add(key)
    subject: dict[tuple[str, int], tuple[str, str]] = {}
    lead_date: dict[tuple[str, int], tuple[object, str]] = {}
    for key, ids in article_sentences.items():
        heads = [s for s in ids if headline[(key[0], s)]]
        body = [s for s in ids if not headline[(key[0], s)]]
        for s, rule in [(s, "headline") for s in heads] + [(s, "article_lead") for s in body[:2]]:
            found = usable_places((key[0], s))
            if found:
                subject[key] = (found[0]["code"], rule)
                break
        for s in body[:1]:
            # "记者昨日从市工信局获悉，截至3月18日，…": the status the lead states, past the day the news came
            dated = date_rows.get((key[0], s), [])
            status = [r for r in dated if r["rule"] in STATUS_RULES]
            if status:
                lead_date[key] = (status[0]["resolved_date"], "article_lead")
                break

    # "截至2月29日，全市…复工1072家；返岗员工15.8万人…。": a 截至 governs every clause up to the full stop;
    # "…3月1日至22日…。其中，任城区…": a 其中 sentence details the one before, on its day
    carried: dict[tuple[str, int], tuple[object, str]] = {}
    for key, ids in article_sentences.items():
        body = [s for s in ids if not headline[(key[0], s)]]
        # "4月18日上午，我市…集中开工活动在临港开发区举行。全市43个项目集中开工…": the sentence after a lead that
        # reports an event (and no status) tells of that event, on its day
        if len(body) > 1 and key not in lead_date:
            lead = text_of.get((key[0], body[0]), "")
            event = [r for r in date_rows.get((key[0], body[0]), []) if not _COMPARED.search(lead, 0, r["sent_start"])]
            # as long as the sentences after it speak of that event: 此次…, 同步…, or the ceremony's own verb again
            for s in body[1:] if event else ():
                after = text_of.get((key[0], s), "")
                if not (_THIS_EVENT.search(after) or set(_CEREMONY.findall(lead)) & set(_CEREMONY.findall(after))):
                    break
                carried[(key[0], s)] = (event[0]["resolved_date"], "event_of_lead")
        for previous, s in zip(ids, ids[1:]):
            sentence = text_of.get((key[0], s), "")
            # "其中，任城区…", "分板块看，…": the sentence before, in detail; a data box's header and rows: its caption
            if _DETAIL.match(sentence) or tables.is_row(sentence) or tables.is_header(sentence):
                before = text_of.get((key[0], previous), "")
                dated = [r for r in date_rows.get((key[0], previous), [])
                         if not _COMPARED.search(before, 0, r["sent_start"])]  # not its "较3月10日"
                if dated or (key[0], previous) in carried:
                    carried[(key[0], s)] = ((dated[-1]["resolved_date"], "detail_of_previous") if dated
                                            else carried[(key[0], previous)])
                continue
            if not text_of.get((key[0], previous), "").endswith("；"):
                continue
            as_of = [r["resolved_date"] for r in date_rows.get((key[0], previous), []) if r["rule"] == "as_of"]
            if as_of or (key[0], previous) in carried:
                carried[(key[0], s)] = (as_of[-1], "as_of_carried") if as_of else carried[(key[0], previous)]

    # a headline figure takes its day from the body sentence that restates it (or restates its neighbour)
    restated: dict[tuple, int] = {}
    in_sentence: dict[tuple[str, int], list[tuple[float, str]]] = {}
    for d, a, s, v, u in quantities.sort("doc_id", "sentence_id").select(
            "doc_id", "article_id", "sentence_id", "value", "unit").iter_rows():
        in_sentence.setdefault((d, s), []).append((v, u))
        if not headline.get((d, s)):
            restated.setdefault((d, a, v, u), s)

    spans_in: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for d, s, a, b in quantities.sort("doc_id", "sentence_id", "sent_start").select(
            "doc_id", "sentence_id", "sent_start", "sent_end").iter_rows():
        spans_in.setdefault((d, s), []).append((a, b))
    # "2月19日、20日，武安市工业用电量分别为113.6万千瓦时、126.8万千瓦时": days pair with figures as places do
    respective, respective_day = {}, {}
    for key, figures in spans_in.items():
        if "分别" in text_of.get(key, ""):
            respective[key] = _respectively(usable_places(key), figures, text_of[key])
            respective_day[key] = _respectively(date_rows.get(key, []), figures, text_of[key])

    codes, names_, place_rules, days, date_rules = [], [], [], [], []
    for row in quantities.iter_rows(named=True):
        doc, sentence, article = row["doc_id"], row["sentence_id"], row["article_id"]
        key = (doc, sentence)
        home = docs.get(doc, {}).get("home_code") or "100000"
        # where
        before = [r for r in usable_places(key) if r["sent_end"] <= row["sent_start"]]
        # only a place before the figure is its subject; one after it is usually a target (申报河南省…)
        if row["sent_start"] in respective.get(key, {}):
            code, rule = respective[key][row["sent_start"]]["code"], "respectively"
        elif before:
            code, rule = before[-1]["code"], "sentence"
        elif _THIS_ENTITY.search(text_of.get(key, ""), 0, row["sent_start"]) and key in place_before:
            code, rule = place_before[key], "entity_named_before"  # "该企业累计生产口罩86.4万只"
        elif (doc, article) in subject and (doc, article) not in roundup:
            code, rule = subject[(doc, article)]
        elif (doc, article) in roundup:
            code, rule = home, "home_city_roundup"
        else:
            code, rule = home, "home_city"
        codes.append(code)
        names_.append(table[code].name if code in table else None)
        place_rules.append(rule)
        # when
        dated, date_rule = date_rows.get(key, []), "sentence"
        if headline.get(key):
            figures = [(row["value"], row["unit"])] + in_sentence.get(key, [])
            twin = next((restated[(doc, article, v, u)] for v, u in figures if (doc, article, v, u) in restated), None)
            dated, date_rule = (date_rows.get((doc, twin), []), "restated_in_body") if twin is not None else ([], "")
        # a day the figure is compared with is not its day: "比2月10日（正月十七）提高18个百分点"
        # nor the day the reporter was told ("记者昨日从市统计局获悉，去年一季度…下降12.6%")
        dated = [r for r in dated if not _COMPARED.search(text_of.get((doc, r["sentence_id"]), ""), 0, r["sent_start"])
                 and not _REPORTED.match(text_of.get((doc, r["sentence_id"]), ""), r["sent_end"])]
        if date_rule == "sentence":
            # a date after the figure dates it only within its clause ("186.5万只（截至2月27日）"), not
            # from a later one: "已有1,260家茶企恢复生产，春茶开采预计在农历二月廿八前后"
            sentence_text = text_of.get(key, "")
            prior = [r for r in dated if r["sent_end"] <= row["sent_start"]] or [
                r for r in dated if not _CLAUSE_BREAK.search(sentence_text, row["sent_end"], r["sent_start"])]
        else:
            prior = dated
        period = [r for r in period_rows.get(key, []) if r["sent_end"] <= row["sent_start"]] if date_rule == "sentence" else []
        # a day named before the figure wins ("2月17日，利辛县一季度重点项目集中开工，18个项目…")
        if period and not [r for r in prior if r["sent_end"] <= row["sent_start"]]:
            published = docs.get(doc, {}).get("publication_date")
            days.append(min(period[-1]["end_date"], published) if published else period[-1]["end_date"])
            date_rules.append("period_end")
        elif row["sent_start"] in respective_day.get(key, {}) and not headline.get(key):
            days.append(respective_day[key][row["sent_start"]]["resolved_date"])
            date_rules.append("respectively")
        elif prior:
            days.append(prior[-1]["resolved_date"])
            date_rules.append(date_rule)
        elif key in carried and date_rule == "sentence":
            days.append(carried[key][0])
            date_rules.append(carried[key][1])
        elif _PRESENT.search(text_of.get(key, ""), 0, row["sent_start"]):
            days.append(docs.get(doc, {}).get("publication_date"))
            date_rules.append("present")
        elif (doc, article) in lead_date:
            day, rule = lead_date[(doc, article)]
            days.append(day)
            date_rules.append(rule)
        else:
            days.append(docs.get(doc, {}).get("publication_date"))
            date_rules.append("publication_date")
    return conform(quantities.with_columns(
        pl.Series("district_code", codes, dtype=pl.String), pl.Series("district_name", names_, dtype=pl.String),
        pl.Series("place_rule", place_rules, dtype=pl.String), pl.Series("as_of_date", days, dtype=pl.Date),
        pl.Series("date_rule", date_rules, dtype=pl.String)), "quantities")
