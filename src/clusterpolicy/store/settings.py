"""Settings, confirmed column mappings and the rule profile in force.

Every value read back is decoded defensively (``codec``): a bad one is a located "damaged"
message naming the table, row and column.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from clusterpolicy.store.codec import INT, JSON, JSON_OBJECT, TEXT, decode_cell, dumps
from clusterpolicy.store.records import RuleProfileRecord
from clusterpolicy.store.transactions import ProjectDB

_PROFILE = tuple(
    (c, TEXT)
    for c in ("profile_id", "version", "profile_date", "main_file", "saved_at", "saved_by")
)


# ---------------------------------------------------------------------- settings
def settings(db: ProjectDB) -> dict[str, Any]:
    rows = db.select("settings", (("key", TEXT), ("value_json", JSON)), " ORDER BY key")
    return dict(rows)


def setting(db: ProjectDB, key: str, default: Any = None) -> Any:
    rows = db.select("settings", (("value_json", JSON),), " WHERE key = ?", (key,))
    return rows[0][0] if rows else default


def update_settings(db: ProjectDB, values: Mapping[str, Any], who: str | None) -> int:
    """Set several settings in one transaction; return how many changed."""
    encoded = {k: dumps(v) for k, v in values.items()}
    with db.write("settings", {}, who) as tx:
        changes = {}
        for key, text in encoded.items():
            old = db.select(
                "settings",
                (("rowid", INT), ("value_json", TEXT)),
                " WHERE key = ?",
                (key,),
                conn=tx.conn,
            )
            if old and old[0][1] == text:
                continue
            tx.conn.execute(
                "INSERT OR REPLACE INTO settings (key, value_json, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                (key, text, tx.now, tx.who),
            )
            before = (
                decode_cell("settings", old[0][0], "value_json", JSON, old[0][1]) if old else None
            )
            changes[key] = {"old": before, "new": json.loads(text)}
        tx.details = {"changes": changes}
        tx.audit = bool(changes)
    return len(changes)


# ---------------------------------------------------------------------- column mappings
def save_mapping(db: ProjectDB, signature: str, mapping: Mapping[str, Any], who: str | None):
    text = dumps(dict(mapping))
    with db.write("mapping", {"signature": signature, "mapping": dict(mapping)}, who) as tx:
        tx.conn.execute(
            "INSERT OR REPLACE INTO mappings (signature, mapping_json, updated_at, updated_by) VALUES (?, ?, ?, ?)",
            (signature, text, tx.now, tx.who),
        )


def mapping(db: ProjectDB, signature: str) -> dict | None:
    rows = db.select(
        "mappings", (("mapping_json", JSON_OBJECT),), " WHERE signature = ?", (signature,)
    )
    return rows[0][0] if rows else None


def mappings(db: ProjectDB) -> dict[str, dict]:
    columns = (("signature", TEXT), ("mapping_json", JSON_OBJECT))
    return dict(db.select("mappings", columns, " ORDER BY signature"))


# ---------------------------------------------------------------------- rule profile
def save_profile(
    db: ProjectDB,
    profile_id: str,
    version: str,
    *,
    files: Mapping[str, str],
    main_file: str,
    date: str,
    who: str | None,
) -> None:
    if main_file and main_file not in files:
        raise ValueError(f"main_file {main_file!r} is not among the files")
    details = {"profile_id": profile_id, "version": version, "date": date, "files": sorted(files)}
    with db.write("profile", details, who) as tx:
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


def profile(db: ProjectDB) -> RuleProfileRecord | None:
    with db.lock:
        rows = db.select("rule_profile", _PROFILE)
        if not rows:
            return None
        files = db.select("rule_profile_files", (("name", TEXT), ("text", TEXT)), " ORDER BY name")
    r = rows[0]
    return RuleProfileRecord(r[0], r[1], r[2], r[3], dict(files), r[4], r[5])
