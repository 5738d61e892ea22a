"""The 识别 step: its result sheets as sortable, filterable tabs."""

from __future__ import annotations

from clusterpolicy.gui.pages.base import ResultsPage


class IdentificationPage(ResultsPage):
    key = "identification"
    charts = True
    sheets = (
        "clusters",
        "miit",
        "families",
        "lq",
        "specialization",
        "concentration",
        "shift_share",
    )
