"""The life-cycle step: each cluster's stage, with "调整阶段…" / "撤销调整…" for one cluster."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton

from clusterpolicy.gui.pages.base import ResultsPage
from clusterpolicy.gui.texts import tr
from clusterpolicy.text.labels import label


class LifecyclePage(ResultsPage):
    key = "lifecycle"
    sheets = ("lifecycle",)
    charts = True
    adjust_requested = Signal(str)
    clear_requested = Signal(str)

    def __init__(self, window):
        super().__init__(window)
        lang = self.lang
        self.cluster = QComboBox()
        self.adjust_button = QPushButton(tr("ov_adjust", lang))
        self.clear_button = QPushButton(tr("ov_clear", lang))
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("ov_cluster", lang)))
        row.addWidget(self.cluster, 1)
        row.addWidget(self.adjust_button)
        row.addWidget(self.clear_button)
        self.layout_.insertLayout(self.layout_.indexOf(self.tabs), row)
        self.adjust_button.clicked.connect(lambda: self._request(self.adjust_requested))
        self.clear_button.clicked.connect(lambda: self._request(self.clear_requested))
        self.cluster.currentIndexChanged.connect(self._update_buttons)
        self.adjust_requested.connect(window.adjust_stage)
        self.clear_requested.connect(lambda code: window.adjust_stage(code, clearing=True))
        self._update_buttons()

    def refresh(self) -> None:
        keep = self.current_code()
        super().refresh()
        self.cluster.blockSignals(True)
        self.cluster.clear()
        lc = self.tables.get("lifecycle")
        if lc is not None:
            for _, r in lc.iterrows():
                code = str(r["industry_code"])
                over = r.get("override_stage")
                mark = " ✎" if isinstance(over, str) and over else ""
                name = self.window_.code_name("industry_code", code)
                self.cluster.addItem(f"{code} {name}  {label(r['stage'], self.lang)}{mark}", code)
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
        if not len(rows):
            return {}
        return {
            k: v if isinstance(v, (list, dict)) else (None if pd.isna(v) else v)
            for k, v in rows.iloc[0].to_dict().items()
        }

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
