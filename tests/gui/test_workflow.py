"""The whole workflow on the bundled sample, as an official goes through it: new project → drop
the workbook → confirm the mapping → identification → choose clusters → answer a checklist item
on the upgrading page and see the score move → adjust a stage → a scenario → report options →
report → preview → save → close → reopen with everything intact; work in no project asks on
close and 保存 keeps it; plus Cancel of an import in progress and a failed assessment titled as
one."""

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


def _drop(win, paths) -> None:
    """Drop files on the window as the desktop does (the drag, then the drop)."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPoint(20, 20), *args)
    win.dragEnterEvent(enter)
    assert enter.isAccepted()
    win.dropEvent(QDropEvent(QPointF(20, 20), *args))


def _confirm_mapping(qtbot, win) -> None:
    """Confirm the column-mapping dialog when it is shown (a remembered layout imports at once)."""
    qtbot.waitUntil(lambda: win.mapping_dialog is not None or win.data is not None, timeout=120000)
    if win.mapping_dialog is not None:
        assert win.mapping_dialog.confirm_button.text() == "确认并导入"
        qtbot.mouseClick(win.mapping_dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.data is not None and not win.runner.busy, timeout=120000)


def _pdf_text(path) -> str:
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True
    )
    return out.stdout.decode("utf-8")


@pytest.mark.slow
def test_new_project_to_report_and_reopen(qtbot, tmp_path):
    import pypdfium2

    path = tmp_path / "清溪县.cpa"
    book = resource("samples", "sample_prefecture.xlsx")
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    assert win.new_project(str(path), choose_data=False)
    win.load_answers(str(resource("samples", "sample_answers.json")))  # 载入答案…
    _idle(qtbot, win)

    # drop the workbook on the window; the column mapping is shown and confirmed
    _drop(win, [book])
    qtbot.waitUntil(lambda: win.mapping_dialog is not None, timeout=120000)
    _confirm_mapping(qtbot, win)
    assert win.project.has_data()
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

    # answer a technology item on the upgrading page: the score moves by the item's weight
    # (否 → 是, from the rule profile), without a re-run
    win.show_step("upgrading")
    up_page = win.page("upgrading")
    summary = up_page.table("upgrading_summary")

    def tech_score():
        us = summary.model().frame
        row = us[(us["industry_code"] == "C21") & (us["checklist"] == "technology")]
        return float(row[row["dimension"] == "ALL"]["score"].iloc[0])

    up = win.result.tables["upgrading"]
    rows = up[(up.industry_code == "C21") & (up.checklist == "technology")]
    item = rows[(rows.answer == "no") & (rows.basis == "judgement")].item_id.iloc[0]
    weight = next(
        float(it.get("weight", 1.0))
        for it in win.profile.checklist("technology").items
        if it["id"] == item
    )
    before = tech_score()
    up_page.tabs.setCurrentWidget(up_page.answers)
    answers = up_page.answers
    answers.select("technology", "C21")
    box = answers.answer_box(answers.row_of(item))
    box.setCurrentIndex(box.findData("yes"))
    qtbot.waitUntil(lambda: abs(tech_score() - (before + weight)) < 1e-9, timeout=30000)

    # adjust a stage (a reason is required), which re-runs
    lc = win.page("lifecycle")
    lc.cluster.setCurrentIndex(lc.cluster.findData("C38"))
    lc.adjust_button.click()
    dlg = win.override_dialog
    assert not dlg.ok_button.isEnabled()  # no reason yet
    dlg.stage.setCurrentIndex(dlg.stage.findData("maturity"))
    dlg.reason.setPlainText("2025年调研：增长放缓")
    dlg.ok_button.click()
    _idle(qtbot, win)
    row = win.result.tables["lifecycle"].set_index("industry_code").loc["C38"]
    assert row["stage"] == "maturity" and row["override_reason"] == "2025年调研：增长放缓"
    assert tech_score() == pytest.approx(before + weight)  # the full run agrees

    # a what-if scenario
    eq = win.page("equalization")
    eq.sc_name.setText("人均转移")
    eq.sc_rule.setCurrentIndex(eq.sc_rule.findData("per_capita"))
    eq.sc_run.click()
    _idle(qtbot, win)
    assert set(win.result.tables["scenario"]["scenario"]) == {"人均转移"}

    # report options in their dialog, the report, its preview
    win.show_step("report")
    rp = win.page("report")
    rp.edit_options()
    ro = rp.options_dialog
    ro.lang_combo.setCurrentIndex(ro.lang_combo.findData("en"))
    ro.unit_edit.setText("Qingxi County DRC")
    ro.signer_edit.setText("Wang Jianguo")
    ro.set_chapter("brand", False)
    ro.buttons.button(ro.buttons.StandardButton.Ok).click()
    assert rp.options()["signer"] == "Wang Jianguo" and "brand" not in rp.options()["chapters"]
    pdf = tmp_path / "report.pdf"
    win.build_report(str(pdf))
    _idle(qtbot, win)
    assert pdf.is_file() and str(pdf) in rp.written.text()
    doc = pypdfium2.PdfDocument(str(pdf))
    n_pages = len(doc)
    doc.close()
    qtbot.waitUntil(lambda: rp.preview.page_count == n_pages, timeout=30000)
    assert rp.preview.page_label.text() == f"第 1 / {n_pages} 页"
    assert rp.print_button.isEnabled()
    assert rp.state.text().startswith("报告已生成")  # no longer "可以生成报告"
    text = _pdf_text(pdf)
    assert "Wang Jianguo" in text and "Qingxi County DRC" in text
    # the brand chapter is left out: its title only where the appendix says so
    assert "5. Brand upgrading" not in text and "5. Welfare equalization" in text  # renumbered
    assert text.count("Brand upgrading") == 1

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
    r2 = again.judgement_page.row_of(item)
    assert again.judgement_page.answer_box(r2).currentData() == "yes"
    assert again.judgements.overrides_for_run()["C38"]["stage"] == "maturity"
    ro = again.page("report").options()
    assert ro["lang"] == "en" and ro["preparing_unit"] == "Qingxi County DRC"
    assert ro["signer"] == "Wang Jianguo" and "brand" not in ro["chapters"]
    again.close()


@pytest.mark.slow
def test_unsaved_work_asks_on_close_and_saving_keeps_it(qtbot, tmp_path, monkeypatch):
    target = tmp_path / "未保存.cpa"
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    _drop(win, [resource("samples", "sample_prefecture.xlsx")])
    _confirm_mapping(qtbot, win)
    page = win.judgement_page
    page.select("policy_quality")
    page.answer_box(page.row_of("PQ-03")).setCurrentIndex(
        page.answer_box(page.row_of("PQ-03")).findData("partial")
    )
    assert win.unsaved and "*" in win.windowTitle()
    monkeypatch.setattr(win, "_project_path", lambda save, caption: str(target))
    win.close()
    qtbot.waitUntil(lambda: bool(getattr(win, "question_buttons", None)), timeout=10000)
    assert win.last_question[0] == "尚未保存"
    win.question_buttons["save"].click()
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=60000)
    again = MainWindow(lang="zh")
    qtbot.addWidget(again)
    again.open_project(str(target))
    _idle(qtbot, again, 60000)
    n = len(again.data.industry_data)
    assert n > 0 and n == len(win.data.industry_data)
    assert again.judgements.answer(("policy_quality", ""), "PQ-03").value == "partial"
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
