"""The one result type of the panel estimators and the inference they share.

Conventions (every estimator of :mod:`clusterpolicy.metrics.panel`):

* Input is a ``pd.DataFrame`` with a two-level index (region, year) — the *panel index*.
* Standard errors are clustered by region. p values and confidence intervals use Student's t
  with ``G − 1`` degrees of freedom (``G`` = number of regions), the usual small-sample
  convention for clustered errors (Stata's ``vce(cluster)``); the GMM estimator uses the normal
  distribution, as the dynamic-panel literature does.
* ``r2_within`` is the R² of the model's own within transformation (entity-demeaned for one-way
  fixed effects, entity- and year-demeaned for two-way), NaN for pooled OLS and GMM.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from clusterpolicy.metrics._validate import MetricInputError

TERM_COLUMNS = ["coef", "se", "t", "p", "ci_low", "ci_high"]


@dataclass
class PanelFit:
    """One fitted model: a terms table and the sample it used.

    ``terms``: index = term name, columns :data:`TERM_COLUMNS`. ``extras`` holds model-specific
    results (turning point, thresholds, test statistics …) as plain floats / strings / lists.
    """

    model: str
    terms: pd.DataFrame
    n_obs: int
    n_regions: int
    n_years: int
    r2_within: float = math.nan
    extras: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def coef(self, term: str) -> float:
        return float(self.terms.at[term, "coef"])

    def se(self, term: str) -> float:
        return float(self.terms.at[term, "se"])


def terms_table(names: list[str], coef, se, df: float | None, alpha: float = 0.05) -> pd.DataFrame:
    """coef, se, t, p (two-sided) and the (1 − alpha) interval; ``df=None`` → normal."""
    coef = np.asarray(coef, dtype="float64")
    se = np.asarray(se, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        t = coef / se
    dist = stats.norm if df is None else stats.t(df)
    p = 2 * dist.sf(np.abs(t))
    q = float(dist.ppf(1 - alpha / 2))
    return pd.DataFrame(
        {
            "coef": coef,
            "se": se,
            "t": t,
            "p": p,
            "ci_low": coef - q * se,
            "ci_high": coef + q * se,
        },
        index=pd.Index(names, name="term"),
    )


def critical_t(n_regions: int, alpha: float = 0.05) -> float:
    return float(stats.t(max(n_regions - 1, 1)).ppf(1 - alpha / 2))


def check_panel(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``df[columns]`` with complete rows only, sorted by the panel index; raise when unusable."""
    if not isinstance(df.index, pd.MultiIndex) or df.index.nlevels != 2:
        raise MetricInputError(
            "面板数据须以（地区，年份）为双层索引",
            "panel data need a (region, year) two-level index",
        )
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise MetricInputError(f"面板数据缺少列：{missing}", f"panel data lack columns: {missing}")
    out = df[columns].astype("float64")
    out = out[np.isfinite(out.to_numpy()).all(axis=1)].sort_index()
    if out.index.duplicated().any():
        raise MetricInputError(
            "面板中有重复的（地区，年份）", "duplicate (region, year) rows in the panel"
        )
    if len(out) == 0:
        raise MetricInputError("面板没有完整的观测", "the panel has no complete observation")
    return out


def counts(df: pd.DataFrame) -> tuple[int, int, int]:
    """(observations, regions, years) of a panel-indexed frame."""
    return (
        int(len(df)),
        int(df.index.get_level_values(0).nunique()),
        int(df.index.get_level_values(1).nunique()),
    )
