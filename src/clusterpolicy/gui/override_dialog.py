"""The "adjust life-cycle stage" dialog: the computed stage with its evidence, a stage to set and
a required written reason (OK stays disabled until a reason is typed). With ``clearing=True``
the same dialog asks only for the reason of going back to the computed stage."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from clusterpolicy.gui.screen import fit_to_screen
from clusterpolicy.gui.texts import tr
from clusterpolicy.model.vocabulary import STAGES
from clusterpolicy.text.labels import label


def stage_label(stage: str | None, lang: str = "zh") -> str:
    if not stage:
        return "—"
    return label(stage, lang)


class StageOverrideDialog(QDialog):
    """Collects ``stage`` and ``reason`` for cluster ``code``; read them after ``accepted``."""

    def __init__(
        self,
        code: str,
        name: str,
        row: dict,
        lang: str = "zh",
        parent=None,
        *,
        clearing: bool = False,
    ):
        super().__init__(parent)
        self.lang, self.code, self.clearing = lang, code, clearing
        self.setWindowTitle(
            tr("ov_clear_title" if clearing else "ov_title", lang, code=code, name=name)
        )
        zh = lang == "zh"
        computed = row.get("computed_stage") or row.get("stage")
        form = QFormLayout()
        form.addRow(tr("ov_cluster", lang), QLabel(f"{code} {name}"))
        form.addRow(tr("ov_computed", lang), QLabel(stage_label(computed, lang)))
        if row.get("override_stage"):
            form.addRow(
                tr("ov_current", lang),
                QLabel(
                    f"{stage_label(row.get('override_stage'), lang)} — {row.get('override_reason') or ''}"
                ),
            )
        for key, col in (("ov_for", "evidence_for"), ("ov_against", "evidence_against")):
            text = str(row.get(f"{col}_{'zh' if zh else 'en'}") or row.get(col) or "—")
            box = QPlainTextEdit(text)
            box.setReadOnly(True)
            box.setMaximumHeight(120)
            form.addRow(tr(key, lang), box)
        self.stage = QComboBox()
        for st in STAGES:
            self.stage.addItem(stage_label(st, lang), st)
        current = row.get("override_stage") or computed
        if current in STAGES:
            self.stage.setCurrentIndex(STAGES.index(current))
        if not clearing:
            form.addRow(tr("ov_new_stage", lang), self.stage)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(tr("ov_reason_hint", lang))
        self.reason.setMaximumHeight(90)
        form.addRow(tr("ov_reason", lang), self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("ov_clear_ok" if clearing else "ov_ok", lang))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("cancel", lang))
        self.reason.textChanged.connect(self._update_ok)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        fit_to_screen(self, 680, 480)
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.reason_text()))

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def chosen_stage(self) -> str:
        return str(self.stage.currentData())
