"""Checks on open: is this a project file, is it intact, which schema version is it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from clusterpolicy.store import migrations, problems
from clusterpolicy.store.schema import APPLICATION_ID, FORMAT, SCHEMA_VERSION, SQLITE_MAGIC


def check_file_header(path: Path) -> None:
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


def check_database(path: Path, conn: sqlite3.Connection) -> int:
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
