"""The blank import template: structure, validations, example rows, CLI — and a filled template imports."""

from __future__ import annotations

import openpyxl
import pytest

from clusterpolicy.cli import main
from clusterpolicy.io.template import (
    EXAMPLE_HEADER,
    EXAMPLE_MARK,
    INSTRUCTIONS_SHEET,
    TEMPLATE_TABLES,
    header_text,
    write_template,
)
from clusterpolicy.model.tables import TABLES


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = write_template(tmp_path_factory.mktemp("tpl") / "template.xlsx")
    wb = openpyxl.load_workbook(path)
    yield path, wb
    wb.close()


def _headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def test_sheets(template):
    _, wb = template
    assert wb.sheetnames == [INSTRUCTIONS_SHEET, *TEMPLATE_TABLES]


def test_headers_are_label_name_unit_from_the_model(template):
    _, wb = template
    for name in TEMPLATE_TABLES:
        headers = _headers(wb[name])
        spec = TABLES[name]
        assert headers[0] == EXAMPLE_HEADER
        assert len(headers) == 1 + len(spec.columns)
        for text, col in zip(headers[1:], spec.columns, strict=True):
            lines = text.split("\n")
            assert lines[0] == col.label_zh and lines[1] == col.name
            if col.unit:
                assert len(lines) == 3 and lines[2].startswith("(") and lines[2].endswith(")")
            else:
                assert len(lines) == 2
    assert header_text(TABLES["industry_data"].column("employment")) == "从业人员\nemployment\n(人)"
    assert header_text(TABLES["region_data"].column("disposable_income_pc")).endswith("(元/人)")
    assert header_text(TABLES["region_data"].column("area_km2")).endswith("(平方公里)")


def test_example_rows_marked_and_valid(template):
    _, wb = template
    for name in TEMPLATE_TABLES:
        ws = wb[name]
        marks = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
        examples = [m for m in marks if m == EXAMPLE_MARK]
        assert 2 <= len(examples) <= 3 and marks[: len(examples)] == examples
        headers = _headers(ws)
        spec = TABLES[name]
        for r in range(2, 2 + len(examples)):
            row = {h.split("\n")[1]: ws.cell(r, j + 1).value for j, h in enumerate(headers) if j}
            for key in spec.key:
                assert row[key] not in (None, "")
            assert 1949 <= row["year"] <= 2100
            for m in spec.measures:
                assert row[m] is None or row[m] >= 0
            for col in ("region_code", "industry_code", "firm_id"):
                if col in row and row[col] is not None:
                    assert isinstance(row[col], str)


def test_code_columns_are_text_and_header_frozen(template):
    _, wb = template
    for name in TEMPLATE_TABLES:
        ws = wb[name]
        assert ws.freeze_panes == "B2"
        for j, h in enumerate(_headers(ws), start=1):
            field = h.split("\n")[-1] if j == 1 else h.split("\n")[1]
            fmt = ws.cell(500, j).number_format
            if field in ("region_code", "industry_code", "firm_id"):
                assert fmt == "@", (name, field)
            elif j > 1 and TABLES[name].column(field).dtype == "float64":
                assert fmt != "@"


def _validations(ws) -> dict[str, object]:
    """column letter → its data validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    return out


def test_data_validations(template):
    _, wb = template
    for name in TEMPLATE_TABLES:
        ws = wb[name]
        vals = _validations(ws)
        for j, h in enumerate(_headers(ws)[1:], start=2):
            field = h.split("\n")[1]
            col = TABLES[name].column(field)
            letter = openpyxl.utils.get_column_letter(j)
            if field == "year":
                dv = vals[letter]
                assert (dv.type, dv.operator, dv.formula1, dv.formula2) == (
                    "whole",
                    "between",
                    "1949",
                    "2100",
                )
            elif field == "group":
                dv = vals[letter]
                assert dv.type == "list" and all(
                    g in dv.formula1 for g in ("东部", "中部", "西部", "东北")
                )
            elif col.dtype == "float64":
                dv = vals[letter]
                assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
            else:
                assert letter not in vals


def test_instructions_bilingual_and_language_order(tmp_path):
    zh = openpyxl.load_workbook(write_template(tmp_path / "zh.xlsx", lang="zh"))[INSTRUCTIONS_SHEET]
    en = openpyxl.load_workbook(write_template(tmp_path / "en.xlsx", lang="en"))[INSTRUCTIONS_SHEET]
    zh_text = [r[0] for r in zh.iter_rows(values_only=True)]
    en_text = [r[0] for r in en.iter_rows(values_only=True)]
    assert len(zh_text) == len(en_text) >= 10
    assert zh_text[0].startswith("产业集群政策评估") and en_text[0].startswith("ClusterPolicy")
    joined = "\n".join(zh_text)
    for word in (
        "示例",
        "单位",
        "文本",
        "留空",
        "Missing values",
        "GB/T 2260",
        "GB/T 4754-2017",
        *TEMPLATE_TABLES,
    ):
        assert word in joined
    with pytest.raises(ValueError):
        write_template(tmp_path / "x.xlsx", lang="de")


def test_cli_writes_template_and_rejects_bad_output(tmp_path, capsys):
    out = tmp_path / "模板.xlsx"
    assert main(["template", "--out", str(out), "--lang", "en"]) == 0
    assert openpyxl.load_workbook(out).sheetnames[1:] == list(TEMPLATE_TABLES)
    assert main(["template", "--out", str(tmp_path / "t.csv")]) == 2
    assert main(["template", "--out", str(tmp_path / "missing" / "t.xlsx")]) == 2
    err = capsys.readouterr().err
    assert ".xlsx" in err and "Cannot write" in err


def test_filled_template_imports(tmp_path):
    from clusterpolicy.io import importer

    path = write_template(tmp_path / "filled.xlsx")
    wb = openpyxl.load_workbook(path)

    def fill(name: str, rows: list[dict]) -> None:
        ws = wb[name]
        fields = [h.split("\n")[1] if j else "example" for j, h in enumerate(_headers(ws))]
        start = ws.max_row + 1
        for k, row in enumerate(rows):
            for j, field in enumerate(fields, start=1):
                if field in row:
                    ws.cell(start + k, j, row[field])

    fill(
        "industry_data",
        [
            {
                "region_code": "010101",
                "industry_code": "C39",
                "year": 2022,
                "employment": 1200,
                "output": 3.5e8,
                "firms": 7,
            },
            {
                "region_code": "010102",
                "industry_code": "C39",
                "year": 2022,
                "employment": 300,
                "output": 9e7,
                "firms": 2,
            },
        ],
    )
    fill(
        "industry_totals",
        [{"region_code": "010101", "year": 2022, "employment": 5000, "firms": 40}],
    )
    fill(
        "region_data",
        [{"region_code": "010101", "year": 2022, "population": 250000, "group": "山区"}],
    )
    wb.save(path)

    data = importer.import_files([path]).data
    ind = data.industry_data
    assert len(ind) == 2  # example rows skipped
    row = ind[ind["region_code"] == "010101"].iloc[0]  # leading zero kept
    assert row["industry_code"].endswith("39") and row["year"] == 2022
    assert row["employment"] == 1200 and row["output"] == 3.5e8 and row["firms"] == 7
    assert data.industry_totals["employment"].tolist() == [5000]
    reg = data.region_data.iloc[0]
    assert (reg["region_code"], reg["population"], reg["group"]) == ("010101", 250000, "山区")
    assert len(data.region_data) == 1 and len(data.firm_data) == 0 and len(data.reference_data) == 0
