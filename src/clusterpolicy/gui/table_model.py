"""A read-only Qt table model over a pandas DataFrame (rows fetched lazily, numbers formatted)."""

from __future__ import annotations

import math

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class DataFrameModel(QAbstractTableModel):
    def __init__(
        self, df: pd.DataFrame | None = None, headers: dict[str, str] | None = None, parent=None
    ):
        super().__init__(parent)
        self._df = df if df is not None else pd.DataFrame()
        self._headers = headers or {}

    def set_frame(self, df: pd.DataFrame, headers: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._df = df
        self._headers = headers or {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._df)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._df.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        v = self._df.iat[index.row(), index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
                return ""
            if isinstance(v, float):
                return f"{v:,.4f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else f"{v:,.0f}"
            return str(v)
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and isinstance(v, (int, float))
            and not isinstance(v, bool)
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(v, str) and len(v) > 40:
            return v
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            name = str(self._df.columns[section])
            return self._headers.get(name, name)
        return str(section + 1)
