"""Peer comparison: the nearest regions in size and structure, a named peer group, and the
focal region beside the peers' median, range and its rank — numbers worked by hand here."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from panels import base_profile, build

from clusterpolicy.assess.peers import compare_with_peers, find_peers
from clusterpolicy.assess.pipeline import run_assessment
from clusterpolicy.assess.settings import AssessmentSettings

P = base_profile()

#: region → (employment in A, employment in B), one year
EMP = {
    "F": (600, 400),  # focal: 1,000 jobs, 60/40
    "S": (1200, 800),  # same structure, twice the size
    "T": (500, 500),  # about the same size, 50/50
    "U": (100, 900),  # same size, very different structure
    "V": (30, 20),  # same structure, a twentieth of the size
}


def data(years=(2020,)):
    rows = []
    for y in years:
        grow = 1.0 if y == years[0] else 1.1
        for r, (a, b) in EMP.items():
            f = grow if r == "F" else 1.0
            rows.append({"region_code": r, "industry_code": "A", "year": y, "employment": a * f})
            rows.append({"region_code": r, "industry_code": "B", "year": y, "employment": b * f})
    return build(rows, [])


def hand_distance(r: str) -> float:
    fa, fb = EMP["F"]
    a, b = EMP[r]
    size = abs(math.log2((a + b) / (fa + fb)))
    k = abs(a / (a + b) - fa / (fa + fb)) + abs(b / (a + b) - fb / (fa + fb))
    return (
        P.value("identification.peers.size_weight") * size
        + P.value("identification.peers.structure_weight") * k
    )


def test_distance_is_weighted_size_and_krugman_difference():
    peers = find_peers(data(), "F", "employment", 2020, P).set_index("region_code")
    for r in ("S", "T", "U", "V"):
        assert peers.loc[r, "distance"] == pytest.approx(hand_distance(r))
    assert peers.loc["T", "structure_dissimilarity"] == pytest.approx(0.2)  # |.5−.6|+|.5−.4|
    assert peers.loc["S", "size_ratio"] == pytest.approx(2.0)
    order = sorted(("S", "T", "U", "V"), key=hand_distance)
    assert list(peers.sort_values("peer_rank").index) == order


def test_the_profile_sets_how_many_peers():
    few = P.with_overrides({"identification.peers.count": 2})
    peers = find_peers(data(), "F", "employment", 2020, few)
    chosen = set(peers.loc[peers["is_peer"], "region_code"])
    assert chosen == set(sorted(("S", "T", "U", "V"), key=hand_distance)[:2])
    assert set(peers.loc[peers["is_peer"], "chosen_by"]) == {"peer.distance"}


def test_a_named_peer_group_replaces_the_nearest():
    peers = find_peers(data(), "F", "employment", 2020, P, named=["V", "U", "nowhere"])
    assert set(peers.loc[peers["is_peer"], "region_code"]) == {"U", "V"}
    assert set(peers.loc[peers["is_peer"], "chosen_by"]) == {"peer.named"}


def test_comparison_median_range_rank_and_growth():
    d = data(years=(2015, 2020))
    few = P.with_overrides({"identification.peers.count": 3})
    peers = find_peers(d, "F", "employment", 2020, few)
    group = list(peers.loc[peers["is_peer"], "region_code"])
    comp = compare_with_peers(peers, "F", {}, d, [], 2015).set_index("indicator")
    sizes = [sum(EMP[r]) for r in group]
    size = comp.loc["size_employment"]
    assert size["focal_value"] == pytest.approx(1100)
    assert size["peer_median"] == pytest.approx(pd.Series(sizes).median())
    assert (size["peer_min"], size["peer_max"]) == (min(sizes), max(sizes))
    assert size["focal_rank"] == 1 + sum(s > 1100 for s in sizes)
    assert size["n_compared"] == 4
    g = comp.loc["growth_employment"]
    assert g["focal_value"] == pytest.approx(1.1 ** (1 / 5) - 1)
    assert g["peer_median"] == pytest.approx(0.0) and g["focal_rank"] == 1


def test_pipeline_writes_both_sheets_and_honours_named_peers():
    res = run_assessment(data(), AssessmentSettings(focal_region="F", peers=["U"]), profile=P)
    peers = res.tables["peers"]
    assert list(peers.loc[peers["is_peer"], "region_code"]) == ["U"]
    assert "size_employment" in set(res.tables["peer_comparison"]["indicator"])
