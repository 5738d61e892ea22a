"""Units as yearbooks write them, and the factor that reaches the canonical unit.

Canonical units (see :mod:`clusterpolicy.model.tables`): money in yuan, people in persons,
counts, km², yuan/person. A unit found in a header ("从业人员(万人)"), a unit line ("单位：亿元",
"(100 million yuan)") or the mapping is parsed by :func:`parse_unit` into a :class:`Unit`
``(text, kind, factor)``; ``value_canonical = value_as_found × factor``. A unit applies to a
column only when its kind fits the column's canonical unit (:func:`factor_for`): "万人" on a
money column is ignored (with a warning by the caller), never silently applied.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    text: str  # as found, e.g. "万元"
    kind: str  # "money", "persons", "count", "area", "percent", "money_per_person", "ratio"
    factor: float  # multiply by this to reach the canonical unit of the kind


# normalised token → (kind, factor). Keys are compared after NFKC, lower-case, spaces removed.
_UNITS: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0),
    "yuan": ("money", 1.0),
    "千元": ("money", 1e3),
    "万元": ("money", 1e4),
    "百万元": ("money", 1e6),
    "亿元": ("money", 1e8),
    "元人民币": ("money", 1.0),
    "万元人民币": ("money", 1e4),
    "百万元人民币": ("money", 1e6),
    "亿元人民币": ("money", 1e8),
    "人民币元": ("money", 1.0),
    "人民币万元": ("money", 1e4),
    "人民币亿元": ("money", 1e8),
    "10000yuan": ("money", 1e4),
    "10,000yuan": ("money", 1e4),
    "100millionyuan": ("money", 1e8),
    "millionyuan": ("money", 1e6),
    "thousandyuan": ("money", 1e3),
    "人": ("persons", 1.0),
    "persons": ("persons", 1.0),
    "person": ("persons", 1.0),
    "千人": ("persons", 1e3),
    "万人": ("persons", 1e4),
    "10000persons": ("persons", 1e4),
    "10,000persons": ("persons", 1e4),
    "个": ("count", 1.0),
    "家": ("count", 1.0),
    "件": ("count", 1.0),
    "项": ("count", 1.0),
    "户": ("count", 1.0),
    "平方公里": ("area", 1.0),
    "平方千米": ("area", 1.0),
    "km2": ("area", 1.0),
    "km²": ("area", 1.0),
    "sqkm": ("area", 1.0),
    "公顷": ("area", 0.01),
    # floor space is not an administrative area: recognised, and fits no canonical column
    "平方米": ("floor_area", 1.0),
    "万平方米": ("floor_area", 1e4),
    "m2": ("floor_area", 1.0),
    "m²": ("floor_area", 1.0),
    "元/人": ("money_per_person", 1.0),
    "元/人·年": ("money_per_person", 1.0),
    "万元/人": ("money_per_person", 1e4),
    "元/年": ("money_per_person", 1.0),  # an average annual wage
    "yuan/year": ("money_per_person", 1.0),
    "yuan/person": ("money_per_person", 1.0),
    "yuan/person/year": ("money_per_person", 1.0),
    "%": ("percent", 1.0),
    "‰": ("permille", 1.0),
    # bare scale words: kind "scale" fits any quantity
    "thousands": ("scale", 1e3),
    "thousand": ("scale", 1e3),
    "1000": ("scale", 1e3),
    "千": ("scale", 1e3),
    "万": ("scale", 1e4),
    "亿": ("scale", 1e8),
}

# canonical unit of a table column → unit kinds that may convert into it
_FITS = {
    "yuan": {"money", "scale"},
    "persons": {"persons", "scale"},
    "count": {"count", "scale"},
    "km2": {"area", "scale"},
    "yuan/person": {"money_per_person", "money", "scale"},
}

_UNIT_LINE = re.compile(
    r"^\s*(单位|計量單位|计量单位|unit|units)\s*[:：]?\s*(.+?)\s*$", re.IGNORECASE
)
_BRACKET = re.compile(r"[(（\[【]\s*([^()（）\[\]【】]{1,20}?)\s*[)）\]】]")


def _key(text: str) -> str:
    t = unicodedata.normalize("NFKC", str(text)).lower()
    return re.sub(r"\s+", "", t)


def parse_unit(text: object) -> Unit | None:
    """The unit a short text names ("万元", "单位：亿元", "(100 million yuan)", "1000"), or None."""
    if text is None:
        return None
    t = str(text).strip()
    if not t:
        return None
    m = _UNIT_LINE.match(unicodedata.normalize("NFKC", t))
    if m:
        t = m.group(2)
    k = _key(t).strip("()（）[]")
    if k.startswith("单位") or k.startswith("unit"):
        k = k.lstrip("单位unit:：s")
    if k not in _UNITS and k.startswith("in") and k[2:] in _UNITS:  # "(in 100 million yuan)"
        k = k[2:]
    if k in _UNITS:
        kind, factor = _UNITS[k]
        return Unit(t.strip("()（） "), kind, factor)
    return None


def unit_in_header(text: str) -> tuple[str, Unit | None]:
    """Split "从业人员(万人)" into ("从业人员", Unit 万人). Only a bracket naming a known unit
    is removed; other brackets ("(F)", "(当年价)") stay in the text."""
    found: Unit | None = None

    def repl(m: re.Match) -> str:
        nonlocal found
        u = parse_unit(m.group(1))
        if u is not None and found is None:
            found = u
            return ""
        return m.group(0)

    rest = _BRACKET.sub(repl, text)
    return rest.strip(), found


def unit_line(text: str) -> Unit | None:
    """The unit of a sheet's unit line ("单位：万人", "单位:亿元", "(100 million yuan)", "万元")."""
    t = unicodedata.normalize("NFKC", str(text)).strip()
    m = _UNIT_LINE.match(t)
    if m:
        return parse_unit(m.group(2))
    if len(t) <= 24:
        return parse_unit(t)
    return None


def factor_for(unit: Unit | None, canonical_unit: str) -> float | None:
    """Factor to apply for ``unit`` on a column whose canonical unit is ``canonical_unit``.

    1.0 when there is no unit; ``None`` when the unit does not fit the column (e.g. 万人 on a
    money column) — the caller then warns and leaves the value unscaled.
    """
    if unit is None:
        return 1.0
    fits = _FITS.get(canonical_unit)
    if fits is None:  # unit-less columns (ratios) take only a scale word
        return 1.0 if unit.kind in ("percent", "permille") else None
    if unit.kind in fits:
        return unit.factor
    return None
