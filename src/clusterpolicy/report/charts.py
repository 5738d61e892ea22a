"""Report charts with matplotlib (Agg, no pyplot state), returned as PNG bytes.

Every chart uses the bundled CJK font, is grey-scale safe (hatching, markers and line styles carry
the distinction, not colour alone) and deterministic: the PNG has no ``Software`` or time stamp, so
the same data give byte-identical images (and PDFs). Styling comes from :mod:`.styles`.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import pickle
import threading
from collections import OrderedDict
from collections.abc import Sequence

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg", force=False)

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from clusterpolicy.report import fonts, styles  # noqa: E402
from clusterpolicy.report.texts import tr  # noqa: E402
from clusterpolicy.text.labels import label  # noqa: E402

_SIZE_WIDE = (6.3, 3.6)
_SIZE_SQUARE = (4.2, 3.9)


_CACHE: OrderedDict[bytes, bytes] = OrderedDict()
_CACHE_SIZE = 64
_CACHE_LOCK = threading.Lock()


def cached(fn):
    """Remember a chart by its inputs (charts are pure functions of them): the same report
    rebuilt — a preview, the other language's tables, a test — does not redraw. Arguments that
    cannot be pickled (a callable) skip the cache."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            key = hashlib.sha256(pickle.dumps((fn.__qualname__, args, kwargs))).digest()
        except (pickle.PicklingError, TypeError, AttributeError):
            return fn(*args, **kwargs)
        with _CACHE_LOCK:
            if key in _CACHE:
                _CACHE.move_to_end(key)
                return _CACHE[key]
        png = fn(*args, **kwargs)
        with _CACHE_LOCK:
            _CACHE[key] = png
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        return png

    return wrapper


def clear_cache() -> None:
    """Forget every remembered chart (tests that check the drawing itself is deterministic)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _rc() -> dict[str, object]:
    return {**styles.chart_rc(), **fonts.register_matplotlib()}


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=styles.CHART_DPI, metadata={"Software": None})
    return buf.getvalue()


def _finite(v: object) -> bool:
    try:
        return math.isfinite(float(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


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
) -> bytes:
    """LQ (x) × employment growth in % (y), bubble area ∝ employment, labelled by industry
    code (the caption names the industries), with a size legend, the quadrant names and the
    growth window (``window``, e.g. "2019—2024年") in the axis label.

    Quadrant lines at ``x = lq_line`` and ``y = 0``. Points with a missing coordinate are dropped.
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
        return _png(fig)


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
                        f"{v:.3f}",
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


def _grid(n: int, ncols: int, panel_h: float, polar: bool = False) -> tuple[Figure, list]:
    """A figure of ``n`` panels in rows of ``ncols`` (unused cells hidden)."""
    nrows = max(1, math.ceil(n / ncols))
    fig = Figure(figsize=(_SIZE_WIDE[0], panel_h * nrows))
    kw = {"projection": "polar"} if polar else {}
    axes = [fig.add_subplot(nrows, ncols, i + 1, **kw) for i in range(nrows * ncols)]
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def _wrap(text: str, width: int) -> str:
    """Break a label every ``width`` characters (CJK labels have no spaces to break at)."""
    if " " in text:  # English: break at spaces
        words, lines, cur = text.split(), [], ""
        for w in words:
            if cur and len(cur) + 1 + len(w) > width * 2:
                lines.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}".strip()
        return "\n".join([*lines, cur])
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


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
