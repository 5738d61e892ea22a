"""The desktop window, offscreen: import in the background, run, show tables; cancel works."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("PySide6.QtWidgets")

from clusterpolicy.gui.main_window import MainWindow  # noqa: E402
from clusterpolicy.gui.tasks import TaskRunner  # noqa: E402
from clusterpolicy.progress import Cancelled  # noqa: E402

pytestmark = pytest.mark.gui


def _slow(n, progress=None):
    for i in range(n):
        progress(i / n, f"step {i}")
        time.sleep(0.01)
    return n


def test_task_runner_reports_progress_and_result(qtbot):
    runner = TaskRunner()
    seen = []
    runner.progress.connect(lambda f, m: seen.append(f))
    with qtbot.waitSignal(runner.done, timeout=10000) as blocker:
        runner.start(_slow, 20)
    assert blocker.args == [20]
    assert seen and seen == sorted(seen)
    assert not runner.busy


def test_task_runner_cancel_stops_the_work(qtbot):
    runner = TaskRunner()
    done = []
    runner.done.connect(done.append)
    with qtbot.waitSignal(runner.cancelled, timeout=10000):
        runner.start(_slow, 10_000)
        qtbot.wait(50)
        runner.cancel()
    assert done == []


def test_a_superseded_job_never_reaches_the_newer_jobs_handler(qtbot):
    import threading

    release = threading.Event()

    def first(progress=None):
        return "first"  # ends at once: its "done" is queued before the second job starts

    def second(progress=None):
        release.wait(5)
        return "second"

    runner = TaskRunner()
    got = []
    runner.done.connect(got.append)
    runner.start(first)
    runner.wait(5000)  # the first job has ended; its result waits in the event queue
    runner.start(second)
    qtbot.wait(50)  # the queued "done" of the first job is delivered now
    assert got == [] and runner.busy  # not handed to whoever waits for the second
    release.set()
    qtbot.waitUntil(lambda: got == ["second"], timeout=10000)
    assert not runner.busy


def test_task_runner_passes_engine_errors(qtbot):
    def bad(progress=None):
        raise ValueError("坏数据")

    runner = TaskRunner()
    with qtbot.waitSignal(runner.failed, timeout=10000) as blocker:
        runner.start(bad)
    assert isinstance(blocker.args[0], ValueError)
    assert not isinstance(blocker.args[0], Cancelled)


@pytest.mark.slow
def test_sample_import_assess_and_screenshot(qtbot, tmp_path):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    win.load_sample()  # its answers, then its workbook: two background tasks
    qtbot.waitUntil(lambda: win.data is not None and not win.runner.busy, timeout=120000)
    assert win.data is not None
    assert "清溪县" in [
        win.data_page.focal.itemText(i).split(" ", 1)[1] for i in range(win.data_page.focal.count())
    ]
    idx = win.data_page.focal.findData("990105")
    win.data_page.focal.setCurrentIndex(idx)
    assert win.act_run.isEnabled()
    with qtbot.waitSignal(win.runner.done, timeout=180000):
        win.run_assessment()
    assert win.result is not None
    page = win.page("lifecycle")
    assert page.tabs.count() == 2  # the table and the charts
    model = page.tabs.widget(0).model()
    col = list(model.frame.columns).index("stage")
    stages = {model.index(r, col).data() for r in range(model.rowCount())}
    assert {"成长期", "成熟期", "衰退期"} <= stages  # shown through the label catalogue
    win.show_step("lifecycle")
    shot = tmp_path / "lifecycle.png"
    assert win.grab().save(str(shot))
    assert shot.stat().st_size > 10_000


def test_answers_workbook_loads_in_the_window(qtbot, tmp_path):
    from openpyxl import load_workbook

    from clusterpolicy.io.answers_workbook import write_answers_template
    from clusterpolicy.knowledge import load_profile

    path = write_answers_template(tmp_path / "a.xlsx", load_profile(), [("C21", "家具制造业")])
    wb = load_workbook(path)
    ws = wb["存在性检验"]
    header = [str(c.value or "") for c in ws[1]]
    col = next(i for i, h in enumerate(header, 1) if h.endswith("\nanswer"))
    ws.cell(2, col, "是")
    wb.save(path)
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.load_answers(str(path))
    assert win.answers is not None and win.answers.industry_codes() == ["C21"]
