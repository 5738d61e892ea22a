"""`clusterpolicy answers-template`: the sheets, the clusters (given or as the assessment selects
them), and located errors."""

from __future__ import annotations

import openpyxl
import pytest

from clusterpolicy.cli import main
from clusterpolicy.io.answers_workbook import (
    INSTRUCTIONS_SHEET,
    SCOPE_SHEETS,
    read_answers_workbook,
)
from clusterpolicy.knowledge import load_profile
from clusterpolicy.paths import resource

SAMPLE = str(resource("samples", "sample_prefecture.xlsx"))
EXPECTED_SHEETS = [
    INSTRUCTIONS_SHEET,
    "存在性检验",
    "生命周期问卷",
    "技术升级",
    "品牌升级",
    "政府角色",
    "红旗警示",
    "政策质量",
]


def _codes_in(path, sheet: str = "存在性检验") -> list[str]:
    ws = openpyxl.load_workbook(path)[sheet]
    seen: list[str] = []
    for r in range(2, ws.max_row + 1):
        code = ws.cell(r, 2).value
        if code not in seen:
            seen.append(code)
    return seen


def test_template_with_clusters_writes_the_expected_sheets(tmp_path, capsys):
    out = tmp_path / "答案.xlsx"
    rc = main(
        ["answers-template", "--out", str(out), "--clusters", "21, c38", "--region", "990105"]
    )
    assert rc == 0
    printed = capsys.readouterr().out
    assert (
        str(out) in printed
        and "C21 家具制造业" in printed
        and "C38 电气机械和器材制造业" in printed
    )
    assert openpyxl.load_workbook(out).sheetnames == EXPECTED_SHEETS
    assert [s for s, _ in SCOPE_SHEETS.values()] == EXPECTED_SHEETS[1:]
    assert _codes_in(out) == ["C21", "C38"]  # codes normalised to what the data and the reader use
    n_ex = len(load_profile().checklist("existence").items)
    assert openpyxl.load_workbook(out)["存在性检验"].max_row == 1 + 2 * n_ex
    assert read_answers_workbook(out).region_code == "990105"


def test_template_without_clusters_has_only_regional_rows(tmp_path, capsys):
    out = tmp_path / "a.xlsx"
    assert main(["answers-template", "--out", str(out), "--lang", "en"]) == 0
    assert "No clusters given" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert wb["存在性检验"].max_row == 1
    assert wb["政府角色"].max_row == 1 + len(load_profile().checklist("roles").items)
    first = wb["政府角色"].cell(2, 3).value
    assert first.split("\n")[0].isascii()  # --lang en: English first


def test_bad_output_name_and_unknown_region_exit_2(tmp_path, capsys):
    assert main(["answers-template", "--out", str(tmp_path / "a.json")]) == 2
    assert "xlsx" in capsys.readouterr().err
    rc = main(
        [
            "answers-template",
            "--out",
            str(tmp_path / "a.xlsx"),
            "--data",
            SAMPLE,
            "--region",
            "999999",
        ]
    )
    err = capsys.readouterr().err
    assert rc == 2 and "999999" in err and "990105" in err and "Traceback" not in err
    assert not (tmp_path / "a.xlsx").exists()


@pytest.mark.slow
def test_template_from_data_takes_the_clusters_the_assessment_selects(tmp_path, capsys):
    from clusterpolicy.assess.pipeline import run_assessment
    from clusterpolicy.assess.settings import AssessmentSettings
    from clusterpolicy.io.importer import import_files

    out = tmp_path / "a.xlsx"
    assert (
        main(["answers-template", "--out", str(out), "--data", SAMPLE, "--region", "990105"]) == 0
    )
    data = import_files([SAMPLE]).data
    res = run_assessment(data, AssessmentSettings(focal_region="990105"), profile=load_profile())
    cl = res.tables["clusters"]
    selected = [str(c) for c in cl.loc[cl["selected"].astype(bool), "industry_code"]]
    assert len(selected) >= 3
    assert _codes_in(out) == selected
    assert _codes_in(out, "品牌升级") == selected
    assert read_answers_workbook(out).region_code == "990105"
    assert "C21" in capsys.readouterr().out
