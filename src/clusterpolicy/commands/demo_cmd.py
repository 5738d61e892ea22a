"""``clusterpolicy demo``: the whole assessment on the bundled (fictional) sample prefecture."""

from __future__ import annotations

import argparse
from pathlib import Path

from clusterpolicy.commands._common import console_progress, print_outputs


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out", default="demo-out", metavar="DIR", help="output folder (default: demo-out)"
    )
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--date", default=None, help="report date YYYY-MM-DD (default today)")
    p.add_argument("--quiet", action="store_true")


def run(args) -> int:
    from clusterpolicy.app.assessment import run_job
    from clusterpolicy.app.sample import sample_boundaries, sample_files, sample_settings

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    project = out_dir / "demo.cpa"
    if project.exists():
        project.unlink()  # the demo always starts from a fresh project
    workbook, answers, scenario = sample_files()
    out = run_job(
        [workbook],
        sample_settings(args.lang, created=args.date),
        answers_path=answers,
        scenario_path=scenario,
        results_path=out_dir / "results.xlsx",
        project_path=project,
        report_path=out_dir / "report.pdf",
        boundaries_path=sample_boundaries(),
        progress=console_progress(args.quiet),
    )
    print_outputs(out, args.lang)
    return 0
