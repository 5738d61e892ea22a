"""The report-options dialog: language, the chapters to print, 编制单位, 签发人 and the date.

The layout is the Qt Designer form ``ui/report_options.ui`` (found with
:func:`clusterpolicy.paths.ui_dir`), loaded with ``QUiLoader`` when the dialog opens; every
text is set here from :mod:`clusterpolicy.gui.texts`, so one form serves zh and en. The
chapters and which of them cannot be left out come from the application layer
(:func:`clusterpolicy.app.outputs.report_chapters`); this module only shows and collects.

Options are a plain dict (what :meth:`ReportPage.options` returns and the project stores):
``lang``, ``preparing_unit``, ``signer``, ``report_date`` (ISO text) and ``chapters`` (the
keys to print, or None for all).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QFile, QIODevice, QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clusterpolicy.gui.screen import fit_to_screen
from clusterpolicy.gui.texts import tr

FORM = "report_options.ui"
KEYS = ("lang", "preparing_unit", "signer", "report_date", "chapters")
DATE_FORMAT = {"zh": "yyyy年M月d日", "en": "yyyy-MM-dd"}


def form_path() -> Path:
    """``ui/report_options.ui`` wherever the app runs from (checkout, wheel, bundle)."""
    from clusterpolicy.paths import ui_dir

    return ui_dir() / FORM


def load_form(parent: QWidget | None = None) -> QWidget:
    """The form's widget tree, built by ``QUiLoader`` from the ``.ui`` file."""
    from PySide6.QtUiTools import QUiLoader

    loader = QUiLoader()
    f = QFile(str(form_path()))
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"{form_path()}: {f.errorString()}")
    try:
        widget = loader.load(f, parent)
    finally:
        f.close()
    if widget is None:
        raise RuntimeError(f"{form_path()}: {loader.errorString()}")
    return widget


def default_options(lang: str = "zh") -> dict:
    """All chapters, the window's language, today's date, no unit and no signer."""
    return {
        "lang": "en" if lang == "en" else "zh",
        "preparing_unit": "",
        "signer": "",
        "report_date": date.today().isoformat(),
        "chapters": None,
    }


def clean_options(values: object, lang: str = "zh") -> dict:
    """Options read back from a project (or anywhere): unknown keys and values of the wrong
    kind fall back to the defaults, so a damaged setting never stops the page."""
    out = default_options(lang)
    if not isinstance(values, dict):
        return out
    if values.get("lang") in ("zh", "en"):
        out["lang"] = values["lang"]
    for key in ("preparing_unit", "signer"):
        if isinstance(values.get(key), str):
            out[key] = values[key].strip()
    d = values.get("report_date")
    if isinstance(d, str) and QDate.fromString(d, "yyyy-MM-dd").isValid():
        out["report_date"] = d
    ch = values.get("chapters")
    if isinstance(ch, list) and all(isinstance(k, str) for k in ch):
        out["chapters"] = list(ch)
    return out


def date_text(iso: str, lang: str) -> str:
    """ "2026年12月3日" (zh) / "2026-12-03" (en) for the page's options line."""
    d = QDate.fromString(iso or "", "yyyy-MM-dd")
    return d.toString(DATE_FORMAT["en" if lang == "en" else "zh"]) if d.isValid() else "—"


class ReportOptionsDialog(QDialog):
    """The dialog; read :meth:`options` after ``accepted``. The form's widgets are attributes
    (``lang_combo``, ``unit_edit``, ``signer_edit``, ``date_edit``, ``chapter_list``,
    ``buttons``)."""

    def __init__(self, options: dict, lang: str = "zh", parent=None):
        super().__init__(parent)
        self.lang = lang
        self.setWindowTitle(tr("ro_title", lang))
        self.form = load_form(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        find = self.form.findChild
        self.intro = find(QLabel, "intro")
        self.lang_combo = find(QComboBox, "lang_combo")
        self.unit_edit = find(QLineEdit, "unit_edit")
        self.signer_edit = find(QLineEdit, "signer_edit")
        self.date_edit = find(QDateEdit, "date_edit")
        self.chapters_box = find(QGroupBox, "chapters_box")
        self.chapter_list = find(QListWidget, "chapter_list")
        self.mandatory_note = find(QLabel, "mandatory_note")
        self.problem = find(QLabel, "problem")
        self.buttons = find(QDialogButtonBox, "buttons")
        self._texts()
        self.set_options(options)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        fit_to_screen(self, 600, 620)

    def _texts(self) -> None:
        """Every visible text of the form, in the dialog's language."""
        from clusterpolicy.app.outputs import report_chapters

        lang = self.lang
        self.intro.setText(tr("ro_intro", lang))
        for name, key in (
            ("lang_label", "report_lang"),
            ("unit_label", "report_unit"),
            ("signer_label", "ro_signer"),
            ("date_label", "ro_date"),
        ):
            self.form.findChild(QLabel, name).setText(tr(key, lang))
        self.lang_combo.addItem(tr("lang_zh", lang), "zh")
        self.lang_combo.addItem(tr("lang_en", lang), "en")
        self.unit_edit.setPlaceholderText(tr("report_unit_hint", lang))
        self.signer_edit.setPlaceholderText(tr("ro_signer_hint", lang))
        self.date_edit.setDisplayFormat(DATE_FORMAT["en" if lang == "en" else "zh"])
        if lang != "en":  # the calendar's month and day names in Chinese
            self.date_edit.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.chapters_box.setTitle(tr("ro_chapters", lang))
        self.mandatory_note.setText(tr("ro_mandatory_note", lang))
        self.problem.setStyleSheet("color:#b71c1c;")
        self.problem.hide()
        for key, title, can_omit in report_chapters(lang):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            if can_omit:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            else:  # checked and greyed out: it goes with every report
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable)
                item.setToolTip(tr("ro_mandatory_tip", lang))
            item.setCheckState(Qt.CheckState.Checked)
            self.chapter_list.addItem(item)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("ro_ok", lang))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("cancel", lang))

    # --- values ---------------------------------------------------------------------------
    def chapter_item(self, key: str) -> QListWidgetItem | None:
        for i in range(self.chapter_list.count()):
            it = self.chapter_list.item(i)
            if it.data(Qt.ItemDataRole.UserRole) == key:
                return it
        return None

    def set_chapter(self, key: str, on: bool) -> None:
        """Tick or untick chapter ``key`` (a mandatory one stays ticked)."""
        it = self.chapter_item(key)
        if it is not None and it.flags() & Qt.ItemFlag.ItemIsEnabled:
            it.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_options(self, options: dict) -> None:
        o = clean_options(options, self.lang)
        self.lang_combo.setCurrentIndex(max(self.lang_combo.findData(o["lang"]), 0))
        self.unit_edit.setText(o["preparing_unit"])
        self.signer_edit.setText(o["signer"])
        self.date_edit.setDate(QDate.fromString(o["report_date"], "yyyy-MM-dd"))
        chosen = None if o["chapters"] is None else set(o["chapters"])
        for i in range(self.chapter_list.count()):
            it = self.chapter_list.item(i)
            key = it.data(Qt.ItemDataRole.UserRole)
            self.set_chapter(key, chosen is None or key in chosen)

    def options(self) -> dict:
        keys = []
        for i in range(self.chapter_list.count()):
            it = self.chapter_list.item(i)
            if it.checkState() == Qt.CheckState.Checked:
                keys.append(it.data(Qt.ItemDataRole.UserRole))
        return {
            "lang": self.lang_combo.currentData(),
            "preparing_unit": self.unit_edit.text().strip(),
            "signer": self.signer_edit.text().strip(),
            "report_date": self.date_edit.date().toString("yyyy-MM-dd"),
            "chapters": None if len(keys) == self.chapter_list.count() else keys,
        }

    def _try_accept(self) -> None:
        """OK: refused with the report's own message when no assessment chapter is ticked."""
        from clusterpolicy.app.outputs import check_report_chapters
        from clusterpolicy.messages import ProblemError

        try:
            check_report_chapters(self.options()["chapters"])
        except ProblemError as exc:
            self.problem.setText("\n".join(p.text(self.lang) for p in exc.problems))
            self.problem.show()
            return
        self.problem.hide()
        self.accept()
