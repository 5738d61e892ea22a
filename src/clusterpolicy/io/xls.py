"""Legacy ``.xls`` (BIFF8, possibly with Excel's default write-protection, decrypted in memory
with the documented default password) and encrypted ``.xlsx`` files (OLE2 containers)."""

from __future__ import annotations

import io
from pathlib import Path

import python_calamine as pc

from clusterpolicy.io.biff import walk_biff
from clusterpolicy.io.cfb import check_cfb
from clusterpolicy.io.claims import biff_problems
from clusterpolicy.io.excel import _CALAMINE_EXT, calamine_open, collect, reraise_system
from clusterpolicy.io.raw import RawWorkbook
from clusterpolicy.io.reader_problems import (
    _FIX_RESAVE_EN,
    _FIX_RESAVE_ZH,
    EXCEL_DEFAULT_PASSWORD,
    damaged,
    fail,
    password,
    unsafe,
)
from clusterpolicy.io.reader_problems import p as _p
from clusterpolicy.io.safety import Limits, SheetScan, UnsafeFile
from clusterpolicy.io.xlsx import read_ooxml
from clusterpolicy.messages import Problem, Severity

# --------------------------------------------------------------------------------------------- OLE2


def read_ole(p: Path, file: str, limits: Limits) -> RawWorkbook:
    """Legacy .xls (possibly with Excel's default write-protection) or an encrypted .xlsx."""
    import olefile

    try:
        with olefile.OleFileIO(str(p)) as ole:
            streams = {"/".join(s) for s in ole.listdir()}
    except Exception as e:  # noqa: BLE001 - olefile raises many kinds on damaged input
        raise fail(damaged(file, str(e))) from None
    if "EncryptionInfo" in streams and "EncryptedPackage" in streams:
        data = _decrypt(p, file)
        return read_ooxml(p, io.BytesIO(data), file, limits)
    if "Workbook" not in streams and "Book" not in streams:
        if "WordDocument" in streams:
            raise fail(
                _p(
                    "not_a_workbook_word",
                    "这是Word文档(.doc)，不是表格。",
                    "This is a Word document (.doc), not a table.",
                    "把表格复制到Excel中保存为.xlsx。",
                    "Copy the table into Excel and save it as .xlsx.",
                    file=file,
                )
            )
        raise fail(
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
    raw = _read(p, file)
    scans = _prechecked(raw, file, limits)
    try:
        if p.name.lower().endswith(_CALAMINE_EXT["xls"]):
            wb = pc.CalamineWorkbook.from_path(str(p))
        else:
            wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except pc.PasswordError:
        data = _decrypt(p, file)
        scans = _prechecked(data, file, limits)
        notes.append(
            _p(
                "default_protection_removed",
                "文件带有Excel默认写保护，已在内存中解除后读取。",
                "The file has Excel's default write-protection; it was removed in memory to read it.",
                severity=Severity.INFO,
                file=file,
            )
        )
        wb = calamine_open(io.BytesIO(data), file, "xls")
    except BaseException as e:  # noqa: BLE001 - calamine/pyo3 panics derive from BaseException
        reraise_system(e)
        raise fail(damaged(file, f"{type(e).__name__}: {e}")) from None
    out = collect(wb, p, file, "xls", limits, scans)
    out.warnings[:0] = notes
    return out


def _read(p: Path, file: str) -> bytes:
    try:
        return p.read_bytes()
    except OSError as e:
        raise fail(damaged(file, str(e))) from None


def _prechecked(data: bytes, file: str, limits: Limits) -> dict[str, SheetScan]:
    """Check the compound file (:mod:`clusterpolicy.io.cfb`) and walk the BIFF stream
    (:mod:`clusterpolicy.io.biff`) before calamine reads them: refuse what would make calamine
    loop or allocate beyond the limits; return the hidden-row/column notices."""
    try:
        check_cfb(data)
        walk = walk_biff(data)
    except UnsafeFile as e:
        raise fail(unsafe(file, e)) from None
    errors = biff_problems(file, walk, limits)
    if errors:
        raise fail(*errors)
    return {sh.name: sh.scan for sh in walk.sheets}


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
            raise fail(password(file)) from None
        if isinstance(e, (NotImplementedError,)) or "not supported" in str(e).lower():
            raise fail(
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
        raise fail(password(file)) from None
