"""``clusterpolicy --self-test``: prove that an installed copy works, one line per check.

Loads the knowledge base, imports the bundled sample, runs every step, writes the results
workbook, the project file and the PDF report into a temporary folder, checks the PDF (pages,
fonts embedded), renders its first page as the app's preview does (PDFium: proves the bundled
pdfium library loads), reads the project back, and — through a check the front end passes in —
opens the desktop window offscreen for one turn of its event loop. Every failure is logged with its
traceback; the printed line says what failed and where the log is.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from clusterpolicy.logs import log_exception, log_file


@dataclass
class CheckResult:
    name_zh: str
    name_en: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        mark = "OK  " if self.ok else "FAIL"
        return f"{mark} {self.name_zh} / {self.name_en}: {self.detail} ({self.seconds:.1f} s)"


def pdf_facts(data: bytes) -> tuple[int, int]:
    """(pages, embedded font programs) of a PDF written by the report (uncompressed object
    dictionaries, as reportlab writes them)."""
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    fonts = len(re.findall(rb"/FontFile2?3?\b", data))
    return pages, fonts


def run_self_test(
    gui_check: Callable[[], str] | None = None, out: Callable[[str], None] = print
) -> bool:
    """Run every check, print one line each, return True when all passed."""
    from clusterpolicy import __version__

    results: list[CheckResult] = []
    state: dict = {}

    def check(name_zh: str, name_en: str, fn: Callable[[], str]) -> bool:
        t0 = time.perf_counter()
        try:
            detail, ok = fn(), True
        except Exception as exc:  # noqa: BLE001 - a self-test reports, it does not crash
            log_exception(f"self-test check failed: {name_en}")
            detail, ok = f"{type(exc).__name__}: {exc}", False
        res = CheckResult(name_zh, name_en, ok, detail, time.perf_counter() - t0)
        results.append(res)
        out(res.line())
        return ok

    out(f"ClusterPolicy {__version__} 自检 / self-test")
    with tempfile.TemporaryDirectory(prefix="clusterpolicy-selftest-") as tmp:
        folder = Path(tmp)

        def knowledge() -> str:
            from clusterpolicy.app.assessment import load_profile

            state["profile"] = p = load_profile()
            n = sum(len(f.items) for f in p.files)
            return f"{p.id} {p.version}, {len(p.files)} files, {n} items"

        def sample_import() -> str:
            from clusterpolicy.app.imports import import_data
            from clusterpolicy.app.sample import sample_files

            state["files"] = sample_files()
            state["data"] = data = import_data([state["files"][0]]).data
            s = data.summary()
            return f"{s['regions']} regions, {s['industries']} industries, {len(s['years'])} years"

        def assessment() -> str:
            from clusterpolicy.app.assessment import assess
            from clusterpolicy.app.inputs import load_any_answers, load_scenario
            from clusterpolicy.app.sample import sample_settings

            workbook, answers, scenario = state["files"]
            profile = state["profile"]
            state["settings"] = settings = sample_settings("zh")
            state["answers"] = ans = load_any_answers(answers, profile)
            state["result"] = res = assess(
                state["data"], settings, profile, answers=ans, scenario=load_scenario(scenario)
            )
            lc = res.tables.get("lifecycle")
            return f"{len(res.tables)} result tables, {0 if lc is None else len(lc)} clusters diagnosed"

        def workbook() -> str:
            from clusterpolicy.app.outputs import write_results

            path = write_results(folder / "results.xlsx", state["result"])
            return f"{path.stat().st_size // 1024} KB"

        def project() -> str:
            from clusterpolicy.app.projects import open_project, read_project, save_assessment

            path = save_assessment(
                folder / "selftest.cpa",
                state["data"],
                state["result"],
                state["settings"],
                state["profile"],
                state["answers"],
            )
            with open_project(path, read_only=True) as p:
                contents = read_project(p)
            if contents.data is None or contents.result is None:
                raise RuntimeError("the project read back has no data or no results")
            return f"written and read back, {len(contents.result.tables)} tables"

        def report() -> str:
            from clusterpolicy.app.outputs import write_report

            path = write_report(folder / "report.pdf", state["result"], lang="zh")
            pages, fonts = pdf_facts(path.read_bytes())
            if pages < 5 or fonts < 1:
                raise RuntimeError(f"PDF has {pages} pages and {fonts} embedded fonts")
            state["report"] = path
            return f"{pages} pages, {fonts} embedded font(s), {path.stat().st_size // 1024} KB"

        def preview() -> str:
            from clusterpolicy.app.pdf_pages import open_pdf

            with open_pdf(state["report"]) as doc:
                page = doc.render(0, dpi=96)
                n = doc.page_count
            dark = sum(1 for b in page.data[:: 4 * 97] if b < 128)  # sampled blue channel
            if not dark:
                raise RuntimeError("page 1 rendered blank")
            return f"{n} pages, page 1 at 96 dpi {page.width}×{page.height} px (PDFium)"

        steps = [
            ("知识库", "knowledge base", knowledge),
            ("导入示例数据", "import the sample", sample_import),
            ("运行全部评估步骤", "run every step", assessment),
            ("写出结果表", "write the results workbook", workbook),
            ("写出并读回项目文件", "write and read back the project", project),
            ("生成报告", "build the PDF report", report),
            ("预览报告页面", "render the report's pages", preview),
        ]
        for zh, en, fn in steps:
            if not check(zh, en, fn):
                break  # later checks need the earlier ones
        if gui_check is not None:
            check("打开桌面窗口", "open the desktop window", gui_check)
    passed = all(r.ok for r in results) and len(results) == len(steps) + (gui_check is not None)
    out(
        ("全部通过 / all checks passed" if passed else "自检未通过 / self-test FAILED")
        + f" — 日志 / log: {log_file()}"
    )
    return passed
