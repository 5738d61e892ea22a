"""Unsaved work survives a crash: a recovery copy is kept while the window holds work in no
project, saving or closing on purpose deletes it, and the next start offers to recover it,
saying what it holds."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("PySide6.QtWidgets")

from clusterpolicy.app import recovery  # noqa: E402
from clusterpolicy.gui import window_recovery  # noqa: E402
from clusterpolicy.gui.main_window import MainWindow  # noqa: E402
from clusterpolicy.store import Project  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _quick(monkeypatch):
    monkeypatch.setattr(window_recovery, "DELAY_MS", 20)


def _answer(win, item, value):
    page = win.judgement_page
    page.select("policy_quality")
    row = page.row_of(item)
    page.answer_box(row).setCurrentIndex(page.answer_box(row).findData(value))


def _copies():
    return sorted(recovery.copy_path("x").parent.glob("session-*.cpa"))


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _crash(path):
    """What a crash leaves: the copy, and a side file naming a process that has ended."""
    side = path.with_suffix(".json")
    info = json.loads(side.read_text(encoding="utf-8"))
    info["pid"] = _dead_pid()
    side.write_text(json.dumps(info), encoding="utf-8")


def test_a_copy_is_kept_and_a_crash_is_offered_back(qtbot, sample_data):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    win.data = sample_data
    win.data_page.show_data(sample_data)
    _answer(win, "PQ-03", "partial")
    _answer(win, "PQ-05", "yes")
    qtbot.waitUntil(lambda: len(_copies()) == 1 and not win._recovery()["busy"], timeout=30000)
    (copy,) = _copies()
    with Project.open(copy, read_only=True) as p:  # an ordinary project with the work in it
        assert p.answer(("policy_quality", ""), "PQ-05").value == "yes"
        assert len(p.load_data().industry_data) == len(sample_data.industry_data)
    assert recovery.left_by_a_crash() == []  # this process is alive: not a crash's copy
    _crash(copy)
    # as if the window had died: it forgets its copy, so closing it here deletes nothing
    win.__dict__["_recovery_state"] = None
    win._unsaved = False
    win.ask_on_close = False
    win.close()
    assert _copies() == [copy]

    again = MainWindow(lang="zh")
    qtbot.addWidget(again)
    again.show()
    again.offer_recovery()
    qtbot.waitUntil(lambda: bool(getattr(again, "question_buttons", None)), timeout=5000)
    title, text = again.last_question
    n_regions = sample_data.summary()["regions"]
    assert title == "恢复未保存的工作"
    assert f"{n_regions} 个地区" in text and "2 条答案" in text
    assert [b.text() for b in again.question_buttons.values()] == ["恢复", "放弃", "以后再说"]
    again.question_buttons["recover"].click()
    qtbot.waitUntil(lambda: again.data is not None and not again.runner.busy, timeout=60000)
    assert again.project is not None and again.project.path.parent.name == "recovered"
    assert again.judgements.answer(("policy_quality", ""), "PQ-03").value == "partial"
    assert _copies() == [] and recovery.left_by_a_crash() == []
    again.close()


def test_saving_or_discarding_on_purpose_leaves_no_copy(qtbot, tmp_path, monkeypatch):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    _answer(win, "PQ-03", "yes")
    qtbot.waitUntil(lambda: len(_copies()) == 1 and not win._recovery()["busy"], timeout=30000)
    assert win.save_project_as(str(tmp_path / "p.cpa"))
    assert _copies() == []
    win.close()
    other = MainWindow(lang="zh")
    qtbot.addWidget(other)
    other.show()
    _answer(other, "PQ-05", "no")
    qtbot.waitUntil(lambda: len(_copies()) == 1 and not other._recovery()["busy"], timeout=30000)
    other.close()
    qtbot.waitUntil(lambda: bool(getattr(other, "question_buttons", None)), timeout=5000)
    other.question_buttons["discard"].click()
    qtbot.waitUntil(lambda: not other.isVisible(), timeout=5000)
    assert _copies() == []


def test_a_damaged_side_file_is_skipped(tmp_path):
    d = recovery.copy_path("x").parent
    (d / "session-1-1.cpa").write_bytes(b"not a project")
    (d / "session-1-1.json").write_text("{not json", encoding="utf-8")
    (d / "session-2-1.cpa").write_bytes(b"x")
    (d / "session-2-1.json").write_text(json.dumps({"pid": "abc"}), encoding="utf-8")
    (d / "session-3-1.cpa").write_bytes(b"x")
    (d / "session-3-1.json").write_text(json.dumps({"pid": 1e30}), encoding="utf-8")
    assert recovery.left_by_a_crash() == []
    # a dead process's copy whose time is hostile text: offered, and recovered under a plain name
    (d / "session-4-1.cpa").write_bytes(b"x")
    side = {"pid": _dead_pid(), "saved_at": "../../2026-12-03 10:00:00"}
    (d / "session-4-1.json").write_text(json.dumps(side), encoding="utf-8")
    (copy,) = [c for c in recovery.left_by_a_crash() if c.path.name == "session-4-1.cpa"]
    dest = recovery.recover(copy)
    assert dest.parent.name == "recovered" and dest.name == "恢复的工作-20261203100000.cpa"


def test_closing_while_a_copy_is_written_leaves_none(qtbot, monkeypatch):
    import time

    real = recovery.write_copy

    def slow(*args, **kwargs):
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(recovery, "write_copy", slow)
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    _answer(win, "PQ-03", "yes")
    qtbot.waitUntil(lambda: win._recovery()["busy"], timeout=10000)
    win.ask_on_close = False  # closed on purpose (as after 不保存)
    win.close()
    assert _copies() == []
