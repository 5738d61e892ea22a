"""Schema 2: the session table behind crash recovery, and an index for the history views.

FROZEN: never change after release; imports nothing from ``clusterpolicy``.

A row is inserted in ``sessions`` when a project is opened for writing and closed (``closed_at``,
``ended = 'clean'``) when it is closed. A row still open at the next opening means the previous
session ended without a proper close (crash, power cut, killed process): the app then tells the
user that the work typed up to the last change was kept. Schema-1 files had no sessions; they get
an empty table, so an upgraded file is never reported as crashed.
"""

from __future__ import annotations

import sqlite3

VERSION = 2

STATEMENTS = (
    """CREATE TABLE sessions (
        session_id INTEGER PRIMARY KEY AUTOINCREMENT,
        opened_at TEXT NOT NULL,
        closed_at TEXT,
        ended TEXT NOT NULL DEFAULT '' CHECK (ended IN ('', 'clean', 'recovered')),
        user TEXT NOT NULL DEFAULT '',
        app_version TEXT NOT NULL DEFAULT '',
        host TEXT NOT NULL DEFAULT '',
        pid INTEGER
    )""",
    "CREATE INDEX answer_history_by_item ON answer_history (scope_kind, scope_key, item_id)",
    "CREATE INDEX override_history_by_subject ON override_history (kind, subject)",
    "CREATE INDEX audit_by_time ON audit (at)",
)


def apply(conn: sqlite3.Connection) -> None:
    """Add the schema-2 objects (the caller holds the transaction and sets user_version)."""
    for statement in STATEMENTS:
        conn.execute(statement)
