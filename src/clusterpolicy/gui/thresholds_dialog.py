"""The "规则与阈值" dialog: the thresholds of the rule profile in force — meaning, value used,
default, unit, allowed range and basis — with the value editable in place (a spin box held to
the threshold's range), a chooser of the profile in force (the default and the local ones) and
"另存为本地规则配置…", which asks a name and a required reason.

The dialog only shows and collects: the rows come from :func:`clusterpolicy.app.profiles.
threshold_rows`, saving and switching are the window's (:mod:`.window_run`), which re-runs the
assessment in the background.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
)

from clusterpolicy.gui.screen import fit_to_screen
from clusterpolicy.gui.table_model import DataFrameModel
from clusterpolicy.gui.texts import tr
from clusterpolicy.text import formats

EDITED = QColor("#fff3a0")  # changed in this dialog
OVERRIDDEN = QColor("#dcebfa")  # changed by the profile in force
_SHOWN = ("step", "label", "value", "default_value", "unit", "range", "source")


class ThresholdModel(DataFrameModel):
    """The thresholds table; the "value" column is editable, edits are kept in ``edits``
    ({threshold_id: value}) and highlighted."""

    def __init__(self, rows: pd.DataFrame, lang: str, step_names: dict[str, str], parent=None):
        self.rows = rows.reset_index(drop=True)
        i = "en" if lang == "en" else "zh"
        shown = pd.DataFrame(
            {
                "step": self.rows["step"],
                "label": self.rows[f"label_{i}"],
                "value": self.rows["value"].astype(float),
                "default_value": self.rows["default_value"].astype(float),
                "unit": self.rows[f"unit_{i}"],
                "range": self.rows["range"],
                "source": self.rows[f"source_{i}"],
            }
        )
        headers = {c: tr(f"thr_col_{c.split('_')[0]}", lang) for c in _SHOWN}
        super().__init__(shown, headers, parent, lang=lang, values={"step": step_names})
        self.value_col = list(_SHOWN).index("value")
        self.edits: dict[str, float] = {}

    def display(self, v, col: str, kind: str) -> str:
        if col in ("value", "default_value"):
            return formats.plain_value(v, self.lang)
        return super().display(v, col, kind)

    def row_of(self, index: QModelIndex) -> dict:
        """The full row (id, range, citation …) behind a view row."""
        return dict(self.rows.iloc[int(self._order[index.row()])])

    def index_of(self, threshold_id: str, column: int | None = None) -> QModelIndex:
        pos = int(self.rows.index[self.rows["threshold_id"] == threshold_id][0])
        view_row = int(list(self._order).index(pos))
        return self.index(view_row, self.value_col if column is None else column)

    def flags(self, index):
        out = super().flags(index)
        if index.isValid() and index.column() == self.value_col:
            out |= Qt.ItemFlag.ItemIsEditable
        return out

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.EditRole:
            return float(self.raw(index.row(), index.column()))
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == self.value_col:
            row = self.row_of(index)
            if row["threshold_id"] in self.edits:
                return EDITED
            if bool(row["overridden"]):
                return OVERRIDDEN
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            row = self.row_of(index)
            return f"{row['threshold_id']}\n{row['citation']}"
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802 - Qt API
        if not index.isValid() or index.column() != self.value_col:
            return False
        row = self.row_of(index)
        v = float(value)
        lo, hi = row["min"], row["max"]
        if (lo is not None and not pd.isna(lo) and v < lo) or (
            hi is not None and not pd.isna(hi) and v > hi
        ):
            return False
        tid = row["threshold_id"]
        if v == float(row["value"]):
            self.edits.pop(tid, None)
        else:
            self.edits[tid] = v
        self._arrays[self.value_col][int(self._order[index.row()])] = v
        self.dataChanged.emit(index, index)
        return True

    def revert_edits(self) -> None:
        self.beginResetModel()
        self._arrays[self.value_col] = self.rows["value"].astype(float).to_numpy(dtype=object)
        self.edits.clear()
        self.endResetModel()


class RangeDelegate(QStyledItemDelegate):
    """A spin box held to the row's [min, max]."""

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt API
        row = index.model().row_of(index)
        box = QDoubleSpinBox(parent)
        box.setDecimals(4)
        lo, hi = row["min"], row["max"]
        box.setRange(
            -1e15 if lo is None or pd.isna(lo) else float(lo),
            1e15 if hi is None or pd.isna(hi) else float(hi),
        )
        span = box.maximum() - box.minimum()
        box.setSingleStep(0.05 if span <= 10 else 1.0)
        box.setToolTip(row["range"])
        return box

    def setEditorData(self, editor, index):  # noqa: N802 - Qt API
        editor.setValue(float(index.model().data(index, Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor, model, index):  # noqa: N802 - Qt API
        editor.interpretText()
        model.setData(index, editor.value())


class SaveProfileDialog(QDialog):
    """Name and reason (both required: OK stays disabled until they are written)."""

    def __init__(self, lang: str, who: str, suggested: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("thr_save_title", lang))
        self.name = QLineEdit(suggested)
        self.name.setPlaceholderText(tr("thr_name_hint", lang))
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(tr("thr_reason_hint", lang))
        self.reason.setMaximumHeight(110)
        self.who = QLineEdit(who)
        form = QFormLayout()
        form.addRow(tr("thr_name", lang), self.name)
        form.addRow(tr("thr_reason", lang), self.reason)
        form.addRow(tr("thr_author", lang), self.who)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("cancel", lang))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.name.textChanged.connect(self._update_ok)
        self.reason.textChanged.connect(self._update_ok)
        fit_to_screen(self, 560, 300)
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.name_text() and self.reason_text()))

    def name_text(self) -> str:
        return self.name.text().strip()

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()


class ThresholdsDialog(QDialog):
    """The thresholds of the profile in force. Signals: ``save_requested(edits, name, reason,
    who)``, ``profile_chosen(path)`` ("" = the default profile)."""

    save_requested = Signal(dict, str, str, str)
    profile_chosen = Signal(str)

    def __init__(self, view, lang: str = "zh", who: str = "", parent=None):
        super().__init__(parent)
        self.lang, self.who = lang, who
        self.setWindowTitle(tr("thr_title", lang))
        self.save_dialog: SaveProfileDialog | None = None
        intro = QLabel(tr("thr_intro", lang))
        intro.setWordWrap(True)
        self.chooser = QComboBox()
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.local_info = QLabel()
        self.local_info.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("thr_profile", lang)))
        top.addWidget(self.chooser, 1)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(tr("thr_filter", lang))
        self.filter.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.delegate = RangeDelegate(self.table)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.revert_button = QPushButton(tr("thr_revert", lang))
        self.save_button = QPushButton(tr("thr_save", lang))
        self.close_button = QPushButton(tr("thr_close", lang))
        self.revert_button.clicked.connect(self._revert)
        self.save_button.clicked.connect(self._ask_save)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(top)
        lay.addWidget(self.local_info)
        lay.addWidget(self.filter)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self.filter.textChanged.connect(self._filter)
        self.chooser.activated.connect(self._chosen)
        self.model: ThresholdModel | None = None
        self.show_profile(view)
        fit_to_screen(self, 1500, 860)

    # --- content
    def show_profile(self, view) -> None:
        """Show a :class:`~clusterpolicy.gui.window_run.ThresholdsView` (rows, profiles, …)."""
        self.view_data = view
        self.model = ThresholdModel(view.rows, self.lang, view.step_names, self.table)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(self.model.value_col, self.delegate)
        self.model.dataChanged.connect(lambda *_: self._update_status())
        self.model.modelReset.connect(self._update_status)
        head = self.table.horizontalHeader()
        widest = {"label": 440, "unit": 170, "range": 130}
        for i, col in enumerate(_SHOWN):
            self.table.resizeColumnToContents(i)
            if head.sectionSize(i) > widest.get(col, 460):
                head.resizeSection(i, widest.get(col, 460))
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for label, path in view.choices:
            self.chooser.addItem(label, path)
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(view.current)))
        self.chooser.blockSignals(False)
        self.local_info.setText(view.local_info)
        self.local_info.setVisible(bool(view.local_info))
        if self.filter.text().strip():
            self._filter(self.filter.text())
        self._update_status()

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)

    def _update_status(self) -> None:
        edits = self.model.edits if self.model is not None else {}
        self.save_button.setEnabled(bool(edits))
        self.revert_button.setEnabled(bool(edits))
        if not edits:
            self.status.setText(tr("thr_none_changed", self.lang))
            return
        seconds = self.view_data.run_seconds
        self.status.setText(
            tr(
                "thr_changed" if seconds else "thr_changed_first",
                self.lang,
                n=len(edits),
                steps=self.view_data.affected(list(edits)),
                s=seconds or 0,
            )
        )

    def _revert(self) -> None:
        self.model.revert_edits()

    def _chosen(self, i: int) -> None:
        self.profile_chosen.emit(str(self.chooser.itemData(i) or ""))

    def _ask_save(self) -> None:
        dlg = SaveProfileDialog(self.lang, self.who, self.view_data.suggested_name, self)
        self.save_dialog = dlg

        def accepted() -> None:
            self.save_requested.emit(
                dict(self.model.edits), dlg.name_text(), dlg.reason_text(), dlg.who.text().strip()
            )

        dlg.accepted.connect(accepted)
        dlg.finished.connect(lambda _r: setattr(self, "save_dialog", None))
        dlg.open()
