"""Import integrity on small constructed files: each layout of real yearbook tables, each number
and code case — no number silently dropped, overwritten or rescaled."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from clusterpolicy.io.importer import import_files, propose_mappings
from clusterpolicy.messages import ProblemError
from clusterpolicy.model.tables import TOTAL_REGION


def _book(path: Path, rows: list[list], merges: list[str] = (), sheet: str = "表") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _adds_up(res):
    acc = res.accounting
    assert acc.read == acc.imported + acc.not_imported, acc.line_en
    return acc


def _errors(path, **kw):
    with pytest.raises(ProblemError) as exc:
        import_files([path], **kw)
    return exc.value.problems


# --- columns that share a measure and a key --------------------------------------------------
def test_two_columns_of_the_same_measure_are_a_located_error(tmp_path):
    p = _book(
        tmp_path / "two.xlsx",
        [["地区", "年份", "就业人数(人)", "就业人数(人)"], ["北京", 2020, 5, 7]],
    )
    first = _errors(p)[0]
    assert first.code == "same_canonical_cells" and first.column == "D"
    assert "C2:C2" in first.message_en and "D2:D2" in first.message_en


def test_measure_by_scope_pairs_kept_apart(tmp_path):
    rows = [
        ["单位：人"],
        ["城市", "第一产业", None, "第二产业", None],
        [None, "全市", "市辖区", "全市", "市辖区"],
        ["石家庄市", 100, 40, 300, 200],
        ["唐山市", 90, 30, 250, 150],
    ]
    p = _book(tmp_path / "scope.xlsx", [["2014年 从业人员"], *rows], ["B2:C2", "D2:E2"])
    res = import_files([p])
    _adds_up(res)
    ind = res.data.industry_data.set_index(["region_code", "industry_code"])
    assert ind.loc[("130100", "SEC1"), "employment"] == 100  # 全市 is the default, not a total
    assert ind.loc[("130100", "SEC1"), "employment[市辖区]"] == 40
    assert ind.loc[("130200", "SEC2"), "employment[市辖区]"] == 150
    assert res.data.industry_totals.empty and res.data.reference_data.empty


def test_sub_item_columns_never_replace_their_parent(tmp_path):
    rows = [
        ["批发业企业（2020年）"],
        ["地区", "批发业", None, None, None],
        [None, None, None, "#国有控股", None],
        [None, "法人单位数(个)", "年末从业人数(人)", "法人单位数(个)", "年末从业人数(人)"],
        ["北京", 7587, 440976, 891, 116318],
        ["天津", 6319, 177157, 378, 21016],
    ]
    p = _book(tmp_path / "sub.xlsx", rows, ["B2:E2", "D3:E3"])
    res = import_files([p])
    _adds_up(res)
    bj = res.data.industry_data.set_index(["region_code", "industry_code"]).loc[("110000", "F51")]
    assert (bj["firms"], bj["employment"]) == (7587, 440976)
    assert (bj["firms[国有控股]"], bj["employment[国有控股]"]) == (891, 116318)


def test_components_below_a_measure_are_its_sub_items(tmp_path):
    rows = [
        ["住宿业企业经营情况（2020年）"],
        ["单位：万元"],
        ["地区", "营业额", None, None],
        [None, None, "客房收入", "餐费收入"],
        ["北京", 2563444, 1260670, 523871],
    ]
    p = _book(tmp_path / "comp.xlsx", rows, ["B3:D3"])
    res = import_files([p])
    row = res.data.industry_data.set_index("region_code").loc["110000"]
    assert row["industry_code"] == "H61"  # 住宿业, from the title
    assert row["revenue"] == 2563444e4 and row["revenue[客房收入]"] == 1260670e4


def test_spanning_group_header_items_from_the_distinguishing_level(tmp_path):
    names = ["农、林、牧、渔业", "采矿业", "制造业", "建筑业", "批发和零售业"]
    codes = ["A", "B", "C", "E", "F"]
    rows = [
        ["各地区法人单位从业人员（2020年）"],
        ["单位：万人"],
        ["地区", "按行业分 By Industry", None, None, None, None],
        [None, *names],
        [None, *codes],
        ["北京", 1, 2, 3, 4, 5],
        ["天津", 6, 7, 8, 9, 10],
    ]
    p = _book(tmp_path / "group.xlsx", rows, ["B3:F3"])
    res = import_files([p])
    _adds_up(res)
    ind = res.data.industry_data
    assert set(ind["industry_code"]) == set(codes)  # five industries, not one
    got = ind.set_index(["region_code", "industry_code"])["employment"]
    assert got[("120000", "E")] == 9e4 and got[("110000", "A")] == 1e4


def test_subtotal_rows_by_name_and_sum(tmp_path):
    rows = [
        ["2014年各市工业总产值", None, None],
        ["单位：万元", None, None],
        ["城市", "工业总产值", "从业人员(人)"],
        ["吉林省", 300, 30],
        ["长春市", 200, 20],
        ["吉林市", 100, 10],
        ["上海市", 500, 50],
    ]
    p = _book(tmp_path / "subtotal.xlsx", rows)
    res = import_files([p])
    _adds_up(res)
    codes = set(res.data.industry_totals["region_code"])
    assert codes == {"220100", "220200", "310000"}  # 吉林 the city, not the province
    ref = res.data.reference_data.set_index("region_code")
    assert ref.loc["220000", "output"] == 300e4  # the subtotal: a parent, out of the detail
    regions = res.data.regions.set_index("region_code")
    assert regions.loc["220200", "parent_code"] == "220000"


def test_header_unit_overrides_the_sheet_unit_line(tmp_path):
    rows = [
        ["单位：万元"],
        ["地区", "年份", "工业总产值", "营业收入（亿元）", "从业人员(万人)"],
        ["北京", 2020, 3, 2, 1.5],
    ]
    res = import_files([_book(tmp_path / "units.xlsx", rows)])
    t = res.data.industry_totals.iloc[0]
    assert (t["output"], t["revenue"], t["employment"]) == (3e4, 2e8, 1.5e4)


def test_unit_row_and_remark_row_under_the_header(tmp_path):
    text = (
        "Area,Province,行政区域面积,户籍人口,地区生产总值\n"
        "Unit,省份,平方公里,人,万元\n"
        "Remark,\n"
        "奉贤区,上海市,733,533864,11901900\n"
        "崇明区,上海市,1413,675841,3818300\n"
        "宜良县,云南省,1880,410000,2112550\n"
        "义乌市,浙江省,1105,853378,14855983\n"
        "神木市,陕西省,7635,430000,12940036\n"
    )
    res = import_files([_csv(tmp_path / "county.csv", text)], year=2020)
    _adds_up(res)
    rd = res.data.region_data.set_index("region_code")
    assert rd.loc["310120", "area_km2"] == 733 and rd.loc["310120", "gdp"] == 11901900e4
    assert rd.loc["330782", "population"] == 853378


def test_region_only_in_a_header_line(tmp_path):
    rows = [["地区：北京"], ["年份", "从业人员(人)"], [2019, 10], [2020, 11]]
    res = import_files([_book(tmp_path / "one.xlsx", rows)])
    got = res.data.industry_totals.set_index(["region_code", "year"])["employment"]
    assert got[("110000", 2020)] == 11


def test_code_column_of_floats(tmp_path):
    rows = [
        ["城市代码", "城市名称", "年度标识", "gdp（亿元人民币）"],
        [110000.0, "北京市", 2000.0, 3277.8],
    ]
    res = import_files([_book(tmp_path / "codes.xlsx", rows)])
    rd = res.data.region_data.iloc[0]
    assert (rd["region_code"], rd["year"], rd["gdp"]) == ("110000", 2000, pytest.approx(3277.8e8))


def test_vendor_lines_below_the_table(tmp_path):
    rows = [
        ["地区", "年份", "地区生产总值(亿元)"],
        ["北京", 2020, 1.0],
        ["天津", 2020, 2.0],
        [],
        [None, None, "更多数据，关注淘宝店【某某文库】"],
        [None, None, "https://example.taobao.com"],
    ]
    res = import_files([_book(tmp_path / "ad.xlsx", rows)])
    ads = [p for p in res.problems if p.code == "lines_below_table"]
    assert ads and ads[0].row == 5 and "淘宝" in ads[0].message_en
    assert len(res.data.region_data) == 2


def test_official_synonyms_and_measure_aware_area(tmp_path):
    rows = [
        [
            "地区",
            "年份",
            "营业额(万元)",
            "年末单位从业人员(人)",
            "规模以上工业企业单位数(个)",
            "商品房销售面积(万平方米)",
        ],
        ["北京", 2020, 10, 20, 30, 40],
    ]
    res = import_files([_book(tmp_path / "syn.xlsx", rows)])
    t = res.data.industry_totals.iloc[0]
    assert (t["revenue"], t["employment"], t["firms"]) == (10e4, 20, 30)
    assert res.data.region_data.empty  # 万平方米 is floor space, never the administrative area
    assert any(e.reason == "no_measure" and e.cell_range == "F2:F2" for e in res.accounting.entries)


def test_derived_figures_are_not_the_measure(tmp_path):
    rows = [
        ["地区", "年份", "户籍人口(万人)", "年平均人口(万人)", "人口自然增长率(‰)"],
        ["北京", 2016, 1363, 1354, 8.53],
    ]
    res = import_files([_book(tmp_path / "derived.xlsx", rows)])
    acc = _adds_up(res)
    assert res.data.region_data.iloc[0]["population"] == 1363e4
    assert acc.not_imported == 2


# --- numbers ---------------------------------------------------------------------------------
def test_semicolon_csv_with_decimal_commas(tmp_path):
    text = "Region;Year;Employment;Output\nBeijing;2020;1234,5;3456,25\nTianjin;2020;12,5;1.234,5\n"
    res = import_files([_csv(tmp_path / "eu.csv", text)])
    t = res.data.industry_totals.set_index("region_code")
    assert t.loc["110000", "employment"] == 1234.5 and t.loc["110000", "output"] == 3456.25
    assert t.loc["120000", "output"] == 1234.5


def test_ambiguous_thousands_or_decimal_comma_is_a_question(tmp_path):
    text = "Region;Year;Employment\nBeijing;2020;1,234\nTianjin;2020;2,500\n"
    first = _errors(_csv(tmp_path / "amb.csv", text))[0]
    assert first.code == "ambiguous_decimal" and (first.row, first.column) == (2, "C")
    ms = propose_mappings([tmp_path / "amb.csv"])
    ms[0].decimal = "."  # the user answers: thousands separators
    res = import_files([tmp_path / "amb.csv"], mappings=ms)
    assert res.data.industry_totals.set_index("region_code").loc["110000", "employment"] == 1234


def test_mixed_decimal_marks_refused(tmp_path):
    text = "Region;Year;Employment\nBeijing;2020;1234,5\nTianjin;2020;12.5\n"
    assert _errors(_csv(tmp_path / "mixed.csv", text))[0].code == "mixed_decimal"


def test_comma_outside_thousands_groups_is_not_dropped(tmp_path):
    rows = [["地区", "年份", "从业人员"], ["北京", 2020, "1234,5"]]
    first = _errors(_book(tmp_path / "c.xlsx", rows))[0]
    assert first.code == "text_in_number"  # never read as 12345


@pytest.mark.parametrize("text", ["inf", "Infinity", "1e309", "NaN", "-inf"])
def test_non_finite_values_are_located_errors(tmp_path, text):
    p = _csv(tmp_path / "inf.csv", f"地区,年份,从业人员\n北京,2020,{text}\n天津,2020,5\n")
    first = _errors(p)[0]
    assert (first.code, first.row, first.column) == ("non_finite", 2, "C")


# --- codes -----------------------------------------------------------------------------------
def test_codes_normalised_once_at_the_edge(tmp_path):
    rows = [
        ["地区代码", "行业代码", "年份", "从业人员"],
        ["110101", "C13", 2020, 1],
        ["１１０１０１", "c13", 2021, 2],  # full-width digits, lower case
        ["\u200b110101", "13", 2022, 3],  # a zero-width space, a bare division number
        ["\ufeff110101", "C 13", 2023, 4],  # a BOM inside the cell
    ]
    res = import_files([_book(tmp_path / "codes.xlsx", rows)])
    ind = res.data.industry_data
    assert set(ind["region_code"]) == {"110101"} and set(ind["industry_code"]) == {"C13"}
    assert len(ind) == 4
    note = next(p for p in res.problems if p.code == "codes_normalised")
    assert "c13" in note.message_en and "１１０１０１" in note.message_en


def test_jilin_and_hainan_among_districts_are_not_the_provinces(tmp_path):
    rows = [
        ["地区", "年份", "常住人口(人)"],
        ["海南区", 2020, 1],
        ["海勃湾区", 2020, 2],
        ["乌达区", 2020, 3],
    ]
    res = import_files([_book(tmp_path / "wuhai.xlsx", rows)])
    assert set(res.data.region_data["region_code"]) == {"150303", "150302", "150304"}
    rows = [
        ["城市", "年份", "常住人口(人)"],
        ["吉林", 2020, 1],
        ["长春", 2020, 2],
        ["四平", 2020, 3],
    ]
    res = import_files([_book(tmp_path / "jilin.xlsx", rows)])
    assert "220200" in set(res.data.region_data["region_code"])  # the city, by the table's level


def test_ambiguous_region_is_a_located_question_answered_by_the_mapping(tmp_path):
    rows = [["地区", "年份", "常住人口(人)"], ["朝阳区", 2020, 1], ["海淀区", 2020, 2]]
    p = _book(tmp_path / "chaoyang.xlsx", rows)
    first = _errors(p)[0]
    assert first.code == "ambiguous_region" and first.row == 2
    assert "110105" in first.message_en and "220104" in first.message_en
    ms = propose_mappings([p])
    ms[0].region_codes = {"朝阳区": "110105"}
    res = import_files([p], mappings=ms)
    assert set(res.data.region_data["region_code"]) == {"110105", "110108"}


def test_renamed_unit_resolved_by_year(tmp_path):
    rows = [["地区", "年份", "常住人口(人)"], ["吐鲁番地区", 2010, 1], ["吐鲁番市", 2020, 2]]
    res = import_files([_book(tmp_path / "turpan.xlsx", rows)])
    got = res.data.region_data.set_index("year")["region_code"].to_dict()
    assert got == {2010: "652100", 2020: "650400"}


def test_total_row_name_goes_to_the_reference_area(tmp_path):
    rows = [
        ["地区", "年份", "常住人口(人)"],
        ["全国", 2020, 3],
        ["北京", 2020, 1],
        ["天津", 2020, 2],
    ]
    res = import_files([_book(tmp_path / "tot.xlsx", rows)])
    rd = res.data.region_data.set_index("region_code")
    assert rd.loc[TOTAL_REGION, "population"] == 3
