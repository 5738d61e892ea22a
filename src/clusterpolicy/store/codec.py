"""Values in and out of the project file: strict JSON when writing, defensive decoding when
reading.

A project file is hostile input: any TEXT column may hold a BLOB, text that is not UTF-8, or JSON
that does not parse, whatever the schema says. Every value read back passes one of the cell
decoders below (``TEXT``, ``JSON`` …); a bad one raises :class:`BadValue`, which the reader turns
into a :class:`DamagedValue` naming the table, row and column, and the store into a located
"damaged" ProblemError, never a traceback.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from clusterpolicy.messages import Severity


def dumps(value: Any) -> str:
    """Strict JSON (no NaN/inf): settings, answers and meta must be portable plain values."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=False)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class BadValue(ValueError):
    """A cell that does not hold what its column promises (the caller knows where it is)."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class DamagedValue(Exception):
    """A bad value with its place: table, row (rowid or frame row), column, shortened value."""

    def __init__(self, table: str, row: int | None, column: str, detail: str, value: Any = None):
        super().__init__(f"{table} row {row} column {column}: {detail}")
        self.table, self.row, self.column, self.detail = table, row, column, detail
        self.value = shorten(value)


class BadText(bytes):
    """TEXT that is not valid UTF-8, read back as its raw bytes (see :func:`fetch_all`)."""


def _tolerant_text(raw: bytes) -> str | BadText:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return BadText(raw)


def shorten(value: Any, limit: int = 60) -> str:
    if value is None:
        return ""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fetch_all(conn: sqlite3.Connection, sql: str, params: Sequence = ()) -> list[tuple]:
    """``conn.execute(sql).fetchall()``, except that text which is not UTF-8 comes back as
    :class:`BadText` (so a decoder can say where it is) instead of aborting the whole query.

    The fast path is the plain query; only when SQLite reports undecodable text is it run again
    with a tolerant text factory (the caller holds the connection's lock).
    """
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "decode to UTF-8" not in str(exc):
            raise
    saved = conn.text_factory
    conn.text_factory = _tolerant_text
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.text_factory = saved


# ---------------------------------------------------------------------- cell decoders
Decoder = Callable[[Any], Any]


def TEXT(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, BadText):
        raise BadValue(_utf8_detail(value))
    if value is None:
        raise BadValue("missing value")
    if isinstance(value, bytes):
        raise BadValue(f"binary data ({len(value)} bytes) where text is expected")
    raise BadValue(f"{type(value).__name__} where text is expected")


def TEXT_OR_NONE(value: Any) -> str | None:
    return None if value is None else TEXT(value)


def JSON(value: Any) -> Any:
    text = TEXT(value)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadValue(f"invalid JSON ({exc.msg} at character {exc.pos})") from None
    except (ValueError, RecursionError) as exc:  # e.g. a 5000-digit number, 100000 nested [
        raise BadValue(f"JSON that cannot be read ({type(exc).__name__})") from None


def JSON_OR_NONE(value: Any) -> Any:
    return None if value is None else JSON(value)


def JSON_OBJECT(value: Any) -> dict:
    decoded = JSON(value)
    if not isinstance(decoded, dict):
        raise BadValue(f"JSON {type(decoded).__name__} where an object {{…}} is expected")
    return decoded


def INT(value: Any) -> int:
    if isinstance(value, int):
        return value
    raise BadValue(f"{type(value).__name__} where a whole number is expected")


def INT_OR_NONE(value: Any) -> int | None:
    return None if value is None else INT(value)


def SEVERITY(value: Any) -> Severity:
    text = TEXT(value)
    try:
        return Severity(text)
    except ValueError:
        known = ", ".join(s.value for s in Severity)
        raise BadValue(f"unknown severity {text!r} (known: {known})") from None


def _utf8_detail(raw: bytes) -> str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"text that is not valid UTF-8 (byte {exc.start + 1} of {len(raw)})"
    return "text that is not valid UTF-8"


def decode_row(table: str, columns: Sequence[tuple[str, Decoder]], row: Sequence) -> tuple:
    """``row`` = (rowid, value, …) → the decoded values (without the rowid)."""
    out = []
    for (name, decoder), value in zip(columns, row[1:]):
        try:
            out.append(decoder(value))
        except BadValue as bad:
            raise DamagedValue(table, row[0], name, bad.detail, value) from None
    return tuple(out)


def decode_cell(table: str, rowid: int | None, column: str, decoder: Decoder, value: Any) -> Any:
    try:
        return decoder(value)
    except BadValue as bad:
        raise DamagedValue(table, rowid, column, bad.detail, value) from None
