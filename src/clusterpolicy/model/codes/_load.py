"""Reading the code tables in ``resources/codes/`` (cached) and the one name normalisation."""

from __future__ import annotations

import unicodedata
from functools import cache

import pandas as pd

from clusterpolicy.paths import resource

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


@cache
def read_table(name: str) -> pd.DataFrame:
    """A code table as read (all columns ``string``); callers copy before handing it out."""
    df = pd.read_csv(resource("codes", name), dtype=str, keep_default_na=False, encoding="utf-8")
    return df.astype("string")


def table_exists(name: str) -> bool:
    try:
        return resource("codes", name).is_file()
    except FileNotFoundError:
        return False


def normalise_name(text: object) -> str:
    """NFKC (full-width → half-width), zero-width characters removed, every whitespace
    character dropped (also inner and full-width ones: "北 京" = "北京"), casefolded."""
    t = unicodedata.normalize("NFKC", str(text)).translate(_INVISIBLE)
    return "".join(ch for ch in t if not ch.isspace()).casefold()
