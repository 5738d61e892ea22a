"""The equalization step: regional welfare gaps, inequality, transfers, and the what-if
simulator (a transfer pool allocated by a rule to one per-capita indicator; "运行情景" re-runs
the assessment with it, the 情景模拟 tab and the charts show before and after)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from clusterpolicy.gui.pages.base import ResultsPage
from clusterpolicy.gui.texts import tr
from clusterpolicy.text.labels import label

ALLOCATIONS = ("gap", "per_capita", "formula")
TARGETS = ("education_exp_pc", "health_exp_pc", "social_security_exp_pc", "disposable_income_pc")


class EqualizationPage(ResultsPage):
    key = "equalization"
    charts = True
    sheets = ("equalization", "inequality", "agglomeration_threshold", "scenario", "transfers")

    def __init__(self, window):
        super().__init__(window)
        lang = self.lang
        box = QGroupBox(tr("sc_title", lang))
        row = QHBoxLayout(box)
        self.sc_name = QLineEdit(tr("sc_default_name", lang))
        self.sc_pool = QDoubleSpinBox()
        self.sc_pool.setRange(0, 1e8)
        self.sc_pool.setDecimals(0)
        self.sc_pool.setSingleStep(1000)
        self.sc_pool.setSuffix(" " + tr("sc_wan", lang))
        self.sc_pool.setValue(30000)
        self.sc_rule = QComboBox()
        for a in ALLOCATIONS:
            self.sc_rule.addItem(tr("sc_rule_" + a, lang), a)
        self.sc_target = QComboBox()
        for t in TARGETS:
            self.sc_target.addItem(label(t, lang), t)
        self.sc_run = QPushButton(tr("sc_run", lang))
        self.sc_run.clicked.connect(self.run_scenario)
        for text, w in (
            (tr("sc_name", lang), self.sc_name),
            (tr("sc_pool", lang), self.sc_pool),
            (tr("sc_rule", lang), self.sc_rule),
            (tr("sc_target", lang), self.sc_target),
        ):
            row.addWidget(QLabel(text))
            row.addWidget(w, 1 if w is self.sc_name else 0)
        row.addWidget(self.sc_run)
        self.layout_.insertWidget(self.layout_.indexOf(self.tabs), box)

    def scenario(self) -> dict:
        return {
            "name": self.sc_name.text().strip() or tr("sc_default_name", self.lang),
            "transfer_pool_yuan": self.sc_pool.value() * 1e4,
            "allocation": self.sc_rule.currentData(),
            "target_indicator": self.sc_target.currentData(),
        }

    def run_scenario(self) -> None:
        """Run the assessment again with this scenario (the 情景模拟 tab shows it after)."""
        win = self.window_
        win.scenario = self.scenario()
        if win.data is not None and not win.runner.busy:
            win.run_assessment()

    def refresh(self) -> None:
        super().refresh()
        win = self.window_
        self.sc_run.setEnabled(win.data is not None and not win.runner.busy)
        sc = win.scenario
        if sc:
            self.sc_name.setText(str(sc.get("name", "")))
            self.sc_pool.setValue(float(sc.get("transfer_pool_yuan", 0)) / 1e4)
            for box, key in ((self.sc_rule, "allocation"), (self.sc_target, "target_indicator")):
                i = box.findData(sc.get(key))
                if i >= 0:
                    box.setCurrentIndex(i)
