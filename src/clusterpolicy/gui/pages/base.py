"""What every step page shares: a title, one sentence on what it shows and what to do next, the
step's state from the Qt-free step model, and what it could not do (the run's ``steps`` notes).

:class:`ResultsPage` adds one tab per result sheet, each a :class:`~clusterpolicy.gui.data_table.DataTable`.
A page reads what it shows from the window (``window.lang``, ``.data``, ``.result``,
``.step_states()``, ``.code_name``) in :meth:`StepPage.refresh`; the window calls it when the
page is built and whenever the data or the results change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QTabWidget, QToolButton, QVBoxLayout, QWidget

from clusterpolicy.gui.texts import tr
from clusterpolicy.text.result_columns import SHEET_TITLES

_STATE_STYLE = {
    "done": "#e8f5e9",
    "ready": "#e3f2fd",
    "attention": "#fff8e1",
    "blocked": "#f5f5f5",
    "impossible": "#fbe9e7",
}


class StepPage(QWidget):
    key = ""  # the step's key (pages.PAGES)

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self.lang = window.lang
        self.title = QLabel(f"<b>{tr('step_' + self.key, self.lang)}</b>")
        self.intro = QLabel(tr("intro_" + self.key, self.lang))
        self.intro.setWordWrap(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setFrameShape(QFrame.Shape.StyledPanel)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.intro)
        self.layout_.addWidget(self.state)

    def skipped_notes(self) -> list[str]:
        """What the last run could not do for this step, with the data that would enable it."""
        res = self.window_.result
        steps = res.tables.get("steps") if res is not None else None
        if steps is None or not len(steps) or "step" not in steps:
            return []
        zh = self.lang != "en"
        out = []
        for _, r in steps.loc[(steps["step"] == self.key) & (steps["status"] != "done")].iterrows():
            note = str(r.get("note_zh" if zh else "note_en") or "")
            needs = str(r.get("needs_zh" if zh else "needs_en") or "")
            if needs:
                note += f"（{needs}）" if zh else f" ({needs})"
            if note:
                out.append(note)
        return out

    def state_text(self) -> tuple[str, str]:
        """(state, sentence) shown under the intro."""
        st = self.window_.step_states().get(self.key)
        if st is None:
            return "ready", ""
        lines = [st.text(self.lang)]
        notes = self.skipped_notes()
        if notes:
            lines.append(tr("not_done", self.lang) + " " + "；".join(notes))
        return st.state, "\n".join(t for t in lines if t)

    def refresh(self) -> None:
        state, text = self.state_text()
        self.state.setText(text)
        self.state.setVisible(bool(text))
        self.state.setStyleSheet(f"background:{_STATE_STYLE.get(state, '#f5f5f5')};padding:4px;")


_CHARTS = "__charts__"


class ResultsPage(StepPage):
    sheets: tuple[str, ...] = ()
    charts = False  # a last tab with the report's charts of this step
    extra_tabs: tuple = ()  # (widget, title) a page adds after its sheets

    def __init__(self, window):
        super().__init__(window)
        self.tables: dict = {}
        self._names: list[str] = []
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.layout_.addWidget(self.tabs, 1)
        # the thresholds behind every result, one click away (the dialog of window_run)
        self.rules_button = QToolButton()
        self.rules_button.setText(tr("thr_open", self.lang))
        self.rules_button.setAutoRaise(True)
        self.rules_button.clicked.connect(window.open_thresholds)
        self.tabs.setCornerWidget(self.rules_button, Qt.Corner.TopRightCorner)

    def sheet_tables(self) -> dict:
        res = self.window_.result
        return res.tables if res is not None else {}

    def refresh(self) -> None:
        """One tab per sheet of the run; a tab's table is filled when the tab is first shown
        (results arrive in one piece: filling every table at once would stall the window)."""
        super().refresh()
        tables = self.sheet_tables()
        if tables is self.tables and self.tabs.count():
            return
        self.tables = tables
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        extra = {id(w) for w, _t in self.extra_tabs}
        old = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.clear()
        for w in old:
            if id(w) not in extra:
                w.deleteLater()
        self._names: list[str] = []
        for name in self.sheets:
            if tables.get(name) is not None:
                self.tabs.addTab(QWidget(), SHEET_TITLES.label(name, self.lang))
                self._names.append(name)
        if self._names and self.charts:
            self.tabs.addTab(QWidget(), tr("charts_tab", self.lang))
            self._names.append(_CHARTS)
        for w, title in self.extra_tabs:  # a page's own tabs after the sheets (never refilled)
            self.tabs.addTab(w, title)
        self.tabs.blockSignals(False)
        self.tabs.setVisible(self.tabs.count() > 0)
        if self.tabs.count():
            self.tabs.setCurrentIndex(current if 0 <= current < self.tabs.count() else 0)
            self._fill(self.tabs.currentIndex())

    def update_sheets(self, tables: dict, updated) -> None:
        """New tables of the same run (a live re-score): the tables of the ``updated`` sheets
        already shown get their new rows in place (sort and filter kept), the charts of this
        step are drawn again; tabs not filled yet take the new tables when first shown."""
        from clusterpolicy.gui.charts_view import ChartsView
        from clusterpolicy.gui.data_table import DataTable

        shown = [n for n in self.sheets if tables.get(n) is not None]
        if shown != [n for n in self._names if n != _CHARTS]:  # other tabs: build them anew
            self.tables = {}
            return
        self.tables = tables
        mine = set(updated) & set(self.sheets)
        for i, name in enumerate(self._names):
            w = self.tabs.widget(i)
            if isinstance(w, DataTable) and name in mine:
                w.replace_frame(tables[name])
            elif isinstance(w, ChartsView) and mine:
                w.draw()

    def _fill(self, i: int):
        """The table of tab ``i``, made on first use."""
        from clusterpolicy.gui.data_table import DataTable

        if not 0 <= i < min(self.tabs.count(), len(self._names)):
            return None
        w = self.tabs.widget(i)
        if isinstance(w, DataTable) or getattr(w, "sheet", None) == _CHARTS:  # made already
            return w
        name = self._names[i]
        if name == _CHARTS:
            from clusterpolicy.gui.charts_view import ChartsView

            table = ChartsView(self.key, self.window_)
            self._swap(i, w, table)
            table.draw()
            return table
        meta = self.window_.result.meta if self.window_.result is not None else {}
        dims = meta.get("dimension_labels") or {}
        from clusterpolicy.app.plain_texts import plain_cell
        from clusterpolicy.app.table_headers import period_headers

        periods = period_headers(self.window_.result, self.lang).get(name)
        table = DataTable(
            name, self.tables[name], self.lang, names=self.window_.code_name,
            values={"dimension": dims}, plain=plain_cell, headers=periods,
        )  # fmt: skip
        self._swap(i, w, table)
        return table

    def _swap(self, i: int, old, new) -> None:
        title = self.tabs.tabText(i)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        self.tabs.removeTab(i)
        self.tabs.insertTab(i, new, title)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        old.deleteLater()

    def _tab_changed(self, i: int) -> None:
        self._fill(i)

    def table(self, sheet: str):
        """The :class:`DataTable` of ``sheet`` (None when the run has no such sheet)."""
        names = getattr(self, "_names", [])
        return self._fill(names.index(sheet)) if sheet in names else None
