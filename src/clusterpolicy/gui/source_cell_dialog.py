"""The source cell of an import problem: the sheet around it, the cell itself selected and
marked, the problem and its fix above (a double-click on a problem of the data step opens it)."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from clusterpolicy.gui.screen import fit_to_screen
from clusterpolicy.gui.texts import tr

MARK = QColor("#ffe08a")  # the problem's cell
ROW_MARK = QColor("#fff4cc")  # the rest of its row (or its column, for a column's problem)


class SourceCellDialog(QDialog):
    """Shows a :class:`~clusterpolicy.app.source_cells.CellWindow` for ``problem``."""

    def __init__(self, problem, window, lang: str = "zh", parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("cell_title", lang, where=problem.location(lang)))
        fit_to_screen(self, 1000, 620)
        about = QLabel(problem.text(lang))
        about.setWordWrap(True)
        self.table = QTableWidget(len(window.cells), len(window.column_letters))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalHeaderLabels(window.column_letters)
        self.table.setVerticalHeaderLabels([str(r) for r in window.row_numbers])
        t_row, t_col = window.target
        for i, row in enumerate(window.cells):
            for j, text in enumerate(row):
                it = QTableWidgetItem(text)
                if i == t_row or (t_row is None and j == t_col):
                    it.setBackground(QBrush(MARK if j == t_col and i == t_row else ROW_MARK))
                self.table.setItem(i, j, it)
        self.table.resizeColumnsToContents()
        for j in range(self.table.columnCount()):
            self.table.setColumnWidth(j, min(self.table.columnWidth(j), 180))
        target = self.table.item(t_row or 0, t_col or 0)
        if target is not None:
            self.table.setCurrentItem(target)
            self.table.scrollToItem(target, QAbstractItemView.ScrollHint.PositionAtCenter)
        hint = QLabel(tr("cell_hint", lang, sheet=window.sheet or window.file))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(about)
        lay.addWidget(self.table, 1)
        lay.addWidget(hint)
        lay.addWidget(buttons)
