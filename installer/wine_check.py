#!/usr/bin/env python3
"""Install and uninstall the Windows installer under wine, where wine is available.

    python3 installer/wine_check.py dist/ClusterPolicy-<version>-win64-setup.exe

In a fresh wine prefix: a silent per-user install (``setup.exe /S``) must put the files where the
Start-menu shortcuts point and register the ``.cpa`` association; then ``--self-test`` is tried
with the installed interpreter and its output shown (Debian's wine 8 lacks functions numpy and
Qt need, see DESIGN §10 — how far it gets is reported, not required); then the silent uninstall
must remove the program and keep a project, a remembered mapping and the log placed in the user
folders. Prints one line per check; exit 0 when every required check passes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REQUIRED_FILES = [
    "Python/python.exe",
    "Python/pythonw.exe",
    "pkgs/clusterpolicy/__init__.py",
    "pkgs/PySide6/Qt6Core.dll",
    "clusterpolicy.ico",
    "uninstall.exe",
]


def _env(prefix: Path) -> dict[str, str]:
    return dict(
        os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml="
    )


def _wine(prefix: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["wine", *args],
        env=_env(prefix),
        capture_output=True,
        text=True,
        timeout=timeout,
        errors="replace",
    )


def _user_dir(prefix: Path) -> Path:
    users = prefix / "drive_c" / "users"
    for d in users.iterdir():
        if d.name not in ("Public", "Default") and d.is_dir():
            return d
    raise RuntimeError("no user folder in the wine prefix")


def _lnk_target(lnk: Path) -> str:
    """The target path stored in a .lnk file (its UTF-16 or ANSI string data)."""
    raw = lnk.read_bytes()
    texts = re.findall(rb"[A-Za-z]:\\[^\x00]{4,}", raw)
    texts += [
        t.decode("utf-16-le", "ignore").encode()
        for t in re.findall(rb"(?:[A-Za-z]\x00:\x00\\\x00(?:[^\x00]\x00){4,})", raw)
    ]
    for t in texts:
        s = t.decode("utf-8", "ignore")
        if s.lower().endswith((".exe", ".cmd")):
            return s
    return ""


def _to_unix(prefix: Path, winpath: str) -> Path:
    drive, rest = winpath[0].lower(), winpath[3:]
    return prefix / f"drive_{drive}" / Path(*rest.split("\\"))


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    setup = Path(args[0]).resolve()
    if shutil.which("wine") is None:
        print("SKIP wine is not installed (apt-get install wine64)")
        return 0
    failures = 0

    def report(ok: bool | None, text: str) -> None:
        nonlocal failures
        failures += ok is False
        mark = {True: "OK  ", False: "FAIL", None: "INFO"}[ok]
        print(f"{mark} {text}", flush=True)

    prefix = Path(tempfile.mkdtemp(prefix="cp-wine-"))
    try:
        t0 = time.perf_counter()
        subprocess.run(["wineboot", "-i"], env=_env(prefix), capture_output=True, timeout=300)
        report(
            None,
            f"fresh wine prefix ({subprocess.run(['wine', '--version'], capture_output=True, text=True).stdout.strip()}) in {time.perf_counter() - t0:.0f} s",
        )
        t0 = time.perf_counter()
        res = _wine(prefix, str(setup), "/S", timeout=900)
        user = _user_dir(prefix)
        inst = user / "AppData" / "Local" / "Programs" / "ClusterPolicy"
        report(
            res.returncode == 0 and inst.is_dir(),
            f"silent install (rc {res.returncode}, {time.perf_counter() - t0:.0f} s) into {inst.relative_to(prefix)}",
        )
        missing = [f for f in REQUIRED_FILES if not (inst / f).exists()]
        report(not missing, "installed files present" + (f"; MISSING {missing}" if missing else ""))
        menu = (
            user
            / "AppData"
            / "Roaming"
            / "Microsoft"
            / "Windows"
            / "Start Menu"
            / "Programs"
            / "ClusterPolicy"
        )
        links = sorted(menu.glob("*.lnk")) if menu.is_dir() else []
        report(
            len(links) >= 3, f"Start-menu shortcuts: {', '.join(p.name for p in links) or 'none'}"
        )
        for lnk in links:
            target = _lnk_target(lnk)
            ok = bool(target) and _to_unix(prefix, target).exists()
            report(ok, f"{lnk.name} → {target or '?'}" + ("" if ok else " (target missing)"))
        q = _wine(prefix, "reg", "query", r"HKCU\Software\Classes\.cpa", "/ve")
        report("ClusterPolicy.Project" in q.stdout, ".cpa association registered for the user")
        q = _wine(
            prefix,
            "reg",
            "query",
            r"HKCU\Software\Classes\ClusterPolicy.Project\shell\open\command",
            "/ve",
        )
        report(
            "pythonw.exe" in q.stdout and "%1" in q.stdout,
            "double-click command: " + " ".join(q.stdout.split()[-6:]),
        )

        t0 = time.perf_counter()
        try:
            st = _wine(
                prefix,
                str(inst / "Python" / "python.exe"),
                "-m",
                "clusterpolicy",
                "--self-test",
                timeout=600,
            )
            lines = [x for x in (st.stdout + st.stderr).splitlines() if x.strip()]
            report(
                None,
                f"--self-test under wine: rc {st.returncode} after {time.perf_counter() - t0:.0f} s",
            )
            for line in lines[:14]:
                print(f"       | {line[:200]}")
        except subprocess.TimeoutExpired:
            report(None, "--self-test under wine: no answer within 600 s")

        docs = user / "Documents"
        docs.mkdir(exist_ok=True)
        (docs / "我的评估.cpa").write_bytes(b"SQLite format 3\x00 user project")
        (inst / "saved-here.cpa").write_bytes(b"SQLite format 3\x00 saved in the program folder")
        mappings = user / "AppData" / "Roaming" / "ClusterPolicy" / "mappings"
        mappings.mkdir(parents=True, exist_ok=True)
        (mappings / "abc.json").write_text("{}", encoding="utf-8")
        logs = user / "AppData" / "Local" / "ClusterPolicy" / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        (logs / "clusterpolicy.log").write_text("log\n", encoding="utf-8")

        _wine(prefix, str(inst / "uninstall.exe"), "/S", timeout=300)
        deadline = time.time() + 180  # the NSIS uninstaller re-runs itself from a temp copy
        while time.time() < deadline and (
            (inst / "Python").exists() or (inst / "uninstall.exe").exists()
        ):
            time.sleep(2)
        gone = [
            f
            for f in ("Python", "pkgs", "uninstall.exe", "clusterpolicy.ico")
            if not (inst / f).exists()
        ]
        report(len(gone) == 4, f"uninstall removed the program ({', '.join(gone)})")
        report(
            not menu.exists() or not list(menu.glob("*.lnk")),
            "uninstall removed the Start-menu shortcuts",
        )
        q = _wine(prefix, "reg", "query", r"HKCU\Software\Classes\ClusterPolicy.Project")
        report(q.returncode != 0, "uninstall removed the .cpa association")
        kept = [
            p
            for p in (
                docs / "我的评估.cpa",
                inst / "saved-here.cpa",
                mappings / "abc.json",
                logs / "clusterpolicy.log",
            )
            if p.exists()
        ]
        report(
            len(kept) == 4, f"uninstall kept the user's files: {', '.join(p.name for p in kept)}"
        )
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
    print("wine checks passed" if not failures else f"{failures} wine check(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
