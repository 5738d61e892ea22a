"""Indicator tables for the results workbook (指标结果表), computed from :class:`CanonicalData`.

``compute_indicator_tables`` turns the canonical tables into the sheets ``lq``,
``specialization``, ``concentration``, ``shift_share`` and ``inequality``; every number comes
from :mod:`clusterpolicy.metrics` (formulas there). Choices made here:

* **Measures.** By default every *additive* industry measure that has values (employment,
  output, value added, revenue, firms, exports, R&D, patents, new-product sales); ratio measures
  such as the average wage (unit "…/person") have no meaningful LQ and are left out unless asked
  for in ``measures``.
* **Denominators.** ``e_j`` is the region's explicit all-industry total from ``industry_totals``
  where present, else the sum of its listed industries. ``e_i``/``e`` come from the reference
  area in ``reference_data`` (``reference_region``; when not given and reference rows exist, the
  nation "100000" if present, else the first code) for years where it has values, else from the
  sums over the listed regions. The ``denominator`` column says which, e.g.
  ``region_total/reference:100000`` or ``row_sum/column_sum``.
* **EG γ** (employment and output): from ``firm_data`` of the year when it holds the measure,
  with ``x`` from the regions' aggregate totals; otherwise approximated from the ``firms`` counts
  (``eg_approximate`` True); NaN without either.
* **Shift-share** between ``base_year`` and ``end_year`` (default: first and last year with data),
  reference growth from ``reference_data`` when it covers both years, else the listed regions;
  ``dunn_dynamic`` sums the year-on-year Dunn components over every year in between.
* **Inequality** for each per-capita column of ``region_data`` (``*_pc`` plus ``gdp_pc =
  gdp/population``; per-capita spending missing but given as a total is derived as
  total / population), each year, unweighted and population-weighted, with the Theil T/L
  between/within split by group — built by :func:`clusterpolicy.assess.inequality.inequality_table`,
  the same builder the equalization engine uses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy import metrics
from clusterpolicy.assess import inequality
from clusterpolicy.assess.inequality import INEQUALITY_COLUMNS, NO_GROUP  # noqa: F401 (re-export)
from clusterpolicy.metrics.shiftshare import COMPONENTS as SHIFT_SHARE_COMPONENTS
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.derive import with_per_capita
from clusterpolicy.model.tables import INDUSTRY_DATA, TOTAL_INDUSTRY
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress

LQ_COLUMNS = ["region_code", "industry_code", "year", "measure", "lq", "denominator"]
SPECIALIZATION_COLUMNS = [
    "region_code",
    "year",
    "measure",
    "hoover",
    "krugman",
    "krugman_others",
    "herfindahl",
    "entropy",
    "gini_lq",
    "herfindahl_norm",
    "herfindahl_equivalent",
    "hachman",
    "denominator",
]
CONCENTRATION_COLUMNS = [
    "industry_code",
    "year",
    "measure",
    "hoover",
    "locational_gini",
    "gini_lq",
    "krugman",
    "herfindahl",
    "eg_gamma",
    "eg_approximate",
    "krugman_others",
    "eg_G",
    "eg_H",
    "ms_gamma",
    "eg_firms",
]
SHIFT_SHARE_COLUMNS = [
    "region_code",
    "industry_code",
    "base_year",
    "end_year",
    "method",
    *SHIFT_SHARE_COMPONENTS,  # growth, national_share, industry_mix, regional_share, net_shift, allocation
    "measure",
    "reference",
]
NATION_CODE = "100000"


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def default_measures(data: CanonicalData) -> list[str]:
    """Additive industry measures with at least one value (ratio units like yuan/person excluded)."""
    present = data.available_measures("industry_data")
    return [m for m in present if "/" not in INDUSTRY_DATA.column(m).unit]


def _pick_reference_region(data: CanonicalData, reference_region: str | None) -> str | None:
    ref = data.reference_data
    if reference_region is not None:
        return str(reference_region)
    if not len(ref):
        return None
    codes = sorted(str(c) for c in ref["region_code"].dropna().unique())
    if not codes:
        return None
    return NATION_CODE if NATION_CODE in codes else codes[0]


def _reference_for(data: CanonicalData, code: str | None, year: int, measure: str):
    """(per-industry Series, total or None) of the reference area, or (None, None)."""
    if code is None:
        return None, None
    ref = data.reference_data
    rows = ref[(ref["region_code"].astype("string") == code) & (ref["year"] == year)]
    rows = rows[rows[measure].notna()] if measure in rows.columns else rows.iloc[0:0]
    if rows.empty:
        return None, None
    is_total = rows["industry_code"].astype("string") == TOTAL_INDUSTRY
    detail = (
        rows[~is_total].groupby(rows.loc[~is_total, "industry_code"].astype(str))[measure].sum()
    )
    total = float(rows.loc[is_total, measure].sum()) if is_total.any() else None
    if detail.empty:
        return None, None
    return detail, total


def _matrix(ind: pd.DataFrame, year: int, measure: str) -> pd.DataFrame:
    rows = ind[(ind["year"] == year) & ind[measure].notna()]
    if rows.empty:
        return pd.DataFrame()
    return rows.pivot_table(
        index="region_code", columns="industry_code", values=measure, aggfunc="sum"
    )


def _totals(data: CanonicalData, year: int, measure: str) -> pd.Series | None:
    t = data.industry_totals
    if not len(t) or measure not in t.columns:
        return None
    rows = t[(t["year"] == year) & t[measure].notna()]
    if rows.empty:
        return None
    return rows.groupby(rows["region_code"].astype(str))[measure].sum()


def _lq_block(data, mat, year, measure, ref_code):
    totals = _totals(data, year, measure)
    ref, ref_total = _reference_for(data, ref_code, year, measure)
    lq = metrics.location_quotient(
        mat, region_totals=totals, reference=ref, reference_total=ref_total
    )
    ref_label = f"reference:{ref_code}" if ref is not None else "column_sum"
    sources = metrics.lq_denominators(mat, totals, ref, ref_total)["region_source"]
    denom = (sources.astype(str) + "/" + ref_label).to_dict()
    return lq, totals, ref, ref_total, denom


def _eg_block(
    data: CanonicalData, mat: pd.DataFrame, year: int, measure: str, totals, ind: pd.DataFrame
):
    """DataFrame indexed by industry: eg_gamma, eg_approximate, eg_G, eg_H, ms_gamma, eg_firms."""
    e_j = metrics.lq_denominators(mat, totals)["e_j"]
    firms = data.firm_data
    if measure in ("employment", "output") and len(firms) and measure in firms.columns:
        f = firms[(firms["year"] == year) & firms[measure].notna()]
        f = f[f["region_code"].astype(str).isin(set(e_j.index.astype(str)))]
        if len(f):
            eg = metrics.ellison_glaeser_firms(
                f[measure].to_numpy(),
                f["region_code"].astype(str).to_numpy(),
                f["industry_code"].astype(str).to_numpy(),
                region_totals=e_j,
            )
            return pd.DataFrame(
                {
                    "eg_gamma": eg["gamma"],
                    "eg_approximate": False,
                    "eg_G": eg["G"],
                    "eg_H": eg["H"],
                    "ms_gamma": eg["ms_gamma"],
                    "eg_firms": eg["K"],
                }
            )
    if "firms" in ind.columns and measure != "firms":
        counts = _matrix(ind, year, "firms")
        if not counts.empty:
            eg = metrics.ellison_glaeser_matrix(
                mat, counts.reindex(index=mat.index, columns=mat.columns), totals
            )
            return pd.DataFrame(
                {
                    "eg_gamma": eg["gamma"],
                    "eg_approximate": True,
                    "eg_G": eg["G"],
                    "eg_H": eg["H"],
                    "ms_gamma": eg["ms_gamma"],
                    "eg_firms": counts.sum().reindex(mat.columns),
                }
            )
    return pd.DataFrame(index=mat.columns)


def _industry_tables(data, measures, ref_code, progress):
    ind = data.industry_data
    lq_parts, spec_parts, conc_parts = [], [], []
    years = sorted(int(y) for y in ind["year"].unique()) if len(ind) else []
    jobs = [(y, m) for m in measures for y in years]
    for k, (year, measure) in enumerate(jobs):
        progress(k / max(len(jobs), 1), f"区位熵与集中度 {measure} {year} / LQ and concentration")
        mat = _matrix(ind, year, measure)
        if mat.empty:
            continue
        lq, totals, ref, ref_total, denom = _lq_block(data, mat, year, measure, ref_code)
        present = ind[(ind["year"] == year) & ind[measure].notna()][
            ["region_code", "industry_code"]
        ]
        long = lq.stack(future_stack=True).rename("lq").reset_index()
        long.columns = ["region_code", "industry_code", "lq"]
        long = present.astype(str).merge(
            long.astype({"region_code": str, "industry_code": str}),
            on=["region_code", "industry_code"],
            how="left",
        )
        long["year"] = year
        long["measure"] = measure
        long["denominator"] = long["region_code"].map(denom)
        lq_parts.append(long[LQ_COLUMNS])

        spec = metrics.specialization_indices(mat, totals, ref, ref_total)
        spec = spec.rename_axis("region_code").reset_index()
        spec["year"] = year
        spec["measure"] = measure
        spec["denominator"] = spec["region_code"].map(denom)
        spec_parts.append(spec[SPECIALIZATION_COLUMNS])

        conc = metrics.concentration_indices(mat, totals, ref, ref_total)
        conc = conc.join(_eg_block(data, mat, year, measure, totals, ind))
        conc = conc.rename_axis("industry_code").reset_index()
        conc["year"] = year
        conc["measure"] = measure
        for c in CONCENTRATION_COLUMNS:
            if c not in conc.columns:
                conc[c] = np.nan
        conc_parts.append(conc[CONCENTRATION_COLUMNS])

    def cat(parts, cols):
        return pd.concat(parts, ignore_index=True) if parts else _empty(cols)

    lq_t, spec_t, conc_t = (
        cat(lq_parts, LQ_COLUMNS),
        cat(spec_parts, SPECIALIZATION_COLUMNS),
        cat(conc_parts, CONCENTRATION_COLUMNS),
    )
    if len(conc_t):
        conc_t["eg_approximate"] = conc_t["eg_approximate"].astype("boolean")
    for t in (lq_t, spec_t, conc_t):
        if len(t):
            t["year"] = t["year"].astype("int64")
    return lq_t, spec_t, conc_t


def _shift_share_table(data, measures, ref_code, base_year, end_year, progress):
    ind = data.industry_data
    parts = []
    for k, measure in enumerate(measures):
        progress(k / max(len(measures), 1), f"偏离-份额分析 {measure} / shift-share")
        rows = ind[ind[measure].notna()]
        years = sorted(int(y) for y in rows["year"].unique())
        if len(years) < 2:
            continue
        y0 = base_year if base_year is not None else years[0]
        y1 = end_year if end_year is not None else years[-1]
        if y0 not in years or y1 not in years or y0 >= y1:
            continue
        window = [y for y in years if y0 <= y <= y1]
        panel = {y: _matrix(ind, y, measure) for y in window}
        refs = {y: _reference_for(data, ref_code, y, measure)[0] for y in window}
        industries = set().union(*(set(p.columns) for p in panel.values()))
        use_ref = all(r is not None and industries <= set(r.index) for r in refs.values())
        ref_label = f"reference:{ref_code}" if use_ref else "column_sum"
        n = refs if use_ref else {y: None for y in window}
        for method in ("dunn", "esteban", "gerfin"):
            ss = metrics.shift_share(panel[y0], panel[y1], n[y0], n[y1], method=method)
            ss["method"] = method
            parts.append(ss.assign(base_year=y0, end_year=y1, measure=measure, reference=ref_label))
        dyn = metrics.dynamic_shift_share(panel, refs if use_ref else None, method="dunn")
        parts.append(
            dyn.assign(
                method="dunn_dynamic",
                base_year=y0,
                end_year=y1,
                measure=measure,
                reference=ref_label,
            )
        )
    if not parts:
        return _empty(SHIFT_SHARE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)[SHIFT_SHARE_COLUMNS]
    out["base_year"] = out["base_year"].astype("int64")
    out["end_year"] = out["end_year"].astype("int64")
    return out


def per_capita_indicators(region_data: pd.DataFrame) -> list[str]:
    """``*_pc`` columns with values, plus ``gdp_pc`` when gdp and population both have values.

    Per-capita spending columns count when they can be derived from their totals
    (:func:`clusterpolicy.model.derive.with_per_capita`)."""
    return inequality.per_capita_indicators(with_per_capita(region_data))


def _inequality_table(data: CanonicalData, ref_code: str | None, progress) -> pd.DataFrame:
    frame = inequality.region_frame(data, ref_code)
    if not len(frame):
        return inequality.inequality_table(frame, [])
    comp = frame.loc[~frame["is_reference_area"]]
    return inequality.inequality_table(frame, per_capita_indicators(comp), progress)


def compute_indicator_tables(
    data: CanonicalData,
    *,
    measures=None,
    reference_region=None,
    base_year=None,
    end_year=None,
    progress: ProgressCallback | None = None,
) -> dict[str, pd.DataFrame]:
    """The results-workbook sheets ``lq``, ``specialization``, ``concentration``, ``shift_share``
    and ``inequality`` (columns in the module constants ``*_COLUMNS``; choices in the module
    docstring). ``progress(fraction, message)`` is called throughout; a :class:`Cancelled`
    raised by it propagates and no tables are returned.
    """
    report = ensure(progress)
    report(0.0, "准备指标计算 / preparing indicators")
    if measures is None:
        measures = default_measures(data)
    else:
        measures = [m for m in measures if m in data.industry_data.columns]
    ref_code = _pick_reference_region(data, reference_region)

    lq_t, spec_t, conc_t = _industry_tables(
        data, measures, ref_code, sub_progress(report, 0.02, 0.6)
    )
    ss_t = _shift_share_table(
        data, measures, ref_code, base_year, end_year, sub_progress(report, 0.6, 0.8)
    )
    ineq_t = _inequality_table(data, ref_code, sub_progress(report, 0.8, 0.99))
    report(1.0, "指标计算完成 / indicators done")
    return {
        "lq": lq_t,
        "specialization": spec_t,
        "concentration": conc_t,
        "shift_share": ss_t,
        "inequality": ineq_t,
    }
