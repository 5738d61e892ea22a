"""Fuzz: corrupted bytes of a valid xlsx / CSV → a RawWorkbook or a located ProblemError, nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from badbooks import good_xlsx_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterpolicy.io.raw import RawWorkbook
from clusterpolicy.io.readers import read_workbook
from clusterpolicy.messages import ProblemError

GOOD_XLSX = good_xlsx_bytes()
GOOD_CSV = '地区,年份,就业人数\n北 京,2020,123.5\n"天津, 市",2021,98\n'.encode("gb18030")

_edits = st.lists(
    st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
    min_size=1,
    max_size=12,
)


def _mutate(base: bytes, edits, cut: int | None) -> bytes:
    data = bytearray(base)
    for pos, value in edits:
        data[pos % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    return bytes(data)


def _check(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        try:
            wb = read_workbook(path)
        except ProblemError as e:
            assert e.problems
            assert all(p.file == name and p.message_zh and p.message_en for p in e.problems)
        else:
            assert isinstance(wb, RawWorkbook) and wb.sheets
            assert all(s.file == name for s in wb.sheets)


_SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@_SETTINGS
@given(edits=_edits, cut=st.one_of(st.none(), st.integers(min_value=0)))
def test_corrupted_xlsx_never_escapes(edits, cut):
    _check(_mutate(GOOD_XLSX, edits, cut), "fuzz.xlsx")


@_SETTINGS
@given(edits=_edits, cut=st.one_of(st.none(), st.integers(min_value=0)))
def test_corrupted_csv_never_escapes(edits, cut):
    _check(_mutate(GOOD_CSV, edits, cut), "fuzz.csv")


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.binary(min_size=0, max_size=600))
def test_random_bytes_never_escape(data):
    _check(data, "random.xls")
