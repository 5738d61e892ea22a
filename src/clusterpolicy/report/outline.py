"""The report's chapters as the user chooses them: the keys in print order, which ones carry a
number, which are left out when their data is absent, and which can never be left out.

Light on purpose (no reportlab, no pandas): the desktop app's report-options dialog lists the
chapters from here without loading the report machinery.

Two chapters are mandatory:

* ``appendix`` (方法与依据) — every threshold and rule of the profile in force, the formulas
  and the data provenance. A printed conclusion whose thresholds cannot be checked is not an
  assessment (issue #14: "the report names the profile in force"; locally changed thresholds
  must be visible to the reader).
* ``limitations`` (评估局限与数据质量) — how far the conclusions can be relied on (coverage,
  breaks, unanswered items, defaults in force). Leaving it out would let a report state
  findings without the caveats that qualify them; the brief also points the reader at it.

Every other chapter may be left out; at least one of them must stay (a report of caveats and
methods alone has nothing to qualify).
"""

from __future__ import annotations

from collections.abc import Iterable

from clusterpolicy.messages import Problem, ProblemError, Severity

__all__ = [
    "CHAPTER_ORDER",
    "MANDATORY",
    "OPTIONAL",
    "UNNUMBERED",
    "ChapterChoiceError",
    "chapter_choices",
    "chosen_chapters",
]

#: Chapters in report order (the signature block follows "limitations"; the appendix comes last).
CHAPTER_ORDER = [
    "brief",
    "summary",
    "identification",
    "lifecycle",
    "technology",
    "brand",
    "equalization",
    "welfare_effects",
    "policy",
    "limitations",
    "appendix",
]
#: Chapters without a chapter number (the brief comes before the table of contents)
UNNUMBERED = ("brief", "appendix")
#: Chapters of optional steps: left out when their sheets are absent
OPTIONAL = ("welfare_effects",)
#: Chapters the user cannot leave out (see the module docstring for why)
MANDATORY = ("limitations", "appendix")


class ChapterChoiceError(ProblemError, ValueError):
    """A chapter selection that cannot be printed (located, zh + en)."""


def _problem(code: str, zh: str, en: str, fix_zh: str, fix_en: str) -> ChapterChoiceError:
    return ChapterChoiceError([Problem(code, Severity.ERROR, zh, en, fix_zh, fix_en)])


def chosen_chapters(chapters: Iterable[str] | None) -> frozenset[str] | None:
    """The checked set of chapter keys to print (None: all). Raises
    :class:`ChapterChoiceError` for an unknown key, a selection without a mandatory chapter, or
    one with nothing but the mandatory chapters."""
    if chapters is None:
        return None
    if isinstance(chapters, str):
        chapters = [chapters]
    keys = [str(k) for k in chapters]
    unknown = [k for k in keys if k not in CHAPTER_ORDER]
    if unknown:
        from clusterpolicy.report.texts import tr

        names = "、".join(unknown)
        raise _problem(
            "report_chapter_unknown",
            f"报告没有这些章节：{names}",
            f"The report has no chapter {', '.join(unknown)}",
            "可选的章节：" + "、".join(tr(f"ch.{k}", "zh") for k in CHAPTER_ORDER) + "。",
            "Chapters: " + ", ".join(CHAPTER_ORDER) + ".",
        )
    missing = [k for k in MANDATORY if k not in keys]
    if missing:
        from clusterpolicy.report.texts import tr

        raise _problem(
            "report_chapter_mandatory",
            "以下章节不能省略：" + "、".join(f"“{tr(f'ch.{k}', 'zh')}”" for k in missing),
            "These chapters cannot be left out: "
            + ", ".join(f"“{tr(f'ch.{k}', 'en')}”" for k in missing),
            "附录列出全部判定门槛和规则，局限一章说明结论的可靠程度：二者须随报告印发。",
            "The appendix shows every threshold and rule, the limitations chapter how far the "
            "conclusions can be relied on: both go with every report.",
        )
    if not set(keys) - set(MANDATORY):
        raise _problem(
            "report_chapter_none",
            "未选择任何评估章节。",
            "No assessment chapter is chosen.",
            "请至少选择一章（如“评估结论摘要”）。",
            "Choose at least one chapter (e.g. the summary of findings).",
        )
    return frozenset(keys)


def chapter_choices(lang: str = "zh") -> list[tuple[str, str, bool]]:
    """[(key, title, can_omit)] in report order, titles from the report's own texts."""
    from clusterpolicy.report.texts import tr

    return [(k, tr(f"ch.{k}", lang), k not in MANDATORY) for k in CHAPTER_ORDER]
