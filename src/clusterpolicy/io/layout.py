"""Layout detection: a raw sheet → the proposed :class:`SheetMapping` of each table block.

What is recognised (per sheet, each block of a sheet separately):

* a title block above the header (:mod:`titles`): title lines (a year such as "(2019年)" or
  "2015年…" is taken as the block's year), a unit line ("单位：万人", "(100 million yuan)") and an
  indicator line ("指标：地区生产总值(亿元)" gives the measure and unit of a years-as-columns
  export);
* one to four header rows (:mod:`rows`); merged or blank upper header cells are carried across
  the columns below them and the levels joined (:mod:`levels`); "中文\\nEnglish" cells are split
  (:mod:`headers`);
* the first data row is the first row with a number that is not a year label; the block ends at
  a footer ("注：", "资料来源…"), at the next block's title or repeated header, or at the sheet end;
* key and value columns (:mod:`roles`): keys by header synonyms, else by content; value columns
  by measure, year, industry, region or several of these over the header levels;
* total rows (合计/总计/全国/地方合计/Total/Insgesamt, or a row equal to the sum of the others) and
  "#"/"其中" sub-item rows (:mod:`rows`).

The layout kind is a label for the user: ``long`` (keys in columns), ``wide_industries``
(industries across), ``wide_years`` (years across), ``wide_indicators`` (years down, indicators
across, like Wind exports), ``tidy`` (measure / value / unit columns). Extraction
(:mod:`clusterpolicy.io.extract`) works from the mapping alone, so a user's correction of any of
these choices takes effect.
"""

from __future__ import annotations

from pathlib import PurePath

from clusterpolicy.io.cells import is_number, text, year_of
from clusterpolicy.io.headers import (
    INDUSTRY_MEASURES,
    KEY_FIELDS,
    VALUE_HEADERS,
    match_field,
    norm,
    tidy_field,
)
from clusterpolicy.io.levels import header_levels
from clusterpolicy.io.mapping import ColumnMapping, SheetMapping, layout_signature
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.roles import classify_columns, column_content, is_province, resolve_keys
from clusterpolicy.io.rows import (
    BIG_SHEET,
    find_block_end,
    header_rows_above,
    is_unit_row,
    mark_rows,
    row_kind,
    trailing_lines,
)
from clusterpolicy.io.titles import (
    Title,
    block_subitem,
    is_continuation,
    parse_title,
    row,
    sheet_name_year,
    title_lines_of,
)
from clusterpolicy.io.units import parse_unit
from clusterpolicy.model.codes import industry_in_text, province_record

HEAD_WINDOW = 60  # rows searched for a block's header

__all__ = ["BIG_SHEET", "HEAD_WINDOW", "detect_sheet", "is_industry_measure", "is_number", "text"]
__all__ += ["year_of"]


def detect_sheet(sheet: RawSheet, previous: SheetMapping | None = None) -> list[SheetMapping]:
    """Propose a mapping for each table block of ``sheet`` (empty list: nothing tabular).

    ``previous`` is the last block of the workbook's previous sheet: a block titled as a
    continuation ("7-6 续表1", "(续)", "continued") takes the year, unit and measure it does not
    state itself from the block before it (in this sheet, else ``previous``)."""
    out: list[SheetMapping] = []
    start = 0
    block = 0
    while start < sheet.n_rows and block < 20:
        m = _detect_block(sheet, start, block, out[-1] if out else previous)
        if m is None:
            break
        out.append(m)
        start = m.data_rows[1]  # 1-based last row == 0-based next row
        block += 1
    return out


def _detect_block(
    sheet: RawSheet, start: int, block: int, previous: SheetMapping | None = None
) -> SheetMapping | None:
    window = range(start, min(sheet.n_rows, start + HEAD_WINDOW))
    kinds = {r: row_kind(row(sheet, r)) for r in window}
    first_data = next((r for r in window if kinds[r][0] == "data"), None)
    if first_data is None:
        return None
    header_rows = header_rows_above(sheet, kinds, start, first_data)
    top = header_rows[0] if header_rows else first_data
    title_lines, _notes = title_lines_of(sheet, start, top)
    head = parse_title(title_lines)
    continues = previous is not None and any(is_continuation(t) for t in title_lines)
    n_cols = sheet.n_cols
    header_stub = norm(text(sheet.cell(header_rows[0], 0))) if header_rows else ""
    last = find_block_end(sheet, first_data, [0, 1], header_stub)
    last, cut = trailing_lines(sheet, first_data, last)
    mapping = SheetMapping(file=sheet.file, sheet=sheet.sheet, block=block)
    mapping.skipped_rows = [r + 1 for r in cut]
    mapping.header_rows = [h + 1 for h in header_rows]
    mapping.data_rows = (first_data + 1, last + 1)
    mapping.title = head.text
    if head.unit is not None:
        mapping.sheet_unit = head.unit.text
    if head.measure:
        mapping.measure = head.measure
    unit_rows = [r for r in header_rows if is_unit_row(row(sheet, r))]
    name_rows = [r for r in header_rows if r not in unit_rows]
    levels = header_levels(sheet, name_rows, n_cols) if name_rows else [[] for _ in range(n_cols)]
    cols, parsed = classify_columns(sheet, levels, first_data, last)
    have = resolve_keys(cols, parsed)
    _column_units(sheet, cols, unit_rows, infer=not mapping.sheet_unit)
    if continues:
        mapping.subitem = block_subitem(head)
    mapping.columns = cols
    if not mapping.measure and not any(c.field for c in cols if c.role == "value"):
        _sheet_measure(mapping, [sheet.sheet, *title_lines[:3]])
    _year_and_region(mapping, sheet, have, head, previous if continues else None)
    _title_industry(mapping, have, head, previous if continues else None)
    tidy = _tidy(sheet, mapping, have, first_data, last)
    mapping.layout = "tidy" if tidy else _layout_label(mapping, have)
    mark_rows(sheet, mapping)
    mapping.signature = layout_signature([c.header for c in cols], len(header_rows), mapping.layout)
    return mapping


def _column_units(
    sheet: RawSheet, cols: list[ColumnMapping], unit_rows: list[int], infer: bool
) -> None:
    """Units from a unit row under the header, for value columns whose header states none; and
    a money column without any unit beside columns of the same measure that state one (08:
    "第一产业增加值（亿元人民币）", "第二产业增加值") takes theirs, with a note in the mapping."""
    for r in unit_rows:
        for c in cols:
            if c.role == "value" and not c.unit:
                u = parse_unit(text(sheet.cell(r, c.index)))
                if u is not None:
                    c.unit, c.factor = u.text, u.factor
    if not infer:
        return
    by_measure: dict[str, list[ColumnMapping]] = {}
    for c in cols:
        if c.role == "value" and c.field:
            by_measure.setdefault(c.field, []).append(c)
    for group in by_measure.values():
        units = {c.unit for c in group if c.unit}
        if len(units) != 1 or all(c.unit for c in group):
            continue
        u = parse_unit(next(iter(units)))
        if u is None or u.kind != "money":
            continue
        source = next(c for c in group if c.unit)
        for c in group:
            if not c.unit:
                c.unit, c.factor = u.text, u.factor
                c.note = f"unit from column {source.letter} (same measure) / 单位取自同一指标的{source.letter}列"


def _sheet_measure(mapping: SheetMapping, candidates: list[str]) -> None:
    """A measure named by the sheet name or a title line, when no value header names one."""
    for cand in candidates:
        f, u = match_field(cand)
        if f and f not in KEY_FIELDS:
            mapping.measure = f
            if u is not None and not mapping.sheet_unit:
                mapping.sheet_unit = u.text
            return


def _year_and_region(mapping, sheet, have, head: Title, previous: SheetMapping | None) -> None:
    """Where the year comes from (column, header, sheet name, title, the table continued) and a
    region named only by a header line ("地区：上海") or by the file name (Wind: 安徽.xls)."""
    cols = mapping.columns
    if "year" in have:
        mapping.year_source = "column"
    elif any(c.year for c in cols if c.role == "value"):
        mapping.year_source = "header"
    else:
        y = sheet_name_year(sheet.sheet)
        if y:
            mapping.year, mapping.year_source = y, "sheet_name"
        elif head.year:
            mapping.year, mapping.year_source = head.year, "title"
        elif previous is not None and previous.year:
            mapping.year, mapping.year_source = previous.year, "continued"
    if previous is not None:
        mapping.continues = True
        if not mapping.sheet_unit and previous.sheet_unit:
            mapping.sheet_unit = previous.sheet_unit
        if not mapping.measure and previous.measure:
            mapping.measure = previous.measure
    if not ({"region", "region_code"} & have) and not any(
        c.region for c in cols if c.role == "value"
    ):
        stem = PurePath(sheet.file).stem
        if head.region:
            mapping.region = head.region
        elif is_province(stem):  # Wind exports named by province: 吉林.xls is the province
            mapping.region = province_record(stem, aliases=True).name_zh


def _title_industry(mapping, have, head: Title, previous: SheetMapping | None) -> None:
    """An industry named only by the title ("4-2-2 各地区限额以上住宿业企业经营情况": 住宿业, H61)
    when neither the rows nor the value headers name one."""
    if {"industry", "industry_code"} & have:
        return
    if any(c.industry or c.industry_name for c in mapping.value_columns()):
        return
    if previous is not None and previous.industry:
        mapping.industry, mapping.industry_name = previous.industry, previous.industry_name
        return
    ind = industry_in_text(head.text)
    if ind is not None:
        mapping.industry, mapping.industry_name = ind.code, ind.name_zh


def _tidy(sheet: RawSheet, mapping: SheetMapping, have, first_data: int, last: int) -> bool:
    """A tidy table (a measure column, one value column, a unit column) or indicator rows
    (measure names down column A, one value column per year across): set it up; True if so."""
    cols = mapping.columns
    mkey = next((c for c in cols if c.role == "key" and c.field in ("measure", "measure_zh")), None)
    if mkey is None or not any(c.role == "value" for c in cols):
        return False
    # measure names are text; a column of years or numbers under such a header is not one
    content = column_content(sheet, mkey.index, first_data, last)
    if not content or sum(isinstance(v, str) and not is_number(v) for v in content) < 0.8 * len(
        content
    ):
        mkey.role, mkey.field, mkey.note = "ignore", "", "not measure names / 不是指标名称"
        return False
    vcols = [c for c in cols if c.role == "value"]
    year_cols = [c for c in vcols if c.year]
    if year_cols and "year" not in have:
        keep = year_cols
    else:
        named = [c for c in vcols if norm(c.header) in VALUE_HEADERS]
        keep = [(named or vcols)[-1]]
    for c in vcols:
        if c not in keep:
            c.role, c.field, c.note = (
                "ignore",
                "",
                "not the value column of a tidy table / 非数值列",
            )
            continue
        c.field, c.note = "", "values of the measure named in each row / 每行指标的数值"
        c.region = c.industry = c.industry_name = ""
        if c not in year_cols:
            c.year = None
    mapping.measure_map = _tidy_measure_map(sheet, mapping.key_columns(), first_data, last)
    return True


def _tidy_measure_map(
    sheet: RawSheet, keys: dict[str, ColumnMapping], first: int, last: int, limit: int = 500
) -> dict[str, str]:
    """Proposed measure name → canonical field for the distinct names of a tidy table."""
    mc = keys.get("measure") or keys.get("measure_zh")
    zc = keys.get("measure_zh") if "measure" in keys else None
    i, z = mc.index, (zc.index if zc is not None else None)
    labels: dict[str, object] = {}
    for r in sheet.rows[first : last + 1]:
        if len(r) > i and r[i] not in (None, "") and text(r[i]) not in labels:
            labels[text(r[i])] = r[z] if z is not None and len(r) > z else None
            if len(labels) > limit:
                return {}  # not a measure column: too many distinct names
    return {name: tidy_field(name, label) for name, label in labels.items()}


def _layout_label(mapping: SheetMapping, have: set[str]) -> str:
    vals = mapping.value_columns()
    if any(c.year for c in vals):
        return "wide_years"
    if "year" in have and not ({"region", "region_code", "industry", "industry_code"} & have):
        return "wide_indicators"
    if any(c.industry or c.industry_name for c in vals):
        return "wide_industries"
    return "long"


def is_industry_measure(field: str) -> bool:
    return field in INDUSTRY_MEASURES
