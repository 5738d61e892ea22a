"""Defined behaviour for zeros, NaN, empty regions/industries, a single region, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterpolicy import metrics as M

MAT = pd.DataFrame(
    {"a": [10.0, 0.0, 30.0, 0.0], "b": [5.0, 0.0, 5.0, 0.0], "none": [0.0, 0.0, 0.0, 0.0]},
    index=["r1", "empty", "r3", "r4"],
)
MAT.loc["r4", "a"] = 20.0


def test_region_without_employment_and_industry_present_nowhere():
    lq = M.location_quotient(MAT)
    assert lq.loc["empty"].isna().all()  # 0/0: region with no employment
    assert lq["none"].isna().all()  # industry present nowhere
    assert lq.loc["r1", "a"] == pytest.approx((10 / 15) / (60 / 70))
    spec = M.specialization_indices(MAT)
    assert spec.loc["empty"].isna().all()
    assert (
        spec.loc[["r1", "r3", "r4"], ["hoover", "krugman", "herfindahl", "entropy"]]
        .notna()
        .all()
        .all()
    )
    conc = M.concentration_indices(MAT)
    assert conc.loc["none"].isna().all()
    assert conc.loc["a"].notna().all()


def test_nan_cells_count_as_zero():
    with_nan = MAT.copy()
    with_nan.loc["r1", "none"] = np.nan
    pd.testing.assert_frame_equal(M.location_quotient(with_nan), M.location_quotient(MAT))


def test_single_region():
    one = MAT.loc[["r1"]]
    lq = M.location_quotient(one)
    assert lq.loc["r1", "a"] == pytest.approx(1.0)
    assert M.krugman_vs_others(one).isna().all()  # no other region to compare with
    assert M.hoover_specialization(one).iloc[0] == pytest.approx(0.0)
    r = M.inequality_indices([42.0])
    assert r.gini == 0 and r.theil_t == 0 and r.cv == 0 and np.isnan(r.cv_sample)


@pytest.mark.parametrize(
    "call",
    [
        lambda: M.location_quotient(MAT * -1),
        lambda: M.inequality_indices([1.0, -2.0]),
        lambda: M.inequality_indices([1.0, 2.0], weights=[1.0, -1.0]),
        lambda: M.shift_share(MAT, MAT, n1=pd.Series({"a": -1.0})),
        lambda: M.ellison_glaeser_firms([-5, 3], ["x", "y"]),
        lambda: M.location_quotient(pd.DataFrame({"a": ["x", "y"]})),
        lambda: M.location_quotient(pd.DataFrame()),
        lambda: M.shift_share(MAT, MAT, method="foo"),
    ],
)
def test_invalid_input_raises_bilingual_metric_error(call):
    with pytest.raises(M.MetricInputError) as exc:
        call()
    assert isinstance(exc.value, ValueError)
    assert exc.value.message_zh and exc.value.message_en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message_zh)


def test_region_totals_and_reference_denominators():
    mat = pd.DataFrame({"a": [10.0, 30.0], "b": [10.0, 10.0]}, index=["x", "y"])
    totals = pd.Series({"x": 100.0})  # y has no explicit total: falls back to its row sum
    lq = M.location_quotient(mat, region_totals=totals)
    assert lq.attrs["denominator"] == "mixed/column_sum"
    e = 100 + 40
    assert lq.loc["x", "a"] == pytest.approx((10 / 100) / (40 / e))
    assert lq.loc["y", "b"] == pytest.approx((10 / 40) / (20 / e))
    d = M.lq_denominators(mat, reference={"a": 400.0}, reference_total=1000.0)
    assert d["label"] == "row_sum/reference" and d["e"] == 1000.0
    lq_ref = M.location_quotient(mat, reference={"a": 400.0}, reference_total=1000.0)
    assert lq_ref.loc["y", "a"] == pytest.approx((30 / 40) / 0.4)
    assert lq_ref["b"].isna().all()  # industry missing from the reference: undefined


def test_shift_share_cells_with_zero_base():
    e1 = pd.DataFrame({"a": [0.0, 10.0], "b": [5.0, 5.0]}, index=["x", "y"])
    e2 = pd.DataFrame({"a": [4.0, 12.0], "b": [5.0, 6.0]}, index=["x", "y"])
    for method in ("dunn", "esteban"):
        ss = M.shift_share(e1, e2, method=method)
        cell = ss[(ss.region_code == "x") & (ss.industry_code == "a")].iloc[0]
        assert cell.growth == 4.0 and cell.national_share == 0.0
        assert cell.regional_share == pytest.approx(4.0)  # the new activity is all competitive
    g = M.shift_share(e1, e2, method="gerfin")
    assert np.isnan(g[(g.region_code == "x") & (g.industry_code == "a")].iloc[0].growth)
