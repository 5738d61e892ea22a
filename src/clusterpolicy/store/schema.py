"""What a project file is: its identity marks, the schema version this app writes, and the exact
schema a file of each version must have.

The expected schema is not written down twice: it is what the frozen migrations
(``store/migrations``) create, applied to an in-memory database — the ``sqlite_master`` rows
(type, name, table, normalised SQL) of version N are those of ``migrations.upgrade(target=N)``.
Besides those, a file holds only the tables of stored DataFrames (``store/frames``), created one
per frame as ``f<frame_id, 5+ digits>_<slug>`` with an ``_row INTEGER PRIMARY KEY`` and plain
``TEXT``/``INTEGER``/``REAL`` columns — nothing else: no constraints, defaults, generated columns,
indexes or triggers. :func:`is_frame_table` checks exactly that shape.
"""

from __future__ import annotations

import functools
import re
import sqlite3

from clusterpolicy.store import migrations

FILE_SUFFIX = ".cpa"
FORMAT = "clusterpolicy-project"  # meta.format
APPLICATION_ID = 0x43504100  # "CPA\0" in the SQLite header (offset 68)
SQLITE_MAGIC = b"SQLite format 3\x00"
SCHEMA_VERSION = migrations.LATEST

#: table names of stored frames (``frames.write_frame``: ``f{frame_id:05d}_{slug}``)
FRAME_TABLE_NAME = re.compile(r"f[0-9]{5,}_[A-Za-z0-9_]{1,40}")

_TOKEN = re.compile(
    r"""'(?:[^']|'')*'        # string literal
    |"(?:[^"]|"")*"           # quoted identifier
    |`(?:[^`]|``)*`           # MySQL-style identifier
    |\[[^\]]*\]               # MS-style identifier
    |\s+                      # white space
    |[(),;]                   # punctuation
    |[^\s'"`\[(),;]+          # a word, number or operator
    |.                        # anything else (an unbalanced quote)
    """,
    re.X | re.S,
)
_QUOTED = ("'", '"', "`", "[")
_PUNCTUATION = {"(", ")", ",", ";"}
_IDENT = r'"(?:[^"]|"")*"'
_FRAME_SQL = re.compile(
    rf"CREATE TABLE (?P<name>{_IDENT})\(_ROW INTEGER PRIMARY KEY(?:,{_IDENT} (?:TEXT|INTEGER|REAL))*\)"
)

Entry = tuple[str, str, str | None]  # (type, tbl_name, normalised sql) of one sqlite_master row


def normalise_sql(sql: str | None) -> str | None:
    """SQL text for comparison: runs of white space as one space (none around punctuation) and
    unquoted words in upper case; quoted text and identifiers exactly as written."""
    if sql is None:
        return None
    tokens = _TOKEN.findall(sql)
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.isspace():
            before = out[-1] if out else ""
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if before and after and before not in _PUNCTUATION and after not in _PUNCTUATION:
                out.append(" ")
        elif tok.startswith(_QUOTED):
            out.append(tok)
        else:
            out.append(tok.upper())
    return "".join(out)


def _master(conn: sqlite3.Connection) -> dict[str, Entry]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {name: (kind, table, normalise_sql(sql)) for kind, name, table, sql in rows}


@functools.cache
def expected_schema(version: int) -> dict[str, Entry]:
    """``sqlite_master`` of a file of schema ``version``, by object name (from the migrations)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.upgrade(conn, target=version)
        return _master(conn)
    finally:
        conn.close()


@functools.cache
def sqlite_statistics() -> dict[str, Entry]:
    """Tables SQLite itself may add to any file (``ANALYZE``, ``PRAGMA optimize``): allowed in
    exactly the form SQLite creates them."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("CREATE INDEX t_x ON t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
        conn.execute("ANALYZE")
        return {n: e for n, e in _master(conn).items() if n.startswith("sqlite_stat")}
    finally:
        conn.close()


def is_frame_table(name: str, table: str, sql: str | None) -> bool:
    """Whether an object is a stored frame's table: named by the rule, plain columns only."""
    if table != name or not FRAME_TABLE_NAME.fullmatch(name) or sql is None:
        return False
    match = _FRAME_SQL.fullmatch(normalise_sql(sql) or "")
    return match is not None and match["name"][1:-1].replace('""', '"') == name
