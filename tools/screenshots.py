"""Render the desktop window's steps to PNG for review (offscreen, no display needed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [OUT_DIR] [--lang zh|en] [--mapping-only]

Loads the bundled sample, runs the assessment on 990105 清溪县 and saves one PNG per step, plus
``mapping-<lang>.png``: the column-mapping dialog on the sample's first yearbook sheet
(``--mapping-only`` renders just that; docs/gui-mapping.png is this image), and
``judgements-<lang>.png`` / ``override-<lang>.png``: the judgement page (existence test of C21
with one answer changed, so its history shows) and the life-cycle stage dialog with a reason
(``--judgements-only`` renders just those two; docs/gui-judgements.png and docs/gui-override.png).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from clusterpolicy.gui.app import _load_font, _load_style  # noqa: E402
from clusterpolicy.gui.main_window import MainWindow  # noqa: E402


def _wait(win: MainWindow) -> None:
    loop = QEventLoop()
    win.runner.busy_changed.connect(lambda busy: None if busy else loop.quit())
    loop.exec()


def _sample_window(lang: str) -> MainWindow:
    """A shown window with the sample imported and 990105 清溪县 chosen as the focal region."""
    win = MainWindow(lang=lang)
    win.resize(1280, 800)
    win.show()
    win.load_sample()
    _wait(win)
    win.data_page.focal.setCurrentIndex(win.data_page.focal.findData("990105"))
    return win


def _shrink_png(path: Path, colours: int = 128) -> None:
    """Re-save as a palette PNG (a fraction of the size; screenshots have few colours)."""
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with matplotlib; without it the full-colour PNG stays
        return
    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def mapping_screenshot(path: Path, lang: str, sheet: int = 0) -> Path:
    """Render the column-mapping dialog for the bundled sample (sheet ``sheet`` selected)."""
    from clusterpolicy.app.mapping_review import propose_for_review
    from clusterpolicy.gui.mapping_dialog import MappingDialog
    from clusterpolicy.paths import resource

    app = QApplication.instance()
    proposals = propose_for_review([resource("samples", "sample_prefecture.xlsx")])
    dlg = MappingDialog(proposals, None, lang)
    dlg.resize(1280, 820)
    dlg.show()
    dlg.select_sheet(sheet)
    app.processEvents()
    dlg.grab().save(str(path))
    _shrink_png(path)
    dlg.close()
    dlg.deleteLater()
    app.processEvents()
    return path


def judgements_screenshots(out: Path, lang: str) -> tuple[Path, Path]:
    """Render the judgement page and the stage-override dialog for the sample (in memory)."""
    app = QApplication.instance()
    win = _sample_window(lang)
    win.run_assessment()
    _wait(win)
    page = win.judgement_page
    page.select("existence", "C21")
    row = page.row_of("EX-02")
    page.answer_box(row).setCurrentIndex(page.answer_box(row).findData("no"))
    page.set_note(
        row,
        "走访12家企业：彼此之间没有配套或采购关系"
        if lang == "zh"
        else "12 firms visited: no supply ties",
    )
    page.table.selectRow(row)
    win.steps.setCurrentRow(win.stack.indexOf(page))
    app.processEvents()
    shot = out / f"judgements-{lang}.png"
    win.grab().save(str(shot))
    _shrink_png(shot)
    win.steps.setCurrentRow(win.stack.indexOf(win.result_pages["step_lifecycle"]))
    win.adjust_stage("C21")
    dlg = win.override_dialog
    dlg.stage.setCurrentIndex(dlg.stage.findData("maturity"))
    dlg.reason.setPlainText(
        "2025年实地调研：龙头企业扩产，新企业持续进入"
        if lang == "zh"
        else "2025 field visit: leading firms expand, new firms keep entering"
    )
    app.processEvents()
    dshot = out / f"override-{lang}.png"
    dlg.grab().save(str(dshot))
    _shrink_png(dshot)
    dlg.reject()
    win.close()
    win.deleteLater()
    app.processEvents()
    return shot, dshot


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv and not argv[0].startswith("--") else Path("docs/screens")
    lang = "en" if "--lang" in argv and argv[argv.index("--lang") + 1] == "en" else "zh"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    _load_font(app)
    _load_style(app)
    if "--judgements-only" in argv:
        print("screenshots:", *judgements_screenshots(out, lang))
        return 0
    mapping_screenshot(out / f"mapping-{lang}.png", lang)
    if "--mapping-only" in argv:
        print(f"screenshot in {out}")
        return 0
    win = _sample_window(lang)
    win.steps.setCurrentRow(0)
    win.grab().save(str(out / f"step0-data-{lang}.png"))
    win.run_assessment()
    _wait(win)
    for row in range(1, win.steps.count() - 1):
        win.steps.setCurrentRow(row)
        app.processEvents()
        win.grab().save(str(out / f"step{row}-{lang}.png"))
    win.close()
    win.deleteLater()
    app.processEvents()
    judgements_screenshots(out, lang)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
