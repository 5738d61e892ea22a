"""Confidence of a stage that means something: how often a resampled series gives it.

Residual bootstrap: each of the region's series (ln value, ln LQ, ln firm count) is split into
its fitted shape (:func:`~.trends.shape_fit`: trend with known-break steps, or with one hinge
where the BIC prefers it) and the residuals; a replicate draws years with replacement and adds
*that year's* residuals of all three series to the fitted values (so their co-movement is kept),
recomputes the signals and the stage scores, and takes the best stage. ``confidence`` = share of
the ``lifecycle.confidence.resamples`` replicates that give the stage found on the data (the
questionnaire part, if any, is held fixed). The random generator is seeded from the region and
industry codes, so the same data give the same confidence.

With fewer than ``lifecycle.confidence.min_years`` years there are too few residuals to
resample: the confidence is then the margin between the best and the second stage score
(``basis`` = ``margin``).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping

import numpy as np

from clusterpolicy.assess.lifecycle.rules import STAGES, Params, memberships, scores
from clusterpolicy.assess.lifecycle.series import Series
from clusterpolicy.assess.lifecycle.signals import signals
from clusterpolicy.assess.lifecycle.trends import shape_fit

TIE_ORDER = ("renewal", "decline", "maturity", "growth", "emergence")


def best_two(sc: Mapping[str, float]) -> tuple[str, str]:
    """The best and second stage; ties go to renewal, decline, maturity, growth, emergence."""
    order = sorted(STAGES, key=lambda st: (-sc[st], TIE_ORDER.index(st)))
    return order[0], order[1]


def combine(data: Mapping[str, float], q: Mapping[str, float] | None, w: float) -> dict:
    """Final score ``(1 − w)·data + w·questionnaire`` (data alone when nothing was answered)."""
    if not q or w <= 0:
        return dict(data)
    return {st: (1 - w) * data[st] + w * q[st] for st in STAGES}


def _parts(years, x, breaks) -> tuple[np.ndarray, np.ndarray]:
    fit = shape_fit(years, x, breaks)
    with np.errstate(divide="ignore", invalid="ignore"):
        logx = np.where(
            np.asarray(x, dtype="float64") > 0, np.log(np.asarray(x, dtype=float)), np.nan
        )
    return fit, logx - fit


def resampled_agreement(
    s: Series,
    breaks: list[int],
    p: Params,
    measure: str,
    q: Mapping[str, float] | None,
    w: float,
    stages: tuple[str, str],
    seed_key: str,
) -> tuple[float, float] | None:
    """(share of replicates whose data-only stage is ``stages[0]``, share whose final stage is
    ``stages[1]``), or None when the series is too short to resample."""
    n = len(s.years)
    if n < int(p["confidence.min_years"]):
        return None
    fe, re_ = _parts(s.years, s.e, breaks)
    fl, rl = _parts(s.years, s.lq, breaks)
    ff, rf = _parts(s.years, s.firms, breaks) if len(s.firms) else (None, None)
    pool = np.flatnonzero(np.isfinite(re_) & np.isfinite(rl))
    if len(pool) < int(p["confidence.min_years"]):
        return None
    rng = np.random.default_rng(zlib.crc32(seed_key.encode("utf-8")))
    reps = int(p["confidence.resamples"])
    agree_data = agree_final = 0
    for _ in range(reps):
        idx = rng.choice(pool, size=n, replace=True)
        arrays = {"e": np.exp(fe + re_[idx]), "lq": np.exp(fl + rl[idx])}
        if ff is not None:
            rfi = np.where(np.isfinite(rf[idx]), rf[idx], 0.0)
            arrays["firms"] = np.exp(ff + rfi)
        sig = signals(s.replaced(**arrays), breaks)
        data = scores(memberships(sig, p, measure))
        agree_data += best_two(data)[0] == stages[0]
        agree_final += best_two(combine(data, q, w))[0] == stages[1]
    return agree_data / reps, agree_final / reps
