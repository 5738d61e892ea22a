"""The judgements step: the answers page (:mod:`clusterpolicy.gui.judgement_page`) with the
step's title and what to do next."""

from __future__ import annotations

from clusterpolicy.gui.judgement_page import JudgementPage
from clusterpolicy.gui.pages.base import StepPage


class JudgementsStep(StepPage):
    key = "judgements"

    def __init__(self, window):
        super().__init__(window)
        self.page = JudgementPage(window.profile, self.lang)
        self.layout_.addWidget(self.page, 1)
        self.page.attach(window)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Answers given on the other answer page since this one was last shown are reloaded."""
        super().showEvent(event)
        self.page.catch_up(self.window_)

    def refresh(self) -> None:
        """Reload the answers only when what they are about changed (not after each answer)."""
        super().refresh()
        self.page.follow(self.window_)
