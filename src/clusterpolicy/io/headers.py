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
from functools import cache

from clusterpolicy.io.cells import TEXT_FOOTNOTE, clean
from clusterpolicy.io.synonyms import KEY_FIELDS, SYNONYMS, VALUE_HEADERS
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


def _match_one(text: str) -> str | None:
    k = norm(text)
    if not k:
        return None
    exact, _contained = _table()
    if k in exact:
        return exact[k]
    if has_cjk(k):
        for syn, field in _contained_cjk():
            if syn in k:
                return field
    return None


@cache
def _contained_cjk() -> tuple[tuple[str, str], ...]:
    """The Chinese measure synonyms that may match inside a longer header, longest first."""
    return tuple((syn, f) for syn, f in _table()[1] if has_cjk(syn) and f not in KEY_FIELDS)


def match_field(text: object) -> tuple[str | None, Unit | None]:
    """The canonical field a header cell names (or None) and the unit it carries (or None)."""
    if text is None:
        return None, None
    raw = str(text)
    unit: Unit | None = None
    lines = [ln.strip() for ln in re.split(r"[\r\n]+", raw) if ln.strip()]
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
            f = _match_one(cand)
            if f:
                return f, unit
    return None, unit


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
    "is_note",
    "is_subitem",
    "is_total_name",
    "match_field",
    "norm",
    "split_bilingual",
    "tidy_field",
]
