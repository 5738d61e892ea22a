"""The fitted relation (outcome against agglomeration) as plotting data and as a PNG.

:func:`fitted_relation` gives the data a report or GUI can draw in its own style:

* ``points`` — one row per region-year of the model's sample: ``x`` (agglomeration), ``y`` the
  outcome *net of the region and year effects and the controls*, re-centred on the outcome's
  mean: ``y_adj = ȳ + [f(x) − mean f] + ẽ`` with ``ẽ`` the two-way demeaned residual (so the
  points scatter around the fitted curve as the model sees them); ``y_raw`` the outcome;
* ``curves`` — ``model`` (quadratic / threshold_single / threshold_double), ``x``, ``y`` on a
  grid over the data's range: for the quadratic ``ȳ + f(x) − mean f(x_obs)`` with ``f`` the
  agglomeration terms; for a threshold model (drawn only when its threshold is significant, else
  the single model when nothing else can be drawn) one segment per regime (column ``regime``)
  with the regime's slope through the mean of the regime's points — region effects absorb the
  levels, so only the slopes are identified;
* ``marks`` — ``kind`` (``data_range``, ``turning_point``, ``threshold``, ``seed_band``), ``x``,
  ``x_low``, ``x_high``, ``label_zh``, ``label_en``.

:func:`fitted_relation_png` draws it with matplotlib (Agg, no pyplot state) in the bundled CJK
font, the way ``report/charts.py`` does (same font file, no time stamp in the PNG, grey-scale
safe: line styles and hatching, not colour alone).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterpolicy.assess.effects.panel import OUTCOMES
from clusterpolicy.paths import resource

FONT_FILE = ("fonts", "wqy-microhei.ttc")  # the bundled font (resources/fonts/)
FONT_FAMILY = "WenQuanYi Micro Hei"


@dataclass
class FittedRelation:
    outcome: str
    agglomeration: str
    x_label: tuple[str, str]
    y_label: tuple[str, str]
    points: pd.DataFrame
    curves: pd.DataFrame
    marks: pd.DataFrame


def _twoway_demean(s: pd.Series, iterations: int = 50) -> pd.Series:
    """Remove region and year means (alternating projections; exact for a balanced panel)."""
    out = s - s.mean()
    for _ in range(iterations):
        out = out - out.groupby(level=0).transform("mean")
        out = out - out.groupby(level=1).transform("mean")
    return out


def _agg_part(run, x: np.ndarray) -> np.ndarray:
    terms = run.fit.terms["coef"]
    if run.model == "quadratic":
        return terms["agglomeration"] * x + terms["agglomeration_sq"] * x**2
    out = np.zeros_like(x, dtype=float)
    for rg in run.fit.extras["regimes"]:
        lo = -np.inf if rg is run.fit.extras["regimes"][0] else rg["low"]
        mask = (x > lo) & (x <= rg["high"]) if np.isfinite(lo) else x <= rg["high"]
        if rg is run.fit.extras["regimes"][-1]:
            mask = x > lo
        out = np.where(mask, terms[rg["term"]] * x, out)
    return out


def fitted_relation(result, outcome: str, *, band: tuple[float, float] | None = None):
    """Plotting data of ``outcome`` from an :class:`EffectsResult` (``None`` if no fitted curve)."""
    runs = {r.model: r for r in result.runs.get(outcome, [])}
    alpha = float(result.thresholds.get("effects.alpha", 0.05))

    def significant(m: str, key: str) -> bool:
        r = runs.get(m)
        return r is not None and r.fit is not None and r.fit.extras.get(key, 1.0) < alpha

    models = ["quadratic"] if "quadratic" in runs and runs["quadratic"].fit is not None else []
    # a threshold model is drawn only when its threshold is significant (bootstrap p < α)
    if significant("threshold_double", "threshold2_p"):
        models.append("threshold_double")
    elif significant("threshold_single", "threshold_p"):
        models.append("threshold_single")
    if not models and runs.get("threshold_single") and runs["threshold_single"].fit is not None:
        models.append("threshold_single")
    if not models:
        return None
    base = runs[models[0]]
    sample = base.sample
    x = sample["agglomeration"].to_numpy(float)
    y = sample[outcome].to_numpy(float)
    ybar = float(np.mean(y))
    fx = _agg_part(base, x)
    ctrl = np.zeros(len(sample))
    coefs = base.fit.terms["coef"]
    for c in base.controls:
        ctrl += coefs.get(c, 0.0) * sample[c].to_numpy(float)
    resid = _twoway_demean(pd.Series(y - fx - ctrl, index=sample.index)).to_numpy()
    points = pd.DataFrame(
        {
            "region_code": sample.index.get_level_values(0).astype(str),
            "year": sample.index.get_level_values(1).astype(int),
            "x": x,
            "y": ybar + (fx - fx.mean()) + resid,
            "y_raw": y,
        }
    )
    grid = np.linspace(float(x.min()), float(x.max()), 200)
    curves = []
    for m in models:
        run = runs[m]
        if m == "quadratic":
            curves.append(
                pd.DataFrame({"model": m, "x": grid, "y": ybar + _agg_part(run, grid) - fx.mean()})
            )
            continue
        # threshold models: region effects absorb each region's level, so only the slopes are
        # identified; each regime's line goes through the mean of its own points
        coefs_t = run.fit.terms["coef"]
        for rg in run.fit.extras["regimes"]:
            inside = (points["x"] >= rg["low"]) & (points["x"] <= rg["high"])
            if not inside.any():
                continue
            xs = np.linspace(rg["low"], rg["high"], 50)
            xm, ym = points.loc[inside, "x"].mean(), points.loc[inside, "y"].mean()
            curves.append(
                pd.DataFrame(
                    {
                        "model": m,
                        "x": xs,
                        "y": ym + coefs_t[rg["term"]] * (xs - xm),
                        "regime": rg["term"],
                    }
                )
            )
    marks = [
        {
            "kind": "data_range",
            "x": math.nan,
            "x_low": float(x.min()),
            "x_high": float(x.max()),
            "label_zh": "数据范围",
            "label_en": "range of the data",
        }
    ]
    q = runs.get("quadratic")
    if (
        q is not None
        and q.fit is not None
        and np.isfinite(q.fit.extras.get("turning_point", math.nan))
    ):
        ex = q.fit.extras
        marks.append(
            {
                "kind": "turning_point",
                "x": ex["turning_point"],
                "x_low": ex.get("tp_ci_low", math.nan),
                "x_high": ex.get("tp_ci_high", math.nan),
                "label_zh": f"拐点 {ex['turning_point']:.2f}",
                "label_en": f"turning point {ex['turning_point']:.2f}",
            }
        )
    for m in models:
        if not m.startswith("threshold"):
            continue
        ex = runs[m].fit.extras
        for key, ci_key in (("threshold", "threshold_ci"), ("threshold2", "threshold2_ci")):
            if key in ex:
                ci = ex.get(ci_key, [math.nan, math.nan])
                marks.append(
                    {
                        "kind": "threshold",
                        "x": ex[key],
                        "x_low": ci[0],
                        "x_high": ci[1],
                        "label_zh": f"门槛 {ex[key]:.2f}",
                        "label_en": f"threshold {ex[key]:.2f}",
                    }
                )
    if band is not None and result.panel.agglomeration.startswith("lq"):
        marks.append(
            {
                "kind": "seed_band",
                "x": math.nan,
                "x_low": band[0],
                "x_high": band[1],
                "label_zh": f"种子000临界区间 {band[0]:g}~{band[1]:g}",
                "label_en": f"seed 000 critical band {band[0]:g}–{band[1]:g}",
            }
        )
    return FittedRelation(
        outcome,
        result.panel.agglomeration,
        result.panel.agglomeration_label,
        OUTCOMES[outcome],
        points,
        pd.concat(curves, ignore_index=True),
        pd.DataFrame(marks),
    )


def _font_rc() -> dict:
    from matplotlib import font_manager

    path = resource(*FONT_FILE)
    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT_FAMILY],
        "axes.unicode_minus": False,
        "font.size": 8.5,
    }


_CURVE_STYLE = {
    "quadratic": ("#1f3a5f", "-", ("二次项拟合", "quadratic fit")),
    "threshold_single": ("#4d4d4d", "--", ("单门槛拟合", "single-threshold fit")),
    "threshold_double": ("#4d4d4d", "--", ("双门槛拟合", "double-threshold fit")),
}


def fitted_relation_png(rel: FittedRelation, lang: str = "zh", *, dpi: int = 150) -> bytes:
    """The fitted relation as PNG bytes (deterministic: no time stamp)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    li = 0 if lang == "zh" else 1
    with matplotlib.rc_context(_font_rc()):
        fig = Figure(figsize=(6.3, 3.8))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        marks = rel.marks
        rng = marks.loc[marks["kind"] == "data_range"].iloc[0]
        ax.axvspan(
            rng["x_low"],
            rng["x_high"],
            color="#d9d9d9",
            alpha=0.45,
            zorder=0,
            label=rng["label_zh" if li == 0 else "label_en"],
        )
        ax.scatter(
            rel.points["x"],
            rel.points["y"],
            s=9,
            color="#8c8c8c",
            alpha=0.7,
            edgecolor="none",
            zorder=2,
            label="地区-年份（已去除地区、年份效应和控制变量）"
            if li == 0
            else "region-years (net of region, year effects and controls)",
        )
        for m, cur in rel.curves.groupby("model", sort=False):
            colour, ls, names = _CURVE_STYLE[m]
            ax.plot(
                cur["x"],
                cur["y"],
                color=colour,
                linestyle=ls,
                linewidth=1.6,
                zorder=3,
                label=names[li],
            )
        for _, mk in marks.iterrows():
            label = mk["label_zh" if li == 0 else "label_en"]
            if mk["kind"] == "turning_point":
                ax.axvline(
                    mk["x"], color="#1f3a5f", linestyle=":", linewidth=1.2, zorder=4, label=label
                )
                if np.isfinite(mk["x_low"]) and np.isfinite(mk["x_high"]):
                    # the interval as a bar along the bottom edge (axes coordinates in y)
                    ax.plot(
                        [mk["x_low"], mk["x_high"]],
                        [0.03, 0.03],
                        color="#1f3a5f",
                        linewidth=2.5,
                        solid_capstyle="butt",
                        alpha=0.8,
                        transform=ax.get_xaxis_transform(),
                        zorder=4,
                        label="拐点95%置信区间" if li == 0 else "turning point 95% CI",
                    )
            elif mk["kind"] == "threshold":
                ax.axvline(
                    mk["x"], color="#262626", linestyle="-.", linewidth=1.2, zorder=4, label=label
                )
            elif mk["kind"] == "seed_band":
                for edge in (mk["x_low"], mk["x_high"]):
                    ax.axvline(
                        edge, color="#6e6e6e", linestyle=(0, (1, 2)), linewidth=0.9, zorder=1
                    )
                ax.plot([], [], color="#6e6e6e", linestyle=(0, (1, 2)), label=label)
        lo, hi = rng["x_low"], rng["x_high"]
        span = hi - lo or 1.0
        extra = [v for v in marks["x"].tolist() if np.isfinite(v)]
        extra += [v for v in marks.loc[marks["kind"] == "seed_band", "x_low"] if np.isfinite(v)]
        left = max(min([lo, *extra]), lo - span)
        right = min(max([hi, *extra]), hi + span)
        ax.set_xlim(left - 0.05 * span, right + 0.05 * span)
        ax.set_xlabel(rel.x_label[li])
        ax.set_ylabel(rel.y_label[li])
        ax.grid(True, color="#e0e0e0", linewidth=0.5)
        ax.legend(fontsize=7, loc="best", framealpha=0.85)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
        return buf.getvalue()
