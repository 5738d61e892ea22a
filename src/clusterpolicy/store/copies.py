"""Copies of an open project ("Save As", export): SQLite's online backup API into a temporary
name, then a rename, so the target is never half-written."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from clusterpolicy.store import problems
from clusterpolicy.store.codec import dumps
from clusterpolicy.store.transactions import ProjectDB, now


def save_copy(db: ProjectDB, target: Path, *, overwrite: bool) -> Path:
    """Write a consistent, cleanly closed copy of the project to ``target``; return it."""
    if target.exists() and not overwrite:
        raise problems.already_exists(target)
    if target.resolve() == db.path.resolve():
        raise ValueError("save_as needs a different path")
    tmp = target.with_name(target.name + ".saving")
    with db.lock:
        conn = db.connection()
        tmp.unlink(missing_ok=True)
        try:
            dst = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                conn.backup(dst)
                dst.execute("BEGIN IMMEDIATE")
                dst.execute(
                    "UPDATE sessions SET closed_at = ?, ended = 'clean' WHERE closed_at IS NULL",
                    (now(),),
                )
                dst.execute(
                    "INSERT INTO audit (at, who, action, details_json) VALUES (?, ?, 'save_as', ?)",
                    (now(), db.user, dumps({"from": db.path.name, "to": target.name})),
                )
                dst.execute("COMMIT")
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
            os.replace(tmp, target)
        except sqlite3.Error as exc:
            tmp.unlink(missing_ok=True)
            raise problems.cannot_write(target, str(exc)) from exc
    return target
