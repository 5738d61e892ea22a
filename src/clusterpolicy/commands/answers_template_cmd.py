"""``clusterpolicy answers-template --out 答案.xlsx [--data FILE... --region CODE] [--clusters C21,C38]
[--profile P.yaml] [--lang zh|en]``: write the answers workbook officials fill in Excel.

The clusters (one block of rows per cluster on the cluster sheets) are ``--clusters`` if given;
otherwise, with ``--data``, the industries the assessment would select for ``--region`` (the same
identification and selection ``clusterpolicy assess --clusters auto`` runs: top-ranked candidates
plus the emerging watch list). Without either, the cluster sheets hold only their headers.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from clusterpolicy.io.answers_workbook import (
    SCOPE_SHEETS,
    normalise_industry_code,
    write_answers_template,
)
from clusterpolicy.messages import Problem, ProblemError, Severity

help_zh = "生成检验清单与问卷的答案表（xlsx），供填写后用 --answers 读入"
help_en = (
    "write the checklist and questionnaire answers workbook (xlsx) to fill in and pass to --answers"
)


def _codes(text: str) -> list[str]:
    """``"21, c38"`` → ``["C21", "C38"]`` (the codes the answers reader keys clusters by)."""
    return [normalise_industry_code(c) for c in text.replace("，", ",").split(",") if c.strip()]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="FILE.xlsx",
        help="输出文件 / output file (.xlsx)",
    )
    p.add_argument(
        "--data",
        nargs="+",
        metavar="FILE",
        default=[],
        help="数据文件，用于选出要评估的集群 / data workbooks, to pick the clusters the assessment selects",
    )
    p.add_argument("--region", metavar="CODE", help="评估地区代码 / focal region code")
    p.add_argument("--reference", metavar="CODE", help="参照区域代码 / reference area code")
    p.add_argument(
        "--clusters",
        type=_codes,
        default=None,
        metavar="C21,C38",
        help="要填写的集群（行业代码，逗号分隔）/ clusters to include (comma-separated industry codes)",
    )
    p.add_argument(
        "--max-clusters",
        type=int,
        default=8,
        help="自动选择的集群上限 / upper bound of auto-selected clusters",
    )
    p.add_argument(
        "--profile",
        metavar="YAML",
        help="规则配置 / rule profile (default: the bundled cn-default)",
    )
    p.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="先显示的语言 / language shown first"
    )


def _selected_from_data(args, profile) -> tuple[list[tuple[str, str]], str, object]:
    """(clusters, focal region code, data) the assessment would use on ``args.data``."""
    from clusterpolicy.assess.identification import identify_clusters
    from clusterpolicy.assess.pipeline import _focal, _select_clusters, _years
    from clusterpolicy.assess.settings import AssessmentSettings
    from clusterpolicy.io.importer import import_files

    data = import_files([str(f) for f in args.data], reference_code=args.reference).data
    settings = AssessmentSettings(
        focal_region=args.region,
        reference_code=args.reference,
        clusters=args.clusters or "auto",
        max_clusters=args.max_clusters,
    )
    focal = _focal(data, settings)
    if args.clusters:
        return [(c, data.industry_name(c, args.lang)) for c in args.clusters], focal, data
    th = profile.threshold_values()
    years = _years(data)
    ident = identify_clusters(data, focal, year=years[-1] if years else None, thresholds=th)
    sel = _select_clusters(ident.clusters, settings, th)
    sel = sel.loc[sel["selected"].astype(bool)]
    return (
        [(str(c), data.industry_name(str(c), args.lang)) for c in sel["industry_code"]],
        focal,
        data,
    )


def _division_name(code: str, lang: str) -> str:
    from clusterpolicy.model.codes import division

    row = division(code)
    return "" if row is None else str(row["name_zh" if lang == "zh" else "name_en"])


def run(args: argparse.Namespace) -> int:
    from clusterpolicy.knowledge import load_profile

    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        raise ProblemError(
            [
                Problem(
                    "bad_output_suffix",
                    Severity.ERROR,
                    f"输出文件必须是 .xlsx：{out}",
                    f"The output file must be .xlsx: {out}",
                    "请把文件名改为以 .xlsx 结尾。",
                    "Give a file name ending in .xlsx.",
                    file=str(out),
                )
            ]
        )
    profile = load_profile(args.profile)
    region = args.region or ""
    if args.data:
        clusters, region, _data = _selected_from_data(args, profile)
    else:
        clusters = [(c, _division_name(c, args.lang)) for c in (args.clusters or [])]
    try:
        write_answers_template(out, profile, clusters, lang=args.lang, region_code=region)
    except OSError as exc:
        raise ProblemError(
            [
                Problem(
                    "cannot_write",
                    Severity.ERROR,
                    f"无法写入文件 {out}：{exc.strerror or exc}",
                    f"Cannot write {out}: {exc.strerror or exc}",
                    "请检查文件夹是否存在、是否有写入权限，以及文件是否已在 Excel 中打开。",
                    "Check that the folder exists and is writable and that the file is not open in Excel.",
                    file=str(out),
                )
            ]
        ) from exc
    print(f"已生成答案表 / Answers workbook written: {out}")
    print(f"  规则配置 / profile: {profile.id} {profile.version} ({profile.date})")
    if region:
        print(f"  评估地区 / region: {region}")
    if clusters:
        print("  集群 / clusters: " + ", ".join(f"{c} {n}".strip() for c, n in clusters))
    else:
        print(
            "  未指定集群：集群工作表只有表头；用 --clusters 或 --data 指定。\n"
            "  No clusters given: the cluster sheets hold only their headers; use --clusters or --data."
        )
    print("  工作表 / sheets: " + ", ".join(f"{zh} ({k})" for k, (zh, _en) in SCOPE_SHEETS.items()))
    return 0
