"""``clusterpolicy assess``: run the whole assessment on the user's workbooks."""

from __future__ import annotations

import argparse

from clusterpolicy.commands._common import console_progress, print_outputs


def _clusters(text: str):
    return "auto" if text == "auto" else [c.strip() for c in text.split(",") if c.strip()]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="workbooks or CSV files (xlsx, xlsm, xls, csv)"
    )
    p.add_argument("--results", metavar="XLSX", help="results workbook to write (结果表)")
    p.add_argument("--project", metavar="CPA", help="project file to write or update (项目文件)")
    p.add_argument("--report", metavar="PDF", help="PDF report to write (评估报告)")
    p.add_argument("--region", metavar="CODE", help="focal region code (评估地区代码)")
    p.add_argument("--reference", metavar="CODE", help="reference area code (参照区域代码)")
    p.add_argument(
        "--reference-data",
        nargs="+",
        default=[],
        metavar="FILE",
        help="workbooks with the reference area's figures (the province's or the nation's), "
        "imported beside the local ones: the LQs are computed against that area (参照区域数据)",
    )
    p.add_argument("--base-year", type=int, metavar="Y")
    p.add_argument(
        "--year",
        type=int,
        metavar="Y",
        help="end year (末期); also the year of input tables that state none",
    )
    p.add_argument(
        "--clusters",
        type=_clusters,
        default="auto",
        metavar="auto|CODES",
        help="'auto' or comma-separated industry codes to assess in depth",
    )
    p.add_argument("--max-clusters", type=int, default=8)
    p.add_argument(
        "--peers",
        type=lambda t: [c.strip() for c in t.split(",") if c.strip()],
        default=[],
        metavar="CODES",
        help="comma-separated region codes of a peer group to compare the focal region with "
        "(default: the regions nearest in size and industry structure) (同类地区)",
    )
    p.add_argument(
        "--profile", metavar="YAML", help="rule profile (规则配置); default: the bundled cn-default"
    )
    p.add_argument(
        "--answers",
        metavar="JSON|XLSX",
        help="checklist and questionnaire answers, JSON or the workbook from `answers-template` "
        "(resources/knowledge/ANSWERS.md)",
    )
    p.add_argument(
        "--overrides",
        metavar="JSON",
        help='life-cycle overrides {"C17": {"stage": "renewal", "reason": "…"}}',
    )
    p.add_argument(
        "--scenario", metavar="JSON", help="what-if scenario for the equalization simulator"
    )
    p.add_argument(
        "--mapping",
        metavar="JSON",
        help="confirmed column mappings (from `clusterpolicy import --save-mapping`)",
    )
    p.add_argument(
        "--boundaries",
        metavar="GEOJSON",
        help="the regions' boundaries (GeoJSON with a 6-digit code property such as adcode): the "
        "report maps the selected clusters' LQs and the welfare index (行政区划边界)",
    )
    p.add_argument(
        "--map-approval",
        metavar="TEXT",
        help="the boundary map's approval number (审图号), printed under every map",
    )
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="report language")
    p.add_argument("--preparing-unit", default="", help="编制单位 on the report cover")
    p.add_argument(
        "--date",
        default=None,
        help="report date YYYY-MM-DD (default today; fixed → reproducible report)",
    )
    p.add_argument(
        "--welfare-effects",
        action="store_true",
        help="also estimate the welfare effects of agglomeration on the regions' panel (seed 000): "
        "fixed effects, U test, threshold and system-GMM models (福利效应估计)",
    )
    p.add_argument("--quiet", action="store_true")


def settings_from_args(args):
    from clusterpolicy.app.assessment import AssessmentSettings

    s = AssessmentSettings(
        focal_region=args.region,
        reference_code=args.reference,
        base_year=args.base_year,
        end_year=args.year,
        clusters=args.clusters,
        max_clusters=args.max_clusters,
        peers=args.peers,
        lang=args.lang,
        preparing_unit=args.preparing_unit,
        welfare_effects=args.welfare_effects,
    )
    if args.date:
        s.created = args.date
    return s


def run(args) -> int:
    from clusterpolicy.app.assessment import run_job

    if not (args.results or args.project or args.report):
        args.results = "results.xlsx"
    out = run_job(
        args.inputs,
        settings_from_args(args),
        profile_path=args.profile,
        answers_path=args.answers,
        scenario_path=args.scenario,
        overrides_path=args.overrides,
        mapping_path=args.mapping,
        reference_inputs=args.reference_data,
        boundaries_path=args.boundaries,
        map_approval=args.map_approval,
        results_path=args.results,
        project_path=args.project,
        report_path=args.report,
        progress=console_progress(args.quiet),
    )
    print_outputs(out, args.lang)
    return 0
