"""Report charts: checklist radars: one cluster, and small multiples against the median."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib
import matplotlib.ticker
from matplotlib.figure import Figure

from clusterpolicy.report import styles
from clusterpolicy.report.charts.base import (
    _SIZE_SQUARE,
    _finite,
    _grid,
    _png,
    _rc,
    _wrap,
    cached,
)
from clusterpolicy.report.texts import tr


@cached
def radar_chart(dimensions: Sequence[str], pct: Sequence[float], lang: str = "zh") -> bytes:
    """Scores per checklist dimension in % (0–100) on a radar; missing scores plot as 0."""
    n = len(dimensions)
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=_SIZE_SQUARE)
        ax = fig.add_subplot(projection="polar")
        if n:
            angles = [2 * math.pi * i / n for i in range(n)]
            vals = [float(v) if _finite(v) else 0.0 for v in pct]
            ax.plot(
                angles + angles[:1],
                vals + vals[:1],
                color=styles.CHART_SERIES[0][0],
                marker="o",
                linewidth=1.5,
            )
            ax.fill(
                angles + angles[:1],
                vals + vals[:1],
                facecolor="#bbbbbb",
                alpha=0.35,
                hatch="//",
                edgecolor="#555555",
            )
            ax.set_xticks(angles)
            ax.set_xticklabels([str(d) for d in dimensions])
        ax.set_ylim(0, 100)
        ax.set_yticks([25, 50, 75, 100])
        ax.set_yticklabels(["25", "50", "75", "100%"], fontsize=styles.CHART_FONT_SIZE - 2)
        fig.tight_layout()
        return _png(fig)


@cached
def radar_grid(
    dimensions: Sequence[str],
    panels: Sequence[tuple[str, Sequence[float]]],
    lang: str = "zh",
    ncols: int = 3,
    median_of: Sequence[Sequence[float]] | None = None,
) -> bytes:
    """Small multiples of radars, one per cluster: scores by dimension in % (0–100; a dimension
    without data is a gap in the line and says "no data") against the median of all panels
    (dashed), titled with the cluster name (wrapped, never cut).

    ``panels``: (title, pct per dimension in the order of ``dimensions``); ``median_of``: the
    scores the median is taken over (default: the panels' own; a figure split in parts passes
    all clusters' scores so every part shows the same median).
    """
    n = len(dimensions)
    size = styles.CHART_FONT_SIZE - 2.5
    with matplotlib.rc_context(_rc()):
        fig, axes = _grid(len(panels), ncols, 2.25, polar=True)
        if not n:
            return _png(fig)
        angles = [2 * math.pi * i / n for i in range(n)]
        pool = median_of if median_of is not None else [p[1] for p in panels]
        cols = [[float(v[i]) for v in pool if _finite(v[i])] for i in range(n)]
        median = [
            float("nan")
            if not c
            else sorted(c)[len(c) // 2]
            if len(c) % 2
            else (sorted(c)[len(c) // 2 - 1] + sorted(c)[len(c) // 2]) / 2
            for c in cols
        ]
        labels = [_wrap(str(d), 4 if lang != "en" else 6) for d in dimensions]
        for ax, (title, pct) in zip(axes, panels, strict=True):
            vals = [float(v) if _finite(v) else float("nan") for v in pct]  # missing: a gap
            ax.plot(
                angles + angles[:1],
                median + median[:1],
                color="#777777",
                linewidth=0.8,
                linestyle="--",
            )
            ax.plot(
                angles + angles[:1],
                vals + vals[:1],
                color=styles.CHART_SERIES[0][0],
                marker="o",
                markersize=2,
                linewidth=1.2,
            )
            if all(_finite(v) for v in vals):
                ax.fill(
                    angles + angles[:1],
                    vals + vals[:1],
                    facecolor="#bbbbbb",
                    alpha=0.35,
                    hatch="//",
                    edgecolor="#555555",
                    linewidth=0.3,
                )
            ax.set_xticks(angles)
            ax.set_xticklabels(
                [
                    d if _finite(v) else f"{d}\n({tr('chart.nodata', lang)})"
                    for d, v in zip(labels, vals, strict=True)
                ],
                fontsize=size - 0.5,
            )
            ax.tick_params(axis="x", pad=0)
            ax.set_ylim(0, 100)
            ax.set_yticks([50, 100])
            ax.set_yticklabels(["", ""])
            ax.set_title(_wrap(title, 12 if lang != "en" else 16), fontsize=size + 0.5, pad=11)
        # fixed margins instead of tight_layout (which measured every label: 40 % of the chart)
        height = fig.get_figheight()
        fig.subplots_adjust(
            left=0.06,
            right=0.94,
            top=1 - 0.55 / height,
            bottom=0.35 / height,
            hspace=0.95,
            wspace=0.55,
        )
        return _png(fig)
