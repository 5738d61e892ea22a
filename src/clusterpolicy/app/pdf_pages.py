"""Pages of a PDF as pixels, for the desktop app's report preview and printing (Qt-free).

PDFium (through pypdfium2) renders the pages; the pinned PySide6-Essentials has no QtPdf wheel.
:func:`open_pdf` reads the whole file into memory and opens it from there, so no file handle
stays open (on Windows an open handle would stop the next "生成报告" from replacing the file);
an absent, unreadable, damaged, encrypted or empty PDF raises
:class:`~clusterpolicy.messages.ProblemError` with a located message in Chinese and English.

PDFium is not thread-safe — not even for two different documents — so every call into it goes
through one lock (:data:`PDFIUM_LOCK`): the preview's render thread and a print job may both use
a document. A page is rendered to 4-byte ``BGRx`` pixels (``b, g, r, 0xff`` per pixel, rows of
``stride`` bytes), which is ``QImage.Format_RGB32`` on the little-endian machines we ship on.

    doc = open_pdf("report.pdf")
    doc.page_count, doc.page_size(0)          # 46, (595.3, 841.9) points
    page = doc.render(0, dpi=96)              # RenderedPage(width=794, height=1123, ...)
    doc.close()
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from clusterpolicy.messages import Problem, ProblemError, Severity

__all__ = ["PDFIUM_LOCK", "MAX_BYTES", "PdfPages", "RenderedPage", "open_pdf", "scale_for_dpi"]

#: one lock for every PDFium call in the process
PDFIUM_LOCK = threading.RLock()
#: a PDF larger than this is not opened (the report is ~1.4 MB; this guards memory, not format)
MAX_BYTES = 512 * 1024 * 1024
#: a rendered page may not exceed this many pixels (A4 at 600 dpi is 34.8 M)
MAX_PIXELS = 40_000_000


def scale_for_dpi(dpi: float) -> float:
    """Pixels per PDF point at ``dpi`` (a point is 1/72 inch)."""
    return float(dpi) / 72.0


@dataclass(frozen=True)
class RenderedPage:
    """One page as ``BGRx`` pixels: ``height`` rows of ``stride`` bytes in ``data`` (a read-write
    memoryview of its own buffer, shared with whoever wraps it, e.g. a QImage)."""

    index: int
    width: int
    height: int
    stride: int
    data: memoryview
    scale: float
    format: str = "BGRX"


def _bitmap(keep: list, width: int, height: int, format: int, rev_byteorder: bool = False):
    """A PDFium bitmap over an anonymous memory map (appended to ``keep`` as a memoryview).

    pypdfium2's own buffer is a zero-filled ctypes array, allocated and cleared while holding
    the GIL: 16–42 ms for an A4 page at 400 %, during which the window could not repaint. A
    fresh map costs nothing up front; its pages are faulted in while PDFium draws, with the
    GIL released. The pixels are never copied: the view wraps this same memory."""
    import ctypes
    import mmap

    import pypdfium2 as pdfium

    stride = width * 4  # BGRx
    mem = mmap.mmap(-1, stride * height)
    keep.append(memoryview(mem))
    buf = (ctypes.c_ubyte * (stride * height)).from_buffer(mem)
    return pdfium.PdfBitmap.new_native(
        width, height, format, rev_byteorder=rev_byteorder, buffer=buf, stride=stride
    )


def _problem(path, zh: str, en: str, fix_zh: str, fix_en: str, code: str) -> ProblemError:
    return ProblemError([Problem(code, Severity.ERROR, zh, en, fix_zh, fix_en, file=str(path))])


_REBUILD_ZH = "请在“八、报告”中重新生成报告，或用系统的 PDF 阅读器检查该文件。"
_REBUILD_EN = "Build the report again on “8. Report”, or check the file in the system's PDF viewer."


class PdfPages:
    """An open PDF: its page count and sizes, and pages rendered to pixels. Use from any thread
    (calls are serialised by :data:`PDFIUM_LOCK`); :meth:`close` when done."""

    def __init__(self, doc, path: str, sizes: list[tuple[float, float]]):
        self._doc = doc
        self.path = path
        self._sizes = sizes

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    @property
    def closed(self) -> bool:
        return self._doc is None

    def page_size(self, index: int) -> tuple[float, float]:
        """(width, height) of page ``index`` (0-based) in points."""
        return self._sizes[index]

    def render(self, index: int, *, scale: float | None = None, dpi: float | None = None):
        """Page ``index`` (0-based) at ``scale`` pixels per point (or at ``dpi``) as a
        :class:`RenderedPage`. A page that PDFium cannot draw raises a located ProblemError."""
        if scale is None:
            scale = scale_for_dpi(dpi if dpi is not None else 72.0)
        if not 0 <= index < self.page_count:
            raise IndexError(f"page {index} of {self.page_count}")
        w_pt, h_pt = self._sizes[index]
        if w_pt * h_pt * scale * scale > MAX_PIXELS:
            scale = 0.999 * (MAX_PIXELS / (w_pt * h_pt)) ** 0.5  # 0.999: the sizes round up
        import pypdfium2 as pdfium

        with PDFIUM_LOCK:
            if self._doc is None:
                raise ValueError("the document is closed")
            try:
                page = self._doc[index]
                try:
                    pixels: list = []
                    bitmap = page.render(
                        scale=scale,
                        prefer_bgrx=True,
                        may_draw_forms=False,
                        bitmap_maker=lambda *a, **k: _bitmap(pixels, *a, **k),
                    )
                    try:
                        out = RenderedPage(
                            index, bitmap.width, bitmap.height, bitmap.stride, pixels[0], scale
                        )
                    finally:
                        bitmap.close()
                finally:
                    page.close()
            except pdfium.PdfiumError as exc:
                raise _problem(
                    self.path,
                    f"无法显示第 {index + 1} 页：该页已损坏",
                    f"Cannot show page {index + 1}: the page is damaged",
                    _REBUILD_ZH,
                    _REBUILD_EN,
                    "pdf_page_damaged",
                ) from exc
        return out

    def close(self) -> None:
        with PDFIUM_LOCK:
            if self._doc is not None:
                self._doc.close()
                self._doc = None

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_pdf(path: str | Path) -> PdfPages:
    """Open the PDF at ``path`` (read into memory; no handle stays open)."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _problem(
                name,
                f"文件过大（{size / 1e6:.0f} MB），无法预览",
                f"The file is too large to preview ({size / 1e6:.0f} MB)",
                "请用系统的 PDF 阅读器打开它。",
                "Open it in the system's PDF viewer.",
                "pdf_too_large",
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise _problem(
            name,
            "找不到报告文件（可能已被移动或删除）",
            "The report file is not there (moved or deleted?)",
            "请在“八、报告”中重新生成报告。",
            "Build the report again on “8. Report”.",
            "pdf_missing",
        ) from exc
    except IsADirectoryError as exc:
        raise _problem(
            name,
            "这是一个文件夹，不是 PDF 文件",
            "This is a folder, not a PDF file",
            "请选择一个 PDF 文件。",
            "Choose a PDF file.",
            "pdf_not_file",
        ) from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _problem(
            name,
            f"无法读取报告文件：{reason}",
            f"Cannot read the report file: {reason}",
            "请确认文件存在、有读取权限，且未被其他程序独占打开。",
            "Check that the file exists, that you may read it and that no program locks it.",
            "pdf_unreadable",
        ) from exc
    if not data.lstrip()[:5] == b"%PDF-":
        raise _problem(
            name,
            "该文件不是 PDF 文件（文件开头没有 %PDF 标记）",
            "This is not a PDF file (it does not start with %PDF)",
            _REBUILD_ZH,
            _REBUILD_EN,
            "pdf_not_pdf",
        )
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise _problem(
                    name,
                    "该 PDF 文件有密码保护，无法预览",
                    "This PDF is password-protected and cannot be previewed",
                    "请用系统的 PDF 阅读器打开它。",
                    "Open it in the system's PDF viewer.",
                    "pdf_encrypted",
                ) from exc
            raise _problem(
                name,
                "PDF 文件已损坏，无法打开",
                "The PDF file is damaged and cannot be opened",
                _REBUILD_ZH,
                _REBUILD_EN,
                "pdf_damaged",
            ) from exc
        try:
            sizes = [tuple(doc.get_page_size(i)) for i in range(len(doc))]
        except pdfium.PdfiumError as exc:
            doc.close()
            raise _problem(
                name,
                "PDF 文件已损坏，无法读取其页面",
                "The PDF file is damaged; its pages cannot be read",
                _REBUILD_ZH,
                _REBUILD_EN,
                "pdf_damaged",
            ) from exc
        if not sizes:
            doc.close()
            raise _problem(
                name,
                "PDF 文件没有任何页面（可能未写完或已损坏）",
                "The PDF file has no pages (unfinished or damaged)",
                _REBUILD_ZH,
                _REBUILD_EN,
                "pdf_no_pages",
            )
    return PdfPages(doc, name, sizes)
