"""One module per workflow step; each page is imported and built the first time it is shown.

:data:`PAGES` lists the steps in order as (key, module, class). ``key`` is the step model's key
(:mod:`clusterpolicy.app.steps`) where it has one; the window keeps a placeholder for every page
and calls :func:`build` when the step is first selected (or a test asks for the page).
"""

from __future__ import annotations

from importlib import import_module

PAGES: tuple[tuple[str, str, str], ...] = (
    ("data", "data", "DataPage"),
    ("identification", "identification", "IdentificationPage"),
    ("lifecycle", "lifecycle", "LifecyclePage"),
    ("upgrading", "upgrading", "UpgradingPage"),
    ("equalization", "equalization", "EqualizationPage"),
    ("effects", "effects", "EffectsPage"),
    ("policy", "policy", "PolicyPage"),
    ("judgements", "judgements", "JudgementsStep"),
    ("report", "report", "ReportPage"),
)
KEYS = tuple(k for k, _m, _c in PAGES)


def build(key: str, window):
    """Import the page module of step ``key`` and make its page for ``window``."""
    _key, module, cls = next(p for p in PAGES if p[0] == key)
    page_class = getattr(import_module(f"{__name__}.{module}"), cls)
    return page_class(window)
