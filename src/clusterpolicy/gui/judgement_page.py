"""The "判断与答案" page: officials answer every checklist and questionnaire item with a note.

Left: the seven scopes (four per cluster, three for the region). Top: the cluster the cluster
scopes are about. The table lists the scope's items with an answer box (是/部分/否/未答 or 0–4)
and an editable note (the evidence); every change is written at once through
:class:`~clusterpolicy.app.judgements.Judgements` (into the project when one is open). Below: the
selected item's full text in Chinese and English, its evidence hint, whether it is computed from
data, and its history (who, when, old → new).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clusterpolicy.app.judgements import (
    CLUSTER_SCOPES,
    SCOPES,
    Judgements,
    answer_label,
    cluster_choices,
    data_values,
    scope_items,
    scope_key,
)
from clusterpolicy.app.live_scores import run_of
from clusterpolicy.gui.texts import tr
from clusterpolicy.messages import ProblemError
from clusterpolicy.text.labels import answer_choices, label, scope_title

COL_ID, COL_TEXT, COL_MODE, COL_ANSWER, COL_NOTE, COL_LAST = range(6)
_READ_ONLY = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


class JudgementPage(QWidget):
    changed = Signal()  # an answer was written (results are out of date until the next run)
    who_changed = Signal(str)  # the user typed another name for "who"

    def __init__(self, profile, lang: str = "zh", scopes=SCOPES):
        super().__init__()
        self.scope_keys = tuple(scopes)  # the scopes this page answers (all, or a step's own)
        self.profile, self.lang = profile, lang
        self.book = Judgements()
        self.who = ""
        self.data = None
        self.result_tables: dict = {}
        self.items = []
        self._followed = None  # what the answers were last set up for (see follow)
        self._version = 0  # the window's answers_version last shown
        self._filling = False

        self.scopes = QListWidget()
        for scope in self.scope_keys:
            it = QListWidgetItem(("● " if scope in CLUSTER_SCOPES else "◆ ") + self._title(scope))
            it.setData(Qt.ItemDataRole.UserRole, scope)
            self.scopes.addItem(it)
        self.scopes.setFixedWidth(205)
        self.cluster = QComboBox()
        self.cluster.setMinimumWidth(220)
        self.cluster.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.cluster.setMinimumContentsLength(18)
        self.where = QLabel()
        self.where.setWordWrap(True)  # a long scope title must not widen the window
        self.save_json_button = QPushButton(tr("jd_save_json", lang))
        self.who_edit = QLineEdit()
        self.who_edit.setMaximumWidth(140)
        self.who_edit.setToolTip(tr("jd_who_tip", lang))
        self.who_edit.editingFinished.connect(self._who_edited)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                tr(k, lang)
                for k in ("jd_id", "jd_text", "jd_mode", "jd_answer", "jd_note", "jd_last")
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)  # one line per item: the full text is beside, and a tooltip
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        probe = QComboBox()
        self.table.verticalHeader().setDefaultSectionSize(
            max(self.fontMetrics().height() + 8, probe.sizeHint().height() + 2)
        )
        probe.deleteLater()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(COL_NOTE, 160)
        for col, width in ((COL_ID, 78), (COL_MODE, 110), (COL_ANSWER, 82), (COL_LAST, 120)):
            self.table.setColumnWidth(col, width)

        self.detail = QLabel(tr("jd_pick_item", lang))
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels(
            [tr(k, lang) for k in ("jd_h_when", "jd_h_who", "jd_h_old", "jd_h_new", "jd_h_note")]
        )
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("jd_cluster", lang)))
        top.addWidget(self.cluster)
        top.addWidget(self.where, 1)
        top.addWidget(QLabel(tr("jd_who", lang)))
        top.addWidget(self.who_edit)
        top.addWidget(self.save_json_button)
        side = QWidget()  # the selected item in full, and its history, beside the table
        low = QVBoxLayout(side)
        low.setContentsMargins(0, 0, 0, 0)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setWidget(self.detail)
        low.addWidget(detail_scroll, 2)
        low.addWidget(QLabel(tr("jd_history", lang)))
        low.addWidget(self.history, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([720, 260])
        right = QVBoxLayout()
        right.addLayout(top)
        right.addWidget(split, 1)
        right.addWidget(self.status)
        lay = QHBoxLayout(self)
        lay.addWidget(self.scopes)
        lay.addLayout(right, 1)

        self.scopes.currentRowChanged.connect(lambda _r: self.reload())
        self.cluster.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.itemChanged.connect(self._note_edited)
        self.table.currentCellChanged.connect(lambda r, *_: self._show_detail(r))
        self.scopes.setCurrentRow(0)

    # ---- context
    def _title(self, scope: str) -> str:
        return scope_title(scope, self.lang)

    def set_context(
        self, book: Judgements, who: str, data=None, result_tables: dict | None = None
    ) -> None:
        """Show ``book``'s answers; the cluster list comes from ``data`` and the last results."""
        self.book, self.who, self.data = book, who, data
        self.who_edit.setText(who)
        self.result_tables = result_tables or {}
        keep = self.cluster.currentData()
        choices = cluster_choices(data, self.result_tables, self.lang)
        known = {c for c, _ in choices}
        extra = sorted(
            {a.scope[1] for a in book.all_answers() if a.scope[0] in CLUSTER_SCOPES} - known
        )
        self.cluster.blockSignals(True)
        self.cluster.clear()
        for code, text in choices + [(c, c) for c in extra]:
            self.cluster.addItem(text, code)
        idx = self.cluster.findData(keep) if keep is not None else -1
        self.cluster.setCurrentIndex(max(idx, 0) if self.cluster.count() else -1)
        self.cluster.blockSignals(False)
        self.status.setText(
            tr("jd_in_project" if book.project is not None else "jd_in_memory", self.lang)
        )
        self.reload()

    def attach(self, window) -> None:
        """Wire the page to the main window: answers, the JSON export and the user's name."""
        self.changed.connect(window.answers_changed)
        self.save_json_button.clicked.connect(lambda: window.save_answers_json())
        self.who_changed.connect(window.set_user_name)

    def follow(self, window) -> None:
        """Set the context from ``window`` only when what the answers are about changed (the
        answers book, data, results, user, project) — not after each answer."""
        context = (
            id(window.judgements),
            id(window.data),
            id(run_of(window.result)),  # a live re-score of the upgrading scores is the same run
            window.who,
            window.project is None,
        )
        if context != self._followed:
            self._followed = context
            tables = window.result.tables if window.result is not None else {}
            self.set_context(window.judgements, window.who, window.data, tables)

    def catch_up(self, window) -> None:
        """Reload when answers were given on another answer page since this one was shown."""
        version = getattr(window, "answers_version", 0)
        if version != self._version:
            self._version = version
            self.reload()

    def _who_edited(self) -> None:
        if self.who_edit.text().strip() != self.who:
            self.who_changed.emit(self.who_edit.text())

    def current_scope(self) -> str:
        item = self.scopes.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else self.scope_keys[0]

    def select(self, scope: str, industry_code: str | None = None) -> None:
        """Show ``scope`` (and, for a cluster scope, ``industry_code``)."""
        if industry_code is not None:
            idx = self.cluster.findData(str(industry_code))
            if idx < 0:
                self.cluster.addItem(str(industry_code), str(industry_code))
                idx = self.cluster.count() - 1
            self.cluster.setCurrentIndex(idx)
        self.scopes.setCurrentRow(self.scope_keys.index(scope))

    def current_key(self) -> tuple[str, str] | None:
        scope = self.current_scope()
        try:
            return scope_key(scope, self.cluster.currentData())
        except ValueError:
            return None

    # ---- the table
    def reload(self) -> None:
        scope = self.current_scope()
        key = self.current_key()
        self.cluster.setEnabled(scope in CLUSTER_SCOPES)
        if scope in CLUSTER_SCOPES:
            self.where.setText(
                tr("jd_for_cluster", self.lang, scope=self._title(scope))
                if key
                else tr("jd_no_cluster", self.lang)
            )
        else:
            self.where.setText(tr("jd_for_region", self.lang, scope=self._title(scope)))
        self.items = scope_items(self.profile, scope) if key else []
        values = data_values(self.result_tables, key[1], scope) if key else {}
        self._filling = True
        self.table.clearContents()
        self.table.setRowCount(len(self.items))
        for row, it in enumerate(self.items):
            ans = self.book.answer(key, it.id)
            self._set_item(row, COL_ID, it.id)
            text = self._set_item(row, COL_TEXT, it.text(self.lang))
            text.setToolTip(f"{it.text_zh}\n{it.text_en}")
            mode = tr("jd_data", self.lang) if it.data_driven else tr("jd_judgement", self.lang)
            if it.data_driven and it.id in values:
                mode += f"：{values[it.id]:.4g}"
            self._set_item(row, COL_MODE, mode).setToolTip(
                tr("jd_data_tip", self.lang, formula=it.formula) if it.data_driven else ""
            )
            box = QComboBox()
            for value, text in answer_choices(it.scale, self.lang):
                box.addItem(text, value)
            current = ans.value if ans is not None else None
            box.setCurrentIndex(
                max(
                    0,
                    next(
                        (
                            i
                            for i in range(box.count())
                            if box.itemData(i) == current and type(box.itemData(i)) is type(current)
                        ),
                        0,
                    ),
                )
            )
            box.currentIndexChanged.connect(lambda _i, r=row: self._answer_edited(r))
            self.table.setCellWidget(row, COL_ANSWER, box)
            note = QTableWidgetItem(ans.note if ans is not None else "")
            note.setToolTip(it.hint(self.lang))
            self.table.setItem(row, COL_NOTE, note)
            self._set_item(row, COL_LAST, self._last(ans))
        self._filling = False
        self._show_detail(self.table.currentRow())

    def _set_item(self, row: int, col: int, text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(_READ_ONLY)
        self.table.setItem(row, col, item)
        return item

    def _last(self, ans) -> str:
        return (
            f"{ans.updated_by} {ans.updated_at[:16].replace('T', ' ')}" if ans is not None else ""
        )

    def row_of(self, item_id: str) -> int:
        return next(i for i, it in enumerate(self.items) if it.id == item_id)

    def answer_box(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, COL_ANSWER)

    def set_note(self, row: int, text: str) -> None:
        """Type a note into the table (as the user does); written when the item has an answer."""
        self.table.item(row, COL_NOTE).setText(text)

    # ---- writes
    def _write(self, row: int) -> None:
        key = self.current_key()
        if key is None or self._filling:
            return
        it = self.items[row]
        value = self.answer_box(row).currentData()
        note = self.table.item(row, COL_NOTE).text()
        if value is None and note.strip() and self.book.answer(key, it.id) is None:
            self.status.setText(tr("jd_answer_first", self.lang))
            return
        try:
            changed = self.book.set_answer(key, it.id, value, note, self.who)
        except (ProblemError, ValueError) as exc:
            text = (
                "\n".join(p.text(self.lang) for p in exc.problems)
                if isinstance(exc, ProblemError)
                else str(exc)
            )
            self.status.setText(tr("jd_write_failed", self.lang, error=text))
            return
        if changed:
            self._filling = True
            self.table.item(row, COL_LAST).setText(self._last(self.book.answer(key, it.id)))
            self._filling = False
            self.status.setText(
                tr(
                    "jd_saved" if self.book.project is not None else "jd_saved_memory",
                    self.lang,
                    item=it.id,
                )
            )
            self._show_detail(row)
            self.changed.emit()

    def _answer_edited(self, row: int) -> None:
        self.table.setCurrentCell(row, COL_ANSWER)
        self._write(row)

    def _note_edited(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() == COL_NOTE:
            self._write(item.row())

    # ---- detail and history
    def _show_detail(self, row: int) -> None:
        key = self.current_key()
        if key is None or not 0 <= row < len(self.items):
            self.detail.setText(tr("jd_pick_item", self.lang))
            self.history.setRowCount(0)
            return
        it = self.items[row]
        en = self.lang == "en"
        text, other = (it.text_en, it.text_zh) if en else (it.text_zh, it.text_en)
        hint = (it.hint_en if en else it.hint_zh) or it.hint_zh or it.hint_en
        colon = ": " if en else "："
        parts = [
            f"<b>{escape(it.id)}</b>　{escape(text or other)}",
            f"{tr('jd_scale', self.lang)}{colon}{label(it.scale, self.lang)}",
        ]
        if hint:
            parts.append(f"{tr('jd_hint', self.lang)}{colon}{escape(hint)}")
        if it.data_driven:
            parts.append(escape(tr("jd_data_tip", self.lang, formula=it.formula)))
        self.detail.setText("<br>".join(parts))
        self.detail.setToolTip(other or "")  # the item in the other language
        changes = self.book.answer_history(key, it.id)
        self.history.setRowCount(len(changes))
        for r, c in enumerate(reversed(changes)):
            cells = (
                c.changed_at[:19].replace("T", " "),
                c.changed_by,
                answer_label(c.old_value, self.lang),
                answer_label(c.new_value, self.lang),
                c.new_note or c.old_note,
            )
            for col, text in enumerate(cells):
                self.history.setItem(r, col, QTableWidgetItem(str(text)))
        self.history.resizeColumnsToContents()
