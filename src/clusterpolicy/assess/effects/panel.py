"""The region × year panel of the welfare-effects step, built from the canonical tables.

**Agglomeration** (the user's choice, seed 000 L84):

* ``lq_manufacturing`` — LQ of manufacturing employment, ``(M_r/E_r)/(M/E)`` with ``M`` the
  employment of the GB/T 4754 section C divisions (codes starting "C") and the denominators of
  :mod:`clusterpolicy.assess._panel` (explicit 合计 totals, a reference area, else sums).
* ``lq_industry`` — the same for a selected cluster family (``industries``: a list of codes,
  summed).
* ``density`` — manufacturing employment per km² (``region_data.manufacturing_employment``, else
  the section C sum, ÷ ``area_km2``).

When the LQ denominator changes between years (e.g. explicit totals only from 2008), only the
years with the most common denominator are kept and the others are listed as dropped.

**Outcomes**: ``disposable_income_pc``, ``manufacturing_employment`` (ln persons; region_data or
the section C sum), ``education_exp_pc``, ``health_exp_pc``, ``social_security_exp_pc`` (given or
total ÷ population, :func:`clusterpolicy.model.derive.with_per_capita`) and ``welfare_index``
(the equalization step's public-welfare index, per year over the compared regions).

**Controls** of seed 000 where the data has them (:data:`CONTROLS`); the ones the canonical tables
cannot give (human capital, capital, urbanisation) are read from ``region_data`` columns of
those names when an import added them, else listed as missing. Nothing is dropped silently:
``EffectsPanel.dropped`` lists every region-year left out and why, ``missing_controls`` every
control not available.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess.equalization import welfare_index
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.derive import with_per_capita

AGGLOMERATION = {
    "lq_manufacturing": ("制造业区位熵", "LQ of manufacturing"),
    "lq_industry": ("所选产业区位熵", "LQ of the selected industries"),
    "density": ("制造业就业密度（人/平方公里）", "Manufacturing employment density (persons/km²)"),
}
OUTCOMES = {
    "disposable_income_pc": ("居民人均可支配收入（元）", "Disposable income per capita (yuan)"),
    "manufacturing_employment": ("制造业就业（对数）", "Manufacturing employment (log)"),
    "education_exp_pc": ("人均教育支出（元）", "Education spending per capita (yuan)"),
    "health_exp_pc": ("人均卫生健康支出（元）", "Health spending per capita (yuan)"),
    "social_security_exp_pc": (
        "人均社会保障和就业支出（元）",
        "Social-security spending per capita (yuan)",
    ),
    "welfare_index": ("公共福利指数", "Public-welfare index"),
    "agglomeration": ("产业聚集（决定因素模型的被解释变量）", "Agglomeration (determinants model)"),
}
# control → (zh, en, how it is computed or which column it needs)
CONTROLS = {
    "gdp_pc": (
        "经济发展水平（人均GDP对数）",
        "Economic development (ln GDP per capita)",
        "gdp, population",
    ),
    "market_size": ("市场规模（GDP对数）", "Market size (ln GDP)", "gdp"),
    "openness": ("经济开放度（出口交货值/GDP）", "Openness (exports / GDP)", "exports, gdp"),
    "wages": (
        "工资水平（制造业平均工资对数）",
        "Wage level (ln manufacturing average wage)",
        "wages",
    ),
    "innovation": (
        "技术创新（每万名从业人员有效发明专利）",
        "Innovation (patents per 10,000 employees)",
        "patents, employment",
    ),
    "fiscal_decentralisation": (
        "财政分权（代理：一般公共预算收入/支出）",
        "Fiscal decentralisation (proxy: budget revenue / expenditure)",
        "fiscal_revenue, fiscal_expenditure",
    ),
    "human_capital": ("人力资本水平", "Human capital", "region_data column human_capital"),
    "capital": ("资本投入", "Capital input", "region_data column capital"),
    "urbanization": ("城镇化水平", "Urbanisation", "region_data column urbanization"),
}
# seed 000: the controls of each chapter's model
OUTCOME_CONTROLS = {
    "disposable_income_pc": ("human_capital", "capital", "openness"),  # ch. 5 (L78)
    "manufacturing_employment": ("wages", "capital", "human_capital", "openness", "innovation"),
    "education_exp_pc": ("gdp_pc", "urbanization", "fiscal_decentralisation", "openness"),
    "health_exp_pc": ("gdp_pc", "urbanization", "fiscal_decentralisation", "openness"),
    "social_security_exp_pc": ("gdp_pc", "urbanization", "fiscal_decentralisation", "openness"),
    "welfare_index": ("gdp_pc", "urbanization", "fiscal_decentralisation", "openness"),
    "agglomeration": ("market_size", "human_capital", "wages", "openness"),  # ch. 3 (L74)
}
SEED_CONTROLS_NOT_IN_DATA = {
    "disposable_income_pc": ("非公有制经济", "non-public economy"),
    "manufacturing_employment": ("进口依存度", "import dependence"),
    "education_exp_pc": ("政府公共服务偏好", "government public-service preference"),
    "health_exp_pc": ("政府公共服务偏好", "government public-service preference"),
    "social_security_exp_pc": ("政府公共服务偏好", "government public-service preference"),
    "welfare_index": ("政府公共服务偏好", "government public-service preference"),
    "agglomeration": (
        "运输成本、环境规制、沿海区位",
        "transport cost, environmental regulation, coastal location",
    ),
}


@dataclass
class EffectsPanel:
    """The panel (index region_code × year) and what was left out."""

    frame: pd.DataFrame
    agglomeration: str
    agglomeration_label: tuple[str, str]
    denominator: str = ""
    dropped: list[dict] = field(default_factory=list)
    missing_controls: list[dict] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    def years(self, column: str | None = None) -> list[int]:
        f = self.frame if column is None else self.frame.loc[self.frame[column].notna()]
        return sorted(int(y) for y in f.index.get_level_values(1).unique())

    def coverage(self) -> pd.DataFrame:
        """Per column: first and last year with data, observations, regions."""
        rows = []
        for c in self.frame.columns:
            s = self.frame[c].dropna()
            ys = s.index.get_level_values(1)
            rows.append(
                {
                    "column": c,
                    "first_year": int(ys.min()) if len(s) else None,
                    "last_year": int(ys.max()) if len(s) else None,
                    "n_obs": int(len(s)),
                    "n_regions": int(s.index.get_level_values(0).nunique()),
                }
            )
        return pd.DataFrame(rows)


def _section_codes(codes: Sequence[str], prefix: str = "C") -> list[str]:
    top = P.top_level_codes(list(codes))
    return [c for c in top if c.upper().startswith(prefix)]


def _lq_series(data, codes_fn, reference_code, compared) -> tuple[pd.Series, dict[int, str]]:
    out, sources = {}, {}
    for year in P.measure_years(data, "employment"):
        pan = P.lq_panel(data, "employment", year, reference_code)
        if pan is None:
            continue
        cols = codes_fn(list(pan.values.columns))
        if not cols:
            continue
        num = pan.values[cols].sum(axis=1, min_count=1) / pan.region_totals
        den = float(pan.reference[cols].sum()) / pan.reference_total
        lq = num / den if den > 0 else num * np.nan
        for r, v in lq.items():
            if str(r) in compared and np.isfinite(v):
                out[(str(r), int(year))] = float(v)
        sources[int(year)] = pan.denominator
    s = pd.Series(out, dtype="float64")
    if len(s):
        s.index = pd.MultiIndex.from_tuples(s.index, names=["region_code", "year"])
    return s, sources


def _industry_sum(data: CanonicalData, measure: str, codes_fn) -> pd.Series:
    df = data.industry_data
    if measure not in df.columns or not df[measure].notna().any():
        return pd.Series(dtype="float64")
    codes = codes_fn(sorted(str(c) for c in df["industry_code"].unique()))
    sub = df.loc[df["industry_code"].astype(str).isin(codes) & df[measure].notna()]
    s = sub.groupby([sub["region_code"].astype(str), sub["year"].astype(int)])[measure].sum()
    s.index.names = ["region_code", "year"]
    return s.astype("float64")


def _weighted_wage(data: CanonicalData, codes_fn) -> pd.Series:
    df = data.industry_data
    if "wages" not in df.columns or not df["wages"].notna().any():
        return pd.Series(dtype="float64")
    codes = codes_fn(sorted(str(c) for c in df["industry_code"].unique()))
    sub = df.loc[
        df["industry_code"].astype(str).isin(codes) & df["wages"].notna() & df["employment"].notna()
    ].copy()
    sub["wb"] = sub["wages"] * sub["employment"]
    g = sub.groupby([sub["region_code"].astype(str), sub["year"].astype(int)])
    s = g["wb"].sum() / g["employment"].sum()
    s.index.names = ["region_code", "year"]
    return s.astype("float64")


def _region_frame(data: CanonicalData, compared: set[str], profile: Profile) -> pd.DataFrame:
    rd = with_per_capita(data.region_data)
    rd["region_code"] = rd["region_code"].astype(str)
    rd["year"] = rd["year"].astype(int)
    rd = rd.loc[rd["region_code"].isin(compared)]
    rd = rd.drop_duplicates(["region_code", "year"]).set_index(["region_code", "year"]).sort_index()
    if len(rd):
        parts = []
        for _, fy in rd.groupby(level=1):
            parts.append(welfare_index(fy, profile))
        rd["welfare_index"] = pd.concat(parts) if parts else np.nan
    return rd


def build_panel(
    data: CanonicalData,
    profile: Profile,
    *,
    agglomeration: str = "lq_manufacturing",
    industries: Sequence[str] | None = None,
    reference_code: str | None = None,
    years: tuple[int | None, int | None] = (None, None),
) -> EffectsPanel:
    """The panel of every outcome and control against the chosen agglomeration measure."""
    if agglomeration not in AGGLOMERATION:
        raise ValueError(
            f"agglomeration {agglomeration!r} must be one of {sorted(AGGLOMERATION)}"
            f" / 聚集指标须为 {sorted(AGGLOMERATION)} 之一"
        )
    compared = set(data.region_codes())
    manuf = _section_codes
    if agglomeration == "lq_industry":
        chosen = [str(c) for c in (industries or [])]
        if not chosen:
            raise ValueError(
                "lq_industry needs the industry codes of the cluster family / 请指定产业代码"
            )

        def codes_fn(cols):
            return [c for c in cols if c in chosen]

        label = AGGLOMERATION["lq_industry"]
        label = (f"{label[0]}（{'、'.join(chosen)}）", f"{label[1]} ({', '.join(chosen)})")
    else:
        codes_fn, label = manuf, AGGLOMERATION[agglomeration]
    rd = _region_frame(data, compared, profile)
    dropped: list[dict] = []
    notes: list[tuple[str, str]] = []
    denominator = ""
    manuf_emp = _industry_sum(data, "employment", manuf)
    if "manufacturing_employment" in rd and rd["manufacturing_employment"].notna().any():
        memp = rd["manufacturing_employment"].combine_first(manuf_emp.reindex(rd.index))
        memp = memp.combine_first(manuf_emp)
    else:
        memp = manuf_emp
    if agglomeration == "density":
        area = rd["area_km2"] if "area_km2" in rd else pd.Series(dtype="float64")
        if not area.notna().any():
            agg = pd.Series(dtype="float64")
            notes.append(
                (
                    "数据中没有行政区域面积（area_km2），无法计算制造业就业密度",
                    "the data have no area (area_km2): manufacturing employment density cannot be computed",
                )
            )
        else:
            agg = (memp / area.reindex(memp.index)).dropna()
        denominator = "manufacturing employment / area_km2"
    else:
        agg, sources = _lq_series(data, codes_fn, reference_code, compared)
        if sources:
            counts = pd.Series(sources).value_counts()
            best = counts.index[0]
            denominator = best
            other = sorted(y for y, s in sources.items() if s != best)
            if other:
                mask = agg.index.get_level_values(1).isin(other)
                for r, y in agg.index[mask]:
                    dropped.append(
                        {
                            "region_code": r,
                            "year": int(y),
                            "reason_zh": "该年区位熵的分母口径与其他年份不同（"
                            f"{sources[int(y)]}），为免口径断点而剔除",
                            "reason_en": f"the LQ denominator of this year differs ({sources[int(y)]})"
                            " from the other years; left out to avoid a break",
                        }
                    )
                agg = agg[~mask]
    lo, hi = years
    frame = pd.DataFrame(index=rd.index.union(agg.index) if len(agg) else rd.index)
    frame["agglomeration"] = agg
    for out in OUTCOMES:
        if out == "agglomeration":
            continue
        if out == "manufacturing_employment":
            v = memp.where(memp > 0)
            frame[out] = np.log(v).reindex(frame.index) if len(v) else np.nan
        else:
            frame[out] = rd[out].reindex(frame.index) if out in rd else np.nan
    frame = _add_controls(frame, rd, data, manuf)
    frame.index.names = ["region_code", "year"]
    yrs = frame.index.get_level_values(1)
    keep = np.ones(len(frame), dtype=bool)
    if lo is not None:
        keep &= yrs >= lo
    if hi is not None:
        keep &= yrs <= hi
    frame = frame.loc[keep].sort_index()
    missing = [
        {
            "control": c,
            "label_zh": CONTROLS[c][0],
            "label_en": CONTROLS[c][1],
            "needs": CONTROLS[c][2],
        }
        for c in CONTROLS
        if c not in frame.columns or not frame[c].notna().any()
    ]
    return EffectsPanel(frame, agglomeration, label, denominator, dropped, missing, notes)


def _col(rd: pd.DataFrame, name: str, index) -> pd.Series:
    if name in rd.columns:
        return pd.to_numeric(rd[name], errors="coerce").astype("float64").reindex(index)
    return pd.Series(np.nan, index=index, dtype="float64")


def _add_controls(frame, rd, data, manuf) -> pd.DataFrame:
    idx = frame.index
    gdp, pop = _col(rd, "gdp", idx), _col(rd, "population", idx)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["gdp_pc"] = np.log((gdp / pop).where((gdp > 0) & (pop > 0)))
        frame["market_size"] = np.log(gdp.where(gdp > 0))
        exports = _industry_sum(data, "exports", lambda c: P.top_level_codes(c)).reindex(idx)
        frame["openness"] = (exports / gdp).where(gdp > 0)
        wage = _weighted_wage(data, manuf).reindex(idx)
        frame["wages"] = np.log(wage.where(wage > 0))
        pat = _industry_sum(data, "patents", lambda c: P.top_level_codes(c)).reindex(idx)
        emp = _industry_sum(data, "employment", lambda c: P.top_level_codes(c)).reindex(idx)
        frame["innovation"] = (pat / emp * 1e4).where(emp > 0)
        rev, exp_ = _col(rd, "fiscal_revenue", idx), _col(rd, "fiscal_expenditure", idx)
        frame["fiscal_decentralisation"] = (rev / exp_).where(exp_ > 0)
    for extra in ("human_capital", "capital", "urbanization"):
        frame[extra] = _col(rd, extra, idx)
    for c in CONTROLS:
        if c in frame and not frame[c].notna().any():
            frame[c] = math.nan
    return frame
