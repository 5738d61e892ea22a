"""Cluster families in the focal region: the members of each family (knowledge-base
``families`` files) found in the data, the family's own LQ, and whether its members are really
co-located here — the Ellison–Glaeser–Kerr pairwise co-agglomeration of the members across the
regions loaded, ``γ^c_ij = Σ_m (s_mi − x_m)(s_mj − x_m) / (1 − Σ_m x_m²)``
(:func:`clusterpolicy.metrics.coagglomeration_pairwise`), averaged over the member pairs, and
the share of members specialised in the focal region.

A family is **present** when at least one member has a value in the focal region; its LQ is
``(Σ_members E_rc / E_r) / (Σ_members E_c / E)`` on the assessment's measure. Co-location is
evidence, not a rule: γ^c > 0 means the members' regional shares move together beyond what the
regions' sizes explain.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from clusterpolicy import metrics
from clusterpolicy.assess.shape import measure_word
from clusterpolicy.knowledge import Profile
from clusterpolicy.text import formats as F

FAMILY_COLUMNS = [
    "region_code",
    "family_id",
    "label_zh",
    "label_en",
    "traded",
    "upgrading_path",
    "members",
    "members_total",
    "size",
    "lq",
    "members_lq",
    "specialised_members",
    "coagglomeration",
    "colocated",
    "colocation_r",
    "evidence_zh",
    "evidence_en",
]


def _digits(code: str) -> str:
    return "".join(ch for ch in str(code) if ch.isdigit())[:2]


def _members(panel, family: dict) -> list[str]:
    want = set(family.get("divisions", ()))
    return [
        c
        for c in panel.values.columns
        if len(_digits(c)) == 2
        and _digits(c) in want
        and len("".join(ch for ch in str(c) if ch.isdigit())) == 2
    ]


def _coagglomeration(panel, members: list[str]) -> float:
    if len(members) < 2:
        return math.nan
    mat = panel.values[members].fillna(0.0)
    try:
        g = metrics.coagglomeration_pairwise(mat, region_totals=panel.region_totals)
    except Exception:  # noqa: BLE001 - evidence only; a degenerate matrix gives no figure
        return math.nan
    vals = [g.loc[a, b] for a, b in itertools.combinations(members, 2)]
    vals = [v for v in vals if np.isfinite(v)]
    return float(np.mean(vals)) if vals else math.nan


def _row(panel, region: str, fam: dict, members: list[str], lq_min: float, measure: str) -> dict:
    vals = panel.values.loc[region, members]
    present = [m for m in members if np.isfinite(vals.get(m, np.nan))]
    size = float(np.nansum(vals.to_numpy(dtype="float64")))
    ref = float(np.nansum(panel.reference.reindex(members).to_numpy(dtype="float64")))
    tot = float(panel.region_totals.get(region, np.nan))
    lq = (
        (size / tot) / (ref / panel.reference_total)
        if tot and ref and panel.reference_total
        else math.nan
    )
    lqs = {m: float(panel.lq.at[region, m]) for m in present}
    spec = [m for m, v in lqs.items() if np.isfinite(v) and v >= lq_min]
    gc = _coagglomeration(panel, members)
    shown = "；".join(f"{m} {F.number(v)}" for m, v in lqs.items())
    shown_en = "; ".join(f"{m} {F.number(v, 2, 'en')}" for m, v in lqs.items())
    w, we = measure_word(measure), measure_word(measure, "en")
    if np.isfinite(gc):
        gz = f"成员在各地区的共同集聚指数γc为{F.number(gc, 4)}，" + (
            "各成员确在同一批地区集聚" if gc > 0 else "各成员并不在同一批地区集聚"
        )
        ge = f"co-agglomeration γc of the members across regions {F.number(gc, 4, 'en')}: " + (
            "they do cluster in the same regions"
            if gc > 0
            else "they do not cluster in the same regions"
        )
    else:
        gz, ge = (
            "只有一个成员在数据中，无法计算共同集聚",
            "only one member in the data, no co-agglomeration",
        )
    local_zh = (
        "" if fam.get("traded", True) else "；本地型产业族（服务本地市场），不按专业化认定集群"
    )
    local_en = (
        ""
        if fam.get("traded", True)
        else "; a local family (serves the local market): not judged by specialisation"
    )
    return {
        "region_code": region,
        "family_id": fam["id"],
        "label_zh": fam["label_zh"],
        "label_en": fam["label_en"],
        "traded": bool(fam.get("traded", True)),
        "upgrading_path": fam.get("upgrading_path", "technology"),
        "members": ",".join(present),
        "members_total": len(fam.get("divisions", ())),
        "size": size,
        "lq": lq,
        "members_lq": shown_en,
        "specialised_members": ",".join(spec),
        "coagglomeration": gc,
        "colocated": bool(np.isfinite(gc) and gc > 0),
        "colocation_r": fam.get("colocation_r", math.nan),
        "evidence_zh": f"{fam['label_zh']}：本地区有{len(present)}个成员大类（{shown}），族{w}区位熵{F.number(lq)}；{gz}{local_zh}",
        "evidence_en": f"{fam['label_en']}: {len(present)} member divisions here ({shown_en}), family {we} LQ "
        f"{F.number(lq, 2, 'en')}; {ge}{local_en}",
    }


def family_table(panel, region: str, profile: Profile, measure: str) -> pd.DataFrame:
    """The ``families`` sheet: one row per family with a member in the focal region."""
    lq_min = profile.value("identification.candidate.lq_min")
    rows = []
    if panel is not None and region in panel.values.index:
        for fam in profile.families():
            members = _members(panel, fam)
            if members and panel.values.loc[region, members].notna().any():
                rows.append(_row(panel, region, fam, members, lq_min, measure))
    out = pd.DataFrame(rows, columns=FAMILY_COLUMNS)
    return out.sort_values("lq", ascending=False, na_position="last").reset_index(drop=True)
