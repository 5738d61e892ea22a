"""Column roles of a block: key columns, value columns and what each value header fixes.

* :func:`parse_value_header` — what a value column's header levels name: a measure
  ("从业人员(人)"), a year ("2020年", 2020, "gdp1992"), an industry ("C39 计算机…", "合计"), a
  region ("Goettingen2008", Wind's "安徽:主营业务收入:煤炭开采和洗选业"), a unit;
* :func:`classify_columns` — key columns by header synonyms, else by content (dates or years →
  year; names → region); value columns with the fixed keys their headers give;
* :func:`resolve_keys` — "name" keys become region or industry; duplicate key roles resolved;
  unlabelled value headers become industries (rows without an industry key) or are noted.
"""

from __future__ import annotations

import re
import unicodedata

from clusterpolicy.io.cells import is_number, split_industry_label, year_of
from clusterpolicy.io.headers import KEY_FIELDS, is_total_name, match_field
from clusterpolicy.io.mapping import ColumnMapping
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.units import unit_in_header
from clusterpolicy.model.codes import province_record

# a year in front of a measure: "2020年常住人口", "2020年末常住人口", "2020年度营业收入"
_LEADING_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年\s*(?:末|底|度)?\s*(?=\D)")
_TRAILING_YEAR = re.compile(r"^(.*?[A-Za-z_\u3400-\u9fff])[_ ]?((?:19|20)\d\d)$")


def is_province(name: object) -> bool:
    return province_record(name, aliases=True) is not None


def _wind_header(flat: str, out: dict) -> None:
    """安徽:主营业务收入:煤炭开采和洗选业 — region, measure and industry in one header."""
    parts = [p.strip() for p in flat.split(":") if p.strip()]
    rest = []
    for p in parts:
        fp, up = match_field(p)
        if fp and fp not in KEY_FIELDS:
            out.setdefault("measure", fp)
            if up is not None:
                out.setdefault("unit", up)
        elif is_province(p) and "region" not in out:
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


def _measure_year(lv: str, out: dict) -> None:
    """A year written with the measure: "2020年常住人口", "常住人口2020"."""
    bare = unicodedata.normalize("NFKC", unit_in_header(lv)[0] or lv).strip().replace("\n", " ")
    lead = _LEADING_YEAR.match(bare)
    tail = _TRAILING_YEAR.match(bare)
    if lead:
        out.setdefault("year", int(lead.group(1)))
    elif tail and year_of(tail.group(2)):
        out.setdefault("year", int(tail.group(2)))


def parse_value_header(levels: list[str]) -> dict:
    """What a value column's header levels fix: measure, unit, year, industry, region."""
    out: dict = {}
    for lv in levels:
        flat = unicodedata.normalize("NFKC", lv).strip()
        if ":" in flat and len(flat.split(":")) >= 2:
            _wind_header(flat, out)
            continue
        f, u = match_field(lv)
        if u is not None and "unit" not in out:
            out["unit"] = u
        if f and f not in KEY_FIELDS:
            out.setdefault("measure", f)
            _measure_year(lv, out)
            continue
        y = year_of(unit_in_header(lv)[0] if u is not None else lv)  # "2020年（万元）"
        if y is not None:
            out["year"] = y
            continue
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


def column_content(sheet: RawSheet, c: int, first: int, last: int, limit: int = 200) -> list:
    out = []
    for r in range(first, min(last + 1, first + limit)):
        v = sheet.cell(r, c)
        if v is not None and v != "":
            out.append(v)
    return out


def guess_key_by_content(values: list[object]) -> str | None:
    if not values:
        return None
    years = sum(1 for v in values if year_of(v, serial=True) is not None)
    if years >= 0.8 * len(values):
        return "year"
    texts = sum(1 for v in values if isinstance(v, str) and not is_number(v))
    if texts >= 0.6 * len(values):
        return "name"
    return None


def _header_key(lv: list[str]) -> str | None:
    """The key field the header levels name, when every level names a key or nothing."""
    if not lv:
        return None
    fields_ = [match_field(x)[0] for x in lv]
    keys = [f for f in fields_ if f in KEY_FIELDS]
    if keys and all(f in KEY_FIELDS or f is None for f in fields_):
        return keys[0]
    return None


def classify_columns(
    sheet: RawSheet, levels: list[list[str]], first_data: int, last: int
) -> tuple[list[ColumnMapping], dict[int, dict]]:
    """(column mappings, parsed value headers by column index) of one block."""
    cols: list[ColumnMapping] = []
    parsed: dict[int, dict] = {}
    first_value: int | None = None
    for c, lv in enumerate(levels):
        content = column_content(sheet, c, first_data, last)
        cm = ColumnMapping(index=c, header=" | ".join(lv))
        if not content and not lv:
            continue
        key = _header_key(lv)
        if key:
            cm.role, cm.field = "key", key
            cols.append(cm)
            continue
        info = parse_value_header(lv)
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
            _text_column(cm, content, lv, first_value)
            cols.append(cm)
            continue
        parsed[c] = info
        first_value = c if first_value is None else first_value
        _value_column(cm, info)
        cols.append(cm)
    return cols, parsed


def _text_column(cm: ColumnMapping, content: list, lv: list[str], first_value) -> None:
    g = guess_key_by_content(content)
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


def _value_column(cm: ColumnMapping, info: dict) -> None:
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


def resolve_keys(cols: list[ColumnMapping], parsed: dict[int, dict]) -> set[str]:
    """Resolve "name" keys and duplicate key roles, label unlabelled value headers; returns the
    key fields the block has."""
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
    for c in cols:
        if c.role == "value":
            _label_value(c, parsed.get(c.index, {}), have)
    return have


def _label_value(c: ColumnMapping, info: dict, have: set[str]) -> None:
    """Unlabelled value headers: industry names when the rows have no industry key."""
    prefix = info.get("prefix")
    if prefix:
        if {"region", "region_code"} & have:
            c.note = f"unrecognised measure {prefix} / 未识别的指标"
        else:
            c.region = prefix
    labels = info.get("labels", [])
    if labels and not c.industry and "industry" not in have and "industry_code" not in have:
        c.industry_name = labels[0].split("\n")[0].strip()
    elif labels and not c.field:
        c.note = "unrecognised header / 未识别的表头"
    if c.industry == "_ALL" and ("industry" in have or "industry_code" in have):
        # rows are industries: a total column is a total over regions
        c.industry = ""
        c.region = c.region or "_TOTAL"
