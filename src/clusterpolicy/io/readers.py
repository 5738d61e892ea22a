"""Readers: any workbook file → :class:`RawWorkbook`, safely and fast, or located problems.

``read_workbook(path, *, limits=DEFAULT_LIMITS)`` recognises the format by content (magic bytes),
not by the extension:

- ``PK`` zip → ``.xlsx``/``.xlsm`` (macros are never run, only cell values are read); checked by
  :mod:`clusterpolicy.io.safety` (zip bomb, XML entities, true sheet extent) before calamine
  builds any sheet. ``.xlsb``, ``.ods`` and Word files get a clear "save as .xlsx" message.
- OLE2 compound file → legacy ``.xls`` (BIFF8) read by calamine; Excel's default
  write-protection (RC4 with the password "VelvetSweatshop") is decrypted in memory; a real
  password → "请先在Excel中取消密码保护". An encrypted ``.xlsx`` is an OLE2 file too.
- HTML or XML-2003 "Excel" exports, PDFs and images → a message saying what the file really is.
- anything else that decodes as text → CSV (see :mod:`clusterpolicy.io.csvread`).

Values are exactly what the file holds: numbers as calamine gives them (float, or int/bool),
text stays text (numbers stored as text are not converted), dates as ``datetime``/``date``;
empty cells stay calamine's ``""`` (no per-cell work on million-row sheets; raw.py allows it).
Formulas are never evaluated: their cached values are read; a formula without a cached value
and an error cell (``#DIV/0!``, ``#N/A`` — calamine gives ``""``) get a located warning.
Rows and columns in :class:`RawSheet` are aligned with the sheet (row 0 = Excel row 1), also when
the used area starts lower. Hidden sheets are skipped with a warning, chart and empty sheets
with a note. Every failure is a :class:`ProblemError` of located bilingual problems; no other
exception escapes for bad input.
"""

from __future__ import annotations

from pathlib import Path

from clusterpolicy.io.csvread import read_csv_bytes
from clusterpolicy.io.raw import RawWorkbook
from clusterpolicy.io.reader_problems import (
    _FIX_DAMAGED_EN,
    _FIX_DAMAGED_ZH,
    _OLE_MAGIC,
    fail,
    mismatch,
    not_a_table,
)
from clusterpolicy.io.reader_problems import (
    p as _p,
)
from clusterpolicy.io.safety import DEFAULT_LIMITS, Limits
from clusterpolicy.io.xls import read_ole
from clusterpolicy.io.xlsx import read_ooxml
from clusterpolicy.messages import Problem, ProblemError

__all__ = ["DEFAULT_LIMITS", "Limits", "read_workbook", "sniff_format"]

# ----------------------------------------------------------------------------------------- sniffing


def sniff_format(head: bytes) -> str:
    """Format from the first bytes: zip, ole, html, xml2003, xml, pdf, image, rtf or text."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(
        (b"<html", b"<!doctype html", b"<table", b"<head", b"<body", b"<meta", b"<style")
    ):
        return "html"
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head or b"<workbook" in text:
            return "xml2003"
        if b"<html" in text:
            return "html"
        return "xml"
    return "text"


def read_workbook(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> RawWorkbook:
    """Read one workbook or CSV file; raise :class:`ProblemError` with located problems if it can't."""
    p = Path(path)
    file = p.name
    data_head = _open_checked(p, file, limits)
    ext = p.suffix.lower().lstrip(".")
    kind = sniff_format(data_head)
    notes: list[Problem] = []
    if kind == "zip":
        wb = read_ooxml(p, str(p), file, limits)
        real = wb.sheets[0].source_format if wb.sheets else "xlsx"
        if ext not in ("xlsx", "xlsm", "xltx", "xltm"):
            notes.append(mismatch(file, ext, real))
    elif kind == "ole":
        wb = read_ole(p, file, limits)
        if ext not in ("xls", "xlt", "xlsx", "xlsm") or (
            ext in ("xlsx", "xlsm") and wb.sheets and wb.sheets[0].source_format == "xls"
        ):
            notes.append(mismatch(file, ext, wb.sheets[0].source_format if wb.sheets else "xls"))
    elif kind in ("html", "xml2003", "xml", "pdf", "image", "rtf"):
        raise fail(not_a_table(kind, file))
    else:
        wb = _read_text(p, file, ext, limits)
        if ext not in ("csv", "txt", "tsv", "tab", "dat", ""):
            notes.append(mismatch(file, ext, "csv"))
    wb.warnings[:0] = notes
    return wb


def _open_checked(p: Path, file: str, limits: Limits) -> bytes:
    """Existence, type, permission and size checks; returns the first 8 KB.

    Long only because each check carries its own bilingual message and fix."""
    try:
        st = p.stat()
    except FileNotFoundError:
        raise fail(
            _p(
                "file_not_found",
                "找不到文件。",
                "File not found.",
                "检查文件名和所在文件夹。",
                "Check the file name and folder.",
                file=file,
            )
        ) from None
    except OSError as e:
        raise fail(
            _p(
                "read_error",
                f"无法访问文件：{e.strerror}。",
                f"Cannot access the file: {e.strerror}.",
                "检查路径与权限。",
                "Check the path and permissions.",
                file=file,
            )
        ) from None
    if p.is_dir():
        raise fail(
            _p(
                "is_directory",
                "这是一个文件夹，不是文件。",
                "This is a folder, not a file.",
                "请选择文件夹里的Excel或CSV文件。",
                "Choose an Excel or CSV file inside the folder.",
                file=file,
            )
        )
    if st.st_size == 0:
        raise fail(
            _p(
                "empty_file",
                "文件是空的（0字节）。",
                "The file is empty (0 bytes).",
                "重新保存或重新下载该文件。",
                "Save or download the file again.",
                file=file,
            )
        )
    if st.st_size > limits.max_file_bytes:
        raise fail(
            _p(
                "file_too_large",
                f"文件太大（{st.st_size / 2**20:,.0f} MB，上限{limits.max_file_bytes / 2**20:,.0f} MB）。",
                f"The file is too large ({st.st_size / 2**20:,.0f} MB; limit "
                f"{limits.max_file_bytes / 2**20:,.0f} MB).",
                "只保留需要的工作表和行，或拆分成几个文件。",
                "Keep only the sheets and rows you need, or split it into several files.",
                file=file,
            )
        )
    try:
        with open(p, "rb") as f:
            return f.read(8192)
    except PermissionError:
        raise fail(
            _p(
                "no_permission",
                "没有读取该文件的权限。",
                "No permission to read the file.",
                "复制到自己的文件夹，或请管理员开放读取权限。",
                "Copy it into your own folder, or ask for read permission.",
                file=file,
            )
        ) from None
    except OSError as e:
        raise fail(
            _p(
                "read_error",
                f"读取文件失败：{e.strerror}。",
                f"Reading the file failed: {e.strerror}.",
                "关闭正在使用该文件的程序后重试。",
                "Close programs using the file and try again.",
                file=file,
            )
        ) from None


# --------------------------------------------------------------------------------------------- text


def _read_text(p: Path, file: str, ext: str, limits: Limits) -> RawWorkbook:
    try:
        data = p.read_bytes()
    except OSError as e:
        raise fail(
            _p(
                "read_error",
                f"读取文件失败：{e.strerror}。",
                f"Reading the file failed: {e.strerror}.",
                file=file,
            )
        ) from None
    try:
        sheet, notes = read_csv_bytes(data, file, limits)
    except ProblemError as e:
        if (
            ext in ("xlsx", "xlsm", "xls")
            and e.problems
            and e.problems[0].code in ("csv_binary", "csv_encoding")
        ):
            raise fail(
                _p(
                    "not_a_workbook",
                    "文件内容不是Excel工作簿，也不是文本表格。",
                    "The content is neither an Excel workbook nor a text table.",
                    _FIX_DAMAGED_ZH,
                    _FIX_DAMAGED_EN,
                    file=file,
                )
            ) from None
        raise
    if not any(any(v != "" for v in row) for row in sheet.rows):
        raise fail(
            _p(
                "no_data",
                "文件中没有数据（只有空行）。",
                "The file has no data (only blank lines).",
                "确认选择了正确的文件。",
                "Make sure you chose the right file.",
                file=file,
            )
        )
    return RawWorkbook(path=str(p), file=file, sheets=[sheet], warnings=notes)
