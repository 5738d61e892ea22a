"""Upgrading: indicators from a constructed CanonicalData, band edges, type rule, ranked gaps."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from clusterpolicy.assess.upgrading import assess_upgrading, compute_indicators
from clusterpolicy.knowledge import load_profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.tables import coerce_table
from clusterpolicy.progress import Cancelled


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def _data(rd: float, firm_emps=(1200, 999, 50), ref_extra=None) -> CanonicalData:
    ind = pd.DataFrame(
        [
            {
                "region_code": "330100",
                "industry_code": "C18",
                "year": 2022,
                "employment": 10000.0,
                "output": 2e9,
                "revenue": 1e9,
                "value_added": 5e8,
                "firms": 100.0,
                "exports": 4e8,
                "rd_expenditure": rd,
                "patents": 30.0,
                "new_product_sales": 1.5e8,
            },
            {
                "region_code": "330200",
                "industry_code": "C18",
                "year": 2022,
                "employment": 30000.0,
                "output": 3e9,
                "firms": 600.0,
            },
        ]
    )
    ref = pd.DataFrame(
        [
            {
                "region_code": "330000",
                "industry_code": "C18",
                "year": 2022,
                "employment": 100000.0,
                "output": 1.6e10,
                "firms": 2000.0,
                **(ref_extra or {}),
            }
        ]
    )
    firms = pd.DataFrame(
        [
            {
                "firm_id": f"F{i}",
                "year": 2022,
                "region_code": "330100",
                "industry_code": "C18",
                "employment": float(e),
            }
            for i, e in enumerate(firm_emps)
        ]
    )
    return CanonicalData(
        industry_data=coerce_table(ind, "industry_data"),
        reference_data=coerce_table(ref, "reference_data"),
        firm_data=coerce_table(firms, "firm_data"),
    )


def test_indicators_by_hand():
    data = _data(2.5e7, ref_extra={"value_added": 4e9, "rd_expenditure": 3.2e8})
    vals, ev, refs, year = compute_indicators(data, "330100", "C18")
    assert year == 2022
    assert vals["rd_intensity"] == pytest.approx(0.025)  # 2.5e7 / 1e9 revenue
    assert refs["rd_intensity"] == pytest.approx(0.02)  # 3.2e8 / 1.6e10 output (no revenue)
    assert vals["patents_per_10k_emp"] == pytest.approx(30.0)  # 30 / 10000 * 1e4
    assert vals["new_product_share"] == pytest.approx(0.15)
    assert vals["export_share"] == pytest.approx(0.2)  # 4e8 / 2e9 output
    assert vals["value_added_rate"] == pytest.approx(0.25)
    # 全员劳动生产率 = value added ÷ employment: (5e8/1e4) ÷ (4e9/1e5) = 50 000 ÷ 40 000
    assert vals["labour_productivity"] == pytest.approx(1.25)
    assert "value_added / average employment" in ev["labour_productivity"]
    # SMEs: reference firm size 1e5/2000 = 50 ÷ local 1e4/100 = 100 → 0.5 (local firms larger)
    assert vals["sme_orientation"] == pytest.approx(0.5)
    assert "avg_firm_size" not in vals and "leading_firm_count" not in vals


def test_no_labour_productivity_from_gross_output():
    vals, _, _, _ = compute_indicators(_data(2.5e7), "330100", "C18")  # reference lacks VA
    assert "labour_productivity" not in vals


def test_bands_relative_to_the_sector_where_the_reference_has_the_figure(profile):
    data = _data(2.5e7, ref_extra={"rd_expenditure": 3.2e8})
    t01 = next(
        i
        for i in assess_upgrading(data, "330100", "C18", profile).results["technology"].items
        if i.item_id == "TECH-01"
    )
    # 2.5 % vs the sector's 2.0 % = 1.25 × → relative band [1.0, 0.75]
    assert t01.basis == "relative" and t01.reference_value == pytest.approx(0.02)
    assert t01.score == 0.75 and "relative to the same division" in t01.evidence


def test_no_data_is_never_scored_zero(profile):
    res = assess_upgrading(CanonicalData(), "330100", "C18", profile, None)
    for i in res.results["technology"].items:
        assert math.isnan(i.score) and math.isnan(i.gap)
    summ = res.tables()["upgrading_summary"]
    tech = summ.query("checklist == 'technology' and dimension == 'ALL'").iloc[0]
    assert tech["status"] == "insufficient_information" and math.isnan(tech["pct"])
    assert tech["answered"] == 0 and tech["total"] == len(profile.checklist("technology").items)
    assert res.upgrading_type == "insufficient_information"


def test_coverage_floor_and_counts(profile):
    items = profile.checklist("brand").items
    half = {"brand": {it["id"]: "yes" for it in items[: len(items) // 4]}}
    res = assess_upgrading(CanonicalData(), "330100", "C18", profile, half)
    row = res.tables()["upgrading_summary"].query("checklist == 'brand' and dimension == 'ALL'")
    row = row.iloc[0]
    assert row["answered"] == len(items) // 4 and row["coverage"] < 0.5
    assert row["status"] == "insufficient_information" and math.isnan(row["pct"])
    full = {"brand": {it["id"]: "yes" for it in items}}
    row = (
        assess_upgrading(CanonicalData(), "330100", "C18", profile, full)
        .tables()["upgrading_summary"]
        .query("checklist == 'brand' and dimension == 'ALL'")
        .iloc[0]
    )
    assert row["status"] == "scored" and row["pct"] == pytest.approx(100.0)


def test_tech07_is_judged_on_linkage_and_pull(profile):
    item = next(i for i in profile.checklist("technology").items if i["id"] == "TECH-07")
    assert item["mode"] == "judgement" and "关联性大、带动性强" in item["text_zh"]
    assert item["source"]["seed"] == "003"


def test_consumer_goods_ride_the_brand_wheel_first(profile):
    ans = {"technology": {"TECH-10": "no"}, "brand": {"BRAND-03": "no"}}
    apparel = assess_upgrading(CanonicalData(), "330100", "C18", profile, ans)  # apparel: brand
    assert apparel.path == "brand"
    assert apparel.gaps()[0][0] == "brand"  # equal gaps (weight 2 each): the brand one first
    machines = assess_upgrading(CanonicalData(), "330100", "C35", profile, ans)  # technology
    assert machines.path == "technology" and machines.gaps()[0][0] == "technology"
    summ = apparel.tables()["upgrading_summary"]
    assert set(summ.loc[summ["checklist"] == "brand", "primary"]) == {True}
    assert set(summ.loc[summ["checklist"] == "technology", "primary"]) == {False}


@pytest.mark.parametrize(
    "rd, score", [(0.0199999e9, 0.25), (0.02e9, 0.5), (0.0299999e9, 0.5), (0.03e9, 0.75)]
)
def test_rd_band_edges_through_data(profile, rd, score):
    res = assess_upgrading(_data(rd), "330100", "C18", profile, None)
    t01 = next(i for i in res.results["technology"].items if i.item_id == "TECH-01")
    assert t01.value == pytest.approx(rd / 1e9) and t01.score == score


def _all_answers(profile, by_type: dict[str, str]) -> dict:
    out = {}
    for name in ("technology", "brand"):
        out[name] = {
            it["id"]: by_type[it["upgrading_type"]] for it in profile.checklist(name).items
        }
    return out


def test_upgrading_type_is_highest_reached(profile):
    empty = CanonicalData()
    ans = _all_answers(
        profile, {"process": "yes", "product": "yes", "functional": "partial", "chain": "no"}
    )
    res = assess_upgrading(empty, "330100", "C18", profile, ans)
    assert res.upgrading_type == "product"
    assert res.type_scores["functional"]["score"] == pytest.approx(0.5)
    ans = _all_answers(
        profile, {"process": "no", "product": "no", "functional": "no", "chain": "yes"}
    )
    assert assess_upgrading(empty, "330100", "C18", profile, ans).upgrading_type == "chain"
    ans = _all_answers(
        profile,
        {"process": "partial", "product": "partial", "functional": "partial", "chain": "partial"},
    )
    assert assess_upgrading(empty, "330100", "C18", profile, ans).upgrading_type == "none"
    # coverage rule: only one process item answered → too little to judge any type
    one = {"technology": {"TECH-30": "yes"}}
    r = assess_upgrading(empty, "330100", "C18", profile, one)
    assert math.isnan(r.type_scores["process"]["score"])
    assert r.upgrading_type == "insufficient_information"


def test_tables_contract_and_ranked_gaps(profile):
    ans = {"technology": {"TECH-10": "no", "TECH-22": "partial"}, "brand": {"BRAND-03": "no"}}
    res = assess_upgrading(_data(2.5e7), "330100", "C18", profile, ans)
    t = res.tables()
    assert list(t["upgrading"].columns[:15]) == [
        "region_code",
        "industry_code",
        "checklist",
        "dimension",
        "item_id",
        "text_zh",
        "text_en",
        "mode",
        "value",
        "answer",
        "score",
        "weight",
        "gap",
        "source",
        "evidence",
    ]
    assert list(t["upgrading_summary"].columns[:8]) == [
        "region_code",
        "industry_code",
        "checklist",
        "dimension",
        "score",
        "max_score",
        "pct",
        "upgrading_type",
    ]
    allrow = (
        t["upgrading_summary"].query("checklist == 'technology' and dimension == 'ALL'").iloc[0]
    )
    tech = res.results["technology"]
    scored = [i for i in tech.items if not math.isnan(i.score)]
    expected = 100 * sum(i.weight * i.score for i in scored) / sum(i.weight for i in scored)
    if allrow["status"] == "scored":
        assert allrow["pct"] == pytest.approx(expected)
    else:  # too few items scored: no score, whatever the few say
        assert math.isnan(allrow["pct"]) and allrow["coverage"] < 0.5
    ranked = res.gaps()
    weighted = [g.gap * res.wheel_weight(name) for name, g in ranked]
    assert weighted == sorted(weighted, reverse=True)
    assert ranked[0] == (
        "brand",
        next(i for i in res.results["brand"].items if i.item_id == "BRAND-03"),
    )


def test_progress_and_cancel(profile):
    seen = []
    assess_upgrading(CanonicalData(), "1", "C", profile, None, progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0

    def cancel(f, m):
        if f > 0.1:
            raise Cancelled()

    with pytest.raises(Cancelled):
        assess_upgrading(CanonicalData(), "1", "C", profile, None, progress=cancel)
