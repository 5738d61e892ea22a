"""A full re-run of the assessment against the live re-score of the upgrading checklists.

On the bundled sample with its answers and transfer scenario (as the desktop app runs it after
重新运行评估, without storing into a project): the whole pipeline (``app.assessment.assess``)
against ``app.live_scores.rescore`` (the upgrading sheets and the action plan built on them),
each after one technology answer changed. Median of ``--repeat`` runs, alternating; the upgrading
step alone and the action plan alone are shown too. Not a timed test: a shared machine adds
noise.

    .venv/bin/python benchmarks/bench_live_scores.py [--repeat 5] [--welfare-effects] [--gui]

``--gui``: the desktop window on the sample (offscreen, 1366×728, the upgrading page with its
score table and radar charts shown and the policy page built): one answer changed ``--repeat``
times on the page's answer tab; for each, the time from the change to the new score in the table
and the longest UI-thread stall meanwhile (a 10 ms heartbeat, as ``bench_gui_stalls.py``; goal:
no stall over 200 ms).
"""

from __future__ import annotations

import argparse
import statistics
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--welfare-effects", action="store_true", help="the full run also estimates them"
    )
    parser.add_argument("--gui", action="store_true", help="also the window's UI-thread stalls")
    args = parser.parse_args(argv)
    if args.gui:
        return _gui(args.repeat)

    from clusterpolicy.app.assessment import assess
    from clusterpolicy.app.imports import import_data
    from clusterpolicy.app.inputs import load_scenario
    from clusterpolicy.app.live_scores import rescore
    from clusterpolicy.app.sample import SAMPLE_FOCAL, sample_files
    from clusterpolicy.assess import steps
    from clusterpolicy.assess.pipeline import _policy
    from clusterpolicy.assess.settings import AssessmentSettings
    from clusterpolicy.knowledge import load_answers, load_profile

    workbook, answers_path, scenario_path = sample_files()
    profile = load_profile()
    data = import_data([workbook]).data
    scenario = load_scenario(scenario_path)
    settings = AssessmentSettings(focal_region=SAMPLE_FOCAL, welfare_effects=args.welfare_effects)
    answers = load_answers(answers_path, profile)

    def full(a):
        return assess(data, settings, profile, answers=a, scenario=scenario)

    base = full(answers)
    tech = answers.clusters["C21"]["technology"]
    item = next(k for k, v in tech.items() if v["answer"] == "no")
    times: dict[str, list[float]] = {"full": [], "live": [], "upgrading": [], "plan": []}
    meta = base.meta
    for n in range(args.repeat):
        tech[item] = {**tech[item], "answer": "yes" if n % 2 == 0 else "no"}
        t = time.perf_counter()
        full(answers)
        times["full"].append(time.perf_counter() - t)
        t = time.perf_counter()
        rescore(base, data, profile, answers)
        times["live"].append(time.perf_counter() - t)
        t = time.perf_counter()
        up = steps.upgrading_all(
            data,
            meta["region_code"],
            meta["selected_clusters"],
            profile,
            answers,
            meta["end_year"],
            settings,
            None,
        )
        times["upgrading"].append(time.perf_counter() - t)
        t = time.perf_counter()
        _policy(
            base.tables,
            base.tables["lifecycle"],
            up,
            answers,
            profile,
            meta["region_code"],
            meta["end_year"],
            None,
        )
        times["plan"].append(time.perf_counter() - t)
    med = {k: statistics.median(v) for k, v in times.items()}
    clusters = len(meta["selected_clusters"])
    print(f"bundled sample, {clusters} clusters assessed, median of {args.repeat}")
    print(f"full re-run (assess{', welfare effects' if args.welfare_effects else ''}): "
          f"{med['full'] * 1000:8.0f} ms")  # fmt: skip
    print(f"live re-score (app.live_scores.rescore): {med['live'] * 1000:8.0f} ms")
    print(f"  of which the upgrading checklists:      {med['upgrading'] * 1000:8.0f} ms")
    print(f"  of which the action plan:               {med['plan'] * 1000:8.0f} ms")
    print(f"ratio full / live: {med['full'] / med['live']:.1f}×")
    return 0


def _gui(repeat: int) -> int:
    import os
    import sys

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench_gui_stalls import Heartbeat
    from PySide6.QtWidgets import QApplication

    from clusterpolicy.app.imports import import_data
    from clusterpolicy.app.sample import SAMPLE_FOCAL, assess_sample, sample_files
    from clusterpolicy.gui.app import _load_font
    from clusterpolicy.gui.main_window import MainWindow
    from clusterpolicy.knowledge import load_answers

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _load_font(app)
    win = MainWindow(lang="zh")
    win.resize(1366, 728)
    win.show()
    data = import_data([sample_files()[0]]).data
    win.judgements.merge_answers(load_answers(sample_files()[1], win.profile), "bench")
    win.data = data
    win.data_page.show_data(data)
    win.data_page.apply_settings({"focal_region": SAMPLE_FOCAL})
    win.result = assess_sample()
    win.refresh_pages()
    win.show_step("policy")
    win.show_step("upgrading")
    page = win.pages["upgrading"]
    summary = page.table("upgrading_summary")
    charts = page._fill(page._names.index("__charts__"))
    while not charts.images:
        app.processEvents()
    page.tabs.setCurrentWidget(page.answers)
    up = win.result.tables["upgrading"]
    rows = up[(up.industry_code == "C21") & (up.checklist == "technology")]
    item = rows[(rows.answer == "no") & (rows.basis == "judgement")].item_id.iloc[0]
    page.answers.select("technology", "C21")
    box = page.answers.answer_box(page.answers.row_of(item))

    def score():
        f = summary.model().frame
        sel = f[(f.industry_code == "C21") & (f.checklist == "technology") & (f.dimension == "ALL")]
        return float(sel.score.iloc[0])

    beat = Heartbeat()
    print(f"{'change':<8}{'to new score ms':>17}{'longest UI stall ms':>22}")
    worst = []
    for n in range(repeat):
        old = score()
        beat.start()
        t = time.perf_counter()
        box.setCurrentIndex(box.findData("yes" if n % 2 == 0 else "no"))
        while score() == old:
            app.processEvents()
        wall = time.perf_counter() - t
        while page.busy() or charts.runner.busy:  # and the radar drawn again
            app.processEvents()
        app.processEvents()
        stall = beat.stop()
        worst.append(stall)
        print(f"{n + 1:<8}{wall * 1000:>17.0f}{stall * 1000:>22.0f}")
    print(f"worst stall: {max(worst) * 1000:.0f} ms (goal < 200 ms)")
    win.ask_on_close = False
    win.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
