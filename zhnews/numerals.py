"""One number token in any notation Chinese news uses, to its value.

Arabic (``1,234.5``), full-width (``１２３``), Chinese (``三千五百万``, ``两``, ``廿``, ``二〇二〇``) and mixed
(``51.13万``, ``1.2亿``, ``3千``, ``1万2千``). Qualifier characters written inside the token (``2万多``,
``30余``, ``十几``) are not part of the value: they are dropped here and read by :mod:`zhnews.quantities`.

Plain Arabic numbers take a fast path (``float``); everything else goes through one small tokenizer that
treats an Arabic run as a digit inside the Chinese grammar, with exact rational arithmetic so ``51.13万``
is exactly 511300. cn2an covers plain Chinese numerals but not the qualifier characters or thousands
separators news writes; the tests use it as an oracle where both apply.
"""
from __future__ import annotations

import re
from fractions import Fraction

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
SPECIAL = {"廿": 20, "卅": 30}
QUALIFIER_CHARS = "多余几"

# Full-width forms map one to one onto ASCII, so offsets are unchanged by the translation.
FULLWIDTH = str.maketrans("０１２３４５６７８９．，％～－", "0123456789.,%~-")

_ARABIC = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
_TOKEN = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|点[〇零一二三四五六七八九0-9]+|.", re.S)


def parse_number(text: str) -> float | None:
    """The value of one number token, or None when it is not a number.

    >>> parse_number("51.13万"), parse_number("三千五百万"), parse_number("2万多"), parse_number("１,２３４")
    (511300.0, 35000000.0, 20000.0, 1234.0)
    """
    s = text.strip()
    if _ARABIC.fullmatch(s):  # fast path: most tokens in news are plain Arabic
        return float(s.replace(",", "")) if "," in s else float(s)
    s = s.translate(FULLWIDTH).replace(" ", "")
    if _ARABIC.fullmatch(s):
        return float(s.replace(",", ""))
    s = s.strip(QUALIFIER_CHARS).replace("多", "").replace("余", "").replace("几", "")
    if not s:
        return None
    value = _chinese(s)
    return None if value is None else float(value)


def _chinese(s: str) -> Fraction | None:
    """Chinese or mixed numeral grammar: digits, 十百千 within a section, 万 and 亿 closing sections."""
    if all(c in DIGITS for c in s):
        # 二〇二〇, 一二三: read digit by digit
        value = 0
        for c in s:
            value = value * 10 + DIGITS[c]
        return Fraction(value)
    total = Fraction(0)      # closed by 亿
    wan = Fraction(0)        # closed by 万
    section = Fraction(0)    # 十百千 within the current section
    number: Fraction | None = None
    last_unit = 0            # the unit just before a trailing bare digit (三千五 = 3500)
    prev_was_unit = False
    zero_seen = False
    for tok in _TOKEN.findall(s):
        c = tok[0]
        if c.isdigit():
            number = Fraction(tok.replace(",", ""))
            prev_was_unit = False
        elif c == "点":
            frac = "".join(str(DIGITS[d]) if d in DIGITS else d for d in tok[1:])
            number = (number or Fraction(0)) + Fraction("0." + frac)
            prev_was_unit = False
        elif c in DIGITS:
            if DIGITS[c] == 0:
                zero_seen = True
            number = Fraction(DIGITS[c])
            prev_was_unit = False
        elif c in SPECIAL:
            section += SPECIAL[c]
            number = None
            prev_was_unit = False
        elif c in SMALL:
            unit = SMALL[c]
            section += (number if number is not None else 1) * unit
            number, last_unit, prev_was_unit, zero_seen = None, unit, True, False
        elif c in LARGE:
            unit = LARGE[c]
            if unit == 10**8:
                total = (total + wan + section + (number or 0)) * unit
                wan = Fraction(0)
            else:
                wan += (section + (number if number is not None else (0 if section else 1))) * unit
            section, number, last_unit, prev_was_unit, zero_seen = Fraction(0), None, unit, True, False
        else:
            return None
    if number is not None and last_unit >= 100 and not zero_seen and _trailing_digit_after_unit(s):
        number *= Fraction(last_unit, 10)  # colloquial 三千五 = 3500, 一万五 = 15000
    return total + wan + section + (number or 0)


def _trailing_digit_after_unit(s: str) -> bool:
    return len(s) >= 2 and s[-1] in DIGITS and (s[-2] in SMALL or s[-2] in LARGE) and s[-2] not in "十拾"
