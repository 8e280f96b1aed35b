"""numerals.parse_number: every notation a news number token is written in, parsed to its exact value."""
from __future__ import annotations

import math

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhnews.numerals import parse_number


@pytest.mark.parametrize("token, value", [
    # Arabic, decimals, thousands separators, full width
    ("48773", 48773), ("8.5", 8.5), ("1373.5", 1373.5), ("1,234,567", 1234567), ("12,345.75", 12345.75),
    ("０３９１", 391), ("１,２３４", 1234), ("１９．７", 19.7), ("0", 0),
    # Chinese numerals
    ("十", 10), ("四", 4), ("两", 2), ("一百二十三", 123), ("三千五百万", 35_000_000), ("〇", 0), ("零", 0),
    ("廿", 20), ("廿三", 23), ("十五", 15), ("一百零五", 105), ("两千零五", 2005), ("一亿二千万", 120_000_000),
    ("一万亿", 10**12), ("三点五", 3.5), ("二〇二〇", 2020), ("壹佰", 100),
    # colloquial trailing digit after a unit: 三千五 = 3500
    ("三千五", 3500), ("一万五", 15000), ("两百五", 250),
    # mixed Arabic and magnitude
    ("51.13万", 511300), ("1.2亿", 120_000_000), ("3千", 3000), ("3千万", 30_000_000), ("1万2千", 12000),
    ("11.85 万", 118500), ("1.5万亿", 1.5e12), ("142889.22亿", 14_288_922_000_000),
    # qualifier characters are not part of the value
    ("2万多", 20000), ("30余", 30), ("100多万", 1_000_000), ("二十多万", 200_000), ("十几", 10),
])
def test_parses_every_notation_exactly(token, value):
    assert parse_number(token) == value


@pytest.mark.parametrize("token", ["", "多", "万元", "abc", "第三", "百分"])
def test_non_numbers_are_none(token):
    assert parse_number(token) is None


def test_plain_arabic_is_the_fast_path_and_returns_float():
    assert isinstance(parse_number("236"), float)


@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_numerals_agree_with_cn2an(n):
    assert parse_number(cn2an.an2cn(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
def test_arabic_with_thousands_separators_and_full_width(n):
    assert parse_number(f"{n:,}") == n
    full = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_number(full) == n


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=999_999), st.integers(min_value=0, max_value=2),
       st.sampled_from([("万", 10**4), ("亿", 10**8), ("千", 10**3)]))
def test_mixed_decimal_and_magnitude_is_exact(mantissa, decimals, magnitude):
    text = f"{mantissa / 10**decimals:.{decimals}f}"
    word, factor = magnitude
    expected = mantissa * factor / 10**decimals
    assert math.isclose(parse_number(text + word), expected, rel_tol=1e-12)
