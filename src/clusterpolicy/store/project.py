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
  A file is treated as hostile input: before anything is written on open its schema must be
  exactly what the frozen migrations create (a planted trigger or view is refused, unrun), and
  every value read back is decoded defensively — a bad one is a located "damaged" message
  naming table, row and column (``connection``, ``checks``, ``codec``).
* A file that cannot be written (read-only file, folder or media) opens read-only with a notice
  (:attr:`Project.notices`); disk full, permission denied and a file moved or deleted while open
  each give a plain located message, and copies are written to a temporary name first.

Layout: this module is the facade; the work is done by one module per job —
``connection`` (create/open/close, pragmas, WAL, locks, upgrade), ``checks`` (what is verified
on open), ``sessions`` (crash recovery), ``transactions`` (the write/read primitives),
``settings`` (settings, mappings, rule profile), ``data`` (imported tables), ``history``
(answers, overrides, audit), ``results`` (result sets), ``copies`` (Save As) and ``frames``
(DataFrames as typed SQL tables).

One :class:`Project` object owns its connection; its methods may be called from any thread (they
are serialised by a lock). A project open for writing holds SQLite's exclusive lock until it is
closed, so a second window (or program) cannot open the same file, not even read-only: it gets a
clear "in use" ProblemError instead of two writers overwriting each other's answers.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from clusterpolicy.messages import Problem, ProblemError
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.progress import ProgressCallback
from clusterpolicy.store import connection, copies, history, migrations, results
from clusterpolicy.store import data as data_
from clusterpolicy.store import settings as settings_
from clusterpolicy.store.codec import TEXT, dumps
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
from clusterpolicy.store.schema import APPLICATION_ID, FILE_SUFFIX, FORMAT, SCHEMA_VERSION
from clusterpolicy.store.transactions import ProjectDB, default_user


class Project:
    """An open project file. Create with :meth:`create`, open with :meth:`open`; use as a context
    manager or call :meth:`close`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool, user: str):
        self._db = ProjectDB(path, conn, read_only=read_only, user=user)

    @classmethod
    def _wrap(cls, db: ProjectDB) -> Project:
        project = cls.__new__(cls)
        project._db = db
        return project

    # ------------------------------------------------------------------ create / open / close
    @classmethod
    def create(
        cls, path: str | os.PathLike, *, settings: Mapping[str, Any], user: str | None = None
    ) -> Project:
        """Create a new project file at ``path`` (refuses to overwrite) with initial ``settings``."""
        path = Path(path)
        user = default_user() if user is None else user
        connection.create_file(path, settings, user)
        return cls.open(path, user=user)

    @classmethod
    def open(
        cls, path: str | os.PathLike, *, read_only: bool = False, user: str | None = None
    ) -> Project:
        """Open an existing project; upgrade an older schema (after a backup copy); refuse a newer one.

        ``read_only=True`` never writes to the file (an older schema is upgraded in memory only).
        """
        user = default_user() if user is None else user
        return cls._wrap(connection.open_file(Path(path), read_only=read_only, user=user))

    def close(self) -> None:
        """End the session cleanly and close the file (idempotent)."""
        connection.close_file(self._db)

    @property
    def closed(self) -> bool:
        return self._db.conn is None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else ("read-only" if self.read_only else "open")
        return f"<Project {str(self.path)!r} {state}>"

    # ------------------------------------------------------------------ state of the open file
    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def read_only(self) -> bool:
        return self._db.read_only

    @property
    def user(self) -> str:
        """The name recorded with changes that name no ``who``."""
        return self._db.user

    @user.setter
    def user(self, name: str) -> None:
        self._db.user = name

    @property
    def upgraded_from(self) -> int | None:
        """The schema version the file had before this opening upgraded it (else None)."""
        return self._db.upgraded_from

    @property
    def backup_path(self) -> Path | None:
        """The copy made before an upgrade (else None)."""
        return self._db.backup_path

    @property
    def journal_mode(self) -> str:
        return self._db.journal_mode

    @property
    def notices(self) -> list[Problem]:
        """What the user should be told about this opening, e.g. that a read-only file or one on
        read-only media was opened read-only (``project_opened_read_only``, a warning)."""
        return list(self._db.notices)

    @property
    def _conn(self) -> sqlite3.Connection | None:
        return self._db.conn

    @_conn.setter
    def _conn(self, conn: sqlite3.Connection | None) -> None:  # tests simulate a dying process
        self._db.conn = conn

    def _connection(self) -> sqlite3.Connection:
        return self._db.connection()

    # ------------------------------------------------------------------ file facts
    @property
    def schema_version(self) -> int:
        return migrations.user_version(self._connection())

    def meta(self) -> dict[str, str]:
        """The ``meta`` table: format, creation time, app versions."""
        return dict(self._db.select("meta", (("key", TEXT), ("value", TEXT))))

    def recover_info(self) -> RecoveryInfo:
        """Whether the previous session on this file ended without :meth:`close` (crash, power cut)."""
        return self._db.recovery

    def log(
        self, action: str, details: Mapping[str, Any] | None = None, *, who: str | None = None
    ) -> None:
        """Add an audit entry for an action that changes nothing stored (e.g. a report printed)."""
        history.log(self._db, action, details, who)

    def audit_log(self, limit: int | None = None) -> list[AuditEntry]:
        """Audit entries, oldest first (the last ``limit`` when given)."""
        return history.audit_log(self._db, limit)

    # ------------------------------------------------------------------ settings
    def settings(self) -> dict[str, Any]:
        return settings_.settings(self._db)

    def setting(self, key: str, default: Any = None) -> Any:
        return settings_.setting(self._db, key, default)

    def set_setting(self, key: str, value: Any, *, who: str | None = None) -> bool:
        """Set one setting (committed at once); return False when it already had this value."""
        return self.update_settings({key: value}, who=who) > 0

    def update_settings(self, values: Mapping[str, Any], *, who: str | None = None) -> int:
        """Set several settings in one transaction; return how many changed."""
        return settings_.update_settings(self._db, values, who)

    # ------------------------------------------------------------------ column mappings
    def save_mapping(
        self, signature: str, mapping: Mapping[str, Any], *, who: str | None = None
    ) -> None:
        """Remember the confirmed column mapping of a workbook layout (keyed by its signature)."""
        settings_.save_mapping(self._db, signature, mapping, who)

    def mapping(self, signature: str) -> dict | None:
        return settings_.mapping(self._db, signature)

    def mappings(self) -> dict[str, dict]:
        return settings_.mappings(self._db)

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
        settings_.save_profile(
            self._db, profile_id, version, files=files, main_file=main_file, date=date, who=who
        )

    def profile(self) -> RuleProfileRecord | None:
        return settings_.profile(self._db)

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
        data_.save_data(self._db, data, who, progress)

    def has_data(self) -> bool:
        return data_.has_data(self._db)

    def load_data(self) -> CanonicalData:
        """The imported tables (canonical dtypes restored), provenance and warnings."""
        return data_.load_data(self._db)

    # ------------------------------------------------------------------ answers
    def set_answer(
        self, scope: Scope, item_id: str, value: Any, note: str = "", *, who: str | None = None
    ) -> bool:
        """Record an answer (``None`` removes it) with its history; committed at once.

        ``scope`` is e.g. ``("existence", industry_code)``, ``("technology", code)``,
        ``("roles", "")``. Returns False (and writes nothing) when value and note are unchanged.
        """
        return history.set_answer(self._db, scope, item_id, value, note, who)

    def answer(self, scope: Scope, item_id: str) -> Answer | None:
        return history.answer(self._db, scope, item_id)

    def answers(self, scope: Scope | None = None) -> list[Answer]:
        return history.answers(self._db, scope)

    def answer_history(
        self, scope: Scope | None = None, item_id: str | None = None
    ) -> list[AnswerChange]:
        """Every edit, oldest first, optionally for one scope (and item)."""
        return history.answer_history(self._db, scope, item_id)

    # ------------------------------------------------------------------ overrides
    def set_override(
        self, kind: str, subject: str, value: Any, reason: str, *, who: str | None = None
    ) -> None:
        """Override a computed judgement (e.g. ``kind="lifecycle_stage"``) with a written reason."""
        if value is None:
            raise ValueError("use clear_override to remove an override")
        history.change_override(self._db, kind, subject, dumps(value), reason, who)

    def clear_override(
        self, kind: str, subject: str, reason: str, *, who: str | None = None
    ) -> None:
        """Remove an override (back to the computed value); the reason goes into the history."""
        history.change_override(self._db, kind, subject, None, reason, who)

    def override(self, kind: str, subject: str) -> Override | None:
        found = self.overrides(kind, subject)
        return found[0] if found else None

    def overrides(self, kind: str | None = None, subject: str | None = None) -> list[Override]:
        return history.overrides(self._db, kind, subject)

    def override_history(
        self, kind: str | None = None, subject: str | None = None
    ) -> list[OverrideChange]:
        return history.override_history(self._db, kind, subject)

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
        return results.save_results(self._db, tables, meta, who, progress)

    def list_results(self) -> list[ResultInfo]:
        """Every stored result set, oldest first, without its tables."""
        return results.list_results(self._db)

    def load_results(self, result_id: int | None = None) -> ResultSet | None:
        """One result set with its tables: ``result_id`` or the latest (None when there is none)."""
        return results.load_results(self._db, result_id)

    def delete_results(self, result_id: int, *, who: str | None = None) -> None:
        results.delete_results(self._db, result_id, who)

    # ------------------------------------------------------------------ save as
    def save_as(
        self, path: str | os.PathLike, *, switch: bool = True, overwrite: bool = False
    ) -> Path:
        """Copy the project to ``path`` with SQLite's online backup API (consistent even while open).

        The copy is written to a temporary name and renamed, so ``path`` is never half-written.
        With ``switch`` (the usual "Save As") this object continues on the new file, in the same
        mode; otherwise the copy is left closed and this object stays on the old file.
        """
        with self._db.lock:
            target = copies.save_copy(self._db, Path(path), overwrite=overwrite)
            if switch:
                new = Project.open(target, read_only=self.read_only, user=self.user)
                self.close()
                self._db = new._db
        return target


__all__ = ["Project", "ProblemError", "SCHEMA_VERSION", "APPLICATION_ID", "FORMAT", "FILE_SUFFIX"]
