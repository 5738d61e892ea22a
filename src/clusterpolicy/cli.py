"""The command line: ``clusterpolicy <command> ...``.

Each command lives in its own module under :mod:`clusterpolicy.commands` and provides
``help_zh``, ``help_en``, ``add_arguments(parser)`` and ``run(args) -> int``. This module only
dispatches, and turns every failure into a clear message and an exit code — never a traceback:

* 0 — done;
* 2 — bad input: located problems printed in Chinese and English;
* 3 — an internal error: a short message, the traceback goes to a log file.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from clusterpolicy import __version__
from clusterpolicy.logs import log_exception, setup_logging
from clusterpolicy.messages import ProblemError

# command → (module, help zh, help en). A module is imported only when its command runs (or
# its --help is asked for), so `clusterpolicy --help` imports neither pandas nor openpyxl.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "import": (
        "clusterpolicy.commands.import_cmd",
        "导入数据工作簿并检查",
        "import data workbooks and validate them",
    ),
    "template": (
        "clusterpolicy.commands.template_cmd",
        "生成空白数据导入模板（xlsx）",
        "write the blank data-import template (xlsx)",
    ),
    "assess": (
        "clusterpolicy.commands.assess_cmd",
        "评估：导入数据、识别集群、诊断生命周期、升级与均等化分析、政策建议，写出结果表、项目文件和报告",
        "run the assessment and write the results workbook, the project file and the PDF report",
    ),
    "answers-template": (
        "clusterpolicy.commands.answers_template_cmd",
        "生成检验清单与问卷的答案表（xlsx），供填写后用 --answers 读入",
        "write the checklist and questionnaire answers workbook (xlsx) to fill in and pass to "
        "--answers",
    ),
    "demo": (
        "clusterpolicy.commands.demo_cmd",
        "演示：用内置的虚构示例数据（清源市清溪县）完成整套评估，写出 report.pdf、results.xlsx 和 demo.cpa",
        "run the whole assessment on the bundled fictional sample and write report.pdf, "
        "results.xlsx, demo.cpa",
    ),
}


def _configure_stdio() -> None:
    # Windows consoles default to a legacy code page; Chinese must never crash a print.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass


def _chosen(argv: list[str]) -> str | None:
    """The command named in ``argv`` (the first word that is one), else None."""
    for word in argv:
        if word in COMMANDS:
            return word
        if not word.startswith("-"):
            return None
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the command named in ``argv`` gets its arguments (its module imported)."""
    parser = argparse.ArgumentParser(
        prog="clusterpolicy",
        description="产业集群政策评估 ClusterPolicy — industrial-cluster policy assessment",
    )
    parser.add_argument("--version", action="version", version=f"clusterpolicy {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="自检：用内置示例完成全部步骤并打开一次窗口 / check that this installation works",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = _chosen(sys.argv[1:] if argv is None else argv)
    for name, (modname, help_zh, help_en) in COMMANDS.items():
        p = sub.add_parser(name, help=f"{help_zh} / {help_en}", description=f"{help_zh}\n{help_en}")
        if name == chosen:
            mod = importlib.import_module(modname)
            mod.add_arguments(p)
            p.set_defaults(_run=mod.run)
    return parser


def _gui_check() -> str:
    from clusterpolicy.gui.selftest import open_window_once

    return open_window_once()


def _self_test() -> int:
    from clusterpolicy.app.selftest import run_self_test

    return 0 if run_self_test(gui_check=_gui_check) else 1


def main(argv: list[str] | None = None) -> int:
    _configure_stdio()
    setup_logging("cli")
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.self_test:
        return _self_test()
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    try:
        return int(args._run(args) or 0)
    except ProblemError as exc:
        print("无法继续，发现以下问题 / Cannot continue, problems found:", file=sys.stderr)
        for problem in exc.problems:
            print("- " + problem.bilingual(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已取消 / Cancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep the interpreter from failing at exit
        except OSError:
            pass
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        log = log_exception(f"internal error in {args.command}")
        print(
            f"内部错误：{type(exc).__name__}: {exc}。详细信息已写入 {log}，请将该文件发给技术支持。\n"
            f"Internal error: {type(exc).__name__}: {exc}. Details were written to {log}.",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
