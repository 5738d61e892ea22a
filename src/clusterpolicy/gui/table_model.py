"""A read-only Qt table model over a pandas DataFrame, shown the way an official reads it.

* headers: the column's label from the one catalogue (``text.labels.column_label``) in the
  window's language; cells: enumeration values through :func:`text.labels.label` (``growth`` →
  成长期), True/False → 是/否, industry and region codes with their names ("C39 计算机、通信和其他
  电子设备制造业"), numbers through :mod:`text.formats` (U+2212 minus, "—" for missing);
* rows are fetched lazily by the view; sorting and filtering are done on the DataFrame with
  pandas (one ``argsort`` / one vectorised mask), not cell by cell through a proxy, so they stay
  fast on a million rows; the raw value of a cell is ``Qt.UserRole``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from clusterpolicy.text import formats
from clusterpolicy.text.labels import VALUES, column_label
from clusterpolicy.text.result_columns import result_column_label, result_value_label

#: columns whose values are codes shown with a name (see :class:`DataFrameModel` ``names``)
CODE_COLUMNS = ("industry_code", "region_code")
#: columns holding a fraction shown as a percentage (0.1332 → 13.3%)
PERCENT_COLUMNS = {
    "emp_cagr", "ref_emp_cagr", "firm_cagr", "employment_share", "size_share", "coverage",
    "falling_share", "central_share",
}  # fmt: skip
#: integer columns shown without a thousands separator
_PLAIN_INT = {"year", "base_year", "end_year", "n", "n_years", "rank", "n_obs", "n_regions"}
RAW = Qt.ItemDataRole.UserRole
_NUMBER_CHARS = set("0123456789.,-\u2212%+ ")
_TEXT_CHUNK = 50_000  # rows searched per call when a column is searched as plain text
#: the language marker of one column of a zh/en pair ("措施（中文）", "Lead unit (English)")
_LANG_MARK = re.compile(r"\s*[（(](?:中文|英文|Chinese|English)[)）]\s*$")


def _is_missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, str) and v == ""):
        return True
    try:
        return formats.is_missing(v)
    except (TypeError, ValueError):
        return False


class DataFrameModel(QAbstractTableModel):
    """``df`` with labelled headers and readable cells (see the module docstring).

    ``names(kind, code) -> str`` gives the name of an industry or region code (``kind`` is the
    column); ``values`` maps a column to its own value labels where the shared catalogue's
    word would mislead (``weighting: none`` is 不加权, not 尚未升级).
    """

    def __init__(
        self,
        df: pd.DataFrame | None = None,
        headers: Mapping[str, str] | None = None,
        parent=None,
        *,
        lang: str = "zh",
        names: Callable[[str, str], str] | None = None,
        values: Mapping[str, Mapping[str, str]] | None = None,
        plain: Callable[[str, str, str], str] | None = None,
    ):
        super().__init__(parent)
        self.lang = lang
        self.names = names
        self.plain = plain  # (column, text, lang) → the text shown (prose in plain form)
        self.values = values or {}
        self._headers: dict[str, str] = {}
        self._df = pd.DataFrame()
        self._order = np.arange(0)
        self._filter = ""
        self.set_frame(df if df is not None else pd.DataFrame(), headers)

    # ---- content
    def set_frame(self, df: pd.DataFrame, headers: Mapping[str, str] | None = None) -> None:
        self.beginResetModel()
        self._df = df.reset_index(drop=True)
        self._headers = dict(headers) if headers else {}
        self._kinds = [self._kind(c) for c in self._df.columns]
        self._arrays = [self._df[c].to_numpy(dtype=object) for c in self._df.columns]
        self._order = np.arange(len(self._df))
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.endResetModel()
        if self._filter:
            self.set_filter(self._filter)

    @property
    def frame(self) -> pd.DataFrame:
        return self._df

    def _kind(self, col) -> str:
        s = self._df[col]
        name = str(col)
        if name in CODE_COLUMNS:
            return "code"
        if pd.api.types.is_bool_dtype(s):
            return "bool"
        if pd.api.types.is_integer_dtype(s):
            return "plain_int" if name in _PLAIN_INT else "int"
        if pd.api.types.is_float_dtype(s):
            if name in PERCENT_COLUMNS:
                return "percent"
            return "plain_int" if name in _PLAIN_INT else "float"
        return "text"

    def header(self, col: str) -> str:
        """The column's label; the window language's own column of a pair (``action_zh`` in
        the Chinese window) without the "（中文）" that tells the pair apart."""
        if col in self._headers:
            return self._headers[col]
        text = result_column_label(col, self.lang)
        if col.endswith("_en" if self.lang == "en" else "_zh"):
            text = _LANG_MARK.sub("", text) or text
        return text

    def display(self, v, col: str, kind: str) -> str:
        """The text a cell shows (also what the filter searches); never raises (a view that
        raised inside ``data()`` would take the window down)."""
        try:
            return self._display(v, col, kind)
        except Exception:  # noqa: BLE001 - shown as it is rather than not at all
            return str(v)

    def _display(self, v, col: str, kind: str) -> str:
        if isinstance(v, (list, tuple, dict, np.ndarray)):
            return "; ".join(map(str, v)) if not isinstance(v, dict) else str(v)
        if _is_missing(v):
            return ""
        if kind == "bool" or isinstance(v, (bool, np.bool_)):
            return VALUES.label("yes" if bool(v) else "no", self.lang)
        if kind == "code":
            name = self.names(col, str(v)) if self.names is not None else ""
            return f"{v} {name}" if name and name != str(v) else str(v)
        if kind == "plain_int":
            return str(int(v))
        if kind == "percent":
            return formats.percent(v, 1, self.lang)
        if isinstance(v, (int, np.integer)):
            return formats.integer(v, self.lang)
        if isinstance(v, (float, np.floating)):
            if float(v).is_integer() and abs(v) < 1e15:
                return formats.integer(v, self.lang)
            return formats.significant(v, 4, self.lang)
        text = str(v)
        own = self.values.get(col)
        if own and text in own:
            return own[text]
        if self.plain is not None:  # prose and sources: as the report prints them
            shown = self.plain(col, text, self.lang)
            if shown is not text:
                return shown
        return result_value_label(text, self.lang)

    # ---- Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._df.columns)

    def frame_row(self, row: int) -> int:
        """The position in :attr:`frame` of shown row ``row`` (after sorting and filtering)."""
        return int(self._order[row])

    def raw(self, row: int, col: int):
        return self._arrays[col][self._order[row]]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = index.column()
        v = self.raw(index.row(), col)
        kind = self._kinds[col]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.display(v, str(self._df.columns[col]), kind)
            return text if len(text) <= 120 else text[:117] + "…"
        if role == RAW:
            return v
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in (
            "int",
            "float",
            "plain_int",
            "percent",
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.display(v, str(self._df.columns[col]), kind)
            return text if len(text) > 30 else None
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.header(str(self._df.columns[section]))
            return str(int(self._order[section]) + 1)
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            name = str(self._df.columns[section])
            unit = column_label(name)[2]
            both = f"{result_column_label(name, 'zh')} / {result_column_label(name, 'en')}"
            return both + (f"（{unit}）" if unit else "")
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort by the raw values (numbers as numbers, missing last) with one pandas argsort."""
        if not 0 <= column < len(self._df.columns):
            return
        self.layoutAboutToBeChanged.emit()
        s = self._df.iloc[self._order, column]
        if self._kinds[column] == "text":
            s = s.map(lambda v: "" if _is_missing(v) else str(v))
        asc = order == Qt.SortOrder.AscendingOrder
        try:
            pos = s.reset_index(drop=True).sort_values(
                ascending=asc, na_position="last", kind="stable"
            )
        except TypeError:  # mixed types: sort their texts
            pos = s.astype(str).reset_index(drop=True).sort_values(ascending=asc, kind="stable")
        self._order = self._order[pos.index.to_numpy()]
        self._sort = (column, order)
        self.layoutChanged.emit()

    def set_filter(self, text: str, columns: list[int] | None = None) -> None:
        """Keep the rows where the shown text of any cell (of ``columns``, default all)
        contains ``text`` (case-insensitive)."""
        self.apply_filter(text, columns, self.matching_rows(text, columns))

    def matching_rows(self, text: str, columns: list[int] | None = None) -> np.ndarray:
        """The frame's rows that :meth:`set_filter` keeps (reads only: may run in a worker
        thread while the view goes on showing the current rows)."""
        needle = text.strip().lower()
        search = list(columns) if columns is not None else getattr(self, "_filter_columns", None)
        if not needle or self._df.empty:
            return np.arange(len(self._df))
        mask = np.zeros(len(self._df), dtype=bool)
        for i, col in enumerate(self._df.columns):
            if search is not None and i not in search:
                continue
            mask |= self._column_hits(self._df[col], str(col), self._kinds[i], needle)
        return np.flatnonzero(mask)

    def apply_filter(self, text: str, columns: list[int] | None, rows: np.ndarray) -> None:
        """Show ``rows`` (from :meth:`matching_rows` of the same text), in the current sort."""
        self._filter = text.strip()
        if columns is not None:
            self._filter_columns = list(columns)
        self.beginResetModel()
        self._order = np.asarray(rows)
        self.endResetModel()
        if self._sort is not None:
            self.sort(*self._sort)

    def _column_hits(self, s: pd.Series, col: str, kind: str, needle: str) -> np.ndarray:
        """Rows of column ``s`` whose shown text contains ``needle``: each distinct value is
        labelled once (``pd.factorize``); a column of mostly distinct values (a million region
        codes or numbers) is searched as plain text instead."""
        if kind in ("int", "float", "plain_int", "percent") and not any(
            ch.isdigit() for ch in needle
        ):
            return np.zeros(len(s), dtype=bool)  # a number's text holds digits
        try:
            codes, uniques = pd.factorize(s, use_na_sentinel=True)
        except TypeError:  # unhashable cells (lists): search their text
            codes, uniques = None, []
        if codes is None or len(uniques) > 50_000:
            # a slice at a time: one call over a million cells holds Python's lock for most of
            # a second, and the filter runs beside the window in a worker thread
            out = np.zeros(len(s), dtype=bool)
            for a in range(0, len(s), _TEXT_CHUNK):
                part = s.iloc[a : a + _TEXT_CHUNK]
                text = (
                    part
                    if pd.api.types.is_string_dtype(part) and codes is not None
                    else part.astype(str)
                )
                hit = text.str.contains(needle, case=False, regex=False)
                out[a : a + len(part)] = hit.fillna(False).to_numpy(dtype=bool)
            return out
        shown = np.array(
            [needle in self.display(u, col, kind).lower() for u in uniques] + [False], dtype=bool
        )
        return shown[codes]  # the sentinel −1 picks the trailing False

    def visible_rows(self) -> int:
        return len(self._order)
