"""compute_indicator_tables on CanonicalData built in the test; golden numbers from methods.md §7."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterpolicy import metrics as M
from clusterpolicy.assess.indicators import compute_indicator_tables
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.tables import TOTAL_INDUSTRY, coerce_table
from clusterpolicy.progress import Cancelled

REL = 1e-8

# REAT shift() man-page example: three regions, four industries, nation as reference area.
E1 = {"A": [90, 20, 10, 60], "B": [60, 30, 30, 40], "C": [250, 100, 110, 300]}
E2 = {"A": [100, 40, 10, 55], "B": [85, 55, 40, 35], "C": [255, 115, 85, 390]}
N1, N2 = [400, 150, 150, 400], [440, 210, 135, 480]
IND = ["1", "2", "3", "4"]
# REAT gini/hoover man pages: 16 Länder GDP (bn EUR) and population 2015.
GDP = [
    460.69,
    549.19,
    124.16,
    65.29,
    31.59,
    109.27,
    263.44,
    39.87,
    258.53,
    645.59,
    131.95,
    35.03,
    112.66,
    56.22,
    85.61,
    56.81,
]
POP = [
    10879618,
    12843514,
    3520031,
    2484826,
    671489,
    1787408,
    6176172,
    1612362,
    7926599,
    17865516,
    4052803,
    995597,
    4084851,
    2245470,
    2858714,
    2170714,
]


def _industry_rows(values: dict, year: int, firms=None):
    rows = []
    for region, vals in values.items():
        for k, v in enumerate(vals):
            row = {
                "region_code": region,
                "industry_code": IND[k],
                "year": year,
                "employment": float(v),
            }
            if firms is not None:
                row["firms"] = float(firms[region][k])
            rows.append(row)
    return rows


def _frame(rows: list[dict], keys: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=keys)


def _data(with_reference=True, with_totals=False, firms=None, firm_data=None) -> CanonicalData:
    ind = pd.DataFrame(_industry_rows(E1, 2000, firms) + _industry_rows(E2, 2001, firms))
    ref_rows = []
    if with_reference:
        for year, n in ((2000, N1), (2001, N2)):
            ref_rows += [
                {
                    "region_code": "100000",
                    "industry_code": IND[k],
                    "year": year,
                    "employment": float(v),
                }
                for k, v in enumerate(n)
            ]
            ref_rows.append(
                {
                    "region_code": "100000",
                    "industry_code": TOTAL_INDUSTRY,
                    "year": year,
                    "employment": float(sum(n)) * 2,
                }
            )  # listed industries are half of all jobs
    tot_rows = []
    if with_totals:
        tot_rows = [
            {"region_code": "A", "year": y, "employment": t}
            for y, t in ((2000, 360.0), (2001, 400.0))
        ]
    d = CanonicalData(
        industry_data=coerce_table(ind, "industry_data"),
        reference_data=coerce_table(
            _frame(ref_rows, ["region_code", "industry_code", "year"]), "reference_data"
        ),
        industry_totals=coerce_table(_frame(tot_rows, ["region_code", "year"]), "industry_totals"),
    )
    if firm_data is not None:
        d.firm_data = coerce_table(firm_data, "firm_data")
    return d


def _mat(values):
    return pd.DataFrame(values, index=IND, dtype=float).T


def test_sheet_columns_are_exact():
    t = compute_indicator_tables(_data())
    assert list(t["lq"].columns[:5]) == ["region_code", "industry_code", "year", "measure", "lq"]
    assert "denominator" in t["lq"].columns
    assert list(t["specialization"].columns[:9]) == [
        "region_code",
        "year",
        "measure",
        "hoover",
        "krugman",
        "krugman_others",
        "herfindahl",
        "entropy",
        "gini_lq",
    ]
    assert list(t["concentration"].columns[:9]) == [
        "industry_code",
        "year",
        "measure",
        "hoover",
        "locational_gini",
        "gini_lq",
        "krugman",
        "herfindahl",
        "eg_gamma",
    ]
    assert "eg_approximate" in t["concentration"].columns
    assert list(t["shift_share"].columns[:12]) == [
        "region_code",
        "industry_code",
        "base_year",
        "end_year",
        "method",
        "growth",
        "national_share",
        "industry_mix",
        "regional_share",
        "net_shift",
        "allocation",
    ] + ["measure"]
    assert list(t["inequality"].columns[:8]) == [
        "indicator",
        "year",
        "weighting",
        "group_by",
        "index",
        "value",
        "between",
        "within",
    ]


def test_lq_uses_reference_area_and_region_totals():
    t = compute_indicator_tables(_data(with_reference=True, with_totals=True))
    lq = t["lq"]
    assert len(lq) == 2 * 3 * 4  # every region × industry × year of the one measure
    a1 = lq[(lq.region_code == "A") & (lq.industry_code == "1") & (lq.year == 2000)].iloc[0]
    # e_j = 360 (explicit total), e_i = 400, e = 2·1100 (the reference's own all-industry total)
    assert a1.lq == pytest.approx((90 / 360) / (400 / 2200), rel=REL)
    assert a1.denominator == "region_total/reference:100000"
    b1 = lq[(lq.region_code == "B") & (lq.industry_code == "1") & (lq.year == 2000)].iloc[0]
    assert b1.lq == pytest.approx((60 / 160) / (400 / 2200), rel=REL)
    assert b1.denominator == "row_sum/reference:100000"
    spec = t["specialization"].set_index(["region_code", "year"])
    expect = M.specialization_indices(
        _mat(E1), {"A": 360.0}, pd.Series(N1, index=IND, dtype=float), 2200.0
    )
    assert spec.loc[("B", 2000), "hoover"] == pytest.approx(expect.loc["B", "hoover"], rel=REL)


def test_lq_without_reference_uses_listed_regions():
    lq = compute_indicator_tables(_data(with_reference=False))["lq"]
    got = lq[lq.year == 2001].pivot(index="region_code", columns="industry_code", values="lq")
    pd.testing.assert_frame_equal(got, M.location_quotient(_mat(E2)), check_names=False, rtol=REL)
    assert set(lq["denominator"]) == {"row_sum/column_sum"}


def test_shift_share_golden_numbers_and_methods():
    ss = compute_indicator_tables(_data())["shift_share"]
    assert set(ss["method"]) == {"dunn", "esteban", "gerfin", "dunn_dynamic"}
    assert set(ss["base_year"]) == {2000} and set(ss["end_year"]) == {2001}
    a = ss[(ss.region_code == "A") & (ss.industry_code == "ALL")].set_index("method")
    got = a.loc[
        "dunn", ["growth", "national_share", "industry_mix", "regional_share", "net_shift"]
    ].to_numpy(float)
    assert got == pytest.approx([25, 27, 1, -3, -2], rel=REL)
    assert a.loc["esteban", "allocation"] == pytest.approx(-2.363636364, rel=REL)
    assert a.loc["gerfin", "net_shift"] == pytest.approx(0.9903381643, rel=REL)
    assert a.loc["dunn_dynamic", "regional_share"] == pytest.approx(
        -3, rel=REL
    )  # one step = static
    assert set(ss["reference"]) == {"reference:100000"}


def test_concentration_eg_from_firm_list_and_from_counts():
    firms_list = pd.DataFrame(
        {
            "firm_id": [f"f{k}" for k in range(6)],
            "year": 2000,
            "region_code": ["A", "A", "B", "C", "C", "C"],
            "industry_code": ["1", "1", "1", "1", "2", "2"],
            "employment": [50.0, 40.0, 60.0, 250.0, 60.0, 40.0],
        }
    )
    t = compute_indicator_tables(_data(firm_data=firms_list))["concentration"]
    row = t[(t.industry_code == "1") & (t.year == 2000)].iloc[0]
    x = _mat(E1).sum(axis=1)
    eg = M.ellison_glaeser_firms([50, 40, 60, 250], ["A", "A", "B", "C"], region_totals=x)
    assert row.eg_gamma == pytest.approx(eg["gamma"].iloc[0], rel=REL)
    assert not row.eg_approximate
    counts = {"A": [3, 1, 1, 2], "B": [2, 2, 1, 1], "C": [5, 4, 4, 6]}
    t2 = compute_indicator_tables(_data(firms=counts), measures=["employment"])["concentration"]
    r2 = t2[(t2.industry_code == "4") & (t2.year == 2000)].iloc[0]
    approx_ = M.ellison_glaeser_matrix(_mat(E1), _mat(counts))
    assert r2.eg_gamma == pytest.approx(approx_.loc["4", "gamma"], rel=REL)
    assert r2.eg_approximate
    assert r2.hoover == pytest.approx(M.hoover_concentration(_mat(E1))["4"], rel=REL)


def _region_data(groups=True):
    rows = []
    for k, (g, p) in enumerate(zip(GDP, POP, strict=True)):
        rows.append(
            {
                "region_code": f"R{k:02d}",
                "year": 2015,
                "gdp": g * 1e9,
                "population": float(p),
                "disposable_income_pc": float(1000 + 100 * k),
                "group": ("West" if k < 10 else "East") if groups else None,
            }
        )
    return coerce_table(pd.DataFrame(rows), "region_data")


def test_inequality_sheet_golden_laender():
    d = CanonicalData(region_data=_region_data())
    t = compute_indicator_tables(d)["inequality"]
    assert set(t["indicator"]) == {"disposable_income_pc", "gdp_pc"}
    gdp = t[(t.indicator == "gdp_pc")].set_index(["weighting", "index"])
    assert gdp.loc[("population", "gini"), "value"] == pytest.approx(0.09993514037, rel=REL)
    assert gdp.loc[("population", "williamson"), "value"] == pytest.approx(0.1873096594, rel=REL)
    assert gdp.loc[("population", "theil_t"), "value"] == pytest.approx(0.01732108794, rel=REL)
    assert gdp.loc[("population", "theil_l"), "value"] == pytest.approx(0.01744518737, rel=REL)
    assert gdp.loc[("none", "cv_sample"), "value"] == pytest.approx(0.2772080263, rel=REL)
    assert gdp.loc[("none", "atkinson_0.5"), "value"] == pytest.approx(0.01646854084, rel=REL)
    assert gdp.loc[("none", "coulter"), "value"] == pytest.approx(0.04744784034, rel=REL)
    assert set(t["group_by"]) == {"group"}
    for w in ("none", "population"):
        for idx in ("theil_t", "theil_l"):
            r = gdp.loc[(w, idx)]
            assert r["between"] + r["within"] == pytest.approx(r["value"], rel=1e-10)
    assert gdp.loc[("population", "gini"), ["between", "within"]].isna().all()


def test_inequality_without_groups():
    d = CanonicalData(region_data=_region_data(groups=False))
    t = compute_indicator_tables(d)["inequality"]
    assert set(t["group_by"]) == {""}
    assert t["between"].isna().all()


def test_progress_is_reported_and_cancel_propagates():
    seen = []
    compute_indicator_tables(_data(), progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in fractions) and fractions == sorted(fractions)
    assert len(seen) > 4

    calls = []

    def cancel(f, m):
        calls.append(f)
        if len(calls) == 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        compute_indicator_tables(_data(), progress=cancel)


def test_empty_data_gives_empty_sheets():
    t = compute_indicator_tables(CanonicalData())
    assert set(t) == {"lq", "specialization", "concentration", "shift_share", "inequality"}
    assert all(len(v) == 0 for v in t.values())
    assert "lq" in t["lq"].columns and np.isnan(np.nan)


def test_real_chinese_provinces(real_data):
    """NBS province × manufacturing-division employment and welfare data: finite, consistent sheets."""
    emp_path = real_data / "china" / "prov_ind_emp_2005_2016_long.csv"
    welfare_path = real_data / "china" / "prov_macro_welfare_long.csv"
    if not (emp_path.is_file() and welfare_path.is_file()):
        pytest.skip("Chinese province files absent")
    df = pd.read_csv(emp_path, dtype={"region_code": str})
    df = df[df.year >= 2014].rename(columns={"value": "employment"})
    w = pd.read_csv(welfare_path, dtype={"region_code": str})
    wide = w.pivot_table(
        index=["region_code", "year"], columns="measure", values="value"
    ).reset_index()
    wide = wide[wide.year.between(2015, 2016)]
    rd = pd.DataFrame(
        {
            "region_code": wide.region_code,
            "year": wide.year,
            "population": wide.resident_population_yearend * 1e4,
            "disposable_income_pc": wide.disposable_income_per_capita,
        }
    )
    d = CanonicalData(
        industry_data=coerce_table(
            df[["region_code", "industry_code", "year", "employment"]], "industry_data"
        ),
        region_data=coerce_table(rd, "region_data"),
    )
    t = compute_indicator_tables(d)
    assert len(t["lq"]) == len(df) and np.isfinite(t["lq"]["lq"]).all()
    assert t["specialization"][["hoover", "krugman", "entropy"]].notna().all().all()
    ss = t["shift_share"]
    dunn = ss[(ss.method == "dunn") & (ss.industry_code == "ALL")]
    parts = dunn[["national_share", "industry_mix", "regional_share"]].sum(axis=1)
    assert parts.to_numpy() == pytest.approx(dunn["growth"].to_numpy())
    assert set(ss["base_year"]) == {2014} and set(ss["end_year"]) == {2016}
    iq = t["inequality"]
    gini = iq[
        (iq.indicator == "disposable_income_pc")
        & (iq.weighting == "population")
        & (iq["index"] == "gini")
    ]
    assert ((gini["value"] > 0.1) & (gini["value"] < 0.4)).all()
