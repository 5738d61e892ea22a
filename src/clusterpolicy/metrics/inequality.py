"""Regional inequality of per-capita values (区域差距/均等化指标), methods.md §6.

Region i has per-capita value ``y_i`` and weight (population) ``P_i``; ``p_i = P_i/P``,
``μ = Σ p_i y_i``, ``s_i = p_i y_i/μ``. Without weights every region weighs ``p_i = 1/n``.

* gini = ``Σ_i Σ_j p_i p_j |y_i − y_j| / (2μ)`` (REAT ``gini2``, not REAT's buggy weighted ``gini``)
* cv = ``sqrt((1/n) Σ (y_i − ȳ)²)/ȳ`` and cv_sample with ``1/(n−1)`` — both **unweighted**
* williamson = ``sqrt(Σ p_i (y_i − μ)²)/μ`` (classic, = REAT ``williamson(wmean=TRUE)``)
* theil_t = ``Σ s_i ln(s_i/p_i)``; theil_l = ``Σ p_i ln(p_i/s_i)`` (MLD); exact between/within
  by groups g: ``T = Σ_g s_g ln(s_g/p_g) + Σ_g s_g T_g``, ``L = Σ_g p_g ln(p_g/s_g) + Σ_g p_g L_g``
* atkinson(ε) = ``1 − [Σ p_i (y_i/μ)^(1−ε)]^(1/(1−ε))``; ε = 1: ``1 − exp(Σ p_i ln y_i)/μ``
* hoover = ``½ Σ |s_i − p_i|``; coulter = ``sqrt(½ Σ (s_i − p_i)²)``

Regions whose value or weight is missing are left out (``n`` says how many were used); a region
with weight 0 is left out too. Zeros: Theil T uses 0·ln 0 = 0; Theil L is undefined (NaN) with a
zero value; Atkinson with ε ≥ 1 is 1 when any value is 0. Negative values or weights raise
:class:`MetricInputError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.metrics._gini import weighted_gini
from clusterpolicy.metrics._validate import MetricInputError, check_non_negative

ATKINSON_EPSILONS = (0.5, 1.0, 2.0)
INDEX_NAMES = (
    "gini",
    "cv",
    "cv_sample",
    "williamson",
    "theil_t",
    "theil_l",
    "atkinson_0.5",
    "atkinson_1",
    "atkinson_2",
    "hoover",
    "coulter",
)


@dataclass(frozen=True)
class InequalityResult:
    """All inequality indices of one distribution; ``as_dict()`` uses the :data:`INDEX_NAMES`."""

    n: int
    weighted: bool
    mean: float  # μ (weighted mean when weighted)
    gini: float
    cv: float  # population CV, unweighted
    cv_sample: float  # sample CV (n − 1), unweighted
    williamson: float
    theil_t: float
    theil_l: float
    atkinson: dict = field(default_factory=dict)  # ε → value
    hoover: float = float("nan")
    coulter: float = float("nan")
    theil_t_between: float = float("nan")
    theil_t_within: float = float("nan")
    theil_l_between: float = float("nan")
    theil_l_within: float = float("nan")
    groups: pd.DataFrame | None = None  # per group: n, p_g, s_g, theil_t, theil_l

    def as_dict(self) -> dict[str, float]:
        d = {
            "gini": self.gini,
            "cv": self.cv,
            "cv_sample": self.cv_sample,
            "williamson": self.williamson,
            "theil_t": self.theil_t,
            "theil_l": self.theil_l,
        }
        for eps in ATKINSON_EPSILONS:
            d[f"atkinson_{eps:g}"] = self.atkinson.get(eps, float("nan"))
        d["hoover"] = self.hoover
        d["coulter"] = self.coulter
        return d

    def decomposition(self) -> dict[str, tuple[float, float]]:
        """index name → (between, within) for the decomposable indices (Theil T and L)."""
        return {
            "theil_t": (self.theil_t_between, self.theil_t_within),
            "theil_l": (self.theil_l_between, self.theil_l_within),
        }


def _theil_t(y: np.ndarray, p: np.ndarray) -> float:
    mu = np.sum(p * y)
    if mu <= 0:
        return float("nan")
    r = y / mu
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(r > 0, p * r * np.log(r), 0.0)
    return float(terms.sum())


def _theil_l(y: np.ndarray, p: np.ndarray) -> float:
    mu = np.sum(p * y)
    if mu <= 0 or (y <= 0).any():
        return float("nan")
    return float(np.sum(p * np.log(mu / y)))


def _atkinson(y: np.ndarray, p: np.ndarray, eps: float) -> float:
    mu = np.sum(p * y)
    if mu <= 0:
        return float("nan")
    r = y / mu
    if eps == 1.0:
        if (y <= 0).any():
            return 1.0
        return float(1.0 - np.exp(np.sum(p * np.log(y))) / mu)
    if eps > 1.0 and (y <= 0).any():
        return 1.0
    return float(1.0 - np.sum(p * r ** (1.0 - eps)) ** (1.0 / (1.0 - eps)))


def _clean(y, weights, groups):
    ya = np.asarray(y.to_numpy() if isinstance(y, pd.Series) else y, dtype="float64").reshape(-1)
    if weights is None:
        wa = np.ones_like(ya)
    else:
        wa = np.asarray(
            weights.to_numpy() if isinstance(weights, pd.Series) else weights, dtype="float64"
        ).reshape(-1)
        if wa.shape != ya.shape:
            raise MetricInputError("权重与数值的长度不一致", "weights and values differ in length")
    ga = None
    if groups is not None:
        ga = np.asarray(
            groups.to_numpy() if isinstance(groups, pd.Series) else groups, dtype=object
        ).reshape(-1)
        if ga.shape != ya.shape:
            raise MetricInputError("分组与数值的长度不一致", "groups and values differ in length")
    check_non_negative(ya, "y")
    check_non_negative(wa, "weights")
    keep = ~np.isnan(ya) & ~np.isnan(wa) & (wa > 0)
    if ga is not None:
        keep &= ~pd.isna(ga)
    return ya[keep], wa[keep], (ga[keep] if ga is not None else None)


def inequality_indices(y, weights=None, groups=None) -> InequalityResult:
    """Every inequality index of ``y`` (formulas in the module docstring).

    ``weights``: population per region (population-weighted indices) or None (each region 1/n).
    ``groups``: a label per region (e.g. East/Central/West/Northeast) for the exact Theil
    between/within decomposition; ``groups`` attribute then lists per-group figures.
    """
    ya, wa, ga = _clean(y, weights, groups)
    n = len(ya)
    nan = float("nan")
    if n == 0:
        raise MetricInputError(
            "没有可用于计算差距指标的有效数值", "no valid values to compute inequality from"
        )
    p = wa / wa.sum()
    mu = float(np.sum(p * ya))
    ybar = float(ya.mean())
    if mu <= 0:
        return InequalityResult(
            n,
            weights is not None,
            mu,
            nan,
            nan,
            nan,
            nan,
            nan,
            nan,
            {e: nan for e in ATKINSON_EPSILONS},
        )
    sd_pop = float(ya.std(ddof=0))
    cv = sd_pop / ybar if ybar > 0 else nan
    cv_sample = float(ya.std(ddof=1)) / ybar if n > 1 and ybar > 0 else nan
    williamson = float(np.sqrt(np.sum(p * (ya - mu) ** 2)) / mu)
    s = p * ya / mu
    result = dict(
        n=n,
        weighted=weights is not None,
        mean=mu,
        gini=weighted_gini(ya, p),
        cv=cv,
        cv_sample=cv_sample,
        williamson=williamson,
        theil_t=_theil_t(ya, p),
        theil_l=_theil_l(ya, p),
        atkinson={e: _atkinson(ya, p, e) for e in ATKINSON_EPSILONS},
        hoover=float(0.5 * np.abs(s - p).sum()),
        coulter=float(np.sqrt(0.5 * np.sum((s - p) ** 2))),
    )
    if ga is not None:
        rows = []
        for g in pd.unique(ga):
            mask = ga == g
            pg, sg = float(p[mask].sum()), float(s[mask].sum())
            rows.append(
                {
                    "group": g,
                    "n": int(mask.sum()),
                    "p_g": pg,
                    "s_g": sg,
                    "theil_t": _theil_t(ya[mask], p[mask] / pg),
                    "theil_l": _theil_l(ya[mask], p[mask] / pg),
                }
            )
        gdf = pd.DataFrame(rows)
        pg, sg = gdf["p_g"].to_numpy(), gdf["s_g"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            t_between = float(np.sum(np.where(sg > 0, sg * np.log(sg / pg), 0.0)))
            l_between = float(np.sum(pg * np.log(pg / sg))) if (sg > 0).all() else nan
        result.update(
            theil_t_between=t_between,
            # a group with s_g = 0 (all zeros) contributes nothing to the within part of T
            theil_t_within=float(np.sum(np.where(sg > 0, sg * gdf["theil_t"].to_numpy(), 0.0))),
            theil_l_between=l_between,
            theil_l_within=float(np.sum(pg * gdf["theil_l"].to_numpy())),
            groups=gdf,
        )
    return InequalityResult(**result)
