"""Shared by the Excel readers: opening with calamine, turning its sheets into
:class:`RawSheet` (hidden/chart/empty sheets skipped with notes), the extent limits and the
located warnings of the safety scan (formulas without a cached value, error cells, long text).

Values are exactly what the file holds; formulas are never evaluated.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import python_calamine as pc

from clusterpolicy.io.raw import RawSheet, RawWorkbook, clip_merged
from clusterpolicy.io.reader_problems import damaged, fail, password, unsafe
from clusterpolicy.io.reader_problems import p as _p
from clusterpolicy.io.safety import Limits, SheetScan, UnsafeFile
from clusterpolicy.io.validate import rows_text
from clusterpolicy.messages import Problem, ProblemError, Severity, column_letter


def extent_problems(
    file: str, sheet: str, n_rows: int, n_cols: int, limits: Limits
) -> list[Problem]:
    out = []
    if n_rows > limits.max_rows:
        out.append(
            _p(
                "too_many_rows",
                f"工作表延伸到第{n_rows:,}行，超过上限{limits.max_rows:,}行。",
                f"The sheet reaches row {n_rows:,}, more than the limit of {limits.max_rows:,} rows.",
                "删除表格下方多余的单元格或格式，或拆分表格。",
                "Delete stray cells or formatting below the table, or split it.",
                file=file,
                sheet=sheet,
                row=n_rows,
            )
        )
    if n_cols > limits.max_cols:
        out.append(
            _p(
                "too_many_columns",
                f"工作表延伸到第{n_cols:,}列，超过上限{limits.max_cols:,}列。",
                f"The sheet reaches column {n_cols:,}, more than the limit of {limits.max_cols:,}.",
                "删除表格右侧多余的单元格或格式。",
                "Delete stray cells or formatting right of the table.",
                file=file,
                sheet=sheet,
                column=column_letter(min(n_cols, 10**6) - 1),
            )
        )
    if not out and n_rows * n_cols > limits.max_cells:
        out.append(
            _p(
                "too_many_cells",
                f"工作表范围{n_rows:,}行×{n_cols:,}列，超过{limits.max_cells:,}个单元格的上限。",
                f"The sheet spans {n_rows:,} rows × {n_cols:,} columns, more than {limits.max_cells:,} cells.",
                "删除远离表格的零散单元格（Ctrl+End可找到最后一个单元格），或拆分表格。",
                "Delete stray cells far from the table (Ctrl+End finds the last cell), or split it.",
                file=file,
                sheet=sheet,
                row=n_rows,
                column=column_letter(n_cols - 1),
            )
        )
    return out


# ------------------------------------------------------------------------------------- calamine use


def reraise_system(e: BaseException) -> None:
    if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)):
        raise e


_CALAMINE_EXT = {"ooxml": (".xlsx", ".xlsm", ".xltx", ".xltm"), "xls": (".xls", ".xlt")}


def calamine_open(source, file: str, kind: str):
    """calamine picks its parser by extension in ``from_path``; a misnamed file goes by content."""
    if isinstance(source, Path) and not source.name.lower().endswith(_CALAMINE_EXT[kind]):
        try:
            source = io.BytesIO(source.read_bytes())
        except OSError as e:
            raise fail(damaged(file, str(e))) from None
    try:
        if isinstance(source, io.BytesIO):
            source.seek(0)
            return pc.CalamineWorkbook.from_filelike(source)
        return pc.CalamineWorkbook.from_path(str(source))
    except pc.PasswordError:
        raise fail(password(file)) from None
    except BaseException as e:  # noqa: BLE001 - calamine/pyo3 panics derive from BaseException
        reraise_system(e)
        if isinstance(e, pc.XmlError) and "entit" in str(e).lower():
            raise fail(unsafe(file, UnsafeFile("xml_entities", str(e)))) from None
        raise fail(damaged(file, f"{type(e).__name__}: {e}")) from None


def collect(
    wb, p: Path, file: str, fmt: str, limits: Limits, scans: dict[str, SheetScan]
) -> RawWorkbook:
    """Turn each calamine worksheet into a RawSheet; skip hidden/chart/empty sheets with notes."""
    sheets: list[RawSheet] = []
    warns: list[Problem] = []
    try:
        metas = list(wb.sheets_metadata)
    except BaseException as e:  # noqa: BLE001
        reraise_system(e)
        raise fail(damaged(file, str(e))) from None
    if len(metas) > limits.max_sheets:
        raise fail(
            _p(
                "too_many_sheets",
                f"工作表太多（{len(metas)}个，上限{limits.max_sheets}）。",
                f"Too many sheets ({len(metas)}; limit {limits.max_sheets}).",
                "删除不需要的工作表。",
                "Delete the sheets you do not need.",
                file=file,
            )
        )
    for meta in metas:
        skipped = _skipped_sheet(meta, file)
        if skipped is not None:
            warns.append(skipped)
            continue
        sheet = _read_sheet(wb, meta.name, file, fmt, limits)
        if sheet is None:
            warns.append(
                _p(
                    "empty_sheet_skipped",
                    "空工作表，已跳过。",
                    "Empty sheet: skipped.",
                    file=file,
                    sheet=meta.name,
                    severity=Severity.INFO,
                )
            )
            continue
        sheets.append(sheet)
        scan = scans.get(meta.name)
        if scan is not None:
            warns.extend(_scan_warnings(file, meta.name, scan, limits))
            if scan.long_text:
                warns.extend(_long_text_warnings(file, meta.name, sheet.rows, limits))
    if not sheets:
        raise fail(
            _p(
                "no_data",
                "文件中没有可读取数据的工作表（都为空、隐藏或是图表）。",
                "The file has no sheet with data to read (all empty, hidden or charts).",
                "确认数据在普通的可见工作表中。",
                "Make sure the data is on a normal, visible sheet.",
                file=file,
            ),
            *warns,
        )
    return RawWorkbook(path=str(p), file=file, sheets=sheets, warnings=warns)


def _skipped_sheet(meta, file: str) -> Problem | None:
    """The note for a chart/macro sheet or a hidden sheet (neither is imported), else None."""
    if meta.typ != pc.SheetTypeEnum.WorkSheet:
        return _p(
            "non_data_sheet_skipped",
            "图表或宏工作表，没有数据，已跳过。",
            "Chart or macro sheet without data: skipped.",
            file=file,
            sheet=meta.name,
            severity=Severity.INFO,
        )
    if meta.visible != pc.SheetVisibleEnum.Visible:
        return _p(
            "hidden_sheet_skipped",
            "隐藏的工作表，已跳过（不导入）。",
            "Hidden sheet: skipped (not imported).",
            "如需导入，请在Excel中取消隐藏该工作表后保存。",
            "To import it, unhide the sheet in Excel and save.",
            file=file,
            sheet=meta.name,
            severity=Severity.WARNING,
        )
    return None


def _read_sheet(wb, name: str, file: str, fmt: str, limits: Limits) -> RawSheet | None:
    """One worksheet as a RawSheet (None when empty); a damaged sheet raises a located error."""
    try:
        sh = wb.get_sheet_by_name(name)
        if fmt == "xls":
            start = sh.start or (0, 0)
            errs = extent_problems(file, name, sh.height + start[0], sh.width + start[1], limits)
            if errs:
                raise fail(*errs)
        rows = _rows(sh) if sh.start is not None else []
        merged_raw = sh.merged_cell_ranges or []
    except ProblemError:
        raise
    except BaseException as e:  # noqa: BLE001 - calamine/pyo3 panics derive from BaseException
        reraise_system(e)
        raise fail(damaged(file, f"{type(e).__name__}: {e}", sheet=name)) from None
    if not rows:
        return None
    merged = clip_merged(merged_raw, len(rows), max(len(rows[0]), 1))
    return RawSheet(file=file, sheet=name, rows=rows, merged=merged, source_format=fmt)


def _rows(sh) -> list[list]:
    """The sheet's grid from A1, as ``to_python(skip_empty_area=False)`` gives it, taken a row
    at a time: ``to_python`` builds a million-row sheet in one call that holds Python's lock for
    over a second (the desktop window froze meanwhile); ``iter_rows`` starts at the first
    used column, so the empty columns before it are put back."""
    pad = [""] * int(sh.start[1])
    if not pad:
        return [list(r) for r in sh.iter_rows()]
    return [pad + list(r) for r in sh.iter_rows()]


_REF = re.compile(r"([A-Z]+)([0-9]+)")


def _split_ref(ref: str) -> tuple[str, int | None]:
    m = _REF.fullmatch(ref)
    return (m.group(1), int(m.group(2))) if m else ("", None)


def _notice_warnings(file: str, sheet: str, scan: SheetScan) -> list[Problem]:
    """Hidden rows and columns, filtered rows, formulas whose cached values come from another
    workbook or a DDE link: imported as the file holds them, and said, naming the cells.

    Long only because each notice carries its own bilingual message and fix."""
    out = []
    loc = {"file": file, "sheet": sheet, "severity": Severity.WARNING}
    rows = scan.hidden_rows
    if rows:
        txt = rows_text(rows, 12)
        if scan.filter_ref:
            zh = f"筛选隐藏了第 {txt} 行（筛选范围 {scan.filter_ref}），这些行仍照常导入。"
            en = f"The filter ({scan.filter_ref}) hides rows {txt}; they are imported all the same."
            code = "filtered_rows"
        else:
            zh, en = (
                f"第 {txt} 行被隐藏，仍照常导入。",
                f"Rows {txt} are hidden; they are imported.",
            )
            code = "hidden_rows"
        out.append(
            _p(
                code,
                zh,
                en,
                "如这些行不应导入，请在Excel中删除后再导入。",
                "If they should not be imported, delete them in Excel and import again.",
                row=rows[0],
                **loc,
            )
        )
    elif scan.filter_ref:
        out.append(
            _p(
                "filter_present",
                f"工作表设有筛选（{scan.filter_ref}），没有行被筛掉；全部行照常导入。",
                f"The sheet has a filter ({scan.filter_ref}) that hides no row; every row is imported.",
                **loc,
            )
        )
    if scan.hidden_cols:
        cols = ", ".join(
            column_letter(a - 1) if a == b else f"{column_letter(a - 1)}–{column_letter(b - 1)}"
            for a, b in scan.hidden_cols[:12]
        )
        out.append(
            _p(
                "hidden_columns",
                f"{cols} 列被隐藏，仍照常导入。",
                f"Columns {cols} are hidden; they are imported.",
                "如这些列不应导入，请在映射中把它们设为忽略。",
                "If they should not be imported, set them to ignored in the mapping.",
                column=column_letter(scan.hidden_cols[0][0] - 1),
                **loc,
            )
        )
    for cells, n, code, zh, en in (
        (
            scan.external_cells,
            scan.external_count,
            "external_link_values",
            "引用其他工作簿的公式",
            "formulas that refer to another workbook",
        ),
        (scan.dde_cells, scan.dde_count, "dde_values", "DDE 链接公式", "DDE link formulas"),
    ):
        if cells:
            refs = ", ".join(cells) + (f" …(+{n - len(cells)})" if n > len(cells) else "")
            col, row = _split_ref(cells[0])
            out.append(
                _p(
                    code,
                    f"{n} 个{zh}（{refs}）：使用文件中保存的上次计算结果，本软件不会重新计算或打开链接。",
                    f"{n} {en} ({refs}): the results saved in the file the last time are used;"
                    " links are never opened or recalculated here.",
                    "在Excel中更新链接并保存，或把公式粘贴为数值。",
                    "Update the links in Excel and save, or paste the formulas as values.",
                    row=row,
                    column=col,
                    **loc,
                )
            )
    return out


def _scan_warnings(file: str, sheet: str, scan: SheetScan, limits: Limits) -> list[Problem]:
    out = _notice_warnings(file, sheet, scan)
    for ref in scan.formula_no_value:
        col, row = _split_ref(ref)
        out.append(
            _p(
                "formula_no_value",
                "公式没有保存计算结果，按空值处理（本软件不计算公式）。",
                "Formula without a saved result: treated as empty (formulas are never evaluated here).",
                "在Excel中打开，按F9重算后保存，或把公式粘贴为数值。",
                "Open it in Excel, recalculate (F9) and save, or paste the formulas as values.",
                file=file,
                sheet=sheet,
                row=row,
                column=col,
                severity=Severity.WARNING,
            )
        )
    if scan.formula_no_value_count > len(scan.formula_no_value):
        more = scan.formula_no_value_count - len(scan.formula_no_value)
        out.append(
            _p(
                "formula_no_value",
                f"另有{more}个公式没有保存计算结果。",
                f"{more} more formulas without a saved result.",
                file=file,
                sheet=sheet,
                severity=Severity.WARNING,
            )
        )
    for ref, text in scan.error_cells:
        col, row = _split_ref(ref)
        out.append(
            _p(
                "error_cell",
                f"单元格是错误值{text}，按空值处理。",
                f"The cell holds the error {text}; treated as empty.",
                "在Excel中修正该公式或数据。",
                "Fix the formula or data in Excel.",
                file=file,
                sheet=sheet,
                row=row,
                column=col,
                value=text,
                severity=Severity.WARNING,
            )
        )
    if scan.error_count > len(scan.error_cells):
        more = scan.error_count - len(scan.error_cells)
        out.append(
            _p(
                "error_cell",
                f"另有{more}个错误值单元格。",
                f"{more} more error cells.",
                file=file,
                sheet=sheet,
                severity=Severity.WARNING,
            )
        )
    return out


def _long_text_warnings(
    file: str, sheet: str, rows: list[list[object]], limits: Limits
) -> list[Problem]:
    """Rare path (the scan saw a long string): locate the over-long cells."""
    out = []
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, str) and len(v) > limits.max_cell_chars:
                out.append(
                    _p(
                        "long_text",
                        f"单元格文字有{len(v):,}个字符，超过Excel上限{limits.max_cell_chars:,}，已原样保留。",
                        f"The cell has {len(v):,} characters, more than Excel's limit of "
                        f"{limits.max_cell_chars:,}; kept as is.",
                        "检查该单元格内容是否正确。",
                        "Check that the cell's content is right.",
                        file=file,
                        sheet=sheet,
                        row=r + 1,
                        column=column_letter(c),
                        value=v[:40],
                        severity=Severity.WARNING,
                    )
                )
                if len(out) >= limits.max_listed:
                    return out
    return out
