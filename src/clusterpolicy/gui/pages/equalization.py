"""The equalization step: regional welfare gaps, inequality, transfers, and the what-if
simulator — named scenarios (pool, allocation rule, target indicator, growth assumptions over a
horizon) kept in the project (:class:`clusterpolicy.app.scenarios.Scenarios`, the window's
``scenarios``). "运行情景" saves the scenario shown, chooses it and re-runs the assessment; the
chosen scenario is the one of the runs, so the 情景模拟 tab, the chart and the report show it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from clusterpolicy.app.scenarios import ALLOCATIONS, GROWTH_FIELDS, TARGETS
from clusterpolicy.gui.pages.base import ResultsPage
from clusterpolicy.gui.texts import tr
from clusterpolicy.messages import ProblemError
from clusterpolicy.text.labels import label

_GROWTH = ("pool_growth_pct", "target_growth_pct", "population_growth_pct")
DEFAULT_POOL_WAN = 30000


class EqualizationPage(ResultsPage):
    key = "equalization"
    charts = True
    sheets = ("equalization", "inequality", "agglomeration_threshold", "scenario", "transfers")

    def __init__(self, window):
        super().__init__(window)
        lang = self.lang
        self._book = None  # the Scenarios object last shown (a new one after opening a project)
        self._by_region = False  # the scenario shown is a growth-by-region one (not editable)
        box = QGroupBox(tr("sc_title", lang))
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(3)
        # row 0: the saved scenarios
        self.sc_pick = QComboBox()
        self.sc_pick.setMinimumContentsLength(14)
        self.sc_pick.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.sc_pick.activated.connect(lambda _i: self._show(self.sc_pick.currentData()))
        self.sc_new = QPushButton(tr("sc_new", lang))
        self.sc_new.clicked.connect(lambda: self._show(None))
        self.sc_save = QPushButton(tr("sc_save", lang))
        self.sc_save.clicked.connect(self.save_scenario)
        self.sc_delete = QPushButton(tr("sc_delete", lang))
        self.sc_delete.clicked.connect(self.delete_scenario)
        self.sc_name = QLineEdit(tr("sc_default_name", lang))
        self.sc_name.setMaxLength(80)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for b in (self.sc_new, self.sc_save, self.sc_delete):
            buttons.addWidget(b)
        grid.addWidget(QLabel(tr("sc_saved", lang)), 0, 0)
        grid.addWidget(self.sc_pick, 0, 1, 1, 3)
        grid.addLayout(buttons, 0, 4, 1, 2)
        grid.addWidget(QLabel(tr("sc_name", lang)), 0, 6)
        grid.addWidget(self.sc_name, 0, 7)
        # rows 1–2: the fields
        self.sc_pool = QDoubleSpinBox()
        self.sc_pool.setRange(0, 1e9)  # 万元: the engine's 10 trillion yuan
        self.sc_pool.setDecimals(0)
        self.sc_pool.setSingleStep(1000)
        self.sc_pool.setSuffix(" " + tr("sc_wan", lang))
        self.sc_pool.setValue(DEFAULT_POOL_WAN)
        self.sc_rule = QComboBox()
        for a in ALLOCATIONS:
            self.sc_rule.addItem(tr("sc_rule_" + a, lang), a)
        self.sc_target = QComboBox()
        for t in TARGETS:
            self.sc_target.addItem(label(t, lang), t)
        for combo in (self.sc_rule, self.sc_target):
            combo.setMinimumContentsLength(10)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        h = GROWTH_FIELDS["horizon_years"]
        self.sc_horizon = QSpinBox()
        self.sc_horizon.setRange(int(h.low), int(h.high))
        self.sc_horizon.setSuffix(" " + tr("sc_years", lang))
        self.sc_growth: dict[str, QDoubleSpinBox] = {}
        for key in _GROWTH:
            f = GROWTH_FIELDS[key]
            spin = QDoubleSpinBox()
            spin.setRange(f.low, f.high)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setSuffix(" " + tr("sc_pct_year", lang))
            self.sc_growth[key] = spin
        self.sc_run = QPushButton(tr("sc_run", lang))
        self.sc_run.clicked.connect(self.run_scenario)
        self.sc_unchoose = QPushButton(tr("sc_unchoose", lang))
        self.sc_unchoose.clicked.connect(self.unchoose)
        fields = [
            [
                ("sc_pool", self.sc_pool),
                ("sc_rule", self.sc_rule),
                ("sc_target", self.sc_target),
                ("sc_horizon", self.sc_horizon),
            ],
            [
                ("sc_pool_growth", self.sc_growth["pool_growth_pct"]),
                ("sc_target_growth", self.sc_growth["target_growth_pct"]),
                ("sc_population_growth", self.sc_growth["population_growth_pct"]),
            ],
        ]
        for r, row in enumerate(fields, start=1):
            for c, (key, w) in enumerate(row):
                grid.addWidget(QLabel(tr(key, lang)), r, 2 * c)
                grid.addWidget(w, r, 2 * c + 1)
        grid.addWidget(self.sc_run, 2, 6)
        grid.addWidget(self.sc_unchoose, 2, 7)
        # row 3: which scenario the results and the report use, and the one sentence on it
        self.sc_status = QLabel()
        self.sc_status.setWordWrap(True)
        grid.addWidget(self.sc_status, 3, 0, 1, 8)
        for c in (1, 3, 5, 7):
            grid.setColumnStretch(c, 1)
        self.box = box
        self.layout_.insertWidget(self.layout_.indexOf(self.tabs), box)

    # --- the fields ----------------------------------------------------------------------------
    def scenario(self) -> dict:
        """The scenario the fields describe (the engine's format, growth assumptions included)."""
        return {
            "name": self.sc_name.text().strip() or tr("sc_default_name", self.lang),
            "transfer_pool_yuan": self.sc_pool.value() * 1e4,
            "allocation": self.sc_rule.currentData(),
            "target_indicator": self.sc_target.currentData(),
            "horizon_years": self.sc_horizon.value(),
            **{k: spin.value() for k, spin in self.sc_growth.items()},
        }

    def _fill_fields(self, sc: dict | None) -> None:
        sc = sc or {}
        self.sc_name.setText(str(sc.get("name") or tr("sc_default_name", self.lang)))
        pool = sc.get("transfer_pool_yuan")
        self.sc_pool.setValue(float(pool) / 1e4 if pool is not None else DEFAULT_POOL_WAN)
        for box, key, default in (
            (self.sc_rule, "allocation", "gap"),
            (self.sc_target, "target_indicator", "education_exp_pc"),
        ):
            i = box.findData(sc.get(key, default))
            box.setCurrentIndex(i if i >= 0 else 0)
        self.sc_horizon.setValue(int(sc.get("horizon_years") or 0))
        for k, spin in self.sc_growth.items():
            spin.setValue(float(sc.get(k) or 0))

    def _show(self, name: str | None) -> None:
        """Show the saved scenario ``name`` in the fields (None: a new one). A growth-by-region
        scenario (from a scenario file) has no fields here: it is shown by name and can be run
        or deleted, not edited (saving the fields would turn it into a pool scenario)."""
        book = self.window_.scenarios
        sc = book.get(name) if name is not None else None
        self._by_region = sc is not None and "transfer_pool_yuan" not in sc
        self._fill_fields(None if self._by_region else sc)
        if self._by_region:
            self.sc_name.setText(name)
        for w in (self.sc_name, self.sc_pool, self.sc_rule, self.sc_target, self.sc_horizon,
                  *self.sc_growth.values(), self.sc_save):  # fmt: skip
            w.setEnabled(not self._by_region)
        self._fill_pick(name)

    def _fill_pick(self, name: str | None) -> None:
        book = self.window_.scenarios
        self.sc_pick.blockSignals(True)
        self.sc_pick.clear()
        self.sc_pick.addItem(tr("sc_new_item", self.lang), None)
        for n in book.names():
            mark = " ✓" if n == book.chosen else ""
            self.sc_pick.addItem(n + mark, n)
        i = self.sc_pick.findData(name) if name is not None else 0
        self.sc_pick.setCurrentIndex(max(i, 0))
        self.sc_pick.blockSignals(False)
        self.sc_delete.setEnabled(name is not None and name in book.items)

    # --- actions -------------------------------------------------------------------------------
    def _keep(self, change) -> bool:
        """Run ``change()`` on the window's scenarios; a refusal (bad field, read-only project)
        is shown as its located message."""
        win = self.window_
        try:
            change()
        except ProblemError as exc:
            win.tell(tr("sc_failed", self.lang), "\n".join(p.text(self.lang) for p in exc.problems))
            return False
        win.mark_unsaved()
        return True

    def save_scenario(self) -> str | None:
        """Keep the fields as a named scenario (replacing one of the same name)."""
        sc = self.scenario()
        names: list[str] = []
        if not self._keep(lambda: names.append(self.window_.scenarios.save(sc))):
            return None
        self._fill_pick(names[0])
        self.window_.statusBar().showMessage(tr("sc_saved_msg", self.lang, name=names[0]), 8000)
        return names[0]

    def delete_scenario(self) -> None:
        name = self.sc_pick.currentData()
        if name is None:
            return
        if self._keep(lambda: self.window_.scenarios.delete(name)):
            self._show(None)
            self.window_.statusBar().showMessage(tr("sc_deleted", self.lang, name=name), 8000)
            self.refresh()

    def run_scenario(self) -> None:
        """Save the scenario shown, choose it for the runs and run the assessment again (the
        情景模拟 tab and the report then show it)."""
        win = self.window_
        name = self.sc_pick.currentData() if self._by_region else self.save_scenario()
        if name is None or not self._keep(lambda: win.scenarios.choose(name)):
            return
        self._fill_pick(name)
        if win.data is not None and not win.runner.busy:
            win.run_assessment()

    def unchoose(self) -> None:
        """No scenario in the next runs (the saved ones stay)."""
        win = self.window_
        if self._keep(lambda: win.scenarios.choose(None)):
            if win.result is not None:
                win.stale = True
            win.refresh_pages()

    # --- showing -------------------------------------------------------------------------------
    def _status(self) -> str:
        """Which scenario the last run used (with its horizon) and which one the next uses."""
        lang, win = self.lang, self.window_
        meta = win.result.meta if win.result is not None else {}
        ran = (meta or {}).get("scenario") if isinstance(meta, dict) else None
        parts = [tr("sc_explain", lang)]
        if self._by_region:
            parts.append(tr("sc_by_region", lang))
        if isinstance(ran, dict) and ran.get("name"):
            years = ""
            if ran.get("horizon_year") not in (None, ran.get("year")):
                years = tr("sc_years_span", lang, a=ran.get("year"), b=ran.get("horizon_year"))
            parts.append(tr("sc_last_run", lang, name=ran.get("name"), years=years))
        elif win.result is not None:
            parts.append(tr("sc_last_run_none", lang))
        chosen = win.scenarios.chosen
        ran_name = ran.get("name") if isinstance(ran, dict) else None
        if chosen != ran_name:
            parts.append(
                tr("sc_next_run", lang, name=chosen) if chosen else tr("sc_next_run_none", lang)
            )
        return " ".join(parts)

    def refresh(self) -> None:
        super().refresh()
        win = self.window_
        book = win.scenarios
        self.sc_run.setEnabled(win.data is not None and not win.runner.busy)
        self.sc_unchoose.setEnabled(book.chosen is not None)
        if book is not self._book:  # first shown, or another project: show its chosen one
            self._book = book
            self._show(book.chosen)
        else:
            self._fill_pick(self.sc_pick.currentData())
        self.sc_status.setText(self._status())
