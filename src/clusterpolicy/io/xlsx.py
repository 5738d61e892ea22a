"""``.xlsx``/``.xlsm`` (and a decrypted encrypted ``.xlsx``) → :class:`RawWorkbook`.

Checked by :mod:`clusterpolicy.io.safety` before calamine builds any sheet (zip bomb, XML
entities, true sheet extent) and by :mod:`clusterpolicy.io.claims` (a shared-string count the
part cannot hold); macros are never run. ``.xlsb``, ``.ods`` and Word files get a
clear "save as .xlsx" message.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from clusterpolicy.io.claims import check_shared_strings
from clusterpolicy.io.excel import calamine_open, collect, extent_problems
from clusterpolicy.io.raw import RawWorkbook
from clusterpolicy.io.reader_problems import _FIX_RESAVE_EN, _FIX_RESAVE_ZH, damaged, fail, unsafe
from clusterpolicy.io.reader_problems import p as _p
from clusterpolicy.io.safety import (
    Limits,
    SheetScan,
    UnsafeFile,
    check_xml_parts,
    check_xml_prolog,
    check_zip_directory,
    scan_worksheet,
)
from clusterpolicy.messages import Problem, ProblemError

# ------------------------------------------------------------------------------------------- OOXML


def read_ooxml(p: Path, source, file: str, limits: Limits) -> RawWorkbook:
    """xlsx/xlsm from a path or a BytesIO (decrypted): safety checks, then calamine."""
    try:
        zf = zipfile.ZipFile(source if isinstance(source, io.BytesIO) else source, "r")
    except Exception as e:  # noqa: BLE001 - BadZipFile, NotImplementedError (zip version), OSError, ...
        raise fail(damaged(file, f"{type(e).__name__}: {e}")) from None
    try:
        with zf:
            names = set(zf.namelist())
            fmt = _ooxml_kind(names, zf, file)
            check_zip_directory(zf, limits)
            sheet_parts = _sheet_parts(zf, names, file)
            check_xml_parts(zf, skip=set(sheet_parts.values()))
            check_shared_strings(zf)
            if len(sheet_parts) > limits.max_sheets:
                raise fail(
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
                errors.extend(extent_problems(file, name, scan.n_rows, scan.n_cols, limits))
            if errors:
                raise fail(*errors)
    except UnsafeFile as e:
        raise fail(unsafe(file, e)) from None
    except ProblemError:
        raise
    except Exception as e:  # noqa: BLE001 - zipfile/zlib raise BadZipFile, zlib.error, EOFError, KeyError, ...
        raise fail(damaged(file, f"{type(e).__name__}: {e}")) from None
    wb = calamine_open(source if isinstance(source, io.BytesIO) else p, file, "ooxml")
    return collect(wb, p, file, fmt, limits, scans)


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
        raise fail(
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
        raise fail(
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
        raise fail(
            _p(
                "not_a_workbook_word",
                "这是Word文档，不是表格。",
                "This is a Word document, not a table.",
                "把表格复制到Excel中保存为.xlsx。",
                "Copy the table into Excel and save it as .xlsx.",
                file=file,
            )
        )
    raise fail(
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
