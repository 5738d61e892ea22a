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

:func:`fit_table` flattens the three frames of every estimated outcome into one long table (the
``welfare_effects_fit`` results sheet), so the report (``report/charts/effects.py``) and the
GUI draw the figure from the result tables alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterpolicy.assess.effects.panel import OUTCOMES


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
                "label_zh": f"已有研究的临界区间 {band[0]:g}~{band[1]:g}",
                "label_en": f"critical band of the source study {band[0]:g}–{band[1]:g}",
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


FIT_COLUMNS = [
    "outcome",
    "part",
    "kind",
    "regime",
    "x",
    "y",
    "x_low",
    "x_high",
    "label_zh",
    "label_en",
]


def fit_table(relations: list[FittedRelation]) -> pd.DataFrame:
    """One long table of every fitted relation: ``part`` = points / curve / mark / axis;
    ``kind`` = the curve's model or the mark's kind (axis rows carry the x and y labels)."""
    rows: list[dict] = []
    for rel in relations:
        for part, lab in (("x", rel.x_label), ("y", rel.y_label)):
            rows.append(
                {
                    "outcome": rel.outcome,
                    "part": "axis",
                    "kind": part,
                    "label_zh": lab[0],
                    "label_en": lab[1],
                }
            )
        for _, p in rel.points.iterrows():
            rows.append({"outcome": rel.outcome, "part": "points", "x": p["x"], "y": p["y"]})
        for _, c in rel.curves.iterrows():
            rows.append(
                {
                    "outcome": rel.outcome,
                    "part": "curve",
                    "kind": c["model"],
                    "regime": c.get("regime"),
                    "x": c["x"],
                    "y": c["y"],
                }
            )
        for _, m in rel.marks.iterrows():
            rows.append(
                {
                    "outcome": rel.outcome,
                    "part": "mark",
                    **{
                        k: m.get(k)
                        for k in ("kind", "x", "x_low", "x_high", "label_zh", "label_en")
                    },
                }
            )
    return pd.DataFrame(rows, columns=FIT_COLUMNS)
