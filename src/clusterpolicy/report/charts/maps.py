"""Choropleth maps of the regions (the user's boundaries): the LQ of each selected cluster as
small multiples and one indicator (the welfare index). Grey-scale classes with hatching for
"no data", the focal region outlined, a legend of the class limits; equal-aspect plain
longitude/latitude (no projection library: county-sized areas need none for a sketch map)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch

from clusterpolicy.report.charts.base import _SIZE_WIDE, _grid, _png, _rc, cached

_SHADES = ("#f0f0f0", "#c8c8c8", "#969696", "#636363", "#303030")


def _classes(values: pd.Series, breaks: list[float] | None) -> tuple[list[float], np.ndarray]:
    """Class limits (given, else quintiles of the finite values) and each value's class."""
    v = values.astype(float)
    finite = v[np.isfinite(v)]
    if breaks is None:
        qs = np.unique(np.quantile(finite, [0.2, 0.4, 0.6, 0.8])) if len(finite) else []
        breaks = [float(q) for q in qs]
    cls = np.where(np.isfinite(v), np.searchsorted(breaks, v, side="right"), -1)
    return breaks, cls


def _draw(ax, rings: pd.DataFrame, values: dict[str, float], focal: str, breaks, fmt) -> list:
    codes = list(dict.fromkeys(rings["region_code"].astype(str)))
    series = pd.Series({c: values.get(c, math.nan) for c in codes}, dtype="float64")
    limits, cls = _classes(series, breaks)
    cls_of = dict(zip(codes, cls, strict=True))
    polys, faces, hatches = [], [], []
    for _pid, ring in rings.groupby("part", sort=False):
        code = str(ring["region_code"].iloc[0])
        polys.append(np.column_stack([ring["x"].to_numpy(), ring["y"].to_numpy()]))
        k = cls_of.get(code, -1)
        faces.append("white" if k < 0 else _SHADES[min(k, len(_SHADES) - 1)])
        hatches.append(k < 0)
    ax.add_collection(PolyCollection(polys, facecolors=faces, edgecolors="#555555", linewidths=0.4))
    missing = [p for p, h in zip(polys, hatches, strict=True) if h]
    if missing:
        ax.add_collection(
            PolyCollection(missing, facecolors="none", edgecolors="#999999", hatch="////", lw=0)
        )
    focal_rings = [
        np.column_stack([r["x"].to_numpy(), r["y"].to_numpy()])
        for _, r in rings[rings["region_code"].astype(str) == str(focal)].groupby("part")
    ]
    if focal_rings:
        ax.add_collection(
            PolyCollection(focal_rings, facecolors="none", edgecolors="black", linewidths=1.6)
        )
    ax.autoscale_view()
    mid = float(rings["y"].mean())
    ax.set_aspect(1 / max(math.cos(math.radians(mid)), 0.2))
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(False)
    edges = [-math.inf, *limits, math.inf]
    legend = []
    for i in range(len(edges) - 1):
        lo, hi = edges[i], edges[i + 1]
        text = (
            f"< {fmt(hi)}"
            if lo == -math.inf
            else f"≥ {fmt(lo)}"
            if hi == math.inf
            else (f"{fmt(lo)}–{fmt(hi)}")
        )
        legend.append(
            Patch(facecolor=_SHADES[min(i, len(_SHADES) - 1)], edgecolor="#555555", label=text)
        )
    return legend


@cached
def lq_maps(
    rings: pd.DataFrame,
    lq: pd.DataFrame,
    codes: list[str],
    titles: list[str],
    focal: str,
    lang: str = "zh",
) -> bytes:
    """Small multiples: the LQ of each industry in ``codes`` (``lq``: region_code,
    industry_code, lq), classes < 0.8, 0.8–1.25, 1.25–2, ≥ 2 (the usual LQ reading)."""
    import matplotlib

    breaks = [0.8, 1.25, 2.0]
    with matplotlib.rc_context(_rc()):
        ncols = 2 if len(codes) > 1 else 1
        fig, axes = _grid(len(codes), ncols, 2.9)
        legend = []
        for ax, code, title in zip(axes, codes, titles, strict=True):
            sub = lq[lq["industry_code"].astype(str) == code]
            vals = dict(zip(sub["region_code"].astype(str), sub["lq"].astype(float), strict=True))
            legend = _draw(ax, rings, vals, focal, breaks, lambda v: f"{v:.2f}")
            ax.set_title(title, fontsize=8)
        nodata = "无数据" if lang != "en" else "no data"
        legend.append(Patch(facecolor="white", edgecolor="#999999", hatch="////", label=nodata))
        fig.legend(
            handles=legend,
            loc="lower center",
            ncol=5,
            fontsize=7,
            frameon=False,
            title="区位熵" if lang != "en" else "LQ",
            title_fontsize=7,
        )
        fig.tight_layout(rect=(0, 0.09, 1, 1))
        return _png(fig)


@cached
def indicator_map(
    rings: pd.DataFrame, values: dict[str, float], title: str, focal: str, lang: str = "zh"
) -> bytes:
    """One choropleth of ``values`` (region code → value) in quintile classes."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        fig, (ax,) = _grid(1, 1, _SIZE_WIDE[1] * 1.2)
        legend = _draw(ax, rings, values, focal, None, lambda v: f"{v:,.1f}")
        nodata = "无数据" if lang != "en" else "no data"
        legend.append(Patch(facecolor="white", edgecolor="#999999", hatch="////", label=nodata))
        ax.legend(
            handles=legend,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            fontsize=7,
            title=title,
            title_fontsize=7,
            frameon=False,
        )
        fig.tight_layout()
        return _png(fig)
