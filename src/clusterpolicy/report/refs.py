"""Cross-references to chapters in the report's texts, for reports that leave chapters out.

A text refers to a chapter as ``{ch_<key>}`` ("第八章" / "chapter 8", from the report's own
numbering). When that chapter is not printed (left out at the user's request, or an optional
step that did not run) no number may be printed. Two marks in a text say what goes instead:

* ``⟦…⟧`` — an optional clause: dropped whole when it refers to a chapter not printed (or when
  a list inside it became empty);
* ``⟪a‖b‖…⟫`` — a list of references: the items that refer to a chapter not printed are
  dropped, the rest joined with "、" (zh) or ", … and" (en).

A reference to a chapter not printed outside these marks prints the chapter's title with
"（本报告未收录）" / "(not included in this report)" instead of a number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: the marks themselves (never printed: :func:`resolve` removes them)
MARKS = "⟦⟧⟪⟫‖"
_REF = re.compile(r"\{(ch_\w+)\}")
_LIST = re.compile(r"⟪([^⟪⟫]*)⟫")
_OPTIONAL = re.compile(r"⟦([^⟦⟧]*)⟧")
_EMPTY = "\x00"


def _dangling(part: str, printed: Mapping[str, str | None]) -> bool:
    return any(printed.get(m) is None for m in _REF.findall(part))


def _join(items: list[str], lang: str) -> str:
    if lang != "en":
        return "、".join(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def resolve(template: str, refs: Mapping[str, str | None], lang: str) -> str:
    """``template`` with its ``⟦⟧`` clauses and ``⟪⟫`` lists settled for ``refs`` ({"ch_key":
    the printed reference, or None when that chapter is not printed}); the ``{ch_…}``
    placeholders stay for ``str.format``."""
    if "⟦" not in template and "⟪" not in template:
        return template

    def one_list(m: re.Match) -> str:
        kept = [it for it in m.group(1).split("‖") if not _dangling(it, refs)]
        return _join(kept, lang) if kept else _EMPTY

    def one_clause(m: re.Match) -> str:
        body = m.group(1)
        return "" if _EMPTY in body or _dangling(body, refs) else body

    out = _LIST.sub(one_list, template)
    out = _OPTIONAL.sub(one_clause, out)
    return out.replace(_EMPTY, "")
