"""Copies of an open project ("Save As", export, the backup before an upgrade): SQLite's online
backup API into a temporary name beside the target, then one rename, so the target is never
half-written and a file already there stays intact until the copy is complete. Disk full,
permission denied and a missing folder each give their located message."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from clusterpolicy.store import problems
from clusterpolicy.store.codec import dumps
from clusterpolicy.store.transactions import ProjectDB, now


def backup_to(
    conn: sqlite3.Connection,
    target: Path,
    finish: Callable[[sqlite3.Connection], None] | None = None,
) -> Path:
    """Copy the database behind ``conn`` to ``target`` (temporary file, then rename).

    ``finish(dst)`` may change the copy before it is renamed into place.
    """
    tmp = target.with_name(target.name + ".saving")
    try:
        tmp.unlink(missing_ok=True)
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.backup(dst)
            if finish is not None:
                finish(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        os.replace(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        for leftover in (tmp, Path(str(tmp) + "-journal"), Path(str(tmp) + "-wal")):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
        raise problems.from_write_error(target, exc) from exc
    return target


def save_copy(db: ProjectDB, target: Path, *, overwrite: bool) -> Path:
    """Write a consistent, cleanly closed copy of the project to ``target``; return it."""
    if target.exists() and not overwrite:
        raise problems.already_exists(target)
    if target.resolve() == db.path.resolve():
        raise ValueError("save_as needs a different path")

    def finish(dst: sqlite3.Connection) -> None:
        dst.execute("BEGIN IMMEDIATE")
        dst.execute(
            "UPDATE sessions SET closed_at = ?, ended = 'clean' WHERE closed_at IS NULL", (now(),)
        )
        dst.execute(
            "INSERT INTO audit (at, who, action, details_json) VALUES (?, ?, 'save_as', ?)",
            (now(), db.user, dumps({"from": db.path.name, "to": target.name})),
        )
        dst.execute("COMMIT")

    with db.lock:
        return backup_to(db.connection(), target, finish)
