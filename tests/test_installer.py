"""The installer build: the lock parsing and cache rule, the NSIS script compiles, the Linux
bundle's self-test (slow, opt-in), and the static checks of a built installer when one is there."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "installer"))

import build  # noqa: E402
import checks  # noqa: E402


def _wheel(folder: Path, name: str, ver: str) -> Path:
    p = folder / f"{name}-{ver}-py3-none-any.whl"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr(f"{name}/__init__.py", "")
    return p


def test_lock_parsing_and_the_cache_rule(tmp_path):
    a = _wheel(tmp_path, "alpha_pkg", "1.0")
    b = _wheel(tmp_path, "beta", "2.1")
    ha = hashlib.sha256(a.read_bytes()).hexdigest()
    hb = hashlib.sha256(b.read_bytes()).hexdigest()
    lock = tmp_path / "lock.txt"
    lock.write_text(
        f"alpha-pkg==1.0 \\\n    --hash=sha256:{ha} \\\n    --hash=sha256:{'0' * 64}\n"
        f"    # via x\nbeta==2.1 \\\n    --hash=sha256:{hb}\n",
        encoding="utf-8",
    )
    pins = build.locked(lock)
    assert pins == {"alpha-pkg": ("1.0", {ha, "0" * 64}), "beta": ("2.1", {hb})}
    assert set(build.cached_wheels(tmp_path, pins)) == {"alpha-pkg", "beta"}
    b.write_bytes(b.read_bytes() + b"tampered")  # a file whose hash is not pinned is not used
    assert build.cached_wheels(tmp_path, pins) is None


def test_the_real_locks_pin_every_runtime_dependency_with_hashes():
    for name in (
        "lock-linux.txt",
        "lock-linux-runtime.txt",
        "lock-windows.txt",
        "lock-windows-runtime.txt",
    ):
        pins = build.locked(ROOT / "requirements" / name)
        for dep in (
            "numpy",
            "pandas",
            "pyside6-essentials",
            "reportlab",
            "python-calamine",
            "openpyxl",
            "pypdfium2",
        ):
            assert dep in pins and pins[dep][1], (name, dep)
        assert all(len(h) == 64 for _, hashes in pins.values() for h in hashes)
    assert build.locked(ROOT / "requirements" / "lock-windows-runtime.txt")["pyside6-essentials"][
        0
    ].startswith("6.11")


def test_system_dll_rule():
    assert checks.is_system("KERNEL32.dll") and checks.is_system(
        "api-ms-win-crt-runtime-l1-1-0.dll"
    )
    assert not checks.is_system("Qt6Core.dll") and not checks.is_system("python312.dll")


@pytest.mark.skipif(shutil.which("makensis") is None, reason="nsis not installed")
def test_the_nsis_script_compiles(tmp_path):
    stage = tmp_path / "stage"
    for rel in ("Python/python.exe", "Python/pythonw.exe", "pkgs/clusterpolicy/__init__.py"):
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        (stage / rel).write_bytes(b"x")
    shutil.copy(ROOT / "resources" / "icons" / "clusterpolicy.ico", stage / "clusterpolicy.ico")
    for name in ("clusterpolicy.cmd", "self-test.cmd", "README.txt"):
        (stage / name).write_text("x", encoding="ascii")
    out = tmp_path / "setup.exe"
    res = subprocess.run(
        [
            "makensis",
            "-V2",
            "-DVERSION=0.0.1",
            f"-DSTAGE={stage}",
            f"-DOUTFILE={out}",
            str(ROOT / "installer" / "clusterpolicy.nsi"),
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    listed = checks.listing(out) if shutil.which("7z") else []
    if listed:
        assert "Python/python.exe" in listed and "clusterpolicy.cmd" in listed


SETUP = ROOT / "dist" / f"ClusterPolicy-{build.version()}-win64-setup.exe"


@pytest.mark.skipif(not SETUP.is_file(), reason="no installer built (installer/build.sh)")
def test_static_checks_of_the_built_installer(capsys):
    assert checks.check_installer(SETUP) == 0, capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("CLUSTERPOLICY_BUILD_BUNDLE") != "1",
    reason="builds the PyInstaller bundle (4–6 min): set CLUSTERPOLICY_BUILD_BUNDLE=1",
)
def test_linux_bundle_builds_and_passes_its_self_test():
    res = subprocess.run(
        ["bash", str(ROOT / "installer" / "build.sh"), "--linux"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-4000:]
    assert "all checks passed" in res.stdout
