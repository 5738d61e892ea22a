"""The main window's assessment work: run, adjust a life-cycle stage (with a reason), export the
results workbook and build the report — each a background task with progress and Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from clusterpolicy.gui.texts import tr
from clusterpolicy.messages import ProblemError


class RunActions:
    """Mixed into :class:`~clusterpolicy.gui.main_window.MainWindow` (no state of its own)."""

    def run_assessment(self) -> None:
        """Run the assessment with the current answers and overrides (and store it in the project)."""
        from clusterpolicy.app.assessment import assess_and_store

        started = getattr(self, "answers_version", 0)

        def assessed(result):
            self.result = result
            self.stale = getattr(self, "answers_version", 0) != started  # answered meanwhile
            self.mark_unsaved()
            if self.stack.currentIndex() in (0, 7):  # from the data or judgements step
                self.show_step("identification")
            self.refresh_pages()
            self._update_actions()
            return None

        settings = self.settings()
        if settings.focal_region is None and self.region_hint:
            settings.focal_region = self.region_hint
        self._failure_title = tr("assess_failed", self.lang)
        self._start(
            assessed,
            assess_and_store,
            self.data,
            settings,
            self.profile,
            answers=self.judgements.to_answers(settings.focal_region or ""),
            overrides=self.judgements.overrides_for_run(),
            scenario=self.scenario,
            inputs=self.input_names(),
            project=self.project,
        )

    def apply_live_result(self, live) -> None:
        """Show a live re-score (:func:`clusterpolicy.app.live_scores.rescore`) of the current
        run: the re-scored sheets are updated in place on the pages built so far."""
        self.result = live
        for page in self.pages.values():
            update = getattr(page, "update_sheets", None)
            if update is not None:
                update(live.tables, live.updated)
        self.refresh_pages()
        self._update_actions()

    def adjust_stage(self, code: str, *, clearing: bool = False) -> None:
        """Open the (window-modal, non-blocking) stage dialog for cluster ``code``; OK stores the
        override (or its removal) with the reason and re-runs the assessment."""
        from clusterpolicy.gui.override_dialog import StageOverrideDialog

        page = self.page("lifecycle")
        name = self.code_name("industry_code", code)
        dlg = StageOverrideDialog(code, name, page.row(code), self.lang, self, clearing=clearing)
        dlg.accepted.connect(lambda: self._stage_confirmed(dlg))
        dlg.finished.connect(lambda _r: setattr(self, "override_dialog", None))
        self.override_dialog = dlg
        dlg.open()

    def _stage_confirmed(self, dlg) -> None:
        from clusterpolicy.gui.override_dialog import stage_label

        try:
            if dlg.clearing:
                self.judgements.clear_override(dlg.code, dlg.reason_text(), self.who)
                message = tr("ov_cleared", self.lang, code=dlg.code)
            else:
                self.judgements.set_override(
                    dlg.code, dlg.chosen_stage(), dlg.reason_text(), self.who
                )
                message = tr(
                    "ov_saved",
                    self.lang,
                    code=dlg.code,
                    stage=stage_label(dlg.chosen_stage(), self.lang),
                )
        except (ProblemError, ValueError) as exc:
            self._on_failed(exc)
            return
        self.statusBar().showMessage(message, 8000)
        self.answers_changed()
        if self.data is not None:
            self.run_assessment()

    def export_results(self, path: str | None = None) -> None:
        """Write the results workbook in the background."""
        from clusterpolicy.app.outputs import write_results

        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("export", self.lang), "results.xlsx", "Excel (*.xlsx)"
            )
        if not path:
            return
        self._failure_title = tr("export_failed", self.lang)

        def written(out):
            return tr("results_written", self.lang, path=str(out))

        self._start(written, _write_results, write_results, path, self.result)

    def build_report(self, path: str | None = None) -> None:
        """Build the PDF report in the background with the report page's options."""
        from clusterpolicy.app.outputs import write_report

        options = self.page("report").options()
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("report", self.lang), "report.pdf", "PDF (*.pdf)"
            )
        if not path:
            return
        self._failure_title = tr("report_failed", self.lang)

        def written(out):
            self.page("report").report_written(str(out))
            self.show_step("report")
            return tr("report_written", self.lang, path=str(out))

        self._start(
            written,
            write_report,
            path,
            self.result,
            lang=options["lang"],
            preparing_unit=options["preparing_unit"] or None,
        )


def _write_results(write_results, path, result, progress=None):
    """The task runner passes ``progress``; writing the workbook does not report any."""
    if progress is not None:
        progress(0.0, "")
    return write_results(path, result)
