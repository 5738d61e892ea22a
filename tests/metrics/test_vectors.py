"""Public test vectors of methods.md §7 (REAT / EconGeo / PySAL manuals and tests), to 1e-8 relative.

Vectors published rounded (EconGeo's 3-d.p. entropy and Gini) are checked to their rounding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterpolicy import metrics as M

REL = 1e-8

# REAT man pages (gini.Rd / hoover.Rd): GDP (bn EUR) and population of the 16 Länder, 2015.
GDP = np.array(
    [
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
)
POP = np.array(
    [
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
    ],
    dtype=float,
)
Y_PC = GDP * 1e9 / POP


def approx(x):
    return pytest.approx(x, rel=REL, abs=1e-12)


# --- 9.1 REAT toy and textbook cases -----------------------------------------------------------


def test_reat_locq_scalar():
    # locq(e_ij=1714, e_j=79006, e_i=879213, e=15593224): one region, one industry, explicit totals
    mat = pd.DataFrame({"i": [1714.0]}, index=["j"])
    lq = M.location_quotient(
        mat, region_totals={"j": 79006}, reference={"i": 879213}, reference_total=15593224
    )
    assert lq.loc["j", "i"] == approx(0.3847623423)
    assert lq.attrs["denominator"] == "region_total/reference"


def test_theil_l_and_t_toy():
    r = M.inequality_indices([10, 10, 10, 20, 50])
    assert r.theil_l == approx(0.232630162)
    assert r.theil_t == approx(0.2502012118)


def test_gini_herfindahl_toy():
    sales = [20, 50, 20, 10]
    r = M.inequality_indices(sales)
    assert r.gini == approx(0.3)
    assert r.gini * 4 / 3 == approx(0.4)  # coefnorm = G·n/(n−1)
    h = M.herfindahl(pd.DataFrame([sales]))
    assert h["herfindahl"].iloc[0] == approx(0.34)
    assert h["herfindahl_norm"].iloc[0] == approx(0.12)
    assert h["herfindahl_equivalent"].iloc[0] == approx(2.941176471)


def test_weighted_gini_income_classes():
    income = [500, 1500, 2500, 4000, 7500, 15000]
    size = [1000, 1200, 1600, 400, 200, 600]
    assert M.inequality_indices(income, weights=size).gini == approx(0.527826087)
    # the same with rows shuffled (REAT's weighted gini would break here; gini2 would not)
    order = [3, 0, 5, 1, 4, 2]
    assert M.inequality_indices(
        np.array(income)[order], weights=np.array(size)[order]
    ).gini == approx(0.527826087)


def test_laender_gdp_gini_herf_hoover():
    assert M.inequality_indices(GDP).gini == approx(0.5009348458)
    assert M.herfindahl(pd.DataFrame([GDP]))["herfindahl"].iloc[0] == approx(0.1251762991)
    # hoover(gdp, pop) = ½ Σ |s_i − p_i| = the population-weighted Hoover of GDP per capita
    assert M.inequality_indices(Y_PC, weights=POP).hoover == approx(0.07358990889)


def test_laender_per_capita_indices():
    u = M.inequality_indices(Y_PC)
    w = M.inequality_indices(Y_PC, weights=POP)
    assert u.cv_sample == approx(0.2772080263)
    assert u.cv == approx(0.2684055173)
    assert w.cv == approx(0.2684055173)  # cv stays unweighted when weighted
    assert w.williamson == approx(0.1873096594)  # classic (REAT wmean=TRUE)
    assert u.gini == approx(0.1439662694)
    assert w.gini == approx(0.09993514037)  # gini2, not REAT's buggy gini (0.1222276784)
    assert w.theil_t == approx(0.01732108794)
    assert w.theil_l == approx(0.01744518737)
    assert u.atkinson[0.5] == approx(0.01646854084)
    assert u.atkinson[1.0] == approx(0.03204764475)
    assert u.coulter == approx(0.04744784034)


def test_reat_default_williamson_is_not_ours():
    """REAT's default williamson centres on the unweighted mean: 0.1909017634, not the classic."""
    p = POP / POP.sum()
    reat_default = np.sqrt(np.sum(p * (Y_PC - Y_PC.mean()) ** 2)) / np.sum(p * Y_PC)
    assert reat_default == approx(0.1909017634)
    assert M.inequality_indices(Y_PC, weights=POP).williamson != pytest.approx(
        reat_default, rel=1e-3
    )


def test_krugman_spec_nordic():
    mat = pd.DataFrame(
        {
            "Sweden": [45000, 15000, 32000, 10000, 30000],
            "Norway": [35000, 12000, 30000, 8000, 22000],
            "Denmark": [40000, 10000, 25000, 9000, 18000],
            "Finland": [30000, 11000, 18000, 3000, 13000],
            "Island": [40000, 6000, 11000, 2000, 12000],
        }
    ).T
    assert M.krugman_vs_others(mat)["Sweden"] == approx(0.1595017923)
    # krugman.spec(Sweden, Norway): two-region comparison = Krugman vs "others" with one other
    assert M.krugman_vs_others(mat.loc[["Sweden", "Norway"]])["Sweden"] == approx(0.0758991787)


# --- 9.2 Shift-share ----------------------------------------------------------------------------

N1 = pd.Series([400, 150, 150, 400], index=list("1234"), dtype=float)
N2 = pd.Series([440, 210, 135, 480], index=list("1234"), dtype=float)
E1 = pd.DataFrame(
    [[90, 20, 10, 60], [60, 30, 30, 40], [250, 100, 110, 300]],
    index=list("ABC"),
    columns=list("1234"),
    dtype=float,
)
E2 = pd.DataFrame(
    [[100, 40, 10, 55], [85, 55, 40, 35], [255, 115, 85, 390]],
    index=list("ABC"),
    columns=list("1234"),
    dtype=float,
)


def _row(df, region, industry="ALL"):
    return df[(df["region_code"] == region) & (df["industry_code"] == industry)].iloc[0]


def test_shift_share_dunn():
    ss = M.shift_share(E1, E2, N1, N2, "dunn")
    assert list(ss.columns) == [
        "region_code",
        "industry_code",
        "growth",
        "national_share",
        "industry_mix",
        "regional_share",
        "net_shift",
        "allocation",
    ]
    expect = {"A": (25, 27, 1, -3, -2), "B": (55, 24, -1, 32, 31), "C": (85, 114, 0, -29, -29)}
    for region, vals in expect.items():
        r = _row(ss, region)
        got = (r.growth, r.national_share, r.industry_mix, r.regional_share, r.net_shift)
        for g, v in zip(got, vals, strict=True):
            assert g == pytest.approx(v, rel=REL, abs=1e-9)
        assert np.isnan(r.allocation)


def test_shift_share_esteban_and_gerfin():
    es = _row(M.shift_share(E1, E2, N1, N2, "esteban"), "A")
    assert (es.growth, es.national_share, es.industry_mix) == (approx(25), approx(27), approx(1))
    assert es.regional_share == approx(-0.6363636364)
    assert es.allocation == approx(-2.363636364)
    ge = _row(M.shift_share(E1, E2, N1, N2, "gerfin"), "A")
    assert ge.industry_mix == approx(1.004830918)
    assert ge.regional_share == approx(0.9855769231)
    assert ge.net_shift == approx(0.9903381643)
    assert ge.growth == approx(ge.national_share * ge.industry_mix * ge.regional_share)


def test_shift_share_per_industry_matches_shifti():
    """REAT shifti (one industry as its own nation): NS = our NS + IM, RS = our RS."""
    ss = M.shift_share(E1, E2, N1, N2, "dunn")
    expect = {"1": (9, 1), "2": (8, 12), "3": (-1, 1), "4": (12, -17)}
    for ind, (ns, rs) in expect.items():
        r = _row(ss, "A", ind)
        assert r.national_share + r.industry_mix == approx(ns)
        assert r.regional_share == approx(rs)


def test_dynamic_shift_share_reat_shiftd():
    a_t2 = pd.DataFrame([[105, 45, 15, 60]], index=["A"], columns=list("1234"), dtype=float)
    n_t2 = pd.Series([460, 230, 155, 500], index=list("1234"), dtype=float)
    panel = {2000: E1.loc[["A"]], 2001: E2.loc[["A"]], 2002: a_t2}
    ref = {2000: N1, 2001: N2, 2002: n_t2}
    r = _row(M.dynamic_shift_share(panel, ref, "dunn"), "A")
    assert r.growth == approx(45)
    assert r.national_share == approx(39.96442688)
    assert r.industry_mix == approx(0.1636996257)
    assert r.regional_share == approx(4.871873497)
    assert r.net_shift == approx(5.035573123)


# --- 9.5 PySAL mexico -------------------------------------------------------------------------

THEIL_T = [0.20894344, 0.15222451, 0.10472941, 0.10194725, 0.09560113, 0.10511256, 0.10660832]
BG = [0.0345889, 0.02816853, 0.05260921, 0.05931219, 0.03205257, 0.02963731, 0.03635872]
WG = [0.17435454, 0.12405598, 0.0521202, 0.04263506, 0.06354856, 0.07547525, 0.0702496]
GINI = [
    0.3537237117,
    0.2964461344,
    0.2537183286,
    0.2551335649,
    0.2450533805,
    0.2518182588,
    0.2581130825,
]


def test_pysal_mexico(real_data):
    df = pd.read_csv(real_data / "pysal_mexico.csv")
    for k, year in enumerate(range(1940, 2001, 10)):
        r = M.inequality_indices(df[f"pcgdp{year}"], groups=df["hanson98"])
        # PySAL publishes 8 significant digits for Theil; the Gini to 10
        assert r.theil_t == pytest.approx(THEIL_T[k], rel=1e-7)
        assert r.theil_t_between == pytest.approx(BG[k], rel=1e-6)
        assert r.theil_t_within == pytest.approx(WG[k], rel=1e-6)
        assert r.theil_t_between + r.theil_t_within == approx(r.theil_t)
        assert r.gini == pytest.approx(GINI[k], rel=1e-9)
    r40 = M.inequality_indices(df["pcgdp1940"])
    assert r40.gini == approx(0.35372371173452849)
    assert r40.atkinson[0.5] == pytest.approx(0.0984322240, rel=1e-8)
    assert r40.atkinson[1.0] == pytest.approx(0.1836800570, rel=1e-8)


def test_pysal_toy_theil_with_zeros():
    r = M.inequality_indices([0, 0, 0, 10, 10, 10], groups=[0, 0, 0, 1, 1, 1])
    assert r.theil_t == approx(np.log(2))
    assert r.theil_t_between == approx(np.log(2))
    assert r.theil_t_within == pytest.approx(0.0, abs=1e-15)
    assert np.isnan(r.theil_l)  # undefined with zero values
    assert r.atkinson[1.0] == 1.0


# --- 9.7 Ellison–Glaeser -----------------------------------------------------------------------


def test_ellison_a_man_page():
    out = M.ellison_glaeser_firms(
        [200, 650, 12000, 100, 50, 16000, 13000, 1500, 1500, 25000],
        ["Wien"] * 5 + ["Linz"] * 4 + ["Graz"],
        region_totals={"Wien": 500000, "Linz": 400000, "Graz": 100000},
    ).iloc[0]
    assert out.gamma == approx(0.05990628412)
    assert out.G == approx(0.1681632653)
    assert out.z == approx(0.195900197)
    assert out.K == 10
    assert out.H == approx(0.2446887755)


def _fk(real_data):
    return pd.read_csv(real_data / "reat_FK2014_EGC.csv")


def test_ellison_a2_fk2014_firm_x(real_data):
    fk = _fk(real_data)
    out = M.ellison_glaeser_firms(fk.emp_firm, fk.region, fk.industry)
    expect = {
        "Clothing trade": (-0.09379384456, 0.0179096534, -0.5025978377, 11, 0.13124350),
        "Forestry": (0.16838003343, 0.08826293376, 1.366087809, 13, 0.09240553253),
        "Textiles dyeing": (-0.08012539445, 0.02776481067, -0.3801643681, 9, 0.1455998264),
        "Textiles trade": (-0.13040134055, 0.00273496619, -0.766354062, 9, 0.1220805919),
    }
    for ind, (g, G, z, K, H) in expect.items():
        r = out.loc[ind]
        assert r.gamma == approx(g)
        assert r.G == approx(G)
        assert r.z == approx(z)
        assert r.K == K
        assert r.H == pytest.approx(H, rel=1e-7)  # published to 8 decimals
    x = fk.groupby("region").emp_firm.sum() / fk.emp_firm.sum()
    assert x.to_numpy() == pytest.approx([0.780184, 0.170027, 0.049788], abs=5e-7)


def test_ellison_fk2014_aggregate_x_and_ms(real_data):
    fk = _fk(real_data)
    totals = fk.groupby("region").emp_region.first()
    out = M.ellison_glaeser_firms(fk.emp_firm, fk.region, fk.industry, region_totals=totals)
    # published to 6 decimals
    gamma = {
        "Clothing trade": 0.054382,
        "Forestry": 0.042964,
        "Textiles dyeing": 0.137760,
        "Textiles trade": 0.014249,
    }
    ms = {
        "Clothing trade": 0.476235,
        "Forestry": -0.028553,
        "Textiles dyeing": 0.648497,
        "Textiles trade": 0.353512,
    }
    for ind in gamma:
        assert out.loc[ind, "gamma"] == pytest.approx(gamma[ind], abs=5e-7)
        assert out.loc[ind, "ms_gamma"] == pytest.approx(ms[ind], abs=5e-7)


def test_coagglomeration_fk2014(real_data):
    fk = _fk(real_data)
    totals = fk.groupby("region").emp_region.first()
    assert M.coagglomeration(fk.emp_firm, fk.region, fk.industry) == pytest.approx(
        -0.0358273, abs=5e-8
    )
    assert M.coagglomeration(
        fk.emp_firm, fk.region, fk.industry, region_totals=totals
    ) == pytest.approx(0.0890367, abs=5e-8)


# --- 9.8 EconGeo -------------------------------------------------------------------------------

ECONGEO = pd.DataFrame(
    [
        [100, 0, 0, 0, 0],
        [0, 15, 5, 70, 10],
        [0, 20, 10, 20, 50],
        [0, 25, 30, 5, 40],
        [0, 40, 55, 5, 0],
    ],
    index=[f"R{k}" for k in range(1, 6)],
    columns=[f"I{k}" for k in range(1, 6)],
    dtype=float,
)


def test_econgeo_lq_and_specialisation():
    lq = M.location_quotient(ECONGEO)
    assert lq.loc["R2"].to_numpy() == pytest.approx([0, 0.75, 0.25, 3.5, 0.5], rel=REL)
    assert lq.loc["R5"].to_numpy() == pytest.approx([0, 2.0, 2.75, 0.25, 0], rel=REL)
    assert lq.attrs["denominator"] == "row_sum/column_sum"
    assert M.lq_average(ECONGEO).to_numpy() == pytest.approx([5, 2.625, 1.7, 1.575, 2.325], rel=REL)
    assert M.hachman(ECONGEO).to_numpy() == pytest.approx(
        [0.2, 0.380952381, 0.5882352941, 0.6349206349, 0.4301075269], rel=REL
    )
    assert M.krugman_specialization(ECONGEO).to_numpy() == pytest.approx(
        [1.6, 1.0, 0.6, 0.7, 1.1], rel=REL
    )
    assert M.hoover_specialization(ECONGEO).to_numpy() == pytest.approx(
        [0.8, 0.5, 0.3, 0.35, 0.55], rel=REL
    )
    assert M.herfindahl(ECONGEO)["herfindahl"].to_numpy() == pytest.approx(
        [1, 0.525, 0.34, 0.315, 0.465], rel=REL
    )
    # EconGeo rounds entropy to 3 decimals
    assert M.shannon_entropy(ECONGEO).to_numpy() == pytest.approx(
        [0, 1.319, 1.761, 1.766, 1.219], abs=5e-4
    )
    assert ((lq >= 1).sum(axis=1)).tolist() == [1, 1, 3, 3, 2]  # diversity (rca=TRUE)
    assert ((lq >= 1).sum(axis=0)).tolist() == [1, 3, 2, 2, 2]  # ubiquity


def test_econgeo_locational_gini():
    assert M.locational_gini(ECONGEO).to_numpy() == pytest.approx(
        [0.40, 0.18, 0.27, 0.31, 0.28], rel=REL
    )


def test_econgeo_hoover_and_gini_vectors():
    ind = [0, 10, 10, 30, 50]
    pop = [10, 15, 20, 25, 30]
    # hoover_index(ind, pop) = ½ Σ |ind share − pop share| ×100 = 25 %
    s = np.array(ind) / sum(ind)
    p = np.array(pop) / sum(pop)
    y = np.divide(ind, pop)
    assert M.inequality_indices(y, weights=pop).hoover * 100 == approx(25.0)
    assert 0.5 * np.abs(s - p).sum() * 100 == approx(25.0)
    assert M.inequality_indices(ind).gini == approx(0.48)
    # hoover_gini = Gini of the industry's Lorenz curve against pop = population-weighted Gini of ind/pop
    assert M.inequality_indices(y, weights=pop).gini == pytest.approx(0.31, abs=5e-4)
