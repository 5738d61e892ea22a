"""The main window's assessment work: run, adjust a life-cycle stage (with a reason), export the
results workbook and build the report — each a background task with progress and Cancel."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QFileDialog

from clusterpolicy.gui.texts import tr
from clusterpolicy.messages import ProblemError


class RunActions:
    """Mixed into :class:`~clusterpolicy.gui.main_window.MainWindow` (no state of its own)."""

    def run_assessment(self) -> None:
        """Run the assessment with the current answers and overrides (and store it in the project)."""
        from clusterpolicy.app.assessment import assess_and_store

        started = time.monotonic()
        version = getattr(self, "answers_version", 0)

        def assessed(result):
            self.run_seconds = max(1, round(time.monotonic() - started))  # said by the thresholds
            self.result = result
            self.stale = getattr(self, "answers_version", 0) != version  # answered meanwhile
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
            from clusterpolicy.app.outputs import results_csv_files

            text = tr("results_written", self.lang, path=str(out))
            csvs = results_csv_files(out, self.result)
            if csvs:  # tables longer than an Excel sheet went beside it
                names = ", ".join(c.name for c in csvs)
                text += tr("results_csv", self.lang, n=len(csvs), names=names)
            return text

        self._start(written, _write_results, write_results, path, self.result)

    def build_report(self, path: str | None = None) -> None:
        """Build the PDF report in the background with the report page's options (language,
        chapters, 编制单位, 签发人, date)."""
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
            signer=options["signer"] or None,
            report_date=options["report_date"] or None,
            chapters=options["chapters"],
        )


def _write_results(write_results, path, result, progress=None):
    """The task runner passes ``progress``; writing the workbook does not report any."""
    if progress is not None:
        progress(0.0, "")
    return write_results(path, result)


# --- thresholds ------------------------------------------------------------------------------
class ThresholdsView:
    """What the thresholds dialog shows of a profile (read in a task's thread: the rows import
    the report's citation rules)."""

    def __init__(self, profile, lang: str, run_seconds: int):
        from clusterpolicy.app import profiles

        self.profile = profile
        self.rows = profiles.threshold_rows(profile)
        names = {s: profiles.step_names([s], lang) for s in profiles.STEP_ORDER}
        self.step_names = {s: n[:1].upper() + n[1:] for s, n in names.items()}
        self._names = profiles.step_names
        self._affected = profiles.affected_steps
        self.lang = lang
        self.run_seconds = run_seconds
        default = profiles.load_profile()
        title = default.title_en if lang == "en" else default.title_zh
        self.choices = [(tr("thr_default_profile", lang, title=title), "")]
        self.choices += [(lp.label(lang), str(lp.path)) for lp in profiles.local_profiles()]
        self.current = "" if profile.id == default.id else str(profile.path)
        if self.current and self.current not in [c[1] for c in self.choices]:
            # in force but not in the profile folder (a project's own copy, a file elsewhere)
            title = profile.title_en if lang == "en" else profile.title_zh
            self.choices.append(
                (
                    tr("thr_in_force", lang, title=title, id=profile.id, ver=profile.version),
                    self.current,
                )
            )
        self.local_info = (
            tr(
                "thr_local_info",
                lang,
                who=profile.author or "—",
                date=profile.date,
                base=profile.based_on or "—",
                reason=profile.reason,
            )
            if profile.is_local
            else ""
        )
        self.suggested_name = (
            (profile.title_en if lang == "en" else profile.title_zh) if profile.is_local else ""
        )

    def affected(self, threshold_ids) -> str:
        return self._names(self._affected(threshold_ids), self.lang)


def _thresholds_view(window, profile, progress=None):
    if progress is not None:
        progress(0.0, "")
    return ThresholdsView(profile, window.lang, window.run_seconds)


def _save_profile(window, base, edits, name, reason, who, progress=None):
    from clusterpolicy.app.profiles import load_profile, save_local_profile

    if progress is not None:
        progress(0.0, "")
    path = save_local_profile(base, edits, name, reason, who)
    profile = load_profile(path)
    return path, ThresholdsView(profile, window.lang, window.run_seconds)


def _choose_profile(window, path, progress=None):
    from clusterpolicy.app.profiles import load_profile

    if progress is not None:
        progress(0.0, "")
    profile = load_profile(path or None)
    return ThresholdsView(profile, window.lang, window.run_seconds)


class ThresholdActions:
    """The 规则与阈值 dialog's work, mixed into the main window: open it (rows read in the
    background), save a local profile, switch the profile in force; both re-run the assessment
    when there is data (the pipeline has no partial re-run)."""

    thresholds_dialog = None
    #: seconds the last assessment took in this window (None before the first run)
    run_seconds = None

    def open_thresholds(self) -> None:
        if self.runner.busy:
            return
        self._failure_title = tr("thr_load_failed", self.lang)
        self._start(self._show_thresholds, _thresholds_view, self, self.profile)

    def _show_thresholds(self, view) -> None:
        from clusterpolicy.gui.thresholds_dialog import ThresholdsDialog

        if self.thresholds_dialog is not None:
            self.thresholds_dialog.show_profile(view)
            self.thresholds_dialog.raise_()
            return None
        dlg = ThresholdsDialog(view, self.lang, self.who, self)
        dlg.save_requested.connect(self.save_thresholds)
        dlg.profile_chosen.connect(self.choose_profile)
        dlg.finished.connect(lambda _r: setattr(self, "thresholds_dialog", None))
        self.thresholds_dialog = dlg
        dlg.open()
        return None

    def save_thresholds(self, edits: dict, name: str, reason: str, who: str) -> None:
        """Save the edited values as a local profile, make it the profile in force, re-run."""
        self._failure_title = tr("thr_failed", self.lang)

        def saved(out):
            path, view = out
            self._switch_profile(view)
            message = tr("thr_saved", self.lang, name=name, path=str(path))
            self.statusBar().showMessage(message, 10000)
            return message

        self._start(saved, _save_profile, self, self.profile, edits, name, reason, who or self.who)

    def choose_profile(self, path: str) -> None:
        """Make the default (``""``) or a local profile file the profile in force, re-run."""
        dlg = self.thresholds_dialog
        if dlg is not None and path == dlg.view_data.current:
            return  # already in force
        self._failure_title = tr("thr_load_failed", self.lang)

        def loaded(view):
            self._switch_profile(view)
            p = view.profile
            return tr(
                "thr_switched", self.lang, name=p.title_en if self.lang == "en" else p.title_zh
            )

        self._start(loaded, _choose_profile, self, path)

    def _switch_profile(self, view) -> None:
        self._profile = view.profile
        self.profile_notices = []
        self.show_notices()
        if self.thresholds_dialog is not None:
            self.thresholds_dialog.show_profile(view)
        if self.data is not None:
            self.stale = True
            self.run_assessment()
