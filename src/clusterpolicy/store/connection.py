"""Creating, opening and closing a project file: connection modes, defensive settings, WAL, the
exclusive lock of a writing window, the schema upgrade (after a backup copy) and the session row.

A project file is hostile input. Every connection is hardened before its first read
(:func:`harden`): ``trusted_schema`` off, SQLite's defensive mode and triggers and views disabled
where Python offers ``setconfig`` (3.12+), and on every version an authorizer that refuses any
statement run by a trigger or a view. Then the whole file is checked (``checks``) before the first
write — the session row inserted on open is where a planted trigger would have fired.

Files that cannot be written open read-only with a notice (``ProjectDB.notices``), never as
"damaged": a read-only file or folder (``mode=ro``), read-only media where SQLite cannot create
its ``-wal``/``-shm`` files (``immutable=1``, or a private temporary copy when a ``-wal`` with
committed changes lies beside the file).

Durability: WAL journal with ``synchronous = FULL`` (see the ``project`` module). Where WAL is
impossible (some network drives) the file falls back to a rollback journal, still with FULL.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from clusterpolicy import __version__ as APP_VERSION
from clusterpolicy.store import migrations, problems, sessions
from clusterpolicy.store.checks import check_database, check_file_header
from clusterpolicy.store.codec import DamagedValue, dumps
from clusterpolicy.store.copies import backup_to
from clusterpolicy.store.schema import APPLICATION_ID, FORMAT, SCHEMA_VERSION
from clusterpolicy.store.transactions import ProjectDB, now

_DBCONFIG = (  # (option, value) for Connection.setconfig, Python 3.12+
    ("SQLITE_DBCONFIG_DEFENSIVE", True),
    ("SQLITE_DBCONFIG_TRUSTED_SCHEMA", False),
    ("SQLITE_DBCONFIG_ENABLE_TRIGGER", False),
    ("SQLITE_DBCONFIG_ENABLE_VIEW", False),
)
# SQLite errors that mean "cannot write here / cannot make the journal files", not damage
_CANNOT_WRITE = ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_IOERR_LOCK", "SQLITE_PERM")


def _refuse_triggers_and_views(action, arg1, arg2, db_name, inner) -> int:
    """Authorizer: anything a trigger or view would do is denied (the app uses neither)."""
    return sqlite3.SQLITE_DENY if inner is not None else sqlite3.SQLITE_OK


def harden(conn: sqlite3.Connection) -> None:
    """Defensive settings for a connection to a file that may have been tampered with."""
    conn.execute("PRAGMA trusted_schema = OFF")  # no functions with side effects in the schema
    conn.execute("PRAGMA cell_size_check = ON")  # catch corrupt pages early
    setconfig = getattr(conn, "setconfig", None)  # Python 3.12+; 3.11 relies on the rest
    if setconfig is not None:
        for name, value in _DBCONFIG:
            option = getattr(sqlite3, name, None)
            if option is not None:
                try:
                    setconfig(option, value)
                except sqlite3.Error:  # an SQLite too old for the option
                    pass
    conn.set_authorizer(_refuse_triggers_and_views)


def connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    """``sqlite3.connect`` as the store uses it (one place, so tests can inject failures)."""
    return sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False)


def create_file(path: Path, settings: Mapping[str, Any], user: str) -> None:
    """Write a new project file at ``path`` (refuses to overwrite) with initial ``settings``."""
    if path.exists():
        raise problems.already_exists(path)
    for key, value in settings.items():
        if not isinstance(key, str):
            raise TypeError(f"setting names must be strings, got {key!r}")
        dumps(value)
    try:
        conn = connect(str(path))
    except sqlite3.Error as exc:
        raise problems.from_write_error(path, exc) from exc
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
            try:
                Path(str(path) + suffix).unlink(missing_ok=True)
            except OSError:
                pass
        if isinstance(exc, sqlite3.Error | OSError):
            raise problems.from_write_error(path, exc) from exc
        raise


# ---------------------------------------------------------------------- open
class _CannotWrite(Exception):
    """SQLite cannot write the file or make its journal here: open it read-only instead."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


def not_writable(path: Path) -> str | None:
    """Why ``path`` cannot be written: ``media`` (read-only file system), ``file``, ``folder``;
    None when it can. (As root, only a read-only file system counts: root may write anyway.)"""
    folder = path.resolve().parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "media"
    except (AttributeError, OSError):  # no statvfs on Windows
        pass
    if not os.access(path, os.W_OK):
        return "file"
    if not os.access(folder, os.W_OK):
        return "folder"
    return None


def open_file(path: Path, *, read_only: bool, user: str) -> ProjectDB:
    """Open an existing project; upgrade an older schema (after a backup copy); refuse a newer
    one; open a file that cannot be written read-only with a notice."""
    check_file_header(path)
    why = None if read_only else not_writable(path)
    try:
        return _open(path, read_only=read_only or why is not None, user=user, why=why)
    except _CannotWrite as exc:  # the OS said writable, SQLite found otherwise (ACL, share …)
        return _open(path, read_only=True, user=user, why=exc.why)


def _open(path: Path, *, read_only: bool, user: str, why: str | None) -> ProjectDB:
    conn, media, temp_dir = _connect_checked(path, read_only)
    db = ProjectDB(path, conn, read_only=read_only, user=user)
    db.temp_dir = temp_dir
    if why or media:
        db.notices.append(problems.opened_read_only(path, why or "media", temp_dir is not None))
    try:
        version = check_database(path, conn)
        if not read_only:
            db.remember_file()
        if version < SCHEMA_VERSION:
            upgrade(db, version)
        if not read_only:
            if db.journal_mode == "":
                configure_for_writing(db)
            sessions.start_session(db)
        else:  # say so, but leave the sessions as they are: the next writing open recovers
            db.recovery = sessions.unclean_sessions(db.connection())
    except BaseException as exc:
        _close_quietly(conn, db)
        problem = _open_problem(path, exc, read_only)
        if problem is exc:
            raise
        raise problem from exc
    return db


def _open_problem(path: Path, exc: BaseException, read_only: bool) -> BaseException:
    """What a failure while opening means for the user (or the exception itself)."""
    if isinstance(exc, problems.WriteError) and exc.cause == "readonly" and not read_only:
        return _CannotWrite("file")
    if isinstance(exc, DamagedValue):
        return problems.damaged_value(path, exc)
    if isinstance(exc, sqlite3.OperationalError):
        name = str(getattr(exc, "sqlite_errorname", "") or "")
        if not read_only and name.startswith(_CANNOT_WRITE):
            return _CannotWrite("file")
        if "locked" in str(exc) or "busy" in str(exc):
            return problems.locked(path)
        return problems.damaged(path, str(exc))
    if isinstance(exc, sqlite3.DatabaseError):
        return problems.damaged(path, str(exc))
    return exc


def _connect_checked(path: Path, read_only: bool) -> tuple[sqlite3.Connection, bool, Path | None]:
    """A hardened connection that has read the header: (conn, on read-only media, temp dir).

    A writing connection takes SQLite's exclusive lock at that first read and holds it until
    close (the OS drops it if the process dies; WAL then needs no shared memory). A read-only one
    that cannot open its journal files (read-only media) falls back to ``immutable=1``, or to a
    private copy of the file and its ``-wal`` when that holds committed changes.
    """
    target = path.resolve().as_uri() + "?mode=ro" if read_only else str(path)
    try:
        return _probe(connect(target, uri=read_only), exclusive=not read_only), False, None
    except sqlite3.OperationalError as exc:
        name = str(getattr(exc, "sqlite_errorname", "") or "")
        if "locked" in str(exc) or "busy" in str(exc):
            raise problems.locked(path) from exc
        if not name.startswith(_CANNOT_WRITE):
            raise problems.damaged(path, str(exc)) from exc
        if not read_only:
            raise _CannotWrite("folder" if name == "SQLITE_CANTOPEN" else "file") from exc
    except sqlite3.Error as exc:
        raise problems.damaged(path, str(exc)) from exc
    wal = Path(str(path) + "-wal")
    temp_dir = None
    try:
        if wal.is_file() and wal.stat().st_size > 0:  # committed changes SQLite cannot replay here
            temp_dir = Path(tempfile.mkdtemp(prefix="clusterpolicy-readonly-"))
            shutil.copyfile(path, temp_dir / path.name)
            shutil.copyfile(wal, temp_dir / wal.name)
            target = (temp_dir / path.name).resolve().as_uri() + "?mode=ro"
        else:
            target = path.resolve().as_uri() + "?mode=ro&immutable=1"
        return _probe(connect(target, uri=True), exclusive=False), True, temp_dir
    except (sqlite3.Error, OSError) as exc:
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
        raise problems.damaged(path, str(exc)) from exc


def _probe(conn: sqlite3.Connection, *, exclusive: bool) -> sqlite3.Connection:
    try:
        harden(conn)
        conn.execute("PRAGMA busy_timeout = 500")  # with exclusive locking a wait rarely helps
        if exclusive:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("PRAGMA schema_version").fetchone()  # first read: journal files, the lock
    except BaseException:
        conn.close()
        raise
    return conn


def _close_quietly(conn: sqlite3.Connection, db: ProjectDB) -> None:
    conn.close()
    if db.conn is not None:
        db.conn.close()  # the in-memory copy of a read-only upgrade
        db.conn = None
    if db.temp_dir is not None:
        shutil.rmtree(db.temp_dir, ignore_errors=True)


def close_file(db: ProjectDB) -> None:
    """End the session cleanly and close the file (idempotent).

    Never raises for the session bookkeeping: when the file cannot be written any more (moved,
    disk full) the user has been told at the failed change, and the next opening reports the
    session as not closed properly — which is then true.
    """
    with db.lock:
        conn = db.conn
        if conn is None:
            return
        try:
            if not db.read_only and db.session_id is not None:
                db.check_in_place()
                sessions.end_session(db, conn)
        except (sqlite3.Error, problems.WriteError):
            pass
        finally:
            conn.close()
            db.conn = None
            if db.temp_dir is not None:
                shutil.rmtree(db.temp_dir, ignore_errors=True)


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
        memory = connect(":memory:")
        conn.backup(memory)
        conn.close()
        harden(memory)
        db.conn = conn = memory
    else:
        db.backup_path = backup_to(conn, free_name(db.path, f".v{version}-backup"))
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
