"""Pure, vectorised numpy/pandas metrics: specialisation, concentration, shift-share, growth,
inequality, agglomeration. No I/O, no UI, no rules, and no import of any other part of the app.

Matrices are ``pd.DataFrame`` with regions as the index and industries as the columns. Every
function's docstring states its formula; invalid input raises :class:`MetricInputError`
(a ``ValueError`` with Chinese and English text).
"""

from clusterpolicy.metrics._validate import MetricInputError
from clusterpolicy.metrics.agglomeration import (
    coagglomeration,
    coagglomeration_pairwise,
    eg_gamma,
    ellison_glaeser_firms,
    ellison_glaeser_matrix,
    litzenberger_sternberg,
    maurel_sedillot,
)
from clusterpolicy.metrics.concentration import (
    concentration_indices,
    herfindahl_regions,
    hoover_concentration,
    krugman_concentration,
    krugman_concentration_others,
    locational_gini,
)
from clusterpolicy.metrics.growth import (
    QUADRANTS,
    BetaConvergence,
    absolute_change,
    beta_convergence,
    cagr,
    growth_rate,
    lq_change,
    purdue_quadrants,
    sigma_convergence,
)
from clusterpolicy.metrics.inequality import INDEX_NAMES, InequalityResult, inequality_indices
from clusterpolicy.metrics.shiftshare import dynamic_shift_share, shift_share
from clusterpolicy.metrics.specialization import (
    gini_of_lqs,
    hachman,
    herfindahl,
    hoover_specialization,
    krugman_specialization,
    krugman_vs_others,
    location_quotient,
    lq_average,
    lq_denominators,
    region_shares,
    shannon_entropy,
    specialization_indices,
    standardized_lq,
)

__all__ = [
    "MetricInputError",
    # specialisation
    "location_quotient",
    "lq_denominators",
    "standardized_lq",
    "region_shares",
    "hoover_specialization",
    "krugman_specialization",
    "krugman_vs_others",
    "herfindahl",
    "shannon_entropy",
    "gini_of_lqs",
    "lq_average",
    "hachman",
    "specialization_indices",
    # concentration
    "hoover_concentration",
    "krugman_concentration",
    "krugman_concentration_others",
    "locational_gini",
    "herfindahl_regions",
    "concentration_indices",
    # agglomeration
    "eg_gamma",
    "maurel_sedillot",
    "ellison_glaeser_firms",
    "ellison_glaeser_matrix",
    "coagglomeration",
    "coagglomeration_pairwise",
    "litzenberger_sternberg",
    # shift-share
    "shift_share",
    "dynamic_shift_share",
    # growth and convergence
    "absolute_change",
    "growth_rate",
    "cagr",
    "lq_change",
    "purdue_quadrants",
    "QUADRANTS",
    "sigma_convergence",
    "beta_convergence",
    "BetaConvergence",
    # inequality
    "inequality_indices",
    "InequalityResult",
    "INDEX_NAMES",
]
