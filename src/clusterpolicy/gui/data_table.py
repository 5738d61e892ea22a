"""A result table as an official uses it: a filter box, sortable columns, "显示明细".

:class:`DataTable` holds one :class:`~clusterpolicy.gui.table_model.DataFrameModel` (labels,
formats, pandas sorting and filtering) in a ``QTableView``. Only the sheet's default columns
(:mod:`clusterpolicy.gui.sheets`) are shown until "显示明细" is ticked. Filling is one model
reset (no per-cell widgets), so a million rows cost no more than ten. On a table of more than
:data:`BACKGROUND_ROWS` rows the filter's matching rows are found in a worker thread (the table
goes on showing the rows it has, "筛选中…" beside the filter box) and a newer filter text
supersedes an older one still running.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clusterpolicy.gui.sheets import CODE_HEADERS, SHEET_HEADERS, default_columns, value_labels
from clusterpolicy.gui.table_model import DataFrameModel
from clusterpolicy.gui.texts import tr

BACKGROUND_ROWS = 100_000


class DataTable(QWidget):
    def __init__(
        self,
        sheet: str,
        df: pd.DataFrame,
        lang: str,
        *,
        names=None,
        values=None,
        plain=None,
        headers=None,
    ):
        super().__init__()
        self.sheet, self.lang = sheet, lang
        i = 1 if lang == "en" else 0
        own = {c: h[i] for c, h in SHEET_HEADERS.get(sheet, {}).items()}
        headers = {**{c: h[i] for c, h in CODE_HEADERS.items()}, **own, **(headers or {})}
        self._shown = default_columns(sheet, df, lang)
        rest = [c for c in df.columns if str(c) not in self._shown]
        if list(df.columns) != self._shown + rest:  # the default columns first, in their order
            df = df[self._shown + rest]
        self._model = DataFrameModel(
            df,
            headers,
            self,
            lang=lang,
            names=names,
            values=value_labels(lang, values),
            plain=plain,
        )
        self.view = QTableView()
        self.view.setModel(self._model)
        # no sort column until the user clicks one: the engine's row order comes first
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(
            self.view.fontMetrics().height() + 8
        )  # one line per row
        head = self.view.horizontalHeader()
        head.setStretchLastSection(True)
        head.setResizeContentsPrecision(30)  # size columns by the first rows only
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(tr("filter_hint", lang))
        self.filter.setClearButtonEnabled(True)
        self.detail = QCheckBox(tr("show_detail", lang))
        self.detail.setToolTip(tr("show_detail_tip", lang))
        self.count = QLabel()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.detail.toggled.connect(self._show_columns)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.count)
        bar.addWidget(self.detail)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        self._sized: set[int] = set()
        self._show_columns(False)
        self._update_count()

    def replace_frame(self, df: pd.DataFrame) -> None:
        """The same sheet with new rows (a live re-score): columns, sort and filter are kept."""
        cols = [str(c) for c in self._model.frame.columns]
        if [str(c) for c in df.columns] != cols and set(map(str, df.columns)) == set(cols):
            df = df[cols]
        sort = self._model._sort
        self._model.set_frame(df, self._model._headers)
        if sort is not None:
            self._model.sort(*sort)
        self._update_count()

    def model(self) -> DataFrameModel:
        return self._model

    def set_filter(self, text: str) -> None:
        self.filter.setText(text)
        self._apply_filter()

    def _apply_filter(self) -> None:
        self._timer.stop()
        text, cols = self.filter.text(), self.visible_columns()
        if len(self._model.frame) <= BACKGROUND_ROWS:
            self._model.set_filter(text, cols)
            self._update_count()
            return
        from clusterpolicy.gui.tasks import TaskRunner

        if getattr(self, "runner", None) is None:
            self.runner = TaskRunner(self)  # its own: a filter runs beside the window's work
            self.runner.done.connect(self._filtered)
            self.runner.failed.connect(lambda _e: self._update_count())  # (logged by the runner)
        self.count.setText(tr("filtering", self.lang))
        self.runner.start(_matching_rows, self._model, text, cols)

    def _filtered(self, found) -> None:
        text, cols, frame, rows = found
        # rows of this very frame for the text now in the box (else a newer request is on its
        # way, or the table got another frame meanwhile)
        if text == self.filter.text() and frame is self._model.frame:
            self._model.apply_filter(text, cols, rows)
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(
            tr(
                "rows_shown",
                self.lang,
                n=self._model.visible_rows(),
                total=len(self._model.frame),
            )
        )

    def _show_columns(self, everything: bool) -> None:
        cols = [str(c) for c in self._model.frame.columns]
        head = self.view.horizontalHeader()
        for i, c in enumerate(cols):
            hide = not everything and c not in self._shown
            self.view.setColumnHidden(i, hide)
            if not hide and i not in self._sized:  # size by the first rows, once per column
                self.view.resizeColumnToContents(i)
                self._sized.add(i)
                if head.sectionSize(i) > 420:
                    head.resizeSection(i, 420)
        if self.filter.text().strip():
            self._apply_filter()

    def visible_columns(self) -> list[int]:
        return [i for i in range(self._model.columnCount()) if not self.view.isColumnHidden(i)]


def _matching_rows(model: DataFrameModel, text: str, cols: list[int], progress=None):
    """The rows a filter keeps, found in the task runner's worker thread."""
    if progress is not None:
        progress(0.0, "")
    frame = model.frame
    return text, cols, frame, model.matching_rows(text, cols)
