"""Results workbook export: contract, formatting and formula-injection safety."""

from __future__ import annotations

import zipfile

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from clusterpolicy.io.export import neutralise, write_results_workbook


def _tables():
    lq = pd.DataFrame(
        {
            "region_code": ["990105", "990105"],
            "industry_code": ["C39", "C13"],
            "year": [2024, 2024],
            "measure": ["employment", "employment"],
            "lq": [2.5, np.nan],
        }
    )
    actions = pd.DataFrame(
        {
            "priority": [1, 2],
            "action_zh": ['=HYPERLINK("http://evil","点我")', "+1+2"],
            "finding": ["@SUM(A1)", "-cmd"],
        }
    )
    return {"lq": lq, "actions": actions}


def test_first_row_is_machine_readable_and_values_round_trip(tmp_path):
    out = write_results_workbook(
        tmp_path / "r.xlsx", _tables(), {"profile_id": "cn-default", "inputs": ["a.xlsx", "b.csv"]}
    )
    back = pd.read_excel(out, sheet_name=None, dtype={"region_code": str}, engine="calamine")
    assert list(back["lq"].columns) == ["region_code", "industry_code", "year", "measure", "lq"]
    assert back["lq"].loc[0, "lq"] == 2.5 and pd.isna(back["lq"].loc[1, "lq"])
    assert back["lq"].loc[0, "region_code"] == "990105"
    notes = back["notes"]
    row = notes[(notes["sheet"] == "lq") & (notes["column"] == "lq")].iloc[0]
    assert row["label_zh"] == "区位熵" and row["label_en"] == "Location quotient"
    meta = dict(zip(back["meta"]["key"], back["meta"]["value"]))
    assert meta["profile_id"] == "cn-default" and "b.csv" in meta["inputs"]


def test_formula_injection_is_neutralised(tmp_path):
    out = write_results_workbook(tmp_path / "r.xlsx", _tables())
    with zipfile.ZipFile(out) as z:
        xml = "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")
        )
    assert "<f>" not in xml and "<f " not in xml  # no formula element anywhere
    wb = load_workbook(out)
    ws = wb["actions"]
    assert ws["B2"].data_type == "s" and ws["B2"].value.startswith("'=HYPERLINK")
    assert ws["B3"].value == "'+1+2" and ws["C2"].value == "'@SUM(A1)" and ws["C3"].value == "'-cmd"


def test_frozen_header_and_number_formats(tmp_path):
    out = write_results_workbook(tmp_path / "r.xlsx", _tables())
    ws = load_workbook(out)["lq"]
    assert ws.freeze_panes == "A2"
    assert ws["C2"].number_format == "0"  # year
    assert "0.0000" in ws["E2"].number_format
    assert ws.column_dimensions["A"].width >= len("region_code")


def test_long_sheet_continues_without_losing_rows(tmp_path):
    df = pd.DataFrame(
        {"region_code": [f"{i:05d}" for i in range(25)], "value": np.arange(25.0) + 0.25}
    )
    out = write_results_workbook(tmp_path / "r.xlsx", {"big": df}, max_rows=10)
    back = pd.read_excel(out, sheet_name=None, dtype={"region_code": str}, engine="calamine")
    joined = pd.concat([back["big"], back["big_2"], back["big_3"]], ignore_index=True)
    pd.testing.assert_frame_equal(joined, df)
    notes = back["notes"]
    assert "big_2, big_3" in notes.loc[notes["sheet"] == "big", "continued_in"].iloc[0]


def test_a_table_longer_than_a_sheet_goes_to_a_csv_beside_the_workbook(tmp_path):
    df = pd.DataFrame(
        {
            "region_code": [f"{i:05d}" for i in range(25)],
            "note": ['=HYPERLINK("x")' if i == 3 else f"第{i}行" for i in range(25)],
            "value": np.arange(25.0) + 0.25,
        }
    )
    small = pd.DataFrame({"region_code": ["1"], "value": [1.0]})
    out = write_results_workbook(tmp_path / "结果.xlsx", {"big": df, "small": small}, csv_rows=10)
    csv = tmp_path / "结果_big.csv"
    assert csv.read_bytes()[:3] == b"\xef\xbb\xbf"  # UTF-8 with BOM: Excel reads the Chinese
    back = pd.read_csv(csv, dtype={"region_code": str}, encoding="utf-8-sig")
    want = df.copy()
    want.loc[3, "note"] = '\'=HYPERLINK("x")'  # neutralised as in the workbook
    pd.testing.assert_frame_equal(back, want)
    book = pd.read_excel(out, sheet_name=None, dtype={"region_code": str}, engine="calamine")
    assert list(book["big"].columns) == list(df.columns) and book["big"].empty
    assert len(book["small"]) == 1
    notes = book["notes"]
    assert "结果_big.csv (25 rows)" in notes.loc[notes["sheet"] == "big", "continued_in"].iloc[0]


def test_neutralise_leaves_ordinary_text_alone():
    assert neutralise("青山县") == "青山县"
    assert neutralise("") == ""
    assert neutralise("=1") == "'=1"


def test_multiline_evidence_is_wrapped(tmp_path):
    df = pd.DataFrame(
        {"industry_code": ["C21"], "evidence_for_zh": ["区位熵由4.64降至4.09\n此后回升至5.16"]}
    )
    out = write_results_workbook(tmp_path / "r.xlsx", {"lifecycle": df})
    cell = load_workbook(out)["lifecycle"]["B2"]
    assert cell.alignment.wrap_text and cell.value.count("\n") == 1
