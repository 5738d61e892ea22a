"""Sessions behind crash recovery: a row is opened when a project is opened for writing and
closed on a proper close; a row still open at the next opening means the last session ended
uncleanly (crash, power cut, killed process)."""

from __future__ import annotations

import os
import socket
import sqlite3

from clusterpolicy import __version__ as APP_VERSION
from clusterpolicy.store.codec import (
    INT,
    TEXT,
    TEXT_OR_NONE,
    decode_cell,
    decode_row,
    dumps,
    fetch_all,
)
from clusterpolicy.store.records import RecoveryInfo
from clusterpolicy.store.transactions import ProjectDB, now


def unclean_sessions(conn: sqlite3.Connection) -> RecoveryInfo:
    """Sessions opened for writing and never closed, and the changes kept from them."""
    raw = fetch_all(
        conn,
        "SELECT rowid, opened_at, user FROM sessions WHERE closed_at IS NULL ORDER BY session_id",
    )
    if not raw:
        return RecoveryInfo(unclean=False)
    rows = [decode_row("sessions", (("opened_at", TEXT), ("user", TEXT)), r) for r in raw]
    ((n, last),) = fetch_all(
        conn, "SELECT COUNT(*), MAX(at) FROM audit WHERE at >= ?", (rows[0][0],)
    )
    n = decode_cell("audit", None, "COUNT(*)", INT, n)
    last = decode_cell("audit", None, "at", TEXT_OR_NONE, last)
    return RecoveryInfo(
        unclean=True,
        sessions=len(rows),
        opened_at=rows[-1][0],
        last_change_at=last or "",
        changes_kept=int(n),
        user=rows[-1][1],
    )


def start_session(db: ProjectDB) -> None:
    """Record this opening (and close, as recovered, the sessions a crash left open)."""
    with db.write("", {}) as tx:
        tx.audit = False
        c = tx.conn
        c.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_app_version', ?)",
            (APP_VERSION,),
        )
        db.recovery = info = unclean_sessions(c)
        if info.unclean:
            c.execute(
                "UPDATE sessions SET closed_at = ?, ended = 'recovered' WHERE closed_at IS NULL",
                (tx.now,),
            )
            c.execute(
                "INSERT INTO audit (at, who, action, details_json) VALUES (?, ?, 'recovered_session', ?)",
                (
                    tx.now,
                    db.user,
                    dumps(
                        {
                            "sessions": info.sessions,
                            "changes_kept": info.changes_kept,
                            "last_change_at": info.last_change_at,
                        }
                    ),
                ),
            )
        cur = c.execute(
            "INSERT INTO sessions (opened_at, user, app_version, host, pid) VALUES (?, ?, ?, ?, ?)",
            (tx.now, db.user, APP_VERSION, socket.gethostname(), os.getpid()),
        )
        db.session_id = int(cur.lastrowid)


def end_session(db: ProjectDB, conn: sqlite3.Connection) -> None:
    """Mark this session closed cleanly, then give freed pages back and fold the WAL in."""
    conn.execute(
        "UPDATE sessions SET closed_at = ?, ended = 'clean' WHERE session_id = ?",
        (now(), db.session_id),
    )
    try:  # housekeeping only: give freed pages back, fold the WAL into the file
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        if free and conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:
            conn.executescript("PRAGMA incremental_vacuum;")  # steps to the end
        elif free > conn.execute("PRAGMA page_count").fetchone()[0] // 4:
            conn.execute("VACUUM")  # a file made without auto_vacuum
        if db.journal_mode == "wal":
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.Error:
        pass
