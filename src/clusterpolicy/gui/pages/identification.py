"""The identification step: the candidates and the measures behind them, and the choice of the
clusters assessed in depth (defaults: those the identification selected)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton

from clusterpolicy.gui.pages.base import ResultsPage
from clusterpolicy.gui.texts import tr


class IdentificationPage(ResultsPage):
    key = "identification"
    charts = True
    sheets = (
        "clusters",
        "miit",
        "families",
        "lq",
        "specialization",
        "concentration",
        "shift_share",
        "peers",
        "peer_comparison",
    )

    def __init__(self, window):
        super().__init__(window)
        box = QGroupBox(tr("choose_title", self.lang))
        row = QHBoxLayout(box)
        self.choice = QListWidget()
        self.choice.setFlow(QListWidget.Flow.LeftToRight)
        self.choice.setWrapping(True)
        self.choice.setMaximumHeight(3 * self.fontMetrics().height() + 18)
        self.choose_button = QPushButton(tr("choose_run", self.lang))
        self.choose_button.setToolTip(tr("choose_tip", self.lang))
        self.choose_button.clicked.connect(self.assess_chosen)
        row.addWidget(self.choice, 1)
        row.addWidget(self.choose_button)
        self.choice_box = box
        self.layout_.insertWidget(self.layout_.indexOf(self.tabs), box)
        box.hide()

    def refresh(self) -> None:
        super().refresh()
        clusters = self.tables.get("clusters") if self.tables else None
        self.choice_box.setVisible(clusters is not None and len(clusters) > 0)
        if clusters is None:
            return
        chosen = set(self.window_.chosen_clusters or [])
        self.choice.clear()
        for _, r in clusters.head(30).iterrows():
            code = str(r["industry_code"])
            name = self.window_.code_name("industry_code", code)
            it = QListWidgetItem(f"{code} {name}")
            it.setData(Qt.ItemDataRole.UserRole, code)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = code in chosen if chosen else bool(r.get("selected", False))
            it.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.choice.addItem(it)
        self.choose_button.setEnabled(not self.window_.runner.busy)

    def checked_codes(self) -> list[str]:
        return [
            self.choice.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.choice.count())
            if self.choice.item(i).checkState() == Qt.CheckState.Checked
        ]

    def assess_chosen(self) -> None:
        """Assess the ticked clusters in depth (life cycle, upgrading, policy)."""
        codes = self.checked_codes()
        if not codes or self.window_.runner.busy:
            return
        self.window_.chosen_clusters = codes
        self.window_.run_assessment()
