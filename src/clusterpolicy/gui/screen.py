"""Sizing windows and dialogs to the screen they open on (a 1366×768 laptop included)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

#: the smallest screen the app is laid out for (a common office laptop), less a taskbar
SMALL_SCREEN = (1366, 728)


def available_size(widget) -> tuple[int, int]:
    """Width and height of the available area of ``widget``'s screen (the primary one if none)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return SMALL_SCREEN
    avail = screen.availableGeometry()
    return avail.width(), avail.height()


def fit_to_screen(widget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height`` or the available screen area, whichever is
    smaller (leaving room for the window frame)."""
    aw, ah = available_size(widget)
    widget.resize(min(width, aw - 16), min(height, ah - 40))
