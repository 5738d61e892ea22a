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

import io
import posixpath
import re
import zipfile
from pathlib import Path

import python_calamine as pc

from clusterpolicy.io.csvread import read_csv_bytes
from clusterpolicy.io.raw import MergedRange, RawSheet, RawWorkbook
from clusterpolicy.io.safety import (
    DEFAULT_LIMITS,
    Limits,
    SheetScan,
    UnsafeFile,
    check_xml_parts,
    check_xml_prolog,
    check_zip_directory,
    scan_worksheet,
)
from clusterpolicy.messages import Problem, ProblemError, Severity, column_letter

__all__ = ["DEFAULT_LIMITS", "Limits", "read_workbook", "sniff_format"]

EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FIX_RESAVE_ZH = "用Excel打开，另存为“Excel工作簿(.xlsx)”后再导入。"
_FIX_RESAVE_EN = "Open it in Excel and save it as 'Excel Workbook (.xlsx)', then import that."
_FIX_DAMAGED_ZH = "文件可能下载不完整或已损坏：重新下载或从原始来源重新导出，再用Excel打开确认。"
_FIX_DAMAGED_EN = "The file may be incomplete or damaged: download or export it again and check it opens in Excel."


def _p(
    code: str,
    zh: str,
    en: str,
    fix_zh: str = "",
    fix_en: str = "",
    *,
    file: str = "",
    sheet: str = "",
    row: int | None = None,
    column: str = "",
    value: str = "",
    severity: Severity = Severity.ERROR,
) -> Problem:
    return Problem(
        code,
        severity,
        zh,
        en,
        fix_zh,
        fix_en,
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        value=value[:80],
    )


def _fail(*problems: Problem) -> ProblemError:
    return ProblemError(list(problems))


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
        wb = _read_ooxml(p, str(p), file, limits)
        real = wb.sheets[0].source_format if wb.sheets else "xlsx"
        if ext not in ("xlsx", "xlsm", "xltx", "xltm"):
            notes.append(_mismatch(file, ext, real))
    elif kind == "ole":
        wb = _read_ole(p, file, limits)
        if ext not in ("xls", "xlt", "xlsx", "xlsm") or (
            ext in ("xlsx", "xlsm") and wb.sheets and wb.sheets[0].source_format == "xls"
        ):
            notes.append(_mismatch(file, ext, wb.sheets[0].source_format if wb.sheets else "xls"))
    elif kind in ("html", "xml2003", "xml", "pdf", "image", "rtf"):
        raise _fail(_not_a_table(kind, file))
    else:
        wb = _read_text(p, file, ext, limits)
        if ext not in ("csv", "txt", "tsv", "tab", "dat", ""):
            notes.append(_mismatch(file, ext, "csv"))
    wb.warnings[:0] = notes
    return wb


def _open_checked(p: Path, file: str, limits: Limits) -> bytes:
    """Existence, type, permission and size checks; returns the first 8 KB."""
    try:
        st = p.stat()
    except FileNotFoundError:
        raise _fail(
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
        raise _fail(
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
        raise _fail(
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
        raise _fail(
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
        raise _fail(
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
        raise _fail(
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
        raise _fail(
            _p(
                "read_error",
                f"读取文件失败：{e.strerror}。",
                f"Reading the file failed: {e.strerror}.",
                "关闭正在使用该文件的程序后重试。",
                "Close programs using the file and try again.",
                file=file,
            )
        ) from None


def _mismatch(file: str, ext: str, real: str) -> Problem:
    return _p(
        "format_mismatch",
        f"扩展名是“.{ext}”，但内容是{real}格式，已按{real}读取。",
        f"The extension is '.{ext}' but the content is {real}; read as {real}.",
        "可把扩展名改成与内容一致。",
        "You may rename the file to match its content.",
        file=file,
        severity=Severity.INFO,
    )


def _not_a_table(kind: str, file: str) -> Problem:
    texts = {
        "html": (
            "这是网页(HTML)文件，只是扩展名像Excel（常见于网站“导出Excel”）。",
            "This is a web page (HTML) with an Excel-like extension (common for web 'export to Excel').",
        ),
        "xml2003": (
            "这是Excel 2003 XML表格格式，本软件不直接读取。",
            "This is the Excel 2003 XML spreadsheet format, which is not read directly.",
        ),
        "xml": ("这是XML文件，不是表格。", "This is an XML file, not a table."),
        "pdf": (
            "这是PDF文件，不是表格；PDF中的表格需先转换为Excel。",
            "This is a PDF, not a table; tables in a PDF must first be converted to Excel.",
        ),
        "image": ("这是图片文件，不是表格。", "This is an image, not a table."),
        "rtf": ("这是RTF文档，不是表格。", "This is an RTF document, not a table."),
    }
    zh, en = texts[kind]
    return _p(
        f"not_a_workbook_{kind}" if kind != "xml" else "not_a_workbook",
        zh,
        en,
        _FIX_RESAVE_ZH,
        _FIX_RESAVE_EN,
        file=file,
    )


def _damaged(file: str, detail: str = "", sheet: str = "") -> Problem:
    return _p(
        "damaged_file",
        "文件已损坏或格式不完整，无法读取。",
        "The file is damaged or incomplete and cannot be read.",
        _FIX_DAMAGED_ZH,
        _FIX_DAMAGED_EN,
        file=file,
        sheet=sheet,
        value=detail,
    )


def _unsafe(file: str, e: UnsafeFile) -> Problem:
    if e.code in ("zip_bomb", "zip_too_large", "zip_too_many_members"):
        return _p(
            e.code,
            "文件解压后异常巨大（疑似“压缩炸弹”），为安全起见拒绝读取。",
            "The file would expand to an abnormal size (a possible 'zip bomb'); refused for safety.",
            "用Excel打开并另存为新文件；如确实很大，请拆分。",
            "Open it in Excel and save it as a new file; if it really is that big, split it.",
            file=file,
            value=f"{e.member} {e.detail}".strip(),
        )
    if e.code == "zip_encrypted_member":
        return _password(file)
    return _p(
        "unsafe_xml",
        "文件已损坏或不安全（含XML实体声明），拒绝读取。",
        "The file is damaged or unsafe (XML entity declarations); refused.",
        "用Excel打开并另存为新的.xlsx文件后再导入。",
        "Open it in Excel, save it as a new .xlsx, then import that.",
        file=file,
        value=e.member,
    )


def _password(file: str) -> Problem:
    return _p(
        "password_protected",
        "文件设有打开密码，无法读取。",
        "The file is password-protected and cannot be read.",
        "请先在Excel中取消密码保护（文件→信息→保护工作簿→用密码进行加密→清空密码），再保存导入。",
        "Remove the password in Excel first (File → Info → Protect Workbook → Encrypt with Password → "
        "clear it), save, then import.",
        file=file,
    )


# ------------------------------------------------------------------------------------------- OOXML


def _read_ooxml(p: Path, source, file: str, limits: Limits) -> RawWorkbook:
    """xlsx/xlsm from a path or a BytesIO (decrypted): safety checks, then calamine."""
    try:
        zf = zipfile.ZipFile(source if isinstance(source, io.BytesIO) else source, "r")
    except Exception as e:  # noqa: BLE001 - BadZipFile, NotImplementedError (zip version), OSError, ...
        raise _fail(_damaged(file, f"{type(e).__name__}: {e}")) from None
    try:
        with zf:
            names = set(zf.namelist())
            fmt = _ooxml_kind(names, zf, file)
            check_zip_directory(zf, limits)
            sheet_parts = _sheet_parts(zf, names, file)
            check_xml_parts(zf, skip=set(sheet_parts.values()))
            if len(sheet_parts) > limits.max_sheets:
                raise _fail(
                    _p(
                        "too_many_sheets",
                        f"工作表太多（{len(sheet_parts)}个，上限{limits.max_sheets}）。",
                        f"Too many sheets ({len(sheet_parts)}; limit {limits.max_sheets}).",
                        "删除不需要的工作表。",
                        "Delete the sheets you do not need.",
                        file=file,
                    )
                )
            scans: dict[str, SheetScan] = {}
            errors: list[Problem] = []
            for name, part in sheet_parts.items():
                if part not in names:
                    continue
                scan = scan_worksheet(zf, part, limits)
                scans[name] = scan
                errors.extend(_extent_problems(file, name, scan.n_rows, scan.n_cols, limits))
            if errors:
                raise _fail(*errors)
    except UnsafeFile as e:
        raise _fail(_unsafe(file, e)) from None
    except ProblemError:
        raise
    except Exception as e:  # noqa: BLE001 - zipfile/zlib raise BadZipFile, zlib.error, EOFError, KeyError, ...
        raise _fail(_damaged(file, f"{type(e).__name__}: {e}")) from None
    wb = _calamine_open(source if isinstance(source, io.BytesIO) else p, file, "ooxml")
    return _collect(wb, p, file, fmt, limits, scans)


def _ooxml_kind(names: set[str], zf: zipfile.ZipFile, file: str) -> str:
    if "xl/workbook.xml" in names:
        if "xl/vbaProject.bin" in names:
            return "xlsm"
        try:
            ct = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        except Exception:  # noqa: BLE001 - checked again by calamine
            ct = b""
        return "xlsm" if b"macroEnabled" in ct else "xlsx"
    if "xl/workbook.bin" in names:
        raise _fail(
            _p(
                "xlsb_unsupported",
                "这是Excel二进制工作簿(.xlsb)，暂不支持。",
                "This is an Excel binary workbook (.xlsb), which is not supported.",
                _FIX_RESAVE_ZH,
                _FIX_RESAVE_EN,
                file=file,
            )
        )
    if "content.xml" in names and "mimetype" in names:
        raise _fail(
            _p(
                "ods_unsupported",
                "这是OpenDocument表格(.ods)，请另存为.xlsx。",
                "This is an OpenDocument spreadsheet (.ods); please save it as .xlsx.",
                "在WPS/LibreOffice中另存为“Excel 2007-365 (.xlsx)”。",
                "In WPS/LibreOffice use Save As 'Excel 2007-365 (.xlsx)'.",
                file=file,
            )
        )
    if "word/document.xml" in names:
        raise _fail(
            _p(
                "not_a_workbook_word",
                "这是Word文档，不是表格。",
                "This is a Word document, not a table.",
                "把表格复制到Excel中保存为.xlsx。",
                "Copy the table into Excel and save it as .xlsx.",
                file=file,
            )
        )
    raise _fail(
        _p(
            "not_a_workbook",
            "这是一个压缩包(zip)，不是Excel工作簿。",
            "This is a zip archive, not an Excel workbook.",
            "解压后选择其中的Excel或CSV文件。",
            "Unzip it and choose the Excel or CSV file inside.",
            file=file,
        )
    )


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")


def _sheet_parts(zf: zipfile.ZipFile, names: set[str], file: str) -> dict[str, str]:
    """Sheet name → zip member of its part (worksheets and chartsheets), from workbook.xml + rels."""
    wb_xml = zf.read("xl/workbook.xml")
    check_xml_prolog(wb_xml[:65536], "xl/workbook.xml")
    rels_xml = (
        zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
    )
    check_xml_prolog(rels_xml[:65536], "xl/_rels/workbook.xml.rels")
    targets = {}
    for m in _REL_TAG.finditer(rels_xml):
        attrs = dict(_ATTR.findall(m.group(1)))
        rid, target = attrs.get(b"Id"), attrs.get(b"Target")
        if rid and target:
            t = target.decode("utf-8", "replace")
            targets[rid] = (
                t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join("xl", t))
            )
    parts: dict[str, str] = {}
    for m in _SHEET_TAG.finditer(wb_xml):
        attrs = dict(_ATTR.findall(m.group(1)))
        name = _xml_unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id") or k == b"id"), None)
        if rid in targets:
            parts[name] = targets[rid]
    return parts


def _xml_unescape(s: str) -> str:
    return (
        s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _extent_problems(
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


# --------------------------------------------------------------------------------------------- OLE2


def _read_ole(p: Path, file: str, limits: Limits) -> RawWorkbook:
    """Legacy .xls (possibly with Excel's default write-protection) or an encrypted .xlsx."""
    import olefile

    try:
        with olefile.OleFileIO(str(p)) as ole:
            streams = {"/".join(s) for s in ole.listdir()}
    except Exception as e:  # noqa: BLE001 - olefile raises many kinds on damaged input
        raise _fail(_damaged(file, str(e))) from None
    if "EncryptionInfo" in streams and "EncryptedPackage" in streams:
        data = _decrypt(p, file)
        return _read_ooxml(p, io.BytesIO(data), file, limits)
    if "Workbook" not in streams and "Book" not in streams:
        if "WordDocument" in streams:
            raise _fail(
                _p(
                    "not_a_workbook_word",
                    "这是Word文档(.doc)，不是表格。",
                    "This is a Word document (.doc), not a table.",
                    "把表格复制到Excel中保存为.xlsx。",
                    "Copy the table into Excel and save it as .xlsx.",
                    file=file,
                )
            )
        raise _fail(
            _p(
                "not_a_workbook",
                "这个Office文件不是Excel工作簿。",
                "This Office file is not an Excel workbook.",
                _FIX_RESAVE_ZH,
                _FIX_RESAVE_EN,
                file=file,
            )
        )
    notes: list[Problem] = []
    try:
        if p.name.lower().endswith(_CALAMINE_EXT["xls"]):
            wb = pc.CalamineWorkbook.from_path(str(p))
        else:
            wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(p.read_bytes()))
    except pc.PasswordError:
        data = _decrypt(p, file)
        notes.append(
            _p(
                "default_protection_removed",
                "文件带有Excel默认写保护，已在内存中解除后读取。",
                "The file has Excel's default write-protection; it was removed in memory to read it.",
                severity=Severity.INFO,
                file=file,
            )
        )
        wb = _calamine_open(io.BytesIO(data), file, "xls")
    except BaseException as e:  # noqa: BLE001 - calamine/pyo3 panics derive from BaseException
        _reraise_system(e)
        raise _fail(_damaged(file, f"{type(e).__name__}: {e}")) from None
    out = _collect(wb, p, file, "xls", limits, {})
    out.warnings[:0] = notes
    return out


def _decrypt(p: Path, file: str) -> bytes:
    """Decrypt in memory with Excel's default password; a real password → password_protected."""
    import msoffcrypto

    try:
        with open(p, "rb") as f:
            office = msoffcrypto.OfficeFile(f)
            office.load_key(password=EXCEL_DEFAULT_PASSWORD)
            out = io.BytesIO()
            office.decrypt(out)
            return out.getvalue()
    except Exception as e:  # noqa: BLE001 - wrong key, unsupported scheme, damaged stream
        name = type(e).__name__
        if "Key" in name or "Password" in name or "Decrypt" in name or "verif" in str(e).lower():
            raise _fail(_password(file)) from None
        if isinstance(e, (NotImplementedError,)) or "not supported" in str(e).lower():
            raise _fail(
                _p(
                    "encryption_unsupported",
                    "文件的加密方式无法解除。",
                    "The file's encryption scheme cannot be removed here.",
                    "请先在Excel中取消密码保护，另存为.xlsx后再导入。",
                    "Remove the protection in Excel first, save as .xlsx, then import.",
                    file=file,
                    value=str(e),
                )
            ) from None
        raise _fail(_password(file)) from None


# ------------------------------------------------------------------------------------- calamine use


def _reraise_system(e: BaseException) -> None:
    if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)):
        raise e


_CALAMINE_EXT = {"ooxml": (".xlsx", ".xlsm", ".xltx", ".xltm"), "xls": (".xls", ".xlt")}


def _calamine_open(source, file: str, kind: str):
    """calamine picks its parser by extension in ``from_path``; a misnamed file goes by content."""
    if isinstance(source, Path) and not source.name.lower().endswith(_CALAMINE_EXT[kind]):
        try:
            source = io.BytesIO(source.read_bytes())
        except OSError as e:
            raise _fail(_damaged(file, str(e))) from None
    try:
        if isinstance(source, io.BytesIO):
            source.seek(0)
            return pc.CalamineWorkbook.from_filelike(source)
        return pc.CalamineWorkbook.from_path(str(source))
    except pc.PasswordError:
        raise _fail(_password(file)) from None
    except BaseException as e:  # noqa: BLE001 - calamine/pyo3 panics derive from BaseException
        _reraise_system(e)
        if isinstance(e, pc.XmlError) and "entit" in str(e).lower():
            raise _fail(_unsafe(file, UnsafeFile("xml_entities", str(e)))) from None
        raise _fail(_damaged(file, f"{type(e).__name__}: {e}")) from None


def _collect(
    wb, p: Path, file: str, fmt: str, limits: Limits, scans: dict[str, SheetScan]
) -> RawWorkbook:
    """Turn each calamine worksheet into a RawSheet; skip hidden/chart/empty sheets with notes."""
    sheets: list[RawSheet] = []
    warns: list[Problem] = []
    try:
        metas = list(wb.sheets_metadata)
    except BaseException as e:  # noqa: BLE001
        _reraise_system(e)
        raise _fail(_damaged(file, str(e))) from None
    if len(metas) > limits.max_sheets:
        raise _fail(
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
        name = meta.name
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            warns.append(
                _p(
                    "non_data_sheet_skipped",
                    "图表或宏工作表，没有数据，已跳过。",
                    "Chart or macro sheet without data: skipped.",
                    file=file,
                    sheet=name,
                    severity=Severity.INFO,
                )
            )
            continue
        if meta.visible != pc.SheetVisibleEnum.Visible:
            warns.append(
                _p(
                    "hidden_sheet_skipped",
                    "隐藏的工作表，已跳过（不导入）。",
                    "Hidden sheet: skipped (not imported).",
                    "如需导入，请在Excel中取消隐藏该工作表后保存。",
                    "To import it, unhide the sheet in Excel and save.",
                    file=file,
                    sheet=name,
                    severity=Severity.WARNING,
                )
            )
            continue
        try:
            sh = wb.get_sheet_by_name(name)
            if fmt == "xls":
                errs = _extent_problems(
                    file,
                    name,
                    sh.height + (sh.start or (0, 0))[0],
                    sh.width + (sh.start or (0, 0))[1],
                    limits,
                )
                if errs:
                    raise _fail(*errs)
            rows = sh.to_python(skip_empty_area=False) if sh.start is not None else []
            merged_raw = sh.merged_cell_ranges or []
        except ProblemError:
            raise
        except BaseException as e:  # noqa: BLE001 - calamine/pyo3 panics derive from BaseException
            _reraise_system(e)
            raise _fail(_damaged(file, f"{type(e).__name__}: {e}", sheet=name)) from None
        if not rows:
            warns.append(
                _p(
                    "empty_sheet_skipped",
                    "空工作表，已跳过。",
                    "Empty sheet: skipped.",
                    file=file,
                    sheet=name,
                    severity=Severity.INFO,
                )
            )
            continue
        merged = [MergedRange(r0, c0, r1, c1) for (r0, c0), (r1, c1) in merged_raw]
        sheets.append(RawSheet(file=file, sheet=name, rows=rows, merged=merged, source_format=fmt))
        scan = scans.get(name)
        if scan is not None:
            warns.extend(_scan_warnings(file, name, scan, limits))
            if scan.long_text:
                warns.extend(_long_text_warnings(file, name, rows, limits))
    if not sheets:
        raise _fail(
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


_REF = re.compile(r"([A-Z]+)([0-9]+)")


def _split_ref(ref: str) -> tuple[str, int | None]:
    m = _REF.fullmatch(ref)
    return (m.group(1), int(m.group(2))) if m else ("", None)


def _scan_warnings(file: str, sheet: str, scan: SheetScan, limits: Limits) -> list[Problem]:
    out = []
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


# --------------------------------------------------------------------------------------------- text


def _read_text(p: Path, file: str, ext: str, limits: Limits) -> RawWorkbook:
    try:
        data = p.read_bytes()
    except OSError as e:
        raise _fail(
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
            raise _fail(
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
        raise _fail(
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
