"""Report charts: time series: one cluster's LQ and employment, and the life-cycle small multiples."""

from __future__ import annotations

import math
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
from clusterpolicy.text.labels import label


@cached
def timeseries_chart(
    years: Sequence[int],
    lq: Sequence[float],
    employment: Sequence[float] | None,
    bands: Sequence[tuple[int, int, str]],
    lang: str = "zh",
) -> bytes:
    """LQ line (left axis) and employment bars in 10,000 persons (right axis) over the years.

    ``bands`` are (start year, end year, stage) windows shaded with the stage's grey and hatch
    and labelled with the stage name.
    """
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=_SIZE_WIDE)
        ax = fig.add_subplot()
        handles = []
        ax2 = ax.twinx() if employment is not None else None
        back = ax2 if ax2 is not None else ax  # bands and bars sit behind the LQ line
        for start, end, stage in bands:
            face, hatch = styles.STAGE_BANDS.get(stage, ("#f0f0f0", ""))
            back.axvspan(
                start - 0.5,
                end + 0.5,
                facecolor=face,
                hatch=hatch,
                edgecolor=styles.STAGE_BAND_HATCH_COLOUR,
                linewidth=0.0,
                zorder=0,
            )
            ax.text(
                (start + end) / 2,
                1.01,
                label(stage, lang),
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=styles.CHART_FONT_SIZE - 1,
            )
        if ax2 is not None and employment is not None:
            emp = [float(v) / 1e4 if _finite(v) else float("nan") for v in employment]
            bars = ax2.bar(
                list(years),
                emp,
                width=0.6,
                facecolor="#ffffff",
                edgecolor="#555555",
                hatch="//",
                linewidth=0.7,
                zorder=1,
                label=tr("legend.employment", lang),
            )
            ax2.set_ylabel(tr("ax.employment", lang))
            ax2.set_ylim(0, max([v for v in emp if _finite(v)] or [1.0]) * 1.25)
            ax2.grid(False)
            ax.set_zorder(ax2.get_zorder() + 1)
            ax.patch.set_visible(False)
            handles.append(bars)
        colour, _, marker, ls = styles.CHART_SERIES[0]
        (line,) = ax.plot(
            list(years),
            [float(v) for v in lq],
            color=colour,
            marker=marker,
            linestyle=ls,
            linewidth=1.6,
            zorder=5,
            label=tr("legend.lq", lang),
        )
        ax.axhline(1.0, color="#333333", linewidth=0.7, linestyle=":", zorder=2)
        handles.insert(0, line)
        ax.set_xlabel(tr("ax.year", lang))
        ax.set_ylabel(tr("ax.lq", lang))
        ax.set_xticks(list(years))
        ax.set_xlim(min(years) - 0.6, max(years) + 0.6)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.14), ncol=2)
        fig.tight_layout()
        return _png(fig)


@cached
def lifecycle_grid(
    panels: Sequence[tuple[str, str, Sequence[int], Sequence[float], Sequence[float] | None]],
    lang: str = "zh",
    ncols: int = 2,
) -> bytes:
    """Small multiples, one cell per cluster, readable at print size: the LQ line on its own axis
    above (with the LQ = 1 line), employment bars on a separate axis below, in persons or
    10,000 persons as the largest value needs (said on the axis); the cell is tinted with its
    stage's grey and titled "industry — stage". Two cells per row; the chapter puts at most six
    in one figure.

    ``panels``: (industry name, stage id, years, LQ values, employment or None).
    """
    size = styles.CHART_FONT_SIZE - 1.5
    emp_max = max(
        [float(v) for p in panels if p[4] is not None for v in p[4] if _finite(v)] or [0.0]
    )
    scale, emp_unit = (
        (1e4, tr("grid.unit.wan", lang)) if emp_max >= 1e4 else (1.0, tr("grid.unit.persons", lang))
    )
    nrows = max(1, math.ceil(len(panels) / ncols))
    cell_h = 2.05
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(_SIZE_WIDE[0], cell_h * nrows + 0.15))
        outer = fig.add_gridspec(
            nrows,
            ncols,
            left=0.085,
            right=0.985,
            top=1 - 0.32 / (cell_h * nrows + 0.15),
            bottom=0.42 / (cell_h * nrows + 0.15),
            hspace=0.62,
            wspace=0.26,
        )
        colour, _, marker, ls = styles.CHART_SERIES[0]
        for k, (name, stage, years, lq, employment) in enumerate(panels):
            face, _hatch = styles.STAGE_BANDS.get(stage, ("#f0f0f0", ""))
            cell = outer[k // ncols, k % ncols].subgridspec(2, 1, height_ratios=(2, 1), hspace=0.08)
            ax = fig.add_subplot(cell[0])
            ys = list(years)
            ax.set_facecolor(face)
            ax.plot(
                ys,
                [float(v) for v in lq],
                color=colour,
                marker=marker,
                markersize=2.5,
                linestyle=ls,
                linewidth=1.3,
                zorder=5,
            )
            ax.axhline(1.0, color="#333333", linewidth=0.6, linestyle=":", zorder=2)
            top = max([float(v) for v in lq if _finite(v)] + [1.0])
            ax.set_ylim(0, top * 1.2)
            ax.set_xlim(min(ys) - 0.6, max(ys) + 0.6)
            ax.tick_params(labelsize=size - 1, length=2, pad=1, labelbottom=False)
            ax.set_ylabel(tr("grid.lq", lang), fontsize=size - 1, labelpad=1)
            title = _wrap(f"{name} — {label(stage, lang)}", 20 if lang != "en" else 24)
            ax.set_title(title, fontsize=size, pad=2.5, loc="left")
            bx = fig.add_subplot(cell[1], sharex=ax)
            bx.set_facecolor(face)
            if employment is not None:
                emp = [float(v) / scale if _finite(v) else float("nan") for v in employment]
                bx.bar(
                    ys,
                    emp,
                    width=0.6,
                    facecolor="#b8b8b8",
                    edgecolor="#7a7a7a",
                    linewidth=0.4,
                    zorder=3,
                )
                bx.set_ylim(0, max([v for v in emp if _finite(v)] or [1.0]) * 1.25)
            bx.set_ylabel(emp_unit, fontsize=size - 1, labelpad=1)
            bx.set_xticks([ys[0], ys[-1]] if len(ys) > 1 else ys)
            bx.tick_params(labelsize=size - 1, length=2, pad=1)
            bx.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(2))
        return _png(fig)
