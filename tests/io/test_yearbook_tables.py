"""Nine genuine yearbook tables from outside the project (../shared/data/real/china/
yearbook_tables/, README there): every reference value the README read independently is
reproduced after unit conversion — in its canonical cell, or, for a measure the canonical model
does not have, in the not-imported list at its own cell — and 03, 04, 09 stop with a plain
message naming what is not supported. Nothing exits with a wrong value."""

from __future__ import annotations

import re

import pytest

from clusterpolicy.io.importer import import_files
from clusterpolicy.io.readers import read_workbook
from clusterpolicy.messages import ProblemError
from clusterpolicy.model.tables import TOTAL_REGION

WAN, YI = 1e4, 1e8


@pytest.fixture
def tables(real_data):
    folder = real_data / "china" / "yearbook_tables"
    if not folder.is_dir():
        pytest.skip("yearbook_tables not present")
    return {p.name[:2]: p for p in folder.iterdir() if p.name[:2].isdigit()}


def _cell(frame, keys: dict, column: str) -> float:
    sel = frame
    for k, v in keys.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, (keys, len(sel))
    return float(sel[column].iloc[0])


def _listed(res, path, sheet: str, cell: str) -> float:
    """The raw number at ``cell`` of ``sheet``, asserting the import listed that cell as not
    imported (the accounting names it) and did not put it in a canonical table."""
    m = re.fullmatch(r"([A-Z]+)(\d+)", cell)
    col, row = m.group(1), int(m.group(2))
    hit = False
    for e in res.accounting.entries:
        if e.sheet != sheet:
            continue
        for rng in e.cell_range.split(", "):
            a = re.fullmatch(r"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?", rng.strip())
            if not a:
                continue
            c1, r1 = a.group(1), int(a.group(2))
            c2, r2 = a.group(3) or c1, int(a.group(4) or r1)
            if c1 <= col <= c2 and r1 <= row <= r2 and len(col) == len(c1):
                hit = True
    assert hit, f"{cell} is not listed as not imported"
    landed = {
        res.registry.where(x)[1:]
        for ids in res.cells.values()
        for x in ids.to_numpy().ravel()
        if x == x
    }
    assert (sheet, cell) not in landed  # … and it is in no canonical cell
    sh = next(s for s in read_workbook(path).sheets if s.sheet == sheet)
    ci = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(col))) - 1
    return float(str(sh.cell(row - 1, ci)).replace(",", ""))


def _adds_up(res):
    acc = res.accounting
    assert acc.read == acc.imported + acc.not_imported
    assert acc.imported > 0


def test_01_cnki_city_population(tables):
    path = tables["01"]
    with pytest.raises(ProblemError) as exc:  # no year in the file: says so, names --year
        import_files([path])
    first = exc.value.problems[0]
    assert first.code == "missing_year" and "--year" in first.message_en
    assert "mapping" in first.message_en and "--year" in first.message_zh
    assert exc.value.mappings  # the proposed mapping travels with the error (--save-mapping)
    res = import_files([path], year=2016)
    _adds_up(res)
    rd = res.data.region_data
    k = {"year": 2016}
    assert _cell(rd, {**k, "region_code": "110000"}, "population") == 1363 * WAN
    assert _cell(rd, {**k, "region_code": "130100"}, "population") == 1038 * WAN  # 石家庄
    assert _cell(rd, {**k, "region_code": "130100"}, "population[市辖区]") == 415 * WAN
    assert _cell(rd, {**k, "region_code": "370100"}, "population") == 633 * WAN  # 济南
    assert _cell(rd, {**k, "region_code": "650100"}, "population") == 268 * WAN  # 乌鲁木齐
    assert _cell(rd, {**k, "region_code": "650200"}, "population") == 30 * WAN  # 克拉玛依
    assert _cell(rd, {**k, "region_code": "650500"}, "population") == 56 * WAN  # 哈密市
    # 年平均人口 and 自然增长率 are not canonical measures: listed at their own cells
    sheet = "1-7"
    assert _listed(res, path, sheet, "E7") == 1354  # 北京 年平均人口 全市
    assert _listed(res, path, sheet, "G7") == 8.53  # 北京 自然增长率 全市 (‰)
    regions = res.data.regions.set_index("region_code")
    assert regions.loc["130100", "parent_code"] == "130000"  # the 河北省 group row above it
    tangshan = rd[rd["region_code"] == "130200"].index[0]
    src = res.source_of("region_data", int(tangshan), "population")
    assert src[1] == sheet and src[2].startswith("C")
    row = int(src[2][1:])
    assert _listed(res, path, sheet, f"E{row}") == 757  # 唐山 年平均人口 全市
    hami = rd[rd["region_code"] == "650500"].index[0]
    row = int(res.source_of("region_data", int(hami), "population")[2][1:])
    sh = next(s for s in read_workbook(path).sheets if s.sheet == sheet)
    assert str(sh.cell(row - 1, 4)).strip() == ""  # 哈密 年平均人口: blank, nothing to list
    kl = rd[rd["region_code"] == "650200"].index[0]
    row = int(res.source_of("region_data", int(kl), "population")[2][1:])
    assert _listed(res, path, sheet, f"E{row}") == 41  # 克拉玛依 年平均人口
    assert not any(c.startswith("_") for c in rd.columns)


def test_02_industry_by_city_scopes_and_subtotals(tables):
    res = import_files([tables["02"]])  # the year 2014 is in the title
    _adds_up(res)
    ind = res.data.industry_data
    k = {"year": 2014}
    fx = {**k, "region_code": "210900"}  # 阜新市
    assert _cell(ind, {**fx, "industry_code": "SEC1"}, "employment") == 4161  # 全市
    assert _cell(ind, {**fx, "industry_code": "SEC1"}, "employment[市辖区]") == 447
    assert _cell(ind, {**fx, "industry_code": "SEC2"}, "employment") == 103520
    assert _cell(ind, {**fx, "industry_code": "SEC3"}, "employment") == 106915
    assert (
        _cell(ind, {**k, "region_code": "220100", "industry_code": "SEC2"}, "employment") == 627600
    )
    assert (
        _cell(ind, {**k, "region_code": "230700", "industry_code": "SEC1"}, "employment") == 94600
    )
    assert (
        _cell(ind, {**k, "region_code": "330100", "industry_code": "SEC3"}, "employment") == 1335441
    )
    assert (
        _cell(ind, {**k, "region_code": "310000", "industry_code": "SEC3"}, "employment") == 4676300
    )
    # the province subtotal rows are parents, kept apart from the detail
    ref = res.data.reference_data
    assert (
        _cell(ref, {**k, "region_code": "220000", "industry_code": "SEC2"}, "employment") == 1379349
    )
    assert not set(ind["region_code"]) & {"220000", "230000", "320000", "330000"}
    regions = res.data.regions.set_index("region_code")
    assert regions.loc["220100", "parent_code"] == "220000"
    assert bool(regions.loc["220000", "is_reference"])
    assert set(res.data.industries["industry_code"]) == {"SEC1", "SEC2", "SEC3"}


def test_03_html_says_so(tables):
    with pytest.raises(ProblemError) as exc:
        import_files([tables["03"]])
    p = exc.value.problems[0]
    assert p.code == "not_a_workbook_html" and "HTML" in p.message_en


def test_04_no_canonical_measure_names_them(tables):
    with pytest.raises(ProblemError) as exc:
        import_files([tables["04"]], year=2020)
    p = exc.value.problems[0]
    assert p.code == "no_data" and "社会消费品零售总额" in p.message_en


def test_05_wholesale_with_state_controlled_sub_item(tables):
    res = import_files([tables["05"]], year=2020)
    _adds_up(res)
    ind = res.data.industry_data
    k = {"year": 2020, "industry_code": "F51"}  # 批发业, from the spanning header
    bj = {**k, "region_code": "110000"}
    assert _cell(ind, bj, "firms") == 7587
    assert _cell(ind, bj, "employment") == 440976  # never replaced by the #国有控股 column
    assert _cell(ind, bj, "firms[国有控股]") == 891
    assert _cell(ind, bj, "employment[国有控股]") == 116318
    assert _cell(ind, {**k, "region_code": "440000"}, "firms") == 30770
    assert _cell(ind, {**k, "region_code": "440000"}, "employment") == 1039847
    assert _cell(ind, {**k, "region_code": "540000"}, "firms") == 69
    assert _cell(ind, {**k, "region_code": "540000"}, "employment") == 6975
    assert _cell(ind, {**k, "region_code": "650000"}, "firms") == 2450
    assert _cell(ind, {**k, "region_code": "650000"}, "employment") == 85316
    ref = res.data.reference_data  # 全国, the first data row
    assert _cell(ref, {**k, "region_code": TOTAL_REGION}, "firms") == 168738
    assert _cell(ref, {**k, "region_code": TOTAL_REGION}, "employment") == 5957306


def test_06_hotels_components_and_state_controlled_block(tables):
    res = import_files([tables["06"]], year=2020)
    _adds_up(res)
    ind = res.data.industry_data
    k = {"year": 2020, "industry_code": "H61"}  # 住宿业, named by the title
    bj = {**k, "region_code": "110000"}
    assert _cell(ind, bj, "revenue") == 2563444 * WAN
    assert _cell(ind, bj, "revenue[客房收入]") == 1260670 * WAN
    assert _cell(ind, bj, "revenue[国有控股]") == 1265215 * WAN  # the 续表 block 国有控股
    assert _cell(ind, {**k, "region_code": "330000"}, "revenue") == 3021064 * WAN
    assert _cell(ind, {**k, "region_code": "460000"}, "revenue") == 1064614 * WAN
    ref = res.data.reference_data
    assert _cell(ref, {**k, "region_code": TOTAL_REGION}, "revenue") == 33297430 * WAN


def test_07_county_csv(tables):
    res = import_files([tables["07"]], year=2020)
    _adds_up(res)
    rd = res.data.region_data
    k = {"year": 2020}
    fx = {**k, "region_code": "310120"}  # 奉贤区, 上海市
    assert _cell(rd, fx, "area_km2") == 733  # not the last column (care-home beds, 6979)
    assert _cell(rd, fx, "population") == 533864
    assert _cell(rd, fx, "gdp") == 11901900 * WAN
    assert _cell(rd, fx, "fiscal_revenue") == 1615955 * WAN
    assert _cell(rd, fx, "fiscal_expenditure") == 2592170 * WAN
    assert _cell(rd, {**k, "region_code": "530125"}, "gdp") == 2112550 * WAN  # 宜良县
    assert _cell(rd, {**k, "region_code": "330782"}, "gdp") == 14855983 * WAN  # 义乌市
    assert _cell(rd, {**k, "region_code": "330782"}, "population") == 853378
    assert _cell(rd, {**k, "region_code": "610881"}, "gdp") == 12940036 * WAN  # 神木市
    assert _cell(rd, {**k, "region_code": "152921"}, "area_km2") == 80412  # 阿拉善左旗
    codes = {p.code for p in res.problems}
    assert "row_too_long" in codes  # 长宁县: 26 fields; listed, not imported shifted
    assert not (rd["region_code"] == "511524").any()


def test_08_prefecture_panel(tables):
    res = import_files([tables["08"]])
    _adds_up(res)
    rd = res.data.region_data
    ind = res.data.industry_data
    assert _cell(rd, {"region_code": "110000", "year": 2000}, "gdp") == pytest.approx(3277.8 * YI)
    assert _cell(
        ind, {"region_code": "110000", "year": 2000, "industry_code": "SEC3"}, "value_added"
    ) == pytest.approx(2174.9 * YI, rel=1e-6)  # the file holds float32 2174.89990234375
    assert _cell(rd, {"region_code": "110000", "year": 2023}, "gdp") == pytest.approx(43760.7 * YI)
    assert _cell(rd, {"region_code": "320500", "year": 2013}, "gdp") == pytest.approx(13015.7 * YI)
    assert _cell(
        ind, {"region_code": "320500", "year": 2013, "industry_code": "SEC2"}, "value_added"
    ) == pytest.approx(6849.59 * YI, rel=1e-6)
    assert _cell(rd, {"region_code": "320500", "year": 2023}, "gdp") == pytest.approx(24653.4 * YI)
    assert _cell(
        ind, {"region_code": "150600", "year": 2023, "industry_code": "SEC2"}, "value_added"
    ) == pytest.approx(3938.56 * YI, rel=1e-6)  # 鄂尔多斯
    assert _cell(rd, {"region_code": "652100", "year": 2023}, "gdp") == pytest.approx(588.11 * YI)
    codes = {p.code for p in res.problems}
    assert {"lines_below_table", "unit_inferred"} <= codes  # the advert; 第二产业 has no unit
    reasons = set(res.accounting.frame()["reason"])
    assert "duplicate_same_value" in reasons  # the 2023 sheet repeats the panel's 2023 rows


def test_09_city_export_not_supported(tables):
    with pytest.raises(ProblemError) as exc:
        import_files([tables["09"]])
    p = exc.value.problems[0]
    assert p.code == "no_data" and "房地产开发投资额" in p.message_en
