"""Property tests (hypothesis): identities and invariances that must hold for any valid input."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clusterpolicy import metrics as M

SETTINGS = settings(max_examples=60, deadline=None)

# zeros and ordinary magnitudes (subnormal floats are not amounts anyone reports)
cells = st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e6))
positive = st.floats(min_value=1.0, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def matrices(draw, min_rows=2, max_rows=8, min_cols=2, max_cols=6, elements=cells):
    r = draw(st.integers(min_rows, max_rows))
    c = draw(st.integers(min_cols, max_cols))
    a = draw(arrays(np.float64, (r, c), elements=elements))
    return pd.DataFrame(a, index=[f"r{i}" for i in range(r)], columns=[f"i{j}" for j in range(c)])


@SETTINGS
@given(matrices())
def test_employment_weighted_mean_lq_is_one(mat):
    lq = M.location_quotient(mat)
    e_j = mat.sum(axis=1)
    for ind in mat.columns:
        if mat[ind].sum() <= 0 or (e_j <= 0).all():
            assert lq[ind].isna().all() or (lq[ind].fillna(0) == 0).all()
            continue
        ok = e_j > 0
        w = (lq.loc[ok, ind] * e_j[ok]).sum() / e_j[ok].sum()
        assert np.isclose(w, 1.0, rtol=1e-9)


@SETTINGS
@given(matrices(elements=positive), st.data(), st.sampled_from(["dunn", "esteban"]))
def test_shift_share_components_sum_to_growth(e1, data, method):
    a2 = data.draw(arrays(np.float64, e1.shape, elements=cells))
    e2 = pd.DataFrame(a2, index=e1.index, columns=e1.columns)
    ss = M.shift_share(e1, e2, method=method)
    alloc = ss["allocation"].fillna(0.0)
    total = ss["national_share"] + ss["industry_mix"] + ss["regional_share"] + alloc
    # the identities hold exactly; in floating point the rounding of a sum is relative to its
    # largest term (Esteban–Marquillas terms reach 1e10 where their sum is 1e5)
    terms = [ss["national_share"], ss["industry_mix"], ss["regional_share"], alloc, ss["growth"]]
    scale = float(max(np.nanmax(np.abs(t.to_numpy(dtype=float))) for t in terms))
    tol = max(1e-6, 1e-12 * scale)
    assert np.allclose(total, ss["growth"], rtol=1e-9, atol=tol)
    assert np.allclose(
        ss["net_shift"], ss["industry_mix"] + ss["regional_share"] + alloc, rtol=1e-9, atol=tol
    )
    # industry rows add up to the region's ALL row
    detail = (
        ss[ss["industry_code"] != "ALL"].groupby("region_code")[["growth", "regional_share"]].sum()
    )
    allrows = ss[ss["industry_code"] == "ALL"].set_index("region_code")[
        ["growth", "regional_share"]
    ]
    assert np.allclose(detail.loc[allrows.index], allrows, rtol=1e-9, atol=1e-6)


@SETTINGS
@given(
    arrays(np.float64, st.integers(2, 30), elements=st.floats(0.1, 1e5)),
    st.data(),
)
def test_theil_decomposition_and_invariances(y, data):
    n = len(y)
    w = data.draw(arrays(np.float64, n, elements=st.floats(1, 1e6)))
    g = data.draw(arrays(np.int64, n, elements=st.integers(0, 3)))
    r = M.inequality_indices(y, weights=w, groups=g)
    assert np.isclose(r.theil_t_between + r.theil_t_within, r.theil_t, rtol=1e-9, atol=1e-12)
    assert np.isclose(r.theil_l_between + r.theil_l_within, r.theil_l, rtol=1e-9, atol=1e-12)
    assert 0 <= r.gini <= 1 and 0 <= M.inequality_indices(y).gini <= 1
    # scale invariance (values and weights) and row-order invariance
    perm = np.random.default_rng(n).permutation(n)
    r2 = M.inequality_indices(y[perm] * 7.5, weights=w[perm] * 3.0, groups=g[perm])
    for k, v in r.as_dict().items():
        assert np.isclose(r2.as_dict()[k], v, rtol=1e-8, atol=1e-12), k
    assert np.isclose(r2.theil_t_between, r.theil_t_between, rtol=1e-8, atol=1e-12)


@SETTINGS
@given(matrices(elements=st.floats(1, 1e5)))
def test_matrix_indices_invariant_to_scale_and_row_order(mat):
    spec = M.specialization_indices(mat)
    conc = M.concentration_indices(mat)
    shuffled = mat.sample(frac=1.0, random_state=1) * 1000.0
    spec2 = M.specialization_indices(shuffled).loc[spec.index]
    conc2 = M.concentration_indices(shuffled).loc[conc.index]
    pd.testing.assert_frame_equal(spec, spec2, rtol=1e-8, atol=1e-12)
    pd.testing.assert_frame_equal(conc, conc2, rtol=1e-8, atol=1e-12)
    assert ((conc["locational_gini"] >= -1e-12) & (conc["locational_gini"] <= 0.5)).all()
    assert ((spec["gini_lq"] >= 0) & (spec["gini_lq"] <= 1)).all()
    assert ((spec["hoover"] >= 0) & (spec["hoover"] <= 1 + 1e-12)).all()
