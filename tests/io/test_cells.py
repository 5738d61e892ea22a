"""Cell parsing (io/cells.py): the one place years, numbers, footnotes, missing symbols and codes
are read, used by layout detection, extraction and tidy tables alike."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from clusterpolicy.io.cellcols import code_column, number_column, year_column
from clusterpolicy.io.cells import (
    decimal_evidence,
    is_number,
    normalise_code,
    number_of,
    parse_number_text,
    split_industry_label,
    year_of,
)
from clusterpolicy.io.columns import Column


@pytest.mark.parametrize(
    ("cell", "year"),
    [
        (2019, 2019),
        (2019.0, 2019),
        ("2019", 2019),
        ("2019年", 2019),
        ("2019年度", 2019),
        ("2019年底", 2019),
        ("2019年末", 2019),
        ("2019a", 2019),
        ("2019.12", 2019),
        ("2019-12-31", 2019),
        ("2019/12", 2019),
        ("2019年12月", 2019),
        ("２０１９年", 2019),
        (dt.datetime(2019, 12, 31), 2019),
        (dt.date(2005, 1, 1), 2005),
    ],
)
def test_year_forms(cell, year):
    assert year_of(cell) == year


@pytest.mark.parametrize("cell", [2019.5, 1850, "2019年（万元）", "合计", "", None, True, "12019"])
def test_not_years(cell):
    assert year_of(cell) is None


def test_excel_serial_only_where_asked():
    assert year_of(43830) is None  # a header holding 43830 is a number, not a date
    assert year_of(43830, serial=True) == 2019  # 2019-12-31 in a year column


def test_year_column_same_rules_as_headers():
    col = Column(
        np.array(["2019年底", "2019年末", 2020, dt.datetime(2021, 12, 31), "", "x"], object)
    )
    years, bad = year_column(col, pd.RangeIndex(6))
    assert years.tolist()[:4] == [2019, 2019, 2020, 2021]
    assert pd.isna(years.iloc[4]) and not bad.iloc[4]  # blank: missing, not bad
    assert bad.tolist() == [False, False, False, False, False, True]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", 1234.0),
        ("1,234,567.5", 1234567.5),
        ("１，２３４", 1234.0),  # full-width digits and comma
        ("1 234", 1234.0),
        ("-3", -3.0),
        ("+4.5", 4.5),
        ("1e5", 1e5),
        ("\u200b12", 12.0),  # a zero-width space is not part of the number
        ("\ufeff12", 12.0),
    ],
)
def test_numbers_as_text(text, value):
    assert parse_number_text(text).value == value


@pytest.mark.parametrize("text", ["1234,5", "3456,25", "12 34", "1,23", "1,2345"])
def test_commas_that_are_not_thousands_groups_are_not_dropped(text):
    """ "1234,5" is never 12345: a comma outside groups of three makes the cell unreadable."""
    p = parse_number_text(text)
    assert math.isnan(p.value) and p.missing is None and not p.nonfinite


def test_decimal_comma_when_the_sheet_uses_it():
    assert parse_number_text("1234,5", ",").value == 1234.5
    assert parse_number_text("3456,25", ",").value == 3456.25
    assert parse_number_text("1.234,5", ",").value == 1234.5
    assert parse_number_text("1,234", ",").value == 1.234


@pytest.mark.parametrize(
    ("text", "evidence"),
    [("1,234.5", "."), ("0.5", "."), ("1234,5", ","), ("1.234,5", ","), ("1,234", "ambiguous")],
)
def test_decimal_evidence(text, evidence):
    assert decimal_evidence(text) == evidence


@pytest.mark.parametrize(
    ("text", "value"),
    [("123①", 123.0), ("12³", 12.0), ("5a)", 5.0), ("7(1)", 7.0), ("88*", 88.0), ("①42", 42.0)],
)
def test_footnote_markers_removed_before_nfkc(text, value):
    """NFKC turns "①" into "1" and "³" into "3": the marker must go first, or 123① = 1231."""
    p = parse_number_text(text)
    assert p.value == value and p.footnote


@pytest.mark.parametrize(
    "text", ["—", "–", "…", "...", "-", "--", "——", "－", "x", "X", "*", "***", "/", "NA", "n/a"]
)
def test_missing_symbols(text):
    p = parse_number_text(text)
    assert math.isnan(p.value) and p.missing


@pytest.mark.parametrize("cell", ["", " ", "\u3000", None])
def test_blanks_are_missing_not_zero(cell):
    assert math.isnan(number_of(cell))


@pytest.mark.parametrize("text", ["inf", "-inf", "Infinity", "NaN", "nan", "1e309", "-1e400"])
def test_non_finite_flagged(text):
    p = parse_number_text(text)
    assert p.nonfinite and math.isnan(p.value)


def test_unit_after_number_split_off():
    p = parse_number_text("12万元")
    assert p.value == 12.0 and p.unit == "万元"
    assert not is_number("12万元")


def test_number_column_reports_every_kind():
    raw = np.array(
        [12, "1,234", "—", "123①", "十二", "inf", float("inf"), dt.date(2020, 1, 1), "", True],
        dtype=object,
    )
    seen = number_column(Column(raw), pd.RangeIndex(10, 20))
    v = seen.values
    assert v[10] == 12 and v[11] == 1234 and v[13] == 123
    assert v.iloc[[2, 4, 5, 6, 7, 8, 9]].isna().all()
    assert seen.symbols == {"—"} and seen.footnote == [13]
    assert sorted(seen.bad) == [14, 17, 19]  # text, a date, a boolean
    assert sorted(seen.nonfinite) == [15, 16]
    assert seen.text_numbers == 1 and seen.text_row == 11


def test_number_column_fast_path_flags_infinity():
    seen = number_column(Column(np.array([1.0, np.inf, 3.0], dtype=object)), pd.RangeIndex(3))
    assert seen.nonfinite == [1] and np.isnan(seen.values[1])


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        (110000.0, "110000"),
        ("110000.0", "110000"),
        ("１１０１０１", "110101"),
        ("\u200b110101", "110101"),
        ("\ufeff110101", "110101"),
        (" 08111 ", "08111"),
        ("C 13", "C13"),
        (13, "13"),
        ("", None),
        (None, None),
    ],
)
def test_codes_normalised_at_the_edge(cell, code):
    assert normalise_code(cell) == code


def test_code_column_lists_what_it_normalised():
    col = Column(np.array(["１１０１０１", "110102", "\u200b110103", "110102"], dtype=object))
    codes, changed = code_column(col, pd.RangeIndex(4))
    assert codes.tolist() == ["110101", "110102", "110103", "110102"]
    assert changed == {"１１０１０１": "110101", "\u200b110103": "110103"}


def test_industry_label():
    assert split_industry_label("C39 计算机、通信和其他电子设备制造业") == (
        "C39",
        "计算机、通信和其他电子设备制造业",
    )
    assert split_industry_label("批发业") == (None, "批发业")
