"""Official code tables: GB/T 2260 provinces, NBS region groups, GB/T 4754-2017 sections and divisions.

The tables live in ``resources/codes/*.csv`` (see the README there for editions). Every loader
is cached and returns a fresh copy, so callers may modify what they get. All columns are pandas
``string`` dtype (codes keep their leading zeros) except ``region_groups().order`` (int64).

Lookups:

* :func:`province_by_name` — official full name (北京市, 内蒙古自治区), short name (北京, 内蒙古) or
  English name (Beijing, Inner Mongolia); spaces (also full-width and inner ones, "北 京") and
  full-width letters are ignored, English is case-insensitive. No fuzzy or historical aliases.
* :func:`division` — "39", "C39", "c39", 39, "３９" → the division's row.
* :func:`region_group` — the NBS four-region group (东部/中部/西部/东北) of any 2- or 6-digit code
  (from its first two digits); ``None`` for 台湾/香港/澳门 and unknown provinces.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import pandas as pd

from clusterpolicy.paths import resource

__all__ = [
    "division",
    "divisions",
    "normalise_name",
    "province_by_name",
    "provinces",
    "region_group",
    "region_groups",
    "sections",
]


@cache
def _read(name: str) -> pd.DataFrame:
    df = pd.read_csv(resource("codes", name), dtype=str, keep_default_na=False, encoding="utf-8")
    return df.astype("string")


def provinces() -> pd.DataFrame:
    """GB/T 2260 provincial-level divisions: ``code, name_zh, name_en, short_zh, group`` (34 rows).

    ``group`` is ``<NA>`` for 台湾, 香港, 澳门.
    """
    df = _read("gb2260_provinces.csv").copy()
    df["group"] = df["group"].replace("", pd.NA)
    return df


def region_groups() -> pd.DataFrame:
    """The NBS four regions: ``group_zh, group_en, order`` (东部 1, 中部 2, 西部 3, 东北 4)."""
    df = _read("region_groups.csv").copy()
    df["order"] = df["order"].astype("int64")
    return df


def sections() -> pd.DataFrame:
    """GB/T 4754-2017 sections: ``code, name_zh, name_en, first_division, last_division`` (20 rows)."""
    return _read("gb4754_2017_sections.csv").copy()


def divisions() -> pd.DataFrame:
    """GB/T 4754-2017 divisions: ``code, section, code_with_section, name_zh, name_en`` (97 rows).

    ``code`` is the 2-digit string "01".."97", ``code_with_section`` e.g. "C39".
    """
    return _read("gb4754_2017_divisions.csv").copy()


def normalise_name(text: str) -> str:
    """NFKC (full-width → half-width), drop every whitespace character, casefold."""
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in text if not ch.isspace()).casefold()


@cache
def _province_index() -> dict[str, int]:
    df = provinces()
    index: dict[str, int] = {}
    for i, row in enumerate(df.itertuples(index=False)):
        for name in (row.name_zh, row.short_zh, row.name_en):
            index[normalise_name(name)] = i
    return index


def province_by_name(name: str) -> pd.Series | None:
    """The province row whose official full, short or English name equals ``name``.

    Comparison ignores whitespace (incl. full-width space U+3000), full-width forms and case.
    Returns ``None`` when nothing matches (no guessing: "北平" or "Peking" give ``None``).
    """
    i = _province_index().get(normalise_name(name))
    return None if i is None else provinces().iloc[i]


def _division_key(code: str | int) -> str | None:
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return f"{code:02d}" if 1 <= code <= 99 else None
    text = normalise_name(code).upper()
    if text[:1].isalpha():
        text = text[1:]
    if not text.isdigit() or len(text) > 2:
        return None
    return text.zfill(2)


def division(code: str | int) -> pd.Series | None:
    """The GB/T 4754-2017 division row for ``code``: "39", "C39", "c39", " C 39 ", 39 or "9" → "09".

    A section letter, if given, must be the division's own ("B39" → ``None``). Returns ``None``
    for unknown codes.
    """
    key = _division_key(code)
    if key is None:
        return None
    df = divisions()
    hit = df[df["code"] == key]
    if hit.empty:
        return None
    row = hit.iloc[0]
    if isinstance(code, str):
        text = normalise_name(code).upper()
        if text[:1].isalpha() and text[0] != row["section"]:
            return None
    return row


def region_group(code: str | int) -> str | None:
    """NBS four-region group (东部/中部/西部/东北) of a region code, from its first two digits."""
    text = normalise_name(str(code))
    if len(text) < 2 or not text[:2].isdigit():
        return None
    hit = provinces()[provinces()["code"].str.slice(0, 2) == text[:2]]
    if hit.empty or pd.isna(hit.iloc[0]["group"]):
        return None
    return str(hit.iloc[0]["group"])
