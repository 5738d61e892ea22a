"""Budget totals → per capita (model.derive) and the welfare equalization built on them.

Unit tests of :func:`with_per_capita`, the equalization engine and the inequality sheet on a
small hand-made panel given only as totals, and the real yearbook table 7-6 (2022) with the
NBS population table, checked against an independent computation from the tidy CSV.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from panels import as_profile, hand_theil_t, thresholds

from clusterpolicy.assess.equalization import assess_equalization
from clusterpolicy.assess.indicators import compute_indicator_tables, per_capita_indicators
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.derive import derived_mask, with_per_capita
from clusterpolicy.model.tables import coerce_table

TH = thresholds("equalization")


# --- with_per_capita ------------------------------------------------------------------------
def frame(**cols) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    base = {"region_code": [f"{i + 1}00000" for i in range(n)], "year": [2022] * n}
    return coerce_table(pd.DataFrame({**base, **cols}), "region_data")


def test_derives_per_capita_from_total_and_population():
    rd = frame(population=[2e6, 5e5], education_exp=[6e9, 1e9], health_exp=[3e9, np.nan])
    out = with_per_capita(rd)
    assert out["education_exp_pc"].tolist() == pytest.approx([3000.0, 2000.0])
    assert out.loc[0, "health_exp_pc"] == pytest.approx(1500.0)
    assert pd.isna(out.loc[1, "health_exp_pc"])  # no total → stays missing
    assert out["social_security_exp_pc"].isna().all()  # no totals at all
    assert out["derived"].tolist() == ["education_exp_pc,health_exp_pc", "education_exp_pc"]
    assert derived_mask(out, "health_exp_pc").tolist() == [True, False]
    assert rd["education_exp_pc"].isna().all()  # input untouched


def test_never_overwrites_a_given_per_capita_value():
    rd = frame(population=[2e6, 2e6], education_exp=[6e9, 6e9], education_exp_pc=[2500.0, np.nan])
    out = with_per_capita(rd)
    assert out["education_exp_pc"].tolist() == pytest.approx([2500.0, 3000.0])
    assert derived_mask(out, "education_exp_pc").tolist() == [False, True]
    assert out.loc[0, "derived"] == ""


@pytest.mark.parametrize("pop", [np.nan, 0.0, -5.0])
def test_missing_or_nonpositive_population_gives_nan(pop):
    out = with_per_capita(frame(population=[pop], social_security_exp=[4e9]))
    assert pd.isna(out.loc[0, "social_security_exp_pc"]) and out.loc[0, "derived"] == ""


def test_without_population_column_and_empty_frame():
    no_pop = pd.DataFrame({"region_code": ["110000"], "year": [2022], "education_exp": [1e9]})
    assert pd.isna(with_per_capita(no_pop).loc[0, "education_exp_pc"])
    empty = with_per_capita(
        coerce_table(pd.DataFrame({"region_code": [], "year": []}), "region_data")
    )
    assert len(empty) == 0 and "derived" in empty.columns


def test_idempotent():
    once = with_per_capita(frame(population=[1e6], health_exp=[2e9]))
    twice = with_per_capita(once)
    assert twice.loc[0, "health_exp_pc"] == pytest.approx(2000.0)
    assert twice.loc[0, "derived"] == "health_exp_pc"


# --- equalization and inequality from totals ------------------------------------------------
CODES = ["110000", "330000", "510000", "620000"]  # NBS groups: 东部, 东部, 西部, 西部
GROUPS = ["东部", "东部", "西部", "西部"]
POP = np.array([2e6, 1e6, 3e6, 1e6])
EDU_PC = np.array([3000.0, 3500.0, 2000.0, 1500.0])
HEALTH_PC = np.array([1500.0, 1600.0, 1200.0, 1000.0])
SOCIAL_PC = np.array([2500.0, 2800.0, 2000.0, 1800.0])


def totals_only(given_pc: dict[str, list[float]] | None = None) -> CanonicalData:
    """Four provinces and a 地方合计 reference row, spending as totals in yuan only."""
    rd = pd.DataFrame(
        {
            "region_code": [*CODES, "_TOTAL"],
            "year": 2022,
            "population": [*POP, np.nan],
            "education_exp": [*(EDU_PC * POP), (EDU_PC * POP).sum()],
            "health_exp": [*(HEALTH_PC * POP), (HEALTH_PC * POP).sum()],
            "social_security_exp": [*(SOCIAL_PC * POP), (SOCIAL_PC * POP).sum()],
            **(given_pc or {}),
        }
    )
    regions = pd.DataFrame(
        {
            "region_code": [*CODES, "_TOTAL"],
            "name_zh": ["北京", "浙江", "四川", "甘肃", "地方合计"],
            "group": [*GROUPS, None],
            "is_reference": [False] * 4 + [True],
        }
    )
    return CanonicalData(
        region_data=coerce_table(rd, "region_data"), regions=coerce_table(regions, "regions")
    )


def hand_theil_between(y: np.ndarray, pop: np.ndarray, groups: list[str]) -> float:
    p = pop / pop.sum()
    s = p * y / (p * y).sum()
    g = np.array(groups)
    return float(
        sum(s[g == k].sum() * np.log(s[g == k].sum() / p[g == k].sum()) for k in set(groups))
    )


def test_equalization_uses_derived_per_capita_and_flags_it():
    res = assess_equalization(totals_only(), "330000", profile=as_profile(TH))
    assert res.year == 2022
    eq = res.equalization.set_index(["region_code", "indicator"])
    mu = float((EDU_PC * POP).sum() / POP.sum())
    assert eq.loc[("330000", "education_exp_pc"), "value"] == pytest.approx(3500.0)
    assert eq.loc[("330000", "education_exp_pc"), "reference_value"] == pytest.approx(mu)
    assert eq.loc[("330000", "education_exp_pc"), "rank"] == 1
    assert eq.loc[("330000", "education_exp_pc"), "derived"]
    assert eq.loc[("330000", "welfare_index"), "derived"]
    assert (
        "330000",
        "disposable_income_pc",
    ) not in eq.index  # no income data: no rows, nothing invented
    assert pd.isna(eq.loc[("_TOTAL", "education_exp_pc"), "value"])  # no population for 地方合计
    assert any("derived from totals" in w and "for 4 regions" in w for w in res.warnings)


def test_given_per_capita_is_kept_and_not_flagged():
    given = {"education_exp_pc": [9999.0, np.nan, np.nan, np.nan, np.nan]}
    res = assess_equalization(totals_only(given), "110000", profile=as_profile(TH))
    eq = res.equalization.set_index(["region_code", "indicator"])
    assert eq.loc[("110000", "education_exp_pc"), "value"] == 9999.0
    assert not eq.loc[("110000", "education_exp_pc"), "derived"]
    assert eq.loc[("330000", "education_exp_pc"), "derived"]
    assert any(
        "education_exp_pc = education_exp / population for 3 regions" in w for w in res.warnings
    )


def test_dispersion_of_derived_values_by_hand():
    res = assess_equalization(totals_only(), "330000", profile=as_profile(TH))
    ine = res.inequality
    row = ine[
        (ine["indicator"] == "education_exp_pc")
        & (ine["weighting"] == "population")
        & (ine["index"] == "theil_t")
    ].iloc[0]
    assert row["value"] == pytest.approx(hand_theil_t(EDU_PC, POP))
    assert row["between"] == pytest.approx(hand_theil_between(EDU_PC, POP, GROUPS))
    assert row["between"] + row["within"] == pytest.approx(row["value"])
    # the welfare index is computed from the derived components: 100 × mean of y_k/μ_k
    mus = [float((v * POP).sum() / POP.sum()) for v in (EDU_PC, HEALTH_PC, SOCIAL_PC)]
    w = [
        TH[f"equalization.welfare_index.w_{k}"] for k in ("education", "health", "social_security")
    ]
    expect = (
        100
        * sum(
            wk * v[1] / m for wk, v, m in zip(w, (EDU_PC, HEALTH_PC, SOCIAL_PC), mus, strict=True)
        )
        / sum(w)
    )
    eq = res.equalization.set_index(["region_code", "indicator"])
    assert eq.loc[("330000", "welfare_index"), "value"] == pytest.approx(expect)


def test_default_year_is_the_latest_with_indicators():
    """Population runs to 2024, spending only to 2022: the gap table is for 2022."""
    data = totals_only()
    later = pd.DataFrame({"region_code": CODES, "year": 2024, "population": POP})
    data.region_data = coerce_table(
        pd.concat([data.region_data, later], ignore_index=True), "region_data"
    )
    res = assess_equalization(data, "330000", profile=as_profile(TH))
    assert res.year == 2022
    assert set(res.equalization["year"]) == {2022}


def test_inequality_sheet_includes_derived_per_capita():
    data = totals_only()
    assert {"education_exp_pc", "health_exp_pc", "social_security_exp_pc"} <= set(
        per_capita_indicators(data.region_data)
    )
    ine = compute_indicator_tables(data)["inequality"]
    t = ine[
        (ine["indicator"] == "health_exp_pc")
        & (ine["weighting"] == "population")
        & (ine["index"] == "theil_t")
    ]
    assert len(t) == 1 and int(t["n"].iloc[0]) == 4  # the 地方合计 reference row is left out
    assert t["value"].iloc[0] == pytest.approx(hand_theil_t(HEALTH_PC, POP))


# --- real data: yearbook 7-6 (2022) + NBS population -----------------------------------------
NBS_GROUPS = {
    "东部": ("11", "12", "13", "31", "32", "33", "35", "37", "44", "46"),
    "中部": ("14", "34", "36", "41", "42", "43"),
    "西部": ("15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"),
    "东北": ("21", "22", "23"),
}


def independent_2022(china) -> pd.DataFrame:
    """Per-capita spending 2022 straight from the tidy CSV (亿元 × 1e8) and the NBS export (万人 × 1e4)."""
    tidy = pd.read_csv(china / "prov_budget_exp_2019_2023_long.csv", dtype={"region_code": str})
    tidy = tidy[tidy["year"] == 2022]
    wide = tidy.pivot_table(
        index=["region_code", "region"], columns="measure", values="value"
    ).reset_index()
    pop = pd.read_csv(china / "nbs_prov_resident_pop_2015_2024.csv", encoding="gb18030", skiprows=3)
    pop = pop[pop["2022年"].notna() & ~pop["地区"].str.startswith(("注", "数据来源"))]
    full_names = pop["地区"].tolist()
    wide["population"] = [
        float(
            pop.loc[
                pop["地区"] == next(n for n in full_names if n.startswith(short)), "2022年"
            ].iloc[0]
        )
        * 1e4
        for short in wide["region"]
    ]
    for pc, m in (
        ("education_exp_pc", "exp_education"),
        ("health_exp_pc", "exp_health"),
        ("social_security_exp_pc", "exp_social_security_employment"),
    ):
        wide[pc] = wide[m] * 1e8 / wide["population"]
    wide["group"] = [
        next(g for g, ps in NBS_GROUPS.items() if c[:2] in ps) for c in wide["region_code"]
    ]
    return wide


def hand_gini(y: np.ndarray, pop: np.ndarray) -> float:
    """Population-weighted Gini, mean-difference form (methods.md §1 gini2)."""
    w = pop / pop.sum()
    return float(
        (w[:, None] * w[None, :] * np.abs(y[:, None] - y[None, :])).sum() / (2 * (w * y).sum())
    )


@pytest.mark.realdata
def test_yearbook_7_6_2022_with_population(real_data):
    from clusterpolicy.io.importer import import_files  # the test, not assess/, reads workbooks
    from clusterpolicy.knowledge.profile import load_profile

    china = real_data / "china"
    data = import_files(
        [china / "csy_7-6_budget_exp_2022.xls", china / "nbs_prov_resident_pop_2015_2024.csv"]
    ).data
    res = assess_equalization(data, "330000", profile=load_profile())
    assert res.year == 2022
    ref = independent_2022(china).set_index("region_code")
    eq = res.equalization
    for pc in ("education_exp_pc", "health_exp_pc", "social_security_exp_pc"):
        rows = eq[(eq["indicator"] == pc) & eq["value"].notna()].set_index("region_code")
        assert len(rows) == 31 and rows["derived"].all()
        assert np.allclose(rows["value"], ref.loc[rows.index, pc], rtol=1e-9)
    zj = eq[(eq["region_code"] == "330000") & (eq["indicator"] == "education_exp_pc")].iloc[0]
    assert zj["value"] == pytest.approx(
        2197.26e8 / 6577e4
    )  # 浙江 教育支出 2197.26 亿元 / 6,577 万人
    ine = res.inequality
    for pc in ("education_exp_pc", "health_exp_pc", "social_security_exp_pc"):
        sel = ine[
            (ine["indicator"] == pc) & (ine["year"] == 2022) & (ine["weighting"] == "population")
        ]
        gini = sel.loc[sel["index"] == "gini", "value"].iloc[0]
        tt = sel[sel["index"] == "theil_t"].iloc[0]
        y, p = ref[pc].to_numpy(), ref["population"].to_numpy()
        assert gini == pytest.approx(hand_gini(y, p), rel=1e-9)
        assert tt["value"] == pytest.approx(hand_theil_t(y, p), rel=1e-9)
        assert tt["group_by"] == "group"
        assert tt["between"] == pytest.approx(
            hand_theil_between(y, p, ref["group"].tolist()), rel=1e-9
        )
    # the figures reported for seed 000: between-region share of the population-weighted Theil T
    share = {
        pc: r["between"] / r["value"]
        for pc, r in ine[
            (ine["year"] == 2022) & (ine["weighting"] == "population") & (ine["index"] == "theil_t")
        ]
        .set_index("indicator")
        .iterrows()
        if pc.endswith("_exp_pc")
    }
    assert share["education_exp_pc"] == pytest.approx(0.347, abs=0.001)
    assert share["health_exp_pc"] == pytest.approx(0.131, abs=0.001)
    assert share["social_security_exp_pc"] == pytest.approx(0.350, abs=0.001)


@pytest.mark.realdata
def test_yearbook_7_6_2023_continuation_block_keeps_its_year(real_data):
    from clusterpolicy.io.importer import import_files

    data = import_files([real_data / "china" / "csy_7-6_budget_exp_2023.xls"]).data
    rd = data.region_data
    zj = rd[(rd["region_code"] == "330000")].set_index("year")
    assert set(zj.index) == {2023}
    assert zj.loc[2023, "health_exp"] == pytest.approx(1148.02e8)
