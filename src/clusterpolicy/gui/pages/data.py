"""The data step: what was imported, the focal region, reference area and years, the problems."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from clusterpolicy.gui.data_table import DataTable
from clusterpolicy.gui.pages.base import StepPage
from clusterpolicy.gui.texts import tr
from clusterpolicy.text.labels import label


class DataPage(StepPage):
    key = "data"
    settings_changed = Signal()  # the user changed the focal region, reference or years

    def __init__(self, window):
        super().__init__(window)
        lang = self.lang
        self.summary = QLabel(tr("no_data", lang))
        self.summary.setWordWrap(True)
        self.focal = QComboBox()
        self.reference = QComboBox()
        self.base_year = QSpinBox()
        self.end_year = QSpinBox()
        for box in (self.base_year, self.end_year):
            box.setRange(1949, 2100)
        self.effects = QCheckBox(tr("welfare_effects", lang))
        form = QFormLayout()
        form.addRow(tr("focal", lang), self.focal)
        form.addRow(tr("reference", lang), self.reference)
        years = QHBoxLayout()
        years.addWidget(QLabel(tr("base_year", lang)))
        years.addWidget(self.base_year)
        years.addWidget(QLabel(tr("end_year", lang)))
        years.addWidget(self.end_year)
        years.addStretch(1)
        years.addWidget(self.effects)
        form.addRow(years)
        self.problems = DataTable("problems", _problem_frame([], lang), lang)
        self.problems.view.setToolTip(tr("problems_jump_tip", lang))
        self.problems.view.doubleClicked.connect(self._problem_clicked)
        self._problems: list = []
        self.tables = QTabWidget()  # the problems, then a browser of each imported table
        self.tables.setDocumentMode(True)
        self.tables.addTab(self.problems, tr("problems", lang))
        self.tables.currentChanged.connect(self._fill_table)
        self._data_tabs: list[str] = []
        self.template_button = QPushButton(tr("template", lang))
        self.template_button.setToolTip(tr("template_tip", lang))
        self.template_button.clicked.connect(lambda: window.save_template())
        self.review_button = QPushButton(tr("review_mapping", lang))
        self.review_button.setToolTip(tr("review_mapping_tip", lang))
        self.review_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.template_button)
        top.addWidget(self.review_button)
        self.layout_.addLayout(top)
        self.layout_.addLayout(form)
        self.layout_.addWidget(self.tables, 1)
        self._filling = False
        for box in (self.focal, self.reference):
            box.currentIndexChanged.connect(self._changed)
        for box in (self.base_year, self.end_year):
            box.valueChanged.connect(self._changed)
        self.effects.toggled.connect(self._changed)

    def _changed(self, *_args) -> None:
        if not self._filling:
            self.settings_changed.emit()

    def _show_tables(self, data) -> None:
        """One tab per non-empty imported table, filled when first shown."""
        from clusterpolicy.model.tables import TABLES

        while self.tables.count() > 1:
            w = self.tables.widget(1)
            self.tables.removeTab(1)
            w.deleteLater()
        self._data_tabs = []
        self._data = data
        if data is None:
            return
        for name, df in data.tables().items():
            if df is not None and len(df):
                spec = TABLES.get(name)
                title = (spec.label_en if self.lang == "en" else spec.label_zh) if spec else name
                self.tables.addTab(QWidget(), f"{title} ({len(df):,})")
                self._data_tabs.append(name)

    def _fill_table(self, i: int) -> None:
        if i < 1 or i > len(self._data_tabs) or isinstance(self.tables.widget(i), DataTable):
            return
        name = self._data_tabs[i - 1]
        table = DataTable(name, self._data.tables()[name], self.lang, names=self.window_.code_name)
        table._show_columns(True)
        old, title = self.tables.widget(i), self.tables.tabText(i)
        self.tables.blockSignals(True)
        self.tables.removeTab(i)
        self.tables.insertTab(i, table, title)
        self.tables.setCurrentIndex(i)
        self.tables.blockSignals(False)
        old.deleteLater()

    def table(self, name: str):
        """The browser tab of imported table ``name`` (filled on first use), or None."""
        if name not in self._data_tabs:
            return None
        i = self._data_tabs.index(name) + 1
        self._fill_table(i)
        return self.tables.widget(i)

    def clear(self) -> None:
        self._filling = True
        self._show_tables(None)
        self.summary.setText(tr("no_data", self.lang))
        self.focal.clear()
        self.reference.clear()
        self.show_problems([])
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
        if "welfare_effects" in values:
            self.effects.setChecked(bool(values["welfare_effects"]))
        self._filling = False

    def _problem_clicked(self, index) -> None:
        """A double-click on a problem shows its cell in the source sheet (when it names one)."""
        if not index.isValid():
            return
        i = self.problems.model().frame_row(index.row())
        if 0 <= i < len(self._problems):
            self.window_.show_source_cell(self._problems[i])

    def show_problems(self, problems) -> None:
        self._problems = list(problems)
        self.problems.model().set_frame(_problem_frame(problems, self.lang), _HEADERS[self.lang])
        self.problems._show_columns(True)
        self.problems._update_count()

    def show_data(self, data) -> None:
        self._filling = True
        s = data.summary()
        years = f"{s['years'][0]}–{s['years'][-1]}" if s["years"] else "—"
        notes = sum(1 for p in data.warnings if str(p.severity) == "info")
        self.summary.setText(
            tr(
                "imported",
                self.lang,
                regions=s["regions"],
                industries=s["industries"],
                years=years,
                warnings=len(data.warnings) - notes,
                notes=notes,
            )
        )
        self.focal.clear()
        self.reference.clear()
        self.reference.addItem(tr("reference_auto", self.lang), None)
        names = data.region_names(self.lang)
        for code in data.region_codes():
            self.focal.addItem(f"{code} {names.get(code, code)}", code)
        if len(data.reference_data):
            for code in sorted(set(data.reference_data["region_code"].astype(str))):
                self.reference.addItem(f"{code} {names.get(code, code)}", code)
        if s["years"]:
            self.base_year.setValue(s["years"][0])
            self.end_year.setValue(s["years"][-1])
        self.show_problems(data.warnings)
        self._show_tables(data)
        self._filling = False


_HEADERS = {
    "zh": {"severity": "级别", "where": "位置", "message": "问题与处理办法"},
    "en": {"severity": "Severity", "where": "Where", "message": "Problem and what to do"},
}


def _problem_frame(problems, lang: str) -> pd.DataFrame:
    zh = lang != "en"
    rows = []
    for p in problems:
        fix = p.fix_zh if zh else p.fix_en
        rows.append(
            {
                "severity": label(str(p.severity), lang),
                "where": p.location(lang),
                "message": (p.message_zh if zh else p.message_en) + (f" {fix}" if fix else ""),
            }
        )
    return pd.DataFrame(rows, columns=["severity", "where", "message"])
