"""Schema 1: the first released project-file layout.

FROZEN: this module must never change once released and must not import anything from
``clusterpolicy`` (model, engine, store …). Old files are upgraded by running it exactly as it
was. Changes to the layout go into a new module ``m000N_*.py``.

Layout (all text is UTF-8; timestamps are ISO 8601 UTC; ``*_json`` columns hold JSON text):

* ``meta(key, value)`` — ``format`` = ``clusterpolicy-project``, app versions, creation time.
* ``settings(key, value_json, …)`` — focal region, reference area, years, language …
* ``mappings(signature, mapping_json, …)`` — confirmed column mappings by layout signature.
* ``rule_profile`` (one row) and ``rule_profile_files(name, text)`` — the rule profile in force
  with the YAML text of it and of every file it includes, so the project is self-contained.
* ``frames`` / ``frame_columns`` — catalog of DataFrames stored as ordinary SQL tables (one SQL
  table per frame, typed columns); ``owner`` is ``data`` (imported canonical tables and the
  provenance) or ``result`` (a table of a result set).
* ``import_warnings`` — the importer's warnings, one row per located problem.
* ``answers`` + ``answer_history`` — checklist / questionnaire answers per scope and item.
* ``overrides`` + ``override_history`` — manual overrides (e.g. life-cycle stage) with reason.
* ``results`` — one row per computed result set, with the profile and app version that made it.
* ``audit`` — who did what when, one row per change.
"""

from __future__ import annotations

import sqlite3

VERSION = 1

STATEMENTS = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE mappings (
        signature TEXT PRIMARY KEY,
        mapping_json TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE rule_profile (
        slot INTEGER PRIMARY KEY CHECK (slot = 1),
        profile_id TEXT NOT NULL,
        version TEXT NOT NULL,
        profile_date TEXT NOT NULL DEFAULT '',
        main_file TEXT NOT NULL DEFAULT '',
        saved_at TEXT NOT NULL,
        saved_by TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE rule_profile_files (
        name TEXT PRIMARY KEY,
        text TEXT NOT NULL
    )""",
    """CREATE TABLE frames (
        frame_id INTEGER PRIMARY KEY,
        owner TEXT NOT NULL CHECK (owner IN ('data', 'result')),
        result_id INTEGER,
        name TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        sql_table TEXT NOT NULL UNIQUE,
        n_rows INTEGER NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE UNIQUE INDEX frames_by_owner ON frames (owner, IFNULL(result_id, 0), name)",
    """CREATE TABLE frame_columns (
        frame_id INTEGER NOT NULL REFERENCES frames (frame_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name_json TEXT NOT NULL,
        sql_name TEXT NOT NULL,
        dtype TEXT NOT NULL,
        is_index INTEGER NOT NULL DEFAULT 0,
        extra_json TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (frame_id, position)
    )""",
    """CREATE TABLE import_warnings (
        position INTEGER PRIMARY KEY,
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        message_zh TEXT NOT NULL DEFAULT '',
        message_en TEXT NOT NULL DEFAULT '',
        fix_zh TEXT NOT NULL DEFAULT '',
        fix_en TEXT NOT NULL DEFAULT '',
        file TEXT NOT NULL DEFAULT '',
        sheet TEXT NOT NULL DEFAULT '',
        row INTEGER,
        col TEXT NOT NULL DEFAULT '',
        value TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE answers (
        scope_kind TEXT NOT NULL,
        scope_key TEXT NOT NULL DEFAULT '',
        item_id TEXT NOT NULL,
        value_json TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (scope_kind, scope_key, item_id)
    )""",
    """CREATE TABLE answer_history (
        change_id INTEGER PRIMARY KEY AUTOINCREMENT,
        scope_kind TEXT NOT NULL,
        scope_key TEXT NOT NULL DEFAULT '',
        item_id TEXT NOT NULL,
        old_value_json TEXT,
        new_value_json TEXT,
        old_note TEXT NOT NULL DEFAULT '',
        new_note TEXT NOT NULL DEFAULT '',
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE overrides (
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        value_json TEXT NOT NULL,
        reason TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (kind, subject)
    )""",
    """CREATE TABLE override_history (
        change_id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        old_value_json TEXT,
        new_value_json TEXT,
        reason TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE results (
        result_id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL DEFAULT '',
        app_version TEXT NOT NULL,
        profile_id TEXT NOT NULL DEFAULT '',
        profile_version TEXT NOT NULL DEFAULT '',
        meta_json TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE audit (
        entry_id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        who TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        details_json TEXT NOT NULL DEFAULT '{}'
    )""",
)


def apply(conn: sqlite3.Connection) -> None:
    """Create the schema-1 tables (the caller holds the transaction and sets user_version)."""
    for statement in STATEMENTS:
        conn.execute(statement)
