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

from clusterpolicy.io.cells import is_number, parse_number_text, year_of
from clusterpolicy.io.headers import (
    KEY_FIELDS,
    match_field,
    zh_part,
)
from clusterpolicy.io.mapping import ColumnMapping
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.value_headers import (
    finish_value_headers,
    is_province,
    parse_value_header,
)
from clusterpolicy.model.codes import industry_by_name


# a year in front of a measure: "2020年常住人口", "2020年末常住人口", "2020年度营业收入"
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
            if key == "region":
                cm.note = _key_note(lv, content)
            cols.append(cm)
            continue
        info = parse_value_header(lv)
        # missing-value symbols ("—", "…", "x") hold a number's place: a column of them under
        # "第一产业 | 全市" is a value column with nothing reported, not a column of names
        numeric = sum(1 for v in content if is_number(v) or _missing_symbol(v))
        if (
            c == 0
            and content
            and not info.get("measure")
            and all(year_of(v, serial=True) is not None for v in content)
        ):
            cm.role, cm.field = "key", "year"
            cols.append(cm)
            continue
        if (
            content
            and numeric < 0.3 * len(content)
            and (not (set(info) & {"measure", "year"}) or _stub_of_names(c, content))
        ):
            _text_column(cm, content, lv, first_value)
            if cm.role == "key":
                cm.note = _key_note(lv, content)
            cols.append(cm)
            continue
        parsed[c] = info
        first_value = c if first_value is None else first_value
        cm.role = "value"
        cols.append(cm)
    finish_value_headers(cols, parsed)
    for cm in cols:
        if cm.role == "value":
            _value_column(cm, parsed[cm.index])
    return cols, parsed


def _missing_symbol(v: object) -> bool:
    return isinstance(v, str) and parse_number_text(v).missing is not None


def _stub_of_names(c: int, content: list) -> bool:
    """A stub column of names under a header that happens to name a measure (07's "Area" over
    county names): one of the first three columns, names only, many of them."""
    distinct = {str(v).strip() for v in content if isinstance(v, str)}
    return c <= 2 and _name_share(content) >= 0.9 and len(distinct) >= 5


def _name_share(content: list) -> float:
    """Share of the cells that are names: text that is neither a number nor a missing symbol."""
    if not content:
        return 0.0
    n = sum(
        1
        for v in content
        if isinstance(v, str) and not is_number(v) and parse_number_text(v).missing is None
    )
    return n / len(content)


_CATEGORY = ("类别", "类型", "分类", "等级", "级别", "category", "type", "class")


def _key_note(lv: list[str], content: list) -> str:
    """A mark for :func:`resolve_keys`: "provinces" (the cells name provinces), "category"
    (the header says it is a category: 城市类别), else ""."""
    head = " ".join(lv).lower()
    if any(w in head for w in _CATEGORY):
        return "category"
    distinct = {str(v).strip() for v in content if isinstance(v, str) and v.strip()}
    if distinct and sum(is_province(v) for v in distinct) >= 0.8 * len(distinct):
        return "provinces"
    return ""


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
    cm.scope = info.get("scope", "") or ""
    cm.subitem = info.get("subitem", "")
    u = info.get("unit")
    if u is not None:
        cm.unit = u.text
        cm.factor = u.factor


def resolve_keys(cols: list[ColumnMapping], parsed: dict[int, dict]) -> set[str]:
    """Resolve "name" keys and duplicate key roles, label unlabelled value headers; returns the
    key fields the block has.

    Of two region columns, the one whose cells are province names while the other's are not is
    the parent (``region_parent``: 07 "Area, Province"; 08 城市名称, 省份名称); a name column whose
    header says it is a category (城市类别) is no key."""
    _parents(cols)
    have = {c.field for c in cols if c.role == "key"}
    for c in cols:
        if c.role == "key" and c.field == "name":
            if c.note == "category":
                c.role, c.field, c.note = "ignore", "", "category column / 类别列"
            elif "region" not in have and (
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
    if "region_parent" in have and not ({"region", "region_code"} & have):
        for c in cols:
            if c.role == "key" and c.field == "region_parent":
                c.field = "region"  # 省份名称 alone: the rows are provinces
        have = {c.field for c in cols if c.role == "key"}
    for c in cols:
        if c.role == "value":
            _label_value(c, parsed.get(c.index, {}), have)
    for c in cols:
        if c.note in ("provinces", "category") and c.role == "key":
            c.note = ""
    return have


def _parents(cols: list[ColumnMapping]) -> None:
    regional = [c for c in cols if c.role == "key" and c.field in ("region", "name")]
    provinces = [c for c in regional if c.note == "provinces"]
    others = [c for c in regional if c.note != "provinces"]
    if provinces and others and not any(c.field == "region_parent" for c in cols):
        provinces[0].field, provinces[0].note = "region_parent", ""


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
        names = [zh_part(lab.split("\n")[0]) for lab in labels]
        known = [(n, ind) for n in names if (ind := industry_by_name(n)) is not None]
        if known:  # the lowest level that names an industry
            c.industry_name, c.industry = known[-1][0], known[-1][1].code
        else:
            c.industry_name = labels[0].split("\n")[0].strip()
    elif labels and not c.field:
        c.note = "unrecognised header / 未识别的表头"
    if c.industry == "_ALL" and ("industry" in have or "industry_code" in have):
        # rows are industries: a total column is a total over regions
        c.industry = ""
        c.region = c.region or "_TOTAL"
