"""The answers workbook: template layout, filled answers read back as the JSON file would give them,
located problems for bad cells, and `assess --answers filled.xlsx` end to end."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from clusterpolicy.cli import main
from clusterpolicy.io.answers_workbook import (
    CLUSTER_COLUMNS,
    COMPUTED_MARK,
    INSTRUCTIONS_SHEET,
    REGION_COLUMNS,
    SCOPE_SHEETS,
    read_answers_workbook,
    write_answers_template,
)
from clusterpolicy.knowledge import answers_from_dict, load_profile
from clusterpolicy.messages import ProblemError
from clusterpolicy.model.vocabulary import CLUSTER_SCOPES, SCOPE_FILES
from clusterpolicy.paths import resource

SAMPLE = str(resource("samples", "sample_prefecture.xlsx"))
CLUSTERS = [("C21", "家具制造业"), ("C38", "电气机械和器材制造业")]


@pytest.fixture(scope="module")
def profile():
    return load_profile()


@pytest.fixture(scope="module")
def template(tmp_path_factory, profile):
    path = write_answers_template(
        tmp_path_factory.mktemp("ans") / "answers.xlsx", profile, CLUSTERS, region_code="990105"
    )
    return path


def _col(ws, key: str) -> int:
    """1-based column of the header whose second line is ``key``."""
    for cell in ws[1]:
        if str(cell.value).split("\n")[-1] == key:
            return cell.column
    raise KeyError(key)


def _row_of(ws, item_id: str, industry: str | None = None) -> int:
    ci, cc = _col(ws, "item_id"), (_col(ws, "industry_code") if industry else None)
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, ci).value == item_id and (cc is None or ws.cell(r, cc).value == industry):
            return r
    raise KeyError((item_id, industry))


def _fill(ws, item_id: str, industry: str | None, answer, note=None, who=None, when=None) -> int:
    r = _row_of(ws, item_id, industry)
    ws.cell(r, _col(ws, "answer"), answer)
    for key, v in (("note", note), ("who", who), ("when", when)):
        if v is not None:
            ws.cell(r, _col(ws, key), v)
    return r


# ------------------------------------------------------------------------------------ template


def test_template_has_one_sheet_per_scope_and_one_row_per_item_and_cluster(template, profile):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == [INSTRUCTIONS_SHEET, *(s for s, _ in SCOPE_SHEETS.values())]
    for scope, (sheet, _) in SCOPE_SHEETS.items():
        ws = wb[sheet]
        ids = [it["id"] for it in profile.file(SCOPE_FILES[scope]).items]
        per_cluster = scope in CLUSTER_SCOPES
        keys = [str(c.value).split("\n")[1] for c in ws[1]]
        assert keys == list(CLUSTER_COLUMNS if per_cluster else REGION_COLUMNS)
        assert ws.freeze_panes == ws.cell(2, _col(ws, "answer")).coordinate
        rows = [
            [ws.cell(r, _col(ws, k)).value for k in ("scope", "item_id")]
            for r in range(2, ws.max_row + 1)
        ]
        assert all(s == scope for s, _ in rows)
        assert [i for _, i in rows] == ids * (len(CLUSTERS) if per_cluster else 1)
        if per_cluster:
            codes = [ws.cell(r, _col(ws, "industry_code")).value for r in range(2, ws.max_row + 1)]
            assert codes == ["C21"] * len(ids) + ["C38"] * len(ids)
            # every cell the official fills is empty
        for key in ("answer", "note", "who", "when"):
            assert all(ws.cell(r, _col(ws, key)).value is None for r in range(2, ws.max_row + 1))
    wb.close()


def test_texts_are_bilingual_and_data_items_marked(template, profile):
    wb = openpyxl.load_workbook(template)
    ws = wb["技术升级"]
    items = {it["id"]: it for it in profile.checklist("technology").items}
    for r in range(2, 2 + len(items)):
        it = items[ws.cell(r, _col(ws, "item_id")).value]
        assert ws.cell(r, _col(ws, "text")).value == f"{it['text_zh']}\n{it['text_en']}"
        assert (COMPUTED_MARK in ws.cell(r, _col(ws, "scale")).value) == (it["mode"] == "data")
    n_data = sum(it["mode"] == "data" for it in items.values())
    assert n_data == 8  # technology.yaml holds eight data items (TECH-07 is judged, not counted)
    rf = wb["红旗警示"]
    n1 = profile.red_flags()[0]
    assert rf.cell(2, _col(rf, "text")).value == f"{n1['question_zh']}\n{n1['question_en']}"
    wb.close()


def test_answer_cells_have_validation_that_fits_the_scale(template, profile):
    wb = openpyxl.load_workbook(template)

    def rule(ws, r: int):
        coord = ws.cell(r, _col(ws, "answer")).coordinate
        hits = [dv for dv in ws.data_validations.dataValidation if coord in dv.sqref]
        assert len(hits) == 1, coord
        return hits[0]

    ws = wb["技术升级"]
    likert = [
        it["id"] for it in profile.checklist("technology").items if it.get("scale") == "likert_0_4"
    ]
    assert likert == ["TECH-26"]
    dv = rule(ws, _row_of(ws, "TECH-26", "C38"))
    assert (dv.type, dv.formula1, dv.formula2) == ("whole", "0", "4")
    dv = rule(ws, _row_of(ws, "TECH-01", "C21"))
    assert dv.type == "list" and dv.formula1 == '"是,部分,否,yes,partial,no"'
    rf = wb["红旗警示"]
    assert rule(rf, 2).formula1 == '"是,否,yes,no"'
    wb.close()


def test_region_code_is_prefilled_on_the_instructions_sheet(template):
    assert read_answers_workbook(template).region_code == "990105"
    assert read_answers_workbook(template).clusters == {}  # a blank template holds no answers


def test_formula_like_texts_are_written_as_plain_strings(tmp_path):
    prof = load_profile()  # a private copy: the item text is changed below
    prof.checklist("existence").items[0]["text_zh"] = '=HYPERLINK("http://x","点击")'
    path = write_answers_template(tmp_path / "a.xlsx", prof, [("C21", "=1+1")])
    ws = openpyxl.load_workbook(path)["存在性检验"]
    text, name = ws.cell(2, _col(ws, "text")), ws.cell(2, _col(ws, "industry_name"))
    # plain strings, and neutralised (a leading apostrophe) like every export
    assert text.data_type == "s" and text.value.startswith("'=HYPERLINK")
    assert name.data_type == "s" and name.value == "'=1+1"


# ------------------------------------------------------------------------------------ reading


def test_filled_workbook_reads_as_the_equivalent_json(template, tmp_path, profile):
    wb = openpyxl.load_workbook(template)
    ex, tech, lc, rf, pq = (
        wb[s] for s in ("存在性检验", "技术升级", "生命周期问卷", "红旗警示", "政策质量")
    )
    _fill(ex, "EX-01", "C21", "是", note="企业集中在开发区", who="张三", when=dt.date(2026, 10, 30))
    _fill(ex, "EX-02", "C21", "部分")
    _fill(ex, "EX-01", "C38", "×")
    _fill(tech, "TECH-26", "C21", 3)
    _fill(tech, "TECH-01", "C38", " Partial ")  # a data item: the answer is only a fallback
    _fill(lc, "LC-Q02", "C38", "√")
    _fill(lc, "LC-Q03", "C38", "有")
    _fill(rf, "N4", None, "否", note="无新设园区")
    _fill(pq, "PQ-01", None, "yes", when="2026-11-01")
    _fill(ex, "EX-03", "C21", None, note="note without an answer is not read")
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)

    got = read_answers_workbook(filled, profile)
    want = answers_from_dict(
        {
            "schema": "clusterpolicy.answers/1",
            "region_code": "990105",
            "clusters": {
                "C21": {
                    "existence": {
                        "EX-01": {
                            "answer": "yes",
                            "note": "企业集中在开发区",
                            "who": "张三",
                            "when": "2026-10-30",
                        },
                        "EX-02": "partial",
                    },
                    "technology": {"TECH-26": 3},
                },
                "C38": {
                    "existence": {"EX-01": "no"},
                    "technology": {"TECH-01": "partial"},
                    "lifecycle": {"LC-Q02": "yes", "LC-Q03": "yes"},
                },
            },
            "red_flags": {"N4": {"answer": "no", "note": "无新设园区"}},
            "policy_quality": {"PQ-01": {"answer": "yes", "when": "2026-11-01"}},
        },
        profile=profile,
    )
    assert got.clusters == want.clusters
    assert got.regional == want.regional
    assert got.region_code == want.region_code == "990105"
    assert got.by_cluster("existence") == {
        "C21": {"EX-01": "yes", "EX-02": "partial"},
        "C38": {"EX-01": "no"},
    }


def test_bad_cells_are_all_reported_with_their_location(template, tmp_path, profile):
    wb = openpyxl.load_workbook(template)
    ex, tech, rf, roles = wb["存在性检验"], wb["技术升级"], wb["红旗警示"], wb["政府角色"]
    r_unknown = _fill(ex, "EX-01", "C21", "是")
    ex.cell(r_unknown, _col(ex, "item_id"), "EX-99")
    r_invalid = _fill(ex, "EX-02", "C21", "也许")
    r_scope = _fill(ex, "EX-03", "C21", "是")
    ex.cell(r_scope, _col(ex, "scope"), "exist")
    r_noind = _fill(ex, "EX-04", "C21", "否")
    ex.cell(
        r_noind, _col(ex, "industry_code")
    ).value = None  # (cell(r, c, None) would not clear it)
    r_scale = _fill(tech, "TECH-02", "C38", 3)  # yes/partial/no item
    r_partial = _fill(rf, "N1", None, "部分")  # red flags are yes/no
    r_range = _fill(roles, "ROLE-1-1", None, 7)
    r_dup = _fill(ex, "EX-05", "C38", "是")
    ex.cell(r_dup + 1, _col(ex, "item_id"), "EX-05")
    ex.cell(r_dup + 1, _col(ex, "answer"), "否")
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)

    with pytest.raises(ProblemError) as err:
        read_answers_workbook(bad, profile)
    got = {(p.code, p.sheet, p.row, p.column) for p in err.value.problems}
    H, F, B, A, D = (
        "H",
        "F",
        "B",
        "A",
        "D",
    )  # answer / regional answer / industry / scope / item id columns
    assert got == {
        ("answers_unknown_item", "存在性检验", r_unknown, D),
        ("answers_invalid_answer", "存在性检验", r_invalid, H),
        ("answers_unknown_scope", "存在性检验", r_scope, A),
        ("answers_missing_industry", "存在性检验", r_noind, B),
        ("answers_scale_mismatch", "技术升级", r_scale, H),
        ("answers_scale_mismatch", "红旗警示", r_partial, F),
        ("answers_invalid_answer", "政府角色", r_range, F),
        ("answers_duplicate", "存在性检验", r_dup + 1, D),
    }
    for p in err.value.problems:
        assert p.file == "bad.xlsx" and p.message_zh and p.message_en and p.fix_zh and p.fix_en
    dup = next(p for p in err.value.problems if p.code == "answers_duplicate")
    assert f"row {r_dup}" in dup.message_en and "C38" in dup.message_en


def test_without_a_profile_only_the_spelling_is_checked(template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ex = wb["存在性检验"]
    r = _fill(ex, "EX-01", "C21", "是")
    ex.cell(r, _col(ex, "item_id"), "EX-99")
    path = tmp_path / "a.xlsx"
    wb.save(path)
    assert read_answers_workbook(path).values("existence", "C21") == {"EX-99": "yes"}
    _fill(ex, "EX-02", "C21", "maybe")
    wb.save(path)
    with pytest.raises(ProblemError) as err:
        read_answers_workbook(path)
    assert [p.code for p in err.value.problems] == ["answers_invalid_answer"]


def test_a_users_own_long_sheet_is_read(tmp_path, profile):
    """The minimal form: columns scope, industry_code, item_id, answer, note; codes as numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "my answers"
    ws.append(["scope", "industry_code", "item_id", "answer", "note"])
    ws.append(["存在性检验", 21, "EX-01", "YES", 42])
    ws.append(["existence", "c21", "EX-02", "否", None])
    ws.append(["technology", "C21", "TECH-26", "4", None])
    ws.append(["red_flags", None, "N2", "是", "照搬外地模式"])
    ws.append([None, None, None, None, None])
    path = tmp_path / "mine.xlsx"
    wb.save(path)
    got = read_answers_workbook(path, profile)
    assert got.values("existence", "C21") == {"EX-01": "yes", "EX-02": "no"}
    assert got.get("existence", "C21")["EX-01"]["note"] == "42"
    assert got.values("technology", "C21") == {"TECH-26": 4}
    assert got.values("red_flags") == {"N2": "yes"}


def test_a_workbook_without_answer_sheets_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["地区", "产值"])
    path = tmp_path / "data.xlsx"
    wb.save(path)
    with pytest.raises(ProblemError) as err:
        read_answers_workbook(path)
    assert [p.code for p in err.value.problems] == ["answers_no_sheet"]
    with pytest.raises(ProblemError) as err:
        read_answers_workbook(tmp_path / "missing.xlsx")
    assert err.value.problems[0].code == "file_not_found"


# ------------------------------------------------------------------------------------ end to end


@pytest.mark.slow
def test_assess_with_a_filled_answers_workbook_changes_the_existence_verdicts(
    tmp_path, profile, capsys
):
    path = write_answers_template(
        tmp_path / "答案.xlsx", profile, [("C21", "家具"), ("C19", "制鞋")]
    )
    wb = openpyxl.load_workbook(path)
    ex = wb["存在性检验"]
    ids = [it["id"] for it in profile.checklist("existence").items]
    for i in ids:
        _fill(ex, i, "C21", "是")  # every criterion met → a cluster
    _fill(ex, ids[0], "C19", "是")
    _fill(ex, ids[1], "C19", "否")  # one "no" → agglomeration, not yet a cluster
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)

    out = tmp_path / "r.xlsx"
    rc = main(
        [
            "assess",
            SAMPLE,
            "--region",
            "990105",
            "--clusters",
            "C21,C19,C38",
            "--results",
            str(out),
            "--answers",
            str(filled),
            "--quiet",
        ]
    )
    assert rc == 0, capsys.readouterr().err
    cl = pd.read_excel(out, sheet_name="clusters", engine="calamine").set_index("industry_code")
    got = {
        c: (bool(cl.loc[c, "candidate"]), cl.loc[c, "existence"], cl.loc[c, "verdict"])
        for c in ("C21", "C19", "C38")
    }
    # all three are candidates; unanswered C38 stays unconfirmed, the answers decide the other two
    assert got == {
        "C21": (True, "yes", "cluster"),
        "C19": (True, "no", "agglomeration_not_yet_cluster"),
        "C38": (True, "unanswered", "candidate_unconfirmed"),
    }
    assert f"'no' on {ids[1]}" in cl.loc["C19", "evidence"]
