"""Located, bilingual problem reports shared by every layer below the GUI.

A :class:`Problem` says where (file, sheet, row, column), what is wrong and how to fix it, in
Chinese and English. Importers, the knowledge-base loader and the project store all report with
it; the CLI prints it and the GUI lists it. Rows and columns are 1-based as a spreadsheet shows
them (column as a letter when it comes from a sheet).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # stops the import / load
    WARNING = "warning"  # listed, kept in the provenance, the work goes on
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    code: str  # stable machine id, e.g. "negative_value"
    severity: Severity
    message_zh: str
    message_en: str
    fix_zh: str = ""
    fix_en: str = ""
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""  # the offending cell's text, shortened

    def location(self, lang: str = "zh") -> str:
        """Human location such as ``data.xlsx / 2020年 / 第12行 / C列``."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append((f"工作表“{self.sheet}”") if lang == "zh" else f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"第{self.row}行" if lang == "zh" else f"row {self.row}")
        if self.column:
            parts.append(f"{self.column}列" if lang == "zh" else f"column {self.column}")
        return " / ".join(parts)

    def text(self, lang: str = "zh") -> str:
        """One line: location, what is wrong, how to fix it."""
        loc = self.location(lang)
        msg, fix = (
            (self.message_zh, self.fix_zh) if lang == "zh" else (self.message_en, self.fix_en)
        )
        out = f"{loc}: {msg}" if loc else msg
        if fix:
            out += f" 处理办法：{fix}" if lang == "zh" else f" How to fix: {fix}"
        return out

    def bilingual(self) -> str:
        return f"{self.text('zh')}\n  {self.text('en')}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = str(self.severity)
        return d


@dataclass
class ProblemList:
    """Collects problems; ``has_errors`` decides whether the work may go on."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class ProblemError(Exception):
    """Raised when work cannot go on; carries the located problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.text("en") for p in self.problems[:5]))


def column_letter(index0: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 26 → AA)."""
    letters = ""
    n = index0 + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cannot_write(path, exc: OSError) -> Problem:
    """The located message for a file that could not be written (disk full, no permission, a
    folder that vanished, the file open in Excel)."""
    import errno

    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        zh, en = "磁盘空间已满", "the disk is full"
        fix_zh, fix_en = (
            "请清理磁盘空间或换一个位置保存。",
            "Free some disk space or save elsewhere.",
        )
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        zh, en = "没有写入权限", "no permission to write there"
        fix_zh = "请换一个有写入权限的文件夹，或确认文件未在其他程序（如 Excel）中打开。"
        fix_en = "Choose a folder you can write to, or close the file in other programs (Excel)."
    elif exc.errno == errno.ENOENT:
        zh, en = "文件夹不存在", "the folder does not exist"
        fix_zh, fix_en = "请选择一个存在的文件夹。", "Choose a folder that exists."
    else:
        zh, en = reason, reason
        fix_zh = "请检查文件夹是否存在、是否有写入权限，以及文件是否已在 Excel 中打开。"
        fix_en = (
            "Check that the folder exists and is writable and that the file is not open in Excel."
        )
    return Problem(
        "cannot_write",
        Severity.ERROR,
        f"无法写入文件 {path}：{zh}",
        f"Cannot write {path}: {en}",
        fix_zh,
        fix_en,
        file=str(path),
    )
