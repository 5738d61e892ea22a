"""The column-mapping dialog: show, correct and confirm how each sheet maps to the canonical tables.

Left: every table block of the chosen files, with a check box (unchecked = not imported) and a
mark when a remembered mapping was applied. Right: the selected block's editor
(:class:`~clusterpolicy.gui.mapping_sheet.SheetEditor`, built on first view) in a scroll area, so
the dialog fits a 1366×768 screen and "确认并导入" / "记住此映射" stay visible below it.
:meth:`MappingDialog.result_mappings` hands the edited mappings to the importer.

"Forget" deletes the remembered mapping of the selected layout and shows the fresh detection.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clusterpolicy.app.mapping_review import (
    MappingStore,
    SheetMapping,
    SheetProposal,
    forget_mapping,
    is_remembered,
    layout_label,
    share_edits,
)
from clusterpolicy.gui.mapping_sheet import (  # noqa: F401 - re-exported for callers and tests
    COL_FACTOR,
    COL_FIELD,
    COL_HEADER,
    COL_UNIT,
    SheetEditor,
    field_key,
)
from clusterpolicy.gui.screen import fit_to_screen
from clusterpolicy.gui.texts import tr


class MappingDialog(QDialog):
    """Review the proposed mappings of the chosen files; confirm to import with them."""

    forgotten = Signal(str)  # layout signature whose remembered mapping was deleted

    def __init__(
        self,
        proposals: list[SheetProposal],
        store: MappingStore | None,
        lang: str = "zh",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.lang = lang
        self.store = store
        self.proposals = [
            copy.deepcopy(p) for p in proposals
        ]  # the caller's proposals stay as they were
        self._many_files = len({p.mapping.file for p in self.proposals}) > 1
        self.setWindowTitle(tr("map_title", lang))
        fit_to_screen(self, 1180, 780)

        self.sheet_list = QListWidget()
        for p in self.proposals:
            it = QListWidgetItem()
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(
                Qt.CheckState.Unchecked if p.mapping.layout == "skip" else Qt.CheckState.Checked
            )
            self.sheet_list.addItem(it)
        self.sheet_list.setMinimumWidth(200)
        self.sheet_list.setTextElideMode(Qt.TextElideMode.ElideRight)  # "…", the rest a tooltip
        self.sheet_list.setWordWrap(True)  # a long layout name wraps inside the item
        self.stack = QStackedWidget()
        self.editors: list[SheetEditor | None] = [None] * len(self.proposals)
        self._placeholders: list[QWidget] = []
        for _ in self.proposals:
            w = QWidget()
            self._placeholders.append(w)
            self.stack.addWidget(w)

        self.forget_button = QPushButton(tr("map_forget", lang))
        self.forget_button.clicked.connect(self.forget_current)
        self.share_box = QCheckBox(tr("map_share", lang))
        self.share_box.setChecked(True)
        self.remember_box = QCheckBox(tr("map_remember", lang))
        self.remember_box.setChecked(True)
        self.buttons = QDialogButtonBox()
        self.confirm_button = self.buttons.addButton(
            tr("map_confirm", lang), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(tr("cancel", lang), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        intro = QLabel(tr("map_intro", lang))
        intro.setWordWrap(True)
        split = QSplitter()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel(tr("map_sheets", lang)))
        ll.addWidget(self.sheet_list, 1)
        ll.addWidget(self.forget_button)
        split.addWidget(left)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setSizes([250, 930])
        bottom = QHBoxLayout()
        bottom.addWidget(self.share_box)
        bottom.addWidget(self.remember_box)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(split, 1)
        lay.addLayout(bottom)

        self.sheet_list.currentRowChanged.connect(self.select_sheet)
        self.sheet_list.itemChanged.connect(lambda _it: self._update_list())
        self._update_list()
        if self.proposals:
            self.sheet_list.setCurrentRow(0)

    # --- sheets ------------------------------------------------------------------------------------
    def editor(self, i: int) -> SheetEditor:
        """The editor of block ``i`` (built on first use)."""
        ed = self.editors[i]
        if ed is None:
            ed = SheetEditor(self.proposals[i], self.lang)
            ed.changed.connect(self._update_list)
            scroll = QScrollArea()  # a tall sheet scrolls; the buttons below stay in view
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(ed)
            old = self._placeholders[i]
            self.stack.insertWidget(i, scroll)
            self.stack.removeWidget(old)
            old.deleteLater()
            self._placeholders[i] = scroll
            self.editors[i] = ed
            self._update_saved_note(i)
        return ed

    def select_sheet(self, i: int) -> None:
        if 0 <= i < len(self.proposals):
            self.editor(i)
            self.stack.setCurrentIndex(i)
            if self.sheet_list.currentRow() != i:
                self.sheet_list.setCurrentRow(i)
            self._update_forget()

    def is_included(self, i: int) -> bool:
        return self.sheet_list.item(i).checkState() == Qt.CheckState.Checked

    def set_included(self, i: int, included: bool) -> None:
        self.sheet_list.item(i).setCheckState(
            Qt.CheckState.Checked if included else Qt.CheckState.Unchecked
        )

    def _remembered(self, i: int) -> bool:
        return self.store is not None and is_remembered(
            self.store, self.proposals[i].mapping.signature
        )

    def _update_list(self) -> None:
        self.sheet_list.blockSignals(True)
        for i, p in enumerate(self.proposals):
            it = self.sheet_list.item(i)
            marks = []
            if p.remembered:
                marks.append(tr("map_saved_mark", self.lang))
            if self.editors[i] is not None and self.editors[i].edited:
                marks.append(tr("map_edited_mark", self.lang))
            layout = layout_label(p.mapping.layout if self.is_included(i) else "skip", self.lang)
            m = p.mapping
            name = (
                p.name if self._many_files else m.sheet + (f" [{m.block + 1}]" if m.block else "")
            )
            it.setText(f"{name}\n  {layout}" + (f"  [{' · '.join(marks)}]" if marks else ""))
            it.setToolTip(f"{p.name}\n{layout}")
        self.sheet_list.blockSignals(False)

    def _update_saved_note(self, i: int) -> None:
        ed = self.editors[i]
        if ed is not None:
            ed.set_saved_note(
                tr("map_saved_used", self.lang) if self.proposals[i].remembered else ""
            )

    def _update_forget(self) -> None:
        i = self.sheet_list.currentRow()
        self.forget_button.setEnabled(i >= 0 and self._remembered(i))

    def forget_current(self) -> None:
        """Delete the remembered mapping of the selected block's layout; every block of that
        layout goes back to the fresh detection."""
        i = self.sheet_list.currentRow()
        if i < 0 or self.store is None:
            return
        sig = self.proposals[i].mapping.signature
        forget_mapping(self.store, sig)
        self.forgotten.emit(sig)
        for k, p in enumerate(self.proposals):
            if p.mapping.signature != sig or not p.remembered:
                continue
            p.mapping = copy.deepcopy(p.detected)
            p.remembered = False
            self.set_included(k, p.mapping.layout != "skip")
            if self.editors[k] is not None:  # rebuild on next view
                old = self._placeholders[k]
                ph = QWidget()
                self.stack.insertWidget(k, ph)
                self.stack.removeWidget(old)
                old.deleteLater()
                self._placeholders[k] = ph
                self.editors[k] = None
        self._update_list()
        self.select_sheet(i)

    # --- result ------------------------------------------------------------------------------------
    def edited_indices(self) -> list[int]:
        return [i for i, ed in enumerate(self.editors) if ed is not None and ed.edited]

    def result_mappings(self) -> list[SheetMapping]:
        """The confirmed mappings, one per block (excluded blocks have layout ``skip``); with
        "apply to the same layout" on, corrections of one sheet carry to its unedited twins."""
        out = [copy.deepcopy(p.mapping) for p in self.proposals]
        if self.share_box.isChecked():
            share_edits(out, self.edited_indices())
        for i, m in enumerate(out):
            if not self.is_included(i):
                m.layout = "skip"
            elif m.layout == "skip":
                m.layout = "long"
            m.confirmed = True
        return out

    @property
    def remember(self) -> bool:
        return self.remember_box.isChecked()
