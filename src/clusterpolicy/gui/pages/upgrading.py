"""The upgrading step: the technology and brand checklists' scores, and the checklists themselves
answered here (a 回答清单 tab with the same answer table as 判断与答案, limited to the two
checklists).

Scores update as answers change: each answer is saved at once (as on every answer page) and,
150 ms after the last change, :func:`clusterpolicy.app.live_scores.rescore` scores the checklists
again and rebuilds the action plan in a background task of the page's own (a newer change
supersedes a pending one); the score tables, the radar charts and the policy page's tables then
change in place. 重新运行评估 is offered only for what a live re-score does not cover (other
answers, stage overrides, settings changed since the run) and to save the new scores into an
open project.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QPushButton

from clusterpolicy.gui.pages.base import ResultsPage
from clusterpolicy.gui.texts import tr

#: how long the page waits after an answer before re-scoring (a burst of changes scores once)
DEBOUNCE_MS = 150


class UpgradingPage(ResultsPage):
    key = "upgrading"
    charts = True
    sheets = ("upgrading_summary", "upgrading")

    def __init__(self, window):
        super().__init__(window)
        from clusterpolicy.gui.judgement_page import JudgementPage
        from clusterpolicy.gui.tasks import TaskRunner

        self.intro.setText(tr("live_intro_upgrading", self.lang))
        self.answers = JudgementPage(window.profile, self.lang, scopes=("technology", "brand"))
        self.extra_tabs = ((self.answers, tr("answer_checklists", self.lang)),)
        self.answers.attach(window)
        self.answers.changed.disconnect(window.answers_changed)  # re-scored here instead
        self.answers.changed.connect(self._answer_changed)
        self.live_status = QLabel()
        self.live_status.setWordWrap(True)
        self.rerun = QPushButton(tr("rerun", self.lang))
        self.rerun.clicked.connect(window.run_assessment)
        at = self.layout_.indexOf(self.tabs)
        self.layout_.insertWidget(at, self.live_status)
        self.layout_.insertWidget(at + 1, self.rerun)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.rescore)
        self.live = TaskRunner(self)  # its own: a re-score never cancels the window's work
        self.live.done.connect(self._rescored)
        self.live.failed.connect(self._rescore_failed)
        self._asked = 0  # the number of the latest re-score asked for
        self._note = ""  # the live status line's text key

    # ---- live scores
    def can_rescore(self) -> bool:
        from clusterpolicy.app.live_scores import can_rescore

        win = self.window_
        return can_rescore(win.result, win.data)

    def _answer_changed(self) -> None:
        """An answer was saved: re-score soon (or, without a run to re-score, mark it stale)."""
        live = self.can_rescore()
        self.window_.answers_changed(live=live)
        if live:
            self._note = "live_updating"
            self._show_note()
            self.timer.start()  # restarted by each change: one re-score after a burst

    def rescore(self) -> None:
        """Score the checklists again with the answers now, in the background."""
        from clusterpolicy.app.live_scores import rescore

        self.timer.stop()
        win = self.window_
        if not self.can_rescore():
            return
        settings = win.settings()
        answers = win.judgements.to_answers(settings.focal_region or win.region_hint or "")
        self._asked += 1
        self.live.start(_rescore, rescore, self._asked, win.result, win.data, win.profile,
                        answers, settings)  # fmt: skip

    def _rescored(self, done) -> None:
        from clusterpolicy.app.live_scores import run_of

        number, live = done
        win = self.window_
        if number != self._asked or run_of(win.result) is not run_of(live):
            return  # superseded by a newer answer, or a new run replaced the one re-scored
        self._note = "live_done"
        win.apply_live_result(live)

    def _rescore_failed(self, _exc) -> None:
        from clusterpolicy.logs import log_file

        self.window_.stale = True
        self._note = ""
        self.live_status.setText(tr("live_failed", self.lang, log=log_file()))
        self.live_status.setVisible(True)
        self.window_.refresh_pages()

    def busy(self) -> bool:
        """A re-score is waiting or running (tests and the benchmark wait on it)."""
        return self.timer.isActive() or self.live.busy

    def _show_note(self) -> None:
        from clusterpolicy.app.live_scores import LiveResult

        win = self.window_
        lines = [tr(self._note, self.lang)] if self._note else []
        if win.stale and win.result is not None:
            lines.append(tr("live_stale_other", self.lang))
        elif isinstance(win.result, LiveResult) and win.project is not None:
            lines.append(tr("live_not_in_project", self.lang))
        self.live_status.setText("\n".join(lines))
        self.live_status.setVisible(bool(lines))

    # ---- page
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Answers given on the other answer page since this one was last shown are reloaded."""
        super().showEvent(event)
        self.answers.catch_up(self.window_)

    def refresh(self) -> None:
        from clusterpolicy.app.live_scores import LiveResult

        super().refresh()
        win = self.window_
        if self.tabs.indexOf(self.answers) < 0:  # before the first run: the answers alone
            self.tabs.addTab(self.answers, tr("answer_checklists", self.lang))
        self.tabs.setVisible(True)
        self.answers.follow(win)
        if not isinstance(win.result, LiveResult) and self._note == "live_done":
            self._note = ""  # a full run (or none) is shown
        self._show_note()
        behind = isinstance(win.result, LiveResult) and win.project is not None
        self.rerun.setText(tr("live_rerun" if not win.stale else "rerun", self.lang))
        self.rerun.setVisible(win.data is not None and (win.stale or behind))
        self.rerun.setEnabled(not win.runner.busy)


def _rescore(rescore, number, result, data, profile, answers, settings, progress=None):
    """The task: (number, the re-scored result) — the number says which request it answers."""
    return number, rescore(result, data, profile, answers, settings, progress=progress)
