"""Ordered, frozen migrations of the project file (``PRAGMA user_version`` = schema version).

Each step ``m000N_*.py`` has ``VERSION = N`` and ``apply(conn)`` and imports only the standard
library, so a file written by any released version can be upgraded forever, whatever the live
model and engine look like by then. :func:`upgrade` runs the missing steps in order, each in its
own transaction together with the ``user_version`` bump, so an interrupted upgrade leaves the
file at the last completed version, never half-way.
"""

from __future__ import annotations

import sqlite3

from clusterpolicy.store.migrations import m0001_initial, m0002_sessions

STEPS = (m0001_initial, m0002_sessions)
LATEST = STEPS[-1].VERSION

assert [s.VERSION for s in STEPS] == list(range(1, len(STEPS) + 1)), "migrations out of order"

#: tables every file of a given schema version must have (checked on open)
REQUIRED_TABLES: dict[int, frozenset[str]] = {
    1: frozenset(
        {
            "meta",
            "settings",
            "mappings",
            "rule_profile",
            "rule_profile_files",
            "frames",
            "frame_columns",
            "import_warnings",
            "answers",
            "answer_history",
            "overrides",
            "override_history",
            "results",
            "audit",
        }
    ),
}
REQUIRED_TABLES[2] = REQUIRED_TABLES[1] | {"sessions"}


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def upgrade(conn: sqlite3.Connection, target: int = LATEST) -> list[int]:
    """Apply every step above the file's version up to ``target``; return the versions applied.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    current = user_version(conn)
    if current > target:
        raise ValueError(f"schema {current} is newer than target {target}")
    applied: list[int] = []
    for step in STEPS:
        if step.VERSION <= current or step.VERSION > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            step.apply(conn)
            conn.execute(f"PRAGMA user_version = {int(step.VERSION)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(step.VERSION)
    return applied
