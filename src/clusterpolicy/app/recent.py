"""The recently used projects, kept per user in ``user_data_dir() / "recent.json"``.

:func:`recent_projects` lists those that still exist, newest first; :func:`remember_project`
puts one at the top (at most :data:`LIMIT`). A damaged or unreadable list is treated as empty:
losing it costs nothing but the menu.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from clusterpolicy.paths import user_data_dir

LIMIT = 8
_log = logging.getLogger(__name__)


def _file() -> Path:
    return user_data_dir() / "recent.json"


def _read() -> list[str]:
    try:
        items = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(p) for p in items if isinstance(p, str)] if isinstance(items, list) else []


def recent_projects() -> list[str]:
    """Paths of the recent projects that still exist, newest first."""
    return [p for p in _read() if Path(p).is_file()]


def remember_project(path: str | Path) -> list[str]:
    """Put ``path`` at the top of the list and return the list."""
    full = str(Path(path).resolve())
    items = [full] + [p for p in _read() if p != full]
    items = items[:LIMIT]
    try:
        f = _file()
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError:
        _log.warning("could not write the recent-projects list", exc_info=True)
    return items
