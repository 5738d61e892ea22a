"""gui layer (see DESIGN §3).

Importing it applies :func:`guard_none_refcount` (a work-around for a PySide6 6.12 binding bug
on CPython 3.11, see there) before any Qt widget is made. ``pyproject.toml`` pins PySide6 below
6.12, so the guard acts only where 6.12 was installed by hand.
"""

from __future__ import annotations

import sys

_NONE_RESERVE = 1 << 40


def guard_none_refcount() -> bool:
    """Keep ``None`` alive under PySide6/shiboken 6.12 on CPython < 3.12.

    Measured with PySide6-Essentials 6.12.0 on CPython 3.11: every call of a wrapped C++ method
    returning ``void`` (``QComboBox.addItem``, ``setCurrentIndex``, ``QTableWidget.setItem``,
    ``setToolTip`` …) gives back ``None`` without a reference, so ``sys.getrefcount(None)`` drops
    by one per call; it starts near 5 000, and at zero CPython aborts with "none_dealloc:
    deallocating None" (the mapping dialog of the sample makes tens of thousands of such calls).
    CPython 3.12+ makes ``None`` immortal, which hides the bug; here ``None`` gets a reserve of
    2**40 references, the same effect. Returns True when the reserve was added. The reference
    count is located by checking it against ``sys.getrefcount`` first; if the object layout is
    not the expected one nothing is changed.
    """
    if sys.version_info >= (3, 12):
        return False
    import PySide6

    if not PySide6.__version__.startswith(
        "6.12."
    ):  # pyproject pins <6.12; guard a stray install only
        return False
    import ctypes

    cell = ctypes.c_ssize_t.from_address(id(None))
    seen = sys.getrefcount(None)
    if (
        abs(cell.value - seen) > 2 or cell.value >= _NONE_RESERVE
    ):  # unexpected layout, or done already
        return False
    cell.value += _NONE_RESERVE
    return True


guard_none_refcount()
