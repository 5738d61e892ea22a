"""Work is never lost silently: closing with data or answers held only in memory asks 保存 /
不保存 / 取消; importing over data asks first; Save, Save as and recent projects; the project's
notices (opened read-only) show in a banner."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from clusterpolicy.app.recent import recent_projects  # noqa: E402
from clusterpolicy.gui.main_window import MainWindow  # noqa: E402
from clusterpolicy.paths import resource  # noqa: E402
from clusterpolicy.store import Project  # noqa: E402

pytestmark = pytest.mark.gui


def _answer(win, item="PQ-03", value="partial"):
    page = win.judgement_page
    page.select("policy_quality")
    row = page.row_of(item)
    page.answer_box(row).setCurrentIndex(page.answer_box(row).findData(value))


def _question(qtbot, win):
    qtbot.waitUntil(lambda: bool(getattr(win, "question_buttons", None)), timeout=10000)
    return win.question_buttons


def test_closing_with_unsaved_answers_asks_and_cancel_keeps_the_window(qtbot):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    assert not win.unsaved
    _answer(win)
    assert win.unsaved and "*" in win.windowTitle()
    win.close()
    buttons = _question(qtbot, win)
    assert [b.text() for b in buttons.values()] == ["保存", "不保存", "取消"]
    assert win.last_question[0] == "尚未保存"
    buttons["cancel"].click()
    qtbot.waitUntil(lambda: not win.question_buttons, timeout=5000)
    assert win.isVisible() and win.unsaved
    win.close()
    _question(qtbot, win)["discard"].click()
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=5000)


def test_save_on_close_makes_a_project_with_the_answers(qtbot, tmp_path, monkeypatch):
    target = tmp_path / "会话.cpa"
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    _answer(win, "PQ-05", "yes")
    monkeypatch.setattr(win, "_project_path", lambda save, caption: str(target))
    win.close()
    _question(qtbot, win)["save"].click()
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=10000)
    with Project.open(target, read_only=True) as p:
        assert p.answer(("policy_quality", ""), "PQ-05").value == "yes"
    assert recent_projects() == [str(target.resolve())]


def test_nothing_to_lose_closes_without_asking(qtbot, tmp_path):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    assert win.new_project(str(tmp_path / "p.cpa"))
    _answer(win)  # written to the project at once
    assert not win.unsaved
    win.close()
    assert not win.isVisible() and not getattr(win, "question_buttons", None)


def test_importing_over_data_asks_before_replacing(qtbot, sample_data):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.data = sample_data
    book = str(resource("samples", "sample_prefecture.xlsx"))
    win.import_files([book])
    buttons = _question(qtbot, win)
    assert win.last_question[0] == "替换当前数据？" and "替换" in win.last_question[1]
    assert not win.runner.busy  # nothing started before the answer
    buttons["cancel"].click()
    qtbot.waitUntil(lambda: not win.question_buttons, timeout=5000)
    assert win.data is sample_data and not win.runner.busy
    win.import_files([book])
    with qtbot.waitSignal(win.runner.done, timeout=120000):
        _question(qtbot, win)["replace"].click()
    assert win.data is not sample_data and len(win.data.industry_data)
    win.ask_on_close = False


def test_save_save_as_and_recent_projects(qtbot, tmp_path):
    first, second = tmp_path / "一.cpa", tmp_path / "二.cpa"
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    assert win.act_save.shortcut().toString() == "Ctrl+S"
    assert not win.act_save.isEnabled()  # nothing to save yet
    assert win.new_project(str(first))
    assert win.act_save.isEnabled()
    win.act_save.trigger()
    assert "项目已保存" in win.statusBar().currentMessage()
    assert win.save_project_as(str(second))
    assert win.project.path == second and second.is_file()
    assert recent_projects() == [str(second.resolve()), str(first.resolve())]
    win.close_project()
    other = MainWindow(lang="zh")
    qtbot.addWidget(other)
    names = [a.text() for a in other.recent_menu.actions()]
    assert names == ["二.cpa", "一.cpa"]
    with qtbot.waitSignal(other.runner.done, timeout=30000):
        other.recent_menu.actions()[1].trigger()
    assert other.project is not None and other.project.path == first
    other.close_project()


def test_read_only_project_shows_its_notice_in_a_banner(qtbot, tmp_path, monkeypatch):
    from clusterpolicy.store import connection

    path = tmp_path / "只读.cpa"
    Project.create(path, settings={}).close()
    monkeypatch.setattr(connection, "not_writable", lambda p: "file")
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    assert win.banner.isHidden()
    with qtbot.waitSignal(win.runner.done, timeout=30000):
        assert win.open_project(str(path))
    assert win.project.read_only
    assert win.banner.isVisible() and "只读" in win.banner.text()
    win.close_project()
    assert win.banner.isHidden()
