"""Settings, confirmed column mappings and the rule profile in force."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from clusterpolicy.store.codec import dumps, loads
from clusterpolicy.store.records import RuleProfileRecord
from clusterpolicy.store.transactions import ProjectDB


# ---------------------------------------------------------------------- settings
def settings(db: ProjectDB) -> dict[str, Any]:
    return {
        k: json.loads(v) for k, v in db.read("SELECT key, value_json FROM settings ORDER BY key")
    }


def setting(db: ProjectDB, key: str, default: Any = None) -> Any:
    rows = db.read("SELECT value_json FROM settings WHERE key = ?", (key,))
    return json.loads(rows[0][0]) if rows else default


def update_settings(db: ProjectDB, values: Mapping[str, Any], who: str | None) -> int:
    """Set several settings in one transaction; return how many changed."""
    encoded = {k: dumps(v) for k, v in values.items()}
    with db.write("settings", {}, who) as tx:
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
            changes[key] = {"old": loads(old[0]) if old else None, "new": json.loads(text)}
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
    rows = db.read("SELECT mapping_json FROM mappings WHERE signature = ?", (signature,))
    return json.loads(rows[0][0]) if rows else None


def mappings(db: ProjectDB) -> dict[str, dict]:
    return {
        s: json.loads(m)
        for s, m in db.read("SELECT signature, mapping_json FROM mappings ORDER BY signature")
    }


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
    rows = db.read(
        "SELECT profile_id, version, profile_date, main_file, saved_at, saved_by FROM rule_profile"
    )
    if not rows:
        return None
    files = dict(db.read("SELECT name, text FROM rule_profile_files ORDER BY name"))
    r = rows[0]
    return RuleProfileRecord(r[0], r[1], r[2], r[3], files, r[4], r[5])
