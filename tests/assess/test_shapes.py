"""Every step runs on what the data allows and says what it could not do; honest benchmarks;
the candidate rule; a reference workbook beside the local one."""

from __future__ import annotations

import pandas as pd
import pytest
from panels import base_profile, build, cross_section

from clusterpolicy.assess.identification import identify_clusters
from clusterpolicy.assess.pipeline import run_assessment
from clusterpolicy.assess.reference import with_reference
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.messages import ProblemError
from clusterpolicy.model.tables import TOTAL_INDUSTRY

P = base_profile()


def one_year(measure: str = "employment", n_regions: int = 6) -> pd.DataFrame:
    rows = []
    for i in range(n_regions):
        code = f"R{i}"
        rows.append(
            {
                "region_code": code,
                "industry_code": "C17",
                "year": 2020,
                measure: 100.0 + 300 * (i == 0),
            }
        )
        rows.append({"region_code": code, "industry_code": "C38", "year": 2020, measure: 900.0})
    return rows


def steps(res) -> dict[str, str]:
    return dict(zip(res.tables["steps"]["step"], res.tables["steps"]["status"], strict=True))


def test_one_year_table_identifies_and_says_the_life_cycle_needs_two_years():
    data = build(one_year(), [])
    res = run_assessment(data, AssessmentSettings(focal_region="R0"), profile=P)
    st = steps(res)
    assert st["identification"] == "done" and st["lifecycle"] == "skipped"
    note = res.tables["steps"].set_index("step").loc["lifecycle"]
    assert "至少需要两个年份" in note["note_zh"] and "at least two years" in note["note_en"]
    assert note["needs_zh"]
    assert st["equalization"] == "skipped"  # industry data only
    assert res.meta["steps"][0]["step"] == "identification"
    c = res.tables["clusters"].set_index("industry_code")
    assert c.loc["C17", "lq"] == pytest.approx((400 / 1300) / (900 / 6300))


def test_without_employment_the_lq_uses_output_and_says_so():
    data = build(one_year("output"), [])
    res = run_assessment(data, AssessmentSettings(focal_region="R0"), profile=P)
    c = res.tables["clusters"].set_index("industry_code")
    assert c.loc["C17", "lq_measure"] == "output" and pd.isna(c.loc["C17", "lq_employment"])
    assert "无从业人员数据，各规则使用产值区位熵" in c.loc["C17", "evidence_zh"]
    assert "区位熵按产值计算" in res.tables["steps"].iloc[0]["note_zh"]


def test_region_only_workbook_gets_equalization_alone():
    rd = [
        {"region_code": c, "year": 2022, "population": p, "disposable_income_pc": y}
        for c, p, y in (
            ("110000", 2e7, 77_000),
            ("620000", 2.5e7, 23_000),
            ("330000", 6.5e7, 60_000),
        )
    ]
    res = run_assessment(
        build([], [], region_data=rd), AssessmentSettings(focal_region="620000"), profile=P
    )
    st = steps(res)
    assert st["equalization"] == "done"
    assert st["identification"] == "skipped" and st["lifecycle"] == "skipped"
    assert st["upgrading"] == "skipped" and st["policy"] == "done"
    assert "本步骤未进行：没有分行业数据" in res.tables["steps"].iloc[0]["note_zh"]


def test_a_year_not_in_the_data_is_a_located_user_error():
    with pytest.raises(ProblemError) as exc:
        run_assessment(build(one_year(), []), AssessmentSettings(end_year=2021), profile=P)
    assert exc.value.problems[0].code == "year_not_in_data"


def _regions(n: int, focal_lq: float, focal_e: float = 500.0) -> dict:
    regs = {f"O{i:02d}": {"e": 100.0, "E": 1000.0} for i in range(n - 1)}  # LQ 1 each
    regs["F"] = {"e": focal_e, "E": focal_e / (0.1 * focal_lq)}
    return regs


def test_percentile_rules_need_enough_regions_else_absolute_rules_decide():
    few = identify_clusters(cross_section(_regions(10, 1.6, 1500)), "F", profile=P).clusters
    a = few.set_index("industry_code").loc["A"]
    assert a["benchmark_regions"] == 10 and not a["benchmark_reliable"]
    # LQ 1.6 ≥ 1.5 (cutoff_mid) and 1 500 jobs ≥ the 1 000-job floor
    assert a["cmp_basis"] == "absolute" and a["cmp_tier"] == "strong"
    small = identify_clusters(cross_section(_regions(10, 1.6, 500)), "F", profile=P).clusters
    assert small.iloc[0]["cmp_tier"] == "none"  # below the absolute size floor
    assert "少于20个地区，分位数不可靠，改用绝对标准" in a["evidence_zh"]
    many = identify_clusters(cross_section(_regions(25, 1.6)), "F", profile=P).clusters
    b = many.set_index("industry_code").loc["A"]
    assert b["benchmark_reliable"] and b["cmp_basis"] == "percentile"
    assert "比较范围：所列25个地区" in b["evidence_zh"]


def test_a_candidate_must_be_specialised():
    # a large industry (top size and focus among 25 regions) at LQ 0.8: two ECO stars, no LQ
    regs = {f"O{i:02d}": {"e": 10.0, "E": 1000.0} for i in range(24)}
    regs["F"] = {"e": 800.0, "E": 10_000.0}
    r = identify_clusters(cross_section(regs, ref_a=1000, ref_total=10_000), "F", profile=P)
    a = r.clusters.set_index("industry_code").loc["A"]
    assert a["lq"] == pytest.approx(0.8) and a["eco_stars"] >= 2
    assert not a["specialised"] and not a["candidate"] and a["verdict"] == "not_candidate"


def test_reference_is_named_for_what_it_is():
    c = identify_clusters(cross_section(_regions(5, 2.0)), "F", profile=P).clusters.iloc[0]
    assert c["reference_name_zh"] == "REF（参照区域）"
    data = build(one_year(), [])
    c = identify_clusters(data, "R0", profile=P).clusters.iloc[0]
    assert c["reference_name_zh"] == "所列6个地区合计"  # never 全国 by default


def test_reference_workbook_beside_the_local_one():
    local = build(one_year(), [])
    province = build(
        [
            {"region_code": "330000", "industry_code": "C17", "year": 2020, "employment": 1000.0},
            {"region_code": "330000", "industry_code": "C38", "year": 2020, "employment": 9000.0},
        ],
        [{"region_code": "330000", "year": 2020, "employment": 20_000.0}],
        regions=[{"region_code": "330000", "name_zh": "浙江省"}],
    )
    merged = with_reference(local, province)
    ref = merged.reference_data
    assert set(ref["industry_code"]) == {"C17", "C38", TOTAL_INDUSTRY}
    c = identify_clusters(merged, "R0", profile=P).clusters.set_index("industry_code")
    # LQ = (400/1300)/(1000/20000)
    assert c.loc["C17", "lq"] == pytest.approx((400 / 1300) / 0.05)
    assert c.loc["C17", "reference_name_zh"] == "浙江省（330000，省级）"
    res = run_assessment(
        local, AssessmentSettings(focal_region="R0"), profile=P, reference=province
    )
    assert res.meta["reference_name_zh"] == "浙江省（330000，省级）"


@pytest.fixture
def real_emp(real_data):
    return real_data / "china" / "prov_ind_emp_2005_2016_long.csv"


@pytest.mark.slow
def test_one_year_slice_of_the_real_provincial_panel(real_emp, tmp_path):
    from clusterpolicy.app.imports import import_data

    df = pd.read_csv(real_emp, dtype={"region_code": str})
    path = tmp_path / "emp_2015.csv"
    df[df["year"] == 2015].to_csv(path, index=False)
    data = import_data([path]).data
    res = run_assessment(data, AssessmentSettings(focal_region="330000"), profile=P)
    st = steps(res)
    assert st["identification"] == "done" and st["lifecycle"] == "skipped"
    c = res.tables["clusters"]
    assert len(c) > 30 and c["benchmark_reliable"].all()  # 31 provinces


def test_families_report_members_family_lq_and_coagglomeration():
    # five regions; C17 and C28 (textile family) concentrated together in F and O1
    rows = []
    shares = {
        "F": (0.2, 0.1),
        "O1": (0.15, 0.08),
        "O2": (0.01, 0.0),
        "O3": (0.01, 0.0),
        "O4": (0.0, 0.01),
    }
    for r, (a, b) in shares.items():
        rows += [
            {"region_code": r, "industry_code": "C17", "year": 2020, "employment": 1000 * a},
            {"region_code": r, "industry_code": "C28", "year": 2020, "employment": 1000 * b},
            {
                "region_code": r,
                "industry_code": "C38",
                "year": 2020,
                "employment": 1000 * (1 - a - b),
            },
        ]
    res = identify_clusters(build(rows, []), "F", profile=P)
    fam = res.families.set_index("family_id").loc["FAM-TEXTILE"]
    e, tot_c = 300.0, 1000 * (0.2 + 0.1 + 0.15 + 0.08 + 0.01 + 0.01 + 0.01)  # 560
    assert fam["lq"] == pytest.approx((e / 1000) / (tot_c / 5000))
    assert fam["members"] == "C17,C28" and fam["colocated"] and fam["coagglomeration"] > 0
    c = res.clusters.set_index("industry_code")
    assert c.loc["C17", "family_id"] == "FAM-TEXTILE" and bool(c.loc["C17", "family_colocated"])
    assert "所属产业族" in c.loc["C17", "evidence_zh"]


def test_local_industries_are_not_candidates():
    rows = []
    for i in range(6):
        e = 400.0 if i == 0 else 100.0
        rows += [
            {"region_code": f"R{i}", "industry_code": "D44", "year": 2020, "employment": e},
            {"region_code": f"R{i}", "industry_code": "C38", "year": 2020, "employment": 900.0},
        ]
    c = identify_clusters(build(rows, []), "R0", profile=P).clusters.set_index("industry_code")
    assert c.loc["D44", "lq"] > 2 and not c.loc["D44", "traded"] and not c.loc["D44", "candidate"]
    assert "本地型产业" in c.loc["D44", "evidence_zh"]
