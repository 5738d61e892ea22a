"""The report step: the chosen options in one line with "报告选项…" (the dialog of
:mod:`clusterpolicy.gui.report_options`), "生成报告…", the preview of the written report
(:mod:`clusterpolicy.gui.pdf_preview`), "在系统查看器中打开" and "打印…".

The options live in the page; with a project open they are also stored in it (setting
``report_options``), so reopening the project restores them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from clusterpolicy.gui.pages.base import StepPage
from clusterpolicy.gui.pdf_preview import PdfPreview
from clusterpolicy.gui.texts import tr
from clusterpolicy.messages import ProblemError

SETTING = "report_options"


class ReportPage(StepPage):
    key = "report"

    def __init__(self, window):
        super().__init__(window)
        from clusterpolicy.gui.report_options import default_options

        lang = self.lang
        self._options = default_options(lang)
        self._project = None  # the project whose options the page shows
        self.options_dialog = None
        self.options_line = QLabel()
        self.options_line.setWordWrap(True)
        self.options_line.setTextFormat(Qt.TextFormat.PlainText)
        self.options_button = QPushButton(tr("ro_button", lang))
        self.options_button.clicked.connect(self.edit_options)
        self.build_button = QPushButton(tr("report", lang))
        self.build_button.clicked.connect(lambda: window.build_report())
        self.written = QLabel(tr("no_report", lang))
        self.written.setWordWrap(True)
        self.open_button = QPushButton(tr("pv_open", lang))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_report)
        self.print_button = QPushButton(tr("print", lang))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_report)
        self.preview = PdfPreview(lang)
        self.preview.page_count_changed.connect(lambda _n: self.refresh())
        self.path = ""
        self.written_for = None
        row = QHBoxLayout()
        row.addWidget(self.options_button)
        row.addWidget(self.build_button)
        row.addStretch(1)
        self.layout_.addWidget(self.options_line)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.written)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.preview, 1)
        self._show_options()

    # --- options ------------------------------------------------------------------------------
    def options(self) -> dict:
        """{lang, preparing_unit, signer, report_date (ISO), chapters (keys, or None: all)}."""
        return dict(self._options)

    def changed_options(self) -> bool:
        """Whether the options differ from the defaults (the language switch carries them)."""
        from clusterpolicy.gui.report_options import default_options

        return self._options != default_options(self.lang)

    def set_options(self, options: dict, *, remember: bool = True) -> None:
        """Take ``options`` (cleaned); store them in the open project when ``remember``."""
        from clusterpolicy.gui.report_options import clean_options

        self._options = clean_options(options, self.lang)
        self._show_options()
        project = self.window_.project
        if remember and project is not None:
            try:
                project.set_setting(SETTING, self._options, who=self.window_.who)
            except ProblemError as exc:
                self.window_.statusBar().showMessage(exc.problems[0].text(self.lang), 10000)
        self._project = project

    def _show_options(self) -> None:
        from clusterpolicy.gui.report_options import date_text

        o, lang = self._options, self.lang
        if o["chapters"] is None:
            chapters = tr("ro_all", lang)
        else:
            from clusterpolicy.app.outputs import report_chapters

            sep = "、" if lang != "en" else ", "
            out = [t for k, t, _ in report_chapters(lang) if k not in o["chapters"]]
            chapters = tr("ro_left_out", lang, v=sep.join(out)) if out else tr("ro_all", lang)
        blank = tr("ro_blank", lang)
        self.options_line.setText(
            tr(
                "ro_line",
                lang,
                language=tr("lang_en" if o["lang"] == "en" else "lang_zh", lang),
                chapters=chapters,
                unit=o["preparing_unit"] or blank,
                signer=o["signer"] or blank,
                date=date_text(o["report_date"], lang),
            )
        )

    def edit_options(self) -> None:
        """Open the (window-modal, non-blocking) options dialog; OK takes its options."""
        from clusterpolicy.gui.report_options import ReportOptionsDialog

        dlg = ReportOptionsDialog(self._options, self.lang, self.window())
        dlg.accepted.connect(lambda: self.set_options(dlg.options()))
        dlg.finished.connect(lambda _r: setattr(self, "options_dialog", None))
        self.options_dialog = dlg
        dlg.open()

    def _follow_project(self) -> None:
        """A project opened (or made) since the last look: show its stored options, or store
        the page's in it; the project closed: back to the defaults."""
        project = self.window_.project
        if project is self._project:
            return
        if project is None:
            from clusterpolicy.gui.report_options import default_options

            self._project = None
            self._options = default_options(self.lang)
            self._show_options()
            return
        try:
            stored = project.setting(SETTING)
        except ProblemError as exc:  # a damaged stored value: the defaults, and say so
            stored = None
            self.window_.statusBar().showMessage(exc.problems[0].text(self.lang), 10000)
        if stored:
            self.set_options(stored, remember=False)
        else:  # options chosen before the project was made go into it; defaults write nothing
            self.set_options(self._options, remember=self.changed_options())

    def refresh(self) -> None:
        super().refresh()
        self._follow_project()
        self.build_button.setEnabled(
            self.window_.result is not None and not self.window_.runner.busy
        )
        self.print_button.setEnabled(
            bool(self.path) and self.preview.page_count > 0 and not self.window_.runner.busy
        )

    def report_written(self, path: str) -> None:
        self.path = path
        self.written_for = self.window_.result  # the results it was written from
        self.written.setText(tr("report_written", self.lang, path=path))
        self.open_button.setEnabled(True)
        self.preview.load(path)
        self.refresh()

    def open_report(self) -> None:
        """The PDF in the system's viewer."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if self.path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.path))

    def print_report(self) -> None:
        """The system's print dialog, then the pages printed in the background."""
        from clusterpolicy.gui.pdf_print import print_report

        if self.path:
            print_report(self.window_, self.path, self.preview, self, self.lang)
