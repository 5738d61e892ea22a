"""Column-wise views of a raw sheet block, built once, for vectorised extraction.

A :class:`~clusterpolicy.io.raw.RawSheet` is a list of row lists (what calamine gives). The
importer works per column, so :func:`block_columns` turns the rows of a data block into one
NumPy ``object`` array per column, once (ragged rows are padded with ``None``). The helpers
below avoid the per-cell Python work that dominates on million-row sheets:

* :func:`numeric_kind` — a C-level type scan (``pandas.api.types.infer_dtype``): a column that
  holds only numbers takes the fast path (one ``astype(float64)``, no cleaning);
* :func:`empty_mask` — ``None``, ``""`` and whitespace-only text, computed on the distinct
  values only;
* :func:`map_distinct` — apply a Python function to each *distinct* value (region codes,
  industry names, years repeat thousands of times) and spread the results back with ``take``.

``bool`` cells are never merged with ``1``/``0`` (hash tables treat ``True == 1``): a column
holding booleans is mapped per cell.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

NUMERIC_KINDS = frozenset({"floating", "integer", "mixed-integer-float"})


def block_columns(rows: list[list[object]], width: int) -> list[np.ndarray]:
    """``width`` object arrays, column ``c`` holding ``rows[i][c]`` (``None`` past a short row).

    One C-level pass (``np.array`` of the row lists) when the rows are rectangular, which is
    what calamine gives; ragged rows are padded first."""
    n = len(rows)
    if n == 0 or width == 0:
        return [np.empty(n, dtype=object) for _ in range(width)]
    grid = _grid(rows)
    if grid is None:  # ragged rows: pad to one width
        w = max(width, max(map(len, rows)))
        pad = [None] * w
        grid = _grid([r if len(r) == w else (list(r) + pad)[:w] for r in rows])
    if grid is None:  # cells numpy cannot stack (sequences): cell by cell
        w = max(width, max(map(len, rows)))
        grid = np.full((n, w), None, dtype=object)
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                grid[i, j] = v
    if grid.shape[1] < width:
        grid = np.concatenate(
            [grid, np.full((n, width - grid.shape[1]), None, dtype=object)], axis=1
        )
    return [grid[:, c] for c in range(width)]


def _grid(rows: list[list[object]]) -> np.ndarray | None:
    try:
        grid = np.array(rows, dtype=object)
    except ValueError:
        return None
    return grid if grid.ndim == 2 and grid.shape[0] == len(rows) else None


def numeric_kind(a: np.ndarray) -> bool:
    """True when every cell is an int or float (no text, no empty, no bool): the fast path."""
    return len(a) > 0 and infer_dtype(a, skipna=False) in NUMERIC_KINDS


def has_bool(a: np.ndarray) -> bool:
    if infer_dtype(a, skipna=True) in (
        "string",
        "floating",
        "integer",
        "mixed-integer-float",
        "empty",
    ):
        return False  # the C-level scan already rules booleans out
    return bool in set(map(type, a))


def factorize(a: np.ndarray, bools: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values); ``None``/NaN get code -1. Exact per cell when booleans are present."""
    if has_bool(a) if bools is None else bools:
        # keep True apart from 1 and False apart from 0: tag every value with its type
        tagged = np.empty(len(a), dtype=object)
        tagged[:] = [(type(v), v) for v in a]
        codes, uniq_t = pd.factorize(tagged, use_na_sentinel=True)
        uniq = np.empty(len(uniq_t), dtype=object)
        uniq[:] = [v for _, v in uniq_t]
        na = np.fromiter((v is None or (isinstance(v, float) and v != v) for v in a), bool, len(a))
        codes = np.where(na, -1, codes)
        return codes, uniq
    codes, uniq = pd.factorize(a, use_na_sentinel=True)
    return codes, np.asarray(uniq, dtype=object)


class Column:
    """One raw column (object array) with its type scan and factorisation computed once."""

    def __init__(self, values: np.ndarray):
        self.values = values
        self._kind: str | None = None
        self._fact: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def kind(self) -> str:
        """``infer_dtype`` of the cells (missing values counted), computed once."""
        if self._kind is None:
            self._kind = infer_dtype(self.values, skipna=False) if len(self.values) else "empty"
        return self._kind

    def __len__(self) -> int:
        return len(self.values)

    @property
    def numeric(self) -> bool:
        """Every cell an int or float (no empty cell, no text, no bool)."""
        return self.kind in NUMERIC_KINDS

    @property
    def has_bool(self) -> bool:
        if self.kind in ("string", "floating", "integer", "mixed-integer-float", "empty"):
            return False  # the C-level scan already rules booleans out
        return bool in set(map(type, self.values))

    @property
    def factorized(self) -> tuple[np.ndarray, np.ndarray]:
        if self._fact is None:
            self._fact = factorize(self.values, self.has_bool)
        return self._fact

    def map_distinct(
        self, func: Callable[[object], object], na_value: object = None, dtype: object = object
    ) -> np.ndarray:
        """``[func(v) for v in values]`` computed once per distinct value; missing → ``na_value``."""
        codes, uniq = self.factorized
        res = np.empty(len(uniq) + 1, dtype=dtype)
        res[:-1] = [func(v) for v in uniq]
        res[-1] = na_value
        return res[codes]  # code -1 picks the last slot

    def empty(self) -> np.ndarray:
        """Cells that are empty: ``None``, NaN, ``""`` or whitespace-only text."""
        if self.numeric:
            return np.zeros(len(self.values), dtype=bool)
        return self.map_distinct(lambda v: isinstance(v, str) and not v.strip(), True, bool)

    def take(self, mask: np.ndarray) -> Column:
        return Column(self.values[mask])


def map_distinct(
    a: np.ndarray, func: Callable[[object], object], na_value: object = None
) -> np.ndarray:
    """``[func(v) for v in a]`` computed once per distinct value; missing cells → ``na_value``."""
    return Column(a).map_distinct(func, na_value)


def empty_mask(a: np.ndarray) -> np.ndarray:
    """Cells that are empty: ``None``, NaN, ``""`` or whitespace-only text."""
    return Column(a).empty()


__all__ = [
    "Column",
    "block_columns",
    "empty_mask",
    "factorize",
    "has_bool",
    "map_distinct",
    "numeric_kind",
]
