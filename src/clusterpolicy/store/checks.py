"""Checks on open, all before anything is written: is this a project file, is it intact, which
schema version is it, and does its schema hold exactly what that version creates (no planted
trigger, view or changed table; frame tables of the plain shape; a frame catalog that names only
frame tables)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from clusterpolicy.store import migrations, problems
from clusterpolicy.store.codec import INT, TEXT, DamagedValue, decode_row, fetch_all
from clusterpolicy.store.schema import (
    APPLICATION_ID,
    FORMAT,
    SCHEMA_VERSION,
    SQLITE_MAGIC,
    expected_schema,
    is_frame_table,
    normalise_sql,
    sqlite_statistics,
)


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
    """Integrity, identity, version and schema checks; return the file's schema version.

    Reads only (``sqlite_master``, ``meta``, ``frames``): nothing in the file runs and nothing is
    written before this has passed.
    """
    try:
        result = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise problems.locked(path) from exc
        raise problems.damaged(path, str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise problems.damaged(path, str(exc)) from exc
    if result != ["ok"]:
        raise problems.damaged(path, "; ".join(map(str, result[:3])))
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = migrations.user_version(conn)
    master = fetch_all(conn, "SELECT type, name, tbl_name, sql FROM sqlite_master")
    tables = {r[1] for r in master if r[0] == "table"}
    if app_id != APPLICATION_ID:
        raise problems.not_a_project(path, f"application_id {app_id:#x}")
    if "meta" not in tables:
        raise problems.damaged(path, "missing table meta")
    meta = _read_meta(path, conn)
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
    frame_tables = check_schema(path, master, version)
    check_frame_catalog(path, conn, frame_tables)
    return version


def _read_meta(path: Path, conn: sqlite3.Connection) -> dict[str, str]:
    try:
        rows = fetch_all(conn, "SELECT rowid, key, value FROM meta")
        return dict(decode_row("meta", (("key", TEXT), ("value", TEXT)), r) for r in rows)
    except DamagedValue as bad:
        raise problems.damaged_value(path, bad) from bad


_KIND_ZH = {"table": "表", "view": "视图", "trigger": "触发器", "index": "索引"}


def check_schema(path: Path, master: list[tuple], version: int) -> set[str]:
    """Compare ``sqlite_master`` with what the migrations create for ``version``; return the
    names of the (valid) frame tables. Unknown or changed objects are refused, never run."""
    expected = expected_schema(version)
    allowed_extra = sqlite_statistics()
    present: set[str] = set()
    frame_tables: set[str] = set()
    foreign: list[tuple[str, str, bool]] = []  # (type, name, changed definition)
    for kind, name, table, sql in master:
        if not all(isinstance(v, str) for v in (kind, name, table)) or not (
            sql is None or isinstance(sql, str)
        ):
            foreign.append(("?", repr(name), False))
            continue
        entry = (kind, table, normalise_sql(sql))
        if name in expected:
            present.add(name)
            if entry != expected[name]:
                foreign.append((kind, name, True))
        elif name in allowed_extra and entry == allowed_extra[name]:
            continue
        elif kind == "table" and is_frame_table(name, table, sql):
            frame_tables.add(name)
        else:
            foreign.append((kind, name, False))
    if foreign:
        raise problems.unexpected_schema(
            path,
            [f"{_KIND_ZH.get(k, k)} {n}" + ("（定义被改动）" if c else "") for k, n, c in foreign],
            [f"{k} {n}" + (" (changed definition)" if c else "") for k, n, c in foreign],
        )
    missing = sorted(set(expected) - present)
    if missing:
        raise problems.damaged(path, "missing schema objects: " + ", ".join(missing))
    return frame_tables


def check_frame_catalog(path: Path, conn: sqlite3.Connection, frame_tables: set[str]) -> None:
    """Every catalog row must name one of the frame tables (so a crafted row can never make a
    later save drop or read another table)."""
    rows = fetch_all(conn, "SELECT rowid, frame_id, sql_table FROM frames")
    for row in rows:
        try:
            _, sql_table = decode_row("frames", (("frame_id", INT), ("sql_table", TEXT)), row)
        except DamagedValue as bad:
            raise problems.damaged_value(path, bad) from bad
        if sql_table not in frame_tables:
            raise problems.bad_value(
                path, "frames", row[0], "sql_table", "names no stored frame table", sql_table
            )
