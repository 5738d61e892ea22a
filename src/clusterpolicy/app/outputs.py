"""What an assessment writes: the results workbook, the canonical-tables workbook, the PDF
report, and the blank data-import template (the answers workbook is :mod:`.answer_forms`).

The report and the workbooks are imported only when written (reportlab, matplotlib and openpyxl
are slow to import), so the command line and the desktop app start fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from clusterpolicy.progress import ProgressCallback

__all__ = [
    "charts_data",
    "check_report_chapters",
    "write_canonical",
    "import_template_sheets",
    "report_chapters",
    "report_date_text",
    "write_import_template",
    "write_report",
    "results_csv_files",
    "write_results",
]


def charts_data(result) -> dict[str, pd.DataFrame]:
    """Extra series the report's charts need (the life-cycle employment paths of a fresh run;
    a result set read back from a project has none)."""
    s = getattr(result, "series", None)
    if s is None or not len(s):
        return {}
    cols = ("region_code", "industry_code", "year", "employment", "lq", "firms")
    return {"employment": s[[c for c in cols if c in s]]}


def write_results(path: str | Path, result) -> Path:
    """Every results table of ``result`` (``.tables``, ``.meta``) to a formatted ``.xlsx``; a
    table longer than an Excel sheet goes to a CSV file beside it (:func:`results_csv_files`)."""
    from clusterpolicy.io.export import write_results_workbook

    return write_results_workbook(path, result.tables, result.meta)


def results_csv_files(path: str | Path, result) -> list[Path]:
    """The CSV files :func:`write_results` puts beside ``path`` for ``result``'s long tables."""
    from clusterpolicy.io.export import csv_spills

    return csv_spills(path, result.tables)


def write_canonical(data, path: str | Path) -> Path:
    """The imported canonical tables with provenance and warnings to an ``.xlsx``."""
    from clusterpolicy.io.export import write_canonical_workbook

    return write_canonical_workbook(data, path)


def write_report(
    path: str | Path,
    result,
    *,
    lang: str = "zh",
    preparing_unit: str | None = None,
    signer: str | None = None,
    report_date: date | str | None = None,
    chapters: Iterable[str] | None = None,
    boundaries=None,
    map_approval: str | None = None,
    progress: ProgressCallback | None = None,
) -> Path:
    """The PDF report of ``result``.

    ``preparing_unit`` (编制单位), when given, replaces the run's on the cover and the signature
    block; ``signer`` (签发人) is printed on the cover and pre-filled in the signature block;
    ``report_date`` (a date or ISO text) replaces the run's date on the cover (编制日期) and
    fills the signature block's 日期; ``chapters``: the chapter keys to print (None: all; see
    :func:`report_chapters` — an unknown key or a selection without a mandatory chapter raises
    a located ``ProblemError``, also a ``ValueError``). ``boundaries``: a GeoJSON file of the
    regions' boundaries, or the :class:`~clusterpolicy.io.boundaries.Boundaries` already read —
    the report then maps the selected clusters' LQs and the welfare index, with the approval
    number (审图号) ``map_approval`` (else the file's own) under each map. A bad file raises a
    located ``ProblemError``."""
    from clusterpolicy.report.outline import chosen_chapters

    chosen = chosen_chapters(chapters)  # refused before the slow imports
    meta = dict(result.meta)
    if preparing_unit:
        meta["preparing_unit"] = preparing_unit
    if signer and str(signer).strip():
        meta["signer"] = str(signer).strip()
    if report_date:
        meta["report_date"] = report_date_text(report_date)
    from clusterpolicy.report.builder import build_report

    extra = charts_data(result)
    if boundaries:
        from clusterpolicy.io.boundaries import Boundaries, read_boundaries

        b = boundaries if isinstance(boundaries, Boundaries) else read_boundaries(boundaries)
        extra["boundaries"] = b.rings
        meta["map_source"] = b.source
        meta["map_approval"] = (map_approval or b.approval or "").strip()
    return build_report(
        result.tables,
        meta,
        path,
        lang=lang,
        charts_data=extra,
        progress=progress,
        chapters=chosen,
    )


def report_date_text(value: date | str) -> str:
    """A report date as ISO text ("2026-12-03"); a text that is not a date is a located
    ``ProblemError`` (zh + en)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        from clusterpolicy.messages import Problem, ProblemError, Severity

        raise ProblemError(
            [
                Problem(
                    "report_date_invalid",
                    Severity.ERROR,
                    f"报告日期“{value}”不是有效日期",
                    f"The report date '{value}' is not a date",
                    "请按“2026-12-03”的格式填写。",
                    "Write it as 2026-12-03.",
                )
            ]
        ) from None


def check_report_chapters(chapters: Iterable[str] | None) -> None:
    """Raise the located ``ProblemError`` :func:`write_report` would raise for ``chapters``."""
    from clusterpolicy.report.outline import chosen_chapters

    chosen_chapters(chapters)


def report_chapters(lang: str = "zh") -> list[tuple[str, str, bool]]:
    """The report's chapters for a chooser: [(key, title, can_omit)] in print order, titles in
    ``lang`` from the report's own texts (loads no reportlab)."""
    from clusterpolicy.report.outline import chapter_choices

    return chapter_choices(lang)


def import_template_sheets() -> list[str]:
    """The sheet names of the blank data-import template."""
    from clusterpolicy.io.template import TEMPLATE_TABLES

    return list(TEMPLATE_TABLES)


def write_import_template(path: str | Path, lang: str = "zh") -> Path:
    """The blank bilingual data-import workbook (one sheet per canonical table)."""
    from clusterpolicy.io.template import write_template

    return write_template(path, lang=lang)
