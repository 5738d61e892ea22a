"""``clusterpolicy template --out FILE.xlsx [--lang zh|en]``: write the blank import template."""

from __future__ import annotations

import argparse
from pathlib import Path

from clusterpolicy.io.template import TEMPLATE_TABLES, write_template
from clusterpolicy.messages import Problem, ProblemError, Severity

help_zh = "生成空白数据导入模板（xlsx）"
help_en = "write the blank data-import template (xlsx)"


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
        write_template(out, lang=args.lang)
    except OSError as exc:
        raise ProblemError(
            [
                Problem(
                    code="cannot_write",
                    severity=Severity.ERROR,
                    message_zh=f"无法写入文件 {out}：{exc.strerror or exc}",
                    message_en=f"Cannot write {out}: {exc.strerror or exc}",
                    fix_zh="请检查文件夹是否存在、是否有写入权限，以及文件是否已在 Excel 中打开。",
                    fix_en="Check that the folder exists and is writable and that the file is not open in Excel.",
                    file=str(out),
                )
            ]
        ) from exc
    print(
        f"已生成导入模板 / Template written: {out}（工作表 sheets: {', '.join(TEMPLATE_TABLES)}）"
    )
    return 0
