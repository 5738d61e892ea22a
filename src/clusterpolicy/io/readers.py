"""Readers: file → RawWorkbook. (Initial minimal version; hardened by the readers work.)"""

from __future__ import annotations

from pathlib import Path

import python_calamine

from clusterpolicy.io.raw import RawSheet, RawWorkbook


def read_workbook(path: str | Path) -> RawWorkbook:
    p = Path(path)
    if p.suffix.lower() == ".csv":
        import csv

        text = p.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                decoded = text.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        rows = [list(r) for r in csv.reader(decoded.splitlines())]
        width = max((len(r) for r in rows), default=0)
        rows = [[(v if v != "" else None) for v in r] + [None] * (width - len(r)) for r in rows]
        return RawWorkbook(str(p), p.name, [RawSheet(p.name, "", rows, source_format="csv", encoding=enc)])
    wb = python_calamine.CalamineWorkbook.from_path(str(p))
    sheets = []
    for name in wb.sheet_names:
        data = wb.get_sheet_by_name(name).to_python()
        width = max((len(r) for r in data), default=0)
        rows = [[(v if v != "" else None) for v in r] + [None] * (width - len(r)) for r in data]
        sheets.append(RawSheet(p.name, name, rows, source_format=p.suffix.lower().lstrip(".")))
    return RawWorkbook(str(p), p.name, sheets)
