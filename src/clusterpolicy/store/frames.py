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
Reading never evaluates anything: values are parsed with ``json.loads`` or plain constructors.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Callable

import numpy as np
import pandas as pd

_INT = re.compile(r"^(int(8|16|32|64)|uint(8|16|32))$")
_NULLABLE_INT = re.compile(r"^U?Int(8|16|32|64)$")
_FLOAT = re.compile(r"^(float(32|64)|Float(32|64))$")
_DATETIME = re.compile(r"^datetime64\[(s|ms|us|ns)\]$")
_INDEX_PREFIX = "__index_"


def _family(dtype: str) -> str:
    if dtype in ("string", "str"):
        return "text"
    if _INT.match(dtype) or _NULLABLE_INT.match(dtype):
        return "int"
    if _FLOAT.match(dtype):
        return "float"
    if dtype in ("bool", "boolean"):
        return "bool"
    if _DATETIME.match(dtype):
        return "datetime"
    if dtype == "category":
        return "category"
    if dtype == "object":
        return "object"
    raise TypeError(f"cannot store a column of dtype {dtype!r} in a project file")


_SQL_TYPE = {
    "text": "TEXT",
    "int": "INTEGER",
    "float": "REAL",
    "bool": "INTEGER",
    "datetime": "TEXT",
    "category": "TEXT",
    "object": "TEXT",
}


def quote_ident(name: str) -> str:
    """SQL identifier quoting (double quotes, embedded quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def _slug(name: object, limit: int = 40) -> str:
    s = re.sub(r"[^A-Za-z0-9_]+", "_", str(name)).strip("_")
    return s[:limit] or "t"


def _json_value(v) -> str | None:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    return json.dumps(v, ensure_ascii=False)


def _column_values(s: pd.Series, family: str) -> list:
    """Python values ready for sqlite3 (None for missing)."""
    if family == "text":
        return [
            None
            if (v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)))
            else str(v)
            for v in s.astype(object).tolist()
        ]
    if family == "int":
        return [None if v is pd.NA or v is None else int(v) for v in s.astype(object).tolist()]
    if family == "float":
        return [
            None if (v is pd.NA or v is None or math.isnan(v)) else float(v)
            for v in s.astype(object).tolist()
        ]
    if family == "bool":
        return [
            None if v is pd.NA or v is None else int(bool(v)) for v in s.astype(object).tolist()
        ]
    if family == "datetime":
        return [
            None if v is pd.NaT or v is None else v.isoformat() for v in s.astype(object).tolist()
        ]
    if family == "category":
        return [_json_value(v) for v in s.astype(object).tolist()]
    # object
    out = []
    for v in s.tolist():
        out.append(_json_value(v))
    return out


def _restore(values: list, dtype: str, extra: dict) -> pd.Series:
    family = _family(dtype)
    if family == "text":
        return pd.Series(values, dtype=dtype)
    if family == "int":
        if _NULLABLE_INT.match(dtype):
            return pd.Series(pd.array(values, dtype=dtype))
        return pd.Series(np.asarray(values, dtype=dtype))
    if family == "float":
        arr = np.array([np.nan if v is None else v for v in values], dtype="float64")
        return pd.Series(arr).astype(dtype)
    if family == "bool":
        if dtype == "boolean":
            return pd.Series(
                pd.array([None if v is None else bool(v) for v in values], dtype="boolean")
            )
        return pd.Series(np.asarray([bool(v) for v in values], dtype=bool))
    if family == "datetime":
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601")).astype(
            dtype
        )
    if family == "category":
        decoded = [None if v is None else json.loads(v) for v in values]
        cat = pd.Categorical(
            decoded, categories=extra.get("categories"), ordered=bool(extra.get("ordered"))
        )
        return pd.Series(cat)
    return pd.Series([None if v is None else json.loads(v) for v in values], dtype=object)


def _has_default_index(df: pd.DataFrame) -> bool:
    idx = df.index
    return isinstance(idx, pd.RangeIndex) and idx.start == 0 and idx.step == 1 and idx.name is None


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
    if isinstance(df.columns, pd.MultiIndex):
        raise TypeError(f"frame {name!r}: MultiIndex columns cannot be stored")
    if df.columns.has_duplicates:
        raise TypeError(f"frame {name!r}: duplicate column names")
    index_names: list = []
    if not _has_default_index(df):
        if isinstance(df.index, pd.MultiIndex):
            index_names = list(df.index.names)
        else:
            index_names = [df.index.name]
        labels = [
            n if n is not None else f"{_INDEX_PREFIX}{i}__" for i, n in enumerate(index_names)
        ]
        if any(lab in df.columns for lab in labels):
            raise TypeError(f"frame {name!r}: index name clashes with a column")
        flat = df.copy()
        flat.index = flat.index.set_names(labels)
        flat = flat.reset_index()
        is_index = [True] * len(labels) + [False] * len(df.columns)
        real_names = [*index_names, *df.columns]
    else:
        flat = df
        is_index = [False] * len(df.columns)
        real_names = list(df.columns)

    families = [_family(str(flat[col].dtype)) for col in flat.columns]  # refuse before writing
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
    cols_sql = ", ".join(f"{quote_ident(n)} {_SQL_TYPE[f]}" for n, f in zip(sql_names, families))
    conn.execute(
        f"CREATE TABLE {quote_ident(sql_table)} (_row INTEGER PRIMARY KEY{', ' if cols_sql else ''}{cols_sql})"
    )

    placeholders = ", ".join(["?"] * (len(sql_names) + 1))
    insert = f"INSERT INTO {quote_ident(sql_table)} VALUES ({placeholders})"
    total = len(flat)
    for start in range(0, total, chunk_rows):
        part = flat.iloc[start : start + chunk_rows]
        columns = [_column_values(part[c], f) for c, f in zip(part.columns, families)]
        rows = zip(range(start, start + len(part)), *columns)
        conn.executemany(insert, rows)
        if on_chunk is not None:
            on_chunk(min(start + chunk_rows, total), total)
    return frame_id


def read_frame(conn: sqlite3.Connection, frame_id: int) -> pd.DataFrame:
    """Read a frame written by :func:`write_frame` back with its dtypes, column names and index."""
    (sql_table, n_rows) = conn.execute(
        "SELECT sql_table, n_rows FROM frames WHERE frame_id = ?", (frame_id,)
    ).fetchone()
    cols = conn.execute(
        "SELECT name_json, sql_name, dtype, is_index, extra_json FROM frame_columns "
        "WHERE frame_id = ? ORDER BY position",
        (frame_id,),
    ).fetchall()
    select = ", ".join(quote_ident(c[1]) for c in cols) or "_row"
    rows = conn.execute(f"SELECT {select} FROM {quote_ident(sql_table)} ORDER BY _row").fetchall()
    if len(rows) != n_rows:
        raise sqlite3.DatabaseError(f"frame {sql_table}: {len(rows)} rows, catalog says {n_rows}")
    by_column = list(zip(*rows)) if rows else [() for _ in cols]
    names: list = []
    series_list: list[pd.Series] = []
    index_series: list[tuple[object, pd.Series]] = []
    for (name_json, _sql, dtype, is_index, extra_json), values in zip(cols, by_column):
        series = _restore(list(values), dtype, json.loads(extra_json))
        name = json.loads(name_json)
        if is_index:
            index_series.append((name, series))
        else:
            names.append(name)
            series_list.append(series)
    df = (
        pd.concat(series_list, axis=1)
        if series_list
        else pd.DataFrame(index=pd.RangeIndex(len(rows)))
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
