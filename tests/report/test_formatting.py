"""Chinese number formatting and official heading numbers (values checked by hand)."""

from __future__ import annotations

import math

import pandas as pd

from clusterpolicy.report import formatting as fmt


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


def test_heading_numbers_follow_gbt_9704_levels():
    n = fmt.Numberer("zh")
    got = [n.next(1), n.next(2), n.next(3), n.next(4), n.next(4), n.next(2), n.next(1), n.next(2)]
    assert got == ["一、", "（一）", "1.", "（1）", "（2）", "（二）", "二、", "（一）"]
    e = fmt.Numberer("en")
    assert [e.next(1), e.next(2), e.next(3), e.next(2), e.next(1), e.next(2)] == [
        "1.",
        "1.1",
        "1.1.1",
        "1.2",
        "2.",
        "2.1",
    ]
