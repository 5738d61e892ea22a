"""Cell parsing, in one place: years, numbers, footnote markers, missing-value symbols, codes.

Every reader path (layout detection, extraction, tidy tables, total-row sums) reads cells through
these functions, so a cell means the same thing wherever it is looked at.

Per cell:

* :func:`year_of` — 2020, 2020.0, "2020年", "2020年度", "2019年底", "2019年末", "2019a", "2019.12",
  "2019-12-31", a ``date``/``datetime``; an Excel date serial only where asked (``serial=True``:
  the contents of a year column, never a header).
* :func:`parse_number_text` — a text cell → :class:`NumberText`. Footnote markers ("123*",
  "①12", "12³", "5a)", "7(1)") are removed *before* Unicode NFKC (NFKC turns "①" into "1" and "³"
  into "3", which would silently change the number); full-width digits and commas are read
  (NFKC); thousands separators only where they sit in groups of three ("1,234,567", "1 234",
  "1.234,5" with decimal comma) — "1234,5" is never 12345; missing-value symbols
  (:data:`MISSING_SYMBOLS`, any run of dashes or dots) → missing, never zero; "inf", "NaN",
  "1e309" → flagged non-finite (the caller reports a located error); a unit after the number
  ("12万元") is split off for the caller to judge.
* :func:`normalise_code` — codes as text: 110000.0 → "110000", "110000.0" → "110000", NFKC
  ("１１０１０１" → "110101"), zero-width characters and BOM removed.

Per column (vectorised), the same rules: :mod:`clusterpolicy.io.cellcols`.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# --- characters ---------------------------------------------------------------------------
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# normalised (NFKC, lower case) missing-value symbols; any run of dashes/dots is missing too
MISSING_SYMBOLS = frozenset(
    {"—", "–", "…", "...", "-", "--", "——", "－", "‥", "x", "*", "**", "***", "/", "na", "n/a"}
)
_DASHES = re.compile(r"[-—–―…\.·\s]+")
# footnote markers: asterisks, circled numbers, superscript digits (checked before NFKC)
_MARK = r"(?:\*+|[\u2460-\u2473]|[\u00b9\u00b2\u00b3\u2070-\u2079]+)"
_TAIL_MARK = re.compile(rf"\s*{_MARK}$")
_HEAD_MARK = re.compile(r"^(?:[\u2460-\u2473]|\*+)\s*")
_TAIL_LETTER = re.compile(r"(?:\s?[a-z]\)|\([a-z0-9]\))$")  # "5a)", "7(1)" (after NFKC)
# on a name or header: asterisks, circled numbers, superscripts not after a letter ("km²" stays)
TEXT_FOOTNOTE = re.compile(
    r"(?:\*+|[\u2460-\u2473]|(?<![A-Za-z])[\u00b9\u00b2\u00b3\u2070-\u2079]+)$"
)


def clean(value: object) -> str:
    """Text of a cell without zero-width characters and BOMs, stripped; "" for empty."""
    if value is None:
        return ""
    return str(value).translate(_INVISIBLE).strip()


def nfkc(value: object) -> str:
    return unicodedata.normalize("NFKC", clean(value))


def text(value: object) -> str:
    """A cell as display text: 2020.0 → "2020"; None → ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return isinstance(value, str) and not clean(value)


# --- years --------------------------------------------------------------------------------
YEAR_TEXT = re.compile(r"^((?:19|20)\d\d)\s*(?:年(?:度|末|底|初)?|a)?$", re.IGNORECASE)
_YEAR_DATE = re.compile(
    r"^((?:19|20)\d\d)(?:\s*[-/.]\s*\d{1,2}(?:\s*[-/.]\s*\d{1,2})?|年\d{1,2}月(?:\d{1,2}日)?)"
    r"(?:[ T].*)?$"
)
_EXCEL_EPOCH = _dt.date(1899, 12, 30)


def year_of(value: object, serial: bool = False) -> int | None:
    """The year a header or key cell names, else None (see the module doc for the forms)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.year
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = float(value)
        if v.is_integer() and 1900 <= v <= 2100:
            return int(v)
        if serial and 20000 <= v <= 80000:
            return (_EXCEL_EPOCH + _dt.timedelta(days=int(v))).year
        return None
    t = nfkc(value)
    m = YEAR_TEXT.match(t) or _YEAR_DATE.match(t)
    return int(m.group(1)) if m else None


# --- numbers ------------------------------------------------------------------------------
@dataclass(frozen=True)
class NumberText:
    """What a text cell holds as a number."""

    value: float  # NaN when not a number
    missing: str | None = None  # the missing-value symbol, normalised
    footnote: bool = False  # a footnote marker was removed
    unit: str | None = None  # text after the number ("万元" in "12万元")
    nonfinite: bool = False  # "inf", "NaN", "1e309": a number that is not finite
    grouped: bool = False  # had thousands separators
    decimal: str = ""  # "." or "," when the text shows which decimal mark it uses; "" if unclear


_DOT_NUM = re.compile(
    r"^[+-]?(?:\d{1,3}(?P<s>[,\u00a0\u202f' ])\d{3}(?:(?P=s)\d{3})*|\d+)?(?:\.\d*)?$"
)
_COMMA_NUM = re.compile(
    r"^[+-]?(?:\d{1,3}(?P<s>[.\u00a0\u202f' ])\d{3}(?:(?P=s)\d{3})*|\d+)?(?:,\d+)?$"
)
_EXP = re.compile(r"^(.*?\d)(e[+-]?\d+)$", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"^([+-]?[\d.,\u00a0\u202f' ]*\d(?:e[+-]?\d+)?)\s*([^\d\s.,].*)$", re.I)
_NONFINITE = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan"})


def _strip_marks(t: str) -> tuple[str, bool]:
    s = _TAIL_MARK.sub("", t)
    s = _HEAD_MARK.sub("", s)
    return s, s != t


_PLAIN_NUM = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def parse_number_text(value: object, decimal: str = ".") -> NumberText:
    """One text cell → :class:`NumberText` (``decimal`` is the sheet's decimal mark)."""
    if isinstance(value, str):
        return _parse_cached(value, decimal)
    return _parse(value, decimal)


@lru_cache(maxsize=1 << 16)
def _parse_cached(value: str, decimal: str) -> NumberText:
    if _PLAIN_NUM.match(value) and (decimal == "." or "." not in value):  # "1234", "-3.5"
        return NumberText(float(value), decimal="." if "." in value else "")
    return _parse(value, decimal)


def _parse(value: object, decimal: str) -> NumberText:
    raw = clean(value)
    if not raw:
        return NumberText(np.nan)
    whole = unicodedata.normalize("NFKC", raw).strip().lower()
    if whole in MISSING_SYMBOLS or _DASHES.fullmatch(whole):
        return NumberText(np.nan, missing=whole)
    t, foot = _strip_marks(raw)
    t = unicodedata.normalize("NFKC", t).strip()
    low = t.lower()
    if low in _NONFINITE:
        return NumberText(np.nan, nonfinite=True)
    m = _TAIL_LETTER.search(low)
    if m and m.start() > 0 and low[m.start() - 1 : m.start()].strip("( ").isdigit():
        t, foot = t[: m.start()].rstrip(), True
    val, grouped, mark, nonfinite = _plain(t, decimal)
    unit = None
    if val != val and not nonfinite:
        um = _UNIT_AFTER.match(t)
        if um:
            val, grouped, mark, nonfinite = _plain(um.group(1).strip(), decimal)
            if val == val or nonfinite:
                unit = um.group(2).strip()
    if nonfinite:
        return NumberText(np.nan, nonfinite=True, unit=unit)
    if val != val:
        return NumberText(np.nan)
    return NumberText(val, footnote=foot, unit=unit, grouped=grouped, decimal=mark)


def _plain(t: str, decimal: str) -> tuple[float, bool, str, bool]:
    """(value, grouped, decimal mark shown, non-finite) of a number text with an exponent."""
    mant, exp = t, ""
    em = _EXP.match(t)
    if em:
        mant, exp = em.group(1), em.group(2)
    val, grouped, mark = _mantissa(mant, decimal)
    if val != val:
        return np.nan, False, "", False
    if exp:
        val = float(f"{val!r}{exp}")
    if not np.isfinite(val):
        return np.nan, False, "", True
    return val, grouped, mark, False


def _mantissa(t: str, decimal: str) -> tuple[float, bool, str]:
    """(value, had group separators, decimal mark the text proves) of a plain number text."""
    if not t or not any(ch.isdigit() for ch in t):
        return np.nan, False, ""
    if decimal == ",":
        m = _COMMA_NUM.match(t)
        if not m:
            return np.nan, False, ""
        grouped = m.group("s") is not None
        s = t.replace(m.group("s") or "\x00", "").replace(",", ".")
        return float(s), grouped, "," if "," in t else ""
    m = _DOT_NUM.match(t)
    if not m:
        return np.nan, False, ""
    grouped = m.group("s") is not None
    s = t.replace(m.group("s") or "\x00", "")
    return float(s), grouped, "." if "." in t else ""


def decimal_evidence(value: object) -> str:
    """Which decimal mark a number text needs: "." ("1,234.5", "0.5"), "," ("1234,5",
    "1.234,5", "0,5"), "ambiguous" ("1,234": a thousands group or a decimal comma), or ""."""
    t, _ = _strip_marks(clean(value))
    t = unicodedata.normalize("NFKC", t).strip()
    if not t or not any(ch.isdigit() for ch in t):
        return ""
    dot = _DOT_NUM.match(t) is not None
    comma = _COMMA_NUM.match(t) is not None
    if dot and comma:
        if "," in t and re.fullmatch(r"[+-]?\d{1,3},\d{3}", t):
            return "ambiguous"
        return ""  # "1234", "1 234": no decimal mark at all
    if dot and ("." in t or "," in t):
        return "."
    if comma and ("," in t or "." in t):
        return ","
    return ""


def number_of(value: object, decimal: str = ".") -> float:
    """Any cell → float (NaN when it is not a finite number). Booleans are not numbers."""
    if value is None or isinstance(value, bool):
        return np.nan
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = float(value)
        return v if np.isfinite(v) else np.nan
    if isinstance(value, (_dt.date, _dt.time)):
        return np.nan
    p = parse_number_text(value, decimal)
    return np.nan if p.unit else p.value


def is_number(value: object) -> bool:
    """A cell that holds a number (numbers stored as text included, with either decimal mark:
    "1234,5" is a number of a decimal-comma sheet; a year is a number too). Layout detection
    uses this; the values themselves are read with the sheet's one decimal mark."""
    if number_of(value) == number_of(value):
        return True
    if not isinstance(value, str):
        return False
    if "," in value and number_of(value, ",") == number_of(value, ","):
        return True
    return parse_number_text(value).nonfinite  # "inf": a (bad) number, reported by extraction


# --- codes and labels ---------------------------------------------------------------------
def code_text(value: object) -> str:
    """A code cell as written: 110000.0 → "110000", "08111" stays "08111"; stripped only."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_FLOAT_CODE = re.compile(r"^(\d+)\.0+$")


def normalise_code(value: object) -> str | None:
    """A code normalised at the edge: NFKC, zero-width characters and BOM removed, stripped,
    inner spaces removed, "110000.0" → "110000"; letters as written (industries: see
    :func:`clusterpolicy.model.codes.industry_code`). None for an empty cell."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if value != value:
            return None
        return str(int(value)) if float(value).is_integer() and abs(value) < 1e18 else str(value)
    t = re.sub(r"\s+", "", nfkc(value))
    if not t:
        return None
    m = _FLOAT_CODE.match(t)
    return m.group(1) if m else t


_IND_CODE = re.compile(
    r"^\s*([A-T]\d{2,4}|\d{2,4}|WZ\d\d-[A-Z0-9-]+|[A-U](?:[-+][A-U])*)\s*(?:[\s:：、.]\s*(.*))?$",
    re.DOTALL,
)


def split_industry_label(label: str) -> tuple[str | None, str]:
    """ "C39 计算机、通信…\\nComputers" → ("C39", "计算机、通信…\\nComputers"); no code → (None, label)."""
    t = str(label).strip()
    m = _IND_CODE.match(t)
    if m and (m.group(2) or re.fullmatch(r"[A-T]\d{2,4}|WZ\d\d-[A-Z0-9-]+", m.group(1))):
        return m.group(1), (m.group(2) or "").strip()
    return None, t


def clean_name(value: object) -> str | None:
    """A name key (region, industry, group): stripped of spaces, full-width spaces, zero-width
    characters; empty → None. Inner spaces are kept ("北 京" is matched by the code tables)."""
    t = clean(value).strip("\u3000").strip()
    return t or None


__all__ = [
    "MISSING_SYMBOLS",
    "NumberText",
    "clean",
    "clean_name",
    "code_text",
    "decimal_evidence",
    "is_blank",
    "is_number",
    "normalise_code",
    "number_of",
    "parse_number_text",
    "split_industry_label",
    "text",
    "year_of",
]
