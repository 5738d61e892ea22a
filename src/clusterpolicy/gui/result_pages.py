"""Pages that show result sheets as tabs; the life-cycle page adds "adjust stage" / "undo"."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clusterpolicy.gui.table_model import DataFrameModel
from clusterpolicy.gui.texts import tr


def table_view(df: pd.DataFrame, lang: str) -> QTableView:
    """A read-only view of ``df`` with the result sheets' column labels."""
    from clusterpolicy.text.labels import column_label

    headers = {c: column_label(str(c))[0 if lang == "zh" else 1] for c in df.columns}
    view = QTableView()
    model = DataFrameModel(df, headers, view)
    view.setModel(model)
    view.setSortingEnabled(False)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setResizeContentsPrecision(100)  # size columns by the first rows only
    view.resizeColumnsToContents()
    return view


class ResultsPage(QWidget):
    def __init__(self, sheets: list[str], lang: str):
        super().__init__()
        self.sheets, self.lang = sheets, lang
        self.tables: dict[str, pd.DataFrame] = {}
        self.tabs = QTabWidget()
        self.empty = QLabel(tr("no_results", lang))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.empty)
        self.layout_.addWidget(self.tabs)
        self.tabs.hide()

    def show_tables(self, tables: dict[str, pd.DataFrame]) -> None:
        self.tables = tables
        self.tabs.clear()
        for name in self.sheets:
            df = tables.get(name)
            if df is not None:
                self.tabs.addTab(table_view(df, self.lang), name)
        has = self.tabs.count() > 0
        self.tabs.setVisible(has)
        self.empty.setVisible(not has)


class LifecyclePage(ResultsPage):
    """The ``lifecycle`` sheet with a cluster chooser, "调整阶段…" and "撤销调整"."""

    adjust_requested = Signal(str)
    clear_requested = Signal(str)

    def __init__(self, sheets: list[str], lang: str):
        super().__init__(sheets, lang)
        self.cluster = QComboBox()
        self.adjust_button = QPushButton(tr("ov_adjust", lang))
        self.clear_button = QPushButton(tr("ov_clear", lang))
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("ov_cluster", lang)))
        row.addWidget(self.cluster, 1)
        row.addWidget(self.adjust_button)
        row.addWidget(self.clear_button)
        self.layout_.insertLayout(0, row)
        self.adjust_button.clicked.connect(lambda: self._request(self.adjust_requested))
        self.clear_button.clicked.connect(lambda: self._request(self.clear_requested))
        self.cluster.currentIndexChanged.connect(self._update_buttons)
        self._update_buttons()

    def show_tables(self, tables: dict[str, pd.DataFrame]) -> None:
        keep = self.current_code()
        super().show_tables(tables)
        self.cluster.blockSignals(True)
        self.cluster.clear()
        lc = tables.get("lifecycle")
        if lc is not None:
            for _, r in lc.iterrows():
                mark = (
                    " ✎"
                    if isinstance(r.get("override_stage"), str) and r.get("override_stage")
                    else ""
                )
                self.cluster.addItem(
                    f"{r['industry_code']}  {r['stage']}{mark}", str(r["industry_code"])
                )
        idx = self.cluster.findData(keep) if keep else -1
        self.cluster.setCurrentIndex(max(idx, 0) if self.cluster.count() else -1)
        self.cluster.blockSignals(False)
        self._update_buttons()

    def current_code(self) -> str | None:
        code = self.cluster.currentData()
        return str(code) if code is not None else None

    def row(self, code: str) -> dict:
        lc = self.tables.get("lifecycle")
        if lc is None:
            return {}
        rows = lc[lc["industry_code"].astype(str) == str(code)]
        return (
            {
                k: (None if pd.isna(v) else v) if not isinstance(v, (list, dict)) else v
                for k, v in rows.iloc[0].to_dict().items()
            }
            if len(rows)
            else {}
        )

    def _update_buttons(self) -> None:
        code = self.current_code()
        self.adjust_button.setEnabled(code is not None)
        self.clear_button.setEnabled(
            code is not None and bool(self.row(code).get("override_stage"))
        )

    def _request(self, signal) -> None:
        code = self.current_code()
        if code is not None:
            signal.emit(code)
