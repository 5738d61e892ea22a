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
