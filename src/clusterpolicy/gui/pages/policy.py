"""The 政策 step: its result sheets as sortable, filterable tabs."""

from __future__ import annotations

from clusterpolicy.gui.pages.base import ResultsPage


class PolicyPage(ResultsPage):
    key = "policy"
    sheets = (
        "actions",
        "actions_withheld",
        "plan_context",
        "red_flags",
        "roles",
        "policy_quality",
        "profile",
    )
