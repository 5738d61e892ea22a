"""The project file (``.cpa``): one SQLite database per assessment.

Contract (see DESIGN §6 and ``store/migrations``):

* Everything an assessment needs is in the one file: the imported canonical tables with their
  provenance and import warnings, confirmed column mappings, settings, the rule profile (with the
  YAML text of the profile and its included files), checklist answers with their history,
  overrides with reason and history, every result set with the profile and app version that made
  it, and an audit log with one entry per change.
* Every change is one transaction (``BEGIN IMMEDIATE … COMMIT``) that also writes its audit
  entry, so the log and the data never disagree. Small edits (an answer, a setting) are committed
  the moment they are made: there is no "unsaved" state to lose.
* Durability: WAL journal with ``synchronous = FULL``. In WAL mode NORMAL is already crash-safe for
  the *application* (a killed process loses nothing committed) but may drop the last commits on a
  power cut; FULL syncs the WAL at every commit, so once a call returns its change survives a
  power cut too. Commits here are user edits and whole imports, not a hot loop, so the extra
  fsync per commit is affordable (a small edit commits in 0.25 ms median here with FULL vs
  0.02 ms with NORMAL; expect a few ms on a laptop disk). Where WAL is impossible (some network
  drives) the file falls back to a rollback journal, still with FULL.
* A session row is opened on open and closed on close; :meth:`Project.recover_info` says whether
  the previous session ended uncleanly (the GUI then says "恢复了上次未正常关闭的会话").
* Older schema versions are upgraded on open after a backup copy ``<name>.v<N>-backup.cpa``;
  a file of a newer schema is refused; a damaged or foreign file gives a bilingual
  :class:`~clusterpolicy.messages.ProblemError`, never a traceback.
* Nothing in the file is executed or unpickled: values are plain SQL values and JSON text.

One :class:`Project` object owns its connection; its methods may be called from any thread (they
are serialised by a lock). A project open for writing holds SQLite's exclusive lock until it is
closed, so a second window (or program) cannot open the same file, not even read-only: it gets a
clear "in use" ProblemError instead of two writers overwriting each other's answers.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from clusterpolicy import __version__ as APP_VERSION
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model.dataset import DATA_TABLES, LOOKUP_TABLES, CanonicalData, empty_provenance
from clusterpolicy.model.tables import coerce_table, empty_table
from clusterpolicy.progress import ProgressCallback, ensure
from clusterpolicy.store import frames, migrations, problems
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
    Scope,
)

FILE_SUFFIX = ".cpa"
FORMAT = "clusterpolicy-project"
APPLICATION_ID = 0x43504100  # "CPA\0" in the SQLite header (offset 68)
SQLITE_MAGIC = b"SQLite format 3\x00"
SCHEMA_VERSION = migrations.LATEST
_CANONICAL = (*DATA_TABLES, *LOOKUP_TABLES)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (service accounts)
        return ""


def _dumps(value: Any) -> str:
    """Strict JSON (no NaN/inf): settings, answers and meta must be portable plain values."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=False)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _scope(scope: Scope) -> tuple[str, str]:
    kind, key = scope
    if not isinstance(kind, str) or not kind:
        raise ValueError(f"answer scope kind must be a non-empty string, got {kind!r}")
    return kind, "" if key is None else str(key)


@dataclass
class _Tx:
    conn: sqlite3.Connection
    now: str
    who: str
    details: dict = field(default_factory=dict)
    audit: bool = True


class Project:
    """An open project file. Create with :meth:`create`, open with :meth:`open`; use as a context
    manager or call :meth:`close`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool, user: str):
        self.path = path
        self.read_only = read_only
        self.user = user
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self._session_id: int | None = None
        self._recovery = RecoveryInfo(unclean=False)
        self.upgraded_from: int | None = None  # schema version the file had before this opening
        self.backup_path: Path | None = None  # copy made before an upgrade
        self.journal_mode = ""

    # ------------------------------------------------------------------ create / open / close
    @classmethod
    def create(
        cls, path: str | os.PathLike, *, settings: Mapping[str, Any], user: str | None = None
    ) -> Project:
        """Create a new project file at ``path`` (refuses to overwrite) with initial ``settings``."""
        path = Path(path)
        if path.exists():
            raise problems.already_exists(path)
        for key, value in settings.items():
            if not isinstance(key, str):
                raise TypeError(f"setting names must be strings, got {key!r}")
            _dumps(value)
        user = _default_user() if user is None else user
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise problems.cannot_write(path, str(exc)) from exc
        try:
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # must precede any write to the file
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            migrations.upgrade(conn)
            now = _now()
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [
                    ("format", FORMAT),
                    ("created_at", now),
                    ("created_app_version", APP_VERSION),
                    ("last_app_version", APP_VERSION),
                    ("created_schema", str(SCHEMA_VERSION)),
                ],
            )
            conn.executemany(
                "INSERT INTO settings (key, value_json, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                [(k, _dumps(v), now, user) for k, v in settings.items()],
            )
            conn.execute(
                "INSERT INTO audit (at, who, action, details_json) VALUES (?, ?, 'create', ?)",
                (now, user, _dumps({"settings": dict(settings), "app_version": APP_VERSION})),
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
        return cls.open(path, user=user)

    @classmethod
    def open(
        cls, path: str | os.PathLike, *, read_only: bool = False, user: str | None = None
    ) -> Project:
        """Open an existing project; upgrade an older schema (after a backup copy); refuse a newer one.

        ``read_only=True`` never writes to the file (an older schema is upgraded in memory only).
        """
        path = Path(path)
        _check_file_header(path)
        user = _default_user() if user is None else user
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
        try:
            conn.execute("PRAGMA busy_timeout = 500")  # with exclusive locking a wait rarely helps
            if not read_only:
                # one writing window per file: the lock is taken at the first read below and held
                # until close (the OS drops it if the process dies), and WAL needs no shared memory
                conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            version = _check_database(path, conn)
            project = cls(path, conn, read_only=read_only, user=user)
            if version < SCHEMA_VERSION:
                project._upgrade(version)
            if not read_only:
                project._start_session()
            else:  # say so, but leave the sessions as they are: the next writing open recovers
                project._recovery = _unclean_sessions(project._connection())
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise problems.locked(path) from exc
            raise problems.damaged(path, str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise problems.damaged(path, str(exc)) from exc
        except BaseException:
            conn.close()
            raise
        return project

    def close(self) -> None:
        """End the session cleanly and close the file (idempotent)."""
        with self._lock:
            conn = self._conn
            if conn is None:
                return
            try:
                if not self.read_only and self._session_id is not None:
                    conn.execute(
                        "UPDATE sessions SET closed_at = ?, ended = 'clean' WHERE session_id = ?",
                        (_now(), self._session_id),
                    )
                    try:  # housekeeping only: give freed pages back, fold the WAL into the file
                        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
                        if free and conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:
                            conn.executescript("PRAGMA incremental_vacuum;")  # steps to the end
                        elif free > conn.execute("PRAGMA page_count").fetchone()[0] // 4:
                            conn.execute("VACUUM")  # a file made without auto_vacuum
                        if self.journal_mode == "wal":
                            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                    except sqlite3.Error:
                        pass
            finally:
                conn.close()
                self._conn = None

    @property
    def closed(self) -> bool:
        return self._conn is None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else ("read-only" if self.read_only else "open")
        return f"<Project {str(self.path)!r} {state}>"

    # ------------------------------------------------------------------ internals
    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise problems.closed(self.path)
        return self._conn

    def _configure_for_writing(self) -> None:
        conn = self._connection()
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # e.g. a network drive without shared memory
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        self.journal_mode = str(mode).lower()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")

    def _upgrade(self, version: int) -> None:
        conn = self._connection()
        self.upgraded_from = version
        if self.read_only:
            memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            conn.backup(memory)
            conn.close()
            self._conn = conn = memory
        else:
            self.backup_path = _free_name(self.path, f".v{version}-backup")
            try:
                dst = sqlite3.connect(str(self.backup_path))
                with dst:
                    conn.backup(dst)
                dst.close()
            except sqlite3.Error as exc:
                raise problems.cannot_write(self.backup_path, str(exc)) from exc
        migrations.upgrade(conn)
        if not self.read_only:
            self._configure_for_writing()
            with self._write(
                "upgrade",
                {
                    "from_schema": version,
                    "to_schema": SCHEMA_VERSION,
                    "backup": self.backup_path.name,
                },
            ):
                pass

    def _start_session(self) -> None:
        if self.journal_mode == "":
            self._configure_for_writing()
        with self._write("", {}) as tx:
            tx.audit = False
            c = tx.conn
            c.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_app_version', ?)",
                (APP_VERSION,),
            )
            self._recovery = info = _unclean_sessions(c)
            if info.unclean:
                c.execute(
                    "UPDATE sessions SET closed_at = ?, ended = 'recovered' WHERE closed_at IS NULL",
                    (tx.now,),
                )
                c.execute(
                    "INSERT INTO audit (at, who, action, details_json) VALUES (?, ?, 'recovered_session', ?)",
                    (
                        tx.now,
                        self.user,
                        _dumps(
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
                (tx.now, self.user, APP_VERSION, socket.gethostname(), os.getpid()),
            )
            self._session_id = int(cur.lastrowid)

    @contextmanager
    def _write(self, action: str, details: dict, who: str | None = None) -> Iterator[_Tx]:
        """One transaction with its audit entry; rolls back on any exception (incl. Cancelled)."""
        if self.read_only:
            raise problems.read_only(self.path)
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise problems.locked(self.path) from exc
            tx = _Tx(conn, _now(), self.user if who is None else who, dict(details))
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
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The connection under the lock; a damaged page or catalog becomes a ProblemError."""
        with self._lock:
            conn = self._connection()
            try:
                yield conn
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise problems.locked(self.path) from exc
                raise problems.damaged(self.path, str(exc)) from exc
            except sqlite3.DatabaseError as exc:
                raise problems.damaged(self.path, str(exc)) from exc

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._reading() as conn:
            return conn.execute(sql, params).fetchall()

    # ------------------------------------------------------------------ file facts
    @property
    def schema_version(self) -> int:
        return migrations.user_version(self._connection())

    def meta(self) -> dict[str, str]:
        """The ``meta`` table: format, creation time, app versions."""
        return dict(self._read("SELECT key, value FROM meta"))

    def recover_info(self) -> RecoveryInfo:
        """Whether the previous session on this file ended without :meth:`close` (crash, power cut)."""
        return self._recovery

    def log(
        self, action: str, details: Mapping[str, Any] | None = None, *, who: str | None = None
    ) -> None:
        """Add an audit entry for an action that changes nothing stored (e.g. a report printed)."""
        with self._write(action, dict(details or {}), who):
            pass

    def audit_log(self, limit: int | None = None) -> list[AuditEntry]:
        """Audit entries, oldest first (the last ``limit`` when given)."""
        sql = "SELECT entry_id, at, who, action, details_json FROM audit ORDER BY entry_id"
        rows = self._read(sql)
        if limit is not None:
            rows = rows[-limit:] if limit else []
        return [AuditEntry(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    # ------------------------------------------------------------------ settings
    def settings(self) -> dict[str, Any]:
        return {
            k: json.loads(v)
            for k, v in self._read("SELECT key, value_json FROM settings ORDER BY key")
        }

    def setting(self, key: str, default: Any = None) -> Any:
        rows = self._read("SELECT value_json FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value: Any, *, who: str | None = None) -> bool:
        """Set one setting (committed at once); return False when it already had this value."""
        return self.update_settings({key: value}, who=who) > 0

    def update_settings(self, values: Mapping[str, Any], *, who: str | None = None) -> int:
        """Set several settings in one transaction; return how many changed."""
        encoded = {k: _dumps(v) for k, v in values.items()}
        with self._write("settings", {}, who) as tx:
            changes = {}
            for key, text in encoded.items():
                old = tx.conn.execute(
                    "SELECT value_json FROM settings WHERE key = ?", (key,)
                ).fetchone()
                if old is not None and old[0] == text:
                    continue
                tx.conn.execute(
                    "INSERT OR REPLACE INTO settings (key, value_json, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                    (key, text, tx.now, tx.who),
                )
                changes[key] = {"old": _loads(old[0]) if old else None, "new": json.loads(text)}
            tx.details = {"changes": changes}
            tx.audit = bool(changes)
        return len(changes)

    # ------------------------------------------------------------------ column mappings
    def save_mapping(
        self, signature: str, mapping: Mapping[str, Any], *, who: str | None = None
    ) -> None:
        """Remember the confirmed column mapping of a workbook layout (keyed by its signature)."""
        text = _dumps(dict(mapping))
        with self._write("mapping", {"signature": signature, "mapping": dict(mapping)}, who) as tx:
            tx.conn.execute(
                "INSERT OR REPLACE INTO mappings (signature, mapping_json, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                (signature, text, tx.now, tx.who),
            )

    def mapping(self, signature: str) -> dict | None:
        rows = self._read("SELECT mapping_json FROM mappings WHERE signature = ?", (signature,))
        return json.loads(rows[0][0]) if rows else None

    def mappings(self) -> dict[str, dict]:
        return {
            s: json.loads(m)
            for s, m in self._read(
                "SELECT signature, mapping_json FROM mappings ORDER BY signature"
            )
        }

    # ------------------------------------------------------------------ rule profile
    def save_profile(
        self,
        profile_id: str,
        version: str,
        *,
        files: Mapping[str, str],
        main_file: str = "",
        date: str = "",
        who: str | None = None,
    ) -> None:
        """Store the rule profile in force with the text of the profile and every included file."""
        if main_file and main_file not in files:
            raise ValueError(f"main_file {main_file!r} is not among the files")
        details = {
            "profile_id": profile_id,
            "version": version,
            "date": date,
            "files": sorted(files),
        }
        with self._write("profile", details, who) as tx:
            tx.conn.execute("DELETE FROM rule_profile_files")
            tx.conn.execute(
                "INSERT OR REPLACE INTO rule_profile (slot, profile_id, version, profile_date, main_file, saved_at, saved_by) "
                "VALUES (1, ?, ?, ?, ?, ?, ?)",
                (profile_id, version, date, main_file, tx.now, tx.who),
            )
            tx.conn.executemany(
                "INSERT INTO rule_profile_files (name, text) VALUES (?, ?)",
                [(str(n), str(t)) for n, t in files.items()],
            )

    def profile(self) -> RuleProfileRecord | None:
        rows = self._read(
            "SELECT profile_id, version, profile_date, main_file, saved_at, saved_by FROM rule_profile"
        )
        if not rows:
            return None
        files = dict(self._read("SELECT name, text FROM rule_profile_files ORDER BY name"))
        r = rows[0]
        return RuleProfileRecord(r[0], r[1], r[2], r[3], files, r[4], r[5])

    # ------------------------------------------------------------------ imported data
    def save_data(
        self,
        data: CanonicalData,
        *,
        who: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        """Replace the imported tables, provenance and warnings in one transaction.

        Tables are stored in canonical column order and dtypes (``coerce_table``). Raising
        :class:`~clusterpolicy.progress.Cancelled` from ``progress`` leaves the file unchanged.
        """
        report = ensure(progress)
        data = data.coerced()
        items = [(name, data.table(name)) for name in _CANONICAL] + [
            ("provenance", data.provenance)
        ]
        total = max(1, sum(len(df) for _, df in items))
        details = {
            "rows": {name: int(len(df)) for name, df in items},
            "warnings": len(data.warnings),
        }
        with self._write("save_data", details, who) as tx:
            frames.drop_frames(tx.conn, "owner = 'data'", ())
            tx.conn.execute("DELETE FROM import_warnings")
            done = 0
            for pos, (name, df) in enumerate(items):

                def on_chunk(rows: int, _total: int, base=done, name=name) -> None:
                    report((base + rows) / total, f"保存 {name} / saving {name}")

                frames.write_frame(
                    tx.conn,
                    owner="data",
                    name=name,
                    df=df,
                    created_at=tx.now,
                    position=pos,
                    on_chunk=on_chunk,
                )
                done += len(df)
            tx.conn.executemany(
                "INSERT INTO import_warnings (position, code, severity, message_zh, message_en, fix_zh, fix_en, "
                "file, sheet, row, col, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        i,
                        p.code,
                        str(p.severity),
                        p.message_zh,
                        p.message_en,
                        p.fix_zh,
                        p.fix_en,
                        p.file,
                        p.sheet,
                        p.row,
                        p.column,
                        p.value,
                    )
                    for i, p in enumerate(data.warnings)
                ],
            )
        report(1.0, "已保存 / saved")

    def has_data(self) -> bool:
        return bool(self._read("SELECT 1 FROM frames WHERE owner = 'data' AND n_rows > 0 LIMIT 1"))

    def load_data(self) -> CanonicalData:
        """The imported tables (canonical dtypes restored), provenance and warnings."""
        with self._reading() as conn:
            stored = {
                name: frames.read_frame(conn, fid)
                for fid, name in conn.execute(
                    "SELECT frame_id, name FROM frames WHERE owner = 'data'"
                ).fetchall()
            }
            rows = conn.execute(
                "SELECT code, severity, message_zh, message_en, fix_zh, fix_en, file, sheet, row, col, value "
                "FROM import_warnings ORDER BY position"
            ).fetchall()
        out = CanonicalData()
        for name in _CANONICAL:
            setattr(
                out, name, coerce_table(stored[name], name) if name in stored else empty_table(name)
            )
        out.provenance = stored.get("provenance", empty_provenance())
        out.warnings = [
            Problem(r[0], Severity(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10])
            for r in rows
        ]
        return out

    # ------------------------------------------------------------------ answers
    def set_answer(
        self, scope: Scope, item_id: str, value: Any, note: str = "", *, who: str | None = None
    ) -> bool:
        """Record an answer (``None`` removes it) with its history; committed at once.

        ``scope`` is e.g. ``("existence", industry_code)``, ``("technology", code)``,
        ``("roles", "")``. Returns False (and writes nothing) when value and note are unchanged.
        """
        kind, key = _scope(scope)
        new = None if value is None else _dumps(value)
        note = note or ""
        with self._write("answer", {}, who) as tx:
            old = tx.conn.execute(
                "SELECT value_json, note FROM answers WHERE scope_kind = ? AND scope_key = ? AND item_id = ?",
                (kind, key, item_id),
            ).fetchone()
            old_value, old_note = (old[0], old[1]) if old else (None, "")
            if old_value == new and (old_note == note or new is None):
                tx.audit = False
                return False
            if new is None:
                tx.conn.execute(
                    "DELETE FROM answers WHERE scope_kind = ? AND scope_key = ? AND item_id = ?",
                    (kind, key, item_id),
                )
            else:
                tx.conn.execute(
                    "INSERT OR REPLACE INTO answers (scope_kind, scope_key, item_id, value_json, note, updated_at, "
                    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (kind, key, item_id, new, note, tx.now, tx.who),
                )
            tx.conn.execute(
                "INSERT INTO answer_history (scope_kind, scope_key, item_id, old_value_json, new_value_json, old_note, "
                "new_note, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind,
                    key,
                    item_id,
                    old_value,
                    new,
                    old_note,
                    note if new is not None else "",
                    tx.now,
                    tx.who,
                ),
            )
            tx.details = {
                "scope": [kind, key],
                "item": item_id,
                "old": _loads(old_value),
                "new": value,
                "note": note,
            }
        return True

    def answer(self, scope: Scope, item_id: str) -> Answer | None:
        kind, key = _scope(scope)
        rows = self._read(
            "SELECT value_json, note, updated_at, updated_by FROM answers "
            "WHERE scope_kind = ? AND scope_key = ? AND item_id = ?",
            (kind, key, item_id),
        )
        if not rows:
            return None
        v, note, at, by = rows[0]
        return Answer((kind, key), item_id, json.loads(v), note, at, by)

    def answers(self, scope: Scope | None = None) -> list[Answer]:
        sql = "SELECT scope_kind, scope_key, item_id, value_json, note, updated_at, updated_by FROM answers"
        params: tuple = ()
        if scope is not None:
            sql += " WHERE scope_kind = ? AND scope_key = ?"
            params = _scope(scope)
        rows = self._read(sql + " ORDER BY scope_kind, scope_key, item_id", params)
        return [Answer((r[0], r[1]), r[2], json.loads(r[3]), r[4], r[5], r[6]) for r in rows]

    def answer_history(
        self, scope: Scope | None = None, item_id: str | None = None
    ) -> list[AnswerChange]:
        """Every edit, oldest first, optionally for one scope (and item)."""
        sql = (
            "SELECT scope_kind, scope_key, item_id, old_value_json, new_value_json, old_note, new_note, "
            "changed_at, changed_by FROM answer_history"
        )
        cond: list[str] = []
        params: list = []
        if scope is not None:
            cond += ["scope_kind = ?", "scope_key = ?"]
            params += list(_scope(scope))
        if item_id is not None:
            cond.append("item_id = ?")
            params.append(item_id)
        if cond:
            sql += " WHERE " + " AND ".join(cond)
        rows = self._read(sql + " ORDER BY change_id", tuple(params))
        return [
            AnswerChange((r[0], r[1]), r[2], _loads(r[3]), _loads(r[4]), r[5], r[6], r[7], r[8])
            for r in rows
        ]

    # ------------------------------------------------------------------ overrides
    def set_override(
        self, kind: str, subject: str, value: Any, reason: str, *, who: str | None = None
    ) -> None:
        """Override a computed judgement (e.g. ``kind="lifecycle_stage"``) with a written reason."""
        if value is None:
            raise ValueError("use clear_override to remove an override")
        self._change_override(kind, subject, _dumps(value), reason, who)

    def clear_override(
        self, kind: str, subject: str, reason: str, *, who: str | None = None
    ) -> None:
        """Remove an override (back to the computed value); the reason goes into the history."""
        self._change_override(kind, subject, None, reason, who)

    def _change_override(
        self, kind: str, subject: str, new: str | None, reason: str, who: str | None
    ) -> None:
        if not (reason or "").strip():
            raise ValueError("an override needs a written reason")
        with self._write("override" if new is not None else "clear_override", {}, who) as tx:
            old = tx.conn.execute(
                "SELECT value_json FROM overrides WHERE kind = ? AND subject = ?", (kind, subject)
            ).fetchone()
            old_value = old[0] if old else None
            if new is None:
                tx.conn.execute(
                    "DELETE FROM overrides WHERE kind = ? AND subject = ?", (kind, subject)
                )
            else:
                tx.conn.execute(
                    "INSERT OR REPLACE INTO overrides (kind, subject, value_json, reason, updated_at, updated_by) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (kind, subject, new, reason, tx.now, tx.who),
                )
            tx.conn.execute(
                "INSERT INTO override_history (kind, subject, old_value_json, new_value_json, reason, changed_at, "
                "changed_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (kind, subject, old_value, new, reason, tx.now, tx.who),
            )
            tx.details = {
                "kind": kind,
                "subject": subject,
                "old": _loads(old_value),
                "new": _loads(new),
                "reason": reason,
            }

    def override(self, kind: str, subject: str) -> Override | None:
        found = self.overrides(kind, subject)
        return found[0] if found else None

    def overrides(self, kind: str | None = None, subject: str | None = None) -> list[Override]:
        sql = "SELECT kind, subject, value_json, reason, updated_at, updated_by FROM overrides"
        cond, params = _filters(kind=kind, subject=subject)
        rows = self._read(sql + cond + " ORDER BY kind, subject", params)
        return [Override(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5]) for r in rows]

    def override_history(
        self, kind: str | None = None, subject: str | None = None
    ) -> list[OverrideChange]:
        sql = (
            "SELECT kind, subject, old_value_json, new_value_json, reason, changed_at, changed_by "
            "FROM override_history"
        )
        cond, params = _filters(kind=kind, subject=subject)
        rows = self._read(sql + cond + " ORDER BY change_id", params)
        return [
            OverrideChange(r[0], r[1], _loads(r[2]), _loads(r[3]), r[4], r[5], r[6]) for r in rows
        ]

    # ------------------------------------------------------------------ results
    def save_results(
        self,
        tables: Mapping[str, pd.DataFrame],
        meta: Mapping[str, Any],
        *,
        who: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> int:
        """Store one result set (all its tables in one transaction); return its ``result_id``.

        ``meta`` (plain JSON values) may name ``profile_id``/``profile_version``/``app_version``;
        otherwise the stored rule profile and this app's version are recorded.
        """
        report = ensure(progress)
        meta = dict(meta)
        meta_json = _dumps(meta)
        for name in tables:
            if not isinstance(name, str) or not name:
                raise TypeError(f"result table names must be non-empty strings, got {name!r}")
        stored = self.profile()
        profile_id = str(meta.get("profile_id") or (stored.profile_id if stored else ""))
        profile_version = str(meta.get("profile_version") or (stored.version if stored else ""))
        app_version = str(meta.get("app_version") or APP_VERSION)
        total = max(1, sum(len(df) for df in tables.values()))
        details = {
            "tables": {n: int(len(df)) for n, df in tables.items()},
            "profile_id": profile_id,
            "profile_version": profile_version,
        }
        with self._write("save_results", details, who) as tx:
            cur = tx.conn.execute(
                "INSERT INTO results (created_at, created_by, app_version, profile_id, profile_version, meta_json) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (tx.now, tx.who, app_version, profile_id, profile_version, meta_json),
            )
            result_id = int(cur.lastrowid)
            tx.details["result_id"] = result_id
            done = 0
            for pos, (name, df) in enumerate(tables.items()):

                def on_chunk(rows: int, _total: int, base=done, name=name) -> None:
                    report((base + rows) / total, f"保存结果 {name} / saving result {name}")

                frames.write_frame(
                    tx.conn,
                    owner="result",
                    result_id=result_id,
                    name=name,
                    df=df,
                    created_at=tx.now,
                    position=pos,
                    on_chunk=on_chunk,
                )
                done += len(df)
        report(1.0, "已保存 / saved")
        return result_id

    def list_results(self) -> list[ResultInfo]:
        """Every stored result set, oldest first, without its tables."""
        with self._lock:
            rows = self._read(
                "SELECT result_id, created_at, created_by, app_version, profile_id, profile_version, "
                "meta_json FROM results ORDER BY result_id"
            )
            names: dict[int, list[str]] = {}
            for rid, name in self._read(
                "SELECT result_id, name FROM frames WHERE owner = 'result' "
                "ORDER BY result_id, position"
            ):
                names.setdefault(rid, []).append(name)
        return [
            ResultInfo(
                r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), tuple(names.get(r[0], ()))
            )
            for r in rows
        ]

    def load_results(self, result_id: int | None = None) -> ResultSet | None:
        """One result set with its tables: ``result_id`` or the latest (None when there is none)."""
        with self._lock:
            infos = {i.result_id: i for i in self.list_results()}
            if result_id is None:
                if not infos:
                    return None
                result_id = max(infos)
            if result_id not in infos:
                raise KeyError(f"no result set {result_id}")
            with self._reading() as conn:
                tables = {
                    name: frames.read_frame(conn, fid)
                    for fid, name in conn.execute(
                        "SELECT frame_id, name FROM frames WHERE owner = 'result' AND result_id = ? ORDER BY position",
                        (result_id,),
                    ).fetchall()
                }
        return ResultSet(infos[result_id], tables)

    def delete_results(self, result_id: int, *, who: str | None = None) -> None:
        with self._write("delete_results", {"result_id": result_id}, who) as tx:
            if (
                tx.conn.execute("DELETE FROM results WHERE result_id = ?", (result_id,)).rowcount
                == 0
            ):
                raise KeyError(f"no result set {result_id}")
            frames.drop_frames(tx.conn, "owner = 'result' AND result_id = ?", (result_id,))

    # ------------------------------------------------------------------ save as
    def save_as(
        self, path: str | os.PathLike, *, switch: bool = True, overwrite: bool = False
    ) -> Path:
        """Copy the project to ``path`` with SQLite's online backup API (consistent even while open).

        The copy is written to a temporary name and renamed, so ``path`` is never half-written.
        With ``switch`` (the usual "Save As") this object continues on the new file, in the same
        mode; otherwise the copy is left closed and this object stays on the old file.
        """
        target = Path(path)
        if target.exists() and not overwrite:
            raise problems.already_exists(target)
        if target.resolve() == self.path.resolve():
            raise ValueError("save_as needs a different path")
        tmp = target.with_name(target.name + ".saving")
        with self._lock:
            conn = self._connection()
            tmp.unlink(missing_ok=True)
            try:
                dst = sqlite3.connect(str(tmp), isolation_level=None)
                try:
                    conn.backup(dst)
                    dst.execute("BEGIN IMMEDIATE")
                    dst.execute(
                        "UPDATE sessions SET closed_at = ?, ended = 'clean' WHERE closed_at IS NULL",
                        (_now(),),
                    )
                    dst.execute(
                        "INSERT INTO audit (at, who, action, details_json) VALUES (?, ?, 'save_as', ?)",
                        (_now(), self.user, _dumps({"from": self.path.name, "to": target.name})),
                    )
                    dst.execute("COMMIT")
                    dst.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dst.close()
                os.replace(tmp, target)
            except sqlite3.Error as exc:
                tmp.unlink(missing_ok=True)
                raise problems.cannot_write(target, str(exc)) from exc
            if switch:
                new = Project.open(target, read_only=self.read_only, user=self.user)
                self.close()
                self.__dict__.update(new.__dict__)
        return target


# ---------------------------------------------------------------------- checks on open
def _free_name(path: Path, tag: str) -> Path:
    candidate = path.with_name(f"{path.stem}{tag}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}{tag}-{n}{path.suffix}")
        n += 1
    return candidate


def _check_file_header(path: Path) -> None:
    """Refuse what is clearly not a project before SQLite sees it (missing, empty, not SQLite)."""
    if not path.exists():
        raise problems.not_found(path)
    if not path.is_file():
        raise problems.not_sqlite(path)
    size = path.stat().st_size
    if size == 0:
        raise problems.empty_file(path)
    with open(path, "rb") as f:
        head = f.read(100)
    if len(head) < 100 or head[:16] != SQLITE_MAGIC:
        raise problems.not_sqlite(path)
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise problems.damaged(path, f"bad page size {page_size}")
    if size % page_size:
        raise problems.damaged(
            path, f"file size {size} is not a multiple of the page size {page_size}"
        )


def _check_database(path: Path, conn: sqlite3.Connection) -> int:
    """Integrity, identity and version checks; return the file's schema version."""
    try:
        result = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise problems.locked(path) from exc
        raise problems.damaged(path, str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise problems.damaged(path, str(exc)) from exc
    if result != ["ok"]:
        raise problems.damaged(path, "; ".join(result[:3]))
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = migrations.user_version(conn)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if app_id != APPLICATION_ID:
        raise problems.not_a_project(path, f"application_id {app_id:#x}")
    if "meta" not in tables:
        raise problems.damaged(path, "missing table meta")
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("format") != FORMAT:
        raise problems.not_a_project(path, "format mark missing")
    if version > SCHEMA_VERSION:
        raise problems.newer_version(
            path, version, SCHEMA_VERSION, meta.get("last_app_version", "")
        )
    if version < 1:
        raise problems.damaged(path, "schema version 0")
    missing = migrations.REQUIRED_TABLES[version] - tables
    if missing:
        raise problems.damaged(path, "missing tables: " + ", ".join(sorted(missing)))
    return version


def _unclean_sessions(conn: sqlite3.Connection) -> RecoveryInfo:
    """Sessions opened for writing and never closed, and the changes kept from them."""
    rows = conn.execute(
        "SELECT opened_at, user FROM sessions WHERE closed_at IS NULL ORDER BY session_id"
    ).fetchall()
    if not rows:
        return RecoveryInfo(unclean=False)
    n, last = conn.execute(
        "SELECT COUNT(*), MAX(at) FROM audit WHERE at >= ?", (rows[0][0],)
    ).fetchone()
    return RecoveryInfo(
        unclean=True,
        sessions=len(rows),
        opened_at=rows[-1][0],
        last_change_at=last or "",
        changes_kept=int(n),
        user=rows[-1][1],
    )


def _filters(**conds: str | None) -> tuple[str, tuple]:
    used = [(k, v) for k, v in conds.items() if v is not None]
    if not used:
        return "", ()
    return " WHERE " + " AND ".join(f"{k} = ?" for k, _ in used), tuple(v for _, v in used)


__all__ = ["Project", "ProblemError", "SCHEMA_VERSION", "APPLICATION_ID", "FORMAT", "FILE_SUFFIX"]
