"""The report's pages rendered off the UI thread for the preview (:mod:`.pdf_preview`) and for
printing (:mod:`.pdf_print`): one worker thread (PDFium is not thread-safe) through the Qt-free
:mod:`clusterpolicy.app.pdf_pages`; results arrive as signals on the UI thread, and a new
document makes earlier results stale (a generation count)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from clusterpolicy.messages import ProblemError


def to_qimage(page) -> QImage:
    """A :class:`~clusterpolicy.app.pdf_pages.RenderedPage` (BGRx) as a QImage over the same
    pixels, no copy (``Format_RGB32`` is BGRx in memory on little-endian machines); PySide6's
    QImage holds a reference to the buffer, so it lives as long as the image. Copying a 300 dpi
    page took 35–50 ms with the GIL held, which the UI thread felt."""
    return QImage(page.data, page.width, page.height, page.stride, QImage.Format.Format_RGB32)


class _Signals(QObject):
    opened = Signal(int, object)  # generation, PdfPages or the exception
    rendered = Signal(int, int, float, object)  # generation, page, scale, QImage or exception


class _Call(QRunnable):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def run(self) -> None:  # a worker thread
        try:
            self.fn()
        except RuntimeError:  # the preview went away meanwhile: nobody to tell
            pass


class PageRenderer(QObject):
    """Opens a PDF and renders its pages in one worker thread; results arrive as signals on the
    UI thread. A new :meth:`open` makes earlier results stale (``generation``)."""

    opened = Signal(int, object)
    rendered = Signal(int, int, float, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.opened.connect(self.opened)
        self._signals.rendered.connect(self.rendered)
        self.generation = 0
        self._doc = None  # touched by the worker only
        self._lock = threading.Lock()
        self._wanted: set[tuple[int, int, float]] = set()
        self._queued: set[tuple[int, int, float]] = set()

    def open(self, path: str) -> int:
        from clusterpolicy.app.pdf_pages import open_pdf

        self.generation += 1
        gen = self.generation
        with self._lock:
            self._wanted.clear()
            self._queued.clear()
        signals = self._signals

        def job():
            self._close_doc()
            try:
                doc = open_pdf(path)
            except ProblemError as exc:
                signals.opened.emit(gen, exc)
                return
            except Exception as exc:  # noqa: BLE001 - logged, shown plainly
                from clusterpolicy.logs import log_exception

                log_exception(f"opening {path} for the preview failed")
                signals.opened.emit(gen, exc)
                return
            self._doc = doc
            signals.opened.emit(gen, doc)

        self._pool.start(_Call(job), 10)
        return gen

    def want(self, keys: set[tuple[int, float]], first: set[int]) -> None:
        """Render the pages ``keys`` ((page, scale)) of the current document, those in ``first``
        before the others; anything queued before and not wanted now is skipped."""
        gen = self.generation
        with self._lock:
            self._wanted = {(gen, i, s) for i, s in keys}
            new = [k for k in self._wanted if k not in self._queued]
            self._queued |= set(new)
        for key in sorted(new, key=lambda k: (k[1] not in first, k[1])):
            self._pool.start(_Call(lambda key=key: self._render(key)), 5 if key[1] in first else 1)

    def _render(self, key) -> None:  # worker thread
        gen, index, scale = key
        with self._lock:
            self._queued.discard(key)
            if key not in self._wanted:
                return
        doc = self._doc
        if doc is None or doc.closed or gen != self.generation:
            return
        try:
            img = to_qimage(doc.render(index, scale=scale))
        except ProblemError as exc:
            self._signals.rendered.emit(gen, index, scale, exc)
            return
        except Exception as exc:  # noqa: BLE001
            from clusterpolicy.logs import log_exception

            log_exception(f"rendering page {index + 1} for the preview failed")
            self._signals.rendered.emit(gen, index, scale, exc)
            return
        self._signals.rendered.emit(gen, index, scale, img)

    def _close_doc(self) -> None:  # worker thread
        if self._doc is not None:
            self._doc.close()
            self._doc = None

    def shutdown(self) -> None:
        self.generation += 1
        with self._lock:
            self._wanted.clear()
        self._pool.clear()
        self._pool.start(_Call(self._close_doc), 10)
        self._pool.waitForDone(5000)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)
