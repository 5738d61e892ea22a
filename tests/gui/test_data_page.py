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
