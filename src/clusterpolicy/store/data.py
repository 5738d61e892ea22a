"""The imported canonical tables, their provenance and the importer's warnings.

The tables themselves are stored by :mod:`clusterpolicy.store.frames` (typed SQL tables).
"""

from __future__ import annotations

from clusterpolicy.messages import Problem
from clusterpolicy.model.dataset import DATA_TABLES, LOOKUP_TABLES, CanonicalData, empty_provenance
from clusterpolicy.model.tables import coerce_table, empty_table
from clusterpolicy.progress import ProgressCallback, ensure
from clusterpolicy.store import frames
from clusterpolicy.store.codec import INT, INT_OR_NONE, SEVERITY, TEXT, DamagedValue
from clusterpolicy.store.transactions import ProjectDB

CANONICAL = (*DATA_TABLES, *LOOKUP_TABLES)
_WARNING = (
    ("code", TEXT),
    ("severity", SEVERITY),
    *((c, TEXT) for c in ("message_zh", "message_en", "fix_zh", "fix_en", "file", "sheet")),
    ("row", INT_OR_NONE),
    ("col", TEXT),
    ("value", TEXT),
)


def save_data(
    db: ProjectDB, data: CanonicalData, who: str | None, progress: ProgressCallback | None
) -> None:
    """Replace the imported tables, provenance and warnings in one transaction."""
    report = ensure(progress)
    data = data.coerced()
    items = [(name, data.table(name)) for name in CANONICAL] + [("provenance", data.provenance)]
    total = max(1, sum(len(df) for _, df in items))
    details = {"rows": {name: int(len(df)) for name, df in items}, "warnings": len(data.warnings)}
    with db.write("save_data", details, who) as tx:
        frames.drop_frames(tx.conn, "owner = 'data'", ())
        tx.conn.execute("DELETE FROM import_warnings")
        done = 0
        for pos, (name, df) in enumerate(items):

            def on_chunk(rows: int, _total: int, base=done, name=name) -> None:
                report((base + rows) / total, f"保存 {name} / saving {name}")

            frames.write_frame(
                tx.conn,
                owner="data",
                name=name,
                df=df,
                created_at=tx.now,
                position=pos,
                on_chunk=on_chunk,
            )
            done += len(df)
        tx.conn.executemany(
            "INSERT INTO import_warnings (position, code, severity, message_zh, message_en, fix_zh, fix_en, "
            "file, sheet, row, col, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    i,
                    p.code,
                    str(p.severity),
                    p.message_zh,
                    p.message_en,
                    p.fix_zh,
                    p.fix_en,
                    p.file,
                    p.sheet,
                    p.row,
                    p.column,
                    p.value,
                )
                for i, p in enumerate(data.warnings)
            ],
        )
    report(1.0, "已保存 / saved")


def has_data(db: ProjectDB) -> bool:
    return bool(db.read("SELECT 1 FROM frames WHERE owner = 'data' AND n_rows > 0 LIMIT 1"))


def load_data(db: ProjectDB) -> CanonicalData:
    """The imported tables (canonical dtypes restored), provenance and warnings."""
    catalog = db.select(
        "frames", (("frame_id", INT), ("name", TEXT), ("sql_table", TEXT)), " WHERE owner = 'data'"
    )
    rows = db.select("import_warnings", _WARNING, " ORDER BY position")
    out = CanonicalData()
    with db.reading() as conn:
        stored = {name: (frames.read_frame(conn, fid), table) for fid, name, table in catalog}
        for name in CANONICAL:
            if name not in stored:
                setattr(out, name, empty_table(name))
                continue
            df, table = stored[name]
            try:
                setattr(out, name, coerce_table(df, name))
            except (ValueError, TypeError, KeyError) as exc:  # e.g. a key column missing
                raise DamagedValue(table, None, "", f"not a valid {name} table: {exc}") from exc
    out.provenance = stored["provenance"][0] if "provenance" in stored else empty_provenance()
    out.warnings = [Problem(*r) for r in rows]
    return out
