"""Peer comparison: the focal region against regions of similar size and structure among those
loaded, or against a peer group the user names.

Similarity (both from the end year's primary measure — employment, else output, revenue or
firms — over the listed industries):

* size: ``|log2(E_r / E_f)|`` — 1 means twice or half the focal region's size;
* structure: the Krugman dissimilarity of the two industry structures
  ``K = Σ_i |e_ir/E_r − e_if/E_f|`` in [0, 2] (0 = the same shares, 2 = no industry in common).

The distance is ``w_size · size + w_structure · K`` with the weights and the number of peers
from the profile (``identification.peers.*``). Named peers replace the nearest ones. The comparison then puts
the focal region beside the peers' median, minimum and maximum on its size, its growth over the
window, the LQ of each selected cluster and the welfare indicators of the equalization step,
with its rank among the focal region and its peers (1 = highest).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.knowledge import Profile
from clusterpolicy.model import CanonicalData

PEER_COLUMNS = [
    "region_code",
    "region_name_zh",
    "region_name_en",
    "size",
    "size_ratio",
    "structure_dissimilarity",
    "distance",
    "peer_rank",
    "chosen_by",
    "is_peer",
    "measure",
    "year",
]
COMPARISON_COLUMNS = [
    "indicator",
    "industry_code",
    "year",
    "focal_value",
    "peer_median",
    "peer_min",
    "peer_max",
    "focal_rank",
    "n_compared",
]


def _structure(mat: pd.DataFrame, totals: pd.Series) -> pd.DataFrame:
    return mat.fillna(0.0).div(totals.replace(0, np.nan), axis=0)


def find_peers(
    data: CanonicalData,
    focal: str,
    measure: str,
    year: int,
    profile: Profile,
    named: Sequence[str] = (),
) -> pd.DataFrame:
    """The ``peers`` sheet: every other region with its size, structure dissimilarity and
    distance to ``focal``; ``is_peer`` marks the peer group (the named regions, else the
    ``identification.peers.count`` nearest). Empty when the focal region has no value of ``measure``."""
    mat = P.measure_matrix(data, measure, year)
    if focal not in mat.index or len(mat.index) < 2:
        return pd.DataFrame(columns=PEER_COLUMNS)
    cols = P.top_level_codes(list(mat.columns))
    mat = mat[cols]
    totals, _ = P.region_totals(data, measure, year, mat)
    shares = _structure(mat, totals)
    f_size = float(totals.loc[focal])
    others = [r for r in mat.index if r != focal and np.isfinite(totals.get(r, np.nan))]
    if not np.isfinite(f_size) or f_size <= 0 or not others:
        return pd.DataFrame(columns=PEER_COLUMNS)
    size = totals.loc[others].astype(float)
    ratio = size / f_size
    size_dist = np.abs(np.log2(ratio.where(ratio > 0)))
    k = (shares.loc[others] - shares.loc[focal]).abs().sum(axis=1)
    w_size = profile.value("identification.peers.size_weight")
    w_struct = profile.value("identification.peers.structure_weight")
    dist = w_size * size_dist + w_struct * k
    out = pd.DataFrame(
        {
            "region_code": others,
            "region_name_zh": [data.region_name(r, "zh") for r in others],
            "region_name_en": [data.region_name(r, "en") for r in others],
            "size": size.to_numpy(),
            "size_ratio": ratio.to_numpy(),
            "structure_dissimilarity": k.to_numpy(),
            "distance": dist.to_numpy(),
        }
    ).sort_values(["distance", "region_code"], na_position="last", kind="stable")
    out["peer_rank"] = np.arange(1, len(out) + 1)
    named = [str(r) for r in named if str(r) in set(others)]
    if named:
        out["is_peer"] = out["region_code"].isin(named)
        out["chosen_by"] = np.where(out["is_peer"], "peer.named", "")
    else:
        n = int(profile.value("identification.peers.count"))
        out["is_peer"] = (out["peer_rank"] <= n) & out["distance"].notna()
        out["chosen_by"] = np.where(out["is_peer"], "peer.distance", "")
    out["measure"] = measure
    out["year"] = int(year)
    return out[PEER_COLUMNS].reset_index(drop=True)


def _row(indicator, code, year, focal_value, peer_values) -> dict:
    vals = pd.to_numeric(pd.Series(peer_values, dtype="float64"), errors="coerce").dropna()
    everyone = [*vals.tolist(), focal_value] if np.isfinite(focal_value) else vals.tolist()
    rank = int(1 + sum(v > focal_value for v in everyone)) if np.isfinite(focal_value) else np.nan
    return {
        "indicator": indicator,
        "industry_code": code,
        "year": year,
        "focal_value": focal_value,
        "peer_median": float(vals.median()) if len(vals) else np.nan,
        "peer_min": float(vals.min()) if len(vals) else np.nan,
        "peer_max": float(vals.max()) if len(vals) else np.nan,
        "focal_rank": rank,
        "n_compared": len(everyone),
    }


def compare_with_peers(
    peers: pd.DataFrame,
    focal: str,
    tables: dict[str, pd.DataFrame],
    data: CanonicalData,
    selected: Sequence[str],
    base_year: int,
) -> pd.DataFrame:
    """The ``peer_comparison`` sheet (module doc): size, growth, the selected clusters' LQs and
    the equalization step's welfare indicators, focal against its peer group."""
    group = peers.loc[peers["is_peer"].astype(bool), "region_code"].astype(str).tolist()
    if not group:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    measure, year = str(peers["measure"].iloc[0]), int(peers["year"].iloc[0])
    rows = []
    size = peers.set_index("region_code")["size"]
    focal_size = float(size.iloc[0] / peers["size_ratio"].iloc[0])
    rows.append(_row(f"size_{measure}", "", year, focal_size, size.loc[group].tolist()))
    if base_year < year and base_year in P.measure_years(data, measure):
        m0 = P.measure_matrix(data, measure, base_year)
        m1 = P.measure_matrix(data, measure, year)
        cols = P.top_level_codes(list(m1.columns))
        t0, _ = P.region_totals(data, measure, base_year, m0[[c for c in cols if c in m0]])
        t1, _ = P.region_totals(data, measure, year, m1[cols])
        g = {
            r: P.cagr(float(t0.get(r, np.nan)), float(t1.get(r, np.nan)), year - base_year)
            for r in [focal, *group]
        }
        rows.append(
            _row(f"growth_{measure}", "", f"{base_year}-{year}", g[focal], [g[r] for r in group])
        )
    lq = tables.get("lq")
    if lq is not None and len(lq):
        at = lq.loc[(lq["measure"] == measure) & (lq["year"] == year)]
        wide = at.pivot_table(index="region_code", columns="industry_code", values="lq")
        wide.index = wide.index.astype(str)
        for code in selected:
            if code in wide.columns and focal in wide.index:
                vals = wide[code].reindex(group).tolist()
                rows.append(_row("lq", code, year, float(wide.loc[focal, code]), vals))
    eq = tables.get("equalization")
    if eq is not None and len(eq) and {"indicator", "value", "region_code"} <= set(eq.columns):
        eq = eq.assign(region_code=eq["region_code"].astype(str))
        for ind, sub in eq.groupby("indicator", sort=False):
            v = sub.set_index("region_code")["value"]
            if focal in v.index:
                y = int(sub["year"].max()) if "year" in sub else year
                rows.append(_row(str(ind), "", y, float(v.loc[focal]), v.reindex(group).tolist()))
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def peer_tables(
    data: CanonicalData,
    focal: str,
    measure: str | None,
    base_year: int,
    end_year: int,
    profile: Profile,
    tables: dict[str, pd.DataFrame],
    selected: Sequence[str],
    named: Sequence[str] = (),
) -> dict[str, pd.DataFrame]:
    """The ``peers`` and ``peer_comparison`` sheets of one run (empty without a measure)."""
    if measure is None or end_year not in P.measure_years(data, measure):
        return {
            "peers": pd.DataFrame(columns=PEER_COLUMNS),
            "peer_comparison": pd.DataFrame(columns=COMPARISON_COLUMNS),
        }
    peers = find_peers(data, focal, measure, end_year, profile, named)
    comparison = (
        compare_with_peers(peers, focal, tables, data, selected, base_year)
        if len(peers)
        else pd.DataFrame(columns=COMPARISON_COLUMNS)
    )
    return {"peers": peers, "peer_comparison": comparison}
