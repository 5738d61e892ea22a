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

import re
from dataclasses import dataclass, field
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


# --- every level: provinces, prefectures, counties, and their names over time -------------
@dataclass(frozen=True)
class RegionName:
    """One name a GB/T 2260 code had, and the years of the code lists that have it."""

    code: str
    name_zh: str
    level: str  # "province", "prefecture", "county"
    parent_code: str
    first_year: int
    last_year: int | None  # None: in the newest list

    def valid_in(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,6}族)+自治(?:州|县|旗)$")
_SUFFIX = {
    "prefecture": ("地区", "自治州", "盟", "市"),
    "county": ("自治县", "县", "区", "市"),
    "province": (),
}


def short_forms(name: str, level: str) -> list[str]:
    """The short forms a yearbook writes: 石家庄市 → 石家庄, 延边朝鲜族自治州 → 延边, 宜良县 → 宜良,
    伊通满族自治县 → 伊通 (never shorter than two characters; 阿拉善左旗 keeps its 旗)."""
    out = []
    m = _AUTONOMOUS.match(name)
    if m:
        out.append(m.group(1))
    for suf in _SUFFIX.get(level, ()):
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            out.append(name[: -len(suf)])
            break
    return [s for s in dict.fromkeys(out) if s != name]


@cache
def _names() -> tuple[dict[str, list[RegionName]], dict[str, list[RegionName]], dict[str, list]]:
    """(full name → names, short form → names, code → names) over every level and year."""
    full: dict[str, list[RegionName]] = {}
    short: dict[str, list[RegionName]] = {}
    by_code: dict[str, list[RegionName]] = {}
    if not table_exists("gb2260_regions.csv"):
        return full, short, by_code
    for r in read_table("gb2260_regions.csv").itertuples(index=False):
        rn = RegionName(
            str(r.code),
            str(r.name_zh),
            str(r.level),
            str(r.parent_code),
            int(r.first_year),
            int(r.last_year) if str(r.last_year) else None,
        )
        full.setdefault(normalise_name(rn.name_zh), []).append(rn)
        by_code.setdefault(rn.code, []).append(rn)
        forms = short_forms(rn.name_zh, rn.level)
        if rn.level == "province":
            p = _provinces()[0].get(rn.code)
            forms = [p.short_zh, p.name_en] if p is not None else []
        for f in forms:
            if f:
                short.setdefault(normalise_name(f), []).append(rn)
    return full, short, by_code


def region_names(code: str) -> list[RegionName]:
    """Every name ``code`` had in the code lists, oldest first."""
    return sorted(_names()[2].get(str(code), []), key=lambda r: r.first_year)


def region_record(code: str, year: int | None = None) -> RegionName | None:
    """The name of ``code`` in ``year`` (the newest when ``year`` is None or not covered)."""
    names = region_names(code)
    if not names:
        return None
    if year is not None:
        hit = [n for n in names if n.valid_in(year)]
        if hit:
            return hit[-1]
    return names[-1]


def is_within(code: str, ancestor: str) -> bool:
    """``code`` lies in ``ancestor`` (its prefecture or province), by the code table."""
    seen = 0
    c = str(code)
    while c and seen < 4:
        if c == ancestor:
            return True
        rec = region_record(c)
        c = rec.parent_code if rec is not None else ""
        seen += 1
    return False


@dataclass
class Resolution:
    """What a region name resolves to: one code, several candidates (a question), or none."""

    code: str | None
    candidates: list[RegionName] = field(default_factory=list)
    historical: bool = False  # the name is only in older code lists

    @property
    def ambiguous(self) -> bool:
        return self.code is None and len({c.code for c in self.candidates}) > 1


def find_region(
    name: object,
    *,
    year: int | None = None,
    parent: str | None = None,
    level: str | None = None,
) -> Resolution:
    """Resolve a region name at any level (province, prefecture, county).

    Full names first (北京市, 阿拉善左旗, 吐鲁番地区), then short forms (北京, 石家庄, 宜良); a name
    valid in ``year`` is preferred over an older one; ``parent`` (a province or prefecture code)
    and ``level`` narrow the candidates when more than one is left (吉林 the city in a table of
    prefectures, 吉林 the province in a table of provinces). More than one code left: the
    candidates are returned for the caller to ask. Never a fuzzy guess."""
    key = normalise_name(name)
    full, short, _ = _names()
    cands = list(full.get(key, [])) or list(short.get(key, []))
    if not cands:
        alias = _provinces()[2].get(key)
        if alias is not None:
            return Resolution(alias.code, [])
        return Resolution(None, [])
    if year is not None and len({c.code for c in cands}) > 1:
        if not any(c.valid_in(year) for c in cands):  # the name changed: the nearest in time
            gap = {id(c): max(c.first_year - year, year - (c.last_year or year), 0) for c in cands}
            best = min(gap.values())
            cands = [c for c in cands if gap[id(c)] == best]
    for keep in (
        (lambda c: c.valid_in(year)) if year is not None else (lambda c: c.last_year is None),
        (lambda c: is_within(c.code, parent)) if parent else None,
        (lambda c: c.level == level) if level else None,
    ):
        if keep is None or len({c.code for c in cands}) == 1:
            continue
        narrowed = [c for c in cands if keep(c)]
        if narrowed:
            cands = narrowed
    codes = {c.code for c in cands}
    if len(codes) == 1:
        hist = (
            not any(c.valid_in(year) for c in cands)
            if year is not None
            else not any(c.last_year is None for c in cands)
        )
        return Resolution(next(iter(codes)), cands, hist)
    return Resolution(None, cands)


def region_group(code: str | int) -> str | None:
    """NBS four-region group (东部/中部/西部/东北) of a region code, from its first two digits."""
    text = normalise_name(str(code))
    if len(text) < 2 or not text[:2].isdigit():
        return None
    reg = _provinces()[0].get(text[:2] + "0000")
    return reg.group or None if reg is not None else None
