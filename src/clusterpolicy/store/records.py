"""Plain records returned by :class:`~clusterpolicy.store.project.Project` (no behaviour)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

Scope = tuple[str, str]  # ("existence", industry_code), ("technology", code), ("roles", "")


@dataclass(frozen=True)
class Answer:
    scope: Scope
    item_id: str
    value: Any
    note: str
    updated_at: str
    updated_by: str


@dataclass(frozen=True)
class AnswerChange:
    """One edit of an answer: ``old_value`` → ``new_value`` (None = no answer)."""

    scope: Scope
    item_id: str
    old_value: Any
    new_value: Any
    old_note: str
    new_note: str
    changed_at: str
    changed_by: str


@dataclass(frozen=True)
class Override:
    kind: str  # e.g. "lifecycle_stage"
    subject: str  # e.g. the industry / cluster code
    value: Any
    reason: str
    updated_at: str
    updated_by: str


@dataclass(frozen=True)
class OverrideChange:
    kind: str
    subject: str
    old_value: Any
    new_value: Any  # None when the override was removed
    reason: str
    changed_at: str
    changed_by: str


@dataclass(frozen=True)
class RuleProfileRecord:
    """The rule profile in force, self-contained: its YAML text and every included file."""

    profile_id: str
    version: str
    date: str
    main_file: str
    files: dict[str, str]
    saved_at: str
    saved_by: str


@dataclass(frozen=True)
class ResultInfo:
    result_id: int
    created_at: str
    created_by: str
    app_version: str
    profile_id: str
    profile_version: str
    meta: dict
    table_names: tuple[str, ...]


@dataclass
class ResultSet:
    info: ResultInfo
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def result_id(self) -> int:
        return self.info.result_id

    @property
    def meta(self) -> dict:
        return self.info.meta


@dataclass(frozen=True)
class AuditEntry:
    entry_id: int
    at: str
    who: str
    action: str
    details: dict


@dataclass(frozen=True)
class RecoveryInfo:
    """Whether the previous session on this file ended without a proper close.

    ``changes_kept`` counts the audit entries written during the unclean session(s), i.e. the
    work that was saved as it was typed and is in the file now.
    """

    unclean: bool
    sessions: int = 0
    opened_at: str = ""
    last_change_at: str = ""
    changes_kept: int = 0
    user: str = ""

    @property
    def message_zh(self) -> str:
        if not self.unclean:
            return ""
        when = f"，最后一次修改于 {self.last_change_at}" if self.last_change_at else ""
        return f"恢复了上次未正常关闭的会话：保留了 {self.changes_kept} 项修改{when}。"

    @property
    def message_en(self) -> str:
        if not self.unclean:
            return ""
        when = f"; last change at {self.last_change_at}" if self.last_change_at else ""
        return f"Recovered the previous session, which was not closed properly: {self.changes_kept} changes kept{when}."
