"""What a value column's header levels say, and the decisions that need the whole block.

* :func:`parse_value_header` — measure ("从业人员(人)"), unit, year ("2020年", "2020年（万元）",
  "gdp1992"), industry ("C39 计算机…", "合计", a code row "A"), region ("Goettingen2008", Wind's
  "安徽:主营业务收入:煤炭开采和洗选业"), scope (全市 / 市辖区), sub-item ("#国有控股"), and labels that
  name nothing known, with their place relative to the measure;
* :func:`finish_value_headers` — group labels spanning the table dropped, 全市 a scope only
  beside another scope, labels below a measure its sub-items unless they name an industry.
"""

from __future__ import annotations

import re
import unicodedata

from clusterpolicy.io.cells import split_industry_label, year_of
from clusterpolicy.io.headers import (
    KEY_FIELDS,
    has_url,
    is_group_label,
    is_total_name,
    looks_like_formula,
    match_field,
    match_header,
    scope_of,
    subitem_label,
    zh_part,
)
from clusterpolicy.io.mapping import ColumnMapping
from clusterpolicy.io.units import unit_in_header
from clusterpolicy.model.codes import industry_by_name, province_record


def is_province(name: object) -> bool:
    return province_record(name, aliases=True) is not None


_LEADING_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年\s*(?:末|底|度)?\s*(?=\D)")
_TRAILING_YEAR = re.compile(r"^(.*?[A-Za-z_\u3400-\u9fff])[_ ]?((?:19|20)\d\d)$")


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
        if looks_like_formula(flat):  # named in a warning (block.layout_notes), never parsed
            out.setdefault("formula", []).append(lv.strip())
            continue
        if ":" in flat and len(flat.split(":")) >= 2 and not has_url(flat):
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
        if has_url(flat):
            continue  # a link names no industry, sub-item or region
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
