"""The 均等化 step: its result sheets as sortable, filterable tabs."""

from __future__ import annotations

from clusterpolicy.gui.pages.base import ResultsPage


class EqualizationPage(ResultsPage):
    key = "equalization"
    charts = True
    sheets = ("equalization", "inequality", "agglomeration_threshold", "scenario", "transfers")
