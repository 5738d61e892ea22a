"""The chapter registry: one builder function per chapter, registered with :func:`section`.

A builder takes the :class:`~clusterpolicy.report.context.Context` (result tables, meta,
language, numbering) and returns flowables. The registry records which sheets a chapter needs;
if none of them is present the chapter prints its heading and "本次评估未包含此部分" instead of
failing. Inside a chapter every sub-part checks its own sheet the same way. Builders read only
the columns named in their docstrings; missing optional columns print "—", extra columns are
ignored. The builders live in :mod:`clusterpolicy.report.chapters`, one module per chapter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.platypus import Flowable, KeepTogether

from clusterpolicy.report.context import Context
from clusterpolicy.report.flowables import Heading
from clusterpolicy.report.outline import CHAPTER_ORDER, MANDATORY, OPTIONAL, UNNUMBERED
from clusterpolicy.report.texts import tr

__all__ = [
    "CHAPTER_ORDER",
    "MANDATORY",
    "OPTIONAL",
    "SECTIONS",
    "UNNUMBERED",
    "Context",
    "Section",
    "build_chapter",
    "chapter_numbers",
    "printed_chapters",
    "section",
]

SectionBuilder = Callable[[Context], list[Flowable]]


@dataclass(frozen=True)
class Section:
    key: str
    title_key: str
    sheets: tuple[str, ...]
    build: SectionBuilder


#: Chapter key → Section, in report order.
SECTIONS: dict[str, Section] = {}


def section(
    key: str, title_key: str, sheets: tuple[str, ...]
) -> Callable[[SectionBuilder], SectionBuilder]:
    """Register a chapter builder that needs at least one of ``sheets``."""

    def register(fn: SectionBuilder) -> SectionBuilder:
        SECTIONS[key] = Section(key, title_key, sheets, fn)
        return fn

    return register


def build_chapter(key: str, ctx: Context) -> list[Flowable]:
    """Heading + body of a chapter, or heading + "not included" if its sheets are all missing."""
    sec = SECTIONS[key]
    if not _printed(key, ctx.tables, ctx.chosen):
        return []  # a step the user did not ask for, or a chapter left out, leaves nothing
    out: list[Flowable] = ctx.heading(
        1, tr(sec.title_key, ctx.lang), numbered=key not in UNNUMBERED
    )
    if sec.sheets and not any(ctx.sheet(s) is not None for s in sec.sheets):
        return out + ctx.missing(*sec.sheets)
    return _keep_headings_with_blocks(out + sec.build(ctx))


def _keep_headings_with_blocks(flowables: list[Flowable]) -> list[Flowable]:
    """Headings directly followed by a kept-together block (a short table, a figure) join that
    block, so a heading never stays alone at the foot of a page while its table moves on
    (reportlab's keepWithNext does not reach into a KeepTogether)."""
    out: list[Flowable] = []
    run: list[Flowable] = []
    for f in flowables:
        if isinstance(f, Heading):
            run.append(f)
            continue
        if run and isinstance(f, KeepTogether):
            out.append(KeepTogether([*run, *f._content]))  # noqa: SLF001 - its flowables
        else:
            out.extend(run)
            out.append(f)
        run = []
    return out + run


# --- shared helpers ----------------------------------------------------------------------------


def chapter_numbers(tables: dict, chosen: frozenset[str] | None = None) -> dict[str, int]:
    """{chapter key: its printed number} for the chapters this report will number: the
    unnumbered ones left out, an optional chapter only when one of its sheets is present, and
    only the chapters in ``chosen`` (None: all) — the texts' cross-references ``{ch_policy}`` …
    come from this, never from fixed numbers."""
    out: dict[str, int] = {}
    for key in CHAPTER_ORDER:
        if key not in UNNUMBERED and _printed(key, tables, chosen):
            out[key] = len(out) + 1
    return out


def printed_chapters(tables: dict, chosen: frozenset[str] | None = None) -> list[str]:
    """The chapter keys this report prints, in order (numbered or not)."""
    return [k for k in CHAPTER_ORDER if _printed(k, tables, chosen)]


def _printed(key: str, tables: dict, chosen: frozenset[str] | None = None) -> bool:
    """Whether chapter ``key`` is printed: unless the user left it out (not in ``chosen``), or
    it is an optional chapter none of whose sheets is present and non-empty."""
    if chosen is not None and key not in chosen:
        return False
    if key not in OPTIONAL:
        return True
    sheets = SECTIONS[key].sheets if key in SECTIONS else ()
    return any(tables.get(s) is not None and len(tables[s]) for s in sheets)


# the chapter modules register themselves with @section on import
from clusterpolicy.report import chapters  # noqa: E402, F401
