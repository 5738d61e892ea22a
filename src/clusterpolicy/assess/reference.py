"""A reference workbook (the province's or the nation's figures) imported beside the local one.

:func:`with_reference` returns a copy of the local data whose ``reference_data`` holds the
reference area's industry figures (one area: the code asked for, else the only region or the
reference area of the reference workbook, else the sum of its regions under the code
``REFERENCE``) and whose ``regions`` lookup names it and flags it ``is_reference``. The LQ
denominators then come from that area and every sentence names it.
"""

from __future__ import annotations

import pandas as pd

from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.tables import TOTAL_INDUSTRY, coerce_table

SUMMED = "REFERENCE"


def _pick(ref: CanonicalData, code: str | None) -> tuple[pd.DataFrame, str]:
    """The reference area's industry rows (detail plus a TOTAL row per year) and its code."""
    detail = pd.concat([ref.industry_data, ref.reference_data], ignore_index=True)
    detail["region_code"] = detail["region_code"].astype(str)
    codes = sorted(set(detail["region_code"]))
    if code is not None and str(code) in codes:
        chosen = str(code)
    elif len(codes) == 1:
        chosen = codes[0]
    elif len(ref.reference_data):
        chosen = str(ref.reference_data["region_code"].astype(str).iloc[0])
    else:
        chosen = ""
    measures = [
        c for c in ref.industry_data.columns if c not in ("region_code", "industry_code", "year")
    ]
    if chosen:
        rows = detail.loc[detail["region_code"] == chosen].copy()
    else:  # several regions and no reference area: their sum stands in for it
        chosen = str(code) if code is not None else SUMMED
        rows = (
            ref.industry_data.groupby(["industry_code", "year"], as_index=False)[measures]
            .sum(min_count=1)
            .assign(region_code=chosen)
        )
    tot = ref.industry_totals
    tot = tot.loc[tot["region_code"].astype(str) == chosen] if len(tot) else tot
    if len(tot) and not (rows["industry_code"].astype(str) == TOTAL_INDUSTRY).any():
        rows = pd.concat([rows, tot.assign(industry_code=TOTAL_INDUSTRY)], ignore_index=True)
    return rows, chosen


def with_reference(
    data: CanonicalData, reference: CanonicalData, code: str | None = None
) -> CanonicalData:
    """The local ``data`` with the reference workbook's area as the LQ reference (module doc)."""
    rows, chosen = _pick(reference, code)
    out = CanonicalData(**{k: getattr(data, k) for k in data.__dataclass_fields__})
    keep = data.reference_data
    if len(keep):
        keep = keep.loc[keep["region_code"].astype(str) != chosen]
    out.reference_data = coerce_table(pd.concat([keep, rows], ignore_index=True), "reference_data")
    regs = pd.concat([data.regions, reference.regions], ignore_index=True)
    if not (regs["region_code"].astype(str) == chosen).any():
        regs = pd.concat([regs, pd.DataFrame([{"region_code": chosen}])], ignore_index=True)
    regs["region_code"] = regs["region_code"].astype(str)
    regs = regs.drop_duplicates("region_code", keep="first")
    regs.loc[regs["region_code"] == chosen, "is_reference"] = True
    out.regions = coerce_table(regs, "regions")
    return out
