"""GB/T 2260 provincial-level divisions and the NBS region groups, with dict indexes built once.

* :func:`province_by_name` — official full name (北京市, 内蒙古自治区), short name (北京, 内蒙古) or
  English name (Beijing, Inner Mongolia); spaces (also full-width and inner ones, "北 京") and
  full-width letters are ignored, English is case-insensitive. With ``aliases=True`` the
  documented aliases of ``resources/codes/region_aliases.csv`` (older English names and
  misspellings seen in NBS exports: Tibet, Chongqin, …) match too; never a fuzzy guess.
* :func:`province_record` — the same as a light :class:`Region` record (code or name).
* :func:`region_group` — the NBS four-region group (东部/中部/西部/东北) of any 2- or 6-digit code
  (from its first two digits); ``None`` for 台湾/香港/澳门 and unknown provinces.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from clusterpolicy.model.codes._load import normalise_name, read_table, table_exists


@dataclass(frozen=True)
class Region:
    code: str
    name_zh: str
    name_en: str = ""
    short_zh: str = ""
    level: str = "province"  # "province", "prefecture", "county"
    parent_code: str = ""
    group: str = ""  # NBS group (provinces only; "" for 71/81/82)


def provinces() -> pd.DataFrame:
    """GB/T 2260 provincial-level divisions: ``code, name_zh, name_en, short_zh, group`` (34 rows).

    ``group`` is ``<NA>`` for 台湾, 香港, 澳门.
    """
    df = read_table("gb2260_provinces.csv").copy()
    df["group"] = df["group"].replace("", pd.NA)
    return df


def region_groups() -> pd.DataFrame:
    """The NBS four regions: ``group_zh, group_en, order`` (东部 1, 中部 2, 西部 3, 东北 4)."""
    df = read_table("region_groups.csv").copy()
    df["order"] = df["order"].astype("int64")
    return df


@cache
def _provinces() -> tuple[dict[str, Region], dict[str, Region], dict[str, Region]]:
    """(code → Region, official/short/English name → Region, alias → Region)."""
    by_code: dict[str, Region] = {}
    by_name: dict[str, Region] = {}
    for r in read_table("gb2260_provinces.csv").itertuples(index=False):
        reg = Region(
            str(r.code),
            str(r.name_zh),
            str(r.name_en),
            str(r.short_zh),
            "province",
            "",
            str(r.group),
        )
        by_code[reg.code] = reg
        for name in (reg.name_zh, reg.short_zh, reg.name_en):
            if name:
                by_name[normalise_name(name)] = reg
    aliases: dict[str, Region] = {}
    if table_exists("region_aliases.csv"):
        for a in read_table("region_aliases.csv").itertuples(index=False):
            reg = by_code.get(str(a.code))
            if reg is not None:
                aliases.setdefault(normalise_name(a.alias), reg)
    return by_code, by_name, aliases


def province_record(name_or_code: object, *, aliases: bool = False) -> Region | None:
    """The province a name (see :func:`province_by_name`) or a 2/6-digit code names, or None."""
    by_code, by_name, alias = _provinces()
    key = normalise_name(name_or_code)
    if key.isdigit() and len(key) in (2, 6):
        return by_code.get(key[:2] + "0000") if key.endswith("0000") or len(key) == 2 else None
    hit = by_name.get(key)
    if hit is None and aliases:
        hit = alias.get(key)
    return hit


def province_by_name(name: str, *, aliases: bool = False) -> pd.Series | None:
    """The province row whose official full, short or English name equals ``name``.

    Comparison ignores whitespace (incl. full-width space U+3000), full-width forms and case.
    Returns ``None`` when nothing matches (no guessing: "北平" or "Peking" give ``None``).
    """
    key = normalise_name(name)
    reg = _provinces()[1].get(key)
    if reg is None and aliases:
        reg = _provinces()[2].get(key)
    if reg is None:
        return None
    df = provinces()
    return df.iloc[int(df.index[df["code"] == reg.code][0])]


def province_names() -> dict[str, Region]:
    """Every normalised official, short and English province name (and alias) → Region."""
    by_code, by_name, alias = _provinces()
    return {**alias, **by_name}


def region_group(code: str | int) -> str | None:
    """NBS four-region group (东部/中部/西部/东北) of a region code, from its first two digits."""
    text = normalise_name(str(code))
    if len(text) < 2 or not text[:2].isdigit():
        return None
    reg = _provinces()[0].get(text[:2] + "0000")
    return reg.group or None if reg is not None else None
