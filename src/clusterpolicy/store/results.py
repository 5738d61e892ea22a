"""Result sets: every computed set of tables with the rule profile and app version that made it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from clusterpolicy import __version__ as APP_VERSION
from clusterpolicy.progress import ProgressCallback, ensure
from clusterpolicy.store import frames
from clusterpolicy.store.codec import INT, INT_OR_NONE, JSON_OBJECT, TEXT, dumps
from clusterpolicy.store.records import ResultInfo, ResultSet
from clusterpolicy.store.settings import profile as stored_profile
from clusterpolicy.store.transactions import ProjectDB

_RESULT = (
    ("result_id", INT),
    ("created_at", TEXT),
    ("created_by", TEXT),
    ("app_version", TEXT),
    ("profile_id", TEXT),
    ("profile_version", TEXT),
    ("meta_json", JSON_OBJECT),
)


def save_results(
    db: ProjectDB,
    tables: Mapping[str, pd.DataFrame],
    meta: Mapping[str, Any],
    who: str | None,
    progress: ProgressCallback | None,
) -> int:
    """Store one result set (all its tables in one transaction); return its ``result_id``."""
    report = ensure(progress)
    meta = dict(meta)
    meta_json = dumps(meta)
    for name in tables:
        if not isinstance(name, str) or not name:
            raise TypeError(f"result table names must be non-empty strings, got {name!r}")
    stored = stored_profile(db)
    profile_id = str(meta.get("profile_id") or (stored.profile_id if stored else ""))
    profile_version = str(meta.get("profile_version") or (stored.version if stored else ""))
    app_version = str(meta.get("app_version") or APP_VERSION)
    total = max(1, sum(len(df) for df in tables.values()))
    details = {
        "tables": {n: int(len(df)) for n, df in tables.items()},
        "profile_id": profile_id,
        "profile_version": profile_version,
    }
    with db.write("save_results", details, who) as tx:
        cur = tx.conn.execute(
            "INSERT INTO results (created_at, created_by, app_version, profile_id, profile_version, meta_json) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (tx.now, tx.who, app_version, profile_id, profile_version, meta_json),
        )
        result_id = int(cur.lastrowid)
        tx.details["result_id"] = result_id
        done = 0
        for pos, (name, df) in enumerate(tables.items()):

            def on_chunk(rows: int, _total: int, base=done, name=name) -> None:
                report((base + rows) / total, f"保存结果 {name} / saving result {name}")

            frames.write_frame(
                tx.conn,
                owner="result",
                result_id=result_id,
                name=name,
                df=df,
                created_at=tx.now,
                position=pos,
                on_chunk=on_chunk,
            )
            done += len(df)
    report(1.0, "已保存 / saved")
    return result_id


def list_results(db: ProjectDB) -> list[ResultInfo]:
    """Every stored result set, oldest first, without its tables."""
    with db.lock:
        rows = db.select("results", _RESULT, " ORDER BY result_id")
        names: dict[int | None, list[str]] = {}
        for rid, name in db.select(
            "frames",
            (("result_id", INT_OR_NONE), ("name", TEXT)),
            " WHERE owner = 'result' ORDER BY result_id, position",
        ):
            names.setdefault(rid, []).append(name)
    return [ResultInfo(*r, tuple(names.get(r[0], ()))) for r in rows]


def load_results(db: ProjectDB, result_id: int | None) -> ResultSet | None:
    """One result set with its tables: ``result_id`` or the latest (None when there is none)."""
    with db.lock:
        infos = {i.result_id: i for i in list_results(db)}
        if result_id is None:
            if not infos:
                return None
            result_id = max(infos)
        if result_id not in infos:
            raise KeyError(f"no result set {result_id}")
        stored = db.select(
            "frames",
            (("frame_id", INT), ("name", TEXT)),
            " WHERE owner = 'result' AND result_id = ? ORDER BY position",
            (result_id,),
        )
        with db.reading() as conn:
            tables = {name: frames.read_frame(conn, fid) for fid, name in stored}
    return ResultSet(infos[result_id], tables)


def delete_results(db: ProjectDB, result_id: int, who: str | None) -> None:
    with db.write("delete_results", {"result_id": result_id}, who) as tx:
        if tx.conn.execute("DELETE FROM results WHERE result_id = ?", (result_id,)).rowcount == 0:
            raise KeyError(f"no result set {result_id}")
        frames.drop_frames(tx.conn, "owner = 'result' AND result_id = ?", (result_id,))
