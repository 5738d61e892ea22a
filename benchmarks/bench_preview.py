"""The report preview and printing: what PDFium (pypdfium2) costs, and the UI thread's longest
stall while the preview opens, scrolls and zooms through the report and while it prints.

    .venv/bin/python benchmarks/bench_preview.py [--pdf REPORT.pdf] [--runs 5]

Without ``--pdf`` the bundled sample's Chinese report is written first (as ``clusterpolicy
demo`` does). Prints: the import time of pypdfium2 (fresh processes, median), opening the
report (read + parse + page sizes), rendering every page at 96, 150 and 300 dpi (median and
max), then — offscreen, a 10 ms heartbeat on the UI thread as in ``bench_gui_stalls.py`` — the
longest stall while the preview opens the report and shows its first page, scrolls page by page
to the end, zooms in and out five times, and prints every page to a PDF file. Not a timed test:
a shared machine adds noise. Goal (issue #14): no stall over 200 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))


def sample_report(folder: Path) -> Path:
    from clusterpolicy.app.outputs import write_report
    from clusterpolicy.app.sample import assess_sample

    return write_report(folder / "report.pdf", assess_sample(created="2026-11-22", lang="zh"))


def import_ms(runs: int) -> list[float]:
    code = "import time;t=time.perf_counter();import pypdfium2;print((time.perf_counter()-t)*1e3)"
    return [float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(runs)]


def engine(pdf: Path, runs: int) -> None:
    from clusterpolicy.app.pdf_pages import open_pdf

    ms = import_ms(runs)
    print(f"import pypdfium2: median {statistics.median(ms):.0f} ms ({min(ms):.0f}–{max(ms):.0f})")
    opens = []
    for _ in range(runs):
        t = time.perf_counter()
        doc = open_pdf(pdf)
        opens.append((time.perf_counter() - t) * 1e3)
        doc.close()
    doc = open_pdf(pdf)
    print(
        f"open {pdf.name} ({pdf.stat().st_size / 1e6:.1f} MB, {doc.page_count} pages): "
        f"median {statistics.median(opens):.1f} ms"
    )
    for dpi in (96, 150, 300):
        times = []
        for i in range(doc.page_count):
            t = time.perf_counter()
            page = doc.render(i, dpi=dpi)
            times.append((time.perf_counter() - t) * 1e3)
        worst = max(range(len(times)), key=times.__getitem__)
        print(
            f"render one page at {dpi} dpi ({page.width}×{page.height}): median "
            f"{statistics.median(times):.1f} ms, max {times[worst]:.1f} ms (page {worst + 1})"
        )
    doc.close()


def gui(pdf: Path) -> None:
    from bench_gui_stalls import Heartbeat
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from clusterpolicy.gui.app import _load_font
    from clusterpolicy.gui.pdf_preview import PdfPreview
    from clusterpolicy.gui.pdf_print import make_printer, print_pdf
    from clusterpolicy.gui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    _load_font(app)
    view = PdfPreview("zh")
    view.resize(1000, 560)
    view.show()
    beat = Heartbeat()

    def pump(until, limit=120.0) -> None:
        t = time.perf_counter()
        while not until() and time.perf_counter() - t < limit:
            app.processEvents()
            time.sleep(0.002)

    def settled() -> bool:
        vis = view.visible_pages()
        return bool(vis) and all(view.pages[i].scale == view.render_scale() for i in vis)

    def measure(name, action, until) -> None:
        app.processEvents()
        beat.last, beat.worst = time.perf_counter(), 0.0
        beat.timer.start()
        t = time.perf_counter()
        action()
        pump(until)
        beat.timer.stop()
        print(
            f"{name}: {time.perf_counter() - t:.2f} s, longest UI stall {beat.worst * 1e3:.0f} ms"
        )

    measure("preview: open and show page 1", lambda: view.load(str(pdf)), settled)

    def scroll_all() -> None:
        for i in range(view.page_count):
            view.go_to(i)
            pump(settled, 10)

    measure(f"preview: page by page through {view.page_count} pages", scroll_all, lambda: True)

    def zooms() -> None:
        for _ in range(5):
            view.zoom_in_button.click()
            pump(settled, 10)
        for _ in range(5):
            view.zoom_out_button.click()
            pump(settled, 10)

    measure("preview: zoom in ×5 and out ×5", zooms, lambda: True)
    held = sum(v.image.sizeInBytes() for v in view.pages if v.image is not None)
    print(f"preview: {held / 1e6:.0f} MB of page images held at the end")

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "printed.pdf"
        printer = make_printer(str(pdf), view.sizes[0])
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        runner = TaskRunner()
        done = []
        runner.done.connect(done.append)
        runner.failed.connect(done.append)
        measure(
            f"print {view.page_count} pages to PDF at {min(printer.resolution(), 300)} dpi",
            lambda: runner.start(print_pdf, str(pdf), printer, None),
            lambda: bool(done),
        )
        print(f"printed: {done[0]} pages, {out.stat().st_size / 1e6:.1f} MB")
    view.shutdown()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = args.pdf or sample_report(Path(tmp))
        engine(pdf, args.runs)
        gui(pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
