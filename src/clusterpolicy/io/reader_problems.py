"""The readers' problems: located, bilingual, with how to fix them (one helper each)."""

from __future__ import annotations

from clusterpolicy.io.safety import UnsafeFile
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.text.formats import integer

EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FIX_RESAVE_ZH = "用Excel打开，另存为“Excel工作簿(.xlsx)”后再导入。"
_FIX_RESAVE_EN = "Open it in Excel and save it as 'Excel Workbook (.xlsx)', then import that."
_FIX_DAMAGED_ZH = "文件可能下载不完整或已损坏：重新下载或从原始来源重新导出，再用Excel打开确认。"
_FIX_DAMAGED_EN = "The file may be incomplete or damaged: download or export it again and check it opens in Excel."
FIX_RESAVE_ZH = "用Excel或WPS打开该文件，另存为新的工作簿（.xlsx）后再导入。"
FIX_RESAVE_EN = (
    "Open the file in Excel or WPS, save it as a new workbook (.xlsx), then import that."
)
_CLAIMS = ("sst_count", "sst_no_root", "xls_sst_count")


def p(
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


def fail(*problems: Problem) -> ProblemError:
    return ProblemError(list(problems))


def mismatch(file: str, ext: str, real: str) -> Problem:
    return p(
        "format_mismatch",
        f"扩展名是“.{ext}”，但内容是{real}格式，已按{real}读取。",
        f"The extension is '.{ext}' but the content is {real}; read as {real}.",
        "可把扩展名改成与内容一致。",
        "You may rename the file to match its content.",
        file=file,
        severity=Severity.INFO,
    )


def not_a_table(kind: str, file: str) -> Problem:
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
    return p(
        f"not_a_workbook_{kind}" if kind != "xml" else "not_a_workbook",
        zh,
        en,
        _FIX_RESAVE_ZH,
        _FIX_RESAVE_EN,
        file=file,
    )


def damaged(file: str, detail: str = "", sheet: str = "") -> Problem:
    return p(
        "damaged_file",
        "文件已损坏或格式不完整，无法读取。",
        "The file is damaged or incomplete and cannot be read.",
        _FIX_DAMAGED_ZH,
        _FIX_DAMAGED_EN,
        file=file,
        sheet=sheet,
        value=detail,
    )


def unsafe(file: str, e: UnsafeFile) -> Problem:
    if e.code in ("zip_bomb", "zip_too_large", "zip_too_many_members"):
        return p(
            e.code,
            "文件解压后异常巨大（疑似“压缩炸弹”），为安全起见拒绝读取。",
            "The file would expand to an abnormal size (a possible 'zip bomb'); refused for safety.",
            "用Excel打开并另存为新文件；如确实很大，请拆分。",
            "Open it in Excel and save it as a new file; if it really is that big, split it.",
            file=file,
            value=f"{e.member} {e.detail}".strip(),
        )
    if e.code == "zip_encrypted_member":
        return password(file)
    if e.code in _CLAIMS:
        return claim(file, e)
    if e.code == "xls_stream":
        return damaged(file, e.detail)
    if e.code == "ole_structure":
        return p(
            "damaged_structure",
            f"文件的内部扇区表已损坏（{e.member}），无法安全读取。",
            f"The file's internal sector table is damaged ({e.member}); it cannot be read safely.",
            "用Excel或WPS打开该文件并另存为新的工作簿（.xlsx）；如打不开，请从原始来源重新获取文件。",
            "Open the file in Excel or WPS and save it as a new workbook (.xlsx); if it does not "
            "open, get the file again from its source.",
            file=file,
            value=f"{e.member}: {e.detail}",
        )
    return p(
        "unsafe_xml",
        "文件已损坏或不安全（含XML实体声明），拒绝读取。",
        "The file is damaged or unsafe (XML entity declarations); refused.",
        "用Excel打开并另存为新的.xlsx文件后再导入。",
        "Open it in Excel, save it as a new .xlsx, then import that.",
        file=file,
        value=e.member,
    )


def password(file: str) -> Problem:
    return p(
        "password_protected",
        "文件设有打开密码，无法读取。",
        "The file is password-protected and cannot be read.",
        "请先在Excel中取消密码保护（文件→信息→保护工作簿→用密码进行加密→清空密码），再保存导入。",
        "Remove the password in Excel first (File → Info → Protect Workbook → Encrypt with Password → "
        "clear it), save, then import.",
        file=file,
    )


def claim(file: str, e: UnsafeFile) -> Problem:
    """A count the file claims but cannot hold (:mod:`clusterpolicy.io.claims`)."""
    n, cap = integer(e.claim, "zh"), integer(e.cap, "zh")
    n_en, cap_en = integer(e.claim, "en"), integer(e.cap, "en")
    if e.code == "sst_count":
        zh = f"共享字符串表（{e.member}）声称有{n}个字符串，但按其实际大小最多只能容纳{cap}个：文件已损坏。"
        en = (
            f"The shared-strings table ({e.member}) claims {n_en} strings, but its actual size "
            f"can hold at most {cap_en}: the file is damaged."
        )
    elif e.code == "xls_sst_count":
        zh = f"工作簿的共享字符串表（SST记录）声称有{n}个字符串，但记录中最多只能容纳{cap}个：文件已损坏。"
        en = (
            f"The workbook's shared-string table (SST record) claims {n_en} strings, but its "
            f"records can hold at most {cap_en}: the file is damaged."
        )
    else:  # sst_no_root
        zh = f"共享字符串表（{e.member}）开头没有<sst>元素：文件已损坏。"
        en = f"The shared-strings table ({e.member}) has no <sst> element at its top: the file is damaged."
    return p(e.code, zh, en, FIX_RESAVE_ZH, FIX_RESAVE_EN, file=file, value=e.member)
