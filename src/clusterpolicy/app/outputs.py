"""What an assessment writes: the results workbook, the canonical-tables workbook, the PDF
report, and the blank data-import template (the answers workbook is :mod:`.answer_forms`).

The report and the workbooks are imported only when written (reportlab, matplotlib and openpyxl
are slow to import), so the command line and the desktop app start fast.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusterpolicy.progress import ProgressCallback

__all__ = [
    "charts_data",
    "write_canonical",
    "import_template_sheets",
    "write_import_template",
    "write_report",
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
    """Every results table of ``result`` (``.tables``, ``.meta``) to a formatted ``.xlsx``."""
    from clusterpolicy.io.export import write_results_workbook

    return write_results_workbook(path, result.tables, result.meta)


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
    boundaries=None,
    map_approval: str | None = None,
    progress: ProgressCallback | None = None,
) -> Path:
    """The PDF report of ``result`` (``preparing_unit``, when given, replaces the run's 编制单位
    on the cover and the signature block). ``boundaries``: a GeoJSON file of the regions'
    boundaries, or the :class:`~clusterpolicy.io.boundaries.Boundaries` already read — the
    report then maps the selected clusters' LQs and the welfare index, with the
    approval number (审图号) ``map_approval`` (else the file's own) under each map. A bad file
    raises a located ``ProblemError``."""
    from clusterpolicy.report.builder import build_report

    meta = dict(result.meta)
    if preparing_unit:
        meta["preparing_unit"] = preparing_unit
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
    )


def import_template_sheets() -> list[str]:
    """The sheet names of the blank data-import template."""
    from clusterpolicy.io.template import TEMPLATE_TABLES

    return list(TEMPLATE_TABLES)


def write_import_template(path: str | Path, lang: str = "zh") -> Path:
    """The blank bilingual data-import workbook (one sheet per canonical table)."""
    from clusterpolicy.io.template import write_template

    return write_template(path, lang=lang)
