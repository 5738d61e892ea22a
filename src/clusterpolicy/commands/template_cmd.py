"""``clusterpolicy template --out FILE.xlsx [--lang zh|en]``: write the blank import template."""

from __future__ import annotations

import argparse
from pathlib import Path

from clusterpolicy.messages import Problem, ProblemError, Severity, cannot_write


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="FILE.xlsx",
        help="输出文件 / output file (.xlsx)",
    )
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="说明页语言顺序 / language shown first on the instructions sheet (default zh)",
    )


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        raise ProblemError(
            [
                Problem(
                    code="bad_output_suffix",
                    severity=Severity.ERROR,
                    message_zh=f"输出文件必须是 .xlsx：{out}",
                    message_en=f"The output file must be .xlsx: {out}",
                    fix_zh="请把文件名改为以 .xlsx 结尾。",
                    fix_en="Give a file name ending in .xlsx.",
                    file=str(out),
                )
            ]
        )
    try:
        from clusterpolicy.app.outputs import import_template_sheets, write_import_template

        write_import_template(out, lang=args.lang)
    except OSError as exc:
        raise ProblemError([cannot_write(out, exc)]) from exc
    print(
        f"已生成导入模板 / Template written: {out}（工作表 sheets: {', '.join(import_template_sheets())}）"
    )
    return 0
