"""The open file behind a :class:`~clusterpolicy.store.project.Project`: connection, lock, and
the one way to change it (a transaction with its audit entry) or read it (errors become
located ProblemErrors).

Every job module (``history``, ``results`` …) works through a :class:`ProjectDB`; the
``Project`` facade owns one and swaps it on "Save As".
"""

from __future__ import annotations

import getpass
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from clusterpolicy.store import problems
from clusterpolicy.store.records import RecoveryInfo


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (service accounts)
        return ""


@dataclass
class Tx:
    conn: sqlite3.Connection
    now: str
    who: str
    details: dict = field(default_factory=dict)
    audit: bool = True


class ProjectDB:
    """One open project file: its connection (None once closed) and what opening found out."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool, user: str):
        self.path = path
        self.read_only = read_only
        self.user = user
        self.conn: sqlite3.Connection | None = conn
        self.lock = threading.RLock()
        self.session_id: int | None = None
        self.recovery = RecoveryInfo(unclean=False)
        self.upgraded_from: int | None = None  # schema version the file had before this opening
        self.backup_path: Path | None = None  # copy made before an upgrade
        self.journal_mode = ""

    def connection(self) -> sqlite3.Connection:
        if self.conn is None:
            raise problems.closed(self.path)
        return self.conn

    @contextmanager
    def write(self, action: str, details: dict, who: str | None = None) -> Iterator[Tx]:
        """One transaction with its audit entry; rolls back on any exception (incl. Cancelled)."""
        if self.read_only:
            raise problems.read_only(self.path)
        with self.lock:
            conn = self.connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise problems.locked(self.path) from exc
            tx = Tx(conn, now(), self.user if who is None else who, dict(details))
            try:
                yield tx
                if tx.audit:
                    conn.execute(
                        "INSERT INTO audit (at, who, action, details_json) VALUES (?, ?, ?, ?)",
                        (
                            tx.now,
                            tx.who,
                            action,
                            json.dumps(tx.details, ensure_ascii=False, default=str),
                        ),
                    )
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError) and (
                    "full" in str(exc) or "I/O" in str(exc)
                ):
                    raise problems.cannot_write(self.path, str(exc)) from exc
                raise

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection under the lock; a damaged page or catalog becomes a ProblemError."""
        with self.lock:
            conn = self.connection()
            try:
                yield conn
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise problems.locked(self.path) from exc
                raise problems.damaged(self.path, str(exc)) from exc
            except sqlite3.DatabaseError as exc:
                raise problems.damaged(self.path, str(exc)) from exc

    def read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self.reading() as conn:
            return conn.execute(sql, params).fetchall()
