"""Stage conditions as numbers: one fuzzy membership per condition (no text, so the bootstrap
of :mod:`.confidence` can score hundreds of resampled series cheaply).

A condition "x > c" with tolerance τ has membership ``clip((x − c + τ)/(2τ), 0, 1)`` (0.5 at the
cut-off); "x < c" is its mirror; "|x| ≤ c" is ``clip((c + τ − |x|)/(2τ), 0, 1)``. Growth rates
are trend rates a year (:mod:`.signals`) and their tolerance ``lifecycle.tol.growth_pp`` is in
percentage points a year — relative units, not LQ units.

Stage score = weighted mean of the evaluated memberships, capped by the stage's essential
condition (the first listed). Weights 1, firm-count conditions ``lifecycle.weight.firms``.

* emergence: **small** (share of the region's total < ``emergence.max_share``, absolute); present
  (size ≥ ``emergence.min_size``, employment only); absolute growth > 0; relative growth > 0;
  LQ < ``emergence.lq_max``; firm count growing.
* growth: **absolute growth > ``growth.min_abs``**; relative growth > ``growth.min_rel``;
  LQ ≥ ``growth.lq_min``; firm count growing.
* maturity: **relative trend within ±``maturity.rel_band``**; LQ ≥ ``maturity.lq_min``;
  absolute trend > ``maturity.abs_min`` (no sustained decline) and < ``maturity.abs_max``
  (no boom); firm count not growing.
* decline: **sustained absolute decline** (trend < −``decline.abs_margin`` and at least
  ``decline.min_falling_share`` of the yearly changes negative) **or relative decline** (trend of
  LQ < −``decline.rel_margin`` while the absolute trend is ≤ ``decline.rel_max_abs``: an industry
  that still grows is not declining because others grow faster); firm count falling. The rule
  that fired is reported (``decline_basis``).
* renewal (≥ ``renewal.min_years`` years): **an earlier LQ decline** (to the trough strictly inside
  the window, ``< −renewal.min_drop``); recovery after it (``> renewal.min_rise``); employment
  dips and recovers likewise; a rising novelty signal after the trough (when the data has one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from clusterpolicy.assess.lifecycle.signals import Signals
from clusterpolicy.knowledge import Profile

STAGES = ("emergence", "growth", "maturity", "decline", "renewal")


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


@dataclass(frozen=True)
class Params:
    """The life-cycle thresholds of a profile, read once."""

    values: dict

    @classmethod
    def of(cls, profile: Profile) -> Params:
        keys = [k for k in profile.threshold_values() if k.startswith("lifecycle.")]
        return cls({k[len("lifecycle.") :]: profile.value(k) for k in keys})

    def __getitem__(self, key: str) -> float:
        try:
            return self.values[key]
        except KeyError:
            raise KeyError(
                f"threshold 'lifecycle.{key}' is not in the profile / 规则配置中没有阈值 lifecycle.{key}"
            ) from None


@dataclass(frozen=True)
class Cond:
    """One condition: id (sentences are keyed by it), membership, weight, essential flag."""

    cid: str
    m: float
    w: float = 1.0


def _decline_core(s: Signals, p: Params) -> tuple[float, float, float]:
    tol = p["tol.growth_pp"] / 100
    persistent = m_gt(s.falling_share, p["decline.min_falling_share"], 0.1)
    d_abs = min(m_lt(s.g_abs, -p["decline.abs_margin"], tol), persistent)
    rel = m_lt(s.g_rel, -p["decline.rel_margin"], tol)
    not_growing = m_lt(s.g_abs, p["decline.rel_max_abs"], tol)
    d_rel = min(rel, not_growing) if np.isfinite(rel) and np.isfinite(not_growing) else math.nan
    core = np.nanmax([d_abs, d_rel]) if np.isfinite([d_abs, d_rel]).any() else math.nan
    return float(core), d_abs, d_rel


def memberships(s: Signals, p: Params, measure: str = "employment") -> dict[str, list[Cond]]:
    """Every stage's conditions (essential first) for signals ``s``."""
    tol = p["tol.growth_pp"] / 100
    wf = p["weight.firms"]
    tol_share = p["tol.share"]
    min_size = p["emergence.min_size"]
    present = m_gt(s.size_end, min_size, 0.2 * min_size) if measure == "employment" else math.nan
    core, d_abs, d_rel = _decline_core(s, p)
    out = {
        "emergence": [
            Cond("small", m_lt(s.share_end, p["emergence.max_share"], tol_share)),
            Cond("present", present),
            Cond("abs_up", m_gt(s.g_abs, 0.0, tol)),
            Cond("rel_up", m_gt(s.g_rel, 0.0, tol)),
            Cond("lq_low", m_lt(s.lq_end, p["emergence.lq_max"], 0.05 * p["emergence.lq_max"])),
            Cond("firms_up", m_gt(s.g_firm, 0.0, tol), wf),
        ],
        "growth": [
            Cond("abs_fast", m_gt(s.g_abs, p["growth.min_abs"], tol)),
            Cond("rel_up_g", m_gt(s.g_rel, p["growth.min_rel"], tol)),
            Cond("lq_high_g", m_gt(s.lq_end, p["growth.lq_min"], 0.05)),
            Cond("firms_up", m_gt(s.g_firm, 0.0, tol), wf),
        ],
        "maturity": [
            Cond("rel_flat", m_abs_le(s.g_rel, p["maturity.rel_band"], tol)),
            Cond("lq_high_m", m_gt(s.lq_end, p["maturity.lq_min"], 0.05)),
            Cond("abs_not_falling", m_gt(s.g_abs, p["maturity.abs_min"], tol)),
            Cond("abs_not_boom", m_lt(s.g_abs, p["maturity.abs_max"], tol)),
            Cond("firms_flat", m_lt(s.g_firm, 0.0, tol), wf),
        ],
        "decline": [
            Cond("decline_core", core),
            Cond("firms_down", m_lt(s.g_firm, 0.0, tol), wf),
        ],
        "renewal": _renewal(s, p),
    }
    out["_decline_parts"] = [Cond("abs", d_abs), Cond("rel", d_rel)]
    return out


def _renewal(s: Signals, p: Params) -> list[Cond]:
    if len(s.years) < int(p["renewal.min_years"]) or s.lq_trough_year is None:
        return []
    tol = p["tol.renewal_rel"]
    out = [
        Cond("lq_dropped", m_lt(s.lq_drop, -p["renewal.min_drop"], tol)),
        Cond("lq_recovered", m_gt(s.lq_rise, p["renewal.min_rise"], tol)),
    ]
    if s.emp_trough_year is not None:
        dip = min(
            m_lt(s.emp_drop, -p["renewal.min_drop"], tol),
            m_gt(s.emp_rise, p["renewal.min_rise"], tol),
        )
        out.append(Cond("emp_dip", dip))
    if s.newness_key:
        out.append(Cond("newness", 1.0 if s.newness > 0 else 0.0))
    return out


def stage_score(conds: list[Cond]) -> float:
    """Weighted mean of the evaluated memberships, capped by the essential (first) one; 0 when
    the essential condition cannot be evaluated."""
    if not conds or not np.isfinite(conds[0].m):
        return 0.0
    ev = [c for c in conds if np.isfinite(c.m)]
    w = sum(c.w for c in ev)
    mean = sum(c.w * c.m for c in ev) / w if w else 0.0
    return float(min(mean, conds[0].m))


def scores(conds: dict[str, list[Cond]]) -> dict[str, float]:
    return {st: stage_score(conds[st]) for st in STAGES}
