"""Checklist answers and manual overrides, each with its full history, and the audit log."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from clusterpolicy.store.codec import dumps, loads
from clusterpolicy.store.records import (
    Answer,
    AnswerChange,
    AuditEntry,
    Override,
    OverrideChange,
    Scope,
)
from clusterpolicy.store.transactions import ProjectDB


def scope_key(scope: Scope) -> tuple[str, str]:
    kind, key = scope
    if not isinstance(kind, str) or not kind:
        raise ValueError(f"answer scope kind must be a non-empty string, got {kind!r}")
    return kind, "" if key is None else str(key)


def _filters(**conds: str | None) -> tuple[str, tuple]:
    used = [(k, v) for k, v in conds.items() if v is not None]
    if not used:
        return "", ()
    return " WHERE " + " AND ".join(f"{k} = ?" for k, _ in used), tuple(v for _, v in used)


# ---------------------------------------------------------------------- answers
def set_answer(
    db: ProjectDB, scope: Scope, item_id: str, value: Any, note: str, who: str | None
) -> bool:
    """Record an answer (``None`` removes it) with its history; False when nothing changed."""
    kind, key = scope_key(scope)
    new = None if value is None else dumps(value)
    note = note or ""
    with db.write("answer", {}, who) as tx:
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
            "old": loads(old_value),
            "new": value,
            "note": note,
        }
    return True


def answer(db: ProjectDB, scope: Scope, item_id: str) -> Answer | None:
    kind, key = scope_key(scope)
    rows = db.read(
        "SELECT value_json, note, updated_at, updated_by FROM answers "
        "WHERE scope_kind = ? AND scope_key = ? AND item_id = ?",
        (kind, key, item_id),
    )
    if not rows:
        return None
    v, note, at, by = rows[0]
    return Answer((kind, key), item_id, json.loads(v), note, at, by)


def answers(db: ProjectDB, scope: Scope | None) -> list[Answer]:
    sql = "SELECT scope_kind, scope_key, item_id, value_json, note, updated_at, updated_by FROM answers"
    params: tuple = ()
    if scope is not None:
        sql += " WHERE scope_kind = ? AND scope_key = ?"
        params = scope_key(scope)
    rows = db.read(sql + " ORDER BY scope_kind, scope_key, item_id", params)
    return [Answer((r[0], r[1]), r[2], json.loads(r[3]), r[4], r[5], r[6]) for r in rows]


def answer_history(db: ProjectDB, scope: Scope | None, item_id: str | None) -> list[AnswerChange]:
    sql = (
        "SELECT scope_kind, scope_key, item_id, old_value_json, new_value_json, old_note, new_note, "
        "changed_at, changed_by FROM answer_history"
    )
    cond: list[str] = []
    params: list = []
    if scope is not None:
        cond += ["scope_kind = ?", "scope_key = ?"]
        params += list(scope_key(scope))
    if item_id is not None:
        cond.append("item_id = ?")
        params.append(item_id)
    if cond:
        sql += " WHERE " + " AND ".join(cond)
    rows = db.read(sql + " ORDER BY change_id", tuple(params))
    return [
        AnswerChange((r[0], r[1]), r[2], loads(r[3]), loads(r[4]), r[5], r[6], r[7], r[8])
        for r in rows
    ]


# ---------------------------------------------------------------------- overrides
def change_override(
    db: ProjectDB, kind: str, subject: str, new: str | None, reason: str, who: str | None
) -> None:
    """Set (``new`` = JSON text) or clear (None) an override; the reason goes into the history."""
    if not (reason or "").strip():
        raise ValueError("an override needs a written reason")
    with db.write("override" if new is not None else "clear_override", {}, who) as tx:
        old = tx.conn.execute(
            "SELECT value_json FROM overrides WHERE kind = ? AND subject = ?", (kind, subject)
        ).fetchone()
        old_value = old[0] if old else None
        if new is None:
            tx.conn.execute("DELETE FROM overrides WHERE kind = ? AND subject = ?", (kind, subject))
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
            "old": loads(old_value),
            "new": loads(new),
            "reason": reason,
        }


def overrides(db: ProjectDB, kind: str | None, subject: str | None) -> list[Override]:
    sql = "SELECT kind, subject, value_json, reason, updated_at, updated_by FROM overrides"
    cond, params = _filters(kind=kind, subject=subject)
    rows = db.read(sql + cond + " ORDER BY kind, subject", params)
    return [Override(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5]) for r in rows]


def override_history(db: ProjectDB, kind: str | None, subject: str | None) -> list[OverrideChange]:
    sql = (
        "SELECT kind, subject, old_value_json, new_value_json, reason, changed_at, changed_by "
        "FROM override_history"
    )
    cond, params = _filters(kind=kind, subject=subject)
    rows = db.read(sql + cond + " ORDER BY change_id", params)
    return [OverrideChange(r[0], r[1], loads(r[2]), loads(r[3]), r[4], r[5], r[6]) for r in rows]


# ---------------------------------------------------------------------- audit log
def log(db: ProjectDB, action: str, details: Mapping[str, Any] | None, who: str | None) -> None:
    with db.write(action, dict(details or {}), who):
        pass


def audit_log(db: ProjectDB, limit: int | None) -> list[AuditEntry]:
    sql = "SELECT entry_id, at, who, action, details_json FROM audit ORDER BY entry_id"
    rows = db.read(sql)
    if limit is not None:
        rows = rows[-limit:] if limit else []
    return [AuditEntry(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]
