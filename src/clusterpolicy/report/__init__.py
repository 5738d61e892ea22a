"""The PDF assessment report: charts (matplotlib, Agg), layout (reportlab platypus), the CJK font.

Public API: :func:`build_report` (see :mod:`.builder`), :func:`font_path` (for Qt).
Module map: ``styles`` (all fonts, colours, sizes, page geometry), ``fonts`` (registration),
``texts`` (every fixed text, zh + en), ``formatting`` (万元/亿元, 增长x.x%, heading numbers),
``flowables`` (custom flowables), ``charts`` (PNG charts), ``outline`` (the chapter keys and
which may be left out — light, no reportlab), ``sections`` (chapter registry), ``context`` (the
builders' Context), ``refs`` (cross-references to chapters), ``chapters/`` (one module per
chapter), ``builder`` (document template, cover, TOC, signature, build).

The names below are imported on first use (PEP 562): importing ``clusterpolicy.report.texts``
or ``.outline`` (the report-options dialog does) must not load reportlab and matplotlib.
"""

from __future__ import annotations

__all__ = ["build_report", "build_report_bytes", "font_path"]


def __getattr__(name: str):
    if name in ("build_report", "build_report_bytes"):
        from clusterpolicy.report import builder

        return getattr(builder, name)
    if name == "font_path":
        from clusterpolicy.report.fonts import font_path

        return font_path
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
