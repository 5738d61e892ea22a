"""The layering is enforced: planted wrong imports fail import-linter, and every module outside
gui/ imports with Qt absent (as napari's Qt-free CI job does)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import check_layers  # noqa: E402


@pytest.mark.slow
def test_every_planted_wrong_import_breaks_a_contract():
    results = check_layers.check()
    missed = [(rel, stmt) for rel, stmt, caught in results if not caught]
    assert not missed
    planted = {(r, s) for r, s, _ in results}
    # the nine arrows a review found uncaught by the old contracts are among them
    for pair in [
        ("assess/lifecycle/__init__.py", "import clusterpolicy.store"),
        ("assess/policy.py", "import clusterpolicy.report"),
        ("knowledge/profile.py", "import clusterpolicy.assess"),
        ("report/charts/base.py", "import clusterpolicy.assess"),
        ("report/builder.py", "import clusterpolicy.store"),
        ("io/importer.py", "import clusterpolicy.assess"),
        ("store/records.py", "import clusterpolicy.report"),
        ("model/tables.py", "import clusterpolicy.metrics"),
        ("progress.py", "import clusterpolicy.assess"),
    ]:
        assert pair in planted


_IMPORT_ALL_WITHOUT_QT = r"""
import importlib, pkgutil, sys
for name in ("PySide6", "shiboken6"):
    sys.modules[name] = None  # import PySide6 → ImportError, as if it were not installed
import clusterpolicy
failed = []
names = []
for info in pkgutil.walk_packages(clusterpolicy.__path__, "clusterpolicy."):
    if info.name.startswith("clusterpolicy.gui"):
        continue
    names.append(info.name)
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed.append(f"{info.name}: {type(exc).__name__}: {exc}")
print(len(names))
print("\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_non_gui_module_imports_without_qt():
    out = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL_WITHOUT_QT],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "MPLBACKEND": "Agg", "PATH": ""},
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert int(out.stdout.split()[0]) > 60  # the walk really saw the package


def test_the_cli_parser_imports_no_command_and_no_pandas():
    code = (
        "import sys; import clusterpolicy.cli as c; c.build_parser(['--help']); "
        "print(sorted(m for m in sys.modules if m.startswith(('pandas', 'openpyxl', "
        "'clusterpolicy.commands.', 'clusterpolicy.io'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
