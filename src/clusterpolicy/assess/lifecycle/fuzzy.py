"""Fuzzy memberships of the life-cycle conditions.

A condition "x > c" with tolerance τ has membership ``m = clip((x − c + τ)/(2τ), 0, 1)`` (0.5
exactly at the cut-off, 1 from c+τ, 0 below c−τ); "x < c" is the mirror image; "|x| ≤ c" is
``clip((c + τ − |x|)/(2τ), 0, 1)``. A missing x gives NaN (the condition is not evaluated).
"""

from __future__ import annotations

import math

import numpy as np


def m_gt(x: float, c: float, tol: float) -> float:
    """Fuzzy membership of ``x > c`` with tolerance ``tol`` (NaN if x is missing)."""
    if x is None or not np.isfinite(x):
        return math.nan
    if tol <= 0:
        return 1.0 if x > c else (0.5 if x == c else 0.0)
    return float(min(max((x - c + tol) / (2 * tol), 0.0), 1.0))


def m_lt(x: float, c: float, tol: float) -> float:
    """Fuzzy membership of ``x < c``."""
    if x is None or not np.isfinite(x):
        return math.nan
    return m_gt(-x, -c, tol)


def m_abs_le(x: float, c: float, tol: float) -> float:
    """Fuzzy membership of ``|x| ≤ c``."""
    if x is None or not np.isfinite(x):
        return math.nan
    return m_lt(abs(x), c, tol) if tol > 0 else (1.0 if abs(x) <= c else 0.0)
