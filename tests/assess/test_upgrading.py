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


def _data(rd: float, firm_emps=(1200, 999, 50)) -> CanonicalData:
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


def test_indicators_by_hand(profile):
    vals, ev, year = compute_indicators(_data(2.5e7), "330100", "C18", profile=profile)
    assert year == 2022
    assert vals["rd_intensity"] == pytest.approx(0.025)  # 2.5e7 / 1e9 revenue
    assert vals["patents_per_10k_emp"] == pytest.approx(30.0)  # 30 / 10000 * 1e4
    assert vals["new_product_share"] == pytest.approx(0.15)
    assert vals["export_share"] == pytest.approx(0.2)  # 4e8 / 2e9 output
    assert vals["value_added_rate"] == pytest.approx(0.25)
    assert vals["labour_productivity"] == pytest.approx(
        (2e9 / 1e4) / (1.6e10 / 1e5)
    )  # 200000/160000 = 1.25
    assert vals["avg_firm_size"] == pytest.approx((1e4 / 100) / (1e5 / 2000))  # 100/50 = 2
    assert vals["leading_firm_count"] == 1.0  # only 1200 ≥ 1000
    assert "330000" in ev["labour_productivity"]


@pytest.mark.parametrize(
    "rd, score", [(0.0199999e9, 0.25), (0.02e9, 0.5), (0.0299999e9, 0.5), (0.03e9, 0.75)]
)
def test_rd_band_edges_through_data(profile, rd, score):
    res = assess_upgrading(_data(rd), "330100", "C18", profile, None)
    t01 = next(i for i in res.results["technology"].items if i.item_id == "TECH-01")
    assert t01.value == pytest.approx(rd / 1e9) and t01.score == score


def test_leading_firm_threshold_from_profile(profile):
    res = assess_upgrading(_data(1e7, (1000, 999)), "330100", "C18", profile, None)
    assert res.indicators["leading_firm_count"] == 1.0
    res2 = assess_upgrading(
        _data(1e7, (1000, 999)),
        "330100",
        "C18",
        profile.with_overrides({"upgrading.leading_firm_min_employees": 999}),
        None,
    )
    assert res2.indicators["leading_firm_count"] == 2.0


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
    # coverage rule: only one process item answered → coverage too low
    one = {"technology": {"TECH-30": "yes"}}
    r = assess_upgrading(empty, "330100", "C18", profile, one)
    assert r.type_scores["process"]["score"] == 1.0 and r.upgrading_type == "none"


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
    assert allrow["pct"] == pytest.approx(
        100 * sum(i.weight * i.score for i in scored) / sum(i.weight for i in scored)
    )
    gaps = [g for _, g in res.gaps()]
    assert [g.gap for g in gaps] == sorted((g.gap for g in gaps), reverse=True)
    assert gaps[0].item_id in ("TECH-01", "TECH-10", "BRAND-03")  # 3×0.5=1.5 vs 2×1 vs 2×1
    assert gaps[0].gap == pytest.approx(2.0)


def test_progress_and_cancel(profile):
    seen = []
    assess_upgrading(CanonicalData(), "1", "C", profile, None, progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0

    def cancel(f, m):
        if f > 0.1:
            raise Cancelled()

    with pytest.raises(Cancelled):
        assess_upgrading(CanonicalData(), "1", "C", profile, None, progress=cancel)
