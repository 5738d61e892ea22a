"""The step pages: one module each, built on first show; every page says what it shows and its
state from the step model."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from clusterpolicy.gui import pages  # noqa: E402
from clusterpolicy.gui.main_window import MainWindow  # noqa: E402

pytestmark = pytest.mark.gui


def test_only_the_first_page_is_built_at_start_and_others_on_first_show(qtbot):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    assert list(win.pages) == ["data"]
    assert [win.steps.item(i).text().split(" ", 1)[1] for i in range(3)] == [
        "一、数据导入",
        "二、集群识别",
        "三、生命周期",
    ]
    placeholder = win.stack.widget(pages.KEYS.index("policy"))
    win.show_step("policy")
    assert "policy" in win.pages and win.stack.currentWidget() is win.pages["policy"]
    assert win.stack.currentWidget() is not placeholder
    assert win.stack.count() == len(pages.KEYS)
    # nothing imported yet: every page says what to do first
    assert "尚未导入数据" in win.pages["policy"].state.text()
    win.show_step("report")
    assert win.stack.indexOf(win.pages["report"]) == pages.KEYS.index("report")


def test_every_step_page_builds_and_states_what_it_shows(qtbot):
    win = MainWindow(lang="en")
    qtbot.addWidget(win)
    for key in pages.KEYS:
        page = win.page(key)
        assert page.intro.text() and page.intro.wordWrap()
        assert page.title.text()
    assert len(win.pages) == len(pages.KEYS)


def test_upgrading_checklists_are_answered_on_the_upgrading_page(qtbot, sample_data, sample_result):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    win.data, win.result = sample_data, sample_result("zh")
    win.data_page.show_data(sample_data)
    win.show_step("upgrading")
    page = win.pages["upgrading"]
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles[:2] == ["升级得分汇总", "升级清单条目"] and titles[-1] == "回答清单"
    answers = page.answers
    assert answers.scope_keys == ("technology", "brand") and answers.scopes.count() == 2
    assert not page.rerun.isVisible()
    answers.select("brand", "C21")
    item = next(it for it in answers.items if not it.data_driven)
    row = answers.row_of(item.id)
    box = answers.answer_box(row)
    box.setCurrentIndex(box.findData("no" if box.currentData() == "yes" else "yes"))
    chosen = box.currentData()
    # re-scored live (tests/gui/test_live_scores_page.py): no re-run needed for this answer
    assert not win.stale and not page.rerun.isVisible()
    qtbot.waitUntil(lambda: not page.busy(), timeout=15000)
    assert win.judgements.answer(("brand", "C21"), item.id).value == chosen
    win.show_step("judgements")  # the full answer page shows the same answer
    jp = win.judgement_page
    jp.select("brand", "C21")
    assert jp.answer_box(jp.row_of(item.id)).currentData() == chosen
    win.ask_on_close = False
