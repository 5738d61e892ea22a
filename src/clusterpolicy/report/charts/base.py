"""What every report chart shares: the matplotlib set-up (Agg, no pyplot state, the bundled
font), the PNG writer, the cache, the small-multiples grid and label wrapping.

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

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg", force=False)

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from clusterpolicy.report import fonts, styles  # noqa: E402

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
    if text.isascii():  # one Latin word ("Williamson"): never cut inside it
        return text
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))
