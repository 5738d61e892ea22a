"""Cell parsing for whole columns, vectorised, by the rules of :mod:`clusterpolicy.io.cells`.

* :func:`number_column` — a value column → :class:`NumberColumn` (floats and what was seen: missing
  symbols, footnote markers, unreadable text, non-finite values, units after numbers, numbers
  stored as text). A column of numbers only is one ``astype``; texts that are plain numbers (all
  of a CSV) are converted in one pass; only the rest is parsed once per distinct text;
* :func:`year_column`, :func:`code_column`, :func:`text_column` — keys, parsed once per distinct
  value and spread back with ``take``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.io.cells import (
    NumberText,
    clean_name,
    is_blank,
    normalise_code,
    parse_number_text,
    year_of,
)
from clusterpolicy.io.columns import Column, factorize


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


def text_column(col: Column, index: pd.Index) -> pd.Series:
    return pd.Series(col.map_distinct(clean_name), index=index, dtype="string")


__all__ = ["NumberColumn", "code_column", "number_column", "text_column", "year_column"]
