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
import tempfile
import traceback
from pathlib import Path

from clusterpolicy import __version__
from clusterpolicy.messages import ProblemError

COMMANDS = {
    "import": "clusterpolicy.commands.import_cmd",
    "template": "clusterpolicy.commands.template_cmd",
    "assess": "clusterpolicy.commands.assess_cmd",
    "answers-template": "clusterpolicy.commands.answers_template_cmd",
    "demo": "clusterpolicy.commands.demo_cmd",
}


def _configure_stdio() -> None:
    # Windows consoles default to a legacy code page; Chinese must never crash a print.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clusterpolicy",
        description="产业集群政策评估 ClusterPolicy — industrial-cluster policy assessment",
    )
    parser.add_argument("--version", action="version", version=f"clusterpolicy {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, modname in COMMANDS.items():
        try:
            mod = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            if exc.name != modname:
                raise
            continue  # command not built yet
        p = sub.add_parser(
            name, help=f"{mod.help_zh} / {mod.help_en}", description=f"{mod.help_zh}\n{mod.help_en}"
        )
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def _log_internal_error() -> Path:
    log = Path(tempfile.gettempdir()) / "clusterpolicy-error.log"
    with log.open("a", encoding="utf-8") as fh:
        fh.write(traceback.format_exc())
        fh.write("\n")
    return log


def main(argv: list[str] | None = None) -> int:
    _configure_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
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
        log = _log_internal_error()
        print(
            f"内部错误：{type(exc).__name__}: {exc}。详细信息已写入 {log}，请将该文件发给技术支持。\n"
            f"Internal error: {type(exc).__name__}: {exc}. Details were written to {log}.",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
