"""Names → codes over the whole import, and the ``regions`` / ``industries`` lookups.

Region names without a code take, in order: the code the same name has elsewhere in the import
(a sheet with both columns), a GB/T 2260 province (official, short, English name or a documented
alias, :mod:`clusterpolicy.model.codes`), ``_TOTAL`` for a total name in reference / region data,
else the name itself (listed in one ``unknown_region_names`` warning). Industry names: a GB/T
4754-2017 division title, else the name (``unknown_industry_names``). The lookups carry the names
seen, the English names of the code tables, the NBS 东部/中部/西部/东北 group of whole provinces and
the ``is_reference`` flag of reference areas.
"""

from __future__ import annotations

import pandas as pd

from clusterpolicy.io.headers import is_total_name, norm
from clusterpolicy.io.validate import info, warning
from clusterpolicy.messages import Problem
from clusterpolicy.model.codes import (
    division_by_name,
    division_record,
    province_record,
    region_group,
)
from clusterpolicy.model.tables import TOTAL_INDUSTRY, TOTAL_REGION


def resolve_names(
    frames: dict[str, pd.DataFrame], problems: list[Problem], sources
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fill region_code / industry_code from names; build the regions / industries lookups."""
    names_zh: dict[str, str] = {}
    names_en: dict[str, str] = {}
    known = _known_region_codes(frames, names_zh, names_en)
    unknown = _region_codes(frames, known, names_zh, names_en)
    if unknown:
        problems.append(_unknown("region", unknown, sources))
    ind_names: dict[str, str] = {}
    ind_sec: dict[str, str] = {}
    ind_en: dict[str, str] = {}
    unknown_ind = _industry_codes(frames, ind_names, ind_sec, ind_en)
    if unknown_ind:
        problems.append(_unknown("industry", unknown_ind, sources))
    regions = _regions_lookup(frames, names_zh, names_en, problems)
    return regions, _industries_lookup(ind_names, ind_sec, ind_en)


def _known_region_codes(frames, names_zh, names_en) -> dict[str, str]:
    """Normalised name → code, for names that appear with a code somewhere in the import."""
    known: dict[str, str] = {}
    for f in frames.values():
        if "region_code" in f and "_region_name" in f:
            both = f[f["region_code"].notna() & f["_region_name"].notna()][
                ["region_code", "_region_name"]
            ].drop_duplicates()
            for code, name in both.itertuples(index=False):
                known.setdefault(norm(name), code)
                names_zh.setdefault(code, name)
        if "region_code" in f and "_region_en" in f:
            both = f[f["region_code"].notna() & f["_region_en"].notna()][
                ["region_code", "_region_en"]
            ].drop_duplicates()
            for code, name in both.itertuples(index=False):
                names_en.setdefault(code, name)
    return known


def _region_codes(frames, known, names_zh, names_en) -> dict[str, tuple[int, int]]:
    """Fill missing region codes from names (once per distinct name); the unknown names with
    the (source, row) where each first appears."""
    unknown: dict[str, tuple[int, int]] = {}
    for tname, f in frames.items():
        if "_region_name" not in f:
            continue
        if "region_code" not in f:
            f["region_code"] = pd.Series(pd.NA, index=f.index, dtype="string")
        need = f["region_code"].isna() & f["_region_name"].notna()
        if not need.any():
            continue
        mapping: dict[str, str] = {}
        for name in f.loc[need, "_region_name"].unique():
            k = norm(name)
            prov = None if k in known else province_record(name, aliases=True)
            if k in known:
                mapping[name] = known[k]
            elif prov is not None:
                mapping[name] = prov.code
                names_zh.setdefault(prov.code, prov.name_zh)
                names_en.setdefault(prov.code, prov.name_en)
            elif is_total_name(name) and tname in ("reference_data", "region_data"):
                mapping[name] = TOTAL_REGION
            else:
                mapping[name] = str(name)
                names_zh.setdefault(str(name), str(name))
                first = f.loc[need & f["_region_name"].eq(name)].iloc[0]
                unknown.setdefault(str(name), (int(first["_src"]), int(first["_row"])))
        f.loc[need, "region_code"] = f.loc[need, "_region_name"].map(mapping)
        for name in f.loc[need, "_region_name"].unique():
            names_zh.setdefault(mapping[name], str(name))
    return unknown


def _industry_codes(frames, ind_names, ind_sec, ind_en) -> dict[str, tuple[int, int]]:
    unknown_ind: dict[str, tuple[int, int]] = {}
    for f in frames.values():
        if "_industry_name" not in f:
            continue
        if "industry_code" not in f:
            f["industry_code"] = pd.Series(pd.NA, index=f.index, dtype="string")
        both = f[f["industry_code"].notna() & f["_industry_name"].notna()][
            ["industry_code", "_industry_name"]
        ].drop_duplicates()
        for code, name in both.itertuples(index=False):
            ind_names.setdefault(code, name)
        need = f["industry_code"].isna() & f["_industry_name"].notna()
        if not need.any():
            continue
        mp = {}
        for name in f.loc[need, "_industry_name"].unique():
            hit = division_by_name(norm(name)) or division_record(norm(name))
            if hit:
                mp[name] = hit.code
                ind_sec.setdefault(hit.code, hit.section)
                ind_en.setdefault(hit.code, hit.name_en)
            else:
                mp[name] = str(name)
                first = f.loc[need & f["_industry_name"].eq(name)].iloc[0]
                unknown_ind.setdefault(str(name), (int(first["_src"]), int(first["_row"])))
            ind_names.setdefault(mp[name], str(name))
        f.loc[need, "industry_code"] = f.loc[need, "_industry_name"].map(mp)
    for f in frames.values():
        if "industry_code" in f:
            for code in f["industry_code"].dropna().unique():
                ind_names.setdefault(code, "")
    return unknown_ind


def _unknown(kind: str, unknown: dict[str, tuple[int, int]], sources) -> Problem:
    src, row = next(iter(unknown.values()))
    fl, sh, _ = sources.get(src, ("", "", {}))
    lst = "、".join(list(unknown)[:15]) + (" …" if len(unknown) > 15 else "")
    if kind == "region":
        return warning(
            "unknown_region_names",
            f"以下地区名称没有代码，暂以名称作代码：{lst}。",
            f"Region names without a code, the name is used as the code: {lst}.",
            "在表中加一列“地区代码”，或使用标准名称。",
            "Add a region-code column or use standard names.",
            file=fl,
            sheet=sh,
            row=row,
        )
    return warning(
        "unknown_industry_names",
        f"以下行业名称没有代码，暂以名称作代码：{lst}。",
        f"Industry names without a code, the name is used as the code: {lst}.",
        "加一列“行业代码”（GB/T 4754）。",
        "Add an industry-code column (GB/T 4754).",
        file=fl,
        sheet=sh,
        row=row,
    )


def _regions_lookup(frames, names_zh, names_en, problems) -> pd.DataFrame:
    codes: set = set()
    refs: set = set()
    for tname, f in frames.items():
        if "region_code" not in f or not len(f):
            continue
        if tname == "reference_data":
            refs.update(f["region_code"].dropna().unique())
        elif tname == "region_data" and "_total" in f:  # a reference area's own region measures
            tot = f["_total"].fillna(False).astype(bool)
            refs.update(f.loc[tot, "region_code"].dropna().unique())
            codes.update(f.loc[~tot, "region_code"].dropna().unique())
        else:
            codes.update(f["region_code"].dropna().unique())
    regions = pd.DataFrame({"region_code": sorted(codes | refs)})
    regions["name_zh"] = regions["region_code"].map(lambda c: names_zh.get(c, ""))
    regions["name_en"] = regions["region_code"].map(lambda c: names_en.get(c, ""))
    regions["is_reference"] = regions["region_code"].isin(refs - codes)
    regions["group"] = nbs_groups(regions["region_code"], problems)
    return regions


def _industries_lookup(ind_names, ind_sec, ind_en) -> pd.DataFrame:
    for code in ind_names:  # codes given directly (e.g. "C21 家具制造业"): names from GB/T 4754
        if code not in ind_en or not ind_en[code]:
            hit = division_record(code)
            if hit is not None:
                ind_en[code] = hit.name_en
                ind_sec.setdefault(code, hit.section)
                if not ind_names.get(code):
                    ind_names[code] = hit.name_zh
    inds = pd.DataFrame({"industry_code": sorted(c for c in ind_names if c != TOTAL_INDUSTRY)})
    inds["name_zh"] = inds["industry_code"].map(lambda c: ind_names.get(c, ""))
    inds["name_en"] = inds["industry_code"].map(lambda c: ind_en.get(c, ""))
    inds["section"] = inds["industry_code"].map(
        lambda c: ind_sec.get(c, c[0] if c[:1].isalpha() and c[1:3].isdigit() else "")
    )
    return inds


def nbs_groups(codes: pd.Series, problems: list[Problem]) -> pd.Series:
    """NBS 东部/中部/西部/东北 group of province-level GB/T 2260 codes (``XX0000``), else NA.

    Only whole provinces get a group: counties of one province would all share it, which says
    nothing. A ``group`` column in region data still takes precedence downstream.
    """
    is_prov = codes.astype(str).str.fullmatch(r"\d{2}0000")
    groups = pd.Series(pd.NA, index=codes.index, dtype="string")
    if is_prov.any():
        groups[is_prov] = codes[is_prov].map(lambda c: region_group(c) or pd.NA)
        n = int(groups.notna().sum())
        if n:
            problems.append(
                info(
                    "nbs_groups_added",
                    f"按GB/T 2260省级代码为{n}个地区补充了东部/中部/西部/东北分组（用于组间/组内分解）。",
                    f"Added the NBS East/Central/West/Northeast group to {n} provinces from their"
                    " GB/T 2260 codes (for the between/within decomposition).",
                )
            )
    return groups
