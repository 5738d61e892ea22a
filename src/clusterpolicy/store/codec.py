"""JSON in and out of the project file: strict when writing, plain values only."""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any) -> str:
    """Strict JSON (no NaN/inf): settings, answers and meta must be portable plain values."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=False)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)
