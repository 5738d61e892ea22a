"""Column headers that name their period, where two tables measure the same thing over
different years (the identification's employment growth is over its growth window, the
life-cycle's over the whole assessment period): "就业年均增长（2019—2024年）" in one and
"就业年均增长（2015—2024年）" in the other, not the same bare words for 13.3 % and 3.1 %."""

from __future__ import annotations

import pandas as pd

from clusterpolicy.model.periods import growth_years, span_text, threshold_value
from clusterpolicy.text.result_columns import result_column_label


def _label(col: str, span: str, lang: str) -> str:
    text = result_column_label(col, lang)
    return f"{text}（{span}）" if lang != "en" else f"{text} ({span})"


def period_headers(result, lang: str = "zh") -> dict[str, dict[str, str]]:
    """{sheet: {column: header}} for the growth columns of ``result``'s sheets (light: no
    report or chart code is loaded, the window thread calls it)."""
    tables = dict(getattr(result, "tables", {}) or {})
    meta = dict(getattr(result, "meta", {}) or {})
    out: dict[str, dict[str, str]] = {}
    clusters = tables.get("clusters")
    if clusters is not None and "emp_cagr" in clusters.columns and len(clusters):
        window = threshold_value(tables, "identification.growth.window_years")
        years = growth_years(clusters, window, meta.get("base_year"))
        if years is not None:
            out["clusters"] = {"emp_cagr": _label("emp_cagr", span_text(*years, lang), lang)}
    lc = tables.get("lifecycle")
    if lc is not None and {"emp_cagr", "base_year", "end_year"} <= set(lc.columns) and len(lc):
        a = pd.to_numeric(lc["base_year"], errors="coerce").min()
        b = pd.to_numeric(lc["end_year"], errors="coerce").max()
        if pd.notna(a) and pd.notna(b):
            span = span_text(int(a), int(b), lang)
            out["lifecycle"] = {"emp_cagr": _label("emp_cagr", span, lang)}
    return out
