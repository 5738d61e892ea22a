"""Cluster families: every GB/T 4754-2017 division in one family, and the co-location figures the
file records recomputed from the real provincial panel (the documented method)."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusterpolicy.knowledge import load_profile
from clusterpolicy.paths import resources_dir

SHARED = Path(
    os.environ.get("CLUSTERPOLICY_SHARED", Path(__file__).resolve().parents[2].parent / "shared")
)
PANEL = SHARED / "data" / "real" / "china" / "prov_ind_emp_2005_2016_long.csv"


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def test_every_division_belongs_to_exactly_one_family(profile):
    codes = pd.read_csv(resources_dir() / "codes" / "gb4754_2017_divisions.csv", dtype=str)["code"]
    owners: dict[str, list[str]] = {}
    for fam in profile.families():
        for d in fam["divisions"]:
            owners.setdefault(d, []).append(fam["id"])
    assert set(codes) == set(owners)
    assert all(len(v) == 1 for v in owners.values())
    assert profile.family_of("C17")["id"] == profile.family_of("17")["id"] == "FAM-TEXTILE"
    assert profile.family_of("D44")["traded"] is False  # utilities are local
    assert profile.family_of("C19")["upgrading_path"] == "brand"
    assert profile.family_of("C38")["upgrading_path"] == "technology"


def _log_lq_correlation() -> pd.DataFrame:
    e = pd.read_csv(PANEL, dtype={"region_code": str})
    e = e[e["year"].between(2013, 2016)]
    m = e.pivot_table(
        index=["year", "region_code"], columns="industry_code", values="value", aggfunc="sum"
    )
    lqs = []
    for _, g in m.groupby(level=0):
        g = g.droplevel(0)
        lqs.append(g.div(g.sum(axis=1), axis=0) / (g.sum(axis=0) / np.nansum(g.to_numpy())))
    lq = pd.concat(lqs).groupby(level=0).mean()
    lq.columns = [c[1:] for c in lq.columns]  # "C17" → "17"
    return np.log(lq.clip(lower=1e-3)).corr(min_periods=20)


def test_recorded_colocation_is_what_the_real_panel_gives(profile):
    if not PANEL.is_file():
        pytest.skip("../shared/data/real is not present")
    corr = _log_lq_correlation()
    baseline = float(np.nanmean(corr.to_numpy()[np.triu_indices(len(corr), 1)]))
    assert baseline == pytest.approx(0.05, abs=0.01)  # the mean over all pairs (the note says so)
    checked = 0
    for fam in profile.families():
        if "colocation_r" not in fam:
            continue
        members = [d for d in fam["divisions"] if d in corr.index]
        r = np.mean([corr.loc[a, b] for a, b in itertools.combinations(members, 2)])
        assert r == pytest.approx(fam["colocation_r"], abs=0.006), fam["id"]
        assert r > baseline + 0.2, fam["id"]  # well above the mean pair
        checked += 1
    assert checked >= 14
