"""DataFrames stored as ordinary, typed SQL tables (no pickles), with a catalog to restore dtypes.

A frame becomes one SQL table ``f<frame_id>_<slug>``; ``frame_columns`` records for every column
its real name (JSON, so int column names such as years survive), the SQL column name, the pandas
dtype and whether it was part of the index. Storage by dtype family:

===================================  =========  ============================================
pandas dtype                          SQL type   value
===================================  =========  ============================================
string / str                          TEXT       the text (codes keep their leading zeros)
int8…int64, uint8…uint32, Int8…Int64  INTEGER    the number; NULL for <NA>
float32/64, Float32/64                REAL       the number; NULL for NaN/<NA>; ±inf kept
bool / boolean                        INTEGER    0/1; NULL for <NA>
datetime64[s|ms|us|ns] (naive)        TEXT       ISO 8601; NULL for NaT
category                              TEXT       JSON of the value; categories in extra_json
object                                TEXT       JSON of each value (str/int/float/bool/list/dict,
                                                 NaN as the JSON token NaN); NULL for None/<NA>
===================================  =========  ============================================

The one value not kept bit-for-bit is -0.0, read back as 0.0 (SQLite stores a REAL without a
fractional part as an integer). Any other dtype is refused with ``TypeError`` at save time rather than silently changed.
Reading never evaluates anything: values are parsed with ``json.loads`` or plain constructors,
after checking that each cell has a type its dtype allows (a project file is hostile input).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable

import numpy as np
import pandas as pd

from clusterpolicy.store.codec import (
    INT,
    JSON,
    JSON_OBJECT,
    TEXT,
    DamagedValue,
    decode_row,
    fetch_all,
)
from clusterpolicy.store.frame_values import SQL_TYPE, column_values, family_of, restore_column

_INDEX_PREFIX = "__index_"


def quote_ident(name: str) -> str:
    """SQL identifier quoting (double quotes, embedded quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def _slug(name: object, limit: int = 40) -> str:
    s = re.sub(r"[^A-Za-z0-9_]+", "_", str(name)).strip("_")
    return s[:limit] or "t"


def _has_default_index(df: pd.DataFrame) -> bool:
    idx = df.index
    return isinstance(idx, pd.RangeIndex) and idx.start == 0 and idx.step == 1 and idx.name is None


def _flatten(df: pd.DataFrame, name: str) -> tuple[pd.DataFrame, list[bool], list]:
    """``df`` with a non-default index turned into leading columns: (flat frame, which columns
    were the index, the real column names)."""
    if isinstance(df.columns, pd.MultiIndex):
        raise TypeError(f"frame {name!r}: MultiIndex columns cannot be stored")
    if df.columns.has_duplicates:
        raise TypeError(f"frame {name!r}: duplicate column names")
    if _has_default_index(df):
        return df, [False] * len(df.columns), list(df.columns)
    if isinstance(df.index, pd.MultiIndex):
        index_names = list(df.index.names)
    else:
        index_names = [df.index.name]
    labels = [n if n is not None else f"{_INDEX_PREFIX}{i}__" for i, n in enumerate(index_names)]
    if any(lab in df.columns for lab in labels):
        raise TypeError(f"frame {name!r}: index name clashes with a column")
    flat = df.copy()
    flat.index = flat.index.set_names(labels)
    flat = flat.reset_index()
    return flat, [True] * len(labels) + [False] * len(df.columns), [*index_names, *df.columns]


def write_frame(
    conn: sqlite3.Connection,
    *,
    owner: str,
    name: str,
    df: pd.DataFrame,
    created_at: str,
    result_id: int | None = None,
    position: int = 0,
    chunk_rows: int = 20_000,
    on_chunk: Callable[[int, int], None] | None = None,
) -> int:
    """Write ``df`` as a new SQL table inside the caller's transaction; return its frame id.

    ``on_chunk(rows_done, rows_total)`` is called after each chunk (for progress / cancel).
    """
    flat, is_index, real_names = _flatten(df, name)
    families = [family_of(str(flat[col].dtype)) for col in flat.columns]  # refuse before writing
    cur = conn.execute(
        "INSERT INTO frames (owner, result_id, name, position, sql_table, n_rows, created_at) "
        "VALUES (?, ?, ?, ?, '', ?, ?)",
        (owner, result_id, name, position, len(flat), created_at),
    )
    frame_id = int(cur.lastrowid)
    sql_table = f"f{frame_id:05d}_{_slug(name)}"
    conn.execute("UPDATE frames SET sql_table = ? WHERE frame_id = ?", (sql_table, frame_id))

    sql_names: list[str] = []
    seen: set[str] = set()
    for pos, (real, col, idx_flag, family) in enumerate(
        zip(real_names, flat.columns, is_index, families)
    ):
        dtype = str(flat[col].dtype)
        base = str(real) if real is not None else f"index_{pos}"
        sql_name, k = base, 2
        while sql_name.lower() in seen:
            sql_name, k = f"{base}__{k}", k + 1
        seen.add(sql_name.lower())
        sql_names.append(sql_name)
        extra: dict = {}
        if family == "category":
            cats = flat[col].cat.categories
            extra = {
                "categories": [v.item() if isinstance(v, np.generic) else v for v in cats.tolist()],
                "ordered": bool(flat[col].cat.ordered),
            }
        if isinstance(real, np.generic):
            real = real.item()
        conn.execute(
            "INSERT INTO frame_columns (frame_id, position, name_json, sql_name, dtype, is_index, extra_json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                frame_id,
                pos,
                json.dumps(real, ensure_ascii=False),
                sql_name,
                dtype,
                int(idx_flag),
                json.dumps(extra, ensure_ascii=False),
            ),
        )
    cols_sql = ", ".join(f"{quote_ident(n)} {SQL_TYPE[f]}" for n, f in zip(sql_names, families))
    conn.execute(
        f"CREATE TABLE {quote_ident(sql_table)} (_row INTEGER PRIMARY KEY{', ' if cols_sql else ''}{cols_sql})"
    )

    placeholders = ", ".join(["?"] * (len(sql_names) + 1))
    insert = f"INSERT INTO {quote_ident(sql_table)} VALUES ({placeholders})"
    total = len(flat)
    for start in range(0, total, chunk_rows):
        part = flat.iloc[start : start + chunk_rows]
        columns = [column_values(part[c], f) for c, f in zip(part.columns, families)]
        rows = zip(range(start, start + len(part)), *columns)
        conn.executemany(insert, rows)
        if on_chunk is not None:
            on_chunk(min(start + chunk_rows, total), total)
    return frame_id


_COLUMN = (
    ("name_json", JSON),
    ("sql_name", TEXT),
    ("dtype", TEXT),
    ("is_index", INT),
    ("extra_json", JSON_OBJECT),
)
_NAME_TYPES = (str, int, float, bool, type(None))


# Python types SQLite may hand back for each family (None only where the dtype has missing values)
def read_frame(conn: sqlite3.Connection, frame_id: int) -> pd.DataFrame:
    """Read a frame written by :func:`write_frame` back with its dtypes, column names and index.

    The file is hostile input: catalog values, cell types and JSON cells are checked, and a bad
    one raises :class:`~clusterpolicy.store.codec.DamagedValue` with its table, row and column.
    """
    found = fetch_all(
        conn, "SELECT rowid, sql_table, n_rows FROM frames WHERE frame_id = ?", (frame_id,)
    )
    if not found:
        raise sqlite3.DatabaseError(f"frame {frame_id} is not in the catalog")
    sql_table, n_rows = decode_row("frames", (("sql_table", TEXT), ("n_rows", INT)), found[0])
    raw_cols = fetch_all(
        conn,
        "SELECT rowid, name_json, sql_name, dtype, is_index, extra_json FROM frame_columns "
        "WHERE frame_id = ? ORDER BY position",
        (frame_id,),
    )
    cols = [(r[0], *decode_row("frame_columns", _COLUMN, r)) for r in raw_cols]
    select = ", ".join(["_row", *(quote_ident(c[2]) for c in cols)])
    rows = fetch_all(conn, f"SELECT {select} FROM {quote_ident(sql_table)} ORDER BY _row")
    if len(rows) != n_rows:
        raise sqlite3.DatabaseError(f"frame {sql_table}: {len(rows)} rows, catalog says {n_rows}")
    row_ids = [r[0] for r in rows]
    by_column = list(zip(*rows))[1:] if rows else [() for _ in cols]
    names: list = []
    series_list: list[pd.Series] = []
    index_series: list[tuple[object, pd.Series]] = []
    for (rowid, name, sql_name, dtype, is_index, extra), values in zip(cols, by_column):
        if not isinstance(name, _NAME_TYPES):
            raise DamagedValue("frame_columns", rowid, "name_json", "not a column name", name)
        try:
            family_of(dtype)
        except TypeError:
            raise DamagedValue("frame_columns", rowid, "dtype", "unknown dtype", dtype) from None
        series = restore_column(list(values), dtype, extra, sql_table, sql_name, row_ids)
        if is_index:
            index_series.append((name, series))
        else:
            names.append(name)
            series_list.append(series)
    try:
        return _assemble(series_list, names, index_series, len(rows))
    except (ValueError, TypeError) as exc:
        raise DamagedValue(sql_table, None, "", f"cannot rebuild the table ({exc})") from exc


def _assemble(series_list, names, index_series, n_rows: int) -> pd.DataFrame:
    df = (
        pd.concat(series_list, axis=1) if series_list else pd.DataFrame(index=pd.RangeIndex(n_rows))
    )
    if series_list:
        df.columns = pd.Index(names)
    if index_series:
        if len(index_series) == 1:
            name, s = index_series[0]
            df.index = pd.Index(s, name=name)
        else:
            df.index = pd.MultiIndex.from_arrays(
                [s for _, s in index_series], names=[n for n, _ in index_series]
            )
    return df


def drop_frames(conn: sqlite3.Connection, where: str, params: tuple) -> int:
    """Drop the frames matching ``where`` (catalog rows and SQL tables); return how many."""
    found = conn.execute(f"SELECT frame_id, sql_table FROM frames WHERE {where}", params).fetchall()
    for frame_id, sql_table in found:
        conn.execute(f"DROP TABLE IF EXISTS {quote_ident(sql_table)}")
        conn.execute("DELETE FROM frame_columns WHERE frame_id = ?", (frame_id,))
        conn.execute("DELETE FROM frames WHERE frame_id = ?", (frame_id,))
    return len(found)
