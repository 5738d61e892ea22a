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
        self.review_button = QPushButton(tr("review_mapping", lang))
        self.review_button.setToolTip(tr("review_mapping_tip", lang))
        self.review_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.review_button)
        self.layout_.addLayout(top)
        self.layout_.addLayout(form)
        self.layout_.addWidget(QLabel(tr("problems", lang)))
        self.layout_.addWidget(self.problems, 1)
        self._filling = False
        for box in (self.focal, self.reference):
            box.currentIndexChanged.connect(self._changed)
        for box in (self.base_year, self.end_year):
            box.valueChanged.connect(self._changed)
        self.effects.toggled.connect(self._changed)

    def _changed(self, *_args) -> None:
        if not self._filling:
            self.settings_changed.emit()

    def clear(self) -> None:
        self._filling = True
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

    def show_problems(self, problems) -> None:
        self.problems.model().set_frame(_problem_frame(problems, self.lang), _HEADERS[self.lang])
        self.problems._show_columns(True)
        self.problems._update_count()

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
            self.focal.addItem(f"{code} {data.region_name(code, self.lang)}", code)
        if len(data.reference_data):
            for code in sorted(set(data.reference_data["region_code"].astype(str))):
                self.reference.addItem(f"{code} {data.region_name(code, self.lang)}", code)
        if s["years"]:
            self.base_year.setValue(s["years"][0])
            self.end_year.setValue(s["years"][-1])
        self.show_problems(data.warnings)
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
