"""The upgrading step: the technology and brand checklists' scores, and the checklists themselves
answered here (a 回答清单 tab with the same answer table as 判断与答案, limited to the two
checklists; 重新运行评估 applies the answers)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from clusterpolicy.gui.pages.base import ResultsPage
from clusterpolicy.gui.texts import tr


class UpgradingPage(ResultsPage):
    key = "upgrading"
    charts = True
    sheets = ("upgrading_summary", "upgrading")

    def __init__(self, window):
        super().__init__(window)
        from clusterpolicy.gui.judgement_page import JudgementPage

        self.answers = JudgementPage(window.profile, self.lang, scopes=("technology", "brand"))
        self.extra_tabs = ((self.answers, tr("answer_checklists", self.lang)),)
        self.answers.attach(window)
        self.rerun = QPushButton(tr("rerun", self.lang))
        self.rerun.clicked.connect(window.run_assessment)
        self.layout_.insertWidget(self.layout_.indexOf(self.tabs), self.rerun)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Answers given on the other answer page since this one was last shown are reloaded."""
        super().showEvent(event)
        self.answers.catch_up(self.window_)

    def refresh(self) -> None:
        super().refresh()
        win = self.window_
        if self.tabs.indexOf(self.answers) < 0:  # before the first run: the answers alone
            self.tabs.addTab(self.answers, tr("answer_checklists", self.lang))
        self.tabs.setVisible(True)
        self.answers.follow(win)
        self.rerun.setVisible(win.stale and win.data is not None)
        self.rerun.setEnabled(not win.runner.busy)
