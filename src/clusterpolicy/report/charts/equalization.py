"""Report charts: the equalization charts: dispersion indices with between/within shares, a scenario before and after."""

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
    _wrap,
    cached,
)
from clusterpolicy.report.texts import tr


@cached
def dispersion_chart(
    years: Sequence[int], between: Sequence[float], within: Sequence[float], lang: str = "zh"
) -> bytes:
    """Stacked bars: between-group and within-group parts of an inequality index per year."""
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=_SIZE_WIDE)
        ax = fig.add_subplot()
        b = [float(v) if _finite(v) else 0.0 for v in between]
        w = [float(v) if _finite(v) else 0.0 for v in within]
        (cb, hb), (cw, hw) = styles.CHART_BETWEEN_WITHIN
        ax.bar(
            list(years),
            b,
            width=0.6,
            facecolor=cb,
            hatch=hb,
            edgecolor="#222222",
            linewidth=0.6,
            label=tr("legend.between", lang),
            zorder=3,
        )
        ax.bar(
            list(years),
            w,
            width=0.6,
            bottom=b,
            facecolor=cw,
            hatch=hw,
            edgecolor="#222222",
            linewidth=0.6,
            label=tr("legend.within", lang),
            zorder=3,
        )
        for x, bi, wi in zip(years, b, w, strict=True):
            total = bi + wi
            if total > 0:
                ax.text(
                    x,
                    total,
                    f"{bi / total:.0%}",
                    ha="center",
                    va="bottom",
                    fontsize=styles.CHART_FONT_SIZE - 2,
                )
        ax.set_xticks(list(years))
        ax.set_xlabel(tr("ax.year", lang))
        ax.set_ylabel(tr("ax.index", lang))
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.14), ncol=2)
        fig.tight_layout()
        return _png(fig)


@cached
def before_after_chart(
    labels: Sequence[str], before: Sequence[float], after: Sequence[float], lang: str = "zh"
) -> bytes:
    """Bars of indicator values before and after a scenario (hatched vs. solid), one small
    panel per indicator with its own axis: indices of different scale (a Gini near 0.1, a
    Theil near 0.007) are never read against one scale."""
    n = max(len(labels), 1)
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(_SIZE_WIDE[0], 2.6))
        (c0, h0), (c1, h1) = styles.CHART_BEFORE_AFTER
        for i, (name, bv, av) in enumerate(zip(labels, before, after, strict=True)):
            ax = fig.add_subplot(1, n, i + 1)
            b = float(bv) if _finite(bv) else float("nan")
            a = float(av) if _finite(av) else float("nan")
            bars = ax.bar(
                [0, 1],
                [b, a],
                width=0.7,
                color=[c0, c1],
                edgecolor="#222222",
                linewidth=0.6,
                zorder=3,
            )
            bars[0].set_hatch(h0)
            bars[1].set_hatch(h1)
            top = max([v for v in (b, a) if _finite(v)] or [1.0])
            ax.set_ylim(0, top * 1.25)
            for x, v in ((0, b), (1, a)):
                if _finite(v):
                    ax.text(
                        x,
                        v,
                        f"{v:.3g}",  # 0.00712 and 0.00698, not 0.007 twice
                        ha="center",
                        va="bottom",
                        fontsize=styles.CHART_FONT_SIZE - 2,
                    )
            ax.set_xticks([0, 1])
            ax.set_xticklabels(
                [tr("legend.before", lang), tr("legend.after", lang)],
                fontsize=styles.CHART_FONT_SIZE - 2,
            )
            ax.set_title(
                _wrap(str(name), 8 if lang != "en" else 9), fontsize=styles.CHART_FONT_SIZE - 1
            )
            ax.tick_params(axis="y", labelsize=styles.CHART_FONT_SIZE - 2.5)
        fig.tight_layout(w_pad=1.2)
        return _png(fig)
