"""Rows of a sheet: what kind each row is, where a block's header and data rows are, which
rows are totals or "#"/"其中" sub-items.

* :func:`row_kind` — "empty", "single" (one cell), "header" (years across), "data" (a number
  that is not a year label) or "text";
* :func:`header_rows_above` — the contiguous header rows right above a block's first data row
  (at most four; one blank spacer row allowed; a lone unit line ends the search);
* :func:`find_block_end` — the last data row: before a footer ("注：", "资料来源…"), the next
  block's repeated header, a continuation or unit line, or the sheet's end;
* :func:`mark_rows` — total rows (合计/总计/全国/…; or a first or last row equal to the sum of
  the others within rounding) and sub-item rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.io.cells import is_number, number_of, text, year_of
from clusterpolicy.io.headers import is_note, is_subitem, is_total_name, norm
from clusterpolicy.io.mapping import SheetMapping
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.titles import row
from clusterpolicy.io.units import parse_unit, unit_line

BIG_SHEET = 20000  # above this, only the tail is searched for footers (long tables)


def row_kind(cells_row: list[object]) -> tuple[str, int]:
    """("empty" | "note" | "single" | "header" | "data" | "text", non-empty count) for a row."""
    cells = [v for v in cells_row if v is not None and v != ""]
    n = len(cells)
    if n == 0:
        return "empty", 0
    if isinstance(cells[0], str) and is_note(cells[0]):
        return "note", n  # "注：…", "资料来源…": never data, even with numbers in it
    years = sum(1 for v in cells if year_of(v) is not None)
    nums = sum(1 for v in cells if is_number(v) and year_of(v) is None)
    if nums >= 1 and not (
        n == 1 and nums == 1 and len(cells_row) > 2 and cells_row[0] in (None, "")
    ):
        return "data", n
    if n == 1:
        return "single", n
    if years >= 1 and nums == 0 and n >= 2:
        # a years header (2015 2016 …), or a long row with text keys and one year
        return ("header", n) if years >= 2 else ("text", n)
    return "text", n


def header_rows_above(
    sheet: RawSheet, kinds: dict[int, tuple[str, int]], start: int, first_data: int
) -> list[int]:
    """0-based header rows of the block whose first data row is ``first_data``."""
    header_rows: list[int] = []
    r = first_data - 1
    if (
        r > start
        and kinds[r][0] == "empty"
        and kinds[r - 1][0] in ("header", "text")
        and kinds[r - 1][1] >= max(2, kinds[first_data][1] // 2)
    ):
        r -= 1  # one blank spacer row between a full-width header and the first data row
    while r >= start and kinds[r][0] == "single" and is_remark_row(row(sheet, r)):
        r -= 1  # a "Remark," row under the header (07: header, unit row, remark row, data)
    while r >= start and len(header_rows) < 4:
        k, cnt = kinds[r]
        if k in ("header", "text") or (
            k == "single" and header_rows and not text(row(sheet, r)[0] if row(sheet, r) else "")
        ):
            if cnt == 1 and unit_line(next(text(v) for v in row(sheet, r) if v not in (None, ""))):
                break
            header_rows.insert(0, r)
            r -= 1
            continue
        break
    return header_rows


_REMARK = {"remark", "remarks", "备注", "注释", "note"}
_UNIT_HEAD = {"unit", "units", "单位", "计量单位"}


def is_remark_row(cells_row: list[object]) -> bool:
    cells = [text(v) for v in cells_row if v not in (None, "")]
    return len(cells) == 1 and norm(cells[0]).strip(":：") in _REMARK


def is_unit_row(cells_row: list[object]) -> bool:
    """A header row that gives each column's unit ("Unit, 省份, 平方公里, 个, …", "单位 | 万元 | 人")."""
    cells = [text(v) for v in cells_row if v not in (None, "")]
    if len(cells) < 2:
        return False
    if norm(cells[0]).strip(":：") in _UNIT_HEAD:
        return True
    units = sum(1 for t in cells if parse_unit(t) is not None)
    return units >= max(2, 0.6 * len(cells))


_VENDOR = (
    "http",
    "www.",
    "淘宝",
    "关注",
    "公众号",
    "微信",
    "更多数据",
    "qq",
    "店铺",
    "购买",
    "下载",
)


def trailing_lines(sheet: RawSheet, first: int, last: int) -> tuple[int, list[int]]:
    """(new last data row, 0-based rows cut): lines at the end of a block that hold no number
    and are set apart from the data by blank rows, or read like an advertisement or a vendor's
    note ("更多数据，关注淘宝店…", a URL), are not data: the block ends before them."""
    cand: list[int] = []
    r = last
    while r > first:
        cells = [v for v in row(sheet, r) if v not in (None, "")]
        if cells and any(is_number(v) for v in cells):
            break
        if cells:
            cand.append(r)
        r -= 1
    if not cand:
        return last, []
    gap = any(not any(v not in (None, "") for v in row(sheet, x)) for x in range(r + 1, min(cand)))
    vendor = all(
        any(w in " ".join(text(v) for v in row(sheet, c)).lower() for w in _VENDOR) for c in cand
    )
    if not (gap or vendor):
        return last, []
    return r, sorted(cand)


def find_block_end(sheet: RawSheet, first: int, stub_cols: list[int], header_stub: str) -> int:
    """0-based last data row of the block that starts at ``first``."""
    n = sheet.n_rows
    lo = first if n <= BIG_SHEET else max(first, n - 100)
    last = n - 1
    for r in range(lo, n):
        cells_row = row(sheet, r)
        cells = [v for v in cells_row if v is not None and v != ""]
        if not cells:
            continue
        head = text(cells[0])
        kind, cnt = row_kind(cells_row)
        if kind == "note":  # "注：…" ends the table, numbers or not
            last = r - 1
            break
        if (
            kind != "data"
            and r > first
            and _starts_next(sheet, r, stub_cols, header_stub, cnt, head)
        ):
            last = r - 1
            break
    while last >= first and not any(v not in (None, "") for v in row(sheet, last)):
        last -= 1
    return last


def _starts_next(sheet, r, stub_cols, header_stub, cnt, head) -> bool:
    """The row repeats the block's header, or is a lone continuation / unit line."""
    if header_stub and any(norm(text(sheet.cell(r, c))) == header_stub for c in stub_cols):
        return True
    return cnt == 1 and (
        "续表" in head or "continued" in head.lower() or unit_line(head) is not None
    )


def mark_rows(sheet: RawSheet, mapping: SheetMapping) -> None:
    """Fill ``mapping.total_rows`` and ``mapping.subitem_rows`` (1-based)."""
    keys = mapping.key_columns()
    first, last = mapping.data_rows
    if last - first > BIG_SHEET:
        return  # long tables: total rows by name are found at extraction (keys.total_rows)
    stubs = [
        c
        for f, c in keys.items()
        if f in ("region", "region_code", "region_en", "industry", "year")
    ]
    region_stub = keys.get("region") or keys.get("region_en")
    for r in range(first - 1, last):
        for c in stubs:
            if is_subitem(text(sheet.cell(r, c.index))):
                mapping.subitem_rows.append(r + 1)
                break
        else:
            if region_stub is not None and is_total_name(text(sheet.cell(r, region_stub.index))):
                mapping.total_rows.append(r + 1)
    if (
        not mapping.total_rows
        and region_stub is not None
        and "industry" not in keys
        and "industry_code" not in keys
        and "year" not in keys
    ):
        _sum_total_row(sheet, mapping)
    if region_stub is not None and "region_code" not in keys:
        mapping.group_rows = group_rows(sheet, mapping, region_stub.index)


_INDENT = (" ", "\u00a0", "\u3000", "\t")


def group_rows(sheet: RawSheet, mapping: SheetMapping, col: int) -> list[list[int]]:
    """Subtotal / group rows interleaved with their members, as [row, first, last] (1-based).

    By layout: a row whose name is not indented followed by indented names ("河北省" over
    "  石家庄市", "  唐山市"). By name and sum where nothing is indented: a province named among
    prefecture / county rows, followed by rows that lie in it by the code table, whose values
    equal the sum of those rows."""
    first, last = mapping.data_rows
    skip = set(mapping.total_rows) | set(mapping.subitem_rows)
    rows = [
        (r + 1, v)
        for r in range(first - 1, last)
        if (r + 1) not in skip and isinstance(v := sheet.cell(r, col), str) and v.strip()
    ]
    indented = [v.startswith(_INDENT) for _r, v in rows]
    out: list[list[int]] = []
    if any(indented) and not all(indented):
        i = 0
        while i < len(rows):
            if not indented[i] and i + 1 < len(rows) and indented[i + 1]:
                j = i + 1
                while j + 1 < len(rows) and indented[j + 1]:
                    j += 1
                out.append([rows[i][0], rows[i + 1][0], rows[j][0]])
                i = j + 1
            else:
                i += 1
        return out
    return _groups_by_name(sheet, mapping, rows)


def _groups_by_name(sheet, mapping, rows) -> list[list[int]]:
    from clusterpolicy.model.codes import find_region, is_within

    cache: dict[str, object] = {}
    found = [
        (r, cache[k] if (k := v.strip()) in cache else cache.setdefault(k, find_region(k)))
        for r, v in rows
    ]
    provinces = [
        (k, r, res.code)
        for k, (r, res) in enumerate(found)
        if res.code and res.candidates and res.candidates[0].level == "province"
    ]
    if not provinces or len(provinces) * 2 > len(found):
        return []  # a table of provinces, or too few members to be groups
    out: list[list[int]] = []
    for k, r, code in provinces:
        j = k + 1
        while j < len(found):
            res = found[j][1]
            if not any(is_within(c.code, code) and c.code != code for c in res.candidates):
                break
            j += 1
        if j - k - 1 >= 2 and _sums_match(
            sheet, mapping, r, [found[x][0] for x in range(k + 1, j)]
        ):
            out.append([r, found[k + 1][0], found[j - 1][0]])
    return out


def _sums_match(sheet, mapping, r: int, members: list[int]) -> bool:
    """The group row's values equal the sum of its members (rounding allowed); a group row
    without values is a label and matches."""
    vals = mapping.value_columns()[:20]
    ok = checked = 0
    for c in vals:
        g = number_of(sheet.cell(r - 1, c.index))
        parts = [number_of(sheet.cell(m - 1, c.index)) for m in members]
        parts = [p for p in parts if p == p]
        if g != g or not parts:
            continue
        checked += 1
        if abs(g - sum(parts)) <= 0.001 * abs(g) + 0.5 * len(parts):
            ok += 1
    return checked == 0 or ok == checked


def _half_unit(col: pd.Series) -> float:
    """Half a unit of the last decimal place the column's numbers show (0.5 for whole numbers)."""
    x = col.dropna().to_numpy(dtype="float64")
    for d in range(7):
        if np.allclose(np.round(x, d), x, rtol=0, atol=1e-9):
            return 0.5 * 10.0 ** (-d)
    return 0.5e-7


def _sum_total_row(sheet: RawSheet, mapping: SheetMapping) -> None:
    """A first or last row whose values equal the sum of the other rows is a total row."""
    first, last = mapping.data_rows
    rows = [r for r in range(first - 1, last) if (r + 1) not in mapping.subitem_rows]
    if len(rows) < 3:
        return
    vals = mapping.value_columns()[:20]
    if not vals:
        return
    num = pd.DataFrame(
        {c.index: [number_of(sheet.cell(r, c.index)) for r in rows] for c in vals},
        index=rows,
        dtype="float64",
    )
    for cand in (rows[0], rows[-1]):
        others = num.drop(index=cand).sum()
        vrow = num.loc[cand]
        ok = vrow.notna() & (others != 0)
        if ok.sum() < 2:
            continue
        # rounding: each of the n summands may be off by half a unit of the last decimal shown
        half_unit = num.loc[:, ok].apply(_half_unit)
        tol = 0.001 * others[ok].abs() + half_unit * len(rows)
        if ((vrow[ok] - others[ok]).abs() <= tol).all():
            mapping.total_rows.append(cand + 1)
            return
