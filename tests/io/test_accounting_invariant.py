"""The accounting invariant, as a property: for tables generated in every supported layout
(long, industries across, years across, measure × scope, sub-items, tidy), every number of
the value area and every number outside the table is counted once; it lands in exactly one
canonical cell whose recorded source cell holds it (times its unit factor), or it is listed as
not imported — read == imported + listed, always. The same check runs over every real file
in ../shared/data/real/."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterpolicy.io.cells import number_of
from clusterpolicy.io.importer import import_files
from clusterpolicy.io.readers import read_workbook
from clusterpolicy.messages import ProblemError

PROVINCES = ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "上海", "江苏", "浙江", "安徽"]
CITIES = ["石家庄市", "唐山市", "秦皇岛市", "邯郸市", "邢台市", "保定市", "张家口市", "承德市"]
INDUSTRIES = ["C13 农副食品加工业", "C14 食品制造业", "C15 酒、饮料和精制茶制造业", "C17 纺织业"]
FACTORS = (0.01, 1.0, 1e3, 1e4, 1e8)

value = st.one_of(
    st.integers(0, 10**6),
    st.floats(0, 1e6, allow_nan=False).map(lambda x: round(x, 2)),
    st.integers(1000, 10**7).map(lambda x: f"{x:,}"),  # a number stored as text, with commas
    st.integers(0, 999).map(lambda x: f"{x}*"),  # a footnote marker
    st.sampled_from(["—", "…", "-", None, ""]),  # missing, never zero
)


def _is_num(v) -> bool:
    return number_of(v) == number_of(v)


class Sheet:
    """A generated sheet: its rows, and which cells the generator put in the value area."""

    def __init__(self):
        self.rows: list[list] = []
        self.value_cols: set[int] = set()  # 0-based
        self.first_data = 0  # 1-based

    def __repr__(self) -> str:
        return f"Sheet({self.rows!r}, first_data={self.first_data})"

    def expected_numbers(self) -> int:
        n = 0
        for r, row in enumerate(self.rows, start=1):
            for c, v in enumerate(row):
                in_area = r >= self.first_data and c in self.value_cols
                outside = r < self.first_data - 3 or r > self.last_data
                if (in_area or outside) and v not in (None, "") and _is_num(v):
                    n += 1
        return n

    @property
    def last_data(self) -> int:
        return self.first_data + self.n_data - 1


@st.composite
def sheets(draw):
    kind = draw(st.sampled_from(["long", "industries", "years", "scopes", "subitems", "tidy"]))
    n = draw(st.integers(2, 6))
    s = Sheet()
    if kind == "long":
        s.rows.append(
            ["地区代码", "行业代码", "年份", "从业人员(人)", "工业总产值(万元)", "其他指标"]
        )
        for i in range(n):
            s.rows.append([f"1101{i:02d}", "C13", 2020] + [draw(value) for _ in range(3)])
        s.value_cols = {3, 4, 5}
    elif kind == "industries":
        s.rows += [["2020年 各地区从业人员"], ["单位：人"], ["地区", "合计", *INDUSTRIES]]
        for i in range(n):
            s.rows.append([PROVINCES[i]] + [draw(value) for _ in range(1 + len(INDUSTRIES))])
        s.value_cols = set(range(1, 2 + len(INDUSTRIES)))
    elif kind == "years":
        s.rows += [["地区生产总值（亿元）"], ["地区", "2018年", "2019年", "2020年"]]
        for i in range(n):
            s.rows.append([PROVINCES[i]] + [draw(value) for _ in range(3)])
        s.value_cols = {1, 2, 3}
    elif kind == "scopes":
        s.rows += [
            ["2014年 年末单位从业人员"],
            ["单位：人"],
            ["城市", "第一产业", None, "第二产业", None],
            [None, "全市", "市辖区", "全市", "市辖区"],
        ]
        for i in range(n):
            s.rows.append([CITIES[i]] + [draw(value) for _ in range(4)])
        s.value_cols = {1, 2, 3, 4}
    elif kind == "subitems":
        s.rows += [
            ["2020年 批发业企业"],
            ["地区", "法人单位数(个)", "年末从业人数(人)", "#国有控股", None],
            [None, None, None, "法人单位数(个)", "年末从业人数(人)"],
        ]
        for i in range(n):
            s.rows.append([PROVINCES[i]] + [draw(value) for _ in range(4)])
        s.value_cols = {1, 2, 3, 4}
    else:  # tidy
        s.rows.append(["地区代码", "年份", "指标", "数值", "单位"])
        measures = [
            ("从业人员", "人"),
            ("工业总产值", "万元"),
            ("某未知指标", "个"),
            ("从业人员", "万人"),
        ]
        for i in range(n):
            for j, (m, u) in enumerate(measures):
                s.rows.append([f"1101{i:02d}", 2018 + j, m, draw(value), u])
        s.value_cols = {3}
    s.first_data = next(
        r
        for r, row in enumerate(s.rows, start=1)
        if r > 1
        and row
        and row[0] not in (None, "")
        and not str(row[0]).startswith(("单位", "20", "地区", "城市"))
    )
    s.n_data = len(s.rows) - s.first_data + 1
    if draw(st.booleans()):  # a footnote line with a number in it, below a blank row
        s.rows += [[], ["注：本表数据为", 123.0]]
    return kind, s


def _write(path: Path, s: Sheet) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    for row in s.rows:
        ws.append(row)
    for r, row in enumerate(s.rows, start=1):  # spanning headers as Excel merges them
        if row[:2] == [None, "全市"]:
            ws.merge_cells(start_row=r - 1, start_column=2, end_row=r - 1, end_column=3)
            ws.merge_cells(start_row=r - 1, start_column=4, end_row=r - 1, end_column=5)
        if len(row) > 3 and row[3] == "#国有控股":
            ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=5)
    wb.save(path)
    return path


def check_invariant(res, raw_cell) -> None:
    """read == imported + listed; every canonical value is its source cell times a unit
    factor; no source cell feeds two canonical cells."""
    acc = res.accounting
    assert acc.read == acc.imported + acc.not_imported, acc.line_en
    seen: set[float] = set()
    n_ids = 0
    for table, ids in res.cells.items():
        frame = getattr(res.data, table)
        assert len(ids) == len(frame)
        for col in ids.columns:
            vals = frame[col].to_numpy(dtype="float64")
            idv = ids[col].to_numpy(dtype="float64")
            assert (np.isnan(vals) == np.isnan(idv)).all()  # a value has a source, and back
            for v, i in zip(vals[~np.isnan(idv)], idv[~np.isnan(idv)]):
                assert i not in seen
                seen.add(i)
                raw = number_of(raw_cell(*res.registry.where(i)))
                assert raw == raw, res.registry.where(i)
                if raw == 0:
                    assert v == 0
                else:
                    assert any(math.isclose(v, raw * f, rel_tol=1e-9) for f in FACTORS), (v, raw)
            n_ids += int((~np.isnan(idv)).sum())
    assert n_ids == acc.imported


def _raw_reader(paths):
    books = {}

    def cell(file, sheet, ref):
        if file not in books:
            books[file] = {s.sheet: s for s in read_workbook(paths[file]).sheets}
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(m.group(1)))) - 1
        v = books[file][sheet].cell(int(m.group(2)) - 1, col)
        return re.sub(r"[*]+$", "", v) if isinstance(v, str) else v

    return cell


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sheets())
def test_every_number_lands_once_or_is_listed(tmp_path_factory, case):
    kind, s = case
    path = _write(tmp_path_factory.mktemp("inv") / f"{kind}.xlsx", s)
    try:
        res = import_files([path])
    except ProblemError as exc:
        # only a table that holds no number of a known measure may stop, and it says why
        assert {p.code for p in exc.problems} <= {"no_data", "missing_year"}, exc.problems
        return
    assert res.accounting.read == s.expected_numbers(), (kind, res.accounting.line_en)
    check_invariant(res, _raw_reader({path.name: path}))


REAL_KINDS = (".csv", ".xls", ".xlsx")


def _real_files(real: Path) -> list[Path]:
    return sorted(p for p in real.rglob("*") if p.is_file() and p.suffix.lower() in REAL_KINDS)


@pytest.mark.realdata
def test_invariant_over_every_real_file(real_data):
    """Every real file that imports (with --year 2020 where it states no year) adds up, and
    each canonical value is its source cell times a unit factor; the others stop with a
    located message, never an exception of another kind."""
    done = 0
    for path in _real_files(real_data):
        try:
            res = import_files([path])
        except ProblemError as exc:
            if {p.code for p in exc.problems} != {"missing_year"}:
                continue
            res = import_files([path], year=2020)
        check_invariant(res, _raw_reader({path.name: path}))
        done += 1
    assert done >= 58


def test_a_column_of_missing_symbols_is_a_value_column(tmp_path):
    """Found by the property test: "第一产业 | 全市" holding only "—" was taken for a column of
    industry names, so the two 市辖区 columns lost their industries and collided."""
    s = Sheet()
    s.rows += [
        ["2014年 年末单位从业人员"],
        ["单位：人"],
        ["城市", "第一产业", None, "第二产业", None],
        [None, "全市", "市辖区", "全市", "市辖区"],
        ["石家庄市", "—", 1.0, 2.0, 3.0],
        ["唐山市", "—", 4.0, 5.0, 6.0],
    ]
    s.value_cols, s.first_data = {1, 2, 3, 4}, 5
    s.n_data = 2
    path = _write(tmp_path / "scopes.xlsx", s)
    res = import_files([path])
    assert res.accounting.read == 6 == res.accounting.imported
    d = res.data.industry_data.set_index(["region_code", "industry_code"])
    assert d.loc[("130100", "SEC1"), "employment[市辖区]"] == 1.0
    assert d.loc[("130200", "SEC2"), "employment"] == 5.0
    assert pd.isna(d.loc[("130100", "SEC1"), "employment"])
    check_invariant(res, _raw_reader({path.name: path}))


def test_a_totals_column_of_missing_symbols_keeps_the_level_of_the_names(tmp_path):
    """Found by the property test: with 北京 and 天津 reporting "—" as their total, the totals
    table held only 河北, which alone is 河北区 or 河北省; the block's other names say province."""
    s = Sheet()
    s.rows += [
        ["2020年 各地区从业人员"],
        ["单位：人"],
        ["地区", "合计", "C13 农副食品加工业", "C17 纺织业"],
        ["北京", "—", 1.0, 2.0],
        ["天津", "—", 3.0, 4.0],
        ["河北", 9.0, 5.0, 4.0],
    ]
    s.value_cols, s.first_data, s.n_data = {1, 2, 3}, 4, 3
    path = _write(tmp_path / "industries.xlsx", s)
    res = import_files([path])
    assert set(res.data.industry_totals["region_code"]) == {"130000"}
    assert set(res.data.industry_data["region_code"]) == {"110000", "120000", "130000"}
    check_invariant(res, _raw_reader({path.name: path}))
