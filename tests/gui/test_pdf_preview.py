"""The report's preview on 八、报告 and printing: every page of the written report (counted
independently with pypdfium2), lazily rendered off the UI thread, zoom, the page indicator, a
located message for a damaged file, and printing (to a PDF file, no dialog) with the same pages."""

from __future__ import annotations

import math

import pytest

pytest.importorskip("PySide6.QtWidgets")
pypdfium2 = pytest.importorskip("pypdfium2")

from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # noqa: E402

from clusterpolicy.gui.main_window import MainWindow  # noqa: E402
from clusterpolicy.gui.pdf_preview import PdfPreview  # noqa: E402
from clusterpolicy.gui.pdf_print import chosen_pages, make_printer, start_printing  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def report_pdf(sample_result, tmp_path_factory):
    from clusterpolicy.app.outputs import write_report

    return write_report(tmp_path_factory.mktemp("preview") / "报告.pdf", sample_result("zh"))


def _similar(a, b) -> float:
    """Correlation of two grey images' pixels (1 = the same picture; a blank page gives nan)."""
    import numpy as np

    if a.shape != b.shape or a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def _count(path) -> int:
    """Pages of a PDF, counted without the app's own code."""
    doc = pypdfium2.PdfDocument(path.read_bytes())
    try:
        return len(doc)
    finally:
        doc.close()


def _gray(path, index: int, dpi: int = 72, block: int = 6):
    """Page ``index`` at ``dpi`` in grey, averaged over ``block`` × ``block`` pixels (so a page
    printed as an image and the vector original compare), and its size in points."""
    doc = pypdfium2.PdfDocument(path.read_bytes())
    try:
        page = doc[index]
        a = page.render(scale=dpi / 72, grayscale=True).to_numpy().astype(float).squeeze()
        size = page.get_size()
        page.close()
    finally:
        doc.close()
    h, w = a.shape[0] // block * block, a.shape[1] // block * block
    return a[:h, :w].reshape(h // block, block, w // block, block).mean(axis=(1, 3)), size


@pytest.fixture
def window(qtbot, sample_data, sample_result):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    win.data, win.result = sample_data, sample_result("zh")
    win.show_step("report")
    yield win
    win.ask_on_close = False
    win.page("report").preview.shutdown()


def _shown(qtbot, win, path):
    page = win.page("report")
    page.report_written(str(path))
    qtbot.waitUntil(lambda: page.preview.page_count > 0, timeout=30000)
    pv = page.preview
    qtbot.waitUntil(lambda: pv.pages[0].image is not None, timeout=30000)
    return page, pv


def test_before_a_report_the_preview_says_what_will_show(window):
    page = window.page("report")
    assert page.preview.page_count == 0
    assert "生成报告后" in page.preview.message.text() and page.preview.message.isVisible()
    assert not page.print_button.isEnabled() and not page.open_button.isEnabled()
    assert not page.preview.zoom_in_button.isEnabled()


def test_the_written_report_shows_every_page_lazily(qtbot, window, report_pdf):
    page, pv = _shown(qtbot, window, report_pdf)
    n = _count(report_pdf)
    assert n > 20 and pv.page_count == n
    assert pv.page_label.text() == f"第 1 / {n} 页"
    assert page.print_button.isEnabled() and page.open_button.isEnabled()
    assert not pv.message.isVisible()
    # fit width: the page fills the view's width; rendered at the view's scale
    view_w = pv.scroll.viewport().width()
    assert view_w - 40 <= pv.pages[0].width() <= view_w
    w_pt, h_pt = pv.sizes[0]
    assert pv.pages[0].image.width() == math.ceil(w_pt * pv.render_scale())
    # lazily: the pages far from the view are not rendered
    assert pv.pages[-1].image is None and pv.pages[n // 2].image is None
    # the page indicator follows the scroll, and the page in view arrives
    pv.go_to(9)
    qtbot.waitUntil(lambda: pv.pages[9].image is not None, timeout=30000)
    qtbot.waitUntil(lambda: pv.page_label.text() == f"第 10 / {n} 页", timeout=5000)
    assert 9 in pv.visible_pages()


def test_the_preview_shows_the_pages_as_pdfium_draws_them(qtbot, window, report_pdf):
    """The preview's page 1 is pypdfium2's own rendering of page 1 at the same scale, pixel for
    pixel (byte order, stride and the buffer's lifetime survive the worker and the QImage)."""
    import numpy as np

    _page, pv = _shown(qtbot, window, report_pdf)
    img = pv.pages[0].image
    got = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
    got = got[:, : img.width() * 4].reshape(img.height(), img.width(), 4)[:, :, :3]
    doc = pypdfium2.PdfDocument(report_pdf.read_bytes())
    try:
        refs = [
            doc[i].render(scale=pv.render_scale(), prefer_bgrx=True).to_numpy()[:, :, :3]
            for i in (0, 1)
        ]
    finally:
        doc.close()
    assert got.shape == refs[0].shape
    assert (got == refs[0]).mean() > 0.999  # the same picture
    assert (got == refs[1]).mean() < 0.99  # (the comparison tells pages apart)


def test_zoom_changes_the_page_and_image_size(qtbot, window, report_pdf):
    _page, pv = _shown(qtbot, window, report_pdf)
    w0, img0, zoom0 = pv.pages[0].width(), pv.pages[0].image.width(), pv.zoom
    pv.zoom_in_button.click()
    assert not pv.fit_button.isChecked() and pv.zoom == pytest.approx(zoom0 * 1.25)
    assert abs(pv.pages[0].width() - w0 * 1.25) <= 1
    assert pv.zoom_label.text() == f"{pv.zoom * 100:.0f}%"
    qtbot.waitUntil(lambda: pv.pages[0].scale == pv.render_scale(), timeout=30000)
    assert abs(pv.pages[0].image.width() - img0 * 1.25) <= 2
    for _ in range(3):
        pv.zoom_out_button.click()
    assert abs(pv.pages[0].width() - w0 * 0.8**2) <= 2
    qtbot.waitUntil(lambda: pv.pages[0].scale == pv.render_scale(), timeout=30000)
    assert pv.pages[0].image.width() < img0
    pv.fit_button.click()
    assert pv.fit_button.isChecked() and abs(pv.pages[0].width() - w0) <= 1
    pv.page_button.click()  # the whole page in view
    assert pv.page_button.isChecked() and not pv.fit_button.isChecked()
    assert pv.pages[0].height() <= pv.scroll.viewport().height() - 2 * 12 + 1
    assert pv.pages[0].width() < w0


def test_a_damaged_report_gives_a_located_message(qtbot, window, report_pdf, tmp_path):
    bad = tmp_path / "损坏的报告.pdf"
    bad.write_bytes(report_pdf.read_bytes()[:40000])
    page = window.page("report")
    page.report_written(str(bad))
    pv = page.preview
    qtbot.waitUntil(lambda: "已损坏" in pv.message.text(), timeout=30000)
    assert str(bad) in pv.message.text() and "处理办法" in pv.message.text()
    assert "PDFium" not in pv.message.text() and "Error" not in pv.message.text()
    assert pv.page_count == 0 and not page.print_button.isEnabled()


def test_a_missing_report_in_english(qtbot, tmp_path):
    pv = PdfPreview("en")
    qtbot.addWidget(pv)
    gone = tmp_path / "gone.pdf"
    with qtbot.waitSignal(pv.failed, timeout=30000):
        pv.load(str(gone))
    assert f"{gone}: The report file is not there" in pv.message.text()
    assert "How to fix" in pv.message.text()
    pv.shutdown()


def _pdf_printer(report_pdf, out, sizes, dpi=96):
    printer = make_printer(str(report_pdf), sizes[0])
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(dpi)  # the test's speed; the app prints at up to 300 dpi
    return printer


def test_printing_to_a_pdf_gives_the_same_pages(qtbot, window, report_pdf, tmp_path):

    _page, pv = _shown(qtbot, window, report_pdf)
    n = pv.page_count
    out = tmp_path / "printed.pdf"
    printer = _pdf_printer(report_pdf, out, pv.sizes)
    start_printing(window, str(report_pdf), printer, pv, "zh")
    assert window.runner.busy and window.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=120000)
    assert window.statusBar().currentMessage() == f"已发送到打印机：{n} 页"
    assert _count(out) == n
    for i in (0, n - 1):  # the printed pages are the report's pages, on A4
        got, size = _gray(out, i)
        ref, ref_size = _gray(report_pdf, i)
        assert size == pytest.approx(ref_size, abs=1.5)
        assert _similar(got, ref) > 0.9  # measured 0.96–0.98; other pages 0.02–0.3
    other, _ = _gray(out, 1)
    assert not _similar(other, _gray(report_pdf, 0)[0]) > 0.5  # the measure tells pages apart


def test_print_range_and_current_page(qtbot, window, report_pdf):
    _page, pv = _shown(qtbot, window, report_pdf)
    n = pv.page_count
    printer = make_printer(str(report_pdf), pv.sizes[0])
    assert chosen_pages(printer, n) == list(range(n))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 4)
    assert chosen_pages(printer, n) == [1, 2, 3]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert chosen_pages(printer, n, current=6) == [6]
    assert printer.pageLayout().pageSize().id() == printer.pageLayout().pageSize().PageSizeId.A4


def test_the_print_dialog_offers_the_report_pages(qtbot, window, report_pdf, tmp_path, monkeypatch):
    page, pv = _shown(qtbot, window, report_pdf)
    seen = {}
    out = tmp_path / "from-dialog.pdf"

    def fake_exec(dlg):  # what the user would do: pages 3–5 into a PDF file, OK
        seen["range"] = (dlg.minPage(), dlg.maxPage())
        seen["title"] = dlg.windowTitle()
        p = dlg.printer()
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        p.setResolution(72)
        p.setPrintRange(QPrinter.PrintRange.PageRange)
        p.setFromTo(3, 5)
        return QPrintDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    page.print_button.click()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60000)
    assert seen == {"range": (1, pv.page_count), "title": "打印报告"}
    assert _count(out) == 3


def test_cancel_stops_printing(qtbot, window, report_pdf, tmp_path):
    _page, pv = _shown(qtbot, window, report_pdf)
    printer = _pdf_printer(report_pdf, tmp_path / "cancelled.pdf", pv.sizes, dpi=300)
    with qtbot.waitSignal(window.runner.cancelled, timeout=60000):
        start_printing(window, str(report_pdf), printer, pv, "zh")
        qtbot.waitUntil(lambda: window.progress.value() > 0, timeout=60000)
        window.cancel_button.click()
    assert not window.runner.busy and window.statusBar().currentMessage() == "已取消"


def test_ctrl_wheel_and_keys_zoom(qtbot, window, report_pdf):
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    _page, pv = _shown(qtbot, window, report_pdf)
    z0 = pv.zoom
    vp = pv.scroll.viewport()
    ev = QWheelEvent(
        QPointF(50, 50), QPointF(vp.mapToGlobal(QPoint(50, 50))), QPoint(), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(vp, ev)
    assert pv.zoom == pytest.approx(z0 * 1.25) and not pv.fit_button.isChecked()
    pv.scroll.setFocus()
    qtbot.keyClick(pv.scroll, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert pv.zoom == pytest.approx(z0)
