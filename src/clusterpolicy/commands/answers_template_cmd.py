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

from clusterpolicy.messages import Problem, ProblemError, Severity, cannot_write


def _codes(text: str) -> list[str]:
    """``"21, c38"`` → ``["C21", "C38"]`` (the codes the answers reader keys clusters by)."""
    from clusterpolicy.app.answer_forms import normalise_industry_code

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


def run(args: argparse.Namespace) -> int:
    from clusterpolicy.app.answer_forms import (
        SCOPE_SHEETS,
        clusters_from_data,
        named_clusters,
        write_answers_form,
    )
    from clusterpolicy.app.assessment import load_profile

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
        clusters, region = clusters_from_data(
            args.data,
            profile,
            region=args.region,
            reference=args.reference,
            clusters=args.clusters,
            max_clusters=args.max_clusters,
            lang=args.lang,
        )
    else:
        clusters = named_clusters(args.clusters or [], args.lang)
    try:
        write_answers_form(out, profile, clusters, lang=args.lang, region_code=region)
    except OSError as exc:
        raise ProblemError([cannot_write(out, exc)]) from exc
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
