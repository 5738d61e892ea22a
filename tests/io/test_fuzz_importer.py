"""Random small grids: the importer imports them or raises a located ProblemError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterpolicy.io import importer
from clusterpolicy.io.raw import RawSheet, RawWorkbook
from clusterpolicy.messages import ProblemError

cell = st.one_of(
    st.none(),
    st.just(""),
    st.integers(-10, 3000),
    st.floats(allow_nan=False, width=32),
    st.sampled_from(
        [
            "地区",
            "年份",
            "从业人员(万人)",
            "合计",
            "—",
            "…",
            "12,345",
            "2020年",
            "地区代码",
            "abc",
            "#其中",
            "注：x",
            "单位：万元",
            "110000",
        ]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=8))
def test_fuzz(monkeypatch_rows):
    wb = RawWorkbook("f.xlsx", "f.xlsx", [RawSheet("f.xlsx", "s", monkeypatch_rows)])
    orig = importer._read
    importer._read = lambda path: wb
    try:
        importer.import_files(["f.xlsx"])
    except ProblemError as exc:
        assert exc.problems and all(p.file == "f.xlsx" or p.file == "" for p in exc.problems)
    finally:
        importer._read = orig
