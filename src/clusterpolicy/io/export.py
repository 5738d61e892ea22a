"""Results workbook export: every computed table to a formatted, safe ``.xlsx``.

Contract: one sheet per results table with the machine-readable column names in row 1 (the
names of the results contract, e.g. ``region_code, industry_code, year, measure, lq``) and data
from row 2; bilingual labels and units of every column are in the ``notes`` sheet, and the run's
metadata (profile id and version, app version, inputs) in the ``meta`` sheet. Headers are frozen,
numbers formatted, columns sized, an autofilter set.

Safety: text that comes from workbooks or users and starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return would be read by Excel as a formula (formula injection, e.g.
``=HYPERLINK(...)``). Such text is written as a plain string with a leading apostrophe, so it is
shown, never evaluated.

A table longer than ``max_rows`` continues in ``name_2``, ``name_3`` … (noted in ``notes``);
one longer than a whole Excel sheet (1,048,575 data rows — the all-region LQ and shift-share
tables of a 3,000-region workbook run to millions) is written instead as a UTF-8 CSV file beside
the workbook, ``<workbook name>_<table>.csv``, named in ``notes`` with its row count: nothing is
cut, and the workbook stays one that Excel opens (58 million cells took 11 minutes to write and
made a workbook no one could open). Text in the CSV is neutralised the same way.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from clusterpolicy.atomic import replacing
from clusterpolicy.text.labels import column_label

EXCEL_MAX_ROWS = 1_048_576
_DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_WRAP = Alignment(wrap_text=True, vertical="top")


def neutralise(text: str) -> str:
    """Return ``text`` safe to put in a cell: formula-like text gets a leading apostrophe."""
    if text and text.startswith(_DANGEROUS_PREFIXES):
        return "'" + text
    return text


def _cell_value(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return None if math.isnan(f) or math.isinf(f) else f
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (pd.Timestamp, _dt.datetime, _dt.date)):
        return v
    if isinstance(v, (list, tuple, dict)):
        v = "; ".join(map(str, v)) if not isinstance(v, dict) else str(v)
    return neutralise(str(v))


def _number_format(series: pd.Series, name: str) -> str | None:
    if name == "year" or name.endswith("_year"):
        return "0"
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return "#,##0"
    if pd.api.types.is_float_dtype(series):
        return "#,##0.0000"
    return None


def _width(series: pd.Series, name: str) -> float:
    sample = series.head(200)
    lengths = [len(name)]
    for v in sample:
        s = "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
        # CJK characters are about twice as wide as Latin ones
        lengths.append(sum(2 if ord(ch) > 0x2E80 else 1 for ch in s[:60]))
    return float(min(max(lengths) + 2, 60))


def _write_sheet(wb: Workbook, title: str, df: pd.DataFrame) -> None:
    ws = wb.create_sheet(title=title[:31])
    columns = [str(c) for c in df.columns]
    ws.freeze_panes = "A2"
    formats = [_number_format(df[c], c) for c in df.columns]
    for i, c in enumerate(df.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _width(df[c], str(c))
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=neutralise(name))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    ws.append(header)
    # multi-line text (evidence sentences, one per line) is shown wrapped, top-aligned
    wrap = [str(c).startswith(("evidence", "conditions", "chain_")) for c in df.columns]
    for row in _object_rows(df):
        out = []
        for j, v in enumerate(row):
            cv = _cell_value(v)
            if formats[j] and isinstance(cv, (int, float)) and not isinstance(cv, bool):
                cell = WriteOnlyCell(ws, value=cv)
                cell.number_format = formats[j]
                out.append(cell)
            elif wrap[j] and isinstance(cv, str) and "\n" in cv:
                cell = WriteOnlyCell(ws, value=cv)
                cell.alignment = _WRAP
                out.append(cell)
            else:
                out.append(cv)
        ws.append(out)
    if len(columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(df) + 1}"


def _object_rows(df: pd.DataFrame, chunk: int = 20_000):
    """The rows of ``df`` as object arrays, converted a chunk at a time (one conversion of a
    million rows holds Python's lock for a second: the window would freeze meanwhile)."""
    for start in range(0, len(df), chunk):
        yield from df.iloc[start : start + chunk].to_numpy(dtype=object)


def _neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with formula-like text neutralised (vectorised, for the CSV spill)."""
    out = df.copy(deep=False)
    for c in out.columns:
        s = out[c]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            text = s.astype(object)
            risky = text.map(lambda v: isinstance(v, str) and v.startswith(_DANGEROUS_PREFIXES))
            if risky.any():
                out[c] = text.where(~risky, "'" + text.astype(str))
    return out


def _write_csv(path: Path, df: pd.DataFrame) -> None:
    with replacing(path, make_folder=True) as tmp:
        _neutralised(df).to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n")


def _notes_frame(
    tables: Mapping[str, pd.DataFrame], parts: Mapping[str, list[str]]
) -> pd.DataFrame:
    rows = []
    for name, df in tables.items():
        for col in df.columns:
            zh, en, unit = column_label(str(col))
            rows.append(
                {
                    "sheet": name,
                    "column": str(col),
                    "label_zh": zh,
                    "label_en": en,
                    "unit": unit,
                    "continued_in": ", ".join(parts.get(name, [])[1:]),
                }
            )
    return pd.DataFrame(
        rows, columns=["sheet", "column", "label_zh", "label_en", "unit", "continued_in"]
    )


def _meta_frame(meta: Mapping) -> pd.DataFrame:
    rows = []
    for k, v in meta.items():
        if isinstance(v, (list, tuple)):
            v = "\n".join(map(str, v))
        elif isinstance(v, Mapping):  # e.g. the scenario's assumptions: readable JSON
            v = json.dumps(dict(v), ensure_ascii=False, default=str)
        rows.append({"key": str(k), "value": "" if v is None else str(v)})
    return pd.DataFrame(rows, columns=["key", "value"])


def write_results_workbook(
    path: str | Path,
    tables: Mapping[str, pd.DataFrame],
    meta: Mapping | None = None,
    *,
    max_rows: int = EXCEL_MAX_ROWS - 1,
    csv_rows: int = EXCEL_MAX_ROWS - 1,
) -> Path:
    """Write ``tables`` (sheet name → DataFrame) plus ``notes`` and ``meta`` sheets to ``path``.

    ``max_rows`` is the number of data rows per sheet before it continues in ``name_2``; a
    table of more than ``csv_rows`` rows goes to ``<stem>_<name>.csv`` beside ``path`` instead
    (its sheet keeps the header row; ``notes`` names the file).
    """
    path = Path(path)
    wb = Workbook(write_only=True)
    parts: dict[str, list[str]] = {}
    for name, df in tables.items():
        if df is None:
            continue
        if len(df) > csv_rows:  # more than a whole sheet: a CSV file beside the workbook
            csv = path.with_name(f"{path.stem}_{name}.csv")
            _write_csv(csv, df)
            parts[name] = [name, f"{csv.name} ({len(df):,} rows)"]
            _write_sheet(wb, name, df.iloc[0:0])  # the columns, so the contract's sheet is there
            continue
        chunks = (
            [df]
            if len(df) <= max_rows
            else [df.iloc[i : i + max_rows] for i in range(0, len(df), max_rows)]
        )
        names = [name] + [f"{name}_{k}" for k in range(2, len(chunks) + 1)]
        parts[name] = names
        for sheet_name, chunk in zip(names, chunks):
            _write_sheet(wb, sheet_name, chunk)
    present = {k: v for k, v in tables.items() if v is not None}
    _write_sheet(wb, "notes", _notes_frame(present, parts))
    _write_sheet(wb, "meta", _meta_frame(meta or {}))
    with replacing(path, make_folder=True) as tmp:
        wb.save(tmp)
    return path


def csv_spills(path: str | Path, tables: Mapping[str, pd.DataFrame]) -> list[Path]:
    """The CSV files :func:`write_results_workbook` writes beside ``path`` for ``tables``."""
    path = Path(path)
    return [
        path.with_name(f"{path.stem}_{name}.csv")
        for name, df in tables.items()
        if df is not None and len(df) > EXCEL_MAX_ROWS - 1
    ]


def write_canonical_workbook(data, path: str | Path) -> Path:
    """The imported canonical tables, the provenance and the import warnings, one sheet each
    (``clusterpolicy import --out``); text that could be read as a formula is neutralised."""
    sheets = dict(data.tables())
    sheets["provenance"] = data.provenance
    sheets["warnings"] = pd.DataFrame([p.to_dict() for p in data.warnings])
    path = Path(path)
    with replacing(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xw:
        for name, df in sheets.items():
            out = df.copy()
            for c in out.columns:
                if out[c].dtype == object or str(out[c].dtype) in ("string", "str"):
                    out[c] = (
                        out[c]
                        .astype(object)
                        .map(lambda v: neutralise(v) if isinstance(v, str) else v)
                    )
            out.to_excel(xw, sheet_name=name[:31], index=False)
    return path
