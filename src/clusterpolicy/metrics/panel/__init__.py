"""Panel-data estimators for the welfare-effects step (seed 000 ch. 3, 5–7): pooled OLS, one-
and two-way fixed effects, the quadratic specification with turning point and Lind–Mehlum test,
Hansen's panel threshold regression and system GMM. Pure numpy/pandas/scipy/linearmodels; no
import of any other part of the app. Every estimator returns a :class:`PanelFit`.
"""

from clusterpolicy.metrics.panel._fit import TERM_COLUMNS, PanelFit, terms_table
from clusterpolicy.metrics.panel.gmm import system_gmm
from clusterpolicy.metrics.panel.linear import (
    fixed_effects,
    linear_panel,
    pooled_ols,
    quadratic,
    turning_point,
)
from clusterpolicy.metrics.panel.threshold import lr_critical, threshold_regression

__all__ = [
    "TERM_COLUMNS",
    "PanelFit",
    "fixed_effects",
    "linear_panel",
    "lr_critical",
    "pooled_ols",
    "quadratic",
    "system_gmm",
    "terms_table",
    "threshold_regression",
    "turning_point",
]
