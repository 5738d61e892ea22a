"""The lines above a block's header: title, year, unit line, indicator line, continuation.

* :func:`title_lines_of` separates a block's title lines from the footnotes of the block above
  (注：…, 资料来源…, their English lines): a year in a footnote is never a block's year;
* :func:`parse_title` reads the year ("(2019年)", "2015年…"), the unit line ("单位：万人",
  "(100 million yuan)"), an indicator line ("指标：地区生产总值(亿元)") and the title itself;
* :func:`is_continuation` recognises "续表" / "7-6 续表1" / "(续)" / "continued";
* :func:`sheet_name_year` reads a year that names a whole sheet ("2019", "2019年").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from clusterpolicy.io.headers import KEY_FIELDS, is_note, match_field
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.units import Unit, unit_line

_YEAR_IN = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年?(?!\d)")
_CONTINUED = re.compile(
    r"续表|[(（]\s*续\s*[)）]|^\s*续\s*$|\bcontinued\b|\(cont(?:\.|inued)?\)", re.IGNORECASE
)
_TABLE_NUMBER = re.compile(r"^\s*(表\s*)?\d{1,2}\s*[-—–]\s*\d{1,3}\b")
_INDICATOR = re.compile(r"^\s*(?:指标|index|indicator)\s*[:：]\s*(.+)$", re.IGNORECASE)
_REGION_LINE = re.compile(r"^\s*(地区|region)\s*[:：]\s*(\S.{0,30}?)\s*$", re.IGNORECASE)
_META = re.compile(
    r"^\s*(时间|数据库|地区|频率|单位|time|database|region|frequency)\s*[:：]", re.IGNORECASE
)


def row(sheet: RawSheet, r: int) -> list[object]:
    return sheet.rows[r] if 0 <= r < len(sheet.rows) else []


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
        cells = [v.strip() for v in row(sheet, rr) if isinstance(v, str) and v.strip()]
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


@dataclass
class Title:
    """What the lines above a block's header say."""

    year: int | None = None
    unit: Unit | None = None
    measure: str = ""  # canonical field of an indicator line ("指标：地区生产总值(亿元)")
    text: str = ""  # the first title line
    region: str = ""  # a region header line ("地区：上海"), as written
    more: list[str] = field(default_factory=list)  # further title lines, in order


def parse_title(lines: list[str]) -> Title:
    """Year, unit, measure, region and title from the title lines above the header (notes left
    out by :func:`title_lines_of`; a note line given here anyway is skipped)."""
    out = Title()
    for ln in lines:
        if is_note(ln):
            continue
        u = unit_line(ln)
        if u is not None:
            out.unit = out.unit or u
            continue
        t = unicodedata.normalize("NFKC", ln)
        m = _INDICATOR.match(t)  # NBS exports, zh and en
        if m:
            f, u2 = match_field(m.group(1))
            if f and f not in KEY_FIELDS:
                out.measure = f
            out.unit = out.unit or u2
            continue
        m = _REGION_LINE.match(t)
        if m:
            out.region = out.region or m.group(2).strip()
            continue
        if _META.match(t):
            continue
        if not out.text:
            out.text = ln
        else:
            out.more.append(ln.strip())
        if out.year is None:
            ys = {int(y) for y in _YEAR_IN.findall(t)}
            if len(ys) == 1:
                out.year = ys.pop()
    return out


def block_subitem(head: Title) -> str:
    """The sub-group a continuation block covers ("4-2-2 续表" then "国有控股 / State-controlled
    Enterprises"): a short Chinese title line below the continuation line, without a year."""
    if not is_continuation(head.text):
        return ""
    for ln in head.more:
        zh = re.sub(r"\s+[A-Za-z].*$", "", ln).strip()
        if (
            zh
            and re.search(r"[\u3400-\u9fff]", zh)
            and len(zh) <= 12
            and not _YEAR_IN.search(zh)
            and not is_continuation(zh)
        ):
            return zh
    return ""


def sheet_name_year(name: str) -> int | None:
    t = unicodedata.normalize("NFKC", name).strip()
    m = re.fullmatch(r"((?:19|20)\d\d)\s*(年|年度)?(数据)?", t)
    return int(m.group(1)) if m else None
