"""The editor of one table block in the column-mapping dialog (:mod:`.mapping_dialog`).

For the selected block: the detected layout in words, header and data rows, the target tables,
the sheet's measure / unit / year / region, total, sub-item and reference rows; one row per
source column (original header, the canonical field it maps to, fixed year / region / industry
from the header, unit and factor; total columns marked); the measure map of a tidy table; and
the block's first rows as the file holds them. Every edit is written straight into the block's
:class:`SheetMapping`.

Over 400 lines because :class:`SheetEditor` is one form whose fields all write into the same
mapping and refresh one another (the factor follows the unit, the target tables follow the
fields); split, the halves would pass the mapping and its refresh back and forth.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clusterpolicy.app.mapping_review import (
    FIELD_CHOICES,
    MEASURES,
    SheetMapping,
    SheetProposal,
    field_label,
    layout_label,
    measure_label,
    parse_rows,
    rows_text,
    tables_label,
    target_tables,
    unit_factor,
)
from clusterpolicy.gui.texts import tr
from clusterpolicy.messages import column_letter
from clusterpolicy.model.tables import TOTAL_INDUSTRY
from clusterpolicy.text.labels import LAYOUTS

_HEADER_BG = QColor("#e8eef7")
_TOTAL_BG = QColor("#fff4d6")
_SUBITEM_BG = QColor("#eeeeee")

# columns of the per-column table
(
    COL_LETTER,
    COL_HEADER,
    COL_FIELD,
    COL_YEAR,
    COL_REGION,
    COL_INDUSTRY,
    COL_UNIT,
    COL_FACTOR,
    COL_NOTE,
) = range(9)


def field_key(role: str, name: str) -> str:
    """The item data of a field combo box: "value:employment", "key:region", "ignore:"."""
    return f"{role}:{name}"


def _fmt_factor(f: float) -> str:
    return f"{f:g}"


class SheetEditor(QWidget):
    """Editor of one block's :class:`SheetMapping` (edits go straight into ``self.mapping``)."""

    changed = Signal()

    def __init__(self, proposal: SheetProposal, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.proposal = proposal
        self.mapping: SheetMapping = proposal.mapping
        self.lang = lang
        self.edited = False
        self._loading = True
        m = self.mapping

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.saved_note = QLabel()
        self.saved_note.setStyleSheet("color: #2a6f2a;")

        self.layout_combo = QComboBox()
        for key in LAYOUTS:
            if key != "skip":
                self.layout_combo.addItem(layout_label(key, lang), key)
        self.header_rows = QLineEdit()
        self.first_row = QSpinBox()
        self.last_row = QSpinBox()
        for box in (self.first_row, self.last_row):
            box.setRange(1, 10_000_000)
        self.target = QLabel()
        self.target.setWordWrap(True)
        self.sheet_measure = QComboBox()
        self.sheet_measure.addItem(tr("map_no_measure", lang), "")
        for name in MEASURES:
            self.sheet_measure.addItem(measure_label(name, lang), name)
        self.sheet_unit = QLineEdit()
        self.sheet_unit.setPlaceholderText(tr("map_unit_hint", lang))
        self.sheet_year = QSpinBox()
        self.sheet_year.setRange(0, 2100)
        self.sheet_year.setSpecialValueText("—")
        self.sheet_region = QLineEdit()
        self.total_rows = QLineEdit()
        self.subitem_rows = QLineEdit()
        self.reference_row = QSpinBox()
        self.reference_row.setRange(0, 10_000_000)
        self.reference_row.setSpecialValueText("—")

        form = QFormLayout()
        form.addRow(tr("map_layout", lang), self.layout_combo)
        rows = QHBoxLayout()
        rows.addWidget(self.header_rows, 1)
        rows.addWidget(QLabel(tr("map_data_rows", lang)))
        rows.addWidget(self.first_row)
        rows.addWidget(QLabel("–"))
        rows.addWidget(self.last_row)
        form.addRow(tr("map_header_rows", lang), rows)
        form.addRow(tr("map_target", lang), self.target)
        sheet_keys = QHBoxLayout()
        sheet_keys.addWidget(self.sheet_measure, 2)
        sheet_keys.addWidget(QLabel(tr("map_unit", lang)))
        sheet_keys.addWidget(self.sheet_unit, 1)
        sheet_keys.addWidget(QLabel(tr("map_year", lang)))
        sheet_keys.addWidget(self.sheet_year)
        sheet_keys.addWidget(QLabel(tr("map_region", lang)))
        sheet_keys.addWidget(self.sheet_region, 1)
        form.addRow(tr("map_sheet_measure", lang), sheet_keys)
        marks = QHBoxLayout()
        marks.addWidget(self.total_rows, 1)
        marks.addWidget(QLabel(tr("map_subitem_rows", lang)))
        marks.addWidget(self.subitem_rows, 1)
        marks.addWidget(QLabel(tr("map_reference_row", lang)))
        marks.addWidget(self.reference_row)
        form.addRow(tr("map_total_rows", lang), marks)

        # --- per source column ---------------------------------------------------------------
        self.columns = QTableWidget(len(m.columns), 9)
        self.columns.setHorizontalHeaderLabels(
            [
                tr(k, lang)
                for k in (
                    "map_col",
                    "map_col_header",
                    "map_col_field",
                    "map_year",
                    "map_region",
                    "map_industry",
                    "map_unit",
                    "map_factor",
                    "map_note",
                )
            ]
        )
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeaderItem(COL_FACTOR).setToolTip(tr("map_factor_tip", lang))
        self.columns.horizontalHeaderItem(COL_UNIT).setToolTip(tr("map_unit_tip", lang))
        self.columns.setWordWrap(False)
        self.field_combos: list[QComboBox] = []
        for r, c in enumerate(m.columns):
            self._fill_column_row(r, c)
        hh = self.columns.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.columns.resizeColumnsToContents()
        self.columns.setColumnWidth(
            COL_HEADER, min(max(self.columns.columnWidth(COL_HEADER), 120), 320)
        )
        hh.setStretchLastSection(True)
        self.columns.itemChanged.connect(self._column_item_changed)

        # --- tidy measure map -------------------------------------------------------------------
        self.measure_map = QTableWidget(0, 2)
        self.measure_map.setHorizontalHeaderLabels(
            [tr("map_measure_name", lang), tr("map_col_field", lang)]
        )
        self.measure_map.verticalHeader().hide()
        self.measure_map.horizontalHeader().setStretchLastSection(True)
        self.measure_map_combos: dict[str, QComboBox] = {}
        for name, target in m.measure_map.items():
            r = self.measure_map.rowCount()
            self.measure_map.insertRow(r)
            item = QTableWidgetItem(name)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.measure_map.setItem(r, 0, item)
            combo = self._measure_combo(target)
            combo.currentIndexChanged.connect(
                lambda _i, n=name, cb=combo: self._set_measure_map(n, cb)
            )
            self.measure_map.setCellWidget(r, 1, combo)
            self.measure_map_combos[name] = combo
        self.measure_map_label = QLabel(tr("map_measure_map", lang))

        # --- preview -----------------------------------------------------------------------------
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._fill_preview()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.title)
        lay.addWidget(self.saved_note)
        lay.addLayout(form)
        lay.addWidget(QLabel(tr("map_columns", lang)))
        lay.addWidget(self.columns, 3)
        lay.addWidget(self.measure_map_label)
        lay.addWidget(self.measure_map, 1)
        lay.addWidget(QLabel(tr("map_preview", lang)))
        lay.addWidget(self.preview, 2)
        tidy = bool(m.measure_map) or m.layout == "tidy"
        self.measure_map.setVisible(tidy)
        self.measure_map_label.setVisible(tidy)

        self._load_sheet_fields()
        self.layout_combo.currentIndexChanged.connect(self._sheet_changed)
        self.header_rows.editingFinished.connect(self._sheet_changed)
        self.first_row.valueChanged.connect(self._sheet_changed)
        self.last_row.valueChanged.connect(self._sheet_changed)
        self.sheet_measure.currentIndexChanged.connect(self._sheet_changed)
        self.sheet_unit.editingFinished.connect(self._sheet_changed)
        self.sheet_year.valueChanged.connect(self._sheet_changed)
        self.sheet_region.editingFinished.connect(self._sheet_changed)
        self.total_rows.editingFinished.connect(self._sheet_changed)
        self.subitem_rows.editingFinished.connect(self._sheet_changed)
        self.reference_row.valueChanged.connect(self._sheet_changed)
        self._loading = False
        self._refresh()

    # --- building --------------------------------------------------------------------------------
    def _field_combo(self, role: str, name: str) -> QComboBox:
        combo = QComboBox()
        choices = list(FIELD_CHOICES)
        if (role, name) not in choices:
            choices.append((role, name))
        for ch in choices:
            combo.addItem(field_label(*ch, self.lang), field_key(*ch))
        combo.setCurrentIndex(choices.index((role, name)))
        return combo

    def _measure_combo(self, current: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(tr("map_not_imported", self.lang), "")
        for name in MEASURES:
            combo.addItem(measure_label(name, self.lang), name)
        i = combo.findData(current)
        if i < 0 and current:
            combo.addItem(current, current)
            i = combo.count() - 1
        combo.setCurrentIndex(max(i, 0))
        return combo

    def _fill_column_row(self, r: int, c) -> None:
        def item(text: str, editable: bool = True) -> QTableWidgetItem:
            it = QTableWidgetItem(text)
            if not editable:
                it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
            return it

        self.columns.setItem(r, COL_LETTER, item(c.letter, False))
        head = item(c.header.replace("\n", " "), False)
        head.setToolTip(c.header)
        self.columns.setItem(r, COL_HEADER, head)
        combo = self._field_combo(
            c.role if c.role in ("key", "value") else "ignore",
            c.field if c.role in ("key", "value") else "",
        )
        combo.currentIndexChanged.connect(lambda _i, row=r: self._field_changed(row))
        self.columns.setCellWidget(r, COL_FIELD, combo)
        self.field_combos.append(combo)
        self.columns.setItem(r, COL_YEAR, item("" if c.year is None else str(c.year)))
        self.columns.setItem(r, COL_REGION, item(c.region))
        ind = item(c.industry)
        if c.industry_name:
            ind.setToolTip(c.industry_name)
        self.columns.setItem(r, COL_INDUSTRY, ind)
        self.columns.setItem(r, COL_UNIT, item(c.unit))
        self.columns.setItem(r, COL_FACTOR, item(_fmt_factor(c.factor)))
        self.columns.setItem(r, COL_NOTE, item(self._column_note(c), False))

    def _column_note(self, c) -> str:
        notes = []
        if c.industry == TOTAL_INDUSTRY:
            notes.append(tr("map_total_column", self.lang))
        if c.industry_name:
            notes.append(c.industry_name)
        if c.note:
            notes.append(c.note)
        return "；".join(notes) if self.lang == "zh" else "; ".join(notes)

    def _fill_preview(self) -> None:
        m = self.mapping
        rows = self.proposal.preview
        width = max((len(cells) for _, cells in rows), default=0)
        self.preview.clear()
        self.preview.setRowCount(len(rows))
        self.preview.setColumnCount(width)
        self.preview.setHorizontalHeaderLabels([column_letter(i) for i in range(width)])
        self.preview.setVerticalHeaderLabels([str(r) for r, _ in rows])
        bold = QFont()
        bold.setBold(True)
        for i, (r, cells) in enumerate(rows):
            bg = (
                _HEADER_BG
                if r in m.header_rows
                else _TOTAL_BG
                if r in m.total_rows or r == m.reference_row
                else _SUBITEM_BG
                if r in m.subitem_rows
                else None
            )
            for j, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if bg is not None:
                    it.setBackground(QBrush(bg))
                if r in m.header_rows:
                    it.setFont(bold)
                self.preview.setItem(i, j, it)
        self.preview.resizeColumnsToContents()
        for j in range(width):
            self.preview.setColumnWidth(j, min(self.preview.columnWidth(j), 160))

    def _load_sheet_fields(self) -> None:
        m = self.mapping
        i = self.layout_combo.findData(m.layout)
        self.layout_combo.setCurrentIndex(i if i >= 0 else 0)
        self.header_rows.setText(rows_text(m.header_rows))
        self.first_row.setValue(max(m.data_rows[0], 1))
        self.last_row.setValue(max(m.data_rows[1], 1))
        i = self.sheet_measure.findData(m.measure)
        if i < 0 and m.measure:
            self.sheet_measure.addItem(m.measure, m.measure)
            i = self.sheet_measure.count() - 1
        self.sheet_measure.setCurrentIndex(max(i, 0))
        self.sheet_unit.setText(m.sheet_unit)
        self.sheet_year.setValue(m.year or 0)
        self.sheet_region.setText(m.region)
        self.total_rows.setText(rows_text(m.total_rows))
        self.subitem_rows.setText(rows_text(m.subitem_rows))
        self.reference_row.setValue(m.reference_row or 0)

    # --- edits -------------------------------------------------------------------------------------
    def _mark_edited(self) -> None:
        if not self._loading:
            self.edited = True
            self._refresh()
            self.changed.emit()

    def _sheet_changed(self, *_args) -> None:
        if self._loading:
            return
        m = self.mapping
        m.layout = self.layout_combo.currentData()
        m.header_rows = parse_rows(self.header_rows.text())
        m.data_rows = (self.first_row.value(), self.last_row.value())
        m.measure = self.sheet_measure.currentData() or ""
        m.sheet_unit = self.sheet_unit.text().strip()
        year = self.sheet_year.value() or None
        if year != m.year:
            m.year, m.year_source = year, ("mapping" if year else "")
        m.region = self.sheet_region.text().strip()
        m.total_rows = parse_rows(self.total_rows.text())
        m.subitem_rows = parse_rows(self.subitem_rows.text())
        m.reference_row = self.reference_row.value() or None
        tidy = m.layout == "tidy" or bool(m.measure_map)
        self.measure_map.setVisible(tidy)
        self.measure_map_label.setVisible(tidy)
        self._fill_preview()
        self._recompute_factors()
        self._mark_edited()

    def _field_changed(self, row: int) -> None:
        role, name = str(self.field_combos[row].currentData()).split(":", 1)
        c = self.mapping.columns[row]
        c.role, c.field = role, name
        self._recompute_factor(row)
        self._mark_edited()

    def _set_measure_map(self, name: str, combo: QComboBox) -> None:
        self.mapping.measure_map[name] = combo.currentData() or ""
        self._mark_edited()

    def _column_item_changed(self, it: QTableWidgetItem) -> None:
        if self._loading:
            return
        r, col = it.row(), it.column()
        c = self.mapping.columns[r]
        text = it.text().strip()
        if col == COL_YEAR:
            c.year = int(text) if text.isdigit() else None
        elif col == COL_REGION:
            c.region = text
        elif col == COL_INDUSTRY:
            c.industry = text
        elif col == COL_UNIT:
            c.unit = text
            self._recompute_factor(r)
        elif col == COL_FACTOR:
            try:
                c.factor = float(text)
            except ValueError:
                self._set_factor_text(r, c.factor)
        else:
            return
        self._mark_edited()

    def _set_factor_text(self, row: int, factor: float) -> None:
        was, self._loading = self._loading, True
        self.columns.item(row, COL_FACTOR).setText(_fmt_factor(factor))
        self._loading = was

    def _recompute_factor(self, row: int) -> None:
        """A known unit gives the factor (importer's rule); an unknown one keeps the typed factor."""
        c = self.mapping.columns[row]
        if c.role != "value":
            return
        f = unit_factor(c.unit, c.field or self.mapping.measure)
        if f is not None and c.unit:
            c.factor = f
            self._set_factor_text(row, f)

    def _recompute_factors(self) -> None:
        for r in range(len(self.mapping.columns)):
            self._recompute_factor(r)

    def _refresh(self) -> None:
        m = self.mapping
        self.target.setText(tables_label(target_tables(m), self.lang))
        title = m.title.replace("\n", " ")
        self.title.setText(f"<b>{self.proposal.name}</b>" + (f" — {title}" if title else ""))

    def set_saved_note(self, text: str) -> None:
        self.saved_note.setText(text)
        self.saved_note.setVisible(bool(text))
