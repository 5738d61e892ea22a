"""Print the report through the system's print dialog.

The pages are rendered by PDFium (:mod:`clusterpolicy.app.pdf_pages`) at the printer's
resolution, capped at :data:`MAX_PRINT_DPI`, and painted onto the ``QPrinter`` — in the window's
background task (progress bar and Cancel in the status bar), not in chunks on the UI thread: Qt
allows a QPainter on a QPrinter in a worker thread ("Thread-Support in Qt Modules: Painting in
Threads"), and only images are painted, so no font is used off the UI thread. Cancel aborts
the print job (``QPrinter.abort``), so nothing half-printed is sent.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from clusterpolicy.gui.texts import tr
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.progress import Cancelled

#: 300 dpi is finer than the report's raster charts (150 dpi); 600 dpi would be 4× the pixels
#: (A4: 35 M, 139 MB a page) and ~4× the time for no visible gain
MAX_PRINT_DPI = 300
STRIP_ROWS = 200  # source rows painted per call (see _draw_in_strips)


def make_printer(path: str, first_page_size: tuple[float, float] | None = None) -> QPrinter:
    """A high-resolution printer set to the report's paper (A4) and the whole sheet."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(Path(path).stem)
    printer.setFullPage(True)  # the PDF page carries its own margins
    if first_page_size is not None:
        w, h = first_page_size
        size = QPageSize(
            QSizeF(w, h), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
        )
        printer.setPageSize(size)
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait
        )
    return printer


def chosen_pages(printer: QPrinter, count: int, current: int = 0) -> list[int]:
    """0-based pages the print dialog asked for (all, a range, or the current page)."""
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [min(max(current, 0), count - 1)]
    if mode == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [i for i in range(count) if ranges.contains(i + 1)]
        lo, hi = printer.fromPage(), printer.toPage()
        if lo > 0:
            return list(range(lo - 1, min(hi or count, count)))
    return list(range(count))


def print_pdf(path: str, printer: QPrinter, pages=None, *, lang: str = "zh", progress=None):
    """Paint the pages ``pages`` (0-based; default: what the printer's range says) of the PDF
    at ``path`` onto ``printer``; returns the number of pages printed. Runs in a worker."""
    from clusterpolicy.app.pdf_pages import open_pdf

    progress = progress or (lambda f, m="": None)
    doc = open_pdf(path)
    try:
        todo = list(pages) if pages is not None else chosen_pages(printer, doc.page_count)
        todo = [i for i in todo if 0 <= i < doc.page_count]
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        progress(0.0, tr("printing", lang, page=todo[0] + 1 if todo else 0, k=1, n=len(todo)))
        painter = QPainter()
        if not painter.begin(printer):
            raise ProblemError(
                [
                    Problem(
                        "print_unavailable",
                        Severity.ERROR,
                        f"无法开始打印：打印机“{printer.printerName() or printer.outputFileName()}”不可用",
                        f"Cannot start printing: the printer "
                        f"'{printer.printerName() or printer.outputFileName()}' is not available",
                        "请检查打印机是否已连接并开机，或在打印对话框中选择另一台打印机。",
                        "Check that the printer is connected and on, or choose another one.",
                        file=str(path),
                    )
                ]
            )
        try:
            for k, i in enumerate(todo):
                progress(
                    k / max(len(todo), 1), tr("printing", lang, page=i + 1, k=k + 1, n=len(todo))
                )
                if k:
                    printer.newPage()
                page = doc.render(i, dpi=dpi)
                from clusterpolicy.gui.page_renderer import to_qimage

                image = to_qimage(page)
                _draw_in_strips(painter, _fit(painter.viewport(), page.width, page.height), image)
            progress(1.0, "")
        except Cancelled:
            printer.abort()
            raise
        finally:
            painter.end()
    finally:
        doc.close()
    return len(todo)


def _draw_in_strips(painter: QPainter, target: QRect, image, rows: int = STRIP_ROWS) -> None:
    """``image`` into ``target`` as bands of ``rows`` source rows whose device rectangles abut
    exactly. PySide6 holds the GIL while Qt's print engine encodes an image (~250 ms for an A4
    page at 300 dpi into a PDF), which froze the window; a band takes a fraction of that."""
    h = image.height()
    s = target.height() / h
    for r0 in range(0, h, rows):
        r1 = min(r0 + rows, h)
        y0, y1 = target.y() + round(r0 * s), target.y() + round(r1 * s)
        painter.drawImage(
            QRect(target.x(), y0, target.width(), y1 - y0),
            image,
            QRect(0, r0, image.width(), r1 - r0),
        )


def _fit(area: QRect, w: int, h: int) -> QRect:
    """The largest rectangle of aspect ``w:h`` centred in ``area``."""
    s = min(area.width() / w, area.height() / h)
    tw, th = round(w * s), round(h * s)
    return QRect(area.x() + (area.width() - tw) // 2, area.y() + (area.height() - th) // 2, tw, th)


def print_report(window, path: str, preview, parent, lang: str = "zh") -> QPrinter | None:
    """Ask with the system's print dialog (pages 1…n, the preview's page as "current page"),
    then print in the window's background task. Returns the printer (None when cancelled)."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog
    from PySide6.QtWidgets import QDialog

    printer = make_printer(path, preview.sizes[0] if preview.sizes else None)
    dlg = QPrintDialog(printer, parent)
    dlg.setWindowTitle(tr("print_title", lang))
    opt = QAbstractPrintDialog.PrintDialogOption
    dlg.setOption(opt.PrintPageRange, True)
    dlg.setOption(opt.PrintCurrentPage, preview.page_count > 0)
    if preview.page_count:
        dlg.setMinMax(1, preview.page_count)
        dlg.setFromTo(1, preview.page_count)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    start_printing(window, path, printer, preview, lang)
    return printer


def start_printing(window, path: str, printer: QPrinter, preview, lang: str = "zh", pages=None):
    """Print ``path`` onto ``printer`` in the window's task runner (progress and Cancel); the
    pages default to what the printer's range says, "current page" being the preview's."""
    if pages is None:
        pages = chosen_pages(printer, preview.page_count, preview.current_page())
    window._failure_title = tr("print_failed", lang)
    window._printer = printer  # alive until the task ends

    def printed(n):
        window._printer = None
        return tr("printed", lang, n=n)

    window._start(printed, print_pdf, path, printer, pages, lang=lang)
