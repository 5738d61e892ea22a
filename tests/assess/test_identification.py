"""Cluster identification: each rule just inside and just outside its threshold, score, verdicts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from panels import as_profile, cmp_regions, cross_section, thresholds

from clusterpolicy.assess.identification import CLUSTER_COLUMNS, identify_clusters
from clusterpolicy.progress import Cancelled

TH = thresholds("identification")
MIIT = {
    "identification.miit.national.output_min_yuan": 4e9,
    "identification.miit.national.output_years": 3,
    "identification.miit.national.output_growth_min_pct": 10,
    "identification.miit.provincial.firms_min_count": 50,
}


# the percentile rules themselves, tested on small sets: no minimum number of regions
TH_PCT = {**TH, "identification.benchmark.min_regions": 2}


def row_a(data, focal="F", **kw):
    kw.setdefault("profile", as_profile(TH_PCT))
    res = identify_clusters(data, focal, **kw)
    return res.clusters.set_index("industry_code").loc["A"]


# --- ECO stars ---------------------------------------------------------------------------------
def eco_regions(focal_e: float, focal_E: float) -> dict[str, dict]:
    """11 regions: 10 others with e = 100..1000 (step 100) and E = 10 000 (focus 1 %..10 %).

    With 11 regions the linear P90 is the 10th smallest value exactly.
    """
    regs = {f"O{i}": {"e": 100.0 * (i + 1), "E": 10_000.0} for i in range(10)}
    regs["F"] = {"e": focal_e, "E": focal_E}
    return regs


def test_eco_size_star_just_inside_and_outside():
    # others sorted: 100..1000. Focal 950 → 10th smallest of 11 = P90 itself → star (≥).
    inside = row_a(cross_section(eco_regions(950, 100_000)))
    assert bool(inside["eco_size_star"]) is True
    # Focal 850 → 9th smallest; P90 = the 10th smallest = 900 > 850 → no star.
    outside = row_a(cross_section(eco_regions(850, 100_000)))
    assert bool(outside["eco_size_star"]) is False
    # The one rule differs; LQ star is off in both (LQ = (e/E)/0.1 < 2)
    assert inside["lq_employment"] == pytest.approx((950 / 100_000) / 0.1)


def test_eco_specialisation_star_at_lq_2():
    assert bool(row_a(cross_section(eco_regions(200, 1_000)))["eco_lq_star"]) is True  # LQ = 2.00
    assert bool(row_a(cross_section(eco_regions(199, 1_000)))["eco_lq_star"]) is False  # LQ = 1.99


def test_eco_focus_star_just_inside_and_outside():
    # others' focus 1 %..10 %; focal share 9.5 % → 10th smallest → P90 → star; 8.5 % → none.
    inside = row_a(cross_section(eco_regions(95, 1_000)))
    outside = row_a(cross_section(eco_regions(85, 1_000)))
    assert inside["employment_share"] == pytest.approx(0.095)
    assert bool(inside["eco_focus_star"]) is True
    assert bool(outside["eco_focus_star"]) is False
    # the star count is the sum of the three flags
    for r in (inside, outside):
        assert r["eco_stars"] == int(r["eco_size_star"]) + int(r["eco_lq_star"]) + int(
            r["eco_focus_star"]
        )


# --- U.S. CMP tiers ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lq_inside", "lq_outside", "tier"),
    [
        (2.05, 1.95, "strong10"),  # P90 = 19th smallest of 21: inside (2.0, 2.1) vs (1.9, 2.0)
        (1.75, 1.65, "strong"),  # P75 = 16th smallest: (1.7, 1.8) vs (1.6, 1.7)
        (1.35, 1.25, "significant"),  # LQ > P50 (11th smallest, strict): (1.3, 1.4) vs (1.2, 1.3)
        (0.85, 0.75, "qualifying"),  # LQ > P25 (6th smallest, strict): (0.8, 0.9) vs (0.7, 0.8)
    ],
)
def test_cmp_tiers_just_inside_and_outside(lq_inside, lq_outside, tier):
    order = ["strong10", "strong", "significant", "qualifying", "none"]
    got_in = row_a(cross_section(cmp_regions(lq_inside)))["cmp_tier"]
    got_out = row_a(cross_section(cmp_regions(lq_outside)))["cmp_tier"]
    assert got_in == tier
    assert order.index(got_out) == order.index(tier) + 1


def test_cmp_strong_needs_lq_at_least_one():
    # 20 others with LQ 0.3..2.2 scaled down by 0.4 → P75 < 1; a focal LQ of 0.7 is ≥ P75 but < 1
    regs = cmp_regions(0.75)
    for v in (v for k, v in regs.items() if k != "F"):
        v["E"] = v["E"] / 0.4  # LQ × 0.4: 0.12 … 0.88
    tier = row_a(cross_section(regs))["cmp_tier"]
    assert tier == "significant"  # LQ ≥ P75 (and > P50) but LQ < 1 blocks strong


@pytest.mark.parametrize(("focal_e", "expected"), [(105.5, "strong10"), (104.5, "none")])
def test_cmp_employment_floor(focal_e, expected):
    # employment 100..119 for the others; P25 = 6th smallest of 21. 105.5 → P25 = 105 < e;
    # 104.5 → the focal value is the 6th smallest itself → e > P25 fails → no tier at all.
    assert row_a(cross_section(cmp_regions(2.05, focal_e=focal_e)))["cmp_tier"] == expected


@pytest.mark.parametrize(("firms", "expected"), [(21.0, "strong10"), (19.0, "none")])
def test_cmp_firm_floor(firms, expected):
    # firms 10, 12, …, 48; P25 = 6th smallest of 21: 21 → P25 = 20; 19 → P25 = 19 itself.
    assert row_a(cross_section(cmp_regions(2.05, focal_firms=firms)))["cmp_tier"] == expected


def test_cmp_firm_condition_dropped_without_firm_counts():
    regs = cmp_regions(2.05, focal_firms=1.0)
    for v in regs.values():
        del v["firms"]
    r = row_a(cross_section(regs))
    assert r["cmp_tier"] == "strong10"
    assert "firm condition dropped" in r["evidence"]


# --- simple LQ cut-offs ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("e", "level", "passed"),
    [
        (124.9, 0.0, False),
        (125.0, 1.25, False),
        (149.9, 1.25, False),
        (150.0, 1.5, True),
        (200.0, 2.0, True),
    ],
)
def test_simple_lq_cutoffs(e, level, passed):
    regs = {f"O{i}": {"e": 100.0, "E": 1_000.0} for i in range(5)}
    regs["F"] = {"e": e, "E": 1_000.0}
    r = row_a(cross_section(regs))
    assert r["lq_employment"] == pytest.approx(e / 100)
    assert r["lq_level"] == level
    assert bool(r["simple_lq_pass"]) is passed


# --- MIIT floors -----------------------------------------------------------------------------------
def miit_data(outputs, firms_2022=60.0):
    years = [2020, 2021, 2022]
    extra = {}
    for y, out in zip(years[:-1], outputs[:-1], strict=True):
        extra[y] = {
            "F": {"e": 100.0, "E": 1_000.0, "output": out, "firms": 55.0},
            "O": {"e": 100.0, "E": 1_000.0},
        }
    last = {
        "F": {"e": 100.0, "E": 1_000.0, "output": outputs[-1], "firms": firms_2022},
        "O": {"e": 100.0, "E": 1_000.0},
    }
    return cross_section(last, year=2022, extra_years=extra)


def test_miit_national_output_and_growth_floors():
    th = {**TH_PCT, **MIIT}
    ok = row_a(
        miit_data([4.0e9, 4.4e9, 4.9e9]), profile=as_profile(th)
    )  # CAGR (4.9/4)^(1/2) − 1 = 10.68 %
    assert bool(ok["miit_national_pass"]) is True
    low_year = row_a(miit_data([3.99e9, 4.4e9, 4.9e9]), profile=as_profile(th))
    assert bool(low_year["miit_national_pass"]) is False
    slow = row_a(miit_data([4.0e9, 4.2e9, 4.83e9]), profile=as_profile(th))  # 9.89 % ≤ 10 %
    assert bool(slow["miit_national_pass"]) is False
    fast = row_a(miit_data([4.0e9, 4.2e9, 4.85e9]), profile=as_profile(th))  # 10.11 %
    assert bool(fast["miit_national_pass"]) is True
    assert fast["miit_flag"] == "meets_national_floors"
    # MIIT floors are a flag beside the verdict: with the LQ rule alone the industry (LQ 1) is
    # no candidate although it meets them
    lq_only = row_a(
        miit_data([4.0e9, 4.2e9, 4.85e9]), profile=as_profile(th), rule_sets=("lq", "miit")
    )
    assert bool(lq_only["candidate"]) is False and lq_only["miit_flag"] == "meets_national_floors"
    assert lq_only["miit_checked"] == 3 and lq_only["miit_total"] >= 15


def test_miit_provincial_firm_floor_and_skipped_ids():
    th = {**TH_PCT, **MIIT}
    assert (
        bool(
            row_a(miit_data([1e9] * 3, firms_2022=50), profile=as_profile(th))[
                "miit_provincial_pass"
            ]
        )
        is True
    )
    r = row_a(miit_data([1e9] * 3, firms_2022=49), profile=as_profile(th))
    assert bool(r["miit_provincial_pass"]) is False
    res = identify_clusters(miit_data([1e9] * 3, firms_2022=49), "F", profile=as_profile(th))
    row = res.miit.set_index(["industry_code", "criterion_id"]).loc[("A", "MIIT-P-OUTPUT")]
    assert row["status"] == "not_checked"
    assert "no threshold identification.miit.provincial.output_min_yuan" in row["evidence_en"]
    assert (res.miit.loc[res.miit["criterion_id"] == "MIIT-N-SME", "needs_zh"] != "").all()
    # with no MIIT id at all the result is NA, and the evidence says why
    r = row_a(miit_data([1e9] * 3), profile=as_profile(TH))
    assert pd.isna(r["miit_national_pass"]) and pd.isna(r["miit_provincial_pass"])
    assert r["miit_flag"] == "not_checked" and "(0/" in r["evidence"]


# --- existence verdicts ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answers", "verdict", "state"),
    [
        ({"EX1": "yes", "EX2": "partial"}, "cluster", "yes"),
        ({"EX1": "no", "EX2": "yes"}, "agglomeration_not_yet_cluster", "no"),
        ({"EX1": "yes", "EX2": None}, "candidate_unconfirmed", "unanswered"),
        (None, "candidate_unconfirmed", "unanswered"),
    ],
)
def test_existence_verdicts(answers, verdict, state):
    data = cross_section(cmp_regions(2.05))
    ex = {"A": answers} if answers is not None else None
    r = row_a(data, existence=ex)
    assert bool(r["candidate"]) is True
    assert r["verdict"] == verdict
    assert r["existence"] == state


def test_non_candidate_stays_not_candidate_whatever_the_answers():
    regs = {f"O{i}": {"e": 100.0 + i, "E": 1_000.0} for i in range(10)}
    regs["F"] = {"e": 50.0, "E": 1_000.0}  # LQ 0.5, smallest
    r = row_a(cross_section(regs), existence={"A": {"EX1": "yes"}})
    assert bool(r["candidate"]) is False
    assert r["verdict"] == "not_candidate"


def test_bad_existence_answer_rejected():
    with pytest.raises(ValueError, match="yes/partial/no"):
        row_a(cross_section(cmp_regions(2.05)), existence={"A": {"EX1": "maybe"}})


# --- score, rank, columns ------------------------------------------------------------------------------
def test_score_is_the_documented_weighted_mean():
    data = cross_section(cmp_regions(2.05))
    res = identify_clusters(data, "F", profile=as_profile(TH))
    assert list(res.clusters.columns[:24]) == CLUSTER_COLUMNS[:24]
    r = res.clusters.set_index("industry_code").loc["A"]
    # independent computation: components over the 21 regions
    regs = cmp_regions(2.05)
    emps = np.array([v["e"] for v in regs.values()])
    shares = np.array([v["e"] / v["E"] for v in regs.values()])
    lq = 2.05
    comp = {
        "lq_employment": min(lq / TH["identification.score.lq_cap"], 1),
        # firms are given for industry A only, so the firm LQ is (f/f)/(Σf/Σf) = 1
        "lq_firms": min(1.0 / TH["identification.score.lq_cap"], 1),
        "size": float(np.mean(emps <= 500.0)),
        "focus": float(np.mean(shares <= regs["F"]["e"] / regs["F"]["E"])),
    }
    w = {k: TH[f"identification.score.w_{k}"] for k in comp}
    expected = 100 * sum(w[k] * comp[k] for k in comp) / sum(w.values())
    assert r["lq_firms"] == pytest.approx(1.0)
    assert r["score"] == pytest.approx(expected)
    assert res.clusters["rank"].min() == 1
    assert list(res.clusters["rank"]) == sorted(res.clusters["rank"])


def test_growth_uses_the_reference_cagr():
    base = {"F": {"e": 100.0, "E": 1_000.0}, "O": {"e": 100.0, "E": 1_000.0}}
    end = {"F": {"e": 121.0, "E": 1_000.0}, "O": {"e": 100.0, "E": 1_000.0}}
    data = cross_section(end, year=2022, extra_years={2020: base})
    # reference E_A = 1000 in both years → reference CAGR 0
    r = row_a(data)
    assert r["emp_cagr"] == pytest.approx(0.1)
    assert r["ref_emp_cagr"] == pytest.approx(0.0)


def test_denominators_fall_back_to_sums_and_say_so():
    data = cross_section(cmp_regions(2.05))
    data.reference_data = data.reference_data.iloc[0:0]
    r = row_a(data)
    assert "sums over all listed regions" in r["evidence"]
    assert "industry_totals" in r["denominator"]
    total_a = sum(v["e"] for v in cmp_regions(2.05).values())
    total = sum(v["E"] for v in cmp_regions(2.05).values())
    assert r["lq_employment"] == pytest.approx((500 / (500 / (0.1 * 2.05))) / (total_a / total))


def test_errors_and_progress():
    data = cross_section(cmp_regions(2.05))
    with pytest.raises(ValueError, match="no employment"):
        identify_clusters(data, "NOPE", profile=as_profile(TH))
    with pytest.raises(ValueError, match="rule set"):
        identify_clusters(data, "F", profile=as_profile(TH), rule_sets=("eco", "magic"))
    seen = []
    identify_clusters(data, "F", profile=as_profile(TH), progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0

    def cancel(f, m):
        raise Cancelled

    with pytest.raises(Cancelled):
        identify_clusters(data, "F", profile=as_profile(TH), progress=cancel)
    assert math.isfinite(row_a(data)["score"])


@pytest.mark.realdata
def test_real_german_laender_lq_matches_direct_computation(real_data):
    from panels import load_reat_germany

    path = real_data / "reat_G_regions_emp.csv"
    data = load_reat_germany(path)
    res = identify_clusters(data, "Baden-Wuerttemberg", profile=as_profile(TH))
    raw = pd.read_csv(path)
    raw = raw[raw["year"] == 2014].set_index(["region", "industry"])["emp"]
    direct = (
        raw["Baden-Wuerttemberg", "Verarbeitendes Gewerbe (C)"]
        / raw["Baden-Wuerttemberg", "Insgesamt"]
    ) / (raw["Insgesamt", "Verarbeitendes Gewerbe (C)"] / raw["Insgesamt", "Insgesamt"])
    c = res.clusters.set_index("industry_code").loc["C"]
    assert c["lq_employment"] == pytest.approx(direct)
    assert c["year"] == 2014
    assert "industry_totals" in c["evidence"] and "reference_data DE" in c["evidence"]
    assert len(res.clusters) == 11


# --- evidence sentences in one language each ---------------------------------------------------
def test_evidence_is_also_written_as_sentences_in_each_language():
    import re

    from clusterpolicy.text.labels import CMP_TIER_LABELS

    r = row_a(cross_section(cmp_regions(1.5)), profile=as_profile({**TH, **MIIT}))
    zh, en = r["evidence_zh"].splitlines(), r["evidence_en"].splitlines()
    assert len(zh) == len(en) == len(r["evidence"].split(" | "))  # one sentence per rule step
    for line in zh:  # region codes of the panel (REF, O00 …) are the only Latin letters
        assert not re.search(r"[A-Za-z]", re.sub(r"REF|O\d\d|\bF\b", "", line)), line
    for line in en:
        assert not re.search(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]", line), line
    assert zh[0].startswith(f"2020年区位熵：就业{r['lq_employment']:.2f}、企业数")
    assert "参照数取自REF" in zh[0] and "reference values from REF" in en[0]
    tier_zh, tier_en = CMP_TIER_LABELS[r["cmp_tier"]]
    assert "比较范围：所列21个地区" in r["evidence_zh"]  # the set a percentile is computed on
    assert (
        f"区位熵{r['lq_employment']:.2f}" in r["evidence_zh"] and f"：{tier_zh}" in r["evidence_zh"]
    )
    assert (
        "U.S. Cluster Mapping percentile rule (compared with the 21 regions loaded"
        in r["evidence_en"]
    )
    # MIIT: no output data; the provincial firm floor (50) checked against 100 firms
    assert "仅检验了" in r["evidence_zh"] and "不能据此认定达标" in r["evidence_zh"]
    assert (
        "企业数100家，达到50家" in r["evidence_zh"] and "100 firms, at least 50" in r["evidence_en"]
    )
    assert zh[-1].endswith("存在性检验未作答") and en[-1].endswith(
        "the existence test has not been answered"
    )
