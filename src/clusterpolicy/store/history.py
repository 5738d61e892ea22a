"""Checklist answers and manual overrides, each with its full history, and the audit log.

Every value read back is decoded defensively (``codec``): a bad one is a located "damaged"
message naming the table, row and column. A change over a value that cannot be read is refused
the same way (its history entry would otherwise carry the damage on).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clusterpolicy.store.codec import (
    INT,
    JSON,
    JSON_OBJECT,
    JSON_OR_NONE,
    TEXT,
    decode_cell,
    decode_row,
    dumps,
    fetch_all,
    loads,
)
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


_ANSWER = (
    ("scope_kind", TEXT),
    ("scope_key", TEXT),
    ("item_id", TEXT),
    ("value_json", JSON),
    ("note", TEXT),
    ("updated_at", TEXT),
    ("updated_by", TEXT),
)
_ANSWER_CHANGE = (
    ("scope_kind", TEXT),
    ("scope_key", TEXT),
    ("item_id", TEXT),
    ("old_value_json", JSON_OR_NONE),
    ("new_value_json", JSON_OR_NONE),
    ("old_note", TEXT),
    ("new_note", TEXT),
    ("changed_at", TEXT),
    ("changed_by", TEXT),
)
_OVERRIDE = (
    ("kind", TEXT),
    ("subject", TEXT),
    ("value_json", JSON),
    ("reason", TEXT),
    ("updated_at", TEXT),
    ("updated_by", TEXT),
)
_OVERRIDE_CHANGE = (
    ("kind", TEXT),
    ("subject", TEXT),
    ("old_value_json", JSON_OR_NONE),
    ("new_value_json", JSON_OR_NONE),
    ("reason", TEXT),
    ("changed_at", TEXT),
    ("changed_by", TEXT),
)
_AUDIT = (
    ("entry_id", INT),
    ("at", TEXT),
    ("who", TEXT),
    ("action", TEXT),
    ("details_json", JSON_OBJECT),
)


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
        found = db.select(
            "answers",
            (("rowid", INT), ("value_json", TEXT), ("note", TEXT)),
            " WHERE scope_kind = ? AND scope_key = ? AND item_id = ?",
            (kind, key, item_id),
            conn=tx.conn,
        )
        rowid, old_value, old_note = found[0] if found else (None, None, "")
        old_decoded = decode_cell("answers", rowid, "value_json", JSON_OR_NONE, old_value)
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
            "old": old_decoded,
            "new": value,
            "note": note,
        }
    return True


def answer(db: ProjectDB, scope: Scope, item_id: str) -> Answer | None:
    kind, key = scope_key(scope)
    rows = db.select(
        "answers",
        _ANSWER[3:],
        " WHERE scope_kind = ? AND scope_key = ? AND item_id = ?",
        (kind, key, item_id),
    )
    if not rows:
        return None
    v, note, at, by = rows[0]
    return Answer((kind, key), item_id, v, note, at, by)


def answers(db: ProjectDB, scope: Scope | None) -> list[Answer]:
    where = ""
    params: tuple = ()
    if scope is not None:
        where = " WHERE scope_kind = ? AND scope_key = ?"
        params = scope_key(scope)
    rows = db.select("answers", _ANSWER, where + " ORDER BY scope_kind, scope_key, item_id", params)
    return [Answer((r[0], r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows]


def answer_history(db: ProjectDB, scope: Scope | None, item_id: str | None) -> list[AnswerChange]:
    where = ""
    cond: list[str] = []
    params: list = []
    if scope is not None:
        cond += ["scope_kind = ?", "scope_key = ?"]
        params += list(scope_key(scope))
    if item_id is not None:
        cond.append("item_id = ?")
        params.append(item_id)
    if cond:
        where = " WHERE " + " AND ".join(cond)
    rows = db.select("answer_history", _ANSWER_CHANGE, where + " ORDER BY change_id", params)
    return [AnswerChange((r[0], r[1]), *r[2:]) for r in rows]


# ---------------------------------------------------------------------- overrides
def change_override(
    db: ProjectDB, kind: str, subject: str, new: str | None, reason: str, who: str | None
) -> None:
    """Set (``new`` = JSON text) or clear (None) an override; the reason goes into the history."""
    if not (reason or "").strip():
        raise ValueError("an override needs a written reason")
    with db.write("override" if new is not None else "clear_override", {}, who) as tx:
        found = db.select(
            "overrides",
            (("rowid", INT), ("value_json", TEXT)),
            " WHERE kind = ? AND subject = ?",
            (kind, subject),
            conn=tx.conn,
        )
        rowid, old_value = found[0] if found else (None, None)
        old_decoded = decode_cell("overrides", rowid, "value_json", JSON_OR_NONE, old_value)
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
            "old": old_decoded,
            "new": loads(new),
            "reason": reason,
        }


def overrides(db: ProjectDB, kind: str | None, subject: str | None) -> list[Override]:
    cond, params = _filters(kind=kind, subject=subject)
    return [
        Override(*r)
        for r in db.select("overrides", _OVERRIDE, cond + " ORDER BY kind, subject", params)
    ]


def override_history(db: ProjectDB, kind: str | None, subject: str | None) -> list[OverrideChange]:
    cond, params = _filters(kind=kind, subject=subject)
    rows = db.select("override_history", _OVERRIDE_CHANGE, cond + " ORDER BY change_id", params)
    return [OverrideChange(*r) for r in rows]


# ---------------------------------------------------------------------- audit log
def log(db: ProjectDB, action: str, details: Mapping[str, Any] | None, who: str | None) -> None:
    with db.write(action, dict(details or {}), who):
        pass


def audit_log(db: ProjectDB, limit: int | None) -> list[AuditEntry]:
    """Audit entries, oldest first (the last ``limit``); only the entries returned are decoded,
    so one damaged old entry does not hide the recent ones."""
    sql = "SELECT rowid, entry_id, at, who, action, details_json FROM audit ORDER BY entry_id"
    with db.reading() as conn:
        rows = fetch_all(conn, sql)
        if limit is not None:
            rows = rows[-limit:] if limit else []
        return [AuditEntry(*decode_row("audit", _AUDIT, r)) for r in rows]
