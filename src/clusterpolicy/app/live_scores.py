"""Live upgrading scores: the technology and brand checklists scored again as answers change,
without running the whole assessment (the upgrading page calls it after each answer).

:func:`rescore` takes the window's current result (an
:class:`~clusterpolicy.assess.pipeline.AssessmentResult` or a project's result set), the data,
the rule profile and the answers now, and returns a new :class:`LiveResult` — the stored result
is never changed. It recomputes the upgrading sheets and the action plan that ranks their gaps
(:data:`LIVE_SHEETS`); every other sheet is the run's own object. The upgrading sheets are
exactly what a full run with the same answers gives (``tests/app/test_live_scores.py`` checks
it on the sample); so is the action plan as long as nothing else the run reads has changed —
the existence and life-cycle answers, the stage overrides and the settings are read from the run
(its clusters, stages and selection), and a change of those still needs the whole run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clusterpolicy.assess.pipeline import RESCORED_SHEETS, AssessmentResult, rescore_upgrading
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.knowledge import Profile
from clusterpolicy.model import CanonicalData
from clusterpolicy.model.answers import Answers
from clusterpolicy.progress import ProgressCallback

__all__ = ["LIVE_SHEETS", "LiveResult", "can_rescore", "rescore", "run_of"]

#: the sheets a live re-score replaces (the upgrading scores and the action plan built on them)
LIVE_SHEETS = RESCORED_SHEETS


@dataclass
class LiveResult(AssessmentResult):
    """A result whose :data:`LIVE_SHEETS` were re-scored after the full run ``run`` (the run the
    other sheets come from; never itself a LiveResult). ``updated``: the sheets replaced."""

    run: object = None
    updated: tuple[str, ...] = field(default_factory=tuple)


def run_of(result):
    """The full run a result comes from: ``result`` itself unless it is a :class:`LiveResult`."""
    return getattr(result, "run", None) or result


def can_rescore(result, data) -> bool:
    """Whether ``result`` can be re-scored live: a finished run (its meta names the end year)
    and the data it was computed from."""
    meta = getattr(result, "meta", None) or {}
    return data is not None and bool(getattr(result, "tables", None)) and "end_year" in meta


def rescore(
    result,
    data: CanonicalData,
    profile: Profile,
    answers: Answers,
    settings: AssessmentSettings | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> LiveResult:
    """``result`` with its upgrading sheets and action plan recomputed from ``answers`` (module
    doc). The run's focal region, end year, reference area and selected clusters come from
    ``result.meta`` — the settings the sheets beside them were made with; ``settings`` (the
    window's now) only fill in what an older result's meta lacks."""
    meta = dict(result.meta)
    if settings is not None:
        meta.setdefault("region_code", settings.focal_region or "")
        meta.setdefault("reference_code", settings.reference_code or "")
    fresh = rescore_upgrading(
        data, result.tables, meta, profile=profile, answers=answers, progress=progress
    )
    tables = {**result.tables, **fresh}
    base = run_of(result)
    return LiveResult(
        tables=tables,
        meta=dict(result.meta),
        series=getattr(result, "series", None),
        warnings=list(getattr(result, "warnings", []) or []),
        run=base,
        updated=tuple(n for n in LIVE_SHEETS if n in fresh),
    )
