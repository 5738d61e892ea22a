"""``clusterpolicy import FILE...``: import workbooks, print a bilingual summary (or JSON)."""

from __future__ import annotations

import json
from pathlib import Path

help_zh = "导入数据工作簿并检查"
help_en = "import data workbooks and validate them"


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="xlsx/xlsm/xls/csv 文件 / files")
    parser.add_argument("--mapping", help="映射文件 JSON / mapping file to use")
    parser.add_argument("--save-mapping", help="保存所用映射 / save the mappings used (JSON)")
    parser.add_argument("--reference", help="参照区域代码或名称 / reference-area code or name")
    parser.add_argument("--out", help="把标准表写入 xlsx / write the canonical tables to an xlsx")
    parser.add_argument(
        "--json", action="store_true", help="以 JSON 输出摘要 / print the summary as JSON"
    )


def _safe(v):
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def write_xlsx(data, path: str | Path) -> None:
    """Canonical tables + provenance + warnings, one sheet each; text cells that could be read as
    formulas get a leading apostrophe (formula-injection safe)."""
    import pandas as pd

    sheets = dict(data.tables())
    sheets["provenance"] = data.provenance
    sheets["warnings"] = pd.DataFrame([p.to_dict() for p in data.warnings])
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name, df in sheets.items():
            out = df.copy()
            for c in out.columns:
                if out[c].dtype == object or str(out[c].dtype) in ("string", "str"):
                    out[c] = out[c].astype(object).map(_safe)
            out.to_excel(xw, sheet_name=name[:31], index=False)


def run(args) -> int:
    from clusterpolicy.io.importer import import_files
    from clusterpolicy.io.mapping import load_mappings, save_mappings

    mappings = load_mappings(args.mapping) if args.mapping else None
    result = import_files(args.files, mappings=mappings, reference_code=args.reference)
    data = result.data
    summary = data.summary()
    if args.save_mapping:
        save_mappings(result.mappings, args.save_mapping)
    if args.out:
        write_xlsx(data, args.out)
    if args.json:
        summary["warnings_list"] = [p.to_dict() for p in data.warnings]
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
        return 0
    print("导入完成 / Import done")
    for name, n in summary["tables"].items():
        print(f"  {name}: {n} 行 / rows")
    print(f"  地区 / regions: {summary['regions']}   行业 / industries: {summary['industries']}")
    ys = summary["years"]
    print(f"  年份 / years: {ys[0]}–{ys[-1]} ({len(ys)})" if ys else "  年份 / years: —")
    print(f"  警告 / warnings: {summary['warnings']}")
    for p in data.warnings[:30]:
        print("  - " + p.bilingual())
    return 0
