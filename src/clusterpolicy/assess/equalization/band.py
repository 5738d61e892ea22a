"""The agglomeration–public-welfare band of seed 000 (L84), applied as the study applies it: to
the region's **overall manufacturing** LQ against the reference area (the nation, or the
province or prefecture — named), never to a single industry.

Manufacturing = section C of GB/T 4754-2017: the section row "C" when the data has one, else the
sum of the 2-digit divisions 13–43; ``LQ = (E_r,C / E_r) / (E_C / E)`` on the assessment's
measure with the same denominators as every other LQ (:mod:`clusterpolicy.assess._panel`).
Zones: below ``band_low`` → ``below`` (crowding-out), within → ``within`` (the estimated turning
points; sign uncertain), above ``band_high`` → ``above`` (positive effect). The reading and the
study's caveat come from the knowledge base (``readings/welfare_band.yaml``) with the band's
edges and the reference filled in from the active profile and the data.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess.shape import primary_measure
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData

THRESHOLD_COLUMNS = [
    "region_code",
    "industry_code",
    "year",
    "lq",
    "band_low",
    "band_high",
    "zone",
    "reading_zh",
    "reading_en",
    "measure",
    "reference_name_zh",
    "reference_name_en",
    "caveat_zh",
    "caveat_en",
]
MANUFACTURING = "C"


def zone(lq: float, low: float, high: float) -> str:
    """``below`` (crowding-out) / ``within`` (turning points) / ``above`` (positive effect)."""
    return "below" if lq < low else ("above" if lq > high else "within")


def _manufacturing_columns(cols) -> list[str]:
    if MANUFACTURING in cols:
        return [MANUFACTURING]
    out = []
    for c in cols:
        d = "".join(ch for ch in str(c) if ch.isdigit())
        if len(d) == 2 and 13 <= int(d) <= 43 and (not str(c)[:1].isalpha() or str(c)[:1] == "C"):
            out.append(c)
    return out


def manufacturing_lq(panel, region: str) -> float:
    """The region's manufacturing LQ in ``panel`` (NaN without manufacturing figures)."""
    cols = _manufacturing_columns(list(panel.values.columns))
    if not cols or region not in panel.values.index:
        return math.nan
    e = float(np.nansum(panel.values.loc[region, cols].to_numpy(dtype="float64")))
    ref = float(np.nansum(panel.reference.reindex(cols).to_numpy(dtype="float64")))
    tot = float(panel.region_totals.get(region, math.nan))
    if not (e > 0 and ref > 0 and tot > 0 and panel.reference_total > 0):
        return math.nan
    return (e / tot) / (ref / panel.reference_total)


def band_rows(
    data: CanonicalData,
    region: str,
    year: int | None,
    clusters: pd.DataFrame | None,
    profile: Profile,
) -> pd.DataFrame:
    """The ``agglomeration_threshold`` sheet: one row for the region's manufacturing (``clusters``
    is accepted for the old call and not used: the band never judges single industries)."""
    del clusters
    low = profile.value("equalization.agglomeration.band_low")
    high = profile.value("equalization.agglomeration.band_high")
    measure = primary_measure(data, year) if len(data.industry_data) else None
    if measure is None:
        return pd.DataFrame(columns=THRESHOLD_COLUMNS)
    years = P.measure_years(data, measure)
    y = year if year in years else (years[-1] if years else None)
    panel = P.lq_panel(data, measure, y) if y is not None else None
    lq = manufacturing_lq(panel, region) if panel is not None else math.nan
    if not np.isfinite(lq):
        return pd.DataFrame(columns=THRESHOLD_COLUMNS)
    z = zone(lq, low, high)
    kind = panel.reference_kind
    scope_zh = "与原研究口径相同，" if kind == "nation" else "口径与原研究（省份相对全国）不同，"
    scope_en = (
        "as in the study,"
        if kind == "nation"
        else "unlike the study (a province against the nation),"
    )
    caveat = {
        lang: profile.reading(
            "caveat",
            lang,
            reference=panel.reference_name_en if lang == "en" else panel.reference_name_zh,
            scope=scope_en if lang == "en" else scope_zh,
        )
        for lang in ("zh", "en")
    }
    row = {
        "region_code": region,
        "industry_code": MANUFACTURING,
        "year": int(y),
        "lq": lq,
        "band_low": low,
        "band_high": high,
        "zone": z,
        "reading_zh": profile.reading(z, "zh", low=low, high=high),
        "reading_en": profile.reading(z, "en", low=low, high=high),
        "measure": measure,
        "reference_name_zh": panel.reference_name_zh,
        "reference_name_en": panel.reference_name_en,
        "caveat_zh": caveat["zh"],
        "caveat_en": caveat["en"],
    }
    return pd.DataFrame([row], columns=THRESHOLD_COLUMNS)
