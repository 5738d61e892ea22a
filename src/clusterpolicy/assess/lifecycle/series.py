"""The yearly series of one region × industry over the window, and the statistical breaks in
them (known coverage changes from the knowledge base, and jumps found in the data)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.assess.lifecycle.trends import detect_breaks
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData


@dataclass
class Series:
    """``e`` the region's industry value, ``n`` the reference's, ``total`` the region's all-industry
    total, ``lq``, ``firms``; ``entropy`` (sub-industry Shannon entropy) and ``intensity``
    (new-product sales or R&D as a share of output) by year where the data has them."""

    years: np.ndarray
    e: np.ndarray
    n: np.ndarray
    total: np.ndarray
    lq: np.ndarray
    firms: np.ndarray
    entropy: dict = field(default_factory=dict)
    intensity: dict = field(default_factory=dict)

    @property
    def share(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.e / self.total

    def replaced(self, **arrays) -> Series:
        """A copy with some arrays replaced (the bootstrap's resampled series)."""
        out = Series(self.years, self.e, self.n, self.total, self.lq, self.firms)
        out.entropy, out.intensity = self.entropy, self.intensity
        for k, v in arrays.items():
            setattr(out, k, v)
        return out


@dataclass(frozen=True)
class Break:
    """A statistical break between ``year − 1`` and ``year``: ``known`` (a listed coverage change,
    handled by splitting the window) or detected (flagged only)."""

    year: int
    series: str  # "e", "n", "total" or "all"
    jump: float  # log points (NaN for a known break without a measured jump)
    known: bool
    text_zh: str = ""
    text_en: str = ""


def _entropy(values: pd.Series) -> float:
    v = values[values > 0].to_numpy(dtype="float64")
    if v.size < 2:
        return math.nan
    p = v / v.sum()
    return float(-(p * np.log(p)).sum())


def _cell(pan, region: str, ind: str) -> tuple[float, float, float, float]:
    if pan is None or region not in pan.values.index or ind not in pan.values.columns:
        return (math.nan,) * 4
    return (
        float(pan.values.at[region, ind]),
        float(pan.reference.get(ind, math.nan)),
        float(pan.region_totals.get(region, math.nan)),
        float(pan.lq.at[region, ind]),
    )


def build_series(
    data: CanonicalData, panels: dict, region: str, ind: str, years: list[int], measure: str
) -> Series:
    """The series of ``ind`` in ``region`` from the LQ panels of ``measure`` by year."""
    df = data.industry_data
    sel = df.loc[df["region_code"].astype(str) == region]
    codes = sel["industry_code"].astype(str)
    own = sel.loc[codes == ind]
    subs = sel.loc[codes.str.startswith(ind) & (codes != ind)]
    cells = np.array([_cell(panels.get(y), region, ind) for y in years], dtype="float64")
    firms = []
    s = Series(np.asarray(years), cells[:, 0], cells[:, 1], cells[:, 2], cells[:, 3], np.array([]))
    for y in years:
        row = own.loc[own["year"] == y]
        f = row["firms"].iloc[0] if len(row) and "firms" in row else math.nan
        firms.append(float(f) if pd.notna(f) else math.nan)
        if len(row) and "output" in row and pd.notna(row["output"].iloc[0]):
            out = float(row["output"].iloc[0])
            for m in ("new_product_sales", "rd_expenditure"):
                if out > 0 and m in row and pd.notna(row[m].iloc[0]):
                    s.intensity.setdefault(m, {})[y] = float(row[m].iloc[0]) / out
        if len(subs) and measure in subs:
            h = _entropy(subs.loc[subs["year"] == y, measure].dropna())
            if np.isfinite(h):
                s.entropy[y] = h
    s.firms = np.asarray(firms, dtype="float64")
    return s


def known_breaks(profile: Profile, measure: str, region: str, years: list[int]) -> list[Break]:
    """Coverage changes listed in the profile's ``breaks`` files that fall inside the window
    (the year after the change and at least one year before it are in ``years``)."""
    out = []
    for f in profile.files_of("breaks"):
        for it in f.items:
            y = int(it["year"])
            if it.get("measure") != measure or not (years[0] < y <= years[-1]):
                continue
            pattern = it.get("region_pattern")
            if pattern and not re.fullmatch(str(pattern), str(region)):
                continue
            out.append(Break(y, "all", math.nan, True, it["text_zh"], it["text_en"]))
    return out


def found_breaks(s: Series, profile: Profile, known: list[Break]) -> list[Break]:
    """Jumps in the region's, the reference's or the region total's series that lie well beyond
    the series' own variation (:func:`~.trends.detect_breaks`); a jump in a known break year is
    reported with the known break, not twice."""
    k = profile.value("lifecycle.break.k")
    min_jump = profile.value("lifecycle.break.min_jump")
    known_years = {b.year for b in known}
    out = []
    for name in ("n", "total", "e"):
        for year, jump in detect_breaks(s.years, getattr(s, name), k, min_jump):
            if year in known_years:
                continue
            if any(b.year == year for b in out):
                continue
            out.append(Break(year, name, jump, False))
    return out
