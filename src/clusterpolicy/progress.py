"""Progress reporting and cancellation for long-running engine work (Qt-free).

Every long function takes ``progress: ProgressCallback | None`` and calls it as
``progress(fraction, message)`` with ``fraction`` in [0, 1]. The caller cancels by raising
:class:`Cancelled` from inside the callback (the GUI's worker does so when the user presses
Cancel); the engine lets it propagate, leaving no partial result behind.

``sub_progress`` maps a sub-step onto part of the range, so nested steps report one smooth bar.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[float, str], None]


class Cancelled(Exception):  # noqa: N818 - the user's word for it
    """Raised from a progress callback to stop the work (用户已取消)."""


def no_progress(fraction: float, message: str = "") -> None:
    """A callback that does nothing."""


def ensure(progress: ProgressCallback | None) -> ProgressCallback:
    """Return ``progress`` or a do-nothing callback."""
    return progress if progress is not None else no_progress


def sub_progress(progress: ProgressCallback | None, start: float, end: float) -> ProgressCallback:
    """A callback that maps [0, 1] onto [start, end] of ``progress``."""
    outer = ensure(progress)
    span = end - start

    def inner(fraction: float, message: str = "") -> None:
        outer(start + span * min(max(fraction, 0.0), 1.0), message)

    return inner
