"""The report step: options (language, preparing unit), "生成报告…", the preview of the written
report (:mod:`clusterpolicy.gui.pdf_preview`), "在系统查看器中打开" and "打印…"."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from clusterpolicy.gui.pages.base import StepPage
from clusterpolicy.gui.pdf_preview import PdfPreview
from clusterpolicy.gui.texts import tr


class ReportPage(StepPage):
    key = "report"

    def __init__(self, window):
        super().__init__(window)
        lang = self.lang
        self.report_lang = QComboBox()
        self.report_lang.addItem(tr("lang_zh", lang), "zh")
        self.report_lang.addItem(tr("lang_en", lang), "en")
        self.report_lang.setCurrentIndex(1 if lang == "en" else 0)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(tr("report_unit_hint", lang))
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
        form = QFormLayout()
        form.addRow(tr("report_lang", lang), self.report_lang)
        form.addRow(tr("report_unit", lang), self.unit)
        form.addRow("", self.build_button)
        self.layout_.addLayout(form)
        self.layout_.addWidget(self.written)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.preview, 1)

    def options(self) -> dict:
        return {"lang": self.report_lang.currentData(), "preparing_unit": self.unit.text().strip()}

    def refresh(self) -> None:
        super().refresh()
        self.build_button.setEnabled(
            self.window_.result is not None and not self.window_.runner.busy
        )
        self.print_button.setEnabled(
            bool(self.path) and self.preview.page_count > 0 and not self.window_.runner.busy
        )

    def report_written(self, path: str) -> None:
        self.path = path
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
