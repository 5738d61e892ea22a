"""Run engine work off the UI thread, with progress and cancel (the Orange3 pattern).

The engine takes a plain ``progress(fraction, message)`` callback. :class:`TaskRunner` runs a
function in a ``QThreadPool`` worker, adapts the callback to Qt signals (queued to the GUI
thread) and cancels by raising :class:`clusterpolicy.progress.Cancelled` from inside the
callback the next time the engine reports. One task at a time: starting a task cancels the
previous one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from clusterpolicy.logs import log_exception
from clusterpolicy.messages import ProblemError
from clusterpolicy.progress import Cancelled


class _Signals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Job(QRunnable):
    def __init__(self, func: Callable, args, kwargs, signals: _Signals, stop: threading.Event):
        super().__init__()
        self.func, self.args, self.kwargs = func, args, kwargs
        self.signals, self.stop = signals, stop
        self._last = -1.0

    def _progress(self, fraction: float, message: str = "") -> None:
        if self.stop.is_set():
            raise Cancelled()
        f = round(float(fraction), 3)
        if f > self._last or message:
            self._last = f
            self.signals.progress.emit(f, message)

    def run(self) -> None:  # runs in a worker thread
        try:
            self._run()
        except RuntimeError:  # the window went away while the task ran: nobody to tell
            pass

    def _run(self) -> None:
        try:
            result = self.func(*self.args, progress=self._progress, **self.kwargs)
        except Cancelled:
            self.signals.cancelled.emit()
        except ProblemError as exc:  # bad input: the located problems are shown to the user
            self.signals.failed.emit(exc)
        except Exception as exc:  # noqa: BLE001 - logged with its traceback, shown plainly
            log_exception(f"background task {getattr(self.func, '__name__', self.func)} failed")
            self.signals.failed.emit(exc)
        else:
            if self.stop.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.done.emit(result)


class TaskRunner(QObject):
    """Start one background task at a time; emits progress/done/failed/cancelled on the GUI thread."""

    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._stop: threading.Event | None = None
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self, func: Callable, *args, **kwargs) -> None:
        self.cancel()
        self._stop = threading.Event()
        signals = _Signals(self)
        signals.progress.connect(self.progress)
        stop = self._stop  # which job finished: only the latest one ends "busy"
        signals.done.connect(lambda r: self._finish(stop, self.done, r))
        signals.failed.connect(lambda e: self._finish(stop, self.failed, e))
        signals.cancelled.connect(lambda: self._finish(stop, self.cancelled))
        self._set_busy(True)
        self._pool.start(_Job(func, args, kwargs, signals, self._stop))

    def cancel(self) -> None:
        if self._stop is not None:
            self._stop.set()

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        self.cancel()
        self._pool.waitForDone(10000)

    def _finish(self, stop, signal, *payload) -> None:
        """A job ended. Only the latest job's end is told: a superseded one's result (queued
        before the newer job started) would reach the newer job's handler, and its end must
        leave the newer job running ("busy")."""
        if stop is not self._stop:
            return
        self._set_busy(False)
        signal.emit(*payload)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
