"""``clusterpolicy import FILE...``: import workbooks, print a bilingual summary (or JSON)."""

from __future__ import annotations

import json


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="xlsx/xlsm/xls/csv 文件 / files")
    parser.add_argument("--mapping", help="映射文件 JSON / mapping file to use")
    parser.add_argument("--save-mapping", help="保存所用映射 / save the mappings used (JSON)")
    parser.add_argument("--reference", help="参照区域代码或名称 / reference-area code or name")
    parser.add_argument(
        "--year",
        type=int,
        metavar="YYYY",
        help="表格未注明年份时的数据年份 / the year of tables that state none (most downloads)",
    )
    parser.add_argument("--out", help="把标准表写入 xlsx / write the canonical tables to an xlsx")
    parser.add_argument(
        "--json", action="store_true", help="以 JSON 输出摘要 / print the summary as JSON"
    )


def run(args) -> int:
    from clusterpolicy.app.imports import import_data
    from clusterpolicy.app.inputs import load_mappings, save_mappings
    from clusterpolicy.app.outputs import write_canonical
    from clusterpolicy.messages import ProblemError

    mappings = load_mappings(args.mapping) if args.mapping else None
    try:
        result = import_data(
            args.files, mappings=mappings, reference_code=args.reference, year=args.year
        )
    except ProblemError as exc:
        if args.save_mapping and getattr(exc, "mappings", None):
            # the proposed mapping, so the user can correct it and run again with --mapping
            save_mappings(exc.mappings, args.save_mapping)
            print(f"已保存建议的映射 / proposed mapping saved: {args.save_mapping}")
        raise
    data = result.data
    summary = data.summary()
    acc = result.accounting
    summary["numbers"] = {
        "read": acc.read,
        "imported": acc.imported,
        "not_imported": acc.not_imported,
    }
    if args.save_mapping:
        save_mappings(result.mappings, args.save_mapping)
    if args.out:
        write_canonical(data, args.out)
    if args.json:
        summary["warnings_list"] = [p.to_dict() for p in data.warnings]
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
        return 0
    print("导入完成 / Import done")
    print(f"  {acc.line_zh}\n  {acc.line_en}")
    for name, n in summary["tables"].items():
        print(f"  {name}: {n} 行 / rows")
    print(f"  地区 / regions: {summary['regions']}   行业 / industries: {summary['industries']}")
    ys = summary["years"]
    print(f"  年份 / years: {ys[0]}–{ys[-1]} ({len(ys)})" if ys else "  年份 / years: —")
    print(f"  警告 / warnings: {summary['warnings']}")
    for p in data.warnings[:30]:
        print("  - " + p.bilingual())
    return 0
