"""The main window's project work: new, open, save, save as, recent projects, close, and never
losing work silently (closing with unsaved data or answers asks 保存 / 不保存 / 取消).

With a project open, every import, setting, answer, override and run is written to the file at
once, so "保存" only confirms it (and records the project in the recent list); without one the
window holds everything in memory, the title shows "*", and "保存" asks where to make a project.
The run-time language switch rebuilds the window in the other language with the same state.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from clusterpolicy.app.judgements import Judgements, save_user_name
from clusterpolicy.app.scenarios import Scenarios
from clusterpolicy.gui.texts import tr
from clusterpolicy.messages import ProblemError


class ProjectActions:
    """Mixed into :class:`~clusterpolicy.gui.main_window.MainWindow` (no state of its own)."""

    # --- questions -------------------------------------------------------------------------
    def ask(
        self, title: str, text: str, choices: list[tuple[str, str]], default: str, then
    ) -> None:
        """A window-modal question that does not block the event loop: ``choices`` = [(key,
        label)], "cancel" is the escape choice; ``then(key)`` runs with the button pressed. The
        open box and its buttons are ``question_box`` / ``question_buttons`` (tests press them)."""
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self
        )
        roles = {
            "save": QMessageBox.ButtonRole.AcceptRole,
            "replace": QMessageBox.ButtonRole.AcceptRole,
            "discard": QMessageBox.ButtonRole.DestructiveRole,
            "cancel": QMessageBox.ButtonRole.RejectRole,
        }
        buttons = {
            key: box.addButton(label, roles.get(key, QMessageBox.ButtonRole.ActionRole))
            for key, label in choices
        }
        box.setDefaultButton(buttons[default])
        if "cancel" in buttons:
            box.setEscapeButton(buttons["cancel"])
        self.last_question = (title, text)
        self.question_box, self.question_buttons = box, buttons

        def finished(_result) -> None:
            clicked = box.clickedButton()
            self.question_box, self.question_buttons = None, {}
            box.deleteLater()
            then(next((k for k, b in buttons.items() if b is clicked), "cancel"))

        box.finished.connect(finished)
        box.open()

    def maybe_save(self, go_on) -> bool:
        """Before work held only in memory would be dropped: ask 保存 / 不保存 / 取消 and call
        ``go_on()`` unless cancelled (or the save was). Returns True when nothing had to be
        asked (``go_on`` has not been called: the caller goes on itself)."""
        if not self.unsaved:
            return True

        def answered(choice: str) -> None:
            if choice == "discard" or (choice == "save" and self.save_project()):
                self.unsaved = False
                go_on()

        self.ask(
            tr("unsaved_title", self.lang),
            tr("unsaved_text", self.lang),
            [
                ("save", tr("btn_save", self.lang)),
                ("discard", tr("btn_discard", self.lang)),
                ("cancel", tr("cancel", self.lang)),
            ],
            "save",
            answered,
        )
        return False

    def mark_unsaved(self) -> None:
        """Something changed that only the window holds (no project open)."""
        if self.project is None and (
            self.data is not None or self.judgements.all_answers() or self.scenarios.unsaved
        ):
            self.unsaved = True
            self._update_title()

    # --- project ---------------------------------------------------------------------------
    def _project_path(self, save: bool, caption: str) -> str:
        ask = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        path, _ = ask(self, caption, "", tr("project_files", self.lang))
        if path and save and not path.lower().endswith(".cpa"):
            path += ".cpa"
        return path

    def _reset(self) -> None:
        """Forget the data, results and judgements of the window (before a new or opened project)."""
        self.data, self.result, self.files = None, None, []
        self.chosen_clusters = None
        self.judgements = Judgements(self.project)
        self.scenarios = Scenarios(self.project)  # the project's saved ones (notices if damaged)
        self.stale = False
        self.unsaved = False
        self.profile_notices = []
        self.data_page.clear()
        self.show_notices()
        self.refresh_pages()

    def _project_failed(self, exc: ProblemError) -> bool:
        self.tell(
            tr("project_failed", self.lang), "\n".join(p.text(self.lang) for p in exc.problems)
        )
        return False

    def _opened(self, project) -> None:
        from clusterpolicy.app.recent import remember_project

        remember_project(project.path)
        self._fill_recent_menu()

    def new_project(self, path: str | None = None, *, choose_data: bool | None = None) -> bool:
        """Create a project at ``path`` (asked when None), then import data (file chooser when asked)."""
        if not self.maybe_save(lambda: self.new_project(path, choose_data=choose_data)):
            return False
        if path is None:
            path = self._project_path(True, tr("new_project", self.lang))
            choose_data = True if choose_data is None else choose_data
            if not path:
                return False
        self.close_project()
        try:
            from clusterpolicy.app import projects

            self.project = projects.create_project(
                path, settings=self.settings().to_dict(), user=self.who
            )
        except ProblemError as exc:
            return self._project_failed(exc)
        self._reset()
        self._opened(self.project)
        self._update_title()
        self._update_actions()
        self.statusBar().showMessage(tr("project_created", self.lang, path=path), 10000)
        if choose_data:
            self.choose_files()
        return True

    def open_project(self, path: str | None = None) -> bool:
        """Open a project and show its data, settings, answers, overrides and latest results."""
        if not self.maybe_save(lambda: self.open_project(path)):
            return False
        if path is None:
            path = self._project_path(False, tr("open_project", self.lang))
            if not path:
                return False
        self.close_project()
        try:
            from clusterpolicy.app import projects

            project = projects.open_project(path, user=self.who)
        except ProblemError as exc:
            return self._project_failed(exc)
        self.project = project
        self._reset()
        self._opened(project)
        self._update_title()
        info = project.recover_info()
        if info.unclean:
            self.tell(
                tr("open_project", self.lang),
                tr(
                    "project_recovered",
                    self.lang,
                    opened=info.opened_at[:19],
                    who=info.user,
                    n=info.changes_kept,
                ),
            )

        def loaded(contents):
            if self.project is not project:
                return None
            self.data = contents.data
            if self.data is not None:
                self.data_page.show_data(self.data)
                self.data_page.apply_settings(contents.settings)
            self.files = []
            chosen = (contents.settings or {}).get("clusters")
            self.chosen_clusters = list(chosen) if isinstance(chosen, list) and chosen else None
            self.result = contents.result
            self.stale = contents.judged_since  # answers newer than the stored results
            if contents.profile is not None:  # the profile of the project's last run
                self._profile = contents.profile
            self.profile_notices = list(contents.profile_notices)
            self.show_notices()
            self.refresh_pages()
            self._update_actions()
            return tr("project_opened", self.lang, path=str(project.path))

        from clusterpolicy.app.projects import read_project

        self._start(loaded, _read_project, read_project, project)
        return True

    def save_project(self) -> bool:
        """Ctrl+S: with a project open everything is already in the file (say so); without
        one, make a project from the window's state (asks where)."""
        if self.project is None:
            return self.save_project_as()
        self.statusBar().showMessage(tr("project_saved", self.lang, path=self.project.path), 8000)
        return True

    def save_project_as(self, path: str | None = None) -> bool:
        """Copy the open project to ``path`` and continue there; without a project, make one from
        the window's data, settings, answers, overrides and last results."""
        if path is None:
            path = self._project_path(True, tr("save_as", self.lang))
            if not path:
                return False
        try:
            if self.project is not None:
                self.project.save_as(path)
            else:
                from clusterpolicy.app.projects import save_session_as

                self.project = save_session_as(
                    path,
                    settings=self.settings(),
                    user=self.who,
                    data=self.data,
                    mappings=self.confirmed_mappings.values(),
                    judgements=self.judgements,
                    result=self.result,
                    scenarios=self.scenarios,
                    profile=self._profile,
                )
        except ProblemError as exc:
            return self._project_failed(exc)
        self.unsaved = False
        self._opened(self.project)
        self.show_notices()
        self.refresh_pages()
        self._update_title()
        self._update_actions()
        self.statusBar().showMessage(tr("project_saved_as", self.lang, path=path), 10000)
        return True

    def close_project(self) -> None:
        """Close the open project (the window keeps showing nothing of it)."""
        if self.project is None:
            return
        self.runner.shutdown()
        self.project.close()
        self.project = None
        self._reset()
        self._update_title()
        self._update_actions()

    def _fill_recent_menu(self) -> None:
        from clusterpolicy.app.recent import recent_projects

        self.recent_menu.clear()
        paths = recent_projects()
        for p in paths:
            self.recent_menu.addAction(Path(p).name, lambda p=p: self.open_project(p)).setToolTip(p)
        self.recent_menu.setEnabled(bool(paths))

    def set_user_name(self, name: str) -> None:
        """The name recorded with the next answers and overrides (remembered for this OS user)."""
        self.who = save_user_name(name)
        if self.project is not None:
            self.project.user = self.who
        self.refresh_pages()

    def _settings_changed(self) -> None:
        if self.result is not None:
            self.stale = True
        if self.project is not None and self.data is not None:
            try:
                self.project.update_settings(self.settings().to_dict())
            except ProblemError as exc:
                self.statusBar().showMessage(exc.problems[0].text(self.lang), 10000)
        self.refresh_pages()

    # --- language and closing ----------------------------------------------------------------
    def _close_now(self) -> None:
        self.ask_on_close = False
        self.close()

    def switch_language(self, lang: str):
        """Rebuild the window in ``lang`` with the same project, data, answers and results (and
        Qt's own strings in that language); returns the new window."""
        from clusterpolicy.gui.i18n import install_qt_translations

        if lang == self.lang:
            return self
        install_qt_translations(lang)
        new = type(self)(lang=lang)
        for name in (
            "project", "data", "result", "judgements", "region_hint", "files",
            "confirmed_mappings", "stale", "unsaved", "chosen_clusters", "scenarios",
            "_profile", "profile_notices",
        ):  # fmt: skip
            setattr(new, name, getattr(self, name))
        settings = self.settings().to_dict()
        if new.data is not None:
            new.data_page.show_data(new.data)
            new.data_page.apply_settings(settings)
        upgrading = self.pages.get("upgrading")
        if upgrading is not None and upgrading.busy():  # a live re-score the switch cuts off
            new.stale = True
        report = self.pages.get("report")
        if report is not None and report.changed_options():  # a project keeps its own
            new.page("report").set_options(report.options(), remember=False)
        if report is not None and report.path and Path(report.path).is_file():
            new.page("report").report_written(report.path)  # its preview too
        new.resize(self.size())
        new.move(self.pos())
        new.show_notices()
        new.refresh_pages()
        new._update_title()
        new._update_actions()
        new.show()
        self.project = None  # now the new window's
        self.unsaved = False
        self.ask_on_close = False
        self.close()
        self.deleteLater()
        return new

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.ask_on_close and not self.maybe_save(self._close_now):
            event.ignore()
            return
        self.runner.shutdown()
        report = self.pages.get("report")
        if report is not None:  # its page renderer's thread ends with the window
            report.preview.shutdown()
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(event)


def _read_project(read_project, project, progress=None):
    """The project's contents with the profile of its last run (the window's default profile
    is the fallback; read in the task's thread)."""
    from clusterpolicy.app.assessment import load_profile

    return read_project(project, progress, default_profile=load_profile())
