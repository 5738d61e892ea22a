"""The report-options dialog (a Qt Designer form loaded with QUiLoader): its texts in zh and
en, the chapters that cannot be left out, OK refused without an assessment chapter; the report
page's options line; a report built through the window with the dialog's options; the options
remembered in the project."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QDate, Qt  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox  # noqa: E402

from clusterpolicy.gui.main_window import MainWindow  # noqa: E402
from clusterpolicy.gui.report_options import ReportOptionsDialog, default_options  # noqa: E402

pytestmark = pytest.mark.gui
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")


def _ok(dlg):
    return dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)


@pytest.mark.parametrize(
    ("lang", "title", "signer", "lifecycle", "fmt"),
    [
        ("zh", "报告选项", "签发人", "生命周期诊断", "yyyy年M月d日"),
        ("en", "Report options", "Issued by", "Life-cycle diagnosis", "yyyy-MM-dd"),
    ],
)
def test_dialog_texts_and_mandatory_chapters(qtbot, lang, title, signer, lifecycle, fmt):
    dlg = ReportOptionsDialog(default_options(lang), lang)
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == title
    labels = {w.objectName(): w.text() for w in dlg.form.findChildren(type(dlg.intro))}
    assert labels["signer_label"] == signer and all(labels[k] for k in labels if k != "problem")
    assert dlg.date_edit.calendarPopup() and dlg.date_edit.displayFormat() == fmt
    assert dlg.date_edit.date() == QDate.currentDate()
    items = {
        dlg.chapter_list.item(i).data(Qt.ItemDataRole.UserRole): dlg.chapter_list.item(i)
        for i in range(dlg.chapter_list.count())
    }
    assert items["lifecycle"].text() == lifecycle
    for key, it in items.items():
        assert it.checkState() == Qt.CheckState.Checked
        enabled = bool(it.flags() & Qt.ItemFlag.ItemIsEnabled)
        assert enabled == (key not in ("limitations", "appendix")), key
    dlg.set_chapter("appendix", False)  # a mandatory chapter stays ticked
    assert items["appendix"].checkState() == Qt.CheckState.Checked
    assert dlg.options()["chapters"] is None  # all ticked: all chapters


def test_ok_is_refused_without_an_assessment_chapter(qtbot):
    dlg = ReportOptionsDialog(default_options("zh"), "zh")
    qtbot.addWidget(dlg)
    dlg.show()
    for i in range(dlg.chapter_list.count()):
        dlg.set_chapter(dlg.chapter_list.item(i).data(Qt.ItemDataRole.UserRole), False)
    assert dlg.options()["chapters"] == ["limitations", "appendix"]
    _ok(dlg).click()
    assert dlg.isVisible() and dlg.result() == 0
    assert dlg.problem.isVisible() and "未选择任何评估章节" in dlg.problem.text()
    dlg.set_chapter("summary", True)
    with qtbot.waitSignal(dlg.accepted, timeout=2000):
        _ok(dlg).click()
    assert not dlg.problem.isVisible()


def _set_in_dialog(qtbot, page, *, signer, day, leave_out):
    page.options_button.click()
    dlg = page.options_dialog
    assert dlg is not None and dlg.isVisible()
    dlg.signer_edit.setText(signer)
    dlg.unit_edit.setText("清溪县发展和改革局")
    dlg.date_edit.setDate(QDate(day.year, day.month, day.day))
    dlg.set_chapter(leave_out, False)
    with qtbot.waitSignal(dlg.accepted, timeout=2000):
        _ok(dlg).click()


@needs_poppler
@pytest.mark.slow
def test_report_built_through_the_window_with_the_dialogs_options(
    qtbot, tmp_path, sample_data, sample_result
):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    win.data, win.result = sample_data, sample_result("zh")
    win.refresh_pages()
    win.show_step("report")
    page = win.page("report")
    _set_in_dialog(qtbot, page, signer="王建国", day=date(2026, 12, 3), leave_out="lifecycle")
    opts = page.options()
    assert set(opts) == {"lang", "preparing_unit", "signer", "report_date", "chapters"}
    assert opts["signer"] == "王建国" and opts["report_date"] == "2026-12-03"
    assert "lifecycle" not in opts["chapters"] and "appendix" in opts["chapters"]
    line = page.options_line.text()
    assert "签发人：王建国" in line and "不含：生命周期诊断" in line and "2026年12月3日" in line
    pdf = tmp_path / "report.pdf"
    win.build_report(str(pdf))
    qtbot.waitUntil(lambda: not win.runner.busy, timeout=240000)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    assert "签发人：王建国" in flat and "编制日期：2026年12月3日" in flat
    assert not re.search(r"[一二三四五六七八九十]+、生命周期诊断", flat)  # no heading, no TOC line
    assert "三、技术升级评估" in flat  # the next chapter took its number
    assert "应用户要求，本报告未收录以下章节：生命周期诊断" in flat
    win.ask_on_close = False


def test_options_are_remembered_in_the_project(qtbot, tmp_path):
    path = tmp_path / "选项.cpa"
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    assert win.new_project(str(path), choose_data=False)
    win.show_step("report")
    page = win.page("report")
    assert page.options() == default_options("zh")
    _set_in_dialog(qtbot, page, signer="李四", day=date(2026, 11, 30), leave_out="brand")
    chosen = page.options()
    assert win.project.setting("report_options") == chosen
    win.close()
    again = MainWindow(lang="zh")
    qtbot.addWidget(again)
    assert again.page("report").options()["signer"] == ""  # nothing before the project opens
    again.open_project(str(path))
    qtbot.waitUntil(lambda: not again.runner.busy, timeout=60000)
    assert again.page("report").options() == chosen
    assert "签发人：李四" in again.page("report").options_line.text()
    again.close_project()  # closing goes back to the defaults
    assert again.page("report").options() == default_options("zh")
    again.close()


def test_language_switch_keeps_the_chosen_options(qtbot):
    from PySide6.QtWidgets import QApplication

    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    page = win.page("report")
    _set_in_dialog(qtbot, page, signer="王建国", day=date(2026, 12, 3), leave_out="brand")
    chosen = page.options()
    try:
        new = win.switch_language("en")
        qtbot.addWidget(new)
        assert new.page("report").options() == chosen
        assert "issued by: 王建国" in new.page("report").options_line.text()
        assert "leaving out: Brand upgrading" in new.page("report").options_line.text()
    finally:
        from clusterpolicy.gui.i18n import install_qt_translations

        install_qt_translations("en")
    new.ask_on_close = False
    new.close()
    QApplication.processEvents()


def test_a_damaged_stored_options_value_falls_back_to_the_defaults(qtbot, tmp_path):
    import sqlite3

    from clusterpolicy.app.projects import create_project
    from clusterpolicy.gui.main_window import MainWindow

    path = tmp_path / "d.cpa"
    with create_project(path, settings={}) as p:
        p.set_setting("report_options", {"lang": "en"})
    con = sqlite3.connect(path)
    con.execute("UPDATE settings SET value_json = '{broken' WHERE key = 'report_options'")
    con.commit()
    con.close()
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.page("report")  # built before the project opens: it follows the project on refresh
    assert win.open_project(str(path))
    qtbot.waitUntil(lambda: not win.runner.busy, timeout=30000)
    assert win.page("report").options()["lang"] == "zh"  # the defaults
    win.ask_on_close = False
