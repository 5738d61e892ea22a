"""Header recognition: Chinese and English synonyms → canonical fields.

One data structure, :data:`~clusterpolicy.io.synonyms.SYNONYMS`, maps each field to the header texts that name it. Key
fields (``region_code``, ``region``, ``region_en``, ``industry_code``, ``industry``, ``year``,
``firm_id``, ``firm_name``, ``group``, ``example``) describe rows; every other field is a measure
column of a canonical table (:mod:`clusterpolicy.model.tables`). A header equal to a canonical
column name or its ``label_zh``/``label_en`` always maps to that column.

Matching (:func:`match_field`): the header is normalised (:func:`norm`: NFKC, lower case, all
whitespace removed, so "地 区" = "地区" and full-width text = half-width), a unit in brackets is
split off, and "中文\\nEnglish" cells are tried as the Chinese lines joined, the English lines
joined, and the whole. Exact matches win; otherwise the longest synonym contained in the text
(at least 3 characters, 2 for Chinese) wins.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from clusterpolicy.io.cells import TEXT_FOOTNOTE, clean
from clusterpolicy.io.synonyms import (
    DERIVED_MARKERS,
    EXACT_ONLY,
    GROUP_LABELS,
    KEY_FIELDS,
    SCOPES,
    SYNONYMS,
    VALUE_HEADERS,
)
from clusterpolicy.io.units import Unit, unit_in_header
from clusterpolicy.model.tables import TABLES

# Which table a measure belongs to when there is no industry key (region-level figures).
REGION_MEASURES = frozenset(TABLES["region_data"].measures)
INDUSTRY_MEASURES = frozenset(TABLES["industry_data"].measures)
FIRM_MEASURES = frozenset(TABLES["firm_data"].measures)

_CJK = re.compile(r"[\u3400-\u9fff]")


def norm(text: object) -> str:
    """Matching form of a text: NFKC, lower case, no whitespace, no footnote marker at the end."""
    if text is None:
        return ""
    t = TEXT_FOOTNOTE.sub("", clean(text).rstrip())  # before NFKC, which turns "①" into "1"
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", t)).lower()


# formula-like text: a leading "=" (anything), a leading "+"/"@" or "-name(" before a name, or a
# "=NAME(" anywhere ("C17 =HYPERLINK(…)"); full-width signs are folded by NFKC first
_FORMULA = re.compile(
    r"^\s*=|^\s*[+@]\s*[A-Za-z_(]|^\s*-\s*[A-Za-z_][\w.]*\s*\(|=\s*[A-Za-z_][\w.]*\s*\("
)
_WWW = re.compile(r"\bwww\.", re.IGNORECASE)


def looks_like_formula(text: object) -> bool:
    """Header text that is a formula written as text (``=HYPERLINK("http://…",…)``, ``@SUM(9)``):
    never parsed as a header (its ":" would make a Wind-style ``a:b:c`` header of it)."""
    return isinstance(text, str) and bool(_FORMULA.search(unicodedata.normalize("NFKC", text)))


def has_url(text: str) -> bool:
    """A URL in the text: its ":" is no Wind-style separator. (No scheme pattern such as
    ``[A-Za-z]+://``: on a 300,000-letter header its backtracking is quadratic.)"""
    return "://" in text or bool(_WWW.search(text))


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def split_bilingual(text: str) -> tuple[str, str]:
    """ "地方一般公\\n共预算支出\\nGeneral Public\\nBudget" → ("地方一般公共预算支出", "General Public Budget")."""
    zh: list[str] = []
    en: list[str] = []
    for line in re.split(r"[\r\n]+", str(text)):
        line = line.strip()
        if not line:
            continue
        (zh if has_cjk(line) else en).append(line)
    return "".join(zh), " ".join(en)


@cache
def _table() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(exact: normalised text → field, contained: [(normalised synonym, field)] longest first)."""
    exact: dict[str, str] = {}
    # canonical names and labels first: they always map to their own column
    for spec in TABLES.values():
        for col in spec.columns:
            field = col.name
            if field == "name":
                field = "firm_name"
            for t in (col.name, col.label_zh, col.label_en):
                if (
                    t
                    and norm(t) not in exact
                    and spec.name in ("industry_data", "region_data", "firm_data")
                ):
                    exact[norm(t)] = field
    for field, words in SYNONYMS.items():
        for w in words:
            exact.setdefault(norm(w), field)
    contained = sorted(
        ((k, f) for k, f in exact.items() if len(k) >= (2 if has_cjk(k) else 4)),
        key=lambda kv: -len(kv[0]),
    )
    return exact, contained


def _match_one(text: str) -> tuple[str | None, str]:
    """(field, the rest of the header around a contained synonym) of one header text."""
    k = norm(text)
    if not k:
        return None, ""
    exact, _contained = _table()
    if k in exact:
        return exact[k], ""
    if has_cjk(k):
        for syn, field in _contained_cjk():
            if syn in k:
                if any(mk in k and mk not in syn for mk in DERIVED_MARKERS):
                    return None, ""  # a rate, average, share, growth … of the measure
                return field, k.replace(syn, "", 1)
    return None, ""


@cache
def _contained_cjk() -> tuple[tuple[str, str], ...]:
    """The Chinese measure synonyms that may match inside a longer header, longest first."""
    return tuple(
        (syn, f)
        for syn, f in _table()[1]
        if has_cjk(syn) and f not in KEY_FIELDS and syn not in EXACT_ONLY
    )


@dataclass(frozen=True)
class HeaderMatch:
    field: str | None  # canonical field, or None
    unit: Unit | None  # unit in the header, or None
    rest: str = ""  # normalised text around a contained synonym ("第一产业" of "第一产业增加值")


def match_header(text: object) -> HeaderMatch:
    """The canonical field a header cell names, its unit, and what else the text says.

    Measure-aware: a header with a percent or per-mille unit names no measure (a rate); the
    administrative area needs an area unit or none ("面积(万平方米)" is floor space)."""
    if text is None:
        return HeaderMatch(None, None)
    unit: Unit | None = None
    lines = [ln.strip() for ln in re.split(r"[\r\n]+", str(text)) if ln.strip()]
    kept: list[str] = []
    for ln in lines:
        rest, u = unit_in_header(ln)
        if u is not None and unit is None:
            unit = u
        if rest:
            kept.append(rest)
    zh, en = split_bilingual("\n".join(kept))
    candidates = [zh, en, " ".join(kept)] if len(kept) > 1 else kept
    for cand in candidates:
        if cand:
            f, rest = _match_one(cand)
            if f and f not in KEY_FIELDS and not _unit_fits(f, unit):
                return HeaderMatch(None, unit)
            if f:
                return HeaderMatch(f, unit, rest)
    return HeaderMatch(None, unit)


def _unit_fits(field: str, unit: Unit | None) -> bool:
    if unit is None:
        return True
    if unit.kind in ("percent", "permille", "floor_area"):
        return False
    if field == "area_km2":
        return unit.kind in ("area", "scale")
    return True


def match_field(text: object) -> tuple[str | None, Unit | None]:
    """The canonical field a header cell names (or None) and the unit it carries (or None)."""
    m = match_header(text)
    return m.field, m.unit


def tidy_field(name: object, label: object = None) -> str:
    """The canonical measure a tidy table's measure name (or its Chinese label) stands for, or ""."""
    for text_ in (name, label):
        if text_ is None or text_ == "":
            continue
        f, _u = match_field(text_)
        if f and f not in KEY_FIELDS:
            return f
    return ""


# --- totals -------------------------------------------------------------------------------
_TOTAL_WORDS = {
    "合计",
    "总计",
    "总",
    "全国",
    "全省",
    "全市",
    "全区",
    "全县",
    "地方合计",
    "各地区合计",
    "全部",
    "全部行业合计",
    "total",
    "totals",
    "insgesamt",
    "gesamt",
    "summe",
    "all",
    "allindustries",
    "allregions",
    "totalofallregions",
    "germany",
    "deutschland",
    "brd",
    "china",
    "中国",
    "全国合计",
}


def is_total_name(text: object) -> bool:
    """A 合计/总计/全国/Total/Insgesamt-like label (also "清源市合计", "A-R Insgesamt")."""
    k = norm(text)
    if not k:
        return False
    zh, en = split_bilingual(str(text))
    for part in (k, norm(zh), norm(en)):
        if not part:
            continue
        if part in _TOTAL_WORDS or part.endswith("合计") or part.endswith("总计"):
            return True
        if "insgesamt" in part or part.startswith("totalof") or part == "alle":
            return True
    return False


_SUBITEM = re.compile(r"^\s*(#|＃|其中[:：]?|内[:：]|of which|incl\.)", re.IGNORECASE)


def is_subitem(text: object) -> bool:
    """A "#…" / "其中：…" sub-item label (not to be summed with its parent)."""
    return bool(text) and bool(_SUBITEM.match(str(text)))


_NOTE = re.compile(
    r"^\s*(注[:：\s]|注\d|说明[:：]|资料来源|数据来源|来源[:：]|note[s]?[:：\s]|source[s]?[:：\s]"
    r"|摘编自|\*\s*注)",
    re.IGNORECASE,
)


def is_note(text: object) -> bool:
    """A footer line: 注：…, 资料来源…, 数据来源：国家统计局, Note:, Source:."""
    return bool(text) and bool(_NOTE.match(str(text)))


_LATIN_TAIL = re.compile(r"\s+[A-Za-z][A-Za-z0-9 ,.&()'/-]*$")


def zh_part(text: object) -> str:
    """The Chinese part of a bilingual cell: "批发业 Wholesale Trade" → "批发业", "全市\\nTotal City"
    → "全市"; a text without Chinese is returned stripped."""
    t = str(text).strip()
    zh, _en = split_bilingual(t)
    if not zh:
        return t
    return _LATIN_TAIL.sub("", zh).strip()


def scope_of(text: object) -> str | None:
    """The scope a header level names: "" for the default (全市, Total City), the qualifier for
    another (市辖区, 城镇, 农村), None when the text is no scope."""
    t = str(text)
    zh, en = split_bilingual(t)
    for part in (zh_part(t), en, t):
        k = norm(part)
        if k in SCOPES:
            return SCOPES[k]
    return None


def subitem_label(text: object) -> str | None:
    """ "#国有控股 State-controlled Enterprises" → "国有控股", "其中：外资" → "外资"; else None."""
    t = str(text).strip()
    if not is_subitem(t):
        return None
    rest = _SUBITEM.sub("", zh_part(t)).strip(" ：:")
    return rest or None


def is_group_label(text: object) -> bool:
    """An upper header level that only groups the columns below it ("按行业分 By Industry")."""
    t = str(text)
    zh, en = split_bilingual(t)
    return any(norm(p) in GROUP_LABELS for p in (zh_part(t), en, t) if p)


def display_name(text: object) -> str:
    """A name as shown, with indentation removed ("　青山区" → "青山区"; inner spaces kept)."""
    return str(text).strip().strip("\u3000").strip()


__all__ = [
    "FIRM_MEASURES",
    "INDUSTRY_MEASURES",
    "KEY_FIELDS",
    "REGION_MEASURES",
    "SYNONYMS",
    "VALUE_HEADERS",
    "display_name",
    "has_cjk",
    "HeaderMatch",
    "is_group_label",
    "match_header",
    "scope_of",
    "subitem_label",
    "zh_part",
    "is_note",
    "is_subitem",
    "is_total_name",
    "match_field",
    "norm",
    "split_bilingual",
    "tidy_field",
]
