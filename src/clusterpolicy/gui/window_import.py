"""The main window's data work: choose or drop workbooks, review the column mapping, import
(asking before data in the window would be replaced), load answers, the assessment settings.

Importing chosen files: the mappings are proposed in the background; when every table block has
a remembered mapping the import runs at once (the status bar says a saved mapping was used),
otherwise the column-mapping dialog (:mod:`.mapping_dialog`) opens. Confirming it saves the
mappings to the per-user store and imports with them.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from clusterpolicy.gui.texts import tr
from clusterpolicy.messages import ProblemError

_WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".csv")


class ImportActions:
    """Mixed into :class:`~clusterpolicy.gui.main_window.MainWindow` (no state of its own)."""

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, tr("import", self.lang), "", tr("workbooks", self.lang)
        )
        if files:
            self.review_mappings(files)

    def load_sample(self) -> None:
        """The sample's illustrative answers, then its workbook (both in the background)."""
        from clusterpolicy.paths import resource

        book = str(resource("samples", "sample_prefecture.xlsx"))
        self.scenario = {  # the sample's illustrative transfer (resources/samples)
            "name": "教育转移支付（示例）/ education transfer (illustrative)",
            "transfer_pool_yuan": 300000000.0,
            "allocation": "gap",
            "target_indicator": "education_exp_pc",
        }
        self.load_answers(
            str(resource("samples", "sample_answers.json")),
            background=True,
            then=lambda: self.import_files([book]),
        )

    def save_template(self, path: str | None = None) -> None:
        """The blank bilingual data-import workbook (one sheet per canonical table)."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("template", self.lang), "template.xlsx", "Excel (*.xlsx)"
            )
        if path:
            self._failure_title = tr("export_failed", self.lang)
            self._start(
                lambda out: tr("template_written", self.lang, path=str(out)),
                _write_template,
                path,
                self.lang,
            )

    # --- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if any(u.toLocalFile().lower().endswith((*_WORKBOOKS, ".cpa")) for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        paths = [u.toLocalFile() for u in event.mimeData().urls()]
        projects_ = [p for p in paths if p.lower().endswith(".cpa")]
        books = [p for p in paths if p.lower().endswith(_WORKBOOKS)]
        if projects_:
            self.open_project(projects_[0])
        elif books:
            self.review_mappings(books)
        event.acceptProposedAction()

    # --- answers ---------------------------------------------------------------------------
    def choose_answers(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("answers", self.lang), "", tr("json_files", self.lang)
        )
        if path:
            self.load_answers(path, background=True)

    @property
    def answers(self):
        """The officials' answers as ``run_assessment`` takes them (knowledge.Answers)."""
        return self.judgements.to_answers(self.region_hint)

    def load_answers(self, path: str, *, background: bool = False, then=None) -> None:
        """Read an answers JSON file or workbook and record every answer (into the project if
        open); with ``background`` the file (and the rule profile) is read off the UI thread
        and ``then()`` runs after the answers are recorded."""
        if background:
            self._failure_title = tr("answers_failed", self.lang)

            def read(loaded):
                self._answers_read(loaded, path)
                if then is not None:
                    then()
                    return None
                return tr("answers_loaded", self.lang, n=len(loaded.industry_codes()), path=path)

            self._start(read, _read_answers, self, path)
            return
        try:
            loaded = _read_answers(self, path)
        except ProblemError as exc:
            self._on_failed(exc)
            return
        self._answers_read(loaded, path)

    def _answers_read(self, loaded, path: str) -> None:
        try:
            self.judgements.merge_answers(loaded, self.who)
        except ProblemError as exc:
            self._on_failed(exc)
            return
        self.region_hint = loaded.region_code or self.region_hint
        self.answers_changed()
        self.statusBar().showMessage(
            tr("answers_loaded", self.lang, n=len(loaded.industry_codes()), path=path), 8000
        )

    def answers_changed(self, live: bool = False) -> None:
        """An answer or override was recorded: results are stale, memory-only work is unsaved.
        ``live``: an upgrading answer the upgrading page re-scores at once (not stale)."""
        self.answers_version = getattr(self, "answers_version", 0) + 1
        if self.result is not None and not live:
            self.stale = True
            self.statusBar().showMessage(tr("results_stale", self.lang), 8000)
        self.mark_unsaved()
        self.refresh_pages()

    def save_answers_json(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("jd_save_json", self.lang), "answers.json", "JSON (*.json)"
            )
        if path:
            self.judgements.save_json(path, self.settings().focal_region or self.region_hint)
            self.statusBar().showMessage(tr("save_answers", self.lang, path=path), 8000)

    # --- import ----------------------------------------------------------------------------
    def mapping_store(self):
        """The per-user store of confirmed mappings (``user_data_dir() / "mappings"``)."""
        from clusterpolicy.app.imports import user_mapping_store

        return user_mapping_store()

    def import_files(
        self,
        files: list[str],
        mappings=None,
        *,
        message: str | None = None,
        replace: bool = False,
    ) -> None:
        """Import ``files`` in the background (and save them into the open project). When the
        window already holds data, ask first (the data and results would be replaced) unless
        ``replace``. Without ``mappings`` each block takes its remembered mapping or the
        detected one; the status bar says when a saved mapping was used."""
        from clusterpolicy.app.imports import import_data

        if self.data is not None and not replace:
            self.ask(
                tr("replace_title", self.lang),
                tr(
                    "replace_text_project" if self.project is not None else "replace_text",
                    self.lang,
                ),
                [("replace", tr("btn_replace", self.lang)), ("cancel", tr("cancel", self.lang))],
                "cancel",
                lambda choice: (
                    self.import_files(files, mappings, message=message, replace=True)
                    if choice == "replace"
                    else None
                ),
            )
            return
        self.files = list(files)
        self._failure_title = tr("import_failed", self.lang)

        def imported(result):
            self.data = result.data
            self.result = None
            self.chosen_clusters = None
            self.stale = False
            self.data_page.show_data(self.data)
            if self.region_hint:
                self.data_page.apply_settings({"focal_region": self.region_hint})
            self._settings_changed()
            self.mark_unsaved()
            self._update_actions()
            if message:
                return message
            n_saved = sum(1 for m in result.mappings if m.confirmed)
            return tr("used_saved", self.lang, n=n_saved) if mappings is None and n_saved else None

        self._start(
            imported,
            import_data,
            self.files,
            mappings=mappings,
            mapping_store=self.mapping_store(),
            project=self.project,
        )

    def review_mappings(self, files: list[str], *, always_ask: bool = False) -> None:
        """Propose the mappings of ``files`` in the background; import at once when every block
        has a remembered mapping (unless ``always_ask``), else open the mapping dialog."""
        from clusterpolicy.app.mapping_review import propose_for_review

        if not files:
            return
        self.files = list(files)
        store = self.mapping_store()
        self._failure_title = tr("import_failed", self.lang)

        def proposed(proposals):
            for p in proposals:  # the user's last confirmed choices for these very sheets win
                m = p.mapping
                last = self.confirmed_mappings.get((m.file, m.sheet, m.block))
                if last is not None and last.signature == m.signature:
                    p.mapping = copy.deepcopy(last)
            if not proposals:
                self.import_files(self.files)
                return tr("no_tables", self.lang)
            if not always_ask and all(p.remembered for p in proposals):
                self.import_files(
                    self.files,
                    [p.mapping for p in proposals],
                    message=tr("used_saved", self.lang, n=len(proposals)),
                )
                return None
            self.open_mapping_dialog(proposals)
            return None

        self._start(proposed, propose_for_review, self.files, store=store)

    def open_mapping_dialog(self, proposals) -> None:
        """Show the (window-modal, non-blocking) mapping dialog; confirming saves and imports."""
        from clusterpolicy.gui.mapping_dialog import MappingDialog

        dlg = MappingDialog(proposals, self.mapping_store(), self.lang, self)
        dlg.accepted.connect(lambda: self._mappings_confirmed(dlg))
        dlg.finished.connect(lambda _r: setattr(self, "mapping_dialog", None))
        dlg.forgotten.connect(self._forget_confirmed)
        self.mapping_dialog = dlg
        dlg.open()

    def _forget_confirmed(self, signature: str) -> None:
        self.confirmed_mappings = {
            k: m for k, m in self.confirmed_mappings.items() if m.signature != signature
        }
        self.statusBar().showMessage(tr("mapping_forgotten", self.lang), 5000)

    def _mappings_confirmed(self, dlg) -> None:
        from clusterpolicy.app.mapping_review import remember_mappings

        mappings = dlg.result_mappings()
        self.confirmed_mappings.update(
            {(m.file, m.sheet, m.block): copy.deepcopy(m) for m in mappings}
        )
        if dlg.remember:
            n = remember_mappings(dlg.store, mappings, dlg.edited_indices())
            message = tr("mapping_saved", self.lang, n=n)
        else:
            message = tr("mapping_confirmed", self.lang)
        self.import_files(self.files, mappings, message=message)

    def show_source_cell(self, problem) -> None:
        """Read the cells around ``problem``'s location in the background and show them with
        the cell marked; a problem that names no cell says so in the status bar."""
        from clusterpolicy.app.source_cells import can_locate, cells_around

        if not can_locate(problem):
            self.statusBar().showMessage(problem.text(self.lang), 10000)
            return
        self._failure_title = tr("cell_failed", self.lang)

        def shown(cells):
            from clusterpolicy.gui.source_cell_dialog import SourceCellDialog

            dlg = SourceCellDialog(problem, cells, self.lang, self)
            dlg.finished.connect(lambda _r: setattr(self, "cell_dialog", None))
            self.cell_dialog = dlg
            dlg.open()
            return None

        self._start(shown, cells_around, problem, list(self.files))

    def settings(self):
        from clusterpolicy.app.assessment import AssessmentSettings

        page = self.data_page
        return AssessmentSettings(
            focal_region=page.focal.currentData(),
            reference_code=page.reference.currentData(),
            base_year=page.base_year.value(),
            end_year=page.end_year.value(),
            lang=self.lang,
            welfare_effects=page.effects.isChecked(),
            clusters=list(self.chosen_clusters) if self.chosen_clusters else "auto",
        )

    def input_names(self) -> list[str]:
        return [Path(f).name for f in self.files]


def _read_answers(window, path: str, progress=None):
    """An answers file read against the window's rule profile (runs in a task's thread)."""
    from clusterpolicy.app.inputs import load_any_answers

    return load_any_answers(path, window.profile)


def _write_template(path: str, lang: str, progress=None):
    from clusterpolicy.app.outputs import write_import_template

    return write_import_template(path, lang=lang)
