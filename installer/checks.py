"""Static checks of the built Windows installer, and the self-test of the Linux bundle.

``check_installer(setup)`` (run by build.py and by tests/test_installer.py when an installer
is present):

* the file is under :data:`MAX_MB`;
* the payload (``7z l``) holds ``python.exe``, ``Qt6Core.dll``, the app package, ``ui/`` and
  ``resources/`` with the fonts and the knowledge base;
* every DLL import of each bundled ``.pyd`` and ``.dll`` (``objdump -p``) resolves: beside the
  importing file, in the interpreter's folder, in a folder a package adds to the DLL search path
  (``*.libs``, PySide6, shiboken6), or to a known Windows system DLL;
* the bundled interpreter's Authenticode signature verifies (as at build time).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

MAX_MB = 150
REQUIRED = [
    "Python/python.exe",
    "Python/python312.dll",
    "pkgs/PySide6/Qt6Core.dll",
    "pkgs/PySide6/Qt6Widgets.dll",
    "pkgs/PySide6/Qt6PrintSupport.dll",  # printing (Windows printer support is built in, Qt 6)
    "pkgs/PySide6/QtPrintSupport.pyd",
    "pkgs/PySide6/plugins/platforms/qwindows.dll",
    "pkgs/clusterpolicy/__init__.py",
    "pkgs/clusterpolicy/gui/app.py",
    "pkgs/clusterpolicy/_ui/clusterpolicy.qss",
    "pkgs/clusterpolicy/_ui/report_options.ui",  # the Designer forms, loaded by QUiLoader
    "pkgs/PySide6/Qt6UiTools.dll",
    "pkgs/clusterpolicy/_resources/fonts/wqy-microhei.ttc",
    "pkgs/clusterpolicy/_resources/knowledge/profiles/default.yaml",
    "pkgs/clusterpolicy/_resources/samples/sample_prefecture.xlsx",
    "pkgs/numpy/__init__.py",
    "pkgs/pandas/__init__.py",
    "pkgs/reportlab/__init__.py",
    "pkgs/matplotlib/__init__.py",
    "pkgs/pypdfium2/__init__.py",  # the report preview and printing (app/pdf_pages.py)
    "pkgs/pypdfium2_raw/pdfium.dll",
    "clusterpolicy.ico",
    "clusterpolicy.cmd",
    "self-test.cmd",
]
# DLLs every supported Windows (10/11 x64) provides
SYSTEM_DLLS = {
    d.lower()
    for d in """
    kernel32 user32 gdi32 gdiplus advapi32 shell32 ole32 oleaut32 ws2_32 comdlg32 comctl32 winmm
    imm32 version shlwapi uxtheme dwmapi d3d9 d3d11 d3d12 dxgi dwrite d2d1 dcomp crypt32 bcrypt
    ncrypt secur32 iphlpapi dnsapi wtsapi32 setupapi netapi32 userenv mpr winspool.drv opengl32
    glu32 ntdll rpcrt4 msvcrt ucrtbase shcore authz winhttp wininet cfgmgr32 powrprof wintrust
    msimg32 oleacc hid psapi dbghelp propsys uiautomationcore dxva2 mf mfplat mfreadwrite
    evr winusb credui normaliz sspicli cryptbase kernelbase ntmarta mswsock usp10 shfolder
    cabinet msi bcryptprimitives imagehlp d3dcompiler_47 icuuc icuin icu
    """.split()  # icuuc/icuin: System32 since Windows 10 1703 (Qt6Core links them; wine lacks them)
}


def _norm(name: str) -> str:
    n = name.lower()
    return n[:-4] if n.endswith(".dll") else n


def is_system(dll: str) -> bool:
    n = _norm(dll)
    return n in SYSTEM_DLLS or n.startswith(("api-ms-win-", "ext-ms-"))


def listing(setup: Path) -> list[str]:
    """Paths inside the installer (7z's NSIS reader), with forward slashes."""
    out = subprocess.run(["7z", "l", "-slt", "-ba", str(setup)], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr or out.stdout)
    return [
        line[len("Path = ") :].replace("\\", "/").removeprefix("$INSTDIR/")
        for line in out.stdout.splitlines()
        if line.startswith("Path = ")
    ]


def dll_imports(path: Path) -> list[str]:
    objdump = shutil.which("x86_64-w64-mingw32-objdump") or "objdump"
    out = subprocess.run([objdump, "-p", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"DLL Name: (\S+)", out)


def unresolved_imports(root: Path) -> dict[str, list[str]]:
    """{bundled file: [DLL names it imports that resolve nowhere]} for a staged/extracted tree."""
    binaries = [p for p in root.rglob("*") if p.suffix.lower() in (".dll", ".pyd")]
    search_dirs = {root / "Python"}
    for p in root.rglob("*"):
        if p.is_dir() and (p.name.endswith(".libs") or p.name in ("PySide6", "shiboken6")):
            search_dirs.add(p)
    names = {d: {f.name.lower() for f in d.iterdir() if f.is_file()} for d in search_dirs}
    bad: dict[str, list[str]] = {}
    for b in binaries:
        local = {f.name.lower() for f in b.parent.iterdir() if f.is_file()}
        missing = [
            dll
            for dll in dll_imports(b)
            if not is_system(dll)
            and dll.lower() not in local
            and not any(dll.lower() in n for n in names.values())
        ]
        if missing:
            bad[str(b.relative_to(root))] = missing
    return bad


def check_installer(setup: Path) -> int:
    """Run every static check; print one line each; 0 when all pass."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from build import SIGNED, verify_signature

    failures = 0

    def report(ok: bool, text: str) -> None:
        nonlocal failures
        failures += not ok
        print(f"{'OK  ' if ok else 'FAIL'} {text}", flush=True)

    if not setup.is_file():
        report(False, f"{setup} not found — build it first (installer/build.sh)")
        return 1
    mb = setup.stat().st_size / 1e6
    report(mb < MAX_MB, f"installer size {mb:.1f} MB (limit {MAX_MB} MB)")
    paths = set(listing(setup))
    missing = [p for p in REQUIRED if p not in paths]
    report(
        not missing,
        f"payload: {len(paths)} files; required present"
        + (f"; MISSING {missing}" if missing else ""),
    )
    with tempfile.TemporaryDirectory(prefix="cp-payload-") as tmp:
        root = Path(tmp)
        subprocess.run(
            ["7z", "x", "-y", "-bd", f"-o{root}", str(setup)], capture_output=True, check=True
        )
        inst = root / "$INSTDIR" if (root / "$INSTDIR").is_dir() else root
        n_bin = sum(1 for p in inst.rglob("*") if p.suffix.lower() in (".dll", ".pyd"))
        bad = unresolved_imports(inst)
        detail = "; ".join(f"{k}: {', '.join(v)}" for k, v in list(bad.items())[:8])
        report(
            not bad,
            f"DLL imports of {n_bin} .dll/.pyd files resolve"
            + (f"; UNRESOLVED {detail}" if bad else ""),
        )
        for name in SIGNED:
            try:
                report(True, verify_signature(inst / "Python" / name) + " (from the payload)")
            except SystemExit as exc:
                report(False, str(exc))
    print(
        "all installer checks passed" if not failures else f"{failures} installer check(s) FAILED"
    )
    return 1 if failures else 0


def self_test_bundle(bundle: Path) -> int:
    """Run ``--self-test`` from the frozen Linux bundle, offscreen; print its lines."""
    exe = bundle / "clusterpolicy"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([str(exe), "--self-test"], env=env, capture_output=True, text=True)
    print(res.stdout, end="")
    if res.returncode:
        print(res.stderr[-3000:], file=sys.stderr)
    return res.returncode
