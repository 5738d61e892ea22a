"""The open file behind a :class:`~clusterpolicy.store.project.Project`: connection, lock, and
the one way to change it (a transaction with its audit entry) or read it (errors become
located ProblemErrors).

Every job module (``history``, ``results`` …) works through a :class:`ProjectDB`; the
``Project`` facade owns one and swaps it on "Save As".
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from clusterpolicy.messages import Problem, ProblemError
from clusterpolicy.store import problems
from clusterpolicy.store.codec import DamagedValue, Decoder, decode_row, fetch_all
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


_WRITE_ERRORS = ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM")


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
        self.notices: list[Problem] = []  # e.g. "opened read-only because the file is read-only"
        self.file_id: tuple[int, int] | None = None  # (st_dev, st_ino) of the file being written
        self.temp_dir: Path | None = None  # a private copy of a file on read-only media

    def connection(self) -> sqlite3.Connection:
        if self.conn is None:
            raise problems.closed(self.path)
        return self.conn

    def remember_file(self) -> None:
        """Note which file is being written, so that one moved or deleted meanwhile is noticed."""
        st = os.stat(self.path)
        self.file_id = (st.st_dev, st.st_ino)

    def check_in_place(self) -> None:
        """Refuse to write when the file (or its folder) was moved or deleted since it was opened.

        SQLite keeps writing into the open, now nameless file in that case (with the exclusive
        lock it never looks at the name again) and everything would be lost at close.
        """
        if self.file_id is None:
            return
        try:
            st = os.stat(self.path)
            moved = (st.st_dev, st.st_ino) != self.file_id
        except OSError:
            moved = True
        if moved:
            raise problems.write_failed(self.path, "moved")

    @contextmanager
    def write(self, action: str, details: dict, who: str | None = None) -> Iterator[Tx]:
        """One transaction with its audit entry; rolls back on any exception (incl. Cancelled).

        Failures outside the app become located ProblemErrors: locked, disk full, permission,
        moved file, damaged value (:class:`~clusterpolicy.store.codec.DamagedValue`).
        """
        if self.read_only:
            raise problems.read_only(self.path)
        with self.lock:
            conn = self.connection()
            self.check_in_place()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise self._problem(exc, writing=True) or problems.locked(self.path) from exc
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
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass  # SQLite rolls back by itself when the connection closes
                if isinstance(exc, DamagedValue | sqlite3.OperationalError | sqlite3.DatabaseError):
                    problem = self._problem(exc, writing=True)
                    if problem is not None:
                        raise problem from exc
                raise
            self.check_in_place()  # moved during the transaction: say so now, Save As rescues it

    def _problem(self, exc: BaseException, *, writing: bool) -> ProblemError | None:
        """The located message for an error from SQLite (None: a programming error, re-raise)."""
        if isinstance(exc, DamagedValue):
            return problems.damaged_value(self.path, exc)
        name = str(getattr(exc, "sqlite_errorname", "") or "")
        text = str(exc)
        if "locked" in text or "busy" in text or name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return problems.locked(self.path)
        if "decode to UTF-8" in text:
            return problems.damaged(self.path, text)
        if writing:
            if name.startswith(_WRITE_ERRORS) or "full" in text or "I/O" in text:
                return problems.from_write_error(self.path, exc)
            if isinstance(exc, sqlite3.OperationalError | sqlite3.IntegrityError):
                return None  # e.g. a mistake in the app's SQL: keep the traceback
            if isinstance(exc, sqlite3.ProgrammingError | sqlite3.InterfaceError):
                return None
        return problems.damaged(self.path, text)

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection under the lock; a damaged page, catalog or value becomes a ProblemError."""
        with self.lock:
            conn = self.connection()
            try:
                yield conn
            except (DamagedValue, sqlite3.DatabaseError) as exc:
                problem = self._problem(exc, writing=False)
                if problem is None:
                    raise
                raise problem from exc

    def read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self.reading() as conn:
            return fetch_all(conn, sql, params)

    def select(
        self,
        table: str,
        columns: Sequence[tuple[str, Decoder]],
        where: str = "",
        params: Sequence = (),
        *,
        conn: sqlite3.Connection | None = None,
    ) -> list[tuple]:
        """``SELECT columns FROM table where`` with every value decoded by its column's decoder;
        a bad value raises a located "damaged" ProblemError (table, row, column).

        ``where`` may end with ``ORDER BY``; pass ``conn`` inside a :meth:`write` (it holds the
        lock already and turns the damage into its message itself).
        """
        sql = f"SELECT rowid, {', '.join(name for name, _ in columns)} FROM {table}{where}"
        if conn is not None:
            return [decode_row(table, columns, r) for r in fetch_all(conn, sql, params)]
        with self.reading() as c:
            return [decode_row(table, columns, r) for r in fetch_all(c, sql, params)]
