"""``clusterpolicy import``: summary, JSON, --out with formula-injection safety, exit 2 on errors."""

from __future__ import annotations

import json

import openpyxl

from clusterpolicy.cli import main


def _book(path, rows):
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_cli_json_and_out(tmp_path, capsys):
    p = _book(
        tmp_path / "a.xlsx",
        [["地区代码", "地区", "年份", "常住人口(万人)"], ["1", "@北区", 2020, 2]],
    )
    out = tmp_path / "c.xlsx"
    assert (
        main(
            [
                "import",
                str(p),
                "--json",
                "--out",
                str(out),
                "--save-mapping",
                str(tmp_path / "m.json"),
            ]
        )
        == 0
    )
    s = json.loads(capsys.readouterr().out)
    assert s["tables"]["region_data"] == 1
    ws = openpyxl.load_workbook(out)["regions"]
    assert [c.value for c in ws[2]][1] == "'@北区"
    assert main(["import", str(p), "--mapping", str(tmp_path / "m.json")]) == 0


def test_cli_error_exit_2(tmp_path, capsys):
    p = _book(tmp_path / "b.xlsx", [["地区代码", "年份", "常住人口"], ["1", 2020, "abc"]])
    assert main(["import", str(p)]) == 2
    err = capsys.readouterr().err
    assert "b.xlsx" in err and "C" in err
