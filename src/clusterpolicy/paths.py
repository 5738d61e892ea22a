"""Where the app's read-only files live: ``resources/`` and ``ui/``.

One rule for the three ways the app runs:

* a source checkout (``src/clusterpolicy/paths.py`` → the repository root holds ``resources/``);
* an installed wheel (the folders travel as ``clusterpolicy._resources`` and ``clusterpolicy._ui``,
  see ``setup.py``);
* a frozen bundle (PyInstaller sets ``sys.frozen`` and ``sys._MEIPASS``; the spec copies the two
  folders beside the executable's files).

``CLUSTERPOLICY_RESOURCES`` overrides the resources folder (tests, provincial editions).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from importlib import resources as _ilr
from pathlib import Path

_MARKER = "codes"  # a sub-folder every real resources/ folder has


def _candidates(name: str, package: str) -> list[Path]:
    found: list[Path] = []
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
        found.append(base / name)
    found.append(Path(__file__).resolve().parents[2] / name)  # checkout: repo/src/clusterpolicy
    try:
        found.append(Path(str(_ilr.files(package))))
    except (ModuleNotFoundError, TypeError):
        pass
    return found


@cache
def resources_dir() -> Path:
    """The ``resources/`` folder (knowledge base, code tables, samples, fonts, icons)."""
    override = os.environ.get("CLUSTERPOLICY_RESOURCES")
    if override:
        return Path(override)
    for path in _candidates("resources", "clusterpolicy._resources"):
        if (path / _MARKER).is_dir():
            return path
    raise FileNotFoundError(
        "resources/ not found: reinstall ClusterPolicy (找不到资源目录，请重新安装)"
    )


@cache
def ui_dir() -> Path:
    """The ``ui/`` folder (style sheets, translation sources)."""
    for path in _candidates("ui", "clusterpolicy._ui"):
        if path.is_dir():
            return path
    raise FileNotFoundError("ui/ not found: reinstall ClusterPolicy (找不到界面目录，请重新安装)")


def user_data_dir() -> Path:
    """Per-user folder for remembered mappings and settings (created on first use).

    ``%APPDATA%\\ClusterPolicy`` on Windows, ``$XDG_DATA_HOME/clusterpolicy`` (default
    ``~/.local/share/clusterpolicy``) elsewhere; ``CLUSTERPOLICY_USER_DIR`` overrides (tests).
    """
    override = os.environ.get("CLUSTERPOLICY_USER_DIR")
    if override:
        path = Path(override)
    elif sys.platform == "win32" and os.environ.get("APPDATA"):
        path = Path(os.environ["APPDATA"]) / "ClusterPolicy"
    else:
        path = (
            Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
            / "clusterpolicy"
        )
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    """Per-user folder of the log files (created on first use).

    ``%LOCALAPPDATA%\\ClusterPolicy\\logs`` on Windows, ``$XDG_STATE_HOME/clusterpolicy/logs``
    (default ``~/.local/state/clusterpolicy/logs``) elsewhere; ``CLUSTERPOLICY_LOG_DIR``
    overrides (tests). Falls back to the temporary folder when the home folder is not writable.
    """
    override = os.environ.get("CLUSTERPOLICY_LOG_DIR")
    if override:
        path = Path(override)
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        path = Path(os.environ["LOCALAPPDATA"]) / "ClusterPolicy" / "logs"
    else:
        state = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
        path = Path(state) / "clusterpolicy" / "logs"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        import tempfile

        path = Path(tempfile.gettempdir()) / "clusterpolicy-logs"
        path.mkdir(parents=True, exist_ok=True)
    return path


def resource(*parts: str) -> Path:
    """Path of a file below ``resources/``, e.g. ``resource("codes", "gb2260_provinces.csv")``."""
    return resources_dir().joinpath(*parts)
