"""Qt's own strings in Chinese (qtbase_zh_CN from the PySide6 wheel) and the run-time switch
zh ⇄ en that rebuilds the window with the same state."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from clusterpolicy.gui.i18n import install_qt_translations  # noqa: E402
from clusterpolicy.gui.main_window import MainWindow  # noqa: E402

pytestmark = pytest.mark.gui


def _std_texts():
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "t",
        "x",
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
    )
    texts = (
        box.button(QMessageBox.StandardButton.Ok).text(),
        box.button(QMessageBox.StandardButton.Cancel).text(),
    )
    box.deleteLater()
    return texts


def test_qt_standard_buttons_read_chinese_in_zh(qtbot):
    try:
        assert install_qt_translations("zh")
        ok, cancel = _std_texts()
        assert ok.replace("&", "").startswith("确定") and cancel.replace("&", "").startswith("取消")
    finally:
        install_qt_translations("en")
    ok, cancel = _std_texts()
    assert ok.replace("&", "") == "OK" and cancel.replace("&", "") == "Cancel"


def test_language_switch_rebuilds_the_window_with_the_same_state(
    qtbot, sample_data, sample_result, tmp_path
):
    from clusterpolicy.app.outputs import write_report

    pdf = write_report(
        tmp_path / "r.pdf", sample_result("zh"), chapters=["summary", "limitations", "appendix"]
    )
    win = MainWindow(lang="zh")  # not given to qtbot: the switch deletes it (qtbot would close it)
    win.show()
    win.data, win.result = sample_data, sample_result("zh")
    win.data_page.show_data(sample_data)
    win.data_page.focal.setCurrentIndex(win.data_page.focal.findData("990105"))
    win.page("identification")
    win.page("report").report_written(str(pdf))
    assert win.steps.item(1).text().endswith("二、集群识别")
    try:
        win.act_en.trigger()
        qtbot.waitUntil(lambda: not win.isVisible(), timeout=5000)
        new = next(
            w
            for w in qtbot_windows()
            if isinstance(w, MainWindow) and w is not win and w.lang == "en" and w.isVisible()
        )
        qtbot.addWidget(new)
        assert new.data is sample_data and new.result is win.result
        assert new.steps.item(1).text().endswith("2. Identification")
        assert new.data_page.focal.currentData() == "990105"
        assert new.act_en.isChecked() and not new.act_zh.isChecked()
        new.show_step("identification")
        assert new.page("identification").tabs.tabText(0) == "Cluster candidates"
        report = new.page("report")  # the report written before the switch, previewed again
        assert report.path == str(pdf) and str(pdf) in report.written.text()
        qtbot.waitUntil(lambda: report.preview.page_count > 0, timeout=30000)
        ok, _cancel = _std_texts()
        assert ok.replace("&", "") == "OK"
        new.ask_on_close = False
    finally:
        install_qt_translations("en")


def qtbot_windows():
    from PySide6.QtWidgets import QApplication

    return QApplication.topLevelWidgets()


def test_english_uses_a_latin_face_before_the_cjk_one(qtbot):
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from clusterpolicy.gui.app import _load_font
    from clusterpolicy.gui.i18n import LATIN_FAMILIES

    app = QApplication.instance()
    before = app.font()
    cjk = _load_font(app)
    assert cjk
    latin = [f for f in LATIN_FAMILIES if f in set(QFontDatabase.families())]
    try:
        install_qt_translations("en")
        families = app.font().families()
        assert families[-1] == cjk  # Chinese names still render
        if latin:  # a machine with no Latin face keeps the CJK one alone
            assert families[0] == latin[0]
        install_qt_translations("zh")
        assert app.font().families() == [cjk]
    finally:
        install_qt_translations("en")
        app.setFont(before)  # the other tests keep the font they had
