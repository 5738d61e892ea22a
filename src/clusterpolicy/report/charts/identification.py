"""Report charts: the LQ × growth bubble chart of the identification chapter."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import matplotlib.ticker
from matplotlib.figure import Figure

from clusterpolicy.report import styles
from clusterpolicy.report.charts.base import (
    _SIZE_WIDE,
    _finite,
    _png,
    _rc,
    cached,
)
from clusterpolicy.report.texts import tr


@cached
def bubble_chart(
    labels: Sequence[str],
    lq: Sequence[float],
    growth_pct: Sequence[float],
    employment: Sequence[float],
    lang: str = "zh",
    lq_line: float = 1.0,
    window: str = "",
    size_label=None,  # noqa: ANN001 - callable: persons → text of the size legend
    hotspots: bool = False,
):
    """LQ (x) × employment growth in % (y), bubble area ∝ employment, labelled by industry
    code (the caption names the industries), with a size legend, the quadrant names and the
    growth window (``window``, e.g. "2019—2024年") in the axis label.

    Quadrant lines at ``x = lq_line`` and ``y = 0``. Points with a missing coordinate are dropped.
    With ``hotspots`` the result is ``(png, spots)``: for each bubble drawn, (label, x, y, radius)
    in the PNG's pixels (origin top left), for an app to tell which bubble is under the mouse.
    """
    pts = [
        (str(n), float(x), float(y), float(s) if _finite(s) else 0.0)
        for n, x, y, s in zip(labels, lq, growth_pct, employment, strict=True)
        if _finite(x) and _finite(y)
    ]
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(_SIZE_WIDE[0] + 0.9, _SIZE_WIDE[1]))
        ax = fig.add_subplot()
        smax = max((p[3] for p in pts), default=1.0) or 1.0
        # labels of bubbles that sit close together are staggered vertically
        xr = (max((p[1] for p in pts), default=1.0) - min((p[1] for p in pts), default=0.0)) or 1.0
        yr = (max((p[2] for p in pts), default=1.0) - min((p[2] for p in pts), default=0.0)) or 1.0
        stagger = []
        for i, (_n, x, y, _s) in enumerate(pts):
            near = sum(
                1
                for (_m, x2, y2, _t) in pts[:i]
                if abs(x - x2) / xr < 0.15 and abs(y - y2) / yr < 0.1
            )
            stagger.append(0 if near == 0 else (11 * ((near + 1) // 2)) * (1 if near % 2 else -1))
        for i, (name, x, y, s) in enumerate(pts):
            colour, hatch, marker, _ = styles.CHART_SERIES[i % len(styles.CHART_SERIES)]
            area = 60 + 1400 * s / smax
            ax.scatter(
                [x],
                [y],
                s=area,
                facecolor=colour,
                alpha=0.45,
                edgecolor="#222222",
                linewidth=0.7,
                hatch=hatch,
                zorder=3,
            )
            short = name  # a code: the caption's legend names the industry
            offset = 4 + 10 * (area / 1460) ** 0.5
            ax.annotate(
                short,
                (x, y),
                xytext=(offset, stagger[i]),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=styles.CHART_FONT_SIZE - 1.5,
                zorder=4,
            )
        ax.axvline(lq_line, color="#333333", linewidth=0.8, linestyle="--", zorder=2)
        ax.axhline(0.0, color="#333333", linewidth=0.8, linestyle="--", zorder=2)
        ax.set_xlabel(tr("ax.lq", lang))
        ax.set_ylabel(tr("ax.growth.window", lang, w=window) if window else tr("ax.growth", lang))
        # quadrant names in the corners
        for key, (qx, qy, ha, va) in {
            "quad.star": (0.99, 0.98, "right", "top"),
            "quad.emerging": (0.01, 0.98, "left", "top"),
            "quad.mature": (0.99, 0.02, "right", "bottom"),
            "quad.transforming": (0.01, 0.02, "left", "bottom"),
        }.items():
            ax.text(
                qx,
                qy,
                tr(key, lang),
                transform=ax.transAxes,
                ha=ha,
                va=va,
                fontsize=styles.CHART_FONT_SIZE - 1.5,
                color="#555555",
                zorder=1,
            )
        # size legend: three reference bubbles
        if pts and smax > 0:
            refs = [smax, smax / 2, smax / 8]
            handles = [
                ax.scatter(
                    [],
                    [],
                    s=60 + 1400 * r / smax,
                    facecolor="none",
                    edgecolor="#444444",
                    linewidth=0.7,
                )
                for r in refs
            ]
            ax.legend(
                handles,
                [size_label(r) for r in refs] if size_label else [f"{r:,.0f}" for r in refs],
                title=tr("legend.size", lang),
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                labelspacing=1.6,
                borderpad=0.8,
                fontsize=styles.CHART_FONT_SIZE - 2,
                title_fontsize=styles.CHART_FONT_SIZE - 1.5,
            )
        if pts:
            xs = [p[1] for p in pts] + [lq_line]
            ys = [p[2] for p in pts] + [0.0]
            dx = (max(xs) - min(xs)) * 0.15 or 0.5
            right = (max(xs) - min(xs)) * 0.45 or 1.0  # room for labels right of the bubbles
            dy = (max(ys) - min(ys)) * 0.18 or 1.0
            ax.set_xlim(max(0.0, min(xs) - dx), max(xs) + right)
            ax.set_ylim(min(ys) - dy, max(ys) + dy)
        fig.tight_layout()
        png = _png(fig)
        if not hotspots:
            return png
        return png, _bubble_spots(fig, ax, pts, smax)


def _bubble_spots(fig: Figure, ax, pts, smax: float) -> list[tuple[str, float, float, float]]:
    """Each bubble's centre and radius in the saved PNG's pixels (``_png`` saves at CHART_DPI;
    matplotlib's display coordinates are at the figure's dpi, origin bottom left)."""
    scale = styles.CHART_DPI / fig.dpi
    height = fig.bbox.height
    out = []
    for name, x, y, s in pts:
        dx, dy = ax.transData.transform((x, y))
        radius_pt = (60 + 1400 * s / smax) ** 0.5 / 2  # scatter sizes are areas in points²
        out.append((name, dx * scale, (height - dy) * scale, radius_pt * styles.CHART_DPI / 72))
    return out
