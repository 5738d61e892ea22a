"""The whole workflow on the bundled sample, as an official goes through it: new project → the
sample → identification → choose clusters → answer a checklist item → adjust a stage → a
scenario → report options → report → save → close → reopen with everything intact; plus Cancel
of an import in progress and a failed assessment titled as one."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402

from clusterpolicy.gui.main_window import MainWindow  # noqa: E402
from clusterpolicy.messages import ProblemError  # noqa: E402
from clusterpolicy.paths import resource  # noqa: E402

pytestmark = pytest.mark.gui


def _idle(qtbot, win, timeout=180000):
    qtbot.waitUntil(lambda: not win.runner.busy, timeout=timeout)


@pytest.mark.slow
def test_new_project_to_report_and_reopen(qtbot, tmp_path):
    path = tmp_path / "清溪县.cpa"
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    assert win.new_project(str(path), choose_data=False)
    win.load_sample()
    qtbot.waitUntil(lambda: win.data is not None and not win.runner.busy, timeout=120000)
    win.data_page.focal.setCurrentIndex(win.data_page.focal.findData("990105"))
    assert win.act_run.isEnabled()
    win.run_assessment()
    _idle(qtbot, win)
    assert win.stack.currentWidget() is win.page("identification")  # the next step is shown

    # choose two clusters, assess them in depth
    ident = win.page("identification")
    for i in range(ident.choice.count()):
        it = ident.choice.item(i)
        on = it.data(Qt.ItemDataRole.UserRole) in ("C21", "C38")
        it.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
    ident.choose_button.click()
    _idle(qtbot, win)
    assert set(win.result.tables["lifecycle"]["industry_code"]) == {"C21", "C38"}

    # answer a technology item and see the run go stale, then the score move after a re-run
    def tech_score():
        us = win.result.tables["upgrading_summary"]
        row = us[(us["industry_code"] == "C21") & (us["checklist"] == "technology")]
        return float(row[row["dimension"] == "ALL"]["score"].iloc[0])

    before = tech_score()
    jp = win.judgement_page
    jp.select("technology", "C21")
    item = next(it for it in jp.items if not it.data_driven)
    r = jp.row_of(item.id)
    old = jp.answer_box(r).currentData()
    new = "no" if old == "yes" else "yes"
    jp.answer_box(r).setCurrentIndex(jp.answer_box(r).findData(new))
    assert win.stale and "○" in win.steps.item(3).text()
    win.run_assessment()
    _idle(qtbot, win)
    assert tech_score() != before and not win.stale

    # adjust a stage (a reason is required), which re-runs
    lc = win.page("lifecycle")
    lc.cluster.setCurrentIndex(lc.cluster.findData("C38"))
    lc.adjust_button.click()
    dlg = win.override_dialog
    dlg.stage.setCurrentIndex(dlg.stage.findData("maturity"))
    dlg.reason.setPlainText("2025年调研：增长放缓")
    dlg.ok_button.click()
    _idle(qtbot, win)
    row = win.result.tables["lifecycle"].set_index("industry_code").loc["C38"]
    assert row["stage"] == "maturity" and row["override_reason"] == "2025年调研：增长放缓"

    # a what-if scenario
    eq = win.page("equalization")
    eq.sc_name.setText("人均转移")
    eq.sc_rule.setCurrentIndex(eq.sc_rule.findData("per_capita"))
    eq.sc_run.click()
    _idle(qtbot, win)
    assert set(win.result.tables["scenario"]["scenario"]) == {"人均转移"}

    # report options and the report
    rp = win.page("report")
    rp.set_options({**rp.options(), "lang": "en", "preparing_unit": "Qingxi County DRC"})
    pdf = tmp_path / "report.pdf"
    win.build_report(str(pdf))
    _idle(qtbot, win)
    assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"
    assert str(pdf) in rp.written.text()
    qtbot.waitUntil(lambda: rp.preview.page_count > 0, timeout=30000)  # the preview shows it
    assert rp.preview.page_label.text() == f"第 1 / {rp.preview.page_count} 页"
    assert rp.print_button.isEnabled()

    # save (everything is in the file already), close, reopen
    win.act_save.trigger()
    assert "项目已保存" in win.statusBar().currentMessage()
    win.close()
    assert not win.isVisible()  # nothing only in memory: no question
    again = MainWindow(lang="zh")
    qtbot.addWidget(again)
    again.open_project(str(path))
    _idle(qtbot, again, 60000)
    assert again.data is not None and again.data_page.focal.currentData() == "990105"
    assert again.chosen_clusters == ["C21", "C38"]
    assert set(again.result.tables["scenario"]["scenario"]) == {"人均转移"}
    again.judgement_page.select("technology", "C21")
    r2 = again.judgement_page.row_of(item.id)
    assert again.judgement_page.answer_box(r2).currentData() == new
    assert again.judgements.overrides_for_run()["C38"]["stage"] == "maturity"
    ro = again.page("report").options()
    assert ro["lang"] == "en" and ro["preparing_unit"] == "Qingxi County DRC"
    again.close()


def test_cancel_stops_an_import_and_keeps_nothing(qtbot):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.runner.cancelled, timeout=60000):
        win.import_files([str(resource("samples", "sample_prefecture.xlsx"))])
        qtbot.waitUntil(lambda: win.cancel_button.isVisible(), timeout=5000)
        win.cancel_button.click()
    assert win.data is None and not win.runner.busy
    assert win.statusBar().currentMessage() == "已取消"
    assert not win.cancel_button.isVisible()


def test_a_failed_assessment_is_titled_as_one_and_run_needs_industries(
    qtbot, sample_data, monkeypatch
):
    from clusterpolicy.app import assessment
    from clusterpolicy.messages import Problem, Severity

    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    empty = type(sample_data).__new__(type(sample_data))
    empty.__dict__.update(sample_data.__dict__)
    empty.industry_data = sample_data.industry_data.iloc[0:0]
    win.data = empty
    win._update_actions()
    assert not win.act_run.isEnabled()  # nothing to assess without industries
    win.data = sample_data
    win._update_actions()
    assert win.act_run.isEnabled()

    def fail(*args, **kwargs):
        raise ProblemError(
            [Problem("no_employment", Severity.ERROR, "没有从业人员数据", "no employment data")]
        )

    monkeypatch.setattr(assessment, "assess_and_store", fail)
    with qtbot.waitSignal(win.runner.failed, timeout=30000):
        win.run_assessment()
    assert win.last_message[0] == "评估未能完成" and "没有从业人员数据" in win.last_message[1]
    assert "Error" not in win.last_message[1]
    win.ask_on_close = False
