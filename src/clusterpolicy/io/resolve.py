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

from collections import Counter

import numpy as np
import pandas as pd

from clusterpolicy.io.headers import is_total_name, norm
from clusterpolicy.io.validate import error, info, warning
from clusterpolicy.messages import Problem
from clusterpolicy.model.codes import (
    division_by_name,
    division_record,
    find_region,
    province_record,
    region_group,
    region_record,
)
from clusterpolicy.model.tables import TOTAL_INDUSTRY, TOTAL_REGION


def resolve_names(
    frames: dict[str, pd.DataFrame], problems: list[Problem], sources, answers=None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fill region_code / industry_code from names; build the regions / industries lookups.
    ``answers``: per source block, the mapping's ``region_codes`` (name → code)."""
    names_zh: dict[str, str] = {}
    names_en: dict[str, str] = {}
    parents: dict[str, str] = {}
    known = _known_region_codes(frames, names_zh, names_en)
    unknown = _region_codes(
        frames, known, names_zh, names_en, parents, answers or {}, problems, sources
    )
    if unknown:
        problems.append(_unknown("region", unknown, sources))
    ind_names: dict[str, str] = {}
    ind_sec: dict[str, str] = {}
    ind_en: dict[str, str] = {}
    unknown_ind = _industry_codes(frames, ind_names, ind_sec, ind_en)
    if unknown_ind:
        problems.append(_unknown("industry", unknown_ind, sources))
    regions = _regions_lookup(frames, names_zh, names_en, problems, parents)
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


def _region_codes(
    frames, known, names_zh, names_en, parents, answers, problems, sources
) -> dict[str, tuple[int, int]]:
    """Fill missing region codes from names, once per distinct (block, name, parent); returns
    the unknown names with the (source, row) where each first appears. Ambiguous names are
    located errors (a question) unless the mapping answers them."""
    unknown: dict[str, tuple[int, int]] = {}
    asked: set[str] = set()
    # the level hints of a block come from all its tables: a block's totals column may hold
    # only 河北 (北京 and 天津 reported "—"), which alone cannot tell 河北省 from 河北区
    every: dict[tuple, tuple[int | None, int]] = {}
    for f in frames.values():
        if "_region_name" in f and f["_region_name"].notna().any():
            every.update(_combos(f.loc[f["_region_name"].notna()]))
    levels = _level_hints(every)
    for tname, f in frames.items():
        if "_region_name" not in f:
            continue
        if "region_code" not in f:
            f["region_code"] = pd.Series(pd.NA, index=f.index, dtype="string")
        need = (f["region_code"].isna() & f["_region_name"].notna()).to_numpy()
        if not need.any():
            continue
        sub = f.loc[need]
        combos = _combos(sub)
        codes: dict[tuple, str] = {}
        for key, (year, row) in combos.items():
            src, name, parent = key
            code = _one_name(
                key, year, levels.get(src), tname, known, answers, names_zh, names_en, parents
            )
            if code is None:  # ambiguous: ask, once per name
                if name not in asked:
                    asked.add(name)
                    problems.append(_ambiguous(name, parent, year, src, row, sources, levels))
                code = str(name)
            elif code == "":
                code = str(name)
                names_zh.setdefault(code, str(name))
                unknown.setdefault(str(name), (int(src), int(row)))
            codes[key] = code
            names_zh.setdefault(code, str(name))
        keys = _combo_keys(sub)
        f.loc[need, "region_code"] = keys.map(
            {"\x1f".join(map(str, k)): v for k, v in codes.items()}
        ).to_numpy()
    return unknown


def _combo_keys(sub: pd.DataFrame) -> pd.Series:
    parent = sub["_region_parent"] if "_region_parent" in sub else pd.Series("", index=sub.index)
    return (
        sub["_src"].astype(str)
        + "\x1f"
        + sub["_region_name"].astype(str)
        + "\x1f"
        + parent.fillna("").astype(str)
    )


def _combos(sub: pd.DataFrame) -> dict[tuple, tuple[int | None, int]]:
    """(src, name, parent name) → (latest year, first row), one per distinct combination."""
    cols = ["_src", "_region_name"] + (["_region_parent"] if "_region_parent" in sub else [])
    g = sub.assign(
        _y=pd.to_numeric(sub["year"], errors="coerce") if "year" in sub else np.nan
    ).groupby(cols, sort=False, dropna=False)
    firsts = g["_row"].min()
    years = g["_y"].max().to_numpy(dtype="float64", na_value=np.nan)
    out: dict[tuple, tuple[int | None, int]] = {}
    for (k, row), y in zip(firsts.items(), years):
        k = k if isinstance(k, tuple) else (k,)
        src, name = int(k[0]), str(k[1])
        parent = "" if len(k) < 3 or pd.isna(k[2]) else str(k[2])
        out[(src, name, parent)] = (None if y != y else int(y), int(row))
    return out


def _level_hints(combos) -> dict[int, str]:
    """Per block, the level most of its unambiguous names have (province / prefecture /
    county): 吉林 among prefectures is the city."""
    counts: dict[int, Counter] = {}
    for src, name, _p in combos:
        res = find_region(name)
        if res.code and res.candidates:
            counts.setdefault(src, Counter())[res.candidates[0].level] += 1
    return {src: c.most_common(1)[0][0] for src, c in counts.items()}


def _one_name(key, year, level, tname, known, answers, names_zh, names_en, parents):
    """The code of one (src, name, parent): a str, "" when unknown, None when ambiguous."""
    src, name, parent = key
    given = answers.get(src, {}).get(name)
    if given:
        return str(given)
    k = norm(name)
    if k in known:
        return known[k]
    if is_total_name(name) and tname in ("reference_data", "region_data"):
        return TOTAL_REGION
    pcode = find_region(parent).code if parent else None
    res = find_region(name, year=year, parent=pcode, level=level)
    if res.code is None:
        return None if res.ambiguous else ""
    rec = region_record(res.code, year)
    prov = province_record(res.code)
    if prov is not None and prov.code == res.code:
        names_zh.setdefault(res.code, prov.name_zh)
        names_en.setdefault(res.code, prov.name_en)
    elif rec is not None:
        names_zh.setdefault(res.code, rec.name_zh)
    if pcode:
        parents.setdefault(res.code, pcode)
    elif rec is not None and rec.parent_code:
        parents.setdefault(res.code, rec.parent_code)
    return res.code


def _ambiguous(name, parent, year, src, row, sources, levels) -> Problem:
    fl, sh, _ = sources.get(src, ("", "", {}))
    res = find_region(name, year=year, level=levels.get(src))
    cands = "、".join(f"{c.name_zh}（{c.code}）" for c in _distinct(res.candidates)[:6])
    return error(
        "ambiguous_region",
        f"地区名称“{name}”可指多个地区：{cands}，无法确定是哪一个。",
        f"The region name '{name}' can mean several regions: {cands}; which one is meant cannot"
        " be told.",
        f"写全称（如“{_distinct(res.candidates)[0].name_zh}”），或在映射的 region_codes 中写明"
        f"“{name}”的代码。",
        f"Write the full name, or give the code of '{name}' in the mapping (region_codes).",
        file=fl,
        sheet=sh,
        row=row,
        value=str(name),
    )


def _distinct(cands):
    seen: dict[str, object] = {}
    for c in cands:
        seen.setdefault(c.code, c)
    return list(seen.values())


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


def _regions_lookup(frames, names_zh, names_en, problems, parents) -> pd.DataFrame:
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
    regions["parent_code"] = regions["region_code"].map(lambda c: parents.get(c, pd.NA))
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
