"""Real public data through the same path a user takes (skipped where ../shared is absent)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterpolicy.cli import main

pytestmark = pytest.mark.realdata


def test_german_laender_panel_assess(real_data, tmp_path):
    out = tmp_path / "de.xlsx"
    rc = main(
        [
            "assess",
            str(real_data / "reat_G_regions_emp.csv"),
            "--region",
            "Freistaat Sachsen",
            "--results",
            str(out),
            "--quiet",
        ]
    )
    assert rc == 0
    sheets = pd.read_excel(out, sheet_name=None, engine="calamine")
    lq = sheets["lq"]
    assert np.isfinite(lq["lq"]).mean() > 0.95 and (lq["lq"].dropna() >= 0).all()
    # Insgesamt rows are totals: never an industry or a region of their own
    assert not lq["industry_code"].astype(str).str.contains("Insgesamt").any()
    assert not lq["region_code"].astype(str).str.contains("Insgesamt").any()
    lc = sheets["lifecycle"]
    assert len(lc) >= 1 and set(lc["stage"]) <= {
        "indeterminate",
        "emergence",
        "growth",
        "maturity",
        "decline",
        "renewal",
    }
    ss = sheets["shift_share"]
    dunn = ss[(ss["method"] == "dunn") & (ss["industry_code"] == "ALL")]
    parts = dunn["national_share"] + dunn["industry_mix"] + dunn["regional_share"]
    assert np.allclose(parts, dunn["growth"], rtol=1e-9, atol=1e-6)


def test_german_counties_inequality(real_data, tmp_path):
    out = tmp_path / "counties.xlsx"
    rc = main(["import", str(real_data / "reat_G_counties_gdp.csv"), "--out", str(out)])
    assert rc == 0
    rd = pd.read_excel(out, sheet_name="region_data", engine="calamine", dtype={"region_code": str})
    assert "08111" in set(rd["region_code"]) and "11" in set(rd["region_code"])
    assert rd["gdp"].notna().sum() > 8000 and rd["population"].notna().sum() > 8000


def test_unknown_focal_region_is_a_located_user_error(real_data, tmp_path, capsys):
    rc = main(
        [
            "assess",
            str(real_data / "reat_G_regions_emp.csv"),
            "--region",
            "Sachsen",
            "--results",
            str(tmp_path / "x.xlsx"),
            "--quiet",
        ]
    )
    err = capsys.readouterr().err
    assert rc == 2 and "Sachsen" in err and "Freistaat Sachsen" in err and "Traceback" not in err


def test_chinese_provinces_assess_and_between_region_share(real_data, tmp_path):
    """Seed 000 says the regional gap is mostly between the four NBS regions: measure it."""
    china = real_data / "china"
    out = tmp_path / "cn.xlsx"
    rc = main(
        [
            "assess",
            str(china / "prov_ind_emp_2005_2016_long.csv"),
            str(china / "prov_macro_welfare_long.csv"),
            "--region",
            "330000",
            "--base-year",
            "2013",
            "--year",
            "2016",
            "--results",
            str(out),
            "--quiet",
        ]
    )
    assert rc == 0
    sheets = pd.read_excel(out, sheet_name=None, engine="calamine", dtype={"region_code": str})
    ine = sheets["inequality"]
    t = ine[
        (ine["indicator"] == "disposable_income_pc")
        & (ine["weighting"] == "population")
        & (ine["index"] == "theil_t")
        & (ine["group_by"] == "group")
    ].set_index("year")
    assert set(range(2015, 2023)) <= set(t.index)
    share = t["between"] / t["value"]
    assert np.allclose(t["between"] + t["within"], t["value"], rtol=1e-9)
    # just over half of the gap lies between the four regions, every year 2015–2022
    assert ((share > 0.50) & (share < 0.60)).all()
    assert share.loc[2015] == pytest.approx(0.545, abs=0.002)
    eq = sheets["equalization"]
    zj = eq[(eq["region_code"] == "330000") & (eq["indicator"] == "disposable_income_pc")]
    assert len(zj) == 1 and int(zj["year"].iloc[0]) == 2016 and int(zj["rank"].iloc[0]) <= 5
    lq = sheets["lq"]
    assert np.isfinite(lq["lq"]).mean() > 0.9


def test_german_single_year_laender_exit_0_with_the_steps_it_can_do(real_data, tmp_path):
    out = tmp_path / "de2015.xlsx"
    rc = main(
        [
            "assess",
            str(real_data / "reat_G_regions_industries.csv"),
            "--results",
            str(out),
            "--quiet",
        ]
    )
    assert rc == 0
    sheets = pd.read_excel(out, sheet_name=None, engine="calamine")
    st = sheets["steps"].set_index("step")["status"]
    assert st["identification"] == "done" and st["lifecycle"] == "skipped"
    c = sheets["clusters"]
    assert (c["benchmark_regions"] <= 16).all() and not c["benchmark_reliable"].any()
    assert c["family_id"].isna().all()  # WZ 2008 sections are no GB/T 4754 divisions


@pytest.mark.slow
def test_real_provincial_panel_life_cycle_flags_the_2013_break(real_data):
    from clusterpolicy.app.imports import import_data
    from clusterpolicy.assess.lifecycle import diagnose_lifecycle
    from clusterpolicy.knowledge import load_profile

    path = real_data / "china" / "prov_ind_emp_2005_2016_long.csv"
    data = import_data([path]).data
    lc = diagnose_lifecycle(
        data, "440000", ["C39", "C24"], base_year=2008, end_year=2016, profile=load_profile()
    ).lifecycle.set_index("industry_code")
    for code in ("C39", "C24"):
        assert "2013" in lc.loc[code, "break_years"].split(",")
        assert "2012→2013年统计口径变化（已知）" in lc.loc[code, "breaks_zh"]
    # Guangdong electronics: growth up to 2012 and flat after — read within the segments, the
    # doubling at the 2013 reform is not growth
    g = lc.loc["C39"]
    assert g["abs_change_pct"] > 1.5 and g["abs_trend"] < 0.06
    assert g["stage"] == "growth"


YEARBOOK_ONE_YEAR = {  # the one-year yearbook tables with industry data, and the year to give
    "02_error.xls": None,  # the year 2014 is in the title
    "05_2022_7_4 19_58_06_N2022010261000029.xls": 2020,
    "06_2022_7_4 20_01_45_N2022010261000085.xls": 2020,
}


@pytest.mark.parametrize("name", sorted(YEARBOOK_ONE_YEAR))
def test_one_year_yearbook_tables_exit_0_with_the_steps_they_allow(real_data, tmp_path, name):
    path = real_data / "china" / "yearbook_tables" / name
    year = YEARBOOK_ONE_YEAR[name]
    out = tmp_path / "r.xlsx"
    args = ["assess", str(path), "--results", str(out), "--quiet"]
    rc = main([*args, "--year", str(year)] if year else args)
    assert rc == 0
    steps = pd.read_excel(out, sheet_name="steps", engine="calamine").set_index("step")
    assert steps.loc["identification", "status"] == "done"
    lc = steps.loc["lifecycle"]
    assert lc["status"] == "skipped" and "至少需要两个年份" in lc["note_zh"]
    assert steps.loc["equalization", "status"] == "skipped"  # no region indicators in the table
