"""The main window: a step list on the left, one page per step, a progress bar with Cancel.

Every long piece of work (proposing mappings, import, assessment, report) runs through
:class:`TaskRunner`, so the window never freezes; the engine functions it calls are the same ones
the command line uses.

Importing chosen files: the mappings are proposed in the background; when every table block has
a remembered mapping the import runs at once (the status bar says a saved mapping was used),
otherwise the column-mapping dialog (:mod:`mapping_dialog`) opens. Confirming it saves the
mappings to the per-user store and imports with them. "Check column mapping…" opens the dialog
for the current files at any time.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt
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
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from clusterpolicy.gui.table_model import DataFrameModel
from clusterpolicy.gui.tasks import TaskRunner
from clusterpolicy.gui.texts import tr
from clusterpolicy.messages import ProblemError

# step key → result sheets shown on that step's page
STEP_SHEETS = {
    "step_identification": ["clusters", "lq", "specialization", "concentration", "shift_share"],
    "step_lifecycle": ["lifecycle"],
    "step_upgrading": ["upgrading_summary", "upgrading"],
    "step_equalization": ["equalization", "inequality", "agglomeration_threshold", "scenario", "transfers"],
    "step_policy": ["actions", "red_flags", "roles", "policy_quality", "profile"],
}


_SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}


def _table_view(df: pd.DataFrame, lang: str) -> QTableView:
    from clusterpolicy.io.result_labels import column_label

    headers = {c: column_label(str(c))[0 if lang == "zh" else 1] for c in df.columns}
    view = QTableView()
    model = DataFrameModel(df, headers, view)
    view.setModel(model)
    view.setSortingEnabled(False)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.resizeColumnsToContents()
    return view


class ResultsPage(QWidget):
    def __init__(self, sheets: list[str], lang: str):
        super().__init__()
        self.sheets, self.lang = sheets, lang
        self.tabs = QTabWidget()
        self.empty = QLabel(tr("no_results", lang))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(self)
        lay.addWidget(self.empty)
        lay.addWidget(self.tabs)
        self.tabs.hide()

    def show_tables(self, tables: dict[str, pd.DataFrame]) -> None:
        self.tabs.clear()
        for name in self.sheets:
            df = tables.get(name)
            if df is not None:
                self.tabs.addTab(_table_view(df, self.lang), name)
        has = self.tabs.count() > 0
        self.tabs.setVisible(has)
        self.empty.setVisible(not has)


class DataPage(QWidget):
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

    def show_problems(self, problems) -> None:
        zh = self.lang == "zh"
        rows = []
        for p in problems:
            fix = p.fix_zh if zh else p.fix_en
            rows.append({
                "severity": _SEVERITY.get(str(p.severity), (str(p.severity),) * 2)[0 if zh else 1],
                "where": p.location(self.lang),
                "message": (p.message_zh if zh else p.message_en) + (f" {fix}" if fix else ""),
            })
        headers = {"severity": "级别", "where": "位置", "message": "问题与处理办法"} if zh else None
        self.problems.model().set_frame(pd.DataFrame(rows, columns=["severity", "where", "message"]), headers)
        self.problems.resizeColumnsToContents()

    def show_data(self, data) -> None:
        s = data.summary()
        years = f"{s['years'][0]}–{s['years'][-1]}" if s["years"] else "—"
        self.summary.setText(
            tr("imported", self.lang, regions=s["regions"], industries=s["industries"], years=years, warnings=s["warnings"])
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


class MainWindow(QMainWindow):
    def __init__(self, lang: str = "zh"):
        super().__init__()
        self.lang = lang
        self.data = None
        self.result = None
        self.answers = None  # officials' judgements (knowledge.Answers), loaded from a JSON file
        self.files: list[str] = []
        self.mapping_dialog = None  # the open column-mapping dialog, if any
        self.confirmed_mappings: dict[tuple, object] = {}  # (file, sheet, block) → last confirmed SheetMapping
        self.setWindowTitle(tr("app_title", lang))
        self.resize(1200, 760)
        self.runner = TaskRunner(self)

        self.steps = QListWidget()
        self.stack = QStackedWidget()
        self.data_page = DataPage(lang)
        self._add_step("step_data", self.data_page)
        self.result_pages: dict[str, ResultsPage] = {}
        for key, sheets in STEP_SHEETS.items():
            page = ResultsPage(sheets, lang)
            self.result_pages[key] = page
            self._add_step(key, page)
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

        bar = QToolBar()
        self.addToolBar(bar)
        self.act_import = bar.addAction(tr("import", lang), self.choose_files)
        self.act_sample = bar.addAction(tr("sample", lang), self.load_sample)
        self.act_mapping = bar.addAction(tr("review_mapping", lang), lambda: self.review_mappings(self.files, always_ask=True))
        self.data_page.review_button.clicked.connect(self.act_mapping.trigger)
        self.act_answers = bar.addAction(tr("answers", lang), self.choose_answers)
        self.act_run = bar.addAction(tr("run", lang), self.run_assessment)
        self.act_export = bar.addAction(tr("export", lang), self.export_results)
        self.act_report = bar.addAction(tr("report", lang), self.build_report)

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
        self.runner.cancelled.connect(lambda: self.statusBar().showMessage(tr("cancelled", lang), 5000))
        self._on_done = None
        self.runner.done.connect(self._dispatch_done)
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

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, ProblemError):
            self.data_page.show_problems(exc.problems)
            self.steps.setCurrentRow(0)
            QMessageBox.warning(self, tr("import_failed", self.lang), "\n".join(p.text(self.lang) for p in exc.problems[:10]))
        else:
            QMessageBox.critical(self, tr("failed", self.lang), f"{type(exc).__name__}: {exc}")

    def _update_actions(self) -> None:
        busy = self.runner.busy
        self.act_import.setEnabled(not busy)
        self.act_sample.setEnabled(not busy)
        self.act_mapping.setEnabled(not busy and bool(self.files))
        self.data_page.review_button.setEnabled(not busy and bool(self.files))
        self.act_run.setEnabled(not busy and self.data is not None)
        self.act_export.setEnabled(not busy and self.result is not None)
        self.act_report.setEnabled(not busy and self.result is not None)

    # --- actions ---------------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, tr("import", self.lang), "", tr("workbooks", self.lang))
        if files:
            self.review_mappings(files)

    def load_sample(self) -> None:
        from clusterpolicy.paths import resource

        self.load_answers(str(resource("samples", "sample_answers.json")))
        self.import_files([str(resource("samples", "sample_prefecture.xlsx"))])

    def choose_answers(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("answers", self.lang), "", tr("json_files", self.lang))
        if path:
            self.load_answers(path)

    def load_answers(self, path: str) -> None:
        from clusterpolicy.knowledge import load_profile
        from clusterpolicy.workflow import load_any_answers

        try:
            self.answers = load_any_answers(path, load_profile())
        except ProblemError as exc:
            self._on_failed(exc)
            return
        self.statusBar().showMessage(
            tr("answers_loaded", self.lang, n=len(self.answers.industry_codes()), path=path), 8000)

    def mapping_store(self):
        """The per-user store of confirmed mappings (``user_data_dir() / "mappings"``)."""
        from clusterpolicy.gui.mapping_proposals import user_store

        return user_store()

    def import_files(self, files: list[str], mappings=None, *, message: str | None = None) -> None:
        """Import ``files`` in the background. Without ``mappings`` each block takes its remembered
        mapping (same layout signature) or the detected one; the status bar says when a saved
        mapping was used."""
        from clusterpolicy.io.importer import import_files

        self.files = list(files)

        def imported(result):
            self.data = result.data
            self.result = None
            self.data_page.show_data(self.data)
            self._update_actions()
            if message:
                return message
            n_saved = sum(1 for m in result.mappings if m.confirmed)
            return tr("used_saved", self.lang, n=n_saved) if mappings is None and n_saved else None

        self._start(imported, import_files, self.files, mappings=mappings, mapping_store=self.mapping_store())

    def review_mappings(self, files: list[str], *, always_ask: bool = False) -> None:
        """Propose the mappings of ``files`` in the background; import at once when every block
        has a remembered mapping (unless ``always_ask``), else open the mapping dialog."""
        from clusterpolicy.gui.mapping_proposals import propose_for_review

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
                self.import_files(self.files, [p.mapping for p in proposals],
                                  message=tr("used_saved", self.lang, n=len(proposals)))
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
        self.confirmed_mappings = {k: m for k, m in self.confirmed_mappings.items() if m.signature != signature}
        self.statusBar().showMessage(tr("mapping_forgotten", self.lang), 5000)

    def _mappings_confirmed(self, dlg) -> None:
        from clusterpolicy.gui.mapping_proposals import remember_mappings

        mappings = dlg.result_mappings()
        self.confirmed_mappings.update({(m.file, m.sheet, m.block): copy.deepcopy(m) for m in mappings})
        if dlg.remember:
            n = remember_mappings(dlg.store, mappings, dlg.edited_indices())
            message = tr("mapping_saved", self.lang, n=n)
        else:
            message = tr("mapping_confirmed", self.lang)
        self.import_files(self.files, mappings, message=message)

    def settings(self):
        from clusterpolicy.assess.settings import AssessmentSettings

        page = self.data_page
        return AssessmentSettings(
            focal_region=page.focal.currentData(),
            reference_code=page.reference.currentData(),
            base_year=page.base_year.value(),
            end_year=page.end_year.value(),
            lang=self.lang,
        )

    def run_assessment(self) -> None:
        from clusterpolicy.assess.pipeline import run_assessment

        def assessed(result):
            self.result = result
            for page in self.result_pages.values():
                page.show_tables(result.tables)
            self.steps.setCurrentRow(1)
            self._update_actions()

        self._start(assessed, run_assessment, self.data, self.settings(), answers=self.answers,
                    inputs=[Path(f).name for f in self.files])

    def export_results(self) -> None:
        from clusterpolicy.io.export import write_results_workbook

        path, _ = QFileDialog.getSaveFileName(self, tr("export", self.lang), "results.xlsx", "Excel (*.xlsx)")
        if path:
            write_results_workbook(path, self.result.tables, self.result.meta)
            self.statusBar().showMessage(tr("results_written", self.lang, path=path), 8000)

    def build_report(self, path: str | None = None) -> None:
        from clusterpolicy.report.builder import build_report

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, tr("report", self.lang), "report.pdf", "PDF (*.pdf)")
        if not path:
            return

        def written(out):
            self.report_page.setText(tr("report_written", self.lang, path=str(out)))
            self.steps.setCurrentRow(self.steps.count() - 1)

        self._start(written, build_report, self.result.tables, self.result.meta, path, lang=self.lang)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.runner.shutdown()
        super().closeEvent(event)
