"""Layout detection: a raw sheet → the proposed :class:`SheetMapping` of each table block.

What is recognised (per sheet, each block of a sheet separately):

* a title block above the header: title lines (a year such as "(2019年)" or "2015年…" is taken
  as the sheet's year), a unit line ("单位：万人", "(100 million yuan)") and an indicator line
  ("指标：地区生产总值(亿元)" gives the measure and unit of a years-as-columns export);
* one to four header rows; merged or blank upper header cells are carried across the columns
  below them and the levels joined; "中文\\nEnglish" cells are split (:mod:`headers`);
* the first data row is the first row with a number that is not a year label; the block ends at
  a footer ("注：", "资料来源…"), at the next block's title or repeated header, or at the sheet end;
* key columns (region / code / industry / year / firm) by header synonyms, else by content
  (dates or years → year; names → region);
* value columns: a measure ("从业人员(人)"), a year ("2020年", 2020, "gdp1992"), an industry
  ("C39 计算机…", "合计"), a region ("Goettingen2008", Wind's "安徽:主营业务收入:煤炭开采和洗选业")
  or several of these over the header levels;
* total rows (合计/总计/全国/地方合计/Total/Insgesamt, or a row equal to the sum of the others) and
  "#"/"其中" sub-item rows.

The layout kind is a label for the user: ``long`` (keys in columns), ``wide_industries``
(industries across), ``wide_years`` (years across), ``wide_indicators`` (years down, indicators
across, like Wind exports). Extraction (:mod:`clusterpolicy.io.extract`) works from the mapping
alone, so a user's correction of any of these choices takes effect.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from operator import itemgetter
from pathlib import PurePath

import numpy as np
import pandas as pd

from clusterpolicy.io.codes import province_index, split_industry_label
from clusterpolicy.io.headers import (
    INDUSTRY_MEASURES,
    KEY_FIELDS,
    VALUE_HEADERS,
    has_cjk,
    is_note,
    is_subitem,
    is_total_name,
    match_field,
    norm,
    tidy_field,
)
from clusterpolicy.io.mapping import ColumnMapping, SheetMapping, layout_signature
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.units import Unit, unit_in_header, unit_line

HEAD_WINDOW = 60  # rows searched for a block's header
BIG_SHEET = 20000  # above this, only the tail is searched for footers (long tables)

_NUM_TEXT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?(e[+-]?\d+)?$", re.IGNORECASE)
_YEAR_TEXT = re.compile(r"^\s*((?:19|20)\d\d)\s*(年度?|年末|年底|a)?\s*$")
_YEAR_IN = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年?(?!\d)")
_TRAILING_YEAR = re.compile(r"^(.*?[A-Za-z_\u3400-\u9fff])[_ ]?((?:19|20)\d\d)$")


def text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def year_of(v: object, serial: bool = False) -> int | None:
    """A year from a header or key cell: 2020, 2020.0, "2020年", a date, an Excel serial (if ``serial``)."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.year
    if isinstance(v, (int, float)):
        if float(v).is_integer() and 1900 <= v <= 2100:
            return int(v)
        if serial and 20000 <= v <= 80000:
            return (_dt.date(1899, 12, 30) + _dt.timedelta(days=int(v))).year
        return None
    t = unicodedata.normalize("NFKC", str(v)).strip()
    m = _YEAR_TEXT.match(t)
    if m:
        return int(m.group(1))
    m = re.match(r"^((?:19|20)\d\d)[-/.]\d{1,2}([-/.]\d{1,2})?(\s.*)?$", t)
    if m:
        return int(m.group(1))
    return None


def is_number(v: object) -> bool:
    if isinstance(v, bool) or v is None:
        return False
    if isinstance(v, (int, float)):
        return v == v  # not NaN
    t = unicodedata.normalize("NFKC", str(v)).strip().replace(" ", "")
    t = re.sub(r"(\*+|[①-⑳]|[¹²³⁰-⁹]+|[a-z]\))$", "", t)
    return bool(_NUM_TEXT.match(t))


def _row_kind(row: list[object]) -> tuple[str, int]:
    """("empty" | "single" | "header" | "data" | "text", non-empty count) for a row."""
    cells = [v for v in row if v is not None and v != ""]
    n = len(cells)
    if n == 0:
        return "empty", 0
    years = sum(1 for v in cells if year_of(v) is not None)
    nums = sum(1 for v in cells if is_number(v) and year_of(v) is None)
    if nums >= 1 and not (n == 1 and nums == 1 and len(row) > 2 and row[0] in (None, "")):
        return "data", n
    if n == 1:
        return "single", n
    if years >= 1 and nums == 0 and n >= 2:
        # a years header (2015 2016 …), or a long row with text keys and one year
        return ("header", n) if years >= 2 else ("text", n)
    return "text", n


def _row(sheet: RawSheet, r: int) -> list[object]:
    return sheet.rows[r] if 0 <= r < len(sheet.rows) else []


def _header_levels(sheet: RawSheet, header_rows: list[int], n_cols: int) -> list[list[str]]:
    """Per column, the header texts over the header rows, with merged/blank upper cells carried
    right (a merged range, or a blank cell whose lower neighbour is filled)."""
    grid = [[text(sheet.cell(r, c)) for c in range(n_cols)] for r in header_rows]
    _join_broken_words(sheet, header_rows, grid)
    merged_fill: dict[tuple[int, int], str] = {}
    for m in sheet.merged:
        v = text(sheet.cell(m.first_row, m.first_col))
        for r in range(m.first_row, m.last_row + 1):
            for c in range(m.first_col, m.last_col + 1):
                merged_fill[(r, c)] = v
    for i, r in enumerate(header_rows):
        for c in range(n_cols):
            if (
                not grid[i][c]
                and (r, c) in merged_fill
                and (r == min(header_rows) or merged_fill[(r, c)] != grid[i - 1][c])
            ):
                grid[i][c] = (
                    merged_fill[(r, c)]
                    if not any(
                        m.first_row <= r <= m.last_row and m.first_row < r and m.first_col == c
                        for m in sheet.merged
                    )
                    else ""
                )
    # carry blank upper cells right where the row below has text (merged cells without range info)
    for i in range(len(header_rows) - 1):
        last = ""
        for c in range(n_cols):
            if grid[i][c]:
                last = grid[i][c]
            elif last and grid[i + 1][c] and c > 0:
                if match_field(last)[0] in KEY_FIELDS:
                    last = ""
                    continue
                grid[i][c] = last
    return [[grid[i][c] for i in range(len(header_rows)) if grid[i][c]] for c in range(n_cols)]


_CONTINUED = re.compile(
    r"续表|[(（]\s*续\s*[)）]|^\s*续\s*$|\bcontinued\b|\(cont(?:\.|inued)?\)", re.IGNORECASE
)
_TABLE_NUMBER = re.compile(r"^\s*(表\s*)?\d{1,2}\s*[-—–]\s*\d{1,3}\b")


def is_continuation(text: str) -> bool:
    """A "续表" / "7-6 续表1" / "(续)" / "continued" line: the block continues the table above."""
    return bool(_CONTINUED.search(unicodedata.normalize("NFKC", str(text))))


def title_lines_of(sheet: RawSheet, start: int, top: int) -> tuple[list[str], list[str]]:
    """(title lines, note lines) of the rows ``start`` … ``top - 1`` above a block's header.

    A footnote ("注：…", "资料来源…", :func:`headers.is_note`) and the rows right below it (its
    English translation, further numbered notes) up to the next blank row, table-number line
    ("7-6 …") or continuation line ("续表1") are notes of the block *above*: they are never this
    block's title, and a year in them ("注：…2022年新疆…") is never this block's year."""
    titles: list[str] = []
    notes: list[str] = []
    in_note = False
    for rr in range(start, top):
        cells = [v.strip() for v in _row(sheet, rr) if isinstance(v, str) and v.strip()]
        if not cells:
            in_note = False
            continue
        head = cells[0]
        if is_note(head):
            in_note = True
        elif in_note and (_TABLE_NUMBER.match(head) or is_continuation(head)):
            in_note = False
        (notes if in_note else titles).extend(cells)
    return titles, notes


def _cjk_only(t: str) -> bool:
    return bool(t) and has_cjk(t) and not re.search(r"[A-Za-z0-9\r\n]", t)


def _join_broken_words(sheet: RawSheet, header_rows: list[int], grid: list[list[str]]) -> None:
    """Join a header word broken over two rows ("地方一般公" over "共预算支出", "一般公共" over
    "服务支出") into the upper row, in place, before the levels are matched.

    Joined when, in one column, two consecutive header cells both hold Chinese text only, the
    upper cell is the column's own (not merged over several columns, not repeated in the
    neighbouring columns as a group header would be), the upper text names no field or total
    by itself, and the lower text is not a unit, a year or a total."""
    wide = {
        (m.first_row, c)
        for m in sheet.merged
        if m.last_col > m.first_col
        for c in range(m.first_col, m.last_col + 1)
    }
    for i in range(len(header_rows) - 1):
        up_row, lo_row = grid[i], grid[i + 1]
        for c, (up, lo) in enumerate(zip(up_row, lo_row)):
            if not (_cjk_only(up) and _cjk_only(lo)) or (header_rows[i], c) in wide:
                continue
            if (c > 0 and norm(up_row[c - 1]) == norm(up)) or (
                c + 1 < len(up_row) and norm(up_row[c + 1]) == norm(up)
            ):
                continue
            if match_field(up)[0] is not None or is_total_name(up):
                continue
            if unit_line(lo) is not None or year_of(lo) is not None or is_total_name(lo):
                continue
            up_row[c], lo_row[c] = up + lo, ""


def _parse_title(lines: list[str]) -> tuple[int | None, Unit | None, str, str]:
    """(year, unit, measure, title) from the title lines above the header (notes left out by
    :func:`title_lines_of`; a note line given here anyway is skipped)."""
    year = None
    unit = None
    measure = ""
    title = ""
    for ln in lines:
        if is_note(ln):
            continue
        u = unit_line(ln)
        if u is not None:
            unit = unit or u
            continue
        t = unicodedata.normalize("NFKC", ln)
        m = re.match(
            r"^\s*(?:指标|index|indicator)\s*[:：]\s*(.+)$", t, re.IGNORECASE
        )  # NBS exports, zh and en
        if m:
            f, u2 = match_field(m.group(1))
            if f and f not in KEY_FIELDS:
                measure = f
            unit = unit or u2
            continue
        if re.match(
            r"^\s*(时间|数据库|地区|频率|单位|time|database|region|frequency)\s*[:：]",
            t,
            re.IGNORECASE,
        ):
            continue
        if not title:
            title = ln
        if year is None:
            ys = {int(y) for y in _YEAR_IN.findall(t)}
            if len(ys) == 1:
                year = ys.pop()
    return year, unit, measure, title


def _sheet_name_year(name: str) -> int | None:
    t = unicodedata.normalize("NFKC", name).strip()
    m = re.fullmatch(r"((?:19|20)\d\d)\s*(年|年度)?(数据)?", t)
    return int(m.group(1)) if m else None


# a year in front of a measure: "2020年常住人口", "2020年末常住人口", "2020年度营业收入"
_LEADING_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年\s*(?:末|底|度)?\s*(?=\D)")


def _parse_value_header(levels: list[str]) -> dict:
    """What a value column's header levels fix: measure, unit, year, industry, region."""
    out: dict = {}
    for lv in levels:
        flat = unicodedata.normalize("NFKC", lv).strip()
        if ":" in flat and len(flat.split(":")) >= 2:  # Wind: 安徽:主营业务收入:煤炭开采和洗选业
            parts = [p.strip() for p in flat.split(":") if p.strip()]
            rest = []
            for p in parts:
                fp, up = match_field(p)
                if fp and fp not in KEY_FIELDS:
                    out.setdefault("measure", fp)
                    if up is not None:
                        out.setdefault("unit", up)
                elif norm(p) in province_index() and "region" not in out:
                    out["region"] = p
                else:
                    rest.append(p)
            if rest:
                lab = rest[-1]
                if is_total_name(lab):
                    out["industry"] = "_ALL"
                else:
                    code, name = split_industry_label(lab)
                    out["industry"] = code or ""
                    out["industry_name"] = name or lab
            continue
        f, u = match_field(lv)
        if u is not None and "unit" not in out:
            out["unit"] = u
        if f and f not in KEY_FIELDS:
            out.setdefault("measure", f)
            bare = (
                unicodedata.normalize("NFKC", unit_in_header(lv)[0] or lv)
                .strip()
                .replace("\n", " ")
            )
            lead = _LEADING_YEAR.match(bare)  # "2020年常住人口"
            tail = _TRAILING_YEAR.match(bare)  # "常住人口2020"
            if lead:
                out.setdefault("year", int(lead.group(1)))
            elif tail and year_of(tail.group(2)):
                out.setdefault("year", int(tail.group(2)))
            continue
        y = year_of(lv)
        if y is not None:
            out["year"] = y
            continue
        flat = unicodedata.normalize("NFKC", lv).strip()
        m = _TRAILING_YEAR.match(flat.replace("\n", " "))
        if m and year_of(m.group(2)):
            out["year"] = int(m.group(2))
            f2, _ = match_field(m.group(1))
            if f2 and f2 not in KEY_FIELDS:
                out.setdefault("measure", f2)
            else:
                out.setdefault("prefix", m.group(1).strip())
            continue
        if is_total_name(lv):
            out["total"] = True
            out.setdefault("industry_name", lv.split("\n")[0].strip())
            continue
        code, name = split_industry_label(lv)
        if code:
            out["industry"] = code
            out["industry_name"] = name.split("\n")[0].strip()
            continue
        out.setdefault("labels", []).append(lv.strip())
    return out


def _column_content(
    sheet: RawSheet, c: int, first: int, last: int, limit: int = 200
) -> list[object]:
    out = []
    for r in range(first, min(last + 1, first + limit)):
        v = sheet.cell(r, c)
        if v is not None and v != "":
            out.append(v)
    return out


def _guess_key_by_content(values: list[object]) -> str | None:
    if not values:
        return None
    years = sum(1 for v in values if year_of(v, serial=True) is not None)
    if years >= 0.8 * len(values):
        return "year"
    texts = sum(1 for v in values if isinstance(v, str) and not is_number(v))
    if texts >= 0.6 * len(values):
        return "name"
    return None


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


def _find_block_end(sheet: RawSheet, first: int, stub_cols: list[int], header_stub: str) -> int:
    """0-based last data row of the block that starts at ``first``."""
    n = sheet.n_rows
    lo = first if n <= BIG_SHEET else max(first, n - 100)
    last = n - 1
    for r in range(lo, n):
        row = _row(sheet, r)
        cells = [v for v in row if v is not None and v != ""]
        if not cells:
            continue
        head = text(cells[0])
        kind, cnt = _row_kind(row)
        if is_note(head) and kind != "data":
            last = r - 1
            break
        if (
            kind != "data"
            and r > first
            and (
                (
                    header_stub
                    and any(norm(text(sheet.cell(r, c))) == header_stub for c in stub_cols)
                )
                or (
                    cnt == 1
                    and (
                        "续表" in head or "continued" in head.lower() or unit_line(head) is not None
                    )
                )
            )
        ):
            last = r - 1
            break
    while last >= first and not any(v not in (None, "") for v in _row(sheet, last)):
        last -= 1
    return last


def _detect_block(
    sheet: RawSheet, start: int, block: int, previous: SheetMapping | None = None
) -> SheetMapping | None:
    n = sheet.n_rows
    window = range(start, min(n, start + HEAD_WINDOW))
    kinds = {r: _row_kind(_row(sheet, r)) for r in window}
    first_data = next((r for r in window if kinds[r][0] == "data"), None)
    if first_data is None:
        return None
    # header rows: contiguous non-single rows right above the first data row
    header_rows: list[int] = []
    r = first_data - 1
    if (
        r > start
        and kinds[r][0] == "empty"
        and kinds[r - 1][0] in ("header", "text")
        and kinds[r - 1][1] >= max(2, kinds[first_data][1] // 2)
    ):
        r -= 1  # one blank spacer row between a full-width header and the first data row
    while r >= start and len(header_rows) < 4:
        k, cnt = kinds[r]
        if k in ("header", "text") or (
            k == "single" and header_rows and not text(_row(sheet, r)[0] if _row(sheet, r) else "")
        ):
            if cnt == 1 and unit_line(next(text(v) for v in _row(sheet, r) if v not in (None, ""))):
                break
            header_rows.insert(0, r)
            r -= 1
            continue
        break
    top = header_rows[0] if header_rows else first_data
    title_lines, _notes = title_lines_of(sheet, start, top)
    t_year, t_unit, t_measure, title = _parse_title(title_lines)
    continues = previous is not None and any(is_continuation(t) for t in title_lines)
    n_cols = max(map(len, sheet.rows), default=0)
    stub_cols = [0, 1]
    header_stub = norm(text(sheet.cell(header_rows[0], 0))) if header_rows else ""
    last = _find_block_end(sheet, first_data, stub_cols, header_stub)
    mapping = SheetMapping(file=sheet.file, sheet=sheet.sheet, block=block)
    mapping.header_rows = [h + 1 for h in header_rows]
    mapping.data_rows = (first_data + 1, last + 1)
    mapping.title = title
    if t_unit is not None:
        mapping.sheet_unit = t_unit.text
    if t_measure:
        mapping.measure = t_measure
    levels = (
        _header_levels(sheet, header_rows, n_cols) if header_rows else [[] for _ in range(n_cols)]
    )
    # --- columns -------------------------------------------------------------------------
    cols: list[ColumnMapping] = []
    parsed: dict[int, dict] = {}
    first_value: int | None = None
    for c in range(n_cols):
        lv = levels[c]
        header = " | ".join(lv)
        content = _column_content(sheet, c, first_data, last)
        cm = ColumnMapping(index=c, header=header)
        if not content and not lv:
            continue
        key = None
        if len(lv) >= 1:
            fields_ = [match_field(x)[0] for x in lv]
            keys = [f for f in fields_ if f in KEY_FIELDS]
            if keys and all(f in KEY_FIELDS or f is None for f in fields_):
                key = keys[0]
        if key:
            cm.role, cm.field = "key", key
            cols.append(cm)
            continue
        info = _parse_value_header(lv)
        numeric = sum(1 for v in content if is_number(v))
        if (
            c == 0
            and content
            and not info.get("measure")
            and all(year_of(v, serial=True) is not None for v in content)
        ):
            cm.role, cm.field = "key", "year"
            cols.append(cm)
            continue
        if content and numeric < 0.3 * len(content) and not (set(info) & {"measure", "year"}):
            g = _guess_key_by_content(content)
            if first_value is not None and not lv:
                cm.note = "text column / 文本列"
            elif first_value is not None and g is not None:
                cm.note = "text column after the values / 数值列之后的文本列"
            elif g == "year":
                cm.role, cm.field = "key", "year"
            elif g == "name":
                cm.role, cm.field = "key", "name"
            else:
                cm.note = "no numbers / 无数值"
            cols.append(cm)
            continue
        parsed[c] = info
        first_value = c if first_value is None else first_value
        cm.role = "value"
        cm.field = info.get("measure", "")
        cm.year = info.get("year")
        cm.region = info.get("region", "")
        cm.industry = info.get("industry", "")
        cm.industry_name = info.get("industry_name", "")
        if info.get("total"):
            cm.industry = "_ALL"
        u = info.get("unit")
        if u is not None:
            cm.unit = u.text
            cm.factor = u.factor
        cols.append(cm)
    # --- resolve "name" keys and duplicate key roles -------------------------------------
    have = {c.field for c in cols if c.role == "key"}
    for c in cols:
        if c.role == "key" and c.field == "name":
            if "region" not in have and (
                "region_code" in have or not any(x.region for x in cols if x.role == "value")
            ):
                c.field = "region"
            elif "industry" not in have:
                c.field = "industry"
            else:
                c.role, c.field, c.note = "ignore", "", "extra name column / 多余的名称列"
            have.add(c.field)
    seen: set[str] = set()
    for c in cols:
        if c.role != "key":
            continue
        if c.field in seen:
            if c.field == "region":
                c.field = "region_en"
            else:
                c.role, c.note = "ignore", f"second {c.field} column / 重复的关键列"
                c.field = ""
        seen.add(c.field)
    have = {c.field for c in cols if c.role == "key"}
    # unlabeled value headers: industry names when the rows have no industry key
    for c in cols:
        prefix = parsed.get(c.index, {}).get("prefix")
        if c.role == "value" and prefix:
            if {"region", "region_code"} & have:
                c.note = f"unrecognised measure {prefix} / 未识别的指标"
            else:
                c.region = prefix
        if c.role == "value":
            labels = parsed.get(c.index, {}).get("labels", [])
            if labels and not c.industry and "industry" not in have and "industry_code" not in have:
                c.industry_name = labels[0].split("\n")[0].strip()
            elif labels and not c.field:
                c.note = "unrecognised header / 未识别的表头"
            if c.industry == "_ALL" and ("industry" in have or "industry_code" in have):
                # rows are industries: a total column is a total over regions
                c.industry = ""
                c.region = c.region or "_TOTAL"
    mapping.columns = cols
    if not mapping.measure and not any(c.field for c in cols if c.role == "value"):
        for cand in (sheet.sheet, *title_lines[:3]):
            f, u = match_field(cand)
            if f and f not in KEY_FIELDS:
                mapping.measure = f
                if u is not None and not mapping.sheet_unit:
                    mapping.sheet_unit = u.text
                break
    # --- year / region sources -----------------------------------------------------------
    if "year" in have:
        mapping.year_source = "column"
    elif any(c.year for c in cols if c.role == "value"):
        mapping.year_source = "header"
    else:
        y = _sheet_name_year(sheet.sheet)
        if y:
            mapping.year, mapping.year_source = y, "sheet_name"
        elif t_year:
            mapping.year, mapping.year_source = t_year, "title"
        elif continues and previous.year:
            mapping.year, mapping.year_source = previous.year, "continued"
    if continues:
        mapping.continues = True
        if not mapping.sheet_unit and previous.sheet_unit:
            mapping.sheet_unit = previous.sheet_unit
        if not mapping.measure and previous.measure:
            mapping.measure = previous.measure
    if not ({"region", "region_code"} & have) and not any(
        c.region for c in cols if c.role == "value"
    ):
        stem = PurePath(sheet.file).stem
        if norm(stem) in province_index():
            mapping.region = stem
    # --- tidy tables: a measure column, one value column (and a unit column) -------------
    # also "indicator rows": measure names down column A, one value column per year across
    mkey = next((c for c in cols if c.role == "key" and c.field in ("measure", "measure_zh")), None)
    tidy = mkey is not None and any(c.role == "value" for c in cols)
    if tidy:  # measure names are text; a column of years or numbers under such a header is not one
        content = _column_content(sheet, mkey.index, first_data, last)
        tidy = bool(content) and sum(
            isinstance(v, str) and not is_number(v) for v in content
        ) >= 0.8 * len(content)
        if not tidy:
            mkey.role, mkey.field, mkey.note = "ignore", "", "not measure names / 不是指标名称"
    if tidy:
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
    # --- layout label --------------------------------------------------------------------
    vals = mapping.value_columns()
    if any(c.year for c in vals):
        mapping.layout = "wide_years"
    elif "year" in have and not ({"region", "region_code", "industry", "industry_code"} & have):
        mapping.layout = "wide_indicators"
    elif any(c.industry or c.industry_name for c in vals):
        mapping.layout = "wide_industries"
    else:
        mapping.layout = "long"
    if tidy:
        mapping.layout = "tidy"
    # --- totals and sub-items (rows) -----------------------------------------------------
    _mark_rows(sheet, mapping)
    mapping.signature = layout_signature([c.header for c in cols], len(header_rows), mapping.layout)
    return mapping


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


def _mark_rows(sheet: RawSheet, mapping: SheetMapping) -> None:
    keys = mapping.key_columns()
    first, last = mapping.data_rows
    if last - first > BIG_SHEET:
        stub = keys.get("region") or keys.get("region_code")
        if stub is None:
            return
        # once per distinct name (a long table repeats each region many times)
        i = stub.index
        rows = sheet.rows[first - 1 : last]
        try:
            distinct = set(map(itemgetter(i), rows))
        except IndexError:  # ragged rows
            distinct = {r[i] for r in rows if len(r) > i}
        totals = {
            v
            for v in distinct
            if isinstance(v, str) and not v.strip().isdigit() and is_total_name(v)
        }
        if totals:
            mapping.total_rows = [
                j + first for j, r in enumerate(rows) if len(r) > i and r[i] in totals
            ]
        return
    stubs = [
        c
        for f, c in keys.items()
        if f in ("region", "region_code", "region_en", "industry", "year")
    ]
    region_stub = keys.get("region") or keys.get("region_en")
    for r in range(first - 1, last):
        for c in stubs:
            v = sheet.cell(r, c.index)
            if is_subitem(text(v)):
                mapping.subitem_rows.append(r + 1)
                break
        else:
            if region_stub is not None:
                v = sheet.cell(r, region_stub.index)
                if is_total_name(text(v)):
                    mapping.total_rows.append(r + 1)
    if (
        not mapping.total_rows
        and region_stub is not None
        and "industry" not in keys
        and "industry_code" not in keys
        and "year" not in keys
    ):
        _sum_total_row(sheet, mapping)


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
    frame = pd.DataFrame(
        {c.index: [sheet.cell(r, c.index) for r in rows] for c in vals}, index=rows
    )
    num = frame.apply(
        lambda s: pd.to_numeric(
            s.map(lambda v: str(v).replace(",", "") if isinstance(v, str) else v), errors="coerce"
        )
    )
    for cand in (rows[0], rows[-1]):
        others = num.drop(index=cand).sum()
        row = num.loc[cand]
        ok = row.notna() & (others != 0)
        if ok.sum() < 2:
            continue
        # rounding: each of the n summands may be off by half a unit of the last decimal shown
        half_unit = num.loc[:, ok].apply(_half_unit)
        tol = 0.001 * others[ok].abs() + half_unit * len(rows)
        if ((row[ok] - others[ok]).abs() <= tol).all():
            mapping.total_rows.append(cand + 1)
            return


def is_industry_measure(field: str) -> bool:
    return field in INDUSTRY_MEASURES
