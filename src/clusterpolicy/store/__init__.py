"""The project file ``.cpa``: one SQLite database per assessment (see DESIGN §6).

``Project.create(path, settings=...)`` / ``Project.open(path, read_only=False)`` give an open
:class:`Project`; every change is a committed transaction with an audit entry.
"""

from clusterpolicy.store.project import APPLICATION_ID, FILE_SUFFIX, FORMAT, SCHEMA_VERSION, Project
from clusterpolicy.store.records import (
    Answer,
    AnswerChange,
    AuditEntry,
    Override,
    OverrideChange,
    RecoveryInfo,
    ResultInfo,
    ResultSet,
    RuleProfileRecord,
)

__all__ = [
    "APPLICATION_ID",
    "FILE_SUFFIX",
    "FORMAT",
    "SCHEMA_VERSION",
    "Project",
    "Answer",
    "AnswerChange",
    "AuditEntry",
    "Override",
    "OverrideChange",
    "RecoveryInfo",
    "ResultInfo",
    "ResultSet",
    "RuleProfileRecord",
]
