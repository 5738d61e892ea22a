"""The fitted-relation chart draws every fitted curve, also one without regimes (its ``regime``
is missing: pandas drops NaN groups, so the quadratic fit once vanished from every figure)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.report.charts import base, effects


def _fit_sheet() -> pd.DataFrame:
    x = np.linspace(0.6, 1.1, 20)
    rows = [
        {"outcome": "o", "part": "axis", "kind": "x", "label_zh": "区位熵", "label_en": "LQ"},
        {"outcome": "o", "part": "axis", "kind": "y", "label_zh": "结果", "label_en": "outcome"},
    ]
    rows += [{"outcome": "o", "part": "points", "x": v, "y": 2 * v} for v in x]
    rows += [{"outcome": "o", "part": "curve", "kind": "quadratic", "x": v, "y": 2 * v} for v in x]
    rows += [
        {"outcome": "o", "part": "curve", "kind": "threshold_single", "regime": r, "x": v, "y": v}
        for r, xs in (("agglomeration_r1", x[:10]), ("agglomeration_r2", x[10:]))
        for v in xs
    ]
    df = pd.DataFrame(rows).reindex(columns=effects_fit_columns())
    df["regime"] = df["regime"].astype("str")  # as a results sheet holds it: strings and NaN
    return df


def effects_fit_columns() -> list[str]:
    from clusterpolicy.assess.effects.relation import FIT_COLUMNS

    return FIT_COLUMNS


def test_every_curve_is_drawn(monkeypatch):
    figures = []
    monkeypatch.setattr(effects, "_png", lambda fig: figures.append(fig) or b"")
    base.clear_cache()
    effects.fitted_relation_chart(_fit_sheet(), "o", "en")
    base.clear_cache()
    (fig,) = figures
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert "quadratic fit" in labels and "single-threshold fit" in labels
    drawn = [line for line in ax.get_lines() if line.get_linestyle() in ("-", "--")]
    assert len(drawn) >= 3  # the quadratic and one segment per regime
    assert "net of region and year effects" in ax.get_ylabel()
