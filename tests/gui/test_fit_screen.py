"""Every window and dialog fits a 1366×768 laptop (1366×728 left by a taskbar), with the confirm
buttons, the progress bar and Cancel inside the visible frame."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QPoint, QRect  # noqa: E402

from clusterpolicy.gui import pages, screen  # noqa: E402
from clusterpolicy.gui.main_window import MainWindow  # noqa: E402

pytestmark = pytest.mark.gui
W, H = screen.SMALL_SCREEN


@pytest.fixture
def small_screen(monkeypatch):
    monkeypatch.setattr(screen, "available_size", lambda widget: (W, H))


def _fits(widget) -> None:
    hint = widget.minimumSizeHint()
    assert hint.width() <= W and hint.height() <= H, (type(widget).__name__, hint)
    assert widget.width() <= W and widget.height() <= H, (type(widget).__name__, widget.size())


def _inside(child, top) -> bool:
    r = QRect(child.mapTo(top, QPoint(0, 0)), child.size())
    return child.isVisible() and top.rect().contains(r)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_main_window_and_every_page_fit(qtbot, small_screen, sample_data, sample_result, lang):
    win = MainWindow(lang=lang)
    qtbot.addWidget(win)
    win.show()
    win.data, win.result = sample_data, sample_result(lang)
    win.data_page.show_data(sample_data)
    for key in pages.KEYS:
        win.show_step(key)
        win.refresh_pages()
        qtbot.wait(1)
        _fits(win)
    win.progress.show()
    win.cancel_button.show()
    qtbot.wait(1)
    assert _inside(win.cancel_button, win) and _inside(win.progress, win)
    win.ask_on_close = False


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mapping_dialog_fits_with_its_buttons_in_view(qtbot, small_screen, lang):
    from clusterpolicy.app.mapping_review import propose_for_review
    from clusterpolicy.gui.mapping_dialog import MappingDialog
    from clusterpolicy.paths import resource

    proposals = propose_for_review([resource("samples", "sample_prefecture.xlsx")])
    dlg = MappingDialog(proposals, None, lang)
    qtbot.addWidget(dlg)
    dlg.show()
    for i in range(len(proposals)):  # every sheet's editor, the tallest included
        dlg.select_sheet(i)
        qtbot.wait(1)
        _fits(dlg)
        assert _inside(dlg.confirm_button, dlg) and _inside(dlg.remember_box, dlg)


def test_stage_dialog_and_questions_fit(qtbot, small_screen):
    from clusterpolicy.gui.override_dialog import StageOverrideDialog

    row = {"stage": "decline", "computed_stage": "decline", "evidence_for_zh": "区位熵下降" * 80}
    dlg = StageOverrideDialog("C17", "纺织业", row, "zh")
    qtbot.addWidget(dlg)
    dlg.show()
    _fits(dlg)
    assert _inside(dlg.ok_button, dlg)
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.ask("标题", "正文" * 200, [("save", "保存"), ("cancel", "取消")], "save", lambda k: None)
    box = win.question_box
    qtbot.wait(1)
    _fits(box)
    box.reject()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_source_cell_dialog_fits(qtbot, small_screen, lang):
    from clusterpolicy.app.source_cells import CellWindow
    from clusterpolicy.gui.source_cell_dialog import SourceCellDialog
    from clusterpolicy.messages import Problem, Severity

    cells = [["很长的单元格内容" * 6] * 14 for _ in range(25)]
    problem = Problem(
        "bad", Severity.WARNING, "坏值" * 60, "bad value " * 40, "改正" * 30, "fix it " * 30,
        file="年鉴.xlsx", sheet="2020年", row=13, column="G",
    )  # fmt: skip
    dlg = SourceCellDialog(problem, CellWindow("年鉴.xlsx", "2020年", 1, 0, cells, (12, 6)), lang)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.wait(1)
    _fits(dlg)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_options_dialog_fits_with_its_buttons_in_view(qtbot, small_screen, lang):
    from PySide6.QtWidgets import QDialogButtonBox

    from clusterpolicy.gui.report_options import ReportOptionsDialog, default_options

    dlg = ReportOptionsDialog(default_options(lang), lang)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.wait(1)
    _fits(dlg)
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert _inside(ok, dlg) and _inside(dlg.chapter_list, dlg) and _inside(dlg.date_edit, dlg)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_thresholds_dialog_and_its_save_dialog_fit(qtbot, small_screen, lang):
    win = MainWindow(lang=lang)
    qtbot.addWidget(win)
    win.show()
    win.open_thresholds()
    qtbot.waitUntil(lambda: win.thresholds_dialog is not None, timeout=60000)
    dlg = win.thresholds_dialog
    qtbot.wait(1)
    _fits(dlg)
    model = dlg.model
    assert model.setData(model.index_of("identification.lq.pass_min"), 2.0)
    assert _inside(dlg.save_button, dlg) and _inside(dlg.close_button, dlg)
    dlg.save_button.click()
    save = dlg.save_dialog
    qtbot.wait(1)
    _fits(save)
    assert _inside(save.ok_button, save)
    save.reject()
    dlg.reject()
    win.ask_on_close = False
