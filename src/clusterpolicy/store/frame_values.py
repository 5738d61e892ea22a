"""How each pandas dtype becomes SQL values and back (the table in ``store/frames``).

Reading checks before it converts: every cell must have a Python type its dtype allows (one
cheap pass of ``type`` over a column), JSON cells must parse and dates must be ISO 8601; a bad
cell raises :class:`~clusterpolicy.store.codec.DamagedValue` naming its table, row and column.
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd

from clusterpolicy.store.codec import JSON, TEXT, BadValue, DamagedValue

INT_DTYPE = re.compile(r"^(int(8|16|32|64)|uint(8|16|32))$")
NULLABLE_INT = re.compile(r"^U?Int(8|16|32|64)$")
_FLOAT = re.compile(r"^(float(32|64)|Float(32|64))$")
_DATETIME = re.compile(r"^datetime64\[(s|ms|us|ns)\]$")


def family_of(dtype: str) -> str:
    if dtype in ("string", "str"):
        return "text"
    if INT_DTYPE.match(dtype) or NULLABLE_INT.match(dtype):
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


SQL_TYPE = {
    "text": "TEXT",
    "int": "INTEGER",
    "float": "REAL",
    "bool": "INTEGER",
    "datetime": "TEXT",
    "category": "TEXT",
    "object": "TEXT",
}


def _json_value(v) -> str | None:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    return json.dumps(v, ensure_ascii=False)


def column_values(s: pd.Series, family: str) -> list:
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
    family = family_of(dtype)
    if family == "text":
        return pd.Series(values, dtype=dtype)
    if family == "int":
        if NULLABLE_INT.match(dtype):
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
        try:
            parsed = pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601")
        except (ValueError, TypeError, OverflowError):
            for i, v in enumerate(values):  # find the cell for the message
                try:
                    pd.to_datetime(v, format="ISO8601")
                except (ValueError, TypeError, OverflowError):
                    raise _BadCell(i, "not a date and time in ISO 8601 form") from None
            raise
        return pd.Series(parsed).astype(dtype)
    if family == "category":
        decoded = _json_cells(values)
        cat = pd.Categorical(
            decoded, categories=extra.get("categories"), ordered=bool(extra.get("ordered"))
        )
        return pd.Series(cat)
    return pd.Series(_json_cells(values), dtype=object)


_CELL_TYPES = {
    "text": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (int,),
    "datetime": (str,),
    "category": (str,),
    "object": (str,),
}


def restore_column(
    values: list, dtype: str, extra: dict, table: str, column: str, row_ids: list
) -> pd.Series:
    """:func:`_restore` after checking every cell has a type the dtype allows (cheap: one pass
    of ``type`` over the column); a bad cell or a failed conversion names its place."""
    family = family_of(dtype)
    allowed = set(_CELL_TYPES[family])
    if not (family == "int" and not NULLABLE_INT.match(dtype)) and dtype != "bool":
        allowed.add(type(None))
    if not set(map(type, values)) <= allowed:
        i = next(k for k, v in enumerate(values) if type(v) not in allowed)
        raise DamagedValue(table, row_ids[i], column, _why(values[i], family), values[i])
    try:
        return _restore(values, dtype, extra)
    except _BadCell as bad:
        raise DamagedValue(
            table, row_ids[bad.index], column, bad.detail, values[bad.index]
        ) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise DamagedValue(table, None, column, f"values that do not fit {dtype} ({exc})") from exc


def _why(value, family: str) -> str:
    if family in ("text", "datetime", "category", "object") and value is not None:
        try:
            TEXT(value)
        except BadValue as bad:
            return bad.detail
    if value is None:
        return "missing value in a column that cannot have one"
    return f"{type(value).__name__} where {family} values are expected"


class _BadCell(Exception):
    def __init__(self, index: int, detail: str):
        super().__init__(detail)
        self.index, self.detail = index, detail


def _json_cells(values: list) -> list:
    out = []
    for i, v in enumerate(values):
        try:
            out.append(None if v is None else JSON(v))
        except BadValue as bad:
            raise _BadCell(i, bad.detail) from None
    return out
