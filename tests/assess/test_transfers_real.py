"""The transfer what-if on the real 2022 provincial data (../shared/data/real/china): budget
table 7-6 (education spending, total spending) ÷ year-end population, GDP as the tax base, the
standard rate from the 2019 revenue table 7-5 (the latest revenue table there) ÷ 2019 GDP.
Expectations are computed here independently of the engine (skipped where the data is absent)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from panels import as_profile, thresholds

from clusterpolicy.assess.equalization.transfers import spending_effect, transfers_table
from clusterpolicy.io.readers import read_workbook

pytestmark = pytest.mark.realdata
YI = 1e8  # 亿元


def _gini(x: np.ndarray, w: np.ndarray) -> float:
    """Population-weighted Gini by its definition Σ_i Σ_j w_i w_j |x_i − x_j| ÷ (2 W² μ)."""
    mu = np.sum(w * x) / w.sum()
    return float(np.sum(np.outer(w, w) * np.abs(x[:, None] - x[None, :])) / (2 * w.sum() ** 2 * mu))


@pytest.fixture
def provinces(real_data):
    china = real_data / "china"
    exp = pd.read_csv(china / "prov_budget_exp_2019_2023_long.csv", dtype={"region_code": str})
    macro = pd.read_csv(china / "prov_macro_welfare_long.csv", dtype={"region_code": str})

    def series(df, year, measure):
        s = df[(df["year"] == year) & (df["measure"] == measure)]
        return s.set_index("region_code")["value"].astype(float)

    f = pd.DataFrame(
        {
            "education_exp": series(exp, 2022, "exp_education") * YI,
            "fiscal_expenditure": series(exp, 2022, "exp_total") * YI,
            "population": series(macro, 2022, "resident_population_yearend") * 1e4,
            "gdp": series(macro, 2022, "gdp") * YI,
        }
    )
    f.index.name = "region_code"
    f = f.reset_index()
    rev = read_workbook(china / "csy_7-5_budget_rev_2019.xls").sheets[0]
    total = next(r for r in rev.rows if str(r[0]).replace(" ", "") == "地方合计")
    rate = float(total[2]) / float(series(macro, 2019, "gdp").sum())
    names = exp[exp["year"] == 2022].drop_duplicates("region_code").set_index("region_code")
    return f, rate, names["region"]


def test_real_2022_transfers_and_education_gini(provinces):
    f, rate, names = provinces
    assert len(f) == 31 and f.notna().all().all()
    assert 0.09 < rate < 0.11  # 101,080.61 亿 ÷ Σ GDP 2019
    th = {**thresholds("equalization"), "equalization.transfer.standard_revenue_rate": rate}
    t = transfers_table(f, as_profile(th)).set_index("region_code")
    # independent computation
    sr = f["gdp"].to_numpy() * rate
    pop = f["population"].to_numpy()
    se = pop * sr.sum() / pop.sum()
    gap = np.clip(se - sr, 0, None)
    codes = f["region_code"].to_numpy()
    assert list(t.loc[codes, "transfer"]) == pytest.approx(list(gap))  # coefficient 1
    receivers = set(codes[gap > 0])
    assert set(t.index[t["transfer"] > 0]) == receivers
    # rich provinces (GDP per head above the average) receive nothing, poor ones do
    assert not {"110000", "310000", "320000", "330000"} & receivers
    assert {"620000", "520000", "230000"} <= receivers
    # per capita: Gansu's transfer per head = (mean standard revenue per head − its own)
    gs = codes.tolist().index("620000")
    assert t.at["620000", "transfer_pc"] == pytest.approx(sr.sum() / pop.sum() - sr[gs] / pop[gs])
    # education spending per head before and after (the transfer spent like the own budget)
    edu, tot = f["education_exp"].to_numpy(), f["fiscal_expenditure"].to_numpy()
    before = edu / pop
    after = (edu + gap * edu / tot) / pop
    eff = spending_effect(f, t.reset_index())
    assert eff["gini_before"] == pytest.approx(_gini(before, pop), rel=1e-9)
    assert eff["gini_after"] == pytest.approx(_gini(after, pop), rel=1e-9)
    assert eff["gini_after"] < eff["gini_before"]
    print(
        "\nreal 2022:",
        f"rate {rate:.4f}, pool {gap.sum() / YI:,.0f} 亿元, {len(receivers)} receive,",
        f"Gini education pc {eff['gini_before']:.4f} → {eff['gini_after']:.4f};",
        ", ".join(
            f"{names[c]} {t.at[c, 'transfer_pc']:,.0f}"
            for c in t.sort_values("transfer_pc", ascending=False).index
            if t.at[c, "transfer"] > 0
        ),
    )
