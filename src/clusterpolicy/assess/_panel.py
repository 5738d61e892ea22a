"""Region × industry matrices out of :class:`CanonicalData`, for the assessment engines.

One job: turn the long canonical tables into the wide matrices and denominators that the
identification, life-cycle and equalization engines need, and say where each denominator came
from (so the evidence text can name it).

Denominators (methods.md §4.5, model/tables.py):

* the **regional total** ``E_r`` is the explicit all-industry total of ``industry_totals`` when the
  region has one for that measure and year, else the sum of the region's listed detail industries;
* the **reference** ``E_c`` / ``E`` comes from ``reference_data`` (a 全国/全省/合计 row set) when it has
  the measure for that year, else from the sums over all listed regions.

Location quotient: ``LQ_rc = (E_rc / E_r) / (E_c / E)``.

The panel names its denominators three ways: ``denominator`` (a compact formula text for the
workbook's ``denominator`` column) and ``denominator_zh`` / ``denominator_en`` (a sentence for the
evidence columns). Numbers in evidence sentences go through :mod:`clusterpolicy.text.formats`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterpolicy import metrics
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.tables import TOTAL_INDUSTRY


@dataclass(frozen=True)
class LQPanel:
    """One measure in one year: detail matrix, denominators and the LQ matrix.

    ``values``: regions × industries (NaN where absent); ``region_totals``: E_r per region;
    ``reference``: E_c per industry; ``reference_total``: E; ``lq``: the LQ matrix;
    ``totals_source`` / ``reference_source``: text naming the denominators used.
    """

    measure: str
    year: int
    values: pd.DataFrame
    region_totals: pd.Series
    reference: pd.Series
    reference_total: float
    lq: pd.DataFrame
    totals_source: str
    reference_source: str
    denominator_zh: str = ""
    denominator_en: str = ""
    reference_code: str = ""  # "" = the sum over the regions loaded
    reference_kind: str = "loaded_regions"
    reference_name_zh: str = ""
    reference_name_en: str = ""

    @property
    def denominator(self) -> str:
        return f"{self.totals_source}; {self.reference_source}"

    def share(self) -> pd.DataFrame:
        """Focus: E_rc / E_r (share of the industry in the region's total)."""
        return self.values.div(self.region_totals, axis=0)


def has_measure(data: CanonicalData, measure: str, table: str = "industry_data") -> bool:
    df = data.table(table)
    return measure in df.columns and bool(df[measure].notna().any())


def measure_years(data: CanonicalData, measure: str) -> list[int]:
    """Years in which ``industry_data`` holds at least one value of ``measure``."""
    df = data.industry_data
    if not has_measure(data, measure):
        return []
    return sorted(int(y) for y in df.loc[df[measure].notna(), "year"].unique())


def measure_matrix(data: CanonicalData, measure: str, year: int) -> pd.DataFrame:
    """Regions × industries matrix of ``measure`` in ``year`` from the detail rows (NaN if absent)."""
    df = data.industry_data
    if measure not in df.columns:
        return pd.DataFrame(dtype="float64")
    sub = df.loc[
        (df["year"] == year) & df[measure].notna(), ["region_code", "industry_code", measure]
    ]
    if sub.empty:
        return pd.DataFrame(dtype="float64")
    mat = sub.pivot_table(
        index="region_code", columns="industry_code", values=measure, aggfunc="sum"
    )
    mat.index = mat.index.astype(str)
    mat.columns = mat.columns.astype(str)
    mat.index.name = "region_code"
    mat.columns.name = "industry_code"
    return mat.astype("float64")


def top_level_codes(codes: list[str]) -> list[str]:
    """Codes that are not a sub-code (longer code with the same prefix) of another listed code."""
    out = []
    for c in codes:
        if not any(o != c and len(o) < len(c) and c.startswith(o) for o in codes):
            out.append(c)
    return out


def region_totals(
    data: CanonicalData, measure: str, year: int, values: pd.DataFrame
) -> tuple[pd.Series, str]:
    """E_r per region: explicit ``industry_totals`` where given, else the row sum of top-level codes."""
    totals, text, _n = _region_totals(data, measure, year, values)
    return totals, text


def _region_totals(
    data: CanonicalData, measure: str, year: int, values: pd.DataFrame
) -> tuple[pd.Series, str, int | None]:
    """:func:`region_totals` plus how many regions had an explicit total (None: all of them)."""
    cols = top_level_codes(list(values.columns))
    summed = values[cols].sum(axis=1, min_count=1)
    tot = data.industry_totals
    if measure in tot.columns and len(tot):
        t = tot.loc[(tot["year"] == year) & tot[measure].notna()]
        explicit = pd.Series(
            t[measure].to_numpy(dtype="float64"), index=t["region_code"].astype(str).to_numpy()
        )
        explicit = explicit[~explicit.index.duplicated()]
        if len(explicit):
            merged = explicit.reindex(values.index).fillna(summed)
            n_explicit = int(explicit.reindex(values.index).notna().sum())
            if n_explicit == len(values.index):
                return merged, "E_r = industry_totals", None
            return (
                merged,
                f"E_r = industry_totals ({n_explicit} regions), else sum of listed industries",
                n_explicit,
            )
    return summed, "E_r = sum of listed industries", 0


def reference_series(
    data: CanonicalData,
    measure: str,
    year: int,
    values: pd.DataFrame,
    totals: pd.Series,
    reference_code: str | None = None,
) -> tuple[pd.Series, float, str]:
    """E_c per industry and E: from ``reference_data`` when present, else sums over all regions."""
    ref = data.reference_data
    if measure in ref.columns and len(ref):
        r = ref.loc[(ref["year"] == year) & ref[measure].notna()]
        if reference_code is not None:
            r = r.loc[r["region_code"].astype(str) == reference_code]
        if len(r):
            code = str(r["region_code"].iloc[0])
            r = r.loc[r["region_code"].astype(str) == code]
            per = pd.Series(
                r[measure].to_numpy(dtype="float64"),
                index=r["industry_code"].astype(str).to_numpy(),
            )
            per = per[~per.index.duplicated()]
            total = per.get(TOTAL_INDUSTRY, np.nan)
            inds = per.drop(TOTAL_INDUSTRY, errors="ignore").reindex(values.columns)
            fallback = values.sum(axis=0, min_count=1)
            inds = inds.fillna(fallback)
            if not np.isfinite(total):
                total = float(totals.sum())
                return inds, total, f"E_c from reference_data {code}; E = sum of E_r"
            return inds, float(total), f"E_c, E from reference_data {code}"
    return (
        values.sum(axis=0, min_count=1),
        float(totals.sum()),
        "E_c, E = sums over all listed regions",
    )


def lq_panel(
    data: CanonicalData, measure: str, year: int, reference_code: str | None = None
) -> LQPanel | None:
    """The LQ panel of ``measure`` in ``year``, or ``None`` when the data has no such values."""
    values = measure_matrix(data, measure, year)
    if values.empty:
        return None
    totals, tsrc, n_explicit = _region_totals(data, measure, year, values)
    ref, ref_total, rsrc = reference_series(data, measure, year, values, totals, reference_code)
    lq = location_quotient(values, totals, ref, ref_total)
    zh, en = _denominator_sentences(data, n_explicit, rsrc)
    code = ""
    if "from reference_data" in rsrc:
        code = rsrc.split("reference_data ", 1)[1].split(";")[0].strip()
    kind, name_zh, name_en = reference_label(data, code, len(values.index))
    return LQPanel(
        measure,
        year,
        values,
        totals,
        ref,
        ref_total,
        lq,
        tsrc,
        rsrc,
        zh,
        en,
        code,
        kind,
        name_zh,
        name_en,
    )


_KIND_WORDS = {
    "nation": ("全国", "nation"),
    "province": ("省级", "province"),
    "prefecture": ("地级", "prefecture"),
    "area": ("参照区域", "reference area"),
}
_NATION_NAMES = {"全国", "中国", "china", "germany", "deutschland", "insgesamt", "nation"}


def reference_kind(code: str, name: str = "") -> str:
    """nation / province / prefecture / area of a reference code (GB/T 2260 structure: 100000 =
    the nation, xx0000 a province, xxxx00 a prefecture)."""
    c, n = str(code), str(name).strip().lower()
    if c == "100000" or n in _NATION_NAMES:
        return "nation"
    if len(c) == 6 and c.isdigit():
        if c.endswith("0000"):
            return "province"
        if c.endswith("00"):
            return "prefecture"
    return "area"


def reference_label(data: CanonicalData, code: str, n_regions: int) -> tuple[str, str, str]:
    """(kind, name_zh, name_en) of the LQ reference: a named area ("清源市合计（地级）") or the sum
    of the regions loaded ("所列10个地区合计") — never "全国" unless it is the nation."""
    if not code:
        return (
            "loaded_regions",
            f"所列{n_regions}个地区合计",
            f"the sum of the {n_regions} regions loaded",
        )
    zh, en = data.region_name(code, "zh"), data.region_name(code, "en")
    kind = reference_kind(code, zh)
    wz, we = _KIND_WORDS[kind]
    shown_zh = f"{code}，{wz}" if zh != code else wz
    shown_en = f"{code}, {we}" if en != code else we
    return kind, f"{zh}（{shown_zh}）", f"{en} ({shown_en})"


def _denominator_sentences(
    data: CanonicalData, n_explicit: int | None, reference_source: str
) -> tuple[str, str]:
    """(zh, en) sentence naming the LQ denominators, from :func:`region_totals`' count of explicit
    totals and :func:`reference_series`' source text."""
    if n_explicit is None:
        tz, te = "地区总量取自合计行", "regional totals from the all-industry total rows"
    elif n_explicit:
        tz = f"{n_explicit}个地区的总量取自合计行，其余为所列行业之和"
        te = f"regional totals from the total rows for {n_explicit} regions, else the sum of the listed industries"
    else:
        tz, te = "地区总量为所列行业之和", "regional totals = sum of the listed industries"
    if reference_source.startswith("E_c") and "from reference_data" in reference_source:
        code = reference_source.split("reference_data ", 1)[1].split(";")[0].strip()
        name_zh, name_en = data.region_name(code, "zh"), data.region_name(code, "en")
        shown_zh = name_zh if name_zh == code else f"{name_zh}（{code}）"
        shown_en = name_en if name_en == code else f"{name_en} ({code})"
        if "E = sum of E_r" in reference_source:
            rz = f"参照行业数取自{shown_zh}，参照总量为各地区总量之和"
            re_ = f"reference industry values from {shown_en}, reference total = sum of the regional totals"
        else:
            rz, re_ = f"参照数取自{shown_zh}", f"reference values from {shown_en}"
    else:
        rz, re_ = "参照数为所列全部地区之和", "reference = sum over all listed regions"
    return f"{tz}，{rz}", f"{te}; {re_}"


def location_quotient(
    mat: pd.DataFrame, region_totals: pd.Series, reference: pd.Series, reference_total: float
) -> pd.DataFrame:
    """``LQ_rc = (x_rc / x_r) / (X_c / X)`` via :func:`clusterpolicy.metrics.location_quotient`."""
    return metrics.location_quotient(
        mat, region_totals=region_totals, reference=reference, reference_total=reference_total
    ).astype("float64")


def cagr(v0: float, v1: float, years: float) -> float:
    """Compound annual growth rate ``(v1/v0)^(1/years) − 1`` (NaN if undefined), as a float."""
    try:
        v0, v1, years = float(v0), float(v1), float(years)
    except (TypeError, ValueError):
        return math.nan
    return float(metrics.cagr(v0, v1, years))


def percentile(values: np.ndarray, q: float) -> float:
    """Linear-interpolation percentile (numpy ``method="linear"`` = R type 7 = d3.quantile)."""
    v = np.asarray(values, dtype="float64")
    v = v[np.isfinite(v)]
    if v.size == 0:
        return math.nan
    return float(np.percentile(v, q, method="linear"))


def ols_slope(x: list[float] | np.ndarray, y: list[float] | np.ndarray) -> float:
    """Least-squares slope of y on x (NaN with fewer than 2 finite points)."""
    x = np.asarray(x, dtype="float64")
    y = np.asarray(y, dtype="float64")
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 2:
        return math.nan
    x, y = x[ok], y[ok]
    xm = x - x.mean()
    den = float((xm**2).sum())
    return float((xm * (y - y.mean())).sum() / den) if den else math.nan


def ge(x: float, c: float) -> bool:
    """``x ≥ c`` allowing for float rounding (1e-9 relative), so LQ = 1.5 computed as 1.4999… passes."""
    return bool(np.isfinite(x) and x >= c - 1e-9 * max(1.0, abs(c)))
