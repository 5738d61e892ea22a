"""Render every step of the desktop app, filled from the bundled sample, to PNG.

``clusterpolicy-gui --screenshots DIR`` (and ``tools/screenshots.py``) call :func:`render_all`:
for each language and window size, the sample is imported with its illustrative answers and
assessed (welfare effects included) on 990105 清溪县, then every step page is grabbed with
``QWidget.grab()``, plus the column-mapping dialog and the stage-override dialog. Files are
named ``<lang>-<width>x<height>-<NN>-<step>.png``. Works offscreen (no display needed).
"""

from __future__ import annotations

from pathlib import Path

SIZES = ((1366, 768), (1920, 1080))
_EDGE = 40  # a title bar and a taskbar take this much of the screen height


def _wait(win) -> None:
    """Until the window's task (and any it chains, e.g. the sample's answers → data) is done."""
    import time

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    while win.runner.busy:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def _shrink_png(path: Path, colours: int = 192) -> None:
    """Re-save as a palette PNG (a fraction of the size; screenshots have few colours)."""
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with matplotlib; without it the full-colour PNG stays
        return
    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _sample_window(lang: str):
    from clusterpolicy.gui.main_window import MainWindow

    win = MainWindow(lang=lang)
    win.show()
    win.load_sample()
    _wait(win)
    page = win.data_page
    page.focal.setCurrentIndex(page.focal.findData("990105"))
    page.effects.setChecked(True)
    win.run_assessment()
    _wait(win)
    rp = win.page("report")
    rp.set_options(
        {
            **rp.options(),
            "preparing_unit": "清源市发展和改革委员会（示例）"
            if lang == "zh"
            else "Qingyuan DRC (sample)",
            "signer": "王建国（示例）" if lang == "zh" else "Wang Jianguo (sample)",
        }
    )
    return win


def _grab(widget, path: Path) -> Path:
    from PySide6.QtWidgets import QApplication

    QApplication.instance().processEvents()
    widget.grab().save(str(path))
    _shrink_png(path)
    return path


def _show_report(win) -> None:
    """Write the sample's report (to a temporary folder, removed at exit) so that 八、报告 shows
    its preview, and wait until the pages in view are drawn."""
    import atexit
    import shutil
    import tempfile
    import time

    from PySide6.QtWidgets import QApplication

    folder = tempfile.mkdtemp(prefix="clusterpolicy-shots-")
    atexit.register(shutil.rmtree, folder, True)
    win.build_report(str(Path(folder) / "report.pdf"))
    _wait(win)
    pv = win.page("report").preview
    app, t0 = QApplication.instance(), time.perf_counter()
    while time.perf_counter() - t0 < 60 and not (
        pv.visible_pages()
        and all(pv.pages[i].scale == pv.render_scale() for i in pv.visible_pages())
    ):
        app.processEvents()
        time.sleep(0.01)


def render_window(win, out: Path, size: tuple[int, int]) -> list[Path]:
    """Every step page of ``win`` at ``size`` (the window's frame: height less ``_EDGE``)."""
    from clusterpolicy.gui import pages

    w, h = size
    win.resize(w, h - _EDGE)
    files = []
    for n, key in enumerate(pages.KEYS, 1):
        win.show_step(key)
        if key == "judgements":
            jp = win.judgement_page
            jp.select("existence", "C21")
            jp.table.selectRow(1)
        if key == "report":
            _show_report(win)
        files.append(_grab(win, out / f"{win.lang}-{w}x{h}-{n:02d}-{key}.png"))
        page = win.pages[key]
        if getattr(page, "charts", False) and "__charts__" in getattr(page, "_names", []):
            page.tabs.setCurrentIndex(page._names.index("__charts__"))
            view = page.table("__charts__")
            _wait(view)
            files.append(_grab(win, out / f"{win.lang}-{w}x{h}-{n:02d}-{key}-charts.png"))
            page.tabs.setCurrentIndex(0)
    return files


def render_dialogs(win, out: Path, size: tuple[int, int]) -> list[Path]:
    """The column-mapping dialog (the sample's first sheet), the source cell of the first
    located import problem, the stage dialog of C21, the report-options dialog and the
    thresholds dialog."""
    from clusterpolicy.app.mapping_review import propose_for_review
    from clusterpolicy.gui.mapping_dialog import MappingDialog
    from clusterpolicy.paths import resource

    w, h = size
    lang = win.lang
    dlg = MappingDialog(
        propose_for_review([resource("samples", "sample_prefecture.xlsx")]), None, lang
    )
    dlg.resize(min(1180, w - 16), min(780, h - _EDGE))  # as fit_to_screen on that screen
    dlg.show()
    dlg.select_sheet(0)
    files = [_grab(dlg, out / f"{lang}-{w}x{h}-mapping.png")]
    dlg.reject()
    dlg.deleteLater()
    problem = next(p for p in win.data_page._problems if p.row and p.sheet)
    win.show_source_cell(problem)
    _wait(win)
    cell = win.cell_dialog
    cell.resize(min(1000, w - 16), min(620, h - _EDGE))
    files.append(_grab(cell, out / f"{lang}-{w}x{h}-source-cell.png"))
    cell.reject()
    win.show_step("lifecycle")
    win.adjust_stage("C21")
    ov = win.override_dialog
    ov.stage.setCurrentIndex(ov.stage.findData("maturity"))
    ov.reason.setPlainText(
        "2025年实地调研：龙头企业扩产，新企业持续进入"
        if lang == "zh"
        else "2025 field visit: leading firms expand, new firms keep entering"
    )
    files.append(_grab(ov, out / f"{lang}-{w}x{h}-override.png"))
    ov.reject()
    win.show_step("report")
    rp = win.page("report")
    rp.edit_options()
    ro = rp.options_dialog
    ro.set_chapter("welfare_effects", False)
    files.append(_grab(ro, out / f"{lang}-{w}x{h}-report-options.png"))
    ro.reject()
    files += _render_thresholds(win, out, size)
    return files


def _render_thresholds(win, out: Path, size: tuple[int, int]) -> list[Path]:
    """The 规则与阈值 dialog with one identification threshold changed (not saved)."""
    w, h = size
    lang = win.lang
    win.open_thresholds()
    _wait(win)
    dlg = win.thresholds_dialog
    dlg.resize(min(1500, w - 16), min(860, h - _EDGE))
    model = dlg.model
    model.setData(model.index_of("identification.lq.pass_min"), 2.0)
    dlg.table.scrollTo(model.index_of("identification.lq.pass_min"))
    files = [_grab(dlg, out / f"{lang}-{w}x{h}-thresholds.png")]
    dlg.save_button.click()
    save = dlg.save_dialog
    save.name.setText("某省识别口径（示例）" if lang == "zh" else "Province X rules (sample)")
    save.reason.setPlainText(
        "依据省工信厅通知，候选集群区位熵须达到 2"
        if lang == "zh"
        else "The provincial notice asks candidates to have an LQ of at least 2"
    )
    files.append(_grab(save, out / f"{lang}-{w}x{h}-thresholds-save.png"))
    save.reject()
    dlg.reject()
    return files


def render_all(out: Path, langs=("zh", "en"), sizes=SIZES) -> list[Path]:
    """Every step and dialog, for each language and size, into ``out``; returns the files."""
    from PySide6.QtWidgets import QApplication

    from clusterpolicy.gui.app import _load_font, _load_style
    from clusterpolicy.gui.i18n import install_qt_translations

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    _load_font(app)
    _load_style(app)
    files: list[Path] = []
    for lang in langs:
        install_qt_translations(lang)
        win = _sample_window(lang)
        for size in sizes:
            files += render_window(win, out, size)
            files += render_dialogs(win, out, size)
        win.ask_on_close = False
        win.close()
        win.deleteLater()
        app.processEvents()
    return files
