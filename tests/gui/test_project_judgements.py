"""Projects and judgements in the desktop window: every answer and stage override is written to
the ``.cpa`` with who/when and survives closing and reopening; overrides need a reason."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("PySide6.QtWidgets")

from clusterpolicy.app.judgements import Judgements, scope_items  # noqa: E402
from clusterpolicy.gui.main_window import MainWindow  # noqa: E402
from clusterpolicy.gui.override_dialog import StageOverrideDialog  # noqa: E402
from clusterpolicy.knowledge import load_profile  # noqa: E402
from clusterpolicy.store import Project  # noqa: E402

pytestmark = pytest.mark.gui

NOTE = "走访12家企业：彼此之间没有配套或采购关系"
REASON = "2025年调研：龙头企业扩产，新进入企业增加"


def _cell_row(model, code):
    """Row dict of ``code`` in a DataFrameModel-backed view."""
    df = model._df
    rows = df[df["industry_code"].astype(str) == code]
    assert len(rows) == 1
    return rows.iloc[0]


def test_judgements_in_memory_keep_history_and_build_run_inputs():
    book = Judgements()
    assert book.set_answer(("existence", "C21"), "EX-02", "是", "", "甲")
    assert not book.set_answer(
        ("existence", "C21"), "EX-02", "yes", "", "甲"
    )  # unchanged → nothing written
    assert book.set_answer(("existence", "C21"), "EX-02", "否", NOTE, "乙")
    assert book.set_answer(("roles", ""), "ROLE-1-1", "partial", "", "乙")
    hist = book.answer_history(("existence", "C21"), "EX-02")
    assert [(h.old_value, h.new_value, h.changed_by) for h in hist] == [
        (None, "yes", "甲"),
        ("yes", "no", "乙"),
    ]
    answers = book.to_answers("990105")
    assert answers.values("existence", "C21") == {"EX-02": "no"}
    assert answers.get("existence", "C21")["EX-02"]["note"] == NOTE
    assert answers.values("roles") == {"ROLE-1-1": "partial"}
    with pytest.raises(ValueError):
        book.set_answer(("technology", "C21"), "TECH-30", 7)
    with pytest.raises(ValueError):
        book.set_override("C21", "maturity", "   ")
    book.set_override("C21", "maturity", REASON, "乙")
    assert book.overrides_for_run() == {"C21": {"stage": "maturity", "reason": REASON}}
    book.clear_override("C21", "数据更正后恢复计算结果", "乙")
    assert book.overrides_for_run() == {}
    assert [c.new_value for c in book.override_history("C21")] == ["maturity", None]


def test_scope_items_cover_every_checklist_and_mark_data_items():
    profile = load_profile()
    tech = scope_items(profile, "technology")
    assert len(tech) == len(profile.checklist("checklist.technology").items)
    data_ids = {i.id for i in tech if i.data_driven}
    assert "TECH-01" in data_ids and all(i.formula for i in tech if i.data_driven)
    flags = scope_items(profile, "red_flags")
    assert [f.id for f in flags][:2] == ["N1", "N2"] and flags[0].scale == "yes_no"
    assert flags[0].text_zh.endswith("？")  # the question, not the principle


def test_override_dialog_needs_a_reason(qtbot):
    row = {
        "stage": "decline",
        "computed_stage": "decline",
        "evidence_for_zh": "区位熵下降",
        "evidence_against_zh": "—",
    }
    dlg = StageOverrideDialog("C17", "纺织业", row, "zh")
    qtbot.addWidget(dlg)
    assert dlg.stage.currentData() == "decline"
    assert not dlg.ok_button.isEnabled()
    dlg.reason.setPlainText("   ")
    assert not dlg.ok_button.isEnabled()
    dlg.reason.setPlainText(REASON)
    assert dlg.ok_button.isEnabled()
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    shown = [w.text() for w in dlg.findChildren(QLabel)] + [
        w.toPlainText() for w in dlg.findChildren(QPlainTextEdit)
    ]
    assert "区位熵下降" in shown and any("衰退期" in t for t in shown)


def test_answers_without_project_save_as_json_and_load_back(qtbot, tmp_path):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    page = win.judgement_page
    page.who_edit.setText("县发改局 张三")
    page.who_edit.editingFinished.emit()
    assert win.who == "县发改局 张三"
    page.select("policy_quality")
    row = page.row_of("PQ-03")
    page.answer_box(row).setCurrentIndex(page.answer_box(row).findData("partial"))
    page.set_note(row, "只有一份文件")
    out = tmp_path / "answers.json"
    win.save_answers_json(str(out))
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["policy_quality"]["PQ-03"]["answer"] == "partial"
    assert saved["policy_quality"]["PQ-03"]["note"] == "只有一份文件"
    assert saved["policy_quality"]["PQ-03"]["who"] == "县发改局 张三"
    assert [
        h.changed_by for h in win.judgements.answer_history(("policy_quality", ""), "PQ-03")
    ] == ["县发改局 张三"] * 2
    other = MainWindow(lang="zh")
    qtbot.addWidget(other)
    assert other.who == "县发改局 张三"  # the name is remembered for this OS user
    other.load_answers(str(out))
    assert other.judgements.answer(("policy_quality", ""), "PQ-03").value == "partial"


def test_recovered_session_is_announced(qtbot, tmp_path):
    path = tmp_path / "crash.cpa"
    p = Project.create(path, settings={})
    p.set_answer(("roles", ""), "ROLE-1-1", "yes", "")
    p._conn.close()  # the process "dies": no clean close
    p._conn = None
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.runner.done, timeout=30000):
        assert win.open_project(str(path))
    assert "已恢复上次未正常关闭的会话" in win.last_message[1]
    assert win.judgements.answer(("roles", ""), "ROLE-1-1").value == "yes"
    win.close_project()


@pytest.mark.slow
def test_project_answers_override_and_reopen(qtbot, tmp_path):
    path = tmp_path / "清溪县家具.cpa"
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    assert win.new_project(str(path))
    assert "清溪县家具" in win.windowTitle()
    win.load_sample()  # its answers, then its workbook: two background tasks
    qtbot.waitUntil(lambda: win.data is not None and not win.runner.busy, timeout=120000)
    win.data_page.focal.setCurrentIndex(win.data_page.focal.findData("990105"))

    # answer an existence item "否" with a note on the judgement page
    page = win.judgement_page
    page.select("existence", "C21")
    row = page.row_of("EX-02")
    box = page.answer_box(row)
    assert box.currentData() == "yes"  # from the sample answers
    box.setCurrentIndex(box.findData("no"))
    page.set_note(row, NOTE)
    assert page.history.rowCount() == 3  # sample "yes", → "no", note added
    with qtbot.waitSignal(win.runner.done, timeout=180000):
        win.run_assessment()
    clusters = win.result.tables["clusters"]
    assert (
        clusters.set_index("industry_code").loc["C21", "verdict"] == "agglomeration_not_yet_cluster"
    )
    lc = win.result.tables["lifecycle"].set_index("industry_code")
    computed = lc.loc["C21", "computed_stage"]
    target = "maturity" if computed != "maturity" else "growth"

    # override the stage: OK stays disabled without a reason
    lifecycle = win.page("lifecycle")
    lifecycle.cluster.setCurrentIndex(lifecycle.cluster.findData("C21"))
    lifecycle.adjust_button.click()
    dlg = win.override_dialog
    assert dlg is not None and not dlg.ok_button.isEnabled()
    dlg.stage.setCurrentIndex(dlg.stage.findData(target))
    dlg.reason.setPlainText(REASON)
    assert dlg.ok_button.isEnabled()
    with qtbot.waitSignal(win.runner.done, timeout=180000):
        dlg.ok_button.click()
    view = lifecycle.tabs.widget(0)
    shown = _cell_row(view.model(), "C21")
    assert shown["stage"] == target and shown["override_stage"] == target
    assert shown["override_reason"] == REASON and shown["computed_stage"] == computed

    # a second window on the same file is refused with the clear "in use" message
    second = MainWindow(lang="zh")
    qtbot.addWidget(second)
    assert not second.open_project(str(path))
    assert "正被另一个程序或窗口使用" in second.last_message[1]
    assert second.project is None

    win.close_project()
    assert win.project is None and win.data is None
    with Project.open(path, read_only=True) as p:
        a = p.answer(("existence", "C21"), "EX-02")
        assert (a.value, a.note) == ("no", NOTE)
        hist = p.answer_history(("existence", "C21"), "EX-02")
        assert [(h.old_value, h.new_value) for h in hist] == [
            (None, "yes"),
            ("yes", "no"),
            ("no", "no"),
        ]
        assert hist[-1].new_note == NOTE and hist[1].changed_by == win.who
        ov = p.override("lifecycle_stage", "C21")
        assert (ov.value, ov.reason) == (target, REASON)
        assert len(p.list_results()) == 2
        assert p.settings()["focal_region"] == "990105"
        assert p.mappings()  # the sample's mappings were stored with the data
        assert (
            p.profile().profile_id == win.profile.id and p.profile().files
        )  # the rule texts in force

    # reopen: data, settings, answers, overrides and the latest results are back
    again = MainWindow(lang="zh")
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.runner.done, timeout=60000):
        assert again.open_project(str(path))
    assert again.data is not None and again.data_page.focal.currentData() == "990105"
    assert (
        again.result.tables["clusters"].set_index("industry_code").loc["C21", "verdict"]
        == "agglomeration_not_yet_cluster"
    )
    shown = _cell_row(again.page("lifecycle").tabs.widget(0).model(), "C21")
    assert (shown["stage"], shown["override_reason"]) == (target, REASON)
    assert again.judgements.overrides_for_run() == {"C21": {"stage": target, "reason": REASON}}
    again.judgement_page.select("existence", "C21")
    r = again.judgement_page.row_of("EX-02")
    assert again.judgement_page.answer_box(r).currentData() == "no"
    again.close()
    assert again.project is None
