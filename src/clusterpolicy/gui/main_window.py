"""The main window: a step list on the left, one page per step, a progress bar with Cancel.

Every long piece of work (proposing mappings, import, assessment, report) runs through
:class:`TaskRunner`, so the window never freezes; the engine functions it calls are the same ones
the command line uses.

Importing chosen files: the mappings are proposed in the background; when every table block has
a remembered mapping the import runs at once (the status bar says a saved mapping was used),
otherwise the column-mapping dialog (:mod:`mapping_dialog`) opens. Confirming it saves the
mappings to the per-user store and imports with them. "Check column mapping…" opens the dialog
for the current files at any time.

Projects (``.cpa``): 新建项目… / 打开项目… / 另存为… / 关闭项目 in the File menu and toolbar. With a
project open, the import, the settings, every answer and stage override (at once, with who and
when) and every run's results are written to it; opening shows all of it again and says when the
last session ended uncleanly. Judgements are edited on the "判断与答案" page
(:mod:`judgement_page`); life-cycle stages are adjusted from the life-cycle page
(:mod:`override_dialog`). The use cases and the Qt-free state live in :mod:`clusterpolicy.app`.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from clusterpolicy.app import projects
from clusterpolicy.app.judgements import Judgements, save_user_name, user_name
from clusterpolicy.gui.judgement_page import JudgementPage
from clusterpolicy.gui.result_pages import LifecyclePage, ResultsPage
from clusterpolicy.gui.table_model import DataFrameModel
from clusterpolicy.gui.tasks import TaskRunner
from clusterpolicy.gui.texts import tr
from clusterpolicy.logs import log_file
from clusterpolicy.messages import ProblemError
from clusterpolicy.text.labels import label

# step key → result sheets shown on that step's page
STEP_SHEETS = {
    "step_identification": ["clusters", "lq", "specialization", "concentration", "shift_share"],
    "step_lifecycle": ["lifecycle"],
    "step_upgrading": ["upgrading_summary", "upgrading"],
    "step_equalization": [
        "equalization",
        "inequality",
        "agglomeration_threshold",
        "scenario",
        "transfers",
    ],
    "step_policy": [
        "actions",
        "actions_withheld",
        "plan_context",
        "red_flags",
        "roles",
        "policy_quality",
        "profile",
    ],
}


class DataPage(QWidget):
    settings_changed = Signal()  # the user changed the focal region, reference or years

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.summary = QLabel(tr("no_data", lang))
        self.summary.setWordWrap(True)
        self.focal = QComboBox()
        self.reference = QComboBox()
        self.base_year = QSpinBox()
        self.end_year = QSpinBox()
        for box in (self.base_year, self.end_year):
            box.setRange(1949, 2100)
        form = QFormLayout()
        form.addRow(tr("focal", lang), self.focal)
        form.addRow(tr("reference", lang), self.reference)
        years = QHBoxLayout()
        years.addWidget(QLabel(tr("base_year", lang)))
        years.addWidget(self.base_year)
        years.addWidget(QLabel(tr("end_year", lang)))
        years.addWidget(self.end_year)
        years.addStretch(1)
        form.addRow(years)
        self.problems = QTableView()
        self.problems.setModel(DataFrameModel(pd.DataFrame(), None, self.problems))
        self.review_button = QPushButton(tr("review_mapping", lang))
        self.review_button.setToolTip(tr("review_mapping_tip", lang))
        self.review_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.review_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(form)
        lay.addWidget(QLabel(tr("problems", lang)))
        lay.addWidget(self.problems, 1)
        self._filling = False
        for box in (self.focal, self.reference):
            box.currentIndexChanged.connect(self._changed)
        for box in (self.base_year, self.end_year):
            box.valueChanged.connect(self._changed)

    def _changed(self, *_args) -> None:
        if not self._filling:
            self.settings_changed.emit()

    def clear(self) -> None:
        self._filling = True
        self.summary.setText(tr("no_data", self.lang))
        self.focal.clear()
        self.reference.clear()
        self.problems.model().set_frame(pd.DataFrame(), None)
        self._filling = False

    def apply_settings(self, values: dict) -> None:
        """Select the stored focal region, reference area and years (those the data has)."""
        self._filling = True
        for box, key in ((self.focal, "focal_region"), (self.reference, "reference_code")):
            if key in values:
                idx = box.findData(values[key])
                if idx >= 0:
                    box.setCurrentIndex(idx)
        for box, key in ((self.base_year, "base_year"), (self.end_year, "end_year")):
            if values.get(key):
                box.setValue(int(values[key]))
        self._filling = False

    def show_problems(self, problems) -> None:
        zh = self.lang == "zh"
        rows = []
        for p in problems:
            fix = p.fix_zh if zh else p.fix_en
            rows.append(
                {
                    "severity": label(str(p.severity), self.lang),
                    "where": p.location(self.lang),
                    "message": (p.message_zh if zh else p.message_en) + (f" {fix}" if fix else ""),
                }
            )
        headers = {"severity": "级别", "where": "位置", "message": "问题与处理办法"} if zh else None
        self.problems.model().set_frame(
            pd.DataFrame(rows, columns=["severity", "where", "message"]), headers
        )
        self.problems.resizeColumnsToContents()

    def show_data(self, data) -> None:
        self._filling = True
        s = data.summary()
        years = f"{s['years'][0]}–{s['years'][-1]}" if s["years"] else "—"
        self.summary.setText(
            tr(
                "imported",
                self.lang,
                regions=s["regions"],
                industries=s["industries"],
                years=years,
                warnings=s["warnings"],
            )
        )
        self.focal.clear()
        self.reference.clear()
        self.reference.addItem(tr("reference_auto", self.lang), None)
        for code in data.region_codes():
            label = f"{code} {data.region_name(code, self.lang)}"
            self.focal.addItem(label, code)
        if len(data.reference_data):
            for code in sorted(set(data.reference_data["region_code"].astype(str))):
                self.reference.addItem(f"{code} {data.region_name(code, self.lang)}", code)
        if s["years"]:
            self.base_year.setValue(s["years"][0])
            self.end_year.setValue(s["years"][-1])
        self.show_problems(data.warnings)
        self._filling = False


class MainWindow(QMainWindow):
    """Steps on the left, one page per step; the project (``.cpa``) keeps everything.

    With a project open, imported data, mappings, settings, every answer and override (at once,
    with who/when) and every run's results are written to it; without one, the window works in
    memory and "另存为…" turns the current state into a project.
    """

    def __init__(self, lang: str = "zh"):
        super().__init__()
        from clusterpolicy.app.assessment import load_profile

        self.lang = lang
        self.profile = load_profile()  # the rule profile: items asked, thresholds used by the runs
        self.data = None
        self.result = (
            None  # AssessmentResult of the last run, or the ResultSet loaded from the project
        )
        self.project = None  # the open store.Project
        self.judgements = Judgements()  # officials' answers and stage overrides (project or memory)
        self.who = user_name()  # recorded with every answer and override
        self.region_hint = ""  # focal region named by a loaded answers file
        self.last_message: tuple[str, str] | None = None  # (title, text) of the last message box
        self.files: list[str] = []
        self.mapping_dialog = None  # the open column-mapping dialog, if any
        self.override_dialog = None  # the open stage-override dialog, if any
        self.confirmed_mappings: dict[
            tuple, object
        ] = {}  # (file, sheet, block) → last confirmed SheetMapping
        self.resize(1200, 760)
        self.runner = TaskRunner(self)

        self.steps = QListWidget()
        self.stack = QStackedWidget()
        self.data_page = DataPage(lang)
        self._add_step("step_data", self.data_page)
        self.result_pages: dict[str, ResultsPage] = {}
        for key, sheets in STEP_SHEETS.items():
            page = (
                LifecyclePage(sheets, lang)
                if key == "step_lifecycle"
                else ResultsPage(sheets, lang)
            )
            self.result_pages[key] = page
            self._add_step(key, page)
        self.judgement_page = JudgementPage(self.profile, lang)
        self._add_step("step_judgements", self.judgement_page)
        self.report_page = QLabel(tr("no_results", lang))
        self.report_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._add_step("step_report", self.report_page)
        self.steps.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.steps.setCurrentRow(0)
        self.steps.setMaximumWidth(200)

        split = QSplitter()
        split.addWidget(self.steps)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)

        menu = self.menuBar().addMenu(tr("menu_file", lang))
        bar = QToolBar()
        self.addToolBar(bar)
        self.act_new = menu.addAction(tr("new_project", lang), self.new_project)
        self.act_open = menu.addAction(tr("open_project", lang), self.open_project)
        self.act_save_as = menu.addAction(tr("save_as", lang), self.save_project_as)
        self.act_close = menu.addAction(tr("close_project", lang), self.close_project)
        for act in (self.act_new, self.act_open, self.act_save_as):
            bar.addAction(act)
        bar.addSeparator()
        self.act_import = bar.addAction(tr("import", lang), self.choose_files)
        self.act_sample = bar.addAction(tr("sample", lang), self.load_sample)
        self.act_mapping = bar.addAction(
            tr("review_mapping", lang), lambda: self.review_mappings(self.files, always_ask=True)
        )
        self.data_page.review_button.clicked.connect(self.act_mapping.trigger)
        self.act_answers = bar.addAction(tr("answers", lang), self.choose_answers)
        self.act_run = bar.addAction(tr("run", lang), self.run_assessment)
        self.act_export = bar.addAction(tr("export", lang), self.export_results)
        self.act_report = bar.addAction(tr("report", lang), self.build_report)
        for act in (
            self.act_import,
            self.act_sample,
            self.act_answers,
            self.act_run,
            self.act_export,
            self.act_report,
        ):
            menu.addAction(act)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(300)
        self.progress.hide()
        self.cancel_button = QPushButton(tr("cancel", lang))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)

        self.runner.progress.connect(self._on_progress)
        self.runner.busy_changed.connect(self._on_busy)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(
            lambda: self.statusBar().showMessage(tr("cancelled", lang), 5000)
        )
        self._on_done = None
        self.runner.done.connect(self._dispatch_done)
        self.data_page.settings_changed.connect(self._store_settings)
        self.judgement_page.changed.connect(
            lambda: (
                self.statusBar().showMessage(tr("results_stale", lang), 8000)
                if self.result is not None
                else None
            )
        )
        self.judgement_page.save_json_button.clicked.connect(self.save_answers_json)
        self.judgement_page.who_changed.connect(self.set_user_name)
        lifecycle = self.result_pages["step_lifecycle"]
        lifecycle.adjust_requested.connect(self.adjust_stage)
        lifecycle.clear_requested.connect(lambda code: self.adjust_stage(code, clearing=True))
        self._refresh_judgements()
        self._update_title()
        self._update_actions()

    # --- plumbing --------------------------------------------------------------------------
    def _add_step(self, key: str, page: QWidget) -> None:
        self.steps.addItem(tr(key, self.lang))
        self.stack.addWidget(page)

    def _start(self, on_done, func, *args, **kwargs) -> None:
        self._on_done = on_done
        self.runner.start(func, *args, **kwargs)

    def _dispatch_done(self, result) -> None:
        """Call the task's handler; a handler may return a status-bar message (else "done")."""
        handler, self._on_done = self._on_done, None
        message = handler(result) if handler is not None else None
        self.statusBar().showMessage(message or tr("done", self.lang), 10000 if message else 5000)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        if message:
            self.statusBar().showMessage(message)

    def _on_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress.setValue(0)
        self._update_actions()

    def tell(self, title: str, text: str, *, error: bool = False) -> None:
        """A window-modal message that does not block the event loop (kept in ``last_message``)."""
        self.last_message = (title, text)
        box = QMessageBox(
            QMessageBox.Icon.Critical if error else QMessageBox.Icon.Warning,
            title,
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, ProblemError):
            self.data_page.show_problems(exc.problems)
            self.steps.setCurrentRow(0)
            self.tell(
                tr("import_failed", self.lang),
                "\n".join(p.text(self.lang) for p in exc.problems[:10]),
            )
        else:
            self.tell(
                tr("failed", self.lang), tr("failed_detail", self.lang, log=log_file()), error=True
            )

    def _update_actions(self) -> None:
        busy = self.runner.busy
        for act in (
            self.act_new,
            self.act_open,
            self.act_import,
            self.act_sample,
            self.act_answers,
        ):
            act.setEnabled(not busy)
        self.act_save_as.setEnabled(
            not busy and (self.project is not None or self.data is not None)
        )
        self.act_close.setEnabled(not busy and self.project is not None)
        self.act_mapping.setEnabled(not busy and bool(self.files))
        self.data_page.review_button.setEnabled(not busy and bool(self.files))
        self.act_run.setEnabled(not busy and self.data is not None)
        self.act_export.setEnabled(not busy and self.result is not None)
        self.act_report.setEnabled(not busy and self.result is not None)

    def _update_title(self) -> None:
        name = self.project.path.stem if self.project is not None else tr("no_project", self.lang)
        self.setWindowTitle(f"{name} — {tr('app_title', self.lang)}")

    def _refresh_judgements(self) -> None:
        tables = self.result.tables if self.result is not None else {}
        self.judgement_page.set_context(self.judgements, self.who, self.data, tables)

    def _show_results(self, tables) -> None:
        for page in self.result_pages.values():
            page.show_tables(tables)
        self._refresh_judgements()

    # --- project ---------------------------------------------------------------------------
    def _project_path(self, save: bool, caption: str) -> str:
        ask = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        path, _ = ask(self, caption, "", tr("project_files", self.lang))
        if path and save and not path.lower().endswith(".cpa"):
            path += ".cpa"
        return path

    def _reset(self) -> None:
        """Forget the data, results and judgements of the window (before a new or opened project)."""
        self.data, self.result, self.files = None, None, []
        self.judgements = Judgements(self.project)
        self.data_page.clear()
        self._show_results({})

    def new_project(self, path: str | None = None, *, choose_data: bool | None = None) -> bool:
        """Create a project at ``path`` (asked when None), then import data (file chooser when asked)."""

        if path is None:
            path = self._project_path(True, tr("new_project", self.lang))
            choose_data = True if choose_data is None else choose_data
            if not path:
                return False
        self.close_project()
        try:
            self.project = projects.create_project(
                path, settings=self.settings().to_dict(), user=self.who
            )
        except ProblemError as exc:
            self.tell(
                tr("project_failed", self.lang), "\n".join(p.text(self.lang) for p in exc.problems)
            )
            return False
        self._reset()
        self._update_title()
        self._update_actions()
        self.statusBar().showMessage(tr("project_created", self.lang, path=path), 10000)
        if choose_data:
            self.choose_files()
        return True

    def open_project(self, path: str | None = None) -> bool:
        """Open a project and show its data, settings, answers, overrides and latest results."""

        if path is None:
            path = self._project_path(False, tr("open_project", self.lang))
            if not path:
                return False
        self.close_project()
        try:
            project = projects.open_project(path, user=self.who)
        except ProblemError as exc:
            self.tell(
                tr("project_failed", self.lang), "\n".join(p.text(self.lang) for p in exc.problems)
            )
            return False
        self.project = project
        self._reset()
        self._update_title()
        info = project.recover_info()
        if info.unclean:
            self.tell(
                tr("open_project", self.lang),
                tr(
                    "project_recovered",
                    self.lang,
                    opened=info.opened_at[:19],
                    who=info.user,
                    n=info.changes_kept,
                ),
            )

        def loaded(contents):
            if self.project is not project:
                return None
            self.data = contents.data
            if self.data is not None:
                self.data_page.show_data(self.data)
                self.data_page.apply_settings(contents.settings)
            self.files = []
            self.result = contents.result
            self._show_results(self.result.tables if self.result is not None else {})
            self._update_actions()
            return tr("project_opened", self.lang, path=str(project.path))

        self._start(loaded, projects.read_project, project)
        return True

    def save_project_as(self, path: str | None = None) -> bool:
        """Copy the open project to ``path`` and continue there; without a project, make one from
        the window's data, settings, answers, overrides and last results."""
        if path is None:
            path = self._project_path(True, tr("save_as", self.lang))
            if not path:
                return False
        try:
            if self.project is not None:
                self.project.save_as(path)
            else:
                self.project = projects.save_session_as(
                    path,
                    settings=self.settings(),
                    user=self.who,
                    data=self.data,
                    mappings=self.confirmed_mappings.values(),
                    judgements=self.judgements,
                    result=self.result,
                )
        except ProblemError as exc:
            self.tell(
                tr("project_failed", self.lang), "\n".join(p.text(self.lang) for p in exc.problems)
            )
            return False
        self._refresh_judgements()
        self._update_title()
        self._update_actions()
        self.statusBar().showMessage(tr("project_saved_as", self.lang, path=path), 10000)
        return True

    def close_project(self) -> None:
        """Close the open project (the window keeps showing nothing of it)."""
        if self.project is None:
            return
        self.runner.shutdown()
        self.project.close()
        self.project = None
        self._reset()
        self._update_title()
        self._update_actions()

    def set_user_name(self, name: str) -> None:
        """The name recorded with the next answers and overrides (remembered for this OS user)."""
        self.who = save_user_name(name)
        if self.project is not None:
            self.project.user = self.who
        self._refresh_judgements()

    def _store_settings(self) -> None:
        if self.project is not None and self.data is not None:
            try:
                self.project.update_settings(self.settings().to_dict())
            except ProblemError as exc:
                self.statusBar().showMessage(exc.problems[0].text(self.lang), 10000)

    # --- actions ---------------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, tr("import", self.lang), "", tr("workbooks", self.lang)
        )
        if files:
            self.review_mappings(files)

    def load_sample(self) -> None:
        from clusterpolicy.paths import resource

        self.load_answers(str(resource("samples", "sample_answers.json")))
        self.import_files([str(resource("samples", "sample_prefecture.xlsx"))])

    def choose_answers(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("answers", self.lang), "", tr("json_files", self.lang)
        )
        if path:
            self.load_answers(path)

    @property
    def answers(self):
        """The officials' answers as ``run_assessment`` takes them (knowledge.Answers)."""
        return self.judgements.to_answers(self.region_hint)

    def load_answers(self, path: str) -> None:
        """Read an answers JSON file or workbook and record every answer (into the project if open)."""
        from clusterpolicy.app.inputs import load_any_answers

        try:
            loaded = load_any_answers(path, self.profile)
            self.judgements.merge_answers(loaded, self.who)
        except ProblemError as exc:
            self._on_failed(exc)
            return
        self.region_hint = loaded.region_code or self.region_hint
        self._refresh_judgements()
        self.statusBar().showMessage(
            tr("answers_loaded", self.lang, n=len(loaded.industry_codes()), path=path), 8000
        )

    def save_answers_json(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("jd_save_json", self.lang), "answers.json", "JSON (*.json)"
            )
        if path:
            self.judgements.save_json(path, self.settings().focal_region or self.region_hint)
            self.statusBar().showMessage(tr("save_answers", self.lang, path=path), 8000)

    def mapping_store(self):
        """The per-user store of confirmed mappings (``user_data_dir() / "mappings"``)."""
        from clusterpolicy.app.imports import user_mapping_store

        return user_mapping_store()

    def import_files(self, files: list[str], mappings=None, *, message: str | None = None) -> None:
        """Import ``files`` in the background (and save them into the open project). Without
        ``mappings`` each block takes its remembered mapping (same layout signature) or the
        detected one; the status bar says when a saved mapping was used."""
        from clusterpolicy.app.imports import import_data

        self.files = list(files)
        project = self.project

        def imported(result):
            self.data = result.data
            self.result = None
            self.data_page.show_data(self.data)
            if self.region_hint:
                self.data_page.apply_settings({"focal_region": self.region_hint})
            self._store_settings()
            self._show_results({})
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
            project=project,
        )

    def review_mappings(self, files: list[str], *, always_ask: bool = False) -> None:
        """Propose the mappings of ``files`` in the background; import at once when every block
        has a remembered mapping (unless ``always_ask``), else open the mapping dialog."""
        from clusterpolicy.app.mapping_review import propose_for_review

        if not files:
            return
        self.files = list(files)
        store = self.mapping_store()

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

    def settings(self):
        from clusterpolicy.app.assessment import AssessmentSettings

        page = self.data_page
        return AssessmentSettings(
            focal_region=page.focal.currentData(),
            reference_code=page.reference.currentData(),
            base_year=page.base_year.value(),
            end_year=page.end_year.value(),
            lang=self.lang,
        )

    def run_assessment(self) -> None:
        """Run the assessment with the current answers and overrides (and store it in the project)."""
        from clusterpolicy.app.assessment import assess_and_store

        def assessed(result):
            self.result = result
            self._show_results(result.tables)
            if self.stack.currentWidget() is not self.result_pages["step_lifecycle"]:
                self.steps.setCurrentRow(1)
            self._update_actions()

        settings = self.settings()
        if settings.focal_region is None and self.region_hint:
            settings.focal_region = self.region_hint
        self._start(
            assessed,
            assess_and_store,
            self.data,
            settings,
            self.profile,
            answers=self.judgements.to_answers(settings.focal_region or ""),
            overrides=self.judgements.overrides_for_run(),
            inputs=[Path(f).name for f in self.files],
            project=self.project,
        )

    def adjust_stage(self, code: str, *, clearing: bool = False) -> None:
        """Open the (window-modal, non-blocking) stage dialog for cluster ``code``; OK stores the
        override (or its removal) with the reason and re-runs the assessment."""
        from clusterpolicy.gui.override_dialog import StageOverrideDialog

        page = self.result_pages["step_lifecycle"]
        name = self.data.industry_name(code, self.lang) if self.data is not None else ""
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
        if self.data is not None:
            self.run_assessment()

    def export_results(self) -> None:
        from clusterpolicy.app.outputs import write_results

        path, _ = QFileDialog.getSaveFileName(
            self, tr("export", self.lang), "results.xlsx", "Excel (*.xlsx)"
        )
        if path:
            write_results(path, self.result)
            self.statusBar().showMessage(tr("results_written", self.lang, path=path), 8000)

    def build_report(self, path: str | None = None) -> None:
        from clusterpolicy.app.outputs import write_report

        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("report", self.lang), "report.pdf", "PDF (*.pdf)"
            )
        if not path:
            return

        def written(out):
            self.report_page.setText(tr("report_written", self.lang, path=str(out)))
            self.steps.setCurrentRow(self.steps.count() - 1)

        self._start(written, write_report, path, self.result, lang=self.lang)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.runner.shutdown()
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(event)
