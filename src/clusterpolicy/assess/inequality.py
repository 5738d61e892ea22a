"""The one builder of the ``inequality`` sheet and the region frame it is computed from.

Both the indicator tables and the equalization engine call :func:`inequality_table`, so a
dispersion figure is computed once, with one rule for which regions count:

* **compared regions** (:func:`region_frame`): ``region_data`` rows (per capita derived from
  totals where missing, :func:`clusterpolicy.model.derive.with_per_capita`) of regions not flagged
  ``is_reference`` in ``regions`` and not the explicit reference area; the reference rows stay in
  the frame, flagged ``is_reference_area``, for the equalization benchmark;
* per indicator and year, regions with a finite value ≥ 0 count (weighting ``none``); the
  population-weighted variant (``population``) uses those with a population > 0;
* groups (Theil between/within): ``region_data.group``, else ``regions.group``; regions without a
  group form one extra group :data:`NO_GROUP`; ``group_by`` = "group" when any region has one.

Indices: every index of :func:`clusterpolicy.metrics.inequality_indices` (Gini, CV, sample CV,
Williamson, Theil T/L, Atkinson 0.5/1/2, Hoover, Coulter) with the Theil decomposition and ``n``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from clusterpolicy import metrics
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.derive import with_per_capita
from clusterpolicy.progress import ProgressCallback, ensure

INEQUALITY_COLUMNS = [
    "indicator",
    "year",
    "weighting",
    "group_by",
    "index",
    "value",
    "between",
    "within",
    "n",
]
NO_GROUP = "未分组"


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in INEQUALITY_COLUMNS})


def region_frame(data: CanonicalData, reference_code: str | None = None) -> pd.DataFrame:
    """``region_data`` with per capita derived from totals, ``gdp_pc``,
    ``manufacturing_emp_per_10k``, ``group`` (data or lookup) and ``is_reference_area``."""
    rd = with_per_capita(data.region_data)
    rd["region_code"] = rd["region_code"].astype(str)
    regs = data.regions
    refs: set[str] = set()
    if len(regs) and "is_reference" in regs.columns:
        flag = regs["is_reference"].fillna(False).astype(bool)
        refs = set(regs.loc[flag, "region_code"].astype(str))
    if reference_code is not None:
        refs.add(str(reference_code))
    if "group" not in rd.columns:
        rd["group"] = pd.NA
    if len(regs) and "group" in regs.columns:
        gmap = regs.assign(region_code=regs["region_code"].astype(str)).set_index("region_code")
        gmap = gmap["group"][~gmap.index.duplicated()]
        rd["group"] = (
            rd["group"].astype("object").where(rd["group"].notna(), rd["region_code"].map(gmap))
        )
    if {"gdp", "population"} <= set(rd.columns) and "gdp_pc" not in rd.columns:
        rd["gdp_pc"] = rd["gdp"] / rd["population"].where(rd["population"] > 0)
    if {"population", "manufacturing_employment"} <= set(rd.columns):
        rd["manufacturing_emp_per_10k"] = rd["manufacturing_employment"] / rd["population"] * 1e4
    else:
        rd["manufacturing_emp_per_10k"] = np.nan
    rd["is_reference_area"] = rd["region_code"].isin(refs)
    return rd


def per_capita_indicators(frame: pd.DataFrame) -> list[str]:
    """``*_pc`` columns with values (``gdp_pc`` when gdp and population exist)."""
    if "gdp_pc" not in frame.columns and {"gdp", "population"} <= set(frame.columns):
        frame = frame.assign(gdp_pc=frame["gdp"] / frame["population"])
    return [c for c in frame.columns if str(c).endswith("_pc") and frame[c].notna().any()]


def _rows(y: pd.Series, w: pd.Series | None, g: pd.Series | None, key: dict) -> list[dict]:
    r = metrics.inequality_indices(y, weights=w, groups=g)
    dec = r.decomposition() if g is not None else {}
    out = []
    for name, value in r.as_dict().items():
        between, within = dec.get(name, (np.nan, np.nan))
        out.append(
            {**key, "index": name, "value": value, "between": between, "within": within, "n": r.n}
        )
    return out


def inequality_table(
    frame: pd.DataFrame, indicators: Sequence[str], progress: ProgressCallback | None = None
) -> pd.DataFrame:
    """The ``inequality`` sheet of the compared regions of ``frame`` (module docstring)."""
    report = ensure(progress)
    comp = frame.loc[~frame["is_reference_area"]] if "is_reference_area" in frame else frame
    if not len(comp):
        return _empty()
    groups = None
    if "group" in comp.columns and comp["group"].notna().any():
        groups = comp["group"].astype("object").where(comp["group"].notna(), NO_GROUP)
    has_pop = "population" in comp.columns
    years = sorted(int(y) for y in comp["year"].unique())
    jobs = [(i, y) for i in indicators if i in comp.columns for y in years]
    rows: list[dict] = []
    for k, (ind, year) in enumerate(jobs):
        report(k / max(len(jobs), 1), f"区域差距 {ind} {year} / inequality")
        v = comp[ind]
        sel = (comp["year"] == year) & v.notna() & np.isfinite(v.astype("float64")) & (v >= 0)
        if not sel.any():
            continue
        key = {"indicator": ind, "year": year, "group_by": "group" if groups is not None else ""}
        g = groups[sel] if groups is not None else None
        rows += _rows(v[sel], None, g, {**key, "weighting": "none"})
        if has_pop:
            ok = sel & (comp["population"] > 0)
            if ok.any():
                gw = groups[ok] if groups is not None else None
                rows += _rows(
                    v[ok], comp.loc[ok, "population"], gw, {**key, "weighting": "population"}
                )
    if not rows:
        return _empty()
    out = pd.DataFrame(rows, columns=INEQUALITY_COLUMNS)
    out["year"] = out["year"].astype("int64")
    return out
