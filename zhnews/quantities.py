"""Quantities in sentences: a number, its unit, how exact it is, what it counts and the verb governing it.

``find_quantities`` reads one sentence; ``extract_quantities`` is the stage function over the ``sentences``
frame. A quantity needs a unit (家, 吨, 万元, %, 个百分点, 3天 ...): bare numbers (telephone numbers, editor
marks like ①5, page jumps) are never quantities, and dates and clock times (2月17日, 12时) are left to
:mod:`zhnews.dates` because 月, 日 and 时 are not units here (only durations are: 3天, 两个月, 3日内, 5小时).

Notations: Arabic, full-width, Chinese and mixed numbers (via :mod:`zhnews.numerals`), ranges (3至5家),
percentages (19.7%, 百分之三十, 三成 = 30 %), percentage points (个百分点 -> pp), fractions (三分之一, 1/3 ->
33.333... %: a share, like 成 and 百分之), compound units (元/斤 -> CNY per 斤), magnitudes folded into the
value (51.13万个 -> 511300 个, 万千瓦时 -> 1e4 kWh). A single layout space between the parts is tolerated.

Not quantities: ordinals (第五次), numerals inside set phrases and slogans (two lists in
``data/quantity_rules.toml``), and a bare 一 before a classifier or a duration ("一场疫情", "任何一个细节"),
which in news is the indefinite article far more often than a count.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl
from pydantic import BaseModel

from zhnews import tables
from zhnews.numerals import DIGITS, FULLWIDTH, parse_number
from zhnews.schema import empty, from_rows
from zhnews.units import Qualifier, Unit, load_units

RULES_FILE = Path(__file__).parent / "data" / "quantity_rules.toml"


@dataclass(slots=True)
class Quantity:
    """One quantity in a sentence; ``start``/``end`` index the sentence text, ``surface`` = text[start:end]."""

    value: float
    value_max: float | None
    unit: str
    per: str | None
    qualifier: Qualifier
    surface: str
    noun: str | None
    predicate: str | None
    start: int
    end: int


class Qualifiers(BaseModel):
    approx_before: list[str]
    at_least_before: list[str]
    at_most_before: list[str]
    approx_after: list[str]
    at_least_after: list[str]
    at_most_after: list[str]
    at_least_inside: list[str]
    not_qualifier: list[str] = []
    after_many_only_for: list[str] = ["time"]


class QuantityRules(BaseModel):
    qualifiers: Qualifiers
    ordinal_before: list[str]
    vague_before: list[str] = []
    one_counts_after: list[str] = []
    set_phrases: list[str]
    link_verbs: list[str]
    not_nouns: list[str] = []


@cache
def load_rules(path: Path = RULES_FILE) -> QuantityRules:
    with open(path, "rb") as f:
        return QuantityRules.model_validate(tomllib.load(f))


# --- the scanner ---------------------------------------------------------------------------------

_CN_DIGITS = "〇零一二三四五六七八九两"
_CN_FIRST = "一二三四五六七八九十两廿"
_MAGNITUDES = "十百千万亿"
_SP = r"[ \t\u3000\r\n]{0,2}"
_PREFILTER = re.compile(r"[0-9０-９一二三四五六七八九十两廿百千万]")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9.]")
_CIRCLED = set("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
_CLAUSE_END = set("，。；！？,;!?：:（）()“”\"《》【】[]")
_LIST_SEP = set("、")


class _Scanner:
    """Compiled patterns and lookup tables built once from the two data files."""

    def __init__(self) -> None:
        units = load_units()
        rules = load_rules()
        self.units = units.by_alias()
        self.rules = rules
        q = rules.qualifiers
        # a magnitude character is not a magnitude when it starts a unit alias (千克, 千瓦时, 百分点)
        blocked: dict[str, list[str]] = {}
        for alias in self.units:
            if alias[0] in _MAGNITUDES and len(alias) > 1:
                blocked.setdefault(alias[0], []).append(re.escape(alias[1:]))
        mag_parts = []
        for ch in _MAGNITUDES:
            if ch in blocked:
                mag_parts.append(f"{ch}(?!{'|'.join(sorted(blocked[ch], key=len, reverse=True))})")
            else:
                mag_parts.append(ch)
        mag = "(?:" + "|".join(mag_parts) + ")"
        cn_rest = f"(?:[{_CN_DIGITS}廿]|{mag})"
        arabic = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
        # a magnitude alone is a number only where a bound is spoken of: 近百家, 上千名, 逾万人, 百余家, 千余名
        lone = "(?:(?<=[近上逾超])[百千万](?:万|亿)?(?![百千万亿])|[百千万](?=[余多]))"
        cn = f"(?:[{_CN_FIRST}]{cn_rest}*(?:点[〇零一二三四五六七八九]+)?|{lone})"
        core = f"(?:{arabic}(?:{_SP}{mag}+(?:[0-9]+{mag}+)*)?|{cn})"  # 6万3千 is one number
        inside = "|".join(map(re.escape, q.at_least_inside))
        alias_alt = "|".join(re.escape(a) for a in sorted(self.units, key=len, reverse=True))
        per_alt = "|".join(re.escape(a) for a in sorted(set(self.units) | {"日", "月", "年", "人", "次"},
                                                      key=len, reverse=True))
        main = (f"(?P<a>{core})(?:{_SP}(?P<ai>{inside}))?(?P<am>{mag}*)"
                f"(?:(?P<apct>%)?{_SP}(?P<sep>[至到~—–-]){_SP}(?P<b>{core})(?:{_SP}(?P<bi>{inside}))?(?P<bm>{mag}*))?"
                f"{_SP}(?P<unit>{alias_alt})(?:(?:/|每)(?P<per>{per_alt}))?")
        pct = f"百分之(?P<pa>{core}|百)"
        frac = f"(?P<fd>{core})分之(?P<fn>{core})"
        # "增长约1/4", "占全市的1/3": a written fraction where a share is spoken of (not a score "比分3/5"),
        # never part of a date or a code (2020/3/15)
        slash = r"(?<=[约近超逾占的为达仅足到长降减了是])(?P<sn>[1-9])/(?P<sd>[2-9]|10)(?![0-9./／日号月])"
        self.pattern = re.compile(f"{pct}|{frac}|{slash}|{main}")
        self.before = sorted(
            [(w, "approx") for w in q.approx_before] + [(w, "at_least") for w in q.at_least_before]
            + [(w, "at_most") for w in q.at_most_before], key=lambda p: len(p[0]), reverse=True)
        self.after = sorted(
            [(w, "approx") for w in q.approx_after] + [(w, "at_least") for w in q.at_least_after]
            + [(w, "at_most") for w in q.at_most_after], key=lambda p: len(p[0]), reverse=True)
        self.not_qualifier = q.not_qualifier
        self.many_kinds = set(q.after_many_only_for)
        self.ordinals = sorted(rules.ordinal_before + rules.vague_before, key=len, reverse=True)
        # set phrases indexed by each numeral character they contain, with its offset in the phrase
        self.phrases: dict[str, list[tuple[str, int]]] = {}
        for phrase in rules.set_phrases:
            for i, ch in enumerate(phrase):
                if ch in DIGITS or ch in _MAGNITUDES or ch in "廿":
                    self.phrases.setdefault(ch, []).append((phrase, i))
        self.link_verbs = set(rules.link_verbs)
        self.not_nouns = set(rules.not_nouns)
        self.classifiers = {u.canonical for u in units.unit if u.kind == "classifier"}
        self.link_words_longest = sorted(set(rules.link_verbs) | {w for w, _ in self.before}, key=len, reverse=True)

    def in_set_phrase(self, text: str, start: int, end: int) -> bool:
        """The number text[start:end] is part of a set phrase reaching outside it (统一, 两手抓); a phrase
        wholly inside the number (万一 in 九万一千) does not count."""
        for pos in range(start, end):
            for phrase, off in self.phrases.get(text[pos], ()):
                p0 = pos - off
                if p0 >= 0 and text.startswith(phrase, p0) and (p0 < start or p0 + len(phrase) > end):
                    return True
        return False


@cache
def _scanner() -> _Scanner:
    return _Scanner()


def find_quantities(text: str, *, context: bool = True) -> list[Quantity]:
    """Every quantity in one sentence, in text order.

    >>> [(q.value, q.unit, q.qualifier, q.noun) for q in find_quantities("示范区40家重点工业企业协调原材料近50吨")]
    [(40.0, '家', 'exact', '重点工业企业'), (50.0, 't', 'approx', '原材料')]

    ``context=False`` skips the noun and predicate (faster when only values are needed).
    """
    if not _PREFILTER.search(text):
        return []
    sc = _scanner()
    work = text.translate(FULLWIDTH)  # one-to-one, so offsets into `work` are offsets into `text`
    found: list[Quantity] = []
    for m in sc.pattern.finditer(work):
        q = _read_match(sc, work, m)
        if q is not None:
            q.surface = text[q.start:q.end]
            found.append(q)
    found = [q for q in _join_ranges(text, found) if not _is_place_name(text, q)]
    if context and found:
        _add_context(sc, text, found)
    return found


def _is_place_name(text: str, q: Quantity) -> bool:
    """"三台“点对点”送务工人员返岗", "在三台县": a numeral and a classifier that spell a place (三台县, 六合区)."""
    if len(q.surface) > 3 or q.surface[:1].isdigit():
        return False
    from zhnews.gazetteer import names  # lazily: most sentences have no such figure

    written = names().get(q.surface) or names().get(q.surface + text[q.end:q.end + 1])
    return bool(written) and (q.start == 0 or text[q.start - 1] in "，。、；：“”（(在到赴对和与及 ")


_CN_ONE_DIGIT = "〇一二三四五六七八九"
_CLASSIFIER_START = set("家个人名户项次条天年月日吨元万亿")


def _join_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """"1.5元至2元", "3吨到5吨": a range that repeats its unit is one quantity, value and value_max; "2.5元一斤" is
    2.5 CNY per 斤."""
    out: list[Quantity] = []
    for q in found:
        last = out[-1] if out else None
        # "复工率为八成五": 8.5 成 is 85 %
        tenth = text[q.end:q.end + 1]  # "" at the end of the sentence
        if q.unit == "%" and q.surface.endswith("成") and tenth and tenth in _CN_ONE_DIGIT and \
                text[q.end + 1:q.end + 2] not in _CLASSIFIER_START:
            q.value += _CN_ONE_DIGIT.index(text[q.end])
            q.end += 1
            q.surface = text[q.start:q.end]
        # "青菜2.5元一斤": a price per unit, not a second quantity
        if (last is not None and last.unit == "CNY" and last.per is None and q.start == last.end
                and text.startswith("一", q.start) and q.value == 1):
            last.per, last.end = q.unit, q.end
            last.surface = text[last.start:last.end]
            continue
        if (last is not None and last.value_max is None and q.value_max is None and last.unit == q.unit
                and last.per == q.per and re.fullmatch(r"\s*[至到~—–-]\s*", text[last.end:q.start])
                and q.value > last.value and q.qualifier == "exact"):
            last.value_max, last.end = q.value, q.end
            last.surface = text[last.start:last.end]
            continue
        out.append(q)
    return out


def _read_match(sc: _Scanner, text: str, m: re.Match) -> Quantity | None:
    start, end = m.start(), m.end()
    if _is_label(sc, text, start):
        return None
    g = m.groupdict()
    inside_q = None
    value_max = None
    per = None
    unit_q = None
    bare_one = False
    if g["pa"] is not None:  # 百分之三十
        value = 100.0 if g["pa"] == "百" else parse_number(g["pa"])
        unit, kind = "%", "percent"
    elif g["fd"] is not None:  # 三分之一: a share, in percent
        d, n = parse_number(g["fd"]), parse_number(g["fn"])
        if not d or n is None or sc.in_set_phrase(text, start, end):
            return None
        value, unit, kind = 100.0 * n / d, "%", "percent"
    elif g["sn"] is not None:  # 1/4
        n, d = int(g["sn"]), int(g["sd"])
        if n >= d:
            return None
        value, unit, kind = 100.0 * n / d, "%", "percent"
    else:
        alias = g["unit"]
        u: Unit = sc.units[alias]
        a, b = g["a"], g["b"]
        if sc.in_set_phrase(text, m.start("a"), m.end("a")):
            return None
        if not _unit_fits(u, text, start, m.end("unit")):
            return None
        if g["apct"] and alias != "%":
            return None
        a_range = _digit_pair(a)
        if a_range is None and _is_digit_string(a):
            return None  # 二〇二〇年, 一二: a code or a year written digit by digit, not a count
        if a_range is not None and b is not None:
            return None
        am, bm = g["am"] or "", g["bm"] or ""
        if b is not None:
            value, value_max = parse_number(a + am), parse_number(b + bm)
            b_mag = _trailing_magnitude(b + bm)
            if (b_mag and not am and not _has_magnitude(a) and value is not None
                    and value < (parse_number((b + bm)[:-len(b_mag)]) or 0)):
                value = parse_number(a + b_mag)  # 3至5万元: the upper bound's magnitude applies to both
            if value is None or value_max is None or value_max <= value:
                return None
        elif a_range is not None:
            lo, hi = a_range
            mult = parse_number("1" + am) if am else 1.0
            value, value_max = lo * mult, hi * mult
        else:
            value = parse_number(a + am)
            if value is None:
                return None
        if u.max_value is not None and (value_max or value) > u.max_value:
            return None
        if u.factor != 1.0:
            value *= u.factor
            value_max = value_max * u.factor if value_max is not None else None
        unit, kind = u.canonical, u.kind
        unit_q = u.qualifier
        if g["ai"] or g["bi"]:
            inside_q = "at_least"
        if g["per"]:
            pu = sc.units.get(g["per"])
            per = pu.canonical if pu else g["per"]
        bare_one = a == "一" and b is None and kind in ("classifier", "time")
        if a_range is not None:
            inside_q = inside_q or "approx"
    if value is None:
        return None
    # qualifiers around the match
    after_q, end = _qualifier_after(sc, text, end, kind)
    before_q, start = _qualifier_before(sc, text, start)
    if before_q is None and g.get("a") in ("百", "千", "万", "百万", "千万") and text[start - 1:start] == "上":
        before_q, start = "at_least", start - 1  # 上百家: a hundred or more
    qualifier = unit_q or inside_q or after_q or before_q or "exact"
    if bare_one and qualifier == "exact":
        head = text[max(0, start - 3):start]
        if not any(head.endswith(w) for w in sc.rules.one_counts_after):
            return None
    return Quantity(value=value, value_max=value_max, unit=unit, per=per, qualifier=qualifier, surface="",
                    noun=None, predicate=None, start=start, end=end)


def _is_label(sc: _Scanner, text: str, start: int) -> bool:
    """An ordinal (第五次), a code (A320, COVID-19) or an editor mark (①5) starts here, not a count."""
    i = start
    while i > 0 and text[i - 1] in " \t\u3000":
        i -= 1
    if i == 0:
        return False
    prev = text[i - 1]
    if i < start and prev.isdigit():
        return False  # "袁州区 126 121 96.0%": the next cell of a data box, not the tail of a code
    if prev in _CIRCLED or _ASCII_ALNUM.match(prev):
        return True
    head = text[max(0, i - 4):i]
    return any(head.endswith(w) for w in sc.ordinals)


def _unit_fits(u: Unit, text: str, start: int, unit_end: int) -> bool:
    if u.after and not any(text.startswith(w, unit_end) for w in u.after):
        return False
    if u.not_after and any(text.startswith(w, unit_end) for w in u.not_after):
        return False
    if u.context and not any(w in text[max(0, start - 12):start] or text.startswith(w, unit_end)
                             for w in u.context):
        return False
    return True


def _is_digit_string(core: str) -> bool:
    return len(core) > 1 and all(c in DIGITS for c in core)


def _digit_pair(core: str) -> tuple[float, float] | None:
    """三四 (three or four), 五六十 (fifty or sixty): two neighbouring digits read as an approximate range."""
    if len(core) < 2 or core[0] not in DIGITS or core[1] not in DIGITS:
        return None
    lo, hi = DIGITS[core[0]], DIGITS[core[1]]
    if lo <= 1 or hi != lo + 1:  # 一二类 is two designations; "one or two" is written 一两
        return None
    rest = core[2:]
    if rest and not all(c in _MAGNITUDES for c in rest):
        return None
    mult = parse_number("1" + rest) if rest else 1.0
    return lo * mult, hi * mult


def _trailing_magnitude(number: str) -> str:
    i = len(number)
    while i > 0 and number[i - 1] in "万亿":
        i -= 1
    return number[i:] if i > 0 and (number[i - 1].isdigit() or number[i - 1] in DIGITS) else ""


def _has_magnitude(core: str) -> bool:
    return any(c in "万亿" for c in core) or (not core[0].isdigit() and any(c in "百千" for c in core))


def _qualifier_after(sc: _Scanner, text: str, end: int, kind: str) -> tuple[str | None, int]:
    j = end
    while j < len(text) and text[j] in " \u3000":
        j += 1
    for word, q in sc.after:
        if text.startswith(word, j):
            if word == "多" and kind not in sc.many_kinds:
                continue
            return q, j + len(word)
    return None, end


def _qualifier_before(sc: _Scanner, text: str, start: int) -> tuple[str | None, int]:
    i = start
    while i > 0 and text[i - 1] in " \u3000":
        i -= 1
    head = text[max(0, i - 6):i]
    for word, q in sc.before:
        if head.endswith(word):
            wide = text[max(0, i - len(word) - 2):i]
            if any(wide.endswith(nq) for nq in sc.not_qualifier):
                return None, start
            return q, i - len(word)
    # "不超过同期贷款利率的50%": the bound governs the whole phrase that ends in 的 before the figure (the span
    # stays the figure's own)
    if text[i - 1:i] == "的":
        phrase = re.search(r"(不超过|不高于|不足|不到|不低于|超过|高于|约占|约为)[^，。；、\d]{1,12}的$", text[max(0, i - 16):i])
        if phrase:
            word = phrase.group(1)
            return ("approx" if word.startswith("约") else dict(sc.before).get(word)), start
    return None, start


# --- noun and predicate ----------------------------------------------------------------------------

_RATE_SUFFIXES = set("率量额数值价比度")
_NOUNISH = {"n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "ng", "vn", "b", "j", "an", "l", "eng"}


@cache
def _jieba():
    import rjieba
    return rjieba.Jieba()


def _add_context(sc: _Scanner, text: str, found: list[Quantity]) -> None:
    """Noun and predicate from the POS tags of the clause on each side of the figure, tagged apart so a
    word never straddles the figure (jieba reads 32家规上企业 as 32|家规|上)."""
    tag = _jieba().tag
    for q in found:
        left = q.start
        while left > 0 and q.start - left < 24 and text[left - 1] not in _CLAUSE_END:
            left -= 1
        right = q.end
        while right < len(text) and right - q.end < 24 and text[right] not in _CLAUSE_END:
            right += 1
        before = _tag_left(sc, tag, text[left:q.start])
        after = tag(text[q.end:right]) if right > q.end else []
        if left > 0 and text[left - 1] not in _CLAUSE_END:
            before = before[:-1]  # the window cut a word: its tail is not a word
        if right < len(text) and text[right] not in _CLAUSE_END:
            after = after[:-1]
        noun = None
        if q.unit in sc.classifiers:
            noun = _noun_forward(sc, after)
        if noun is None:
            noun = _noun_backward(sc, before)
        if noun is None and q.unit in sc.classifiers:
            noun = _subject_before_verb(sc, before)
        q.noun = noun
        q.predicate = _predicate(sc, before, after, noun)


def _tag_left(sc: _Scanner, tag, left: str) -> list[tuple[str, str]]:
    """Tags of the text before a figure, nearest first; a linking word right before the figure is its own
    token (jieba glues 复工率达 into 复工|率达)."""
    if not left:
        return []
    for word in sc.link_words_longest:
        if left.endswith(word) and len(left) > len(word):
            return [(word, "v")] + tag(left[:-len(word)])[::-1]
    return tag(left)[::-1]


def _noun_forward(sc: _Scanner, after: list[tuple[str, str]]) -> str | None:
    """The noun phrase right after a classifier: 40家|重点工业企业. A place name only starts it, and a
    trailing verbal noun is a verb (8家企业|申报)."""
    words: list[tuple[str, str]] = []
    for word, tag in after[:5]:
        if (tag in _NOUNISH and word not in sc.not_nouns and word not in sc.link_verbs
                and not (words and tag == "ns")):
            words.append((word, tag))
        else:
            break
    while words and words[-1][1] == "vn":
        words.pop()
    return "".join(w for w, _ in words) or None


def _noun_backward(sc: _Scanner, before: list[tuple[str, str]]) -> str | None:
    """The noun phrase just before the figure (医用酒精|18571吨), past linking words (用工人数达|48773人)."""
    words: list[str] = []
    skipped = 0
    for i, (word, tag) in enumerate(before[:8]):
        if word.isspace():
            continue
        if not words and word in sc.link_verbs and skipped < 2:
            skipped += 1
            continue
        if word in sc.units or any(c.isdigit() for c in word):
            break  # 4条|12.5公里: a classifier is not a noun
        if not words and word in _RATE_SUFFIXES and i + 1 < len(before) and before[i + 1][1] != "x":
            return before[i + 1][0] + word  # 开放|率 (jieba tags 率 as a verb)
        if tag in _NOUNISH and tag != "vn" and word not in sc.not_nouns and word not in sc.link_verbs:
            words.append(word)
            if len(words) == 3:
                break
        elif len(words) == 1 and len(words[0]) == 1 and words[0] in _RATE_SUFFIXES:
            words.append(word)  # 开放|率: a rate or amount suffix takes the word before it
            break
        else:
            break
    return "".join(reversed(words)) or None


def _subject_before_verb(sc: _Scanner, before: list[tuple[str, str]]) -> str | None:
    """企业|复工|1019家: a count after its verb counts the subject before the verb; not when a preposition
    governs the clause (向重点人员|调拨|8.15万个: those are the recipients)."""
    if any(tag == "p" for _, tag in before[:12]):
        return None
    for i, (word, tag) in enumerate(before[:3]):
        if tag not in ("v", "d") and word not in sc.link_verbs:
            return _noun_backward(sc, before[i:]) if i else None
    return None


def _predicate(sc: _Scanner, before, after, noun: str | None) -> str | None:
    """The nearest verb before the figure in its clause (统购|口罩11.85万个), else the first verb after its
    noun (40家重点工业企业全部|复工复产). Verbal nouns (vn) count only right after a verb (复工|复产)."""
    for i, (word, tag) in enumerate(before[:12]):
        if word in _CLAUSE_END or (word and word[0] in _CLAUSE_END):
            break
        if word in sc.link_verbs or (noun is not None and word in noun):
            continue
        if tag == "v":
            return word
        if tag == "vn" and i + 1 < len(before) and before[i + 1][1] not in _NOUNISH:
            return word  # 累计|生产|口罩: a verbal noun after a non-noun acts as the verb
    for i, (word, tag) in enumerate(after[:10]):
        if word in _CLAUSE_END or word in _LIST_SEP or (word and word[0] in _CLAUSE_END):
            break
        if tag == "v" and word not in sc.link_verbs:
            words = [word]
            for w2, t2 in after[i + 1:i + 3]:
                if t2 in ("v", "vn") and w2 not in sc.link_verbs:
                    words.append(w2)
                else:
                    break
            return "".join(words)
    return None


# --- the stage ------------------------------------------------------------------------------------

_BOX_UNIT = re.compile(r"单位[:：]\s*([\u4e00-\u9fff%]{1,4})")


def _box_cells(text: str, found: list[Quantity], alias: str) -> list[Quantity]:
    """A data box's bare figures ("袁州区 126 121 96.0%" under "单位：家") in the box's unit, beside the cells
    that carry their own (96.0%)."""
    unit = _scanner().units.get(alias)
    if unit is None:
        return found
    taken = {q.start for q in found}
    cells = []
    for m in tables.FIGURE.finditer(text):
        figure = m.group()
        value = parse_number(figure.lstrip("-"))
        if m.start() in taken or figure.endswith(("%", "％")) or value is None:
            continue
        cells.append(Quantity(value=(-value if figure.startswith("-") else value) * unit.factor, value_max=None,
                              unit=unit.canonical, per=None, qualifier="exact", surface=figure, noun=None,
                              predicate=None, start=m.start(), end=m.end()))
    return sorted(found + cells, key=lambda q: q.start)


def extract_quantities(sentences: pl.DataFrame, cleaned_pages: pl.DataFrame | None = None) -> pl.DataFrame:
    """The ``quantities`` frame of a ``sentences`` frame (attribution columns null).

    Raw offsets: with ``cleaned_pages`` each quantity maps exactly through ``offsets`` (sentence text is
    ``clean_text[clean_start:clean_end]``, maybe converted to simplified script char for char); without it, ``raw_start + offset`` where the sentence's raw span
    has the same length as its text, and otherwise the whole sentence's raw span.

    >>> s = pl.DataFrame({"doc_id": ["d"], "article_id": [0], "sentence_id": [0], "text": ["发放口罩3万个"],
    ...                   "is_headline": [False], "clean_start": [0], "clean_end": [7], "raw_start": [0], "raw_end": [7]})
    >>> extract_quantities(s).select("value", "unit", "noun", "raw_start", "raw_end").row(0)
    (30000.0, '个', '口罩', 4, 7)
    """
    if sentences.height == 0:
        return empty("quantities")
    pages: dict[str, tuple[str, list[int]]] = {}
    if cleaned_pages is not None and cleaned_pages.height:
        for doc_id, clean_text, offsets in cleaned_pages.select("doc_id", "clean_text", "offsets").iter_rows():
            pages[doc_id] = (clean_text, offsets)
    rows: list[dict] = []
    next_id: dict[str, int] = {}
    box_unit: dict[str, str] = {}  # "单位：家" over a data box: the unit of its bare figures
    cols = ["doc_id", "article_id", "sentence_id", "text", "clean_start", "clean_end", "raw_start", "raw_end"]
    for doc_id, article_id, sentence_id, text, clean_start, clean_end, raw_start, raw_end in (
            sentences.select(cols).iter_rows()):
        if not text:
            continue
        found = find_quantities(text)
        unit_line = _BOX_UNIT.search(text)
        if unit_line:
            box_unit[doc_id] = unit_line.group(1)
        elif tables.is_row(text) and doc_id in box_unit:
            found = _box_cells(text, found, box_unit[doc_id])
        elif not tables.is_header(text):
            box_unit.pop(doc_id, None)
        if not found:
            continue
        page = pages.get(doc_id)
        # sentence text is the clean span converted to simplified script, character for character
        exact_clean = (page is not None and clean_start is not None and clean_end is not None
                       and clean_end - clean_start == len(text) and clean_end <= len(page[0]))
        same_length = raw_start is not None and raw_end is not None and raw_end - raw_start == len(text)
        for q in found:
            if exact_clean:
                offsets = page[1]
                r0, r1 = offsets[clean_start + q.start], offsets[clean_start + q.end - 1] + 1
            elif same_length:
                r0, r1 = raw_start + q.start, raw_start + q.end
            else:
                r0, r1 = raw_start, raw_end
            qid = next_id.get(doc_id, 0)
            next_id[doc_id] = qid + 1
            rows.append({"doc_id": doc_id, "article_id": article_id, "sentence_id": sentence_id,
                         "quantity_id": qid, "value": q.value, "value_max": q.value_max, "unit": q.unit,
                         "per": q.per, "qualifier": q.qualifier, "surface": q.surface, "noun": q.noun,
                         "predicate": q.predicate, "sent_start": q.start, "sent_end": q.end,
                         "raw_start": r0, "raw_end": r1})
    return from_rows(rows, "quantities")
