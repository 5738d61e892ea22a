"""The fitted relation of the welfare-effects step (outcome against agglomeration), drawn from
the ``welfare_effects_fit`` results sheet: the region-years net of region and year effects and
controls, the fitted curve(s), the turning point with its interval, the threshold(s), the
seed-000 band and the data's range shaded. Same conventions as :mod:`.charts` (Agg, bundled
font, grey-scale safe, deterministic PNG)."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure

from clusterpolicy.report.charts.base import _png, _rc, cached

_CURVE_STYLE = {
    "quadratic": ("#1f3a5f", "-", ("二次项拟合", "quadratic fit")),
    "threshold_single": ("#4d4d4d", "--", ("单门槛拟合", "single-threshold fit")),
    "threshold_double": ("#4d4d4d", "--", ("双门槛拟合", "double-threshold fit")),
}


def _finite(v) -> bool:
    try:
        return math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


@cached
def fitted_relation_chart(fit: pd.DataFrame, outcome: str, lang: str = "zh") -> bytes | None:
    """PNG of the fitted relation of ``outcome`` (None when the sheet has nothing for it)."""
    import matplotlib

    rows = fit.loc[fit["outcome"] == outcome]
    if not len(rows) or not (rows["part"] == "points").any():
        return None
    li = "label_zh" if lang != "en" else "label_en"
    axis = {r["kind"]: r[li] for _, r in rows.loc[rows["part"] == "axis"].iterrows()}
    pts = rows.loc[rows["part"] == "points"]
    marks = rows.loc[rows["part"] == "mark"]
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(6.3, 4.8))
        ax = fig.add_subplot()
        rng = marks.loc[marks["kind"] == "data_range"]
        lo, hi = float(pts["x"].min()), float(pts["x"].max())
        if len(rng):
            r = rng.iloc[0]
            lo, hi = float(r["x_low"]), float(r["x_high"])
            ax.axvspan(lo, hi, color="#d9d9d9", alpha=0.45, zorder=0, label=r[li])
        ax.scatter(
            pts["x"],
            pts["y"],
            s=9,
            color="#8c8c8c",
            alpha=0.7,
            edgecolor="none",
            zorder=2,
            label="地区-年份（已去除地区、年份效应和控制变量）"
            if lang != "en"
            else "region-years (net of region, year effects and controls)",
        )
        curves = rows.loc[rows["part"] == "curve"]
        for model, cur in curves.groupby("kind", sort=False):
            colour, ls, names = _CURVE_STYLE.get(model, ("#1f3a5f", "-", (model, model)))
            first = True
            # a curve without regimes has regime NaN: keep it (pandas drops NaN groups)
            regimes = cur["regime"].astype(object).where(cur["regime"].notna(), "")
            for _, seg in cur.groupby(regimes.astype(str), sort=False):
                ax.plot(
                    seg["x"],
                    seg["y"],
                    color=colour,
                    linestyle=ls,
                    linewidth=1.6,
                    zorder=3,
                    label=names[0 if lang != "en" else 1] if first else None,
                )
                first = False
        for _, mk in marks.iterrows():
            if mk["kind"] == "turning_point":
                ax.axvline(
                    mk["x"], color="#1f3a5f", linestyle=":", linewidth=1.2, zorder=4, label=mk[li]
                )
                if _finite(mk["x_low"]) and _finite(mk["x_high"]):
                    ax.plot(
                        [mk["x_low"], mk["x_high"]],
                        [0.03, 0.03],
                        color="#1f3a5f",
                        linewidth=2.5,
                        solid_capstyle="butt",
                        alpha=0.8,
                        transform=ax.get_xaxis_transform(),
                        zorder=4,
                        label="拐点95%置信区间" if lang != "en" else "turning point 95% CI",
                    )
            elif mk["kind"] == "threshold":
                ax.axvline(
                    mk["x"], color="#262626", linestyle="-.", linewidth=1.2, zorder=4, label=mk[li]
                )
            elif mk["kind"] == "seed_band":
                for edge in (mk["x_low"], mk["x_high"]):
                    ax.axvline(
                        edge, color="#6e6e6e", linestyle=(0, (1, 2)), linewidth=0.9, zorder=1
                    )
                ax.plot([], [], color="#6e6e6e", linestyle=(0, (1, 2)), label=mk[li])
        span = hi - lo or 1.0
        extra = [float(v) for v in marks["x"] if _finite(v)]
        extra += [float(v) for v in marks.loc[marks["kind"] == "seed_band", "x_low"] if _finite(v)]
        left = max(min([lo, *extra]), lo - span)
        right = min(max([hi, *extra]), hi + span)
        ax.set_xlim(left - 0.05 * span, right + 0.05 * span)
        ax.set_xlabel(axis.get("x", ""))
        ax.set_ylabel(
            axis.get("y", "")
            + (
                "\n（剔除地区、年份效应，按样本均值对齐）"
                if lang != "en"
                else "\n(net of region and year effects, at the sample mean)"
            ),
            fontsize=8,
        )
        ax.grid(True, color="#e0e0e0", linewidth=0.5)
        # the legend below the plot: inside it hides points, marks or the interval bar
        ax.legend(
            fontsize=7,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.16),
            ncol=2,
            frameon=False,
        )
        fig.tight_layout()
        return _png(fig)
