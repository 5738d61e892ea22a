"""The periods results are measured over, read from the result tables themselves: one home for
the identification's growth window (printed by the report, named by the app's table headers)."""

from __future__ import annotations

import math

import pandas as pd


def threshold_value(tables, threshold_id: str) -> float | None:
    """A threshold of the rule profile in force, from the run's ``profile`` sheet (or None)."""
    pr = tables.get("profile") if tables is not None else None
    if pr is None or "threshold_id" not in pr.columns:
        return None
    hit = pr[pr["threshold_id"].astype(str) == threshold_id]
    if not len(hit):
        return None
    try:
        v = float(hit.iloc[0].get("value"))
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def growth_years(clusters: pd.DataFrame, window_years, base_year) -> tuple[int, int] | None:
    """(first, last) year of the clusters sheet's employment-growth window: the profile's
    ``identification.growth.window_years`` before the sheet's year, else from ``base_year``."""
    if "year" not in clusters.columns:
        return None
    end = pd.to_numeric(clusters["year"], errors="coerce").max()
    if pd.isna(end):
        return None
    end = int(end)
    start = end - int(window_years) if window_years else base_year
    return (int(start) if start is not None else end), end


def span_text(first: int, last: int, lang: str = "zh") -> str:
    """ "2019—2024年" (zh) or "2019–2024" (en)."""
    return f"{first}—{last}年" if lang != "en" else f"{first}–{last}"
