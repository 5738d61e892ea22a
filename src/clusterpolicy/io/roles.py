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

from clusterpolicy.io.cells import is_number, parse_number_text, split_industry_label, year_of
from clusterpolicy.io.headers import (
    KEY_FIELDS,
    is_group_label,
    is_total_name,
    match_field,
    match_header,
    scope_of,
    subitem_label,
    zh_part,
)
from clusterpolicy.io.mapping import ColumnMapping
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.units import unit_in_header
from clusterpolicy.model.codes import industry_by_name, province_record

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
            out["region"] = province_record(p, aliases=True).name_zh  # 吉林 here is the province
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


_CODE_LEVEL = re.compile(r"^[A-T](?:\d{2,4})?$")  # a code row under industry names: "A", "C13"


def parse_value_header(levels: list[str]) -> dict:
    """What a value column's header levels fix: measure, unit, year, industry, region, scope,
    sub-item. Labels that name nothing known are kept with their position relative to the
    measure ("labels_above" / "labels_below") for :func:`finish_value_headers` to decide."""
    out: dict = {}
    seen_measure = False
    for lv in levels:
        flat = unicodedata.normalize("NFKC", lv).strip()
        if ":" in flat and len(flat.split(":")) >= 2:
            _wind_header(flat, out)
            continue
        if is_group_label(lv):
            continue
        sc = scope_of(lv)
        if sc is not None:
            out["scope"] = sc  # "" = the default scope (全市)
            out["scope_text"] = zh_part(lv)
            continue
        sub = subitem_label(lv)
        if sub is not None:
            out["subitem"] = sub
            continue
        hm = match_header(lv)
        if hm.unit is not None and "unit" not in out:
            out["unit"] = hm.unit
        if hm.field and hm.field not in KEY_FIELDS:
            out.setdefault("measure", hm.field)
            seen_measure = True
            _measure_year(lv, out)
            _header_rest(hm.rest, out)
            continue
        if _year_level(lv, flat, hm, out):
            continue
        if is_total_name(lv):
            out["total"] = True
            out.setdefault("industry_name", zh_part(lv.split("\n")[0]))
            continue
        code, name = split_industry_label(lv)
        if code or _CODE_LEVEL.match(flat):
            out["industry"] = code or flat
            if name:
                out["industry_name"] = zh_part(name.split("\n")[0])
            continue
        side = "labels_below" if seen_measure else "labels_above"
        out.setdefault(side, []).append(lv.strip())
        out.setdefault("labels", []).append(lv.strip())
    return out


def _year_level(lv: str, flat: str, hm, out: dict) -> bool:
    """A level naming a year ("2020", "2020年（万元）", "gdp1992"); True when it did."""
    y = year_of(unit_in_header(lv)[0] if hm.unit is not None else lv)  # "2020年（万元）"
    if y is not None:
        out["year"] = y
        return True
    m = _TRAILING_YEAR.match(flat.replace("\n", " "))
    if m and year_of(m.group(2)):
        out["year"] = int(m.group(2))
        f2, _ = match_field(m.group(1))
        if f2 and f2 not in KEY_FIELDS:
            out.setdefault("measure", f2)
        else:
            out.setdefault("prefix", m.group(1).strip())
        return True
    return False


_UNIT_GLOSS = re.compile(r"[(（][^()（）]*[)）]")


def _header_rest(rest: str, out: dict) -> None:
    """What a header says beside a contained measure: an industry ("第一产业增加值") or a
    scope ("城镇常住人口")."""
    rest = _UNIT_GLOSS.sub("", rest).strip()
    if not rest:
        return
    ind = industry_by_name(rest)
    if ind is not None:
        out.setdefault("industry", ind.code)
        out.setdefault("industry_name", ind.name_zh)
        return
    for word, qual in (("城镇", "城镇"), ("农村", "农村"), ("乡村", "乡村"), ("市辖区", "市辖区")):
        if word in rest:
            out.setdefault("scope", qual)
            out.setdefault("scope_text", word)
            return


def finish_value_headers(cols: list[ColumnMapping], parsed: dict[int, dict]) -> None:
    """Block-level decisions over the value headers, before the columns are labelled:

    * a label every value column carries that names nothing (a group label spanning the
      table, "By Industry") is dropped: the items come from the levels that distinguish;
    * 全市 / 合计 are a default scope only where another column of the block has another
      scope (全市 beside 市辖区); otherwise they are a total column as before;
    * a label below a measure level ("营业额" over "客房收入") names a part of the measure — a
      sub-item — unless it names an industry (code tables); a label above it names the
      industry of the column."""
    vals = [c for c in cols if c.role == "value" and c.index in parsed]
    infos = [parsed[c.index] for c in vals]
    if len(infos) >= 2:
        common = set.intersection(*(set(i.get("labels", [])) for i in infos))
        for lab in common:
            if industry_by_name(zh_part(lab)) is None:
                for i in infos:
                    for side in ("labels", "labels_above", "labels_below"):
                        if lab in i.get(side, []):
                            i[side] = [x for x in i[side] if x != lab]
    scoped = any(i.get("scope") for i in infos)
    for i in infos:
        if "scope" in i and not i["scope"] and not scoped:  # 全市 with no 市辖区 beside it
            del i["scope"]
            i["total"] = True
            i.setdefault("industry_name", i.pop("scope_text", ""))
        if i.get("total") and (i.get("labels_above") or i.get("scope") is not None):
            i.pop("total")  # "合计" under an industry label is the industry's default scope
        for lab in i.get("labels_below", []):
            ind = industry_by_name(zh_part(lab))
            if ind is not None:
                i.setdefault("industry", ind.code)
                i.setdefault("industry_name", ind.name_zh)
            else:
                i.setdefault("subitem", zh_part(lab.split("\n")[0]))
        i["labels"] = list(i.get("labels_above", []))


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
