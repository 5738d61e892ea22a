"""``clusterpolicy demo``: the whole assessment on the bundled (fictional) sample prefecture."""

from __future__ import annotations

import argparse
from pathlib import Path

from clusterpolicy.commands._common import console_progress, print_outputs

help_zh = "演示：用内置的虚构示例数据（清源市清溪县）完成整套评估，写出 report.pdf、results.xlsx 和 demo.cpa"
help_en = "run the whole assessment on the bundled fictional sample and write report.pdf, results.xlsx, demo.cpa"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out", default="demo-out", metavar="DIR", help="output folder (default: demo-out)"
    )
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--date", default=None, help="report date YYYY-MM-DD (default today)")
    p.add_argument("--quiet", action="store_true")


def run(args) -> int:
    from clusterpolicy.assess.settings import AssessmentSettings
    from clusterpolicy.workflow import SAMPLE_FOCAL, run_job, sample_files

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    project = out_dir / "demo.cpa"
    if project.exists():
        project.unlink()  # the demo always starts from a fresh project
    settings = AssessmentSettings(
        focal_region=SAMPLE_FOCAL,
        lang=args.lang,
        preparing_unit="清源市发展和改革委员会（示例）"
        if args.lang == "zh"
        else "Qingyuan Development and Reform Commission (sample)",
    )
    if args.date:
        settings.created = args.date
    workbook, answers, scenario = sample_files()
    out = run_job(
        [workbook],
        settings,
        answers_path=answers,
        scenario_path=scenario,
        results_path=out_dir / "results.xlsx",
        project_path=project,
        report_path=out_dir / "report.pdf",
        progress=console_progress(args.quiet),
    )
    print_outputs(out, args.lang)
    return 0
