#!/usr/bin/env python3
"""Prove the import-linter contracts catch wrong arrows: plant each forbidden import in a copy of
the source tree and check that ``lint-imports`` fails on it (and passes on the clean copy).

    python tools/check_layers.py          # prints one line per planted import, exits 1 if any passed

The planted imports are the nine a review found uncaught by the old "forbidden" lists, plus the
other arrows DESIGN §3 rules out (front ends past the application layer, Qt outside gui/, …).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (module file under src/clusterpolicy, the import planted in it)
PLANTED: list[tuple[str, str]] = [
    ("assess/lifecycle/__init__.py", "import clusterpolicy.store"),
    ("assess/policy.py", "import clusterpolicy.report"),
    ("knowledge/profile.py", "import clusterpolicy.assess"),
    ("report/charts/base.py", "import clusterpolicy.assess"),
    ("report/builder.py", "import clusterpolicy.store"),
    ("io/importer.py", "import clusterpolicy.assess"),
    ("store/records.py", "import clusterpolicy.report"),
    ("model/tables.py", "import clusterpolicy.metrics"),
    ("progress.py", "import clusterpolicy.assess"),
    # the other arrows the layering rules out
    ("gui/tasks.py", "import clusterpolicy.io.importer"),
    ("commands/demo_cmd.py", "import clusterpolicy.assess.pipeline"),
    ("app/steps.py", "import clusterpolicy.gui"),
    ("assess/indicators.py", "import clusterpolicy.io.readers"),
    ("metrics/growth.py", "import clusterpolicy.model"),
    ("io/units.py", "import clusterpolicy.knowledge"),
    ("knowledge/answers.py", "import clusterpolicy.io"),
    ("store/frames.py", "import clusterpolicy.assess"),
    ("text/formats.py", "import clusterpolicy.io"),
    ("messages.py", "import clusterpolicy.model"),
    ("io/readers.py", "import PySide6"),
    ("app/outputs.py", "import PySide6.QtCore"),
    ("report/styles.py", "import openpyxl"),
    # the PDF renderer only behind app/pdf_pages.py
    ("gui/pdf_preview.py", "import pypdfium2"),
    ("report/builder.py", "import pypdfium2_raw"),
]


def lint(src: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(src))
    exe = Path(sys.executable).with_name("lint-imports")
    cmd = [str(exe) if exe.exists() else "lint-imports", "--no-cache", "--no-logo"]
    return subprocess.run(
        [*cmd, str(ROOT / "pyproject.toml")], env=env, capture_output=True, text=True
    )


def check() -> list[tuple[str, str, bool]]:
    """[(file, planted import, caught)] for every planted import, after a clean-tree check."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(
            ROOT / "src" / "clusterpolicy",
            src / "clusterpolicy",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        clean = lint(src)
        if clean.returncode != 0:
            raise SystemExit("the clean tree breaks a contract:\n" + clean.stdout[-2000:])
        for rel, stmt in PLANTED:
            path = src / "clusterpolicy" / rel
            original = path.read_text(encoding="utf-8")
            path.write_text(original + f"\n{stmt}  # planted\n", encoding="utf-8")
            try:
                out.append((rel, stmt, lint(src).returncode != 0))
            finally:
                path.write_text(original, encoding="utf-8")
    return out


def main() -> int:
    results = check()
    for rel, stmt, caught in results:
        print(f"{'caught ' if caught else 'MISSED '} {rel}: {stmt}")
    missed = sum(not c for _, _, c in results)
    print(f"{len(results) - missed} of {len(results)} planted imports caught")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
