"""The welfare-effects step: the panel estimates (only when asked for: they take a while)."""

from __future__ import annotations

from clusterpolicy.gui.pages.base import ResultsPage
from clusterpolicy.gui.texts import tr


class EffectsPage(ResultsPage):
    key = "effects"
    charts = True
    sheets = ("welfare_effects_readings", "welfare_effects", "welfare_effects_panel")

    def state_text(self) -> tuple[str, str]:
        state, text = super().state_text()
        if self.window_.result is not None and "welfare_effects" not in self.sheet_tables():
            return "impossible", tr("effects_off", self.lang)
        return state, text
