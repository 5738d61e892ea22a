"""Creating, opening and closing a project file: connection modes, pragmas, WAL, the exclusive
lock of a writing window, the schema upgrade (after a backup copy) and the session row.

Durability: WAL journal with ``synchronous = FULL`` (see the ``project`` module). Where WAL is
impossible (some network drives) the file falls back to a rollback journal, still with FULL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from clusterpolicy import __version__ as APP_VERSION
from clusterpolicy.store import migrations, problems, sessions
from clusterpolicy.store.checks import check_database, check_file_header
from clusterpolicy.store.codec import dumps
from clusterpolicy.store.schema import APPLICATION_ID, FORMAT, SCHEMA_VERSION
from clusterpolicy.store.transactions import ProjectDB, now


def create_file(path: Path, settings: Mapping[str, Any], user: str) -> None:
    """Write a new project file at ``path`` (refuses to overwrite) with initial ``settings``."""
    if path.exists():
        raise problems.already_exists(path)
    for key, value in settings.items():
        if not isinstance(key, str):
            raise TypeError(f"setting names must be strings, got {key!r}")
        dumps(value)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise problems.cannot_write(path, str(exc)) from exc
    try:
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # must precede any write to the file
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.upgrade(conn)
        stamp = now()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("format", FORMAT),
                ("created_at", stamp),
                ("created_app_version", APP_VERSION),
                ("last_app_version", APP_VERSION),
                ("created_schema", str(SCHEMA_VERSION)),
            ],
        )
        conn.executemany(
            "INSERT INTO settings (key, value_json, updated_at, updated_by) VALUES (?, ?, ?, ?)",
            [(k, dumps(v), stamp, user) for k, v in settings.items()],
        )
        conn.execute(
            "INSERT INTO audit (at, who, action, details_json) VALUES (?, ?, 'create', ?)",
            (stamp, user, dumps({"settings": dict(settings), "app_version": APP_VERSION})),
        )
        conn.execute("COMMIT")
        conn.close()
    except BaseException as exc:
        conn.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise problems.cannot_write(path, str(exc)) from exc
        raise


def open_file(path: Path, *, read_only: bool, user: str) -> ProjectDB:
    """Open an existing project; upgrade an older schema (after a backup copy); refuse a newer one."""
    check_file_header(path)
    try:
        if read_only:
            conn = sqlite3.connect(
                path.resolve().as_uri() + "?mode=ro",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise problems.damaged(path, str(exc)) from exc
    db: ProjectDB | None = None
    try:
        conn.execute("PRAGMA busy_timeout = 500")  # with exclusive locking a wait rarely helps
        if not read_only:
            # one writing window per file: the lock is taken at the first read below and held
            # until close (the OS drops it if the process dies), and WAL needs no shared memory
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        version = check_database(path, conn)
        db = ProjectDB(path, conn, read_only=read_only, user=user)
        if version < SCHEMA_VERSION:
            upgrade(db, version)
        if not read_only:
            if db.journal_mode == "":
                configure_for_writing(db)
            sessions.start_session(db)
        else:  # say so, but leave the sessions as they are: the next writing open recovers
            db.recovery = sessions.unclean_sessions(db.connection())
    except sqlite3.OperationalError as exc:
        _close_quietly(conn, db)
        if "locked" in str(exc) or "busy" in str(exc):
            raise problems.locked(path) from exc
        raise problems.damaged(path, str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        _close_quietly(conn, db)
        raise problems.damaged(path, str(exc)) from exc
    except BaseException:
        _close_quietly(conn, db)
        raise
    return db


def _close_quietly(conn: sqlite3.Connection, db: ProjectDB | None) -> None:
    conn.close()
    if db is not None and db.conn is not None:
        db.conn.close()  # the in-memory copy of a read-only upgrade
        db.conn = None


def close_file(db: ProjectDB) -> None:
    """End the session cleanly and close the file (idempotent)."""
    with db.lock:
        conn = db.conn
        if conn is None:
            return
        try:
            if not db.read_only and db.session_id is not None:
                sessions.end_session(db, conn)
        finally:
            conn.close()
            db.conn = None


def configure_for_writing(db: ProjectDB) -> None:
    conn = db.connection()
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # e.g. a network drive without shared memory
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    db.journal_mode = str(mode).lower()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def upgrade(db: ProjectDB, version: int) -> None:
    """Bring a file of an older schema to the current one: in memory when read-only, else after
    a backup copy ``<name>.v<N>-backup.cpa`` and with an audit entry."""
    conn = db.connection()
    db.upgraded_from = version
    if db.read_only:
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.backup(memory)
        conn.close()
        db.conn = conn = memory
    else:
        db.backup_path = free_name(db.path, f".v{version}-backup")
        try:
            dst = sqlite3.connect(str(db.backup_path))
            with dst:
                conn.backup(dst)
            dst.close()
        except sqlite3.Error as exc:
            raise problems.cannot_write(db.backup_path, str(exc)) from exc
    migrations.upgrade(conn)
    if not db.read_only:
        configure_for_writing(db)
        details = {
            "from_schema": version,
            "to_schema": SCHEMA_VERSION,
            "backup": db.backup_path.name,
        }
        with db.write("upgrade", details):
            pass


def free_name(path: Path, tag: str) -> Path:
    candidate = path.with_name(f"{path.stem}{tag}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}{tag}-{n}{path.suffix}")
        n += 1
    return candidate
