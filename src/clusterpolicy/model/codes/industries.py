"""GB/T 4754-2017 sections and divisions, with dict indexes built once.

* :func:`division` / :func:`division_record` — "39", "C39", "c39", 39, "３９", " C 39 " → the
  division (a section letter, if given, must be the division's own: "B39" → None);
* :func:`division_by_name` — the official Chinese or the English title (normalised: NFKC,
  whitespace and case ignored);
* :func:`industry_code` — the canonical spelling of an industry code: a code that names a
  division unambiguously becomes ``code_with_section`` ("13", "c13", "Ｃ１３" → "C13"); any other
  code (classes, other classifications: "WZ08-C", "1310") is returned as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from clusterpolicy.model.codes._load import normalise_name, read_table


@dataclass(frozen=True)
class Division:
    code: str  # "39"
    section: str  # "C"
    code_with_section: str  # "C39"
    name_zh: str
    name_en: str


def sections() -> pd.DataFrame:
    """GB/T 4754-2017 sections: ``code, name_zh, name_en, first_division, last_division`` (20 rows)."""
    return read_table("gb4754_2017_sections.csv").copy()


def divisions() -> pd.DataFrame:
    """GB/T 4754-2017 divisions: ``code, section, code_with_section, name_zh, name_en`` (97 rows).

    ``code`` is the 2-digit string "01".."97", ``code_with_section`` e.g. "C39".
    """
    return read_table("gb4754_2017_divisions.csv").copy()


@cache
def _records() -> tuple[dict[str, Division], dict[str, Division]]:
    """(2-digit code → Division, normalised name → Division), built once."""
    by_code: dict[str, Division] = {}
    by_name: dict[str, Division] = {}
    for r in read_table("gb4754_2017_divisions.csv").itertuples(index=False):
        d = Division(
            str(r.code), str(r.section), str(r.code_with_section), str(r.name_zh), str(r.name_en)
        )
        by_code[d.code] = d
        for name in (d.name_zh, d.name_en):
            if name:
                by_name.setdefault(normalise_name(name), d)
    return by_code, by_name


def _division_key(code: object) -> tuple[str | None, str]:
    """(2-digit key or None, section letter given or "")."""
    if isinstance(code, bool):
        return None, ""
    if isinstance(code, int):
        return (f"{code:02d}" if 1 <= code <= 99 else None), ""
    text = normalise_name(code).upper()
    letter = ""
    if text[:1].isalpha():
        letter, text = text[0], text[1:]
    if not text.isdigit() or len(text) > 2:
        return None, letter
    return text.zfill(2), letter


def division_record(code: object) -> Division | None:
    """The division for ``code`` (see the module doc), or None. A dict lookup."""
    key, letter = _division_key(code)
    if key is None:
        return None
    d = _records()[0].get(key)
    if d is None or (letter and letter != d.section):
        return None
    return d


def division(code: str | int) -> pd.Series | None:
    """The GB/T 4754-2017 division row for ``code``: "39", "C39", "c39", " C 39 ", 39 or "9" → "09".

    A section letter, if given, must be the division's own ("B39" → ``None``). Returns ``None``
    for unknown codes. (A fresh Series each call; :func:`division_record` is the fast form.)
    """
    d = division_record(code)
    if d is None:
        return None
    return pd.Series(
        {
            "code": d.code,
            "section": d.section,
            "code_with_section": d.code_with_section,
            "name_zh": d.name_zh,
            "name_en": d.name_en,
        },
        dtype="string",
        name=int(d.code) - 1,
    )


def division_by_name(name: object) -> Division | None:
    """The division whose official Chinese or English title is ``name`` (normalised), or None."""
    return _records()[1].get(normalise_name(name))


@dataclass(frozen=True)
class Industry:
    """An industry a name can stand for: a division, a section or one of the three sectors."""

    code: str  # "C39", "C", "SEC2"
    name_zh: str
    name_en: str
    section: str  # the section letter ("" for the three sectors)
    kind: str  # "division", "section", "sector"


_PUNCT = re.compile(r"[、，,.．·・;；\s]")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")


def _industry_key(name: object) -> str:
    """Names compared without punctuation ("农林牧渔业" = "农、林、牧、渔业") and without a bracketed
    gloss ("第一产业(农.林.牧.渔业)" = "第一产业")."""
    t = normalise_name(name)
    bare = _PUNCT.sub("", _BRACKETS.sub("", t))
    return bare or _PUNCT.sub("", t)


@cache
def _industry_names() -> dict[str, Industry]:
    out: dict[str, Industry] = {}
    for r in read_table("three_sectors.csv").itertuples(index=False):
        ind = Industry(str(r.code), str(r.name_zh), str(r.name_en), "", "sector")
        out.setdefault(_industry_key(ind.name_zh), ind)
        out.setdefault(_industry_key(ind.name_en), ind)
    for r in read_table("gb4754_2017_sections.csv").itertuples(index=False):
        ind = Industry(str(r.code), str(r.name_zh), str(r.name_en), str(r.code), "section")
        out.setdefault(_industry_key(ind.name_zh), ind)
    for d in _records()[0].values():
        ind = Industry(d.code_with_section, d.name_zh, d.name_en, d.section, "division")
        out.setdefault(_industry_key(d.name_zh), ind)
    return out


def industry_by_name(name: object) -> Industry | None:
    """The division, section or sector a yearbook's industry name stands for ("批发业" → F51,
    "制造业" → C, "第二产业" → SEC2, "农林牧渔业" → A), or None. Exact names only (punctuation and
    a bracketed gloss ignored): no fuzzy matching."""
    return _industry_names().get(_industry_key(name))


def industry_in_text(text: object) -> Industry | None:
    """The one division or section whose full title a text (a table's title) contains, the
    longest when titles nest ("…住宿业企业经营情况" → H61 住宿业); None when none or several."""
    t = normalise_name(text)
    hits = [
        ind
        for key, ind in _industry_names().items()
        if ind.kind != "sector" and len(key) >= 3 and normalise_name(ind.name_zh) in t
    ]
    if not hits:
        return None
    longest = max(len(h.name_zh) for h in hits)
    top = {h.code for h in hits if len(h.name_zh) == longest}
    if len(top) != 1:
        return None
    return next(h for h in hits if h.code in top)


def sectors() -> pd.DataFrame:
    """The three sectors (三次产业): ``code, name_zh, name_en, sections``."""
    return read_table("three_sectors.csv").copy()


def industry_code(code: object) -> str:
    """Canonical spelling of an industry code (see the module doc)."""
    d = division_record(code)
    if d is not None:
        return d.code_with_section
    return str(code).strip()
