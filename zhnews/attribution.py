"""Attribution: the district and the day each quantity speaks of, and the rule that decided each.

Where: the nearest place named in the quantity's own sentence (not inside an organisation's name, not a place
goods come from or go to: "向安徽滁州和广东广州等地发函6次"); else the article's subject (first place of its
headline, else of its lead); else the source's home city.
When: the nearest date in the quantity's own sentence, or a 截至 date of the clause before it that ends in
"；" (the same full-stop sentence); for a headline figure, the date of the body sentence
that restates it; else the date of the article's first sentence when it states a status (截至…, 今天); else
the publication date.
"""
from __future__ import annotations

import re

import polars as pl

from zhnews.gazetteer import places
from zhnews.schema import conform

STATUS_RULES = ("as_of", "relative_today", "since")


def _passing(mentions: list[dict], index: int, text: str) -> bool:
    """Is mention ``index`` a destination/origin, or chained to one (向安徽滁州和广东广州、东莞)?"""
    mention = mentions[index]
    before = text[max(0, mention["sent_start"] - 2):mention["sent_start"]]
    # a place right after these is where something goes or comes from, not what the figure is about
    if re.search(r"(向|从|自|往|赴|来自|运往|发往|销往|与|同)$", before):
        return True
    if re.search(r"(和|及|、|或)$", before) or (index and mentions[index - 1]["sent_end"] == mention["sent_start"]):
        return index > 0 and _passing(mentions, index - 1, text)
    return False


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
    for row in date_mentions.filter(pl.col("resolved_date").is_not_null()).sort("doc_id", "sentence_id", "sent_start").iter_rows(named=True):
        date_rows.setdefault((row["doc_id"], row["sentence_id"]), []).append(row)

    def usable_places(key):
        rows = place_rows.get(key, [])
        text = text_of.get(key, "")
        return [r for i, r in enumerate(rows) if not r["in_organisation"] and not _passing(rows, i, text)]

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
            found = date_rows.get((key[0], s), [])
            if found and found[0]["rule"] in STATUS_RULES:
                lead_date[key] = (found[0]["resolved_date"], "article_lead")
                break

    # "截至2月29日，全市…复工1072家；返岗员工15.8万人…。": a 截至 governs every clause up to the full stop
    carried: dict[tuple[str, int], object] = {}
    for key, ids in article_sentences.items():
        for previous, s in zip(ids, ids[1:]):
            if not text_of.get((key[0], previous), "").endswith("；"):
                continue
            as_of = [r["resolved_date"] for r in date_rows.get((key[0], previous), []) if r["rule"] == "as_of"]
            if as_of or (key[0], previous) in carried:
                carried[(key[0], s)] = as_of[-1] if as_of else carried[(key[0], previous)]

    # a headline figure takes its day from the body sentence that restates it (or restates its neighbour)
    restated: dict[tuple, int] = {}
    in_sentence: dict[tuple[str, int], list[tuple[float, str]]] = {}
    for d, a, s, v, u in quantities.sort("doc_id", "sentence_id").select(
            "doc_id", "article_id", "sentence_id", "value", "unit").iter_rows():
        in_sentence.setdefault((d, s), []).append((v, u))
        if not headline.get((d, s)):
            restated.setdefault((d, a, v, u), s)

    codes, names_, place_rules, days, date_rules = [], [], [], [], []
    for row in quantities.iter_rows(named=True):
        doc, sentence, article = row["doc_id"], row["sentence_id"], row["article_id"]
        key = (doc, sentence)
        home = docs.get(doc, {}).get("home_code") or "100000"
        # where
        before = [r for r in usable_places(key) if r["sent_end"] <= row["sent_start"]]
        # only a place before the figure is its subject; one after it is usually a target (申报河南省…)
        if before:
            code, rule = before[-1]["code"], "sentence"
        elif (doc, article) in subject:
            code, rule = subject[(doc, article)]
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
        prior = ([r for r in dated if r["sent_end"] <= row["sent_start"]] or dated) if date_rule == "sentence" else dated
        if prior:
            days.append(prior[-1]["resolved_date"])
            date_rules.append(date_rule)
        elif key in carried and date_rule == "sentence":
            days.append(carried[key])
            date_rules.append("as_of_carried")
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
