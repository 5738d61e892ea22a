"""The whole assessment on the bundled sample: the planted clusters get the stages they were built
to show (resources/samples/README.md), and every results-contract sheet is there."""

from __future__ import annotations

import pandas as pd
import pytest

from clusterpolicy.app.sample import assess_sample
from clusterpolicy.assess.pipeline import run_assessment
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.io.importer import import_files
from clusterpolicy.knowledge import load_profile
from clusterpolicy.paths import resource
from clusterpolicy.progress import Cancelled

PLANTED = {
    "C27": "emergence",
    "C38": "growth",
    "C19": "maturity",
    "C17": "decline",
    "C21": "renewal",
}


@pytest.fixture(scope="module")
def sample():
    return import_files([str(resource("samples", "sample_prefecture.xlsx"))]).data


@pytest.fixture(scope="module")
def result():
    """The sample as the demo assesses it: its illustrative answers and its 3 亿元 education-transfer scenario."""
    return assess_sample(created="2026-11-22")


def test_planted_clusters_are_selected_with_their_stages(result):
    lc = result.tables["lifecycle"].set_index("industry_code")
    for code, stage in PLANTED.items():
        assert code in lc.index, f"{code} not assessed"
        assert lc.loc[code, "stage"] == stage, (
            code,
            lc.loc[code, ["stage", "conditions"]].tolist(),
        )


def test_emerging_cluster_enters_through_the_watch_list(result):
    cl = result.tables["clusters"].set_index("industry_code")
    assert cl.loc["C27", "lq_employment"] < 1
    assert bool(cl.loc["C27", "selected"]) and cl.loc["C27", "selection"] == "emerging_watch"
    assert cl.loc["C38", "selection"] == "candidate"


def test_existence_answers_give_the_verdicts(result):
    cl = result.tables["clusters"].set_index("industry_code")
    assert cl.loc["C21", "verdict"] == "cluster"  # all nine existence items answered yes
    # C35 (LQ 1.08, one ECO star, no strong tier among 10 regions) is no candidate any more, so
    # its "no" on linkage does not matter; the verdict rule itself is in test_identification
    assert cl.loc["C35", "verdict"] == "not_candidate" and bool(cl.loc["C35", "specialised"])
    assert cl.loc["C35", "existence"] == "no"


def test_every_contract_sheet_and_meta(result):
    for sheet in (
        "lq",
        "specialization",
        "concentration",
        "shift_share",
        "inequality",
        "clusters",
        "lifecycle",
        "upgrading",
        "upgrading_summary",
        "equalization",
        "agglomeration_threshold",
        "scenario",
        "transfers",
        "actions",
        "red_flags",
        "roles",
        "policy_quality",
        "profile",
    ):
        assert sheet in result.tables and len(result.tables[sheet]), sheet
    m = result.meta
    assert m["profile_id"] == "cn-default" and m["profile_version"] and m["profile_date"]
    assert m["region_code"] == "990105" and m["region_name_zh"] == "清溪县"
    assert (m["base_year"], m["end_year"]) == (2015, 2024)
    assert m["dimension_labels"]["rd_input"][0] == "研发投入"


def test_triggered_red_flag_and_action_chains(result):
    rf = result.tables["red_flags"].set_index("flag_id")
    assert bool(rf.loc["N4", "triggered"]) and not bool(rf.loc["N1", "triggered"])
    actions = result.tables["actions"]
    assert (
        actions["chain_zh"].str.contains("发现：").all()
        and actions["chain_en"].str.contains("Source:").all()
    )
    assert list(actions["priority"]) == sorted(actions["priority"])


def test_scenario_conserves_the_pool_and_lowers_dispersion(result):
    sc = result.tables["scenario"]
    pool = sc.loc[sc["indicator"] == "transfer_yuan", "after"]
    assert len(pool) >= 2 and pool.sum() == pytest.approx(3e8, rel=1e-9)
    gini = sc[
        (sc["region_code"] == "ALL")
        & (sc["indicator"] == "gini")
        & (sc["of_indicator"] == "education_exp_pc")
    ]
    assert len(gini) == 1 and float(gini["after"].iloc[0]) < float(gini["before"].iloc[0])


def test_lq_of_the_sample_recomputed_independently(sample, result):
    """LQ(C38, 2024) = (county C38 / county 全部行业合计) / (prefecture C38 / prefecture 合计)."""
    ind, tot, ref = sample.industry_data, sample.industry_totals, sample.reference_data
    e_ij = ind.query("region_code == '990105' and industry_code == 'C38' and year == 2024")[
        "employment"
    ].iloc[0]
    e_j = tot.query("region_code == '990105' and year == 2024")["employment"].iloc[0]
    e_i = ref.query("industry_code == 'C38' and year == 2024")["employment"].iloc[0]
    e = ref.query("industry_code == '_ALL' and year == 2024")["employment"].iloc[0]
    cl = result.tables["clusters"].set_index("industry_code")
    assert cl.loc["C38", "lq_employment"] == pytest.approx((e_ij / e_j) / (e_i / e), rel=1e-9)


def test_cancel_from_the_progress_callback_stops_the_run(sample):
    calls = []

    def cb(fraction, message=""):
        calls.append(fraction)
        if fraction > 0.4:
            raise Cancelled()

    with pytest.raises(Cancelled):
        run_assessment(
            sample, AssessmentSettings(focal_region="990105"), profile=load_profile(), progress=cb
        )
    assert max(calls) < 0.5


def test_override_changes_the_stage_and_keeps_the_computed_one(sample):
    res = run_assessment(
        sample,
        AssessmentSettings(focal_region="990105", clusters=["C17"]),
        profile=load_profile(),
        overrides={"C17": {"stage": "renewal", "reason": "2025年引进两家功能面料企业（示例）"}},
    )
    row = res.tables["lifecycle"].iloc[0]
    assert row["stage"] == "renewal" and row["computed_stage"] == "decline"
    assert "功能面料" in row["override_reason"]
    assert isinstance(res.tables["clusters"], pd.DataFrame)


def test_equalization_year_falls_back_to_the_latest_year_with_welfare_data():
    from clusterpolicy.assess.pipeline import equalization_year
    from clusterpolicy.model import CanonicalData, coerce_table

    rd = pd.DataFrame(
        {
            "region_code": ["a", "b", "a", "b", "a", "b"],
            "year": [2015, 2015, 2016, 2016, 2017, 2017],
            "population": [1.0, 2.0, 1.0, 2.0, 1.0, 2.0],
            "disposable_income_pc": [1.0, 2.0, 1.0, None, None, None],
        }
    )
    data = CanonicalData(region_data=coerce_table(rd, "region_data"))
    assert equalization_year(data, 2015) == 2015
    assert equalization_year(data, 2017) == 2015  # 2016 has one region only, 2017 none
    assert equalization_year(data, 2010) == 2015


def test_inequality_sheet_has_one_row_per_key(result):
    """One builder for the indicator tables and the equalization step: no key appears twice."""
    iq = result.tables["inequality"]
    key = ["indicator", "year", "weighting", "index"]
    assert not iq.duplicated(key).any()
    assert {"welfare_index", "disposable_income_pc", "manufacturing_emp_per_10k"} <= set(
        iq["indicator"]
    )


def test_equalization_year_sees_per_capita_derived_from_totals():
    from clusterpolicy.assess.pipeline import equalization_year
    from clusterpolicy.model import CanonicalData, coerce_table

    rd = pd.DataFrame(
        {
            "region_code": ["a", "b"],
            "year": [2022, 2022],
            "population": [1e6, 2e6],
            "education_exp": [3e9, 5e9],
        }
    )
    assert (
        equalization_year(CanonicalData(region_data=coerce_table(rd, "region_data")), 2024) == 2022
    )
