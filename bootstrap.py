#!/usr/bin/env python3
"""Set up ClusterPolicy in a local virtual environment and run it — one command on a fresh machine.

    python3 bootstrap.py demo [--out DIR] [--lang zh|en]   set up, then run the bundled sample
                                                           assessment to a PDF report
    python3 bootstrap.py test [pytest args...]             set up (with dev tools), check the
                                                           layering and ruff, then run the tests
    python3 bootstrap.py gui                               set up, then start the desktop app
    python3 bootstrap.py installer [--linux]               set up, then build the Windows
                                                           installer (or the Linux bundle)

Works on Linux and Windows with Python 3.11+. The environment lives in ``.venv/`` beside this
file; it is rebuilt only when ``pyproject.toml`` or ``setup.py`` change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def lock_file(dev: bool) -> Path:
    """The lock file this machine installs from (requirements/, written by installer/lock.py):
    exact versions with hashes, so a fresh machine gets the versions that were tested."""
    if os.name == "nt":
        return ROOT / "requirements" / "lock-windows.txt"
    return ROOT / "requirements" / ("lock-linux.txt" if dev else "lock-linux-runtime.txt")


def _stamp(dev: bool) -> str:
    h = hashlib.sha256(b"dev" if dev else b"run")
    for path in (ROOT / "pyproject.toml", ROOT / "setup.py", lock_file(dev)):
        h.update(path.read_bytes())
    return h.hexdigest()


def ensure_env(dev: bool) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - bootstrap runs under any python3 and says why
        sys.exit("ClusterPolicy needs Python 3.11 or newer (需要 Python 3.11 及以上版本).")
    stamp_file = VENV / ".clusterpolicy-stamp"
    want = _stamp(dev)
    if stamp_file.exists():
        have = stamp_file.read_text().split()
        if want in have or (not dev and _stamp(True) in have):
            return
    if not PY.exists():
        print("creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print(f"installing ClusterPolicy{' with dev tools' if dev else ''} into .venv …", flush=True)
    pip = [str(PY), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.check_call([*pip, "--require-hashes", "-r", str(lock_file(dev))], cwd=ROOT)
    subprocess.check_call([*pip, "--no-deps", "--no-build-isolation", "-e", "."], cwd=ROOT)
    stamp_file.write_text(want + "\n")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "gui", "installer"}:
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:]
    ensure_env(dev=cmd in ("test", "installer"))
    env = dict(os.environ)
    if cmd == "demo":
        return subprocess.call([str(PY), "-m", "clusterpolicy", "demo", *rest], cwd=ROOT, env=env)
    if cmd == "installer":
        return subprocess.call(["bash", str(ROOT / "installer" / "build.sh"), *rest], cwd=ROOT)
    if cmd == "gui":
        return subprocess.call([str(PY), "-m", "clusterpolicy.gui.app", *rest], cwd=ROOT, env=env)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    code = ["src", "tests", "tools", "benchmarks", "bootstrap.py", "setup.py"]
    checks = [
        ([str(BIN / "lint-imports"), "--no-logo"], "layering contracts broken (lint-imports)"),
        ([str(BIN / "ruff"), "check", *code], "ruff check found problems"),
        ([str(BIN / "ruff"), "format", "--check", *code], "code not formatted (ruff format)"),
    ]
    for cmd, what in checks:
        rc = subprocess.call(cmd, cwd=ROOT, env=env)
        if rc:
            print(f"{what} — see above", file=sys.stderr)
            return rc
    return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
