"""The agglomeration–public-welfare band of seed 000 (L84): the zone of an LQ and its reading
(texts from the knowledge base, the band's edges from the active profile)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
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
]


def zone(lq: float, low: float, high: float) -> str:
    """``below`` (crowding-out) / ``within`` (turning points) / ``above`` (positive effect)."""
    return "below" if lq < low else ("above" if lq > high else "within")


def _sources(data, region, year, clusters) -> pd.DataFrame | None:
    if clusters is not None and len(clusters):
        c = clusters.loc[clusters["region_code"].astype(str) == region]
        if "candidate" in c and c["candidate"].astype(bool).any():
            c = c.loc[c["candidate"].astype(bool)]
        return c[["region_code", "industry_code", "year", "lq_employment"]].rename(
            columns={"lq_employment": "lq"}
        )
    years = P.measure_years(data, "employment")
    y = year if year in years else (years[-1] if years else None)
    pan = P.lq_panel(data, "employment", y) if y is not None else None
    if pan is None or region not in pan.lq.index:
        return None
    lq = pan.lq.loc[region].dropna()
    return pd.DataFrame(
        {
            "region_code": region,
            "industry_code": lq.index.astype(str),
            "year": y,
            "lq": lq.to_numpy(),
        }
    )


def band_rows(
    data: CanonicalData,
    region: str,
    year: int | None,
    clusters: pd.DataFrame | None,
    profile: Profile,
) -> pd.DataFrame:
    """The ``agglomeration_threshold`` sheet."""
    low = profile.value("equalization.agglomeration.band_low")
    high = profile.value("equalization.agglomeration.band_high")
    src = _sources(data, region, year, clusters)
    if src is None:
        return pd.DataFrame(columns=THRESHOLD_COLUMNS)
    rows = []
    for _, r in src.iterrows():
        lq = float(r["lq"])
        if not np.isfinite(lq):
            continue
        z = zone(lq, low, high)
        rows.append(
            {
                "region_code": region,
                "industry_code": str(r["industry_code"]),
                "year": int(r["year"]),
                "lq": lq,
                "band_low": low,
                "band_high": high,
                "zone": z,
                "reading_zh": profile.reading(z, "zh", low=low, high=high),
                "reading_en": profile.reading(z, "en", low=low, high=high),
            }
        )
    return pd.DataFrame(rows, columns=THRESHOLD_COLUMNS)
