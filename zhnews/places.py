"""Place mentions: names of divisions and zones matched as words, and references (我市, 该区) resolved.

Names are found as whole words of the segmenter, never as substrings (解放军 is not 解放区): a full official
name (孟州市, 温县) is taken as it is; a short form (孟州, 焦作) only where the segmenter tags the word as a
place, since short forms like 东方 or 通化 are also ordinary words. Ambiguous names resolve nearest the
source's home city first. References: 我市/全市/本市 -> the home city, 我省/全省 -> its province,
该区/全区/辖区/该县/全县 -> the district last named in the article (its headline included).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from zhnews.gazetteer import Place, names, places, resolve_name
from zhnews.schema import from_rows
from zhnews.spans import map_raw_spans
from zhnews.words import segmenter

REFERENCE = re.compile(r"我市|全市|本市|我省|全省|本省|该区|全区|辖区|本区|该县|全县|本县|该市")
HOME_CITY = ("我市", "全市", "本市")
# 全市/该市 in an article about a county-level city (孟州市) mean that city, not the paper's home city
SUBJECT_CITY = ("全市", "该市")
HOME_PROVINCE = ("我省", "全省", "本省")
LAST_NAMED = ("该区", "全区", "辖区", "本区", "该县", "全县", "本县", "该市")
# a place followed by one of these within the same phrase names an organisation (孟州市第一中学, 焦作市…有限公司)
# "位于示范区的康泰公司": a place joined by 的 locates the company, it is not part of its name
ORGANISATION = re.compile(r"[^，。；：、（）“”\s的]{0,12}?(有限公司|股份公司|公司|集团|中学|小学|大学|学院|学校|医院|"
                          r"银行|分行|支行|酒店|宾馆|农场|工厂|厂|研究院|研究所|中心|协会|商会|超市|市场)")


@dataclass
class PlaceMention:
    start: int
    end: int
    surface: str
    place: Place
    rule: str
    in_organisation: bool


@lru_cache(maxsize=65536)
def _is_place_word(word: str) -> bool:
    """Does the segmenter's dictionary tag this word as a place (ns)? Asked once per distinct word."""
    return any(tag.startswith("ns") for _, tag in segmenter().tag(word))


_TOWN_AFTER = re.compile(r"镇|街道|办事处|乡(?!村|镇)")
_LISTED_PLACES = re.compile(r"[\u4e00-\u9fff]{2,3}(?:、[\u4e00-\u9fff]{2,3})*(?:和|及|、)?[\u4e00-\u9fff]{0,3}?"
                            r"[两二三四五六七八九十]+(?:个)?(?:县|区|市|县区|县市|地)")


def _is_cut_name(last: str, joined: str, written) -> bool:
    # 新|社区 and 中大|社区 are communities, not 台中's 新社区 or 高雄's 大社区
    return len(joined) >= 3 and last != "社区" and joined in written


def _tokens(text: str, written) -> list[tuple[str, int, int]]:
    """The segmenter's words, a name it cut before its suffix put back together (兖州|区 -> 兖州区, 安州|区举 ->
    安州区|举) or cut inside (渌|口区 -> 渌口区)."""
    tokens = segmenter().tokenize(text)
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        # 渌|口区: a full name the segmenter cut inside, its ends on word boundaries
        whole = 0
        for k in (3, 2):  # plain checks first: this runs for every word of the corpus
            if i + k <= len(tokens) and tokens[i + k - 1][0][-1] in "区县市旗" and _is_cut_name(
                    tokens[i + k - 1][0], "".join(t[0] for t in tokens[i:i + k]), written):
                whole = k
                break
        if whole:
            out.append(("".join(t[0] for t in tokens[i:i + whole]), start, tokens[i + whole - 1][2]))
            i += whole
            continue
        if i + 1 < len(tokens) and tokens[i + 1][0][:1] in ("区", "县", "市", "旗") and word + tokens[i + 1][0][0] in written:
            following, _, following_end = tokens[i + 1]
            out.append((word + following[0], start, end + 1))  # 安州|区举|行政: 安州区 and 举
            if len(following) > 1:
                out.append((following[1:], end + 1, following_end))
            i += 2
            continue
        out.append((word, start, end))
        i += 1
    return out


def find_in_sentence(text: str, home_code: str, last_named: Place | None = None,
                     subject: Place | None = None, in_names: Place | None = None,
                     known: frozenset[str] = frozenset()) -> list[PlaceMention]:
    """Place mentions in one sentence, references resolved with ``last_named`` (the article's last district)
    and ``subject`` (the article's first district: a county-level city there makes 全市 mean that city);
    ``in_names`` is the last district named only inside an organisation's name ("金乡县大蒜国际交易市场"), which
    a 全县 with no other county before it refers to; ``known`` are the codes the article has named in full,
    whose short forms count as places wherever they stand ("宜都市…。目前，宜都、枝江口罩日产能…").

    >>> [(m.surface, m.place.code, m.rule) for m in find_in_sentence("我市孟州5家企业复工", "410800")]
    [('我市', '410800', 'home_city'), ('孟州', '410883', 'short')]
    """
    table = places()
    found: list[PlaceMention] = []
    written = names()
    references = {m.start(): m for m in REFERENCE.finditer(text)}
    for word, start, end in _tokens(text, written):
        reference = references.get(start)
        if reference is not None:
            surface = reference.group(0)
            place, rule = None, None
            if found and found[-1].end == start and surface.startswith("全"):
                place, rule = found[-1].place, "apposition"  # "内蒙古全区", "山东全省": the place just named
            elif surface in SUBJECT_CITY and subject is not None and subject.level == "county" and subject.name.endswith("市"):
                place, rule = subject, "article_city"
            elif surface in HOME_CITY and home_code in table and not home_code.endswith("0000"):
                place, rule = table[home_code], "home_city"
            elif surface in HOME_PROVINCE and home_code != "100000" and home_code[:2] + "0000" in table:
                place, rule = table[home_code[:2] + "0000"], "home_province"
            elif surface in LAST_NAMED and last_named is not None:
                place, rule = last_named, "last_named"
            elif surface in LAST_NAMED and in_names is not None and in_names.name.endswith(surface[-1]):
                place, rule = in_names, "named_in_organisation"
            if place is not None:
                found.append(PlaceMention(start, start + len(surface), surface, place, rule, False))
                if rule == "last_named" or place.level in ("county", "zone"):
                    last_named = place
            continue
        if word not in written:
            continue
        resolved = resolve_name(word, home_code)
        if resolved is None:
            continue
        place, rule = resolved
        # 龙门街道, 江陵镇: a town that shares a county's short name is a town (its figures are its county's)
        if rule == "short" and _TOWN_AFTER.match(text, end):
            continue
        # 东方, 通化: a short form that the segmenter reads as an ordinary word is skipped, unless it opens the
        # line as a dateline does ("寿光：蔬菜产得出 运得走"), a figure follows it at once ("酒泉30个重大项目"), or it
        # stands in a list that says what it lists ("涡阳、蒙城、利辛三县")
        if rule == "short" and not _is_place_word(word) and place.code not in known and not (
                (start == 0 and text[end:end + 1] in "：:") or text[end:end + 1].isdigit()
                or _LISTED_PLACES.match(text, start)):
            continue
        in_org = bool(ORGANISATION.match(text, end)) and place.level not in ("country", "province")
        found.append(PlaceMention(start, end, word, place, rule, in_org))
        if not in_org and place.level in ("county", "zone"):
            last_named = place
        elif in_org and place.level in ("county", "zone"):
            in_names = place
    return found


def find_places(sentences: pl.DataFrame, articles: pl.DataFrame, documents: pl.DataFrame,
                cleaned_pages: pl.DataFrame | None = None) -> pl.DataFrame:
    """The ``place_mentions`` frame (references resolved in article order, headline first)."""
    homes = dict(documents.select("doc_id", "home_code").iter_rows())
    rows = []
    last: dict[tuple[str, int], Place | None] = {}
    subjects: dict[tuple[str, int], Place] = {}
    in_names: dict[tuple[str, int], Place] = {}
    known: dict[tuple[str, int], set[str]] = {}
    lead_places: dict[tuple[str, int], set[str]] = {}
    body_seen: dict[tuple[str, int], int] = {}
    for doc_id, article_id, sentence_id, text, raw_start, raw_end, is_headline in sentences.select(
            "doc_id", "article_id", "sentence_id", "text", "raw_start", "raw_end", "is_headline").iter_rows():
        key = (doc_id, article_id)
        # the article's subject comes from its titles and lead; a district first named further down is one
        # of several the article goes through, and 全市 there still means the paper's city
        in_lead = is_headline or body_seen.get(key, 0) < 2
        if not is_headline:
            body_seen[key] = body_seen.get(key, 0) + 1
        # 全市 means a county-level city only when the titles and lead speak of that one district
        subject = subjects.get(key) if len(lead_places.get(key, ())) == 1 else None
        for mention in find_in_sentence(text, homes.get(doc_id) or "100000", last.get(key), subject,
                                        in_names.get(key), frozenset(known.get(key, ()))):
            if mention.rule == "exact":
                known.setdefault(key, set()).add(mention.place.code)
            if in_lead and not mention.in_organisation and mention.place.level in ("county", "zone"):
                lead_places.setdefault(key, set()).add(mention.place.code)
            if not mention.in_organisation and (mention.rule in ("last_named", "named_in_organisation")
                                                or mention.place.level in ("county", "zone")):
                last[key] = mention.place
                if in_lead:
                    subjects.setdefault(key, mention.place)
            elif mention.in_organisation and mention.place.level in ("county", "zone"):
                in_names[key] = mention.place
            rows.append({"doc_id": doc_id, "article_id": article_id, "sentence_id": sentence_id,
                         "surface": mention.surface, "code": mention.place.code, "name": mention.place.name,
                         "level": mention.place.level, "rule": mention.rule,
                         "in_organisation": mention.in_organisation, "sent_start": mention.start,
                         "sent_end": mention.end, "raw_start": raw_start, "raw_end": raw_end})
    return map_raw_spans(from_rows(rows, "place_mentions"), sentences, cleaned_pages)
