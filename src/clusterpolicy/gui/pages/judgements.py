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
        self.page.changed.connect(window.answers_changed)
        self.page.save_json_button.clicked.connect(lambda: window.save_answers_json())
        self.page.who_changed.connect(window.set_user_name)

        self._context = None
        self._version = 0

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Answers given on the other answer page since this one was last shown are reloaded."""
        super().showEvent(event)
        version = getattr(self.window_, "answers_version", 0)
        if version != self._version:
            self._version = version
            self.page.reload()

    def refresh(self) -> None:
        """Reload the answers only when what they are about changed (not after each answer)."""
        super().refresh()
        win = self.window_
        tables = win.result.tables if win.result is not None else {}
        context = (id(win.judgements), id(win.data), id(win.result), win.who, win.project is None)
        if context != self._context:
            self._context = context
            self.page.set_context(win.judgements, win.who, win.data, tables)
