"""The one set of number formats (values checked by hand)."""

from __future__ import annotations

import math

import pandas as pd

from clusterpolicy.text import formats as fmt


def test_money_in_wan_and_yi_yuan():
    assert fmt.money(123_456_789) == "1.23亿元"
    assert fmt.money(56_780) == "5.68万元"
    assert fmt.money(9_999) == "9999元"
    assert fmt.money(-250_000_000) == "−2.50亿元"
    assert fmt.money(1_234_567, lang="en") == "1.23 million yuan"
    assert fmt.money(None) == "—" and fmt.money(math.nan) == "—" and fmt.money(pd.NA) == "—"


def test_persons_growth_points_and_percent():
    assert fmt.persons(34_500) == "3.45万人"
    assert fmt.persons(820) == "820人"
    assert fmt.persons(34_500, lang="en") == "34,500 persons"
    assert fmt.growth(0.034) == "增长3.4%"
    assert fmt.growth(-0.0125) == "下降1.2%" or fmt.growth(-0.0125) == "下降1.3%"
    assert fmt.growth(-0.012, lang="en") == "−1.2%"
    assert fmt.points(2.54) == "2.5个百分点"
    assert fmt.percent(0.1234) == "12.3%"
    assert fmt.number(12345.678, 1) == "12345.7"  # no thousands separators in Chinese
    assert fmt.number(12345.678, 1, "en") == "12,345.7"


def test_chinese_numerals():
    assert [fmt.chinese_numeral(n) for n in (1, 9, 10, 11, 20, 21, 99)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
    ]


def test_missing_and_non_finite_print_as_a_dash():
    for v in (None, math.nan, pd.NA, math.inf, -math.inf, "", "abc"):
        assert fmt.number(v) == "—" and fmt.percent(v) == "—" and fmt.signed_percent(v) == "—"


def test_true_minus_sign_and_no_negative_zero():
    assert fmt.number(-1.5, 1) == "\u22121.5"
    assert fmt.number(-0.001, 2) == "0.00"
    assert fmt.signed_number(0.523) == "+0.52" and fmt.signed_number(-0.98) == "\u22120.98"
    assert fmt.signed_number(0.001) == "0.00"
    assert fmt.signed_percent(0.112) == "+11.2%" and fmt.signed_percent(-0.1186) == "\u221211.9%"
    assert fmt.signed_percent(0.0) == "0.0%"


def test_distinct_pair_adds_decimals_only_when_needed():
    assert fmt.distinct_pair(0.561, 0.567) == ("0.56", "0.57")
    assert fmt.distinct_pair(0.5612, 0.5638, 1) == ("0.561", "0.564")
    assert fmt.distinct_pair(1.0, 1.0, 1) == ("1.0", "1.0")
    assert fmt.distinct_pair(None, 2.0) == ("—", "2.00")


def test_significant_digits():
    assert (
        fmt.significant(128696.062) == "128696"
        and fmt.significant(128696.062, lang="en") == "128,696"
    )
    assert fmt.significant(0.012345) == "0.01235" and fmt.significant(-2.5) == "\u22122.500"
    assert fmt.significant(0) == "0.000" and fmt.significant(None) == "—"
