"""Shift-share analysis (偏离-份额分析): Dunn, Esteban-Marquillas, Gerfin, and dynamic.

Notation (methods.md §1.2): base year 1, end year 2; ``e_ij1``, ``e_ij2`` regional cells,
``n_i1``, ``n_i2`` the reference (national) industry totals, ``N_1 = Σ n_i1``,
``R = N_2/N_1``, ``r_i = n_i2/n_i1``, ``r_ij = e_ij2/e_ij1``.

Per cell (region j, industry i) — the additive components sum over industries to the region row
``industry_code = "ALL"``:

* **dunn**: growth = ``e_ij2 − e_ij1``; national share = ``e_ij1 (R − 1)``; industry mix =
  ``e_ij1 (r_i − R)``; regional share = ``e_ij1 (r_ij − r_i) = e_ij2 − e_ij1 r_i``;
  net shift = IM + RS; growth = NS + IM + RS. (REAT ``shifti``, which treats one industry as its
  own nation, reports ``NS + IM`` of this as its "national share".)
* **esteban**: homothetic employment ``ê_ij = e_j1 n_i1/N_1``; regional (competitive) share =
  ``ê_ij (r_ij − r_i)``; allocation = ``(e_ij1 − ê_ij)(r_ij − r_i)``; NS and IM as Dunn;
  net shift = IM + RS + allocation. A cell with ``e_ij1 = 0`` has no ``r_ij``; its whole
  competitive effect ``e_ij2`` is put in the regional share and allocation is 0.
* **gerfin** (multiplicative): growth = ``e_j2/e_j1``, national share = ``R``, industry mix =
  ``(Σ_i e_ij1 r_i / e_j1)/R``, regional share = ``(e_j2/e_j1)/(Σ_i e_ij1 r_i / e_j1)``,
  net shift = IM·RS = ``(e_j2/e_j1)/R``; growth = NS·IM·RS. Per cell: ``r_ij``, ``R``,
  ``r_i/R``, ``r_ij/r_i``, ``r_ij/R``.

``allocation`` is NaN unless method = esteban.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.metrics._validate import (
    MetricInputError,
    as_matrix,
    as_vector,
    check_non_negative,
    divide,
)

ALL = "ALL"
COMPONENTS = [
    "growth",
    "national_share",
    "industry_mix",
    "regional_share",
    "net_shift",
    "allocation",
]
COLUMNS = ["region_code", "industry_code", *COMPONENTS]
METHODS = ("dunn", "esteban", "gerfin")


def _check_method(method: str) -> str:
    m = str(method).lower()
    if m not in METHODS:
        raise MetricInputError(
            f"未知的偏离-份额方法 {method!r}（可选 dunn、esteban、gerfin）",
            f"unknown shift-share method {method!r} (dunn, esteban or gerfin)",
        )
    return m


def _align(e1, e2, n1, n2):
    a = as_matrix(e1, "e1")
    b = as_matrix(e2, "e2")
    regions = a.index.union(b.index, sort=False)
    industries = a.columns.union(b.columns, sort=False)
    a = a.reindex(index=regions, columns=industries).fillna(0.0)
    b = b.reindex(index=regions, columns=industries).fillna(0.0)
    if n1 is None:
        n1 = a.sum(axis=0)
    if n2 is None:
        n2 = b.sum(axis=0)
    n1 = as_vector(n1, "n1").reindex(industries)
    n2 = as_vector(n2, "n2").reindex(industries)
    check_non_negative(n1.to_numpy(), "n1")
    check_non_negative(n2.to_numpy(), "n2")
    return a, b, n1.to_numpy(), n2.to_numpy()


def _components(e1: np.ndarray, e2: np.ndarray, n1: np.ndarray, n2: np.ndarray, method: str):
    """Per-cell and per-region component arrays: dict name -> (cells (J×I), region (J,))."""
    big_r = divide(np.nansum(n2), np.nansum(n1))
    r_i = divide(n2, n1)[None, :]
    e_j1 = e1.sum(axis=1)
    e_j2 = e2.sum(axis=1)
    if method == "gerfin":
        r_ij = divide(e2, e1)
        expected = (e1 * r_i).sum(axis=1)  # Σ e_ij1 r_i
        growth_j = divide(e_j2, e_j1)
        im_j = divide(divide(expected, e_j1), big_r)
        rs_j = divide(growth_j, divide(expected, e_j1))
        cells = {
            "growth": r_ij,
            "national_share": np.full_like(e1, big_r),
            "industry_mix": np.broadcast_to(divide(r_i, big_r), e1.shape).copy(),
            "regional_share": divide(r_ij, r_i),
            "net_shift": divide(r_ij, big_r),
        }
        region = {
            "growth": growth_j,
            "national_share": np.full_like(e_j1, big_r),
            "industry_mix": im_j,
            "regional_share": rs_j,
            "net_shift": divide(growth_j, big_r),
        }
        cells["allocation"] = np.full_like(e1, np.nan)
        region["allocation"] = np.full_like(e_j1, np.nan)
        return cells, region
    growth = e2 - e1
    ns = e1 * (big_r - 1.0)
    im = e1 * (r_i - big_r)
    competitive = e2 - e1 * r_i  # = e_ij1 (r_ij − r_i), also defined for e_ij1 = 0
    if method == "dunn":
        rs = competitive
        alloc = np.full_like(e1, np.nan)
        net = im + rs
    else:  # esteban
        hom = e_j1[:, None] * divide(n1, np.nansum(n1))[None, :]
        diff = np.where(e1 > 0, divide(e2, e1) - r_i, np.nan)
        rs = np.where(e1 > 0, hom * diff, competitive)
        alloc = np.where(e1 > 0, (e1 - hom) * diff, 0.0)
        net = im + rs + alloc
    cells = {
        "growth": growth,
        "national_share": ns,
        "industry_mix": im,
        "regional_share": rs,
        "net_shift": net,
        "allocation": alloc,
    }
    region = {
        k: (
            v.sum(axis=1)
            if not (k == "allocation" and method == "dunn")
            else np.full(e1.shape[0], np.nan)
        )
        for k, v in cells.items()
    }
    return cells, region


def _tidy(regions, industries, cells: dict, region: dict) -> pd.DataFrame:
    n_r, n_i = len(regions), len(industries)
    reg_labels = pd.array([str(r) for r in regions], dtype="string")
    ind_labels = pd.array([*(str(i) for i in industries), ALL], dtype="string")
    data = {
        "region_code": reg_labels.take(np.repeat(np.arange(n_r), n_i + 1)),
        "industry_code": ind_labels.take(np.tile(np.arange(n_i + 1), n_r)),
    }
    for name in COMPONENTS:
        block = np.empty((n_r, n_i + 1))
        block[:, :n_i] = cells[name]
        block[:, n_i] = region[name]
        data[name] = block.reshape(-1)
    return pd.DataFrame(data)


def shift_share(e1, e2, n1=None, n2=None, method: str = "dunn") -> pd.DataFrame:
    """Shift-share decomposition of regional change between two years.

    ``e1``, ``e2``: region × industry matrices for the base and end year (missing cells = 0).
    ``n1``, ``n2``: the reference area's per-industry totals (default: column sums of e1/e2).
    Returns a tidy DataFrame with columns region_code, industry_code (``"ALL"`` for the region
    total), growth, national_share, industry_mix, regional_share, net_shift, allocation; the
    formulas per method are in this module's docstring.
    """
    method = _check_method(method)
    a, b, v1, v2 = _align(e1, e2, n1, n2)
    cells, region = _components(a.to_numpy(), b.to_numpy(), v1, v2, method)
    return _tidy(a.index, a.columns, cells, region)


def dynamic_shift_share(panel: dict, ref: dict | None = None, method: str = "dunn") -> pd.DataFrame:
    """Dynamic shift-share (Barff & Knight 1988): year-on-year components summed over the years.

    ``panel`` maps year → region × industry matrix; ``ref`` maps year → reference industry totals
    (default: the column sums of each year). Additive components (dunn, esteban) are **summed**
    over consecutive year pairs; Gerfin's multiplicative indices are **averaged** (REAT
    ``shiftd(gerfin.shifts="mean")``). Same columns as :func:`shift_share`.
    """
    method = _check_method(method)
    years = sorted(panel)
    if len(years) < 2:
        raise MetricInputError(
            "动态偏离-份额分析至少需要两个年份", "dynamic shift-share needs at least two years"
        )
    if ref is not None:
        missing = [y for y in years if y not in ref]
        if missing:
            raise MetricInputError(
                f"参照区域缺少年份 {missing}", f"reference data lack the years {missing}"
            )
    mats = [as_matrix(panel[y], f"panel[{y}]") for y in years]
    regions = mats[0].index
    industries = mats[0].columns
    for m in mats[1:]:
        regions = regions.union(m.index, sort=False)
        industries = industries.union(m.columns, sort=False)
    total_cells: dict | None = None
    total_region: dict | None = None
    for k in range(len(years) - 1):
        y0, y1 = years[k], years[k + 1]
        a = mats[k].reindex(index=regions, columns=industries)
        b = mats[k + 1].reindex(index=regions, columns=industries)
        n1 = None if ref is None else ref[y0]
        n2 = None if ref is None else ref[y1]
        a, b, v1, v2 = _align(a, b, n1, n2)
        cells, region = _components(a.to_numpy(), b.to_numpy(), v1, v2, method)
        if total_cells is None:
            total_cells, total_region = cells, region
        else:
            total_cells = {c: total_cells[c] + cells[c] for c in COMPONENTS}
            total_region = {c: total_region[c] + region[c] for c in COMPONENTS}
    steps = len(years) - 1
    if method == "gerfin":
        total_cells = {c: v / steps for c, v in total_cells.items()}
        total_region = {c: v / steps for c, v in total_region.items()}
    return _tidy(regions, industries, total_cells, total_region)
