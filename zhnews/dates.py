"""Date mentions resolved to days: absolute, elliptical, relative to the publication date, lunar, and ranges.

News rarely writes the year: "2月10日、11日", "截至昨日12时", "1月25日（大年初一）". The year comes from the
publication date (a month far after the publication month belongs to the year before: a page of 2021-01-02
that says 12月31日 means 2020-12-31) and is confirmed by Gregorian–lunar pairs in the text: 1月25日 is 大年初一
only in 2020. Lunar dates are converted with lunar-python. Every row keeps the rule that resolved it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import polars as pl
from lunar_python import Lunar

from zhnews.numerals import parse_number
from zhnews.schema import from_rows
from zhnews.spans import map_raw_spans

_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_LUNAR_MONTHS = {"正": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
                 "冬": 11, "十一": 11, "腊": 12, "十二": 12}
_LUNAR_DAY = r"(?:初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十|[一二]十)"
_TIME = (r"(?P<tod>(?:上午|下午|晚上|晚间|傍晚|早上|早晨|清晨|凌晨|中午|夜间|夜里|一早|晚|早)?"
         r"(?:(?P<hour>\d{1,2})[时点](?:(?P<minute>\d{1,2})分|半)?)?)")
DATE = re.compile(
    r"(?P<asof>截至|截止到|截止|截至到)?"
    r"(?:"
    r"(?P<ymd>(?:(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年)?(?P<m>" + _N + r")月(?P<d>" + _N + r")[日号])"
    r"(?P<more>(?:、" + _N + r"[日号])*)"
    r"(?:(?P<rsep>至|到|—|－|-|～|~)(?:(?P<m2>" + _N + r")月)?(?P<d2>" + _N + r")[日号])?"
    r"|(?P<lunar>(?P<nongli>农历)?(?:(?P<lm>正|冬|腊|十一|十二|[一二三四五六七八九十])月(?P<ld>" + _LUNAR_DAY + r")"
    r"|大年(?P<dn>初[一二三四五六七八九十]|三十)|(?P<eve>除夕)))"
    r"|(?P<fest>元宵节|端午节|中秋节|元旦|国庆节)(?![前后期假长])"  # the day, not the holiday around it
    r"|(?P<rel>昨日|昨天|今天|今日|前天|明天|明日|后天|当天|当日|次日|翌日)"
    # "去年一季度", "前三季度", "上半年": periods, with their first and last day
    r"|(?P<quarter>(?:(?P<qy>\d{4}|今|去|明|上)年)?(?:(?P<qn>前三|第?[一二三四])季度|(?P<half>[上下])半年))"
    r"|(?P<week>(?P<wk>上|本|下|这)(?:个)?(?:周|星期)(?P<wd>[一二三四五六日天])?)"
    r"|(?P<month>(?P<mk>上|本|下|这)个?月(?![份底初末中]?\d))"
    r"|(?P<year>(?P<yk>今|去|明|上)年(?!\d|度?[一二三四五六七八九十\d]+月))"
    r"|(?P<ym>(?P<y2>\d{4})年(?P<m3>\d{1,2})月(?!" + _N + r"[日号]))"
    # "16日上午，…": a day of the month alone, at the start of a clause and not a duration (3日内)
    r"|(?:(?<=^)|(?<=[，。；：、（“\s至止于])|(?<=记者))(?P<dom>\d{1,2})日(?![内以之])(?=上午|下午|晚上|晚|早上|凌晨|中午|一早|，|起|前|至|到|从|在|\d)"
    r")" + _TIME +
    r"(?P<since>以来|起|开始)?")
PAIR = re.compile(r"\s*[（(]\s*(?P<lunar>(?:农历)?(?:(?:正|冬|腊|十一|十二|[一二三四五六七八九十])月" + _LUNAR_DAY +
                  r"|大年(?:初[一二三四五六七八九十]|三十)|除夕))\s*[）)]")
RELATIVE_DAYS = {"昨日": -1, "昨天": -1, "今天": 0, "今日": 0, "前天": -2, "明天": 1, "明日": 1, "后天": 2}
RELATIVE_RULES = {-2: "relative_day_before_yesterday", -1: "relative_yesterday", 0: "relative_today",
                  1: "relative_tomorrow", 2: "relative_day_after_tomorrow"}
# (lunar month/day, solar month/day): 元宵节 is 正月十五 of the year the page speaks of
FESTIVALS = {"元宵节": ((1, 15), None), "端午节": ((5, 5), None), "中秋节": ((8, 15), None),
             "元旦": (None, (1, 1)), "国庆节": (None, (10, 1))}
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


@dataclass
class DateMention:
    start: int
    end: int
    surface: str
    resolved: date | None
    start_date: date | None
    end_date: date | None
    time_of_day: str | None
    rule: str


def _num(text: str) -> int | None:
    value = parse_number(text)
    return int(value) if value is not None else None


def _safe(year: int, month: int | None, day: int | None) -> date | None:
    try:
        return date(year, month, day) if month and day else None
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date) -> tuple[int, bool]:
    """The year of a month/day written without one; True when it is not the publication year."""
    candidate = _safe(published.year, month, day)
    before = _safe(published.year - 1, month, day)
    # 12月31日 on a January page is last year's; 6月30日 on an April page is a coming day of this year
    if candidate and candidate > published + timedelta(days=62) and before and before >= published - timedelta(days=183):
        return published.year - 1, True
    if candidate and candidate < published - timedelta(days=300) and month <= 2:
        return published.year + 1, True  # 1月3日 in a late-December preview
    return published.year, False


@lru_cache(maxsize=4096)
def _lunar_to_solar(lunar_year: int, month: int, day: int) -> date | None:
    try:
        solar = Lunar.fromYmd(lunar_year, month, day).getSolar()
        return date(solar.getYear(), solar.getMonth(), solar.getDay())
    except Exception:  # lunar-python raises plain Exception for days a lunar month does not have
        return None


def _lunar_parts(match: re.Match | dict) -> tuple[int, int] | None:
    get = match.get if isinstance(match, dict) else match.group
    if get("eve"):
        return 12, 30  # 除夕: the last day of the 12th month (29 in short years, handled below)
    if get("dn"):
        return 1, _lunar_day(get("dn"))
    month = _LUNAR_MONTHS.get(get("lm") or "")
    return (month, _lunar_day(get("ld"))) if month else None


def _lunar_day(text: str) -> int:
    text = text.replace("廿", "二十").replace("初", "")
    return _num(text) or 1


def lunar_date(month: int, day: int, published: date) -> date | None:
    """The solar day of a lunar month/day nearest before (or shortly after) the publication date.

    >>> lunar_date(1, 1, date(2020, 2, 17))
    datetime.date(2020, 1, 25)
    """
    best = None
    for year in (published.year - 1, published.year, published.year + 1):
        solar = _lunar_to_solar(year, month, day) or (_lunar_to_solar(year, month, 29) if day == 30 else None)
        if solar and published - timedelta(days=330) <= solar <= published + timedelta(days=60):
            if best is None or abs((solar - published).days) < abs((best - published).days):
                best = solar
    return best


def _lunar_match(text: str) -> dict | None:
    match = re.search(r"(?:(?P<lm>正|冬|腊|十一|十二|[一二三四五六七八九十])月(?P<ld>" + _LUNAR_DAY + r")"
                      r"|大年(?P<dn>初[一二三四五六七八九十]|三十)|(?P<eve>除夕))", text)
    return match.groupdict() if match else None


def _pair_year(month: int, day: int, lunar_text: str, published: date) -> int | None:
    """The year in which month/day (Gregorian) is the lunar day written beside it, if any."""
    parts = _lunar_parts(_lunar_match(lunar_text) or {})
    if not parts:
        return None
    for year in (published.year, published.year - 1, published.year + 1):
        for lunar_year in (year, year - 1):
            if _lunar_to_solar(lunar_year, *parts) == _safe(year, month, day):
                return year
    return None


def _time_of_day(match: re.Match) -> str | None:
    if match.group("hour"):
        hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
        if match.group("tod") and match.group("tod").startswith(("下午", "晚", "傍晚", "夜")) and hour < 12:
            hour += 12
        return f"{hour:02d}:{minute:02d}" if hour < 24 else None
    return match.group("tod") or None


def _inside_quote(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("“") > before.count("”") or before.count("「") > before.count("」")


def find_dates(text: str, published: date, last_named: date | None = None) -> list[DateMention]:
    """Date mentions in one sentence.

    >>> [(m.surface, str(m.resolved), m.rule) for m in find_dates("截至昨日12时，2月10日、11日", date(2020, 2, 17))]
    [('截至昨日12时', '2020-02-16', 'as_of'), ('2月10日', '2020-02-10', 'month_day'), ('11日', '2020-02-11', 'month_carried')]
    """
    mentions: list[DateMention] = []
    for match in DATE.finditer(text):
        if not any(match.group(g) for g in ("ymd", "lunar", "fest", "rel", "quarter", "week", "month", "year", "ym",
                                            "dom")):
            continue
        tod = _time_of_day(match)
        head_end = match.end()
        found: list[DateMention] = []
        if match.group("ymd"):
            month, day = _num(match.group("m")), _num(match.group("d"))
            if match.group("y"):
                year, rule = _num(match.group("y")) or int(match.group("y")), "absolute"
            else:
                year, shifted = _year_for(month, day, published)
                rule = "year_boundary" if shifted else "month_day"
                pair = PAIR.match(text, match.end("ymd") if not match.group("more") else match.end())
                if pair:
                    paired = _pair_year(month, day, pair.group("lunar"), published)
                    if paired:
                        year, rule = paired, "year_from_lunar_pair"
            first = _safe(year, month, day)
            if first is None:
                continue
            ymd_end = match.end("ymd")
            found.append(DateMention(match.start("ymd"), ymd_end, match.group("ymd"), first, first, first, None, rule))
            for more in re.finditer(r"、(" + _N + r")[日号]", match.group("more") or ""):
                extra = _safe(year, month, _num(more.group(1)))
                a = ymd_end + more.start() + 1
                if extra:
                    found.append(DateMention(a, ymd_end + more.end(), more.group(0)[1:], extra, extra, extra, None,
                                             "month_carried"))
            if match.group("d2"):
                month2 = _num(match.group("m2")) if match.group("m2") else month
                last = _safe(year + (1 if month2 < month else 0), month2, _num(match.group("d2")))
                if last:
                    # two mentions, each day with its own span, both carrying the whole range: a figure after
                    # "3月1日至2日" takes the last day, a reader of the first day still sees the period
                    first_day = found[-1]
                    first_day.end_date, first_day.rule = last, "range_start"
                    a = match.start("m2") if match.group("m2") else match.start("d2")
                    found.append(DateMention(a, match.end("d2") + 1, text[a:match.end("d2") + 1], last,
                                             first_day.start_date, last, None, "range"))
        elif match.group("lunar"):
            parts = _lunar_parts(match)
            solar = lunar_date(*parts, published) if parts else None
            if solar is None:
                continue
            found.append(DateMention(match.start("lunar"), match.end("lunar"), match.group("lunar"), solar, solar, solar,
                                     None, "lunar"))
        elif match.group("fest"):
            lunar_day, solar_day = FESTIVALS[match.group("fest")]
            if lunar_day:
                day = lunar_date(*lunar_day, published)
            else:
                year, _ = _year_for(*solar_day, published)
                day = _safe(year, *solar_day)
            if day is None:
                continue
            found.append(DateMention(match.start("fest"), match.end("fest"), match.group("fest"), day, day, day, None,
                                     "festival"))
        elif match.group("rel"):
            word = match.group("rel")
            if _inside_quote(text, match.start("rel")):
                continue  # "超市今天有多少库存？": quoted speech has its own today, not the paper's
            if word in RELATIVE_DAYS:
                day = published + timedelta(days=RELATIVE_DAYS[word])
                rule = RELATIVE_RULES[RELATIVE_DAYS[word]]
            elif word in ("次日", "翌日"):
                if last_named is None and not mentions:
                    continue
                day = (mentions[-1].resolved if mentions and mentions[-1].resolved else last_named) + timedelta(days=1)
                rule = "relative_next_day"
            else:  # 当天/当日: the day last named, else the publication date
                if mentions and mentions[-1].end == match.start("rel"):
                    mentions[-1].end = match.end("rel")  # "正月十五当天": one mention, not two
                    mentions[-1].surface = text[mentions[-1].start:mentions[-1].end]
                    continue
                day = (mentions[-1].resolved if mentions and mentions[-1].resolved else last_named) or published
                rule = "same_day"
            found.append(DateMention(match.start("rel"), match.end("rel"), word, day, day, day, None, rule))
        elif match.group("quarter"):
            qy = match.group("qy")
            year = int(qy) if qy and qy.isdigit() else published.year + {"去": -1, "上": -1, "明": 1}.get(qy or "", 0)
            if match.group("half"):
                first_month, last_month = (1, 6) if match.group("half") == "上" else (7, 12)
            else:
                n = match.group("qn").lstrip("第")
                first_month, last_month = (1, 9) if n == "前三" else (3 * "一二三四".index(n) + 1, 3 * "一二三四".index(n) + 3)
            last_day = _safe(year + last_month // 12, last_month % 12 + 1, 1) - timedelta(days=1)
            # with no year, a quarter not yet begun, or a 前三季度 far from over, is last year's (a January page)
            if not qy and (date(year, first_month, 1) > published or last_day - published > timedelta(days=180)):
                year -= 1
                last_day = _safe(year + last_month // 12, last_month % 12 + 1, 1) - timedelta(days=1)
            found.append(DateMention(match.start("quarter"), match.end("quarter"), match.group("quarter"), None,
                                     date(year, first_month, 1), last_day, None, "quarter"))
        elif match.group("week"):
            offset = {"上": -7, "下": 7}.get(match.group("wk"), 0)
            monday = published - timedelta(days=published.weekday()) + timedelta(days=offset)
            if match.group("wd"):
                day = monday + timedelta(days=WEEKDAYS[match.group("wd")])
                found.append(DateMention(match.start("week"), match.end("week"), match.group("week"), day, day, day,
                                         None, "relative_week"))
            else:  # 上周, 本周: a week, not a day: the period only, no resolved day
                found.append(DateMention(match.start("week"), match.end("week"), match.group("week"), None, monday,
                                         monday + timedelta(days=6), None, "relative_week_period"))
        elif match.group("month"):
            shift = {"上": -1, "下": 1}.get(match.group("mk"), 0)
            index = published.year * 12 + published.month - 1 + shift
            first = date(index // 12, index % 12 + 1, 1)
            following = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
            found.append(DateMention(match.start("month"), match.end("month"), match.group("month"), None, first,
                                     following - timedelta(days=1), None, "relative_month"))
        elif match.group("year"):
            year = published.year + {"去": -1, "上": -1, "明": 1}.get(match.group("yk"), 0)
            found.append(DateMention(match.start("year"), match.end("year"), match.group("year"), None,
                                     date(year, 1, 1), date(year, 12, 31), None, "relative_year"))
        elif match.group("dom"):
            if found_before := [m for m in mentions if m.resolved]:
                base = found_before[-1].resolved  # "2月10日…，11日": the month named last
                month_of = (base.year, base.month)
            else:  # the publication month; a day well after the page's day is last month's (28日 on 3月2日)
                day_number = int(match.group("dom"))
                back = day_number > published.day + 10
                month_of = ((published.year, published.month) if not back else
                            ((published.year - 1, 12) if published.month == 1 else (published.year, published.month - 1)))
            day = _safe(month_of[0], month_of[1], int(match.group("dom")))
            if day is None:
                continue
            found.append(DateMention(match.start("dom"), match.end("dom") + 1, match.group("dom") + "日", day, day, day,
                                     None, "day_of_month"))
        elif match.group("ym"):
            year, month = int(match.group("y2")), int(match.group("m3"))
            first = _safe(year, month, 1)
            if first is None:
                continue
            following = _safe(year + month // 12, month % 12 + 1, 1)
            found.append(DateMention(match.start("ym"), match.end("ym"), match.group("ym"), None, first,
                                     following - timedelta(days=1), None, "month_only"))
        if not found:
            continue
        # the clock time, 截至 and 以来 belong to the last day of the group: "截至昨日12时", "从1月27日起"
        last = found[-1]
        end = head_end - len(match.group("since") or "")
        if match.group("asof") and len(found) == 1:
            found[0].start = match.start("asof")
            found[0].rule = "as_of"
        if tod:
            last.time_of_day = tod
            last.end = max(last.end, match.end("tod"))
        if match.group("since"):
            last.end_date = None
            last.end = head_end
            last.rule = "since" if last.rule in ("month_day", "absolute", "relative_yesterday", "festival", "lunar",
                                                 "year_from_lunar_pair") else last.rule
        elif not tod:
            last.end = max(last.end, end) if match.group("asof") is None else last.end
        for mention in found:
            mention.surface = text[mention.start:mention.end]
        mentions.extend(found)
    _opening_days(text, mentions)
    return mentions


def _opening_days(text: str, mentions: list[DateMention]) -> None:
    """Mark "自1月25日（大年初一）全省启动Ⅰ级响应以来" as the start of an open period (rule since), even when words
    stand between the day and 以来: the figures after it count up to now, not as of that day."""
    for i, mention in enumerate(mentions):
        if mention.rule == "since" or mention.resolved is None:
            continue
        opened = re.search(r"(?:自|从|自从)\s*$", text[:mention.start]) or (
            i and mentions[i - 1].rule == "since" and re.fullmatch(r"\s*[（(]\s*", text[mentions[i - 1].end:mention.start]))
        if opened and re.match(r"[^，。；！？,;]*?(?:以来|起|开始)", text[mention.end:]):
            mention.rule, mention.end_date = "since", None


def resolve_dates(sentences: pl.DataFrame, documents: pl.DataFrame,
                  cleaned_pages: pl.DataFrame | None = None) -> pl.DataFrame:
    """The ``date_mentions`` frame: every date in every sentence, resolved against its publication date.
    With ``cleaned_pages`` each row's raw span is exact, else the sentence's."""
    published = dict(documents.select("doc_id", "publication_date").iter_rows())
    rows = []
    last: dict[tuple[str, int], date] = {}
    # most sentences name no date: a cheap look for the characters every date pattern needs
    needed = re.compile(r"元宵|端午|中秋|元旦|国庆|\d\s*月|[一二三四五六七八九十正冬腊]月|[昨今前明后当次翌][天日]|[上本下这]个?(?:周|星期|月)|星期|"
                        r"农历|大年|除夕|\d{4}年|[今去明上]年|\d日|季度|半年")
    for doc_id, article_id, sentence_id, text, raw_start, raw_end, clean_start in sentences.select(
            "doc_id", "article_id", "sentence_id", "text", "raw_start", "raw_end", "clean_start").iter_rows():
        if not text or not needed.search(text):
            continue
        day = published.get(doc_id)
        if day is None:
            continue
        for mention in find_dates(text, day, last.get((doc_id, article_id))):
            if mention.resolved:
                last[(doc_id, article_id)] = mention.resolved
            rows.append({"doc_id": doc_id, "article_id": article_id, "sentence_id": sentence_id,
                         "surface": mention.surface, "resolved_date": mention.resolved,
                         "start_date": mention.start_date, "end_date": mention.end_date,
                         "time_of_day": mention.time_of_day, "rule": mention.rule,
                         "sent_start": mention.start, "sent_end": mention.end,
                         "raw_start": raw_start, "raw_end": raw_end})
    return map_raw_spans(from_rows(rows, "date_mentions"), sentences, cleaned_pages)
