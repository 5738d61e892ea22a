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

Per column (vectorised: parsed once per *distinct* value, spread back with ``take``):
:func:`number_column`, :func:`year_column`, :func:`code_column`, :func:`text_column`.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from clusterpolicy.io.columns import Column, factorize

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


# --- columns (vectorised) -----------------------------------------------------------------
@dataclass
class NumberColumn:
    """A value column read as numbers, and what was seen on the way (row labels are ``index``)."""

    values: pd.Series  # float64, NaN where missing or unreadable
    symbols: set  # missing-value symbols seen
    footnote: list  # rows whose footnote marker was removed
    bad: list  # rows with text that is not a number
    nonfinite: list  # rows with inf / NaN / 1e309
    unit_suffix: dict  # row → unit text written after the number
    text_numbers: int = 0  # numbers stored as text
    text_example: str = ""
    text_row: int | None = None  # row label of the first number stored as text
    unit_values: dict = field(default_factory=dict)  # row → number of a unit-suffixed cell
    text_mask: np.ndarray | None = None  # cells that are numbers stored as text

    def count(self) -> int:
        """How many cells hold a number (numbers written with a unit after them included)."""
        return int(self.values.notna().sum()) + len(self.unit_values)

    def numeric_mask(self) -> np.ndarray:
        m = self.values.notna().to_numpy()
        if self.unit_values:
            m = m.copy()
            m[self.values.index.get_indexer(list(self.unit_values))] = True
        return m

    def take(self, keep: np.ndarray) -> NumberColumn:
        """The same column restricted to the rows where ``keep`` is True."""
        if keep.all():
            return self
        idx = self.values.index[keep]
        inside = set(idx) if len(idx) < 50_000 else None

        def sub(rows):
            if not rows:
                return []
            if inside is not None:
                return [r for r in rows if r in inside]
            return list(pd.Index(rows).intersection(idx))

        tm = self.text_mask[keep] if self.text_mask is not None else None
        out = NumberColumn(
            self.values[keep],
            set(self.symbols),
            sub(self.footnote),
            sub(self.bad),
            sub(self.nonfinite),
            {r: u for r, u in self.unit_suffix.items() if r in set(idx)},
            int(tm.sum()) if tm is not None else 0,
            "",
            None,
            {r: v for r, v in self.unit_values.items() if r in set(idx)},
            tm,
        )
        if tm is not None and tm.any():
            first = int(np.flatnonzero(tm)[0])
            out.text_row = int(idx[first])
            out.text_example = self.text_example
        return out


def number_column(col: Column, index: pd.Index, decimal: str = ".") -> NumberColumn:
    """Raw column → :class:`NumberColumn`. Fast path: a column of numbers only (a C-level type
    scan) is one ``astype``; otherwise each distinct text is parsed once."""
    out = NumberColumn(pd.Series(dtype="float64"), set(), [], [], [], {})
    a = col.values
    if col.numeric:
        v = a.astype("float64")
        fin = np.isfinite(v)
        if not fin.all():
            out.nonfinite = list(index[~fin & ~np.isnan(v)])
            v = np.where(fin, v, np.nan)
        out.values = pd.Series(v, index=index)
        return out
    is_text = (
        np.ones(len(a), dtype=bool)
        if col.kind == "string"
        else col.map_distinct(lambda v: isinstance(v, str), False, bool)
    )
    is_bool = (
        np.fromiter((type(v) is bool for v in a), bool, len(a))
        if col.has_bool
        else np.zeros(len(a), dtype=bool)
    )
    num = np.full(len(a), np.nan)
    plain = ~is_text & ~is_bool
    if plain.any():
        num[plain] = pd.to_numeric(pd.Series(a[plain], dtype=object), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan
        )
        odd = plain & np.isnan(num)  # empty, or a date / time in a number cell
        inf = plain & np.isinf(num)
        if inf.any():
            out.nonfinite.extend(index[inf])
            num[inf] = np.nan
        if odd.any():
            pos = np.flatnonzero(odd)
            not_empty = np.array([not is_blank(v) for v in a[pos]], dtype=bool)
            out.bad.extend(index[pos[not_empty]])
    rest = is_text | is_bool  # TRUE/FALSE cells are not numbers
    if rest.any() and decimal == ".":
        _plain_texts(a, rest, is_text, index, num, out)
    if rest.any():  # what is left: empty cells, and texts that need the full parser
        pos = np.flatnonzero(rest & is_text)
        blank = a[pos] == ""  # calamine's empty cell: one vectorised compare
        rest[pos[blank]] = False
        pos = pos[~blank]  # whitespace-only cells are empty too (few: a loop over them)
        rest[pos[np.fromiter((not a[i].strip() for i in pos), bool, len(pos))]] = False
    if rest.any():
        _parse_texts(a, rest, index, decimal, num, out)
    out.values = pd.Series(num, index=index)
    return out


def _plain_texts(a, rest, is_text, index, num, out: NumberColumn) -> None:
    """Texts that are plain numbers ("1234", "12.5", "1e5"), converted by pandas' C parser in
    one pass; they leave ``rest`` (in place). Anything else (separators, markers, symbols,
    full-width digits, inf/NaN) stays for the parser of :func:`parse_number_text`."""
    idx = np.flatnonzero(rest & is_text)
    texts = a[idx]
    fast = None
    if "_" not in "\x00".join(texts):  # Python's float() takes "1_000"; the parser does not
        try:
            fast = texts.astype("float64")  # every text a plain number: one C loop
        except (ValueError, TypeError):
            fast = None
    if fast is None:
        fast = pd.to_numeric(pd.Series(texts, dtype=object), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan
        )
    ok = np.isfinite(fast)
    if not ok.any():
        return
    hit = idx[ok]
    num[hit] = fast[ok]
    rest[hit] = False
    tm = np.zeros(len(a), dtype=bool)
    tm[hit] = True
    out.text_mask = tm
    out.text_numbers = int(ok.sum())
    out.text_example = str(a[hit[0]]).strip()
    out.text_row = int(index[hit[0]])


def _parse_texts(a, rest, index, decimal, num, out: NumberColumn) -> None:
    idx = index[rest]
    codes, uniq = factorize(a[rest])
    parsed = [
        NumberText(np.nan) if type(u) is bool else parse_number_text(u, decimal) for u in uniq
    ]
    val = np.array([p.value for p in parsed], dtype="float64")
    miss = np.array([p.missing is not None for p in parsed], dtype=bool)
    foot = np.array([p.footnote for p in parsed], dtype=bool)
    unit = np.array([p.unit is not None for p in parsed], dtype=bool)
    nonfin = np.array([p.nonfinite for p in parsed], dtype=bool)
    out.symbols.update(p.missing for p in parsed if p.missing is not None)
    num[rest] = np.where(unit, np.nan, val)[codes]
    out.footnote = list(idx[(foot & ~unit)[codes]])
    out.nonfinite.extend(idx[nonfin[codes]])
    out.bad.extend(idx[(np.isnan(val) & ~miss & ~nonfin & ~unit)[codes]])
    if unit.any():
        hit = unit[codes]
        out.unit_suffix = {i: parsed[k].unit for i, k in zip(idx[hit], codes[hit])}
        # a number with a unit after it keeps its value for the caller's unit check
        out.unit_values = {i: parsed[k].value for i, k in zip(idx[hit], codes[hit])}
    plain_text = ~np.isnan(val) & ~foot & ~unit
    n = int(plain_text[codes].sum())
    if n:
        tm = out.text_mask if out.text_mask is not None else np.zeros(len(a), dtype=bool)
        tm[np.flatnonzero(rest)[plain_text[codes]]] = True
        out.text_mask = tm
        out.text_numbers += n
        first_pos = int(np.flatnonzero(tm)[0])
        out.text_example = str(a[first_pos]).strip()
        out.text_row = int(index[first_pos])


def year_column(col: Column, index: pd.Index) -> tuple[pd.Series, pd.Series]:
    """(years as Int64, mask of unreadable non-empty cells) of a year column: 2020, "2020年",
    "2019年底", dates, Excel serials; parsed once per distinct value."""
    if col.numeric:
        num = col.values.astype("float64")
        ok = (num >= 1900) & (num <= 2100) & (num == np.round(num))
        if ok.all():
            return (
                pd.Series(num.astype("int64"), index=index, dtype="Int64"),
                pd.Series(False, index=index),
            )
    codes, uniq = col.factorized
    years = [year_of(u, serial=True) for u in uniq]
    blank = [is_blank(u) for u in uniq]
    y_u = np.array([np.nan if y is None else y for y in years] + [np.nan], dtype="float64")
    bad_u = np.array([y is None and not b for y, b in zip(years, blank)] + [False], dtype=bool)
    year = pd.Series(pd.array(y_u[codes], dtype="Float64"), index=index).astype("Int64")
    return year, pd.Series(bad_u[codes], index=index)


def code_column(
    col: Column, index: pd.Index, industry: bool = False
) -> tuple[pd.Series, dict[str, str]]:
    """(codes as strings, {as written: normalised} for the codes normalisation changed).

    Industry codes (``industry=True``) that name a GB/T 4754 division unambiguously are spelt
    the canonical way: "13", "c13", "Ｃ１３" → "C13" (other codes — classes, WZ 2008 — as given)."""
    from clusterpolicy.model.codes import industry_code

    changed: dict[str, str] = {}

    def one(v):
        c = normalise_code(v)
        if industry and c is not None:
            c = industry_code(c)
        raw = v.strip() if isinstance(v, str) else normalise_code(v)
        if c is not None and c != raw:
            changed.setdefault(str(v), c)
        return c

    return pd.Series(col.map_distinct(one), index=index, dtype="string"), changed


def clean_name(value: object) -> str | None:
    """A name key (region, industry, group): stripped of spaces, full-width spaces, zero-width
    characters; empty → None. Inner spaces are kept ("北 京" is matched by the code tables)."""
    t = clean(value).strip("\u3000").strip()
    return t or None


def text_column(col: Column, index: pd.Index) -> pd.Series:
    return pd.Series(col.map_distinct(clean_name), index=index, dtype="string")


__all__ = [
    "MISSING_SYMBOLS",
    "NumberColumn",
    "NumberText",
    "clean",
    "clean_name",
    "code_column",
    "code_text",
    "decimal_evidence",
    "is_blank",
    "is_number",
    "normalise_code",
    "number_column",
    "number_of",
    "parse_number_text",
    "split_industry_label",
    "text",
    "text_column",
    "year_column",
    "year_of",
]
