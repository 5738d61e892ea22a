"""Engine and knowledge-base texts in the plain form the report prints, for the app's tables.

The engines write their readings and evidence for reviewers too: seed line references ("种子000
L84"), review notes, item ids. The report prints them through :mod:`clusterpolicy.report.plain`;
the desktop app's result tables show the same plain forms (:func:`plain_cell`), so an official
never meets "种子000（第5章）" in one and 《…》第五章 in the other. The results workbook keeps the
texts as the engines wrote them.
"""

from __future__ import annotations

from functools import lru_cache

#: columns of prose (by name prefix) shown in plain form; ``source`` columns as citations
PROSE_PREFIXES = (
    "reading", "text", "evidence", "reason", "detail", "why", "finding", "note", "question",
    "interpretation",
)  # fmt: skip


@lru_cache(maxsize=50_000)
def _clean(text: str, lang: str) -> str:
    from clusterpolicy.report import plain

    return plain.clean(text, lang) or text


@lru_cache(maxsize=5_000)
def _source(text: str, lang: str) -> str:
    from clusterpolicy.report import plain

    return plain.source(text, lang) or text


def plain_cell(column: str, text: str, lang: str = "zh") -> str:
    """``text`` of result column ``column`` as the report would print it (unchanged for a
    column that is not prose or a source: the very same object, so callers can tell)."""
    name = column.lower()
    if name == "source" or name.startswith("source_"):
        return _source(text, lang)
    if name.startswith(PROSE_PREFIXES):
        return _clean(text, lang)
    return text
