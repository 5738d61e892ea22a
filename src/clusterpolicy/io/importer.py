"""Import workbooks into :class:`~clusterpolicy.model.dataset.CanonicalData`.

``import_files(paths)`` reads every file (:func:`clusterpolicy.io.readers.read_workbook`),
proposes a mapping per sheet block (:mod:`layout`), replaces it by a given or stored confirmed
mapping of the same layout, extracts canonical pieces (:mod:`extract`), resolves region and
industry names to codes over the whole import, routes totals (all-industry totals →
``industry_totals``; industry measures of total / reference rows → ``reference_data``; region
measures of a reference area stay in ``region_data`` under its code, and the ``regions`` lookup
marks it ``is_reference``), combines the pieces (the same key from two places with different
values is an error; blocks of one table split across sheets, and the measures of a tidy table,
join on the key), checks (duplicates and year-on-year jumps vectorised over integer key ids,
:mod:`validate`), and returns an :class:`ImportResult`. Errors from all files are raised
together as one ``ProblemError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from clusterpolicy.io.codes import division_index, province_index
from clusterpolicy.io.columns import map_distinct
from clusterpolicy.io.extract import Piece, column_letters, extract
from clusterpolicy.io.headers import is_total_name, norm
from clusterpolicy.io.layout import detect_sheet
from clusterpolicy.io.mapping import MappingStore, SheetMapping, apply_confirmed
from clusterpolicy.io.validate import (
    duplicate_conflicts,
    duplicated_ids,
    error,
    group_ids,
    info,
    warning,
    yoy_jumps,
)
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model.codes import division, region_group
from clusterpolicy.model.dataset import PROVENANCE_COLUMNS, CanonicalData
from clusterpolicy.model.tables import TABLES, TOTAL_INDUSTRY, TOTAL_REGION, coerce_table
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress


@dataclass
class ImportResult:
    data: CanonicalData
    mappings: list[SheetMapping] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _read(path):
    from clusterpolicy.io.readers import read_workbook

    return read_workbook(path)


def _propose(wb, mappings, store) -> tuple[list[tuple[object, SheetMapping]], list[Problem]]:
    given = {}
    for m in mappings or []:
        given[(m.file, m.sheet, m.block)] = m
        given.setdefault(("sig", m.signature), m)
    out = []
    problems: list[Problem] = []
    previous: SheetMapping | None = (
        None  # last block of the previous sheet: 续表 blocks continue it
    )
    for sheet in wb.sheets:
        try:
            proposals = detect_sheet(sheet, previous)
        except (ValueError, TypeError, IndexError) as exc:  # a grid we cannot read: say where
            problems.append(
                error(
                    "unreadable_sheet",
                    f"无法识别表格结构：{exc}",
                    f"Cannot read the sheet layout: {exc}",
                    file=sheet.file,
                    sheet=sheet.sheet,
                )
            )
            continue
        if not proposals:
            has_numbers = any(
                isinstance(v, (int, float)) and not isinstance(v, bool)
                for r in sheet.rows[:200]
                for v in r
            )
            if has_numbers:
                problems.append(
                    error(
                        "no_header",
                        "找不到可识别的表头或数据区域。",
                        "No recognisable header or data area.",
                        "请确保表格有一行列标题（如 地区、年份、从业人员）。",
                        "Make sure the table has a header row (e.g. region, year, employment).",
                        file=sheet.file,
                        sheet=sheet.sheet,
                    )
                )
            elif sheet.n_rows:
                problems.append(
                    info(
                        "sheet_skipped",
                        "该工作表没有数据表格，已跳过。",
                        "No data table in this sheet; skipped.",
                        file=sheet.file,
                        sheet=sheet.sheet,
                    )
                )
            continue
        previous = proposals[-1]
        for p in proposals:
            chosen = given.get((p.file, p.sheet, p.block)) or given.get(("sig", p.signature))
            if chosen is not None:
                if (chosen.file, chosen.sheet, chosen.block) == (p.file, p.sheet, p.block):
                    p = chosen
                else:
                    p = apply_confirmed(p, chosen)
            elif store is not None:
                stored = store.find(p.signature)
                if stored is not None:
                    p = apply_confirmed(p, stored)
            out.append((sheet, p))
    return out, problems


def propose_mappings(paths) -> list[SheetMapping]:
    """The proposed mapping of every table block of every sheet, for the user to check."""
    out: list[SheetMapping] = []
    for path in paths:
        wb = _read(path)
        pairs, _ = _propose(wb, None, None)
        out.extend(m for _, m in pairs)
    return out


def _rows(f: pd.DataFrame, mask) -> pd.DataFrame | None:
    """``f[mask]``, without a copy when every row is selected; None when none is."""
    mask = np.asarray(mask, dtype=bool)
    if mask.all():
        return f
    return f[mask] if mask.any() else None


def _route_pieces(pieces: list[Piece]) -> dict[str, list[pd.DataFrame]]:
    """Pieces → frames per canonical table. Rows marked ``_total`` (total / reference rows) go
    to ``reference_data`` (region measures of such rows stay in ``region_data``: the reference
    area is a region of its own); rows of no industry or an all-industry total go to
    ``industry_totals``; the rest to ``industry_data``."""
    routed: dict[str, list[pd.DataFrame]] = {
        t: []
        for t in ("industry_data", "industry_totals", "reference_data", "region_data", "firm_data")
    }

    def add(table, frame):
        if frame is not None:
            routed[table].append(frame)

    by_table: dict[str, list[pd.DataFrame]] = {}
    for p in pieces:
        by_table.setdefault(p.table, []).append(p.frame)
    for table, frames in by_table.items():  # one vectorised pass per table, not per piece
        if table in ("firm_data", "region_data"):
            routed[table].extend(frames)
            continue
        f = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True, sort=False)
        tot = f["_total"].to_numpy(dtype=bool)
        ind = (
            f["industry_code"]
            if "industry_code" in f
            else pd.Series(pd.NA, index=f.index, dtype="string")
        )
        if "_industry_name" in f:
            names = f["_industry_name"].to_numpy(dtype=object, na_value=None)
            ind_tot = map_distinct(names, is_total_name, False).astype(bool)
            no_name = f["_industry_name"].isna().to_numpy()
        else:
            ind_tot = np.zeros(len(f), dtype=bool)
            no_name = np.ones(len(f), dtype=bool)
        ind_na = ind.isna().to_numpy()
        all_ind = (
            ind.eq(TOTAL_INDUSTRY).to_numpy(dtype=bool, na_value=False)
            | ind_tot
            | (ind_na & no_name)
        )
        if all_ind.any():
            f = f.copy()
            f.loc[all_ind, "industry_code"] = TOTAL_INDUSTRY
            if "_industry_name" in f:
                f.loc[all_ind, "_industry_name"] = pd.NA
        add("industry_totals", _rows(f, ~tot & all_ind))
        add("industry_data", _rows(f, ~tot & ~all_ind))
        add("reference_data", _rows(f, tot))
    return routed


def _resolve_names(
    frames: dict[str, pd.DataFrame], problems: list[Problem], sources
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fill region_code / industry_code from names; build the regions / industries lookups."""
    known: dict[str, str] = {}
    names_zh: dict[str, str] = {}
    names_en: dict[str, str] = {}
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
    prov = province_index()
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
            if k in known:
                mapping[name] = known[k]
            elif k in prov:
                code, zh, en = prov[k]
                mapping[name] = code
                names_zh.setdefault(code, zh if not zh else name if norm(name) == norm(zh) else zh)
                names_en.setdefault(code, en)
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
    if unknown:
        src, row = next(iter(unknown.values()))
        fl, sh, _ = sources.get(src, ("", "", {}))
        lst = "、".join(list(unknown)[:15]) + (" …" if len(unknown) > 15 else "")
        problems.append(
            warning(
                "unknown_region_names",
                f"以下地区名称没有代码，暂以名称作代码：{lst}。",
                f"Region names without a code, the name is used as the code: {lst}.",
                "在表中加一列“地区代码”，或使用标准名称。",
                "Add a region-code column or use standard names.",
                file=fl,
                sheet=sh,
                row=row,
            )
        )
    # industries
    div = division_index()
    ind_names: dict[str, str] = {}
    ind_sec: dict[str, str] = {}
    ind_en: dict[str, str] = {}
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
        if need.any():
            mp = {}
            for name in f.loc[need, "_industry_name"].unique():
                hit = div.get(norm(name))
                if hit:
                    mp[name] = hit[0]
                    ind_sec.setdefault(hit[0], hit[1])
                    ind_en.setdefault(hit[0], hit[3])
                else:
                    mp[name] = str(name)
                    first = f.loc[need & f["_industry_name"].eq(name)].iloc[0]
                    unknown_ind.setdefault(str(name), (int(first["_src"]), int(first["_row"])))
                ind_names.setdefault(mp[name], str(name))
            f.loc[need, "industry_code"] = f.loc[need, "_industry_name"].map(mp)
    if unknown_ind:
        src, row = next(iter(unknown_ind.values()))
        fl, sh, _ = sources.get(src, ("", "", {}))
        lst = "、".join(list(unknown_ind)[:15]) + (" …" if len(unknown_ind) > 15 else "")
        problems.append(
            warning(
                "unknown_industry_names",
                f"以下行业名称没有代码，暂以名称作代码：{lst}。",
                f"Industry names without a code, the name is used as the code: {lst}.",
                "加一列“行业代码”（GB/T 4754）。",
                "Add an industry-code column (GB/T 4754).",
                file=fl,
                sheet=sh,
                row=row,
            )
        )
    for f in frames.values():
        if "industry_code" in f:
            for code in f["industry_code"].dropna().unique():
                ind_names.setdefault(code, "")
    codes = set()
    refs = set()
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
    regions = pd.DataFrame(
        {
            "region_code": sorted(codes | refs),
        }
    )
    regions["name_zh"] = regions["region_code"].map(lambda c: names_zh.get(c, ""))
    regions["name_en"] = regions["region_code"].map(lambda c: names_en.get(c, ""))
    regions["is_reference"] = regions["region_code"].isin(refs - codes)
    regions["group"] = _nbs_groups(regions["region_code"], problems)
    for code in ind_names:  # codes given directly (e.g. "C21 家具制造业"): names from GB/T 4754
        if code not in ind_en or not ind_en[code]:
            hit = division(code)
            if hit is not None:
                ind_en[code] = str(hit["name_en"])
                ind_sec.setdefault(code, str(hit["section"]))
                if not ind_names.get(code):
                    ind_names[code] = str(hit["name_zh"])
    inds = pd.DataFrame({"industry_code": sorted(c for c in ind_names if c != TOTAL_INDUSTRY)})
    inds["name_zh"] = inds["industry_code"].map(lambda c: ind_names.get(c, ""))
    inds["name_en"] = inds["industry_code"].map(lambda c: ind_en.get(c, ""))
    inds["section"] = inds["industry_code"].map(
        lambda c: ind_sec.get(c, c[0] if c[:1].isalpha() and c[1:3].isdigit() else "")
    )
    return regions, inds


def _nbs_groups(codes: pd.Series, problems: list[Problem]) -> pd.Series:
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
                    f"Added the NBS East/Central/West/Northeast group to {n} provinces from their GB/T 2260 codes"
                    " (for the between/within decomposition).",
                )
            )
    return groups


def _combine(
    name: str, frames: list[pd.DataFrame], problems: list[Problem], sources
) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame()
    df = (
        pd.concat(frames, ignore_index=True, sort=False)
        if len(frames) > 1
        else frames[0].reset_index(drop=True)
    )
    return df


def _rows_without_key(
    f: pd.DataFrame, partial: np.ndarray, keys: list[str], spec, sources
) -> Problem:
    """Warning for rows left out because a key (region / industry / year) is empty."""
    first = f[partial].iloc[0]
    fl, sh, _ = sources.get(int(first["_src"]), ("", "", {}))
    n = int(partial.sum())
    return warning(
        "rows_without_key",
        f"{spec.label_zh}：{n} 行缺少关键值（{'、'.join(keys)}），未导入。",
        f"{spec.label_en}: {n} rows lack a key value ({', '.join(keys)}) and were not imported.",
        "在表中补上地区/行业/年份，或在映射中指定。",
        "Fill in the region/industry/year, or give it in the mapping.",
        file=fl,
        sheet=sh,
        row=int(first["_row"]),
    )


def import_files(
    paths,
    *,
    mappings=None,
    reference_code=None,
    mapping_store=None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import ``paths`` into one CanonicalData (see module doc). Raises ProblemError on errors."""
    prog = ensure(progress)
    if isinstance(mapping_store, (str, Path)):
        mapping_store = MappingStore(mapping_store)
    problems: list[Problem] = []
    used: list[SheetMapping] = []
    pieces: list[Piece] = []
    provenance: list[dict] = []
    sources: dict[int, tuple[str, str, dict[str, str]]] = {}
    paths = [Path(p) for p in paths]
    for i, path in enumerate(paths):
        step = sub_progress(prog, i / max(len(paths), 1), (i + 1) / max(len(paths), 1))
        step(0.0, f"读取 {path.name} / reading")
        try:
            wb = _read(path)
        except ProblemError as exc:
            problems.extend(exc.problems)
            continue
        except (OSError, ValueError) as exc:
            problems.append(
                error(
                    "unreadable_file",
                    f"无法读取文件：{exc}",
                    f"Cannot read the file: {exc}",
                    "检查文件是否损坏或受密码保护。",
                    "Check that the file is not damaged or password protected.",
                    file=path.name,
                )
            )
            continue
        problems.extend(getattr(wb, "warnings", []) or [])
        step(0.4, f"识别表格 {path.name} / detecting layout")
        pairs, probs = _propose(wb, mappings, mapping_store)
        problems.extend(probs)
        for sheet, m in pairs:
            src = len(sources)
            sources[src] = (m.file, m.sheet, column_letters(m))
            ex = extract(sheet, m, src, reference_code=reference_code)
            pieces.extend(ex.pieces)
            provenance.extend(ex.provenance)
            problems.extend(ex.problems)
            used.append(m)
        step(1.0, path.name)
    prog(0.9, "合并 / combining")
    routed = _route_pieces(pieces)
    frames = {
        t: (pd.concat(fs, ignore_index=True, sort=False) if fs else pd.DataFrame())
        for t, fs in routed.items()
    }
    regions, industries = _resolve_names(frames, problems, sources)
    data = CanonicalData()
    for t, f in frames.items():
        if f.empty:
            continue
        spec = TABLES[t]
        key_na = {
            k: f[k].isna().to_numpy() for k in spec.key if k in f.columns
        }  # once per key column
        missing = [k for k in spec.key if k not in key_na or key_na[k].all()]
        if t == "reference_data" and "region_code" in missing:
            f["region_code"] = TOTAL_REGION
            key_na["region_code"] = np.zeros(len(f), dtype=bool)
            missing.remove("region_code")
        if missing == ["year"] and any(p.code == "missing_year" for p in problems):
            continue  # already said per block, located (extract)
        if missing:
            src = int(f["_src"].iloc[0])
            fl, sh, _ = sources.get(src, ("", "", {}))
            problems.append(
                error(
                    "missing_key",
                    f"{spec.label_zh}缺少必需的关键列：{'、'.join(missing)}。",
                    f"{spec.label_en}: required key column missing: {', '.join(missing)}.",
                    "在表中加入该列（如 年份），或在映射中指定整张表的年份/地区。",
                    "Add the column (e.g. year) or give the sheet's year/region in the mapping.",
                    file=fl,
                    sheet=sh,
                )
            )
            continue
        partial = np.logical_or.reduce([key_na[k] for k in spec.key if k in key_na])
        if partial.any():  # never dropped silently: say how many and where the first one is
            problems.append(
                _rows_without_key(
                    f,
                    partial,
                    [k for k in spec.key if k in key_na and key_na[k].any()],
                    spec,
                    sources,
                )
            )
            f = f[~partial]
        if t == "reference_data":
            f["region_code"] = f["region_code"].fillna(TOTAL_REGION)
        measures = [
            c
            for c in f.columns
            if not c.startswith("_") and c not in spec.key and pd.api.types.is_numeric_dtype(f[c])
        ]
        korder = [k for k in spec.key if k != "year"] + [
            k for k in spec.key if k == "year"
        ]  # year last
        ids = group_ids(f, korder)
        dup_mask = duplicated_ids(ids[0])
        problems.extend(duplicate_conflicts(f, spec.key, measures, t, sources, dup_mask))
        if dup_mask.any():
            f = f.groupby(spec.key, sort=False, dropna=False).first().reset_index()
            ids = group_ids(f, korder)
        problems.extend(yoy_jumps(f, spec.key, measures, t, sources, ids=ids))
        f = f.drop(columns=[c for c in f.columns if c.startswith("_")])
        if "name" in f.columns and t != "firm_data":
            f = f.drop(columns=["name"])
        if t in ("industry_totals", "region_data") and "industry_code" in f.columns:
            f = f.drop(columns=["industry_code"])
        if "group" in f.columns and t != "region_data":
            f = f.drop(columns=["group"])
        setattr(data, t, f)
    if not pieces and not any(p.severity is Severity.ERROR for p in problems):
        nm = [p for p in problems if p.code == "no_measure"]
        loc = {"file": nm[0].file, "sheet": nm[0].sheet, "row": nm[0].row} if nm else {}
        problems.append(
            error(
                "no_data",
                "没有导入任何数据：未识别出指标列。",
                "Nothing imported: no measure column was recognised.",
                "在映射中为数值列指定指标和单位（或使用 clusterpolicy template 生成的模板）。",
                "Choose the measure and unit of the value columns in the mapping (or use the template).",
                **loc,
            )
        )
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ProblemError(errors)
    try:
        for t in ("industry_data", "industry_totals", "reference_data", "region_data", "firm_data"):
            f = getattr(data, t)
            if len(f):
                setattr(data, t, coerce_table(f, t))
        if len(regions):
            data.regions = coerce_table(regions, "regions")
        if len(industries):
            data.industries = coerce_table(industries, "industries")
    except (ValueError, TypeError) as exc:
        raise ProblemError(
            [
                error(
                    "convert_failed",
                    f"数据无法转换为标准格式：{exc}",
                    f"Data could not be converted to the canonical tables: {exc}",
                )
            ]
        ) from exc
    data.provenance = pd.DataFrame(provenance, columns=PROVENANCE_COLUMNS)
    data.warnings = [p for p in problems if p.severity is not Severity.ERROR]
    prog(1.0, "完成 / done")
    return ImportResult(data=data, mappings=used, problems=problems)
