"""Reading the rule profile in the background once the first window is on screen.

The YAML knowledge base and the engine modules it comes with take about a second; the window
does not need them to appear. :func:`start_warm_up` (called by the first window after its first
paint) reads the profile in a daemon thread; :func:`take_warm_profile` waits for it and hands
it to the window that asks first (later windows read their own: the modules are loaded by then).
"""

from __future__ import annotations

import threading

_warm: dict = {}  # the first window's profile, read in the background (see MainWindow.profile)


def _warm_up() -> None:
    from clusterpolicy.app.assessment import load_profile

    try:
        _warm["profile"] = load_profile()
    except Exception:  # noqa: BLE001 - read again (and reported) when it is needed
        _warm["profile"] = None


def start_warm_up() -> None:
    if "thread" not in _warm:
        thread = threading.Thread(target=_warm_up, name="warm-up", daemon=True)
        thread.start()  # before it is shown: a task thread may join it at once
        _warm["thread"] = thread


def take_warm_profile():
    thread = _warm.get("thread")
    if thread is None:
        return None
    thread.join()
    return _warm.pop("profile", None)
