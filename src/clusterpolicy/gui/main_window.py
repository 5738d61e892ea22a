"""The main window: the step list on the left, one page per step, a banner for the project's
notices, and a progress bar with Cancel that is always visible.

Pages live in :mod:`clusterpolicy.gui.pages` (one module per step) and are imported and built
the first time their step is shown, so start-up pays only for the data page. Everything a page
shows it reads from the window's state (``data``, ``result``, ``judgements``) in its
``refresh()``. The work itself is in the mixins: projects and closing (:mod:`.window_project`),
importing (:mod:`.window_import`), assessing, overrides, export and report (:mod:`.window_run`),
the recovery copy of unsaved work (:mod:`.window_recovery`);
all of it calls only :mod:`clusterpolicy.app` and runs long tasks through :class:`TaskRunner`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from clusterpolicy.app.judgements import Judgements, user_name
from clusterpolicy.app.scenarios import Scenarios
from clusterpolicy.gui import pages
from clusterpolicy.gui.screen import fit_to_screen
from clusterpolicy.gui.tasks import TaskRunner
from clusterpolicy.gui.texts import tr
from clusterpolicy.gui.warmup import start_warm_up, take_warm_profile
from clusterpolicy.gui.window_import import ImportActions
from clusterpolicy.gui.window_project import ProjectActions
from clusterpolicy.gui.window_recovery import RecoveryActions
from clusterpolicy.gui.window_run import RunActions, ThresholdActions
from clusterpolicy.logs import log_file
from clusterpolicy.messages import ProblemError

_MARKS = {"done": "✓", "ready": "○", "attention": "!", "blocked": "–", "impossible": "✕"}


class MainWindow(
    RecoveryActions, ProjectActions, ImportActions, RunActions, ThresholdActions, QMainWindow
):
    """Steps on the left, one page per step; the project (``.cpa``) keeps everything."""

    def __init__(self, lang: str = "zh"):
        super().__init__()
        self.lang = lang
        self._profile = None  # the rule profile, read on first use (see ``profile``)
        self.profile_notices: list = []  # how the open project's profile was found, if not as saved
        self.data = None
        self.result = None  # AssessmentResult of the last run, or the ResultSet from the project
        self.project = None  # the open store.Project
        self.judgements = Judgements()  # answers and stage overrides (project or memory)
        self.who = user_name()  # recorded with every answer and override
        self.region_hint = ""  # focal region named by a loaded answers file
        self.last_message: tuple[str, str] | None = None  # (title, text) of the last message
        self.files: list[str] = []
        self.mapping_dialog = None  # the open column-mapping dialog, if any
        self.override_dialog = None  # the open stage-override dialog, if any
        self.confirmed_mappings: dict[tuple, object] = {}  # (file, sheet, block) → SheetMapping
        self.chosen_clusters: list[str] | None = None  # None = the identification's selection
        self.scenarios = Scenarios()  # the named what-if scenarios and the chosen one
        self.stale = False  # answers, overrides or settings changed since the last run
        self.unsaved = False  # data or answers held only in memory (no project open)
        self.ask_on_close = True
        fit_to_screen(self, 1280, 800)
        self.setMinimumSize(800, 560)
        self.setAcceptDrops(True)
        self.runner = TaskRunner(self)

        self.pages: dict[str, QWidget] = {}
        self.steps = QListWidget()
        self.stack = QStackedWidget()
        for key in pages.KEYS:
            self.steps.addItem(QListWidgetItem(tr("step_" + key, lang)))
            self.stack.addWidget(QWidget())  # placeholder until first shown
        self.steps.currentRowChanged.connect(self._select_step)
        self.steps.setSpacing(3)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widest = max(
            self.steps.fontMetrics().horizontalAdvance("✓ " + tr("step_" + k, lang))
            for k in pages.KEYS
        )
        self.steps.setMinimumWidth(min(max(150, widest + 64), 280))  # + the style sheet padding
        self.steps.setMaximumWidth(280)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff3cd;color:#5c4400;padding:6px;")
        self.banner.hide()
        split = QSplitter()
        split.addWidget(self.steps)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setCollapsible(0, False)
        split.setSizes([self.steps.minimumWidth(), 1100])
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(4, 4, 4, 0)
        lay.addWidget(self.banner)
        lay.addWidget(split, 1)
        self.setCentralWidget(central)
        self._make_actions()

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.cancel_button = QPushButton(tr("cancel", lang))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.runner.progress.connect(self._on_progress)
        self.runner.busy_changed.connect(self._on_busy)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(
            lambda: self.statusBar().showMessage(tr("cancelled", lang), 5000)
        )
        self._on_done = None
        self.runner.done.connect(self._dispatch_done)
        self.steps.setCurrentRow(0)
        self._update_title()
        self._update_actions()
        self.refresh_pages()
        QTimer.singleShot(200, start_warm_up)  # after the first paint

    @property
    def scenario(self) -> dict | None:
        """The what-if scenario the runs use: the chosen one of ``scenarios`` (None: none)."""
        return self.scenarios.chosen_scenario()

    @scenario.setter
    def scenario(self, sc: dict | None) -> None:
        """Keep ``sc`` among the scenarios and choose it (None: choose none); a refusal (e.g. a
        read-only project) is shown in the status bar."""
        try:
            self.scenarios.choose(None if sc is None else self.scenarios.save(sc))
        except ProblemError as exc:
            self.statusBar().showMessage(exc.problems[0].text(self.lang), 10000)

    @property
    def profile(self):
        """The rule profile (items asked, thresholds used by the runs). Not part of start-up:
        the first window reads it in a background thread once it is on screen
        (:mod:`.warmup`); a window that needs it earlier waits for that, later windows read
        their own (the modules are imported by then). Safe to call from a task's thread."""
        if self._profile is None:
            profile = take_warm_profile()
            if profile is None:
                from clusterpolicy.app.assessment import load_profile

                profile = load_profile()
            self._profile = profile
        return self._profile

    # --- menus and toolbar -------------------------------------------------------------------
    def _make_actions(self) -> None:
        lang = self.lang
        menu = self.menuBar().addMenu(tr("menu_file", lang))
        bar = QToolBar()
        bar.setObjectName("main_toolbar")
        self.addToolBar(bar)
        self.act_new = menu.addAction(tr("new_project", lang), self.new_project)
        self.act_open = menu.addAction(tr("open_project", lang), self.open_project)
        self.recent_menu = menu.addMenu(tr("recent_projects", lang))
        self.act_save = menu.addAction(tr("save", lang), self.save_project)
        self.act_save.setShortcut(QKeySequence.StandardKey.Save)
        self.act_save_as = menu.addAction(tr("save_as", lang), self.save_project_as)
        self.act_close = menu.addAction(tr("close_project", lang), self.close_project)
        menu.addSeparator()
        for act in (self.act_new, self.act_open, self.act_save):
            bar.addAction(act)
        bar.addSeparator()
        self.act_import = bar.addAction(tr("import", lang), self.choose_files)
        self.act_sample = bar.addAction(tr("sample", lang), self.load_sample)
        self.act_mapping = bar.addAction(
            tr("review_mapping", lang), lambda: self.review_mappings(self.files, always_ask=True)
        )
        self.act_answers = bar.addAction(tr("answers", lang), self.choose_answers)
        self.act_run = bar.addAction(tr("run", lang), self.run_assessment)
        self.act_export = bar.addAction(tr("export", lang), self.export_results)
        self.act_report = bar.addAction(tr("report", lang), self.build_report)
        for act in (
            self.act_import,
            self.act_sample,
            self.act_answers,
            self.act_run,
            self.act_export,
            self.act_report,
        ):
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(tr("quit", lang), self.close)
        rules_menu = self.menuBar().addMenu(tr("thr_menu", lang))
        self.act_thresholds = rules_menu.addAction(tr("thr_open", lang), self.open_thresholds)
        lang_menu = self.menuBar().addMenu(tr("menu_language", lang))
        self.act_zh = lang_menu.addAction("中文", lambda: self.switch_language("zh"))
        self.act_en = lang_menu.addAction("English", lambda: self.switch_language("en"))
        for act, code in ((self.act_zh, "zh"), (self.act_en, "en")):
            act.setCheckable(True)
            act.setChecked(code == lang)
        self._fill_recent_menu()

    # --- pages -----------------------------------------------------------------------------
    def page(self, key: str):
        """The page of step ``key``, built (and its module imported) on first use."""
        page = self.pages.get(key)
        if page is None:
            row = pages.KEYS.index(key)
            page = pages.build(key, self)
            old = self.stack.widget(row)
            current = self.stack.currentIndex()
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.stack.setCurrentIndex(current)
            self.pages[key] = page
            if key == "data":
                page.settings_changed.connect(self._settings_changed)
                page.review_button.clicked.connect(self.act_mapping.trigger)
            page.refresh()
        return page

    @property
    def data_page(self):
        return self.page("data")

    @property
    def judgement_page(self):
        return self.page("judgements").page

    def _select_step(self, row: int) -> None:
        if 0 <= row < len(pages.KEYS):
            self.page(pages.KEYS[row])
            self.stack.setCurrentIndex(row)

    def show_step(self, key: str) -> None:
        self.steps.setCurrentRow(pages.KEYS.index(key))

    def show_cluster(self, code: str) -> None:
        """Go to cluster ``code``: its life-cycle page when it was assessed in depth, else its
        row of the identification table (the filter set to its code)."""
        lc = self.result.tables.get("lifecycle") if self.result is not None else None
        if lc is not None and str(code) in set(lc["industry_code"].astype(str)):
            self.show_step("lifecycle")
            page = self.page("lifecycle")
            page.cluster.setCurrentIndex(page.cluster.findData(str(code)))
            page.tabs.setCurrentIndex(0)
        else:
            self.show_step("identification")
            page = self.page("identification")
            page.tabs.setCurrentIndex(0)
            table = page.table(page.sheets[0])
            if table is not None:
                table.set_filter(str(code))
        self.statusBar().showMessage(f"{code} {self.code_name('industry_code', code)}", 8000)

    def step_states(self) -> dict:
        """The Qt-free step model's states, plus the two steps it does not model (computed
        once per state of the window: every page asks)."""
        report = self.pages.get("report")
        written = id(report.written_for) if report is not None and report.path else None
        key = (id(self.data), id(self.result), self.stale, written)
        cached = self.__dict__.get("_states")
        if cached is None or cached[0] != key:
            cached = (key, self._step_states())
            self._states = cached
        return cached[1]

    def _step_states(self) -> dict:
        from clusterpolicy.app.steps import StepState, step_states

        tables = self.result.tables if self.result is not None else None
        report = self.pages.get("report")
        written = report is not None and bool(report.path) and report.written_for is self.result
        states = dict(step_states(self.data, tables, stale=self.stale, report_written=written))
        states["judgements"] = StepState("judgements", "ready", "upgrading.unanswered")
        has = tables is not None and "welfare_effects" in tables
        if has:
            states["effects"] = StepState("effects", "done", "done")
        else:
            base = states["equalization"]
            states["effects"] = StepState(
                "effects", "ready" if base.state == "done" else base.state, "run.none"
            )
        return states

    def refresh_pages(self) -> None:
        """Show the current state on every page built so far and in the step list."""
        states = self.step_states()
        for row, key in enumerate(pages.KEYS):
            st = states.get(key)
            item = self.steps.item(row)
            mark = _MARKS.get(st.state, "") if st is not None else ""
            item.setText(f"{mark} {tr('step_' + key, self.lang)}".strip())
            item.setToolTip(st.text(self.lang) if st is not None else "")
        for page in self.pages.values():
            page.refresh()

    def code_name(self, column: str, code: str) -> str:
        """The name of an industry or region code in the window's language ("" if unknown);
        remembered per data set (a table shows the same codes on every row)."""
        cache = self.__dict__.setdefault("_names", {})
        key = (id(self.data), column, code)
        if key not in cache:
            if len(cache) > 100_000:
                cache.clear()
            cache[key] = self._code_name(column, code)
        return cache[key]

    def _code_name(self, column: str, code: str) -> str:
        if self.data is not None:
            name = (
                self.data.industry_name(code, self.lang)
                if column == "industry_code"
                else self.data.region_name(code, self.lang)
            )
            return "" if name == code else name
        if column == "industry_code":
            from clusterpolicy.model.codes.industries import division_record

            rec = division_record(code)
            return "" if rec is None else (rec.name_en if self.lang == "en" else rec.name_zh)
        return ""

    # --- plumbing --------------------------------------------------------------------------
    def _start(self, on_done, func, *args, **kwargs) -> bool:
        """Run ``func`` in the background, ``on_done`` with its result. Refused (False, said in
        the status bar) while another task runs: starting would cancel it without a word."""
        if self.runner.busy:
            self.statusBar().showMessage(tr("still_busy", self.lang), 8000)
            return False
        self._on_done = on_done
        self.runner.start(func, *args, **kwargs)
        return True

    def _dispatch_done(self, result) -> None:
        """Call the task's handler; a handler may return a status-bar message (else "done")."""
        handler, self._on_done = self._on_done, None
        message = handler(result) if handler is not None else None
        self.statusBar().showMessage(message or tr("done", self.lang), 10000 if message else 5000)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        if message:
            self.statusBar().showMessage(message)

    def _on_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress.setValue(0)
        self._update_actions()

    def tell(self, title: str, text: str, *, error: bool = False) -> None:
        """A window-modal message that does not block the event loop (kept in ``last_message``)."""
        self.last_message = (title, text)
        box = QMessageBox(
            QMessageBox.Icon.Critical if error else QMessageBox.Icon.Warning,
            title,
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, ProblemError):
            title = self._failure_title or tr("import_failed", self.lang)
            if title == tr("import_failed", self.lang):
                self.data_page.show_problems(exc.problems)
                self.show_step("data")
            self.tell(title, "\n".join(p.text(self.lang) for p in exc.problems[:10]))
        else:
            self.tell(
                tr("failed", self.lang), tr("failed_detail", self.lang, log=log_file()), error=True
            )

    _failure_title = ""

    def show_notices(self) -> None:
        """The open project's notices (opened read-only, problems recovered) in the banner."""
        notes = list(self.project.notices) if self.project is not None else []
        notes += list(getattr(self, "profile_notices", []))
        notes += self.scenarios.notices  # saved scenarios that could not be read back
        text = "\n".join(p.text(self.lang) for p in notes)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _update_actions(self) -> None:
        busy = self.runner.busy
        for act in (
            self.act_new,
            self.act_open,
            self.act_import,
            self.act_sample,
            self.act_answers,
            self.act_thresholds,
        ):
            act.setEnabled(not busy)
        has_any = self.project is not None or self.data is not None
        self.act_save.setEnabled(not busy and has_any)
        self.act_save_as.setEnabled(not busy and has_any)
        self.act_close.setEnabled(not busy and self.project is not None)
        self.act_mapping.setEnabled(not busy and bool(self.files))
        if "data" in self.pages:
            self.pages["data"].review_button.setEnabled(not busy and bool(self.files))
        has_industries = self.data is not None and len(self.data.industry_codes()) > 0
        self.act_run.setEnabled(not busy and has_industries)
        self.act_export.setEnabled(not busy and self.result is not None)
        self.act_report.setEnabled(not busy and self.result is not None)
        if "report" in self.pages:
            self.pages["report"].refresh()

    def _update_title(self) -> None:
        name = self.project.path.stem if self.project is not None else tr("no_project", self.lang)
        mark = "*" if self.unsaved else ""
        self.setWindowTitle(f"{name}{mark} — {tr('app_title', self.lang)}")
