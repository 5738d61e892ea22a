"""Render every step of the desktop app to PNG (offscreen, no display needed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [OUT_DIR] [--lang zh|en]

The same as ``clusterpolicy-gui --screenshots OUT_DIR``: the bundled sample imported with its
answers and assessed on 990105 清溪县, every step at 1366×768 and 1920×1080, the column-mapping
and stage dialogs (:mod:`clusterpolicy.gui.screenshots`). docs/screenshots/ holds the Chinese set.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    from clusterpolicy.gui.screenshots import render_all

    out = Path(argv[0]) if argv and not argv[0].startswith("--") else Path("docs/screenshots")
    langs = (argv[argv.index("--lang") + 1],) if "--lang" in argv else ("zh", "en")
    files = render_all(out, langs)
    print(f"{len(files)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
