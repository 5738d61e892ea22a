"""The data page: a browser of the imported tables, the blank template, drag and drop."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402

from clusterpolicy.gui.main_window import MainWindow  # noqa: E402

pytestmark = pytest.mark.gui


def test_imported_tables_can_be_browsed(qtbot, sample_data):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.data = sample_data
    page = win.data_page
    page.show_data(sample_data)
    titles = [page.tables.tabText(i) for i in range(page.tables.count())]
    assert titles[0] == "问题与警告"
    n = len(sample_data.industry_data)
    assert any(t.endswith(f"({n:,})") for t in titles[1:])
    table = page.table("industry_data")
    assert table.model().rowCount() == n
    code = list(table.model().frame.columns).index("industry_code")
    assert " " in table.model().index(0, code).data()  # the code with its name
    win.ask_on_close = False


def test_blank_template_from_the_data_page(qtbot, tmp_path):
    from openpyxl import load_workbook

    from clusterpolicy.app.outputs import import_template_sheets

    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    out = tmp_path / "模板.xlsx"
    with qtbot.waitSignal(win.runner.done, timeout=30000):
        win.save_template(str(out))
    names = load_workbook(out, read_only=True).sheetnames
    assert set(import_template_sheets()) <= set(names)
    assert "空白模板已保存" in win.statusBar().currentMessage()
    assert win.data_page.template_button.text() == "空白模板…"


def _drop_event(kind, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    if kind == "enter":
        return QDragEnterEvent(
            QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        ), mime  # fmt: skip
    return QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    ), mime  # fmt: skip


def test_dropping_workbooks_imports_them_and_other_files_are_refused(qtbot, tmp_path, monkeypatch):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    assert win.acceptDrops()
    seen = []
    monkeypatch.setattr(win, "review_mappings", lambda files: seen.append(files))
    book = tmp_path / "年鉴.xlsx"
    enter, _m = _drop_event("enter", [book])
    win.dragEnterEvent(enter)
    assert enter.isAccepted()
    pdf, _m2 = _drop_event("enter", [tmp_path / "x.pdf"])
    pdf.ignore()
    win.dragEnterEvent(pdf)
    assert not pdf.isAccepted()
    drop, _m3 = _drop_event("drop", [book, tmp_path / "x.pdf"])
    win.dropEvent(drop)
    assert seen == [[str(book)]]


def _sample_import(qtbot, win):
    from clusterpolicy.app.sample import sample_files

    book = sample_files()[0]
    with qtbot.waitSignal(win.runner.done, timeout=60000):
        win.import_files([str(book)])
    return book


def test_double_click_on_a_problem_shows_its_cell_in_the_source_sheet(qtbot):
    from openpyxl import load_workbook

    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    book = _sample_import(qtbot, win)
    page = win.data_page
    problems = page._problems
    total = next(p for p in problems if p.code == "total_rows" and p.row)
    view = page.problems.view
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # the shown order differs from the list's
    row = next(
        r for r in range(view.model().rowCount()) if problems[view.model().frame_row(r)] is total
    )
    view.doubleClicked.emit(view.model().index(row, 0))
    qtbot.waitUntil(lambda: getattr(win, "cell_dialog", None) is not None, timeout=30000)
    dlg = win.cell_dialog
    item = dlg.table.currentItem()
    # the marked row is the problem's row of that sheet, read here with openpyxl
    sheet = load_workbook(book, read_only=True, data_only=True)[total.sheet]
    expected = [c.value for c in next(sheet.iter_rows(min_row=total.row, max_row=total.row))]
    assert dlg.table.verticalHeaderItem(item.row()).text() == str(total.row)
    shown = [dlg.table.item(item.row(), j).text() for j in range(dlg.table.columnCount())]
    want = [
        "" if v is None else str(int(v) if isinstance(v, float) and v.is_integer() else v)
        for v in expected[: len(shown)]
    ]
    want = [w.replace("\n", " ") for w in want]  # one line per cell in the preview
    assert shown == want + [""] * (len(shown) - len(want))
    assert "第" in dlg.windowTitle() and total.sheet in dlg.windowTitle()
    dlg.close()
    win.ask_on_close = False


def test_a_problem_whose_file_is_gone_says_so(qtbot, tmp_path):
    from clusterpolicy.messages import Problem, Severity

    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.files = [str(tmp_path / "gone.xlsx")]
    p = Problem(
        "x", Severity.WARNING, "坏值", "bad", file="gone.xlsx", sheet="S", row=3, column="B"
    )
    win.data_page.show_problems([p])
    win.data_page.problems.view.doubleClicked.emit(win.data_page.problems.model().index(0, 0))
    qtbot.waitUntil(lambda: win.last_message is not None, timeout=10000)
    title, text = win.last_message
    assert title == "无法显示该单元格"
    assert "gone.xlsx" in text and "找不到" in text
    assert getattr(win, "cell_dialog", None) is None
    win.ask_on_close = False
