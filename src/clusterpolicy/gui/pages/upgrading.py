"""The 升级 step: its result sheets as sortable, filterable tabs."""

from __future__ import annotations

from clusterpolicy.gui.pages.base import ResultsPage


class UpgradingPage(ResultsPage):
    key = "upgrading"
    charts = True
    sheets = ("upgrading_summary", "upgrading")
