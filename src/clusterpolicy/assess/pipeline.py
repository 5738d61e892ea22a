"""The whole assessment in one call: indicators → identification → life cycle → upgrading →
equalization → policy (DESIGN §2, steps 3–7).

:func:`run_assessment` takes canonical data, the user's settings, the rule profile and the
officials' answers, and returns an :class:`AssessmentResult`: the results-contract sheets
(plain DataFrames) and a ``meta`` dict. The command line, the GUI, the project file, the results
workbook and the PDF report all use this one result; nothing is recomputed downstream.

Progress is reported through the plain callback; a :class:`~clusterpolicy.progress.Cancelled`
raised by it stops the run with no partial result.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy import __version__
from clusterpolicy.assess import steps
from clusterpolicy.assess.equalization.scenario import scenario_assumptions
from clusterpolicy.assess.findings import equalization_findings
from clusterpolicy.assess.indicators import compute_indicator_tables
from clusterpolicy.assess.lifecycle import LIFECYCLE_COLUMNS
from clusterpolicy.assess.peers import peer_tables
from clusterpolicy.assess.plan_fields import PlanInputs
from clusterpolicy.assess.policy import plan_policy
from clusterpolicy.assess.reference import with_reference
from clusterpolicy.assess.selection import (
    clusters_to_assess,
    data_years,
    focal_region,
)
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.assess.shape import check_years, primary_measure
from clusterpolicy.assess.steps import Run, equalization_year
from clusterpolicy.knowledge import Profile
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model import CanonicalData
from clusterpolicy.model.answers import Answers
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress

log = logging.getLogger(__name__)

__all__ = [
    "RESCORED_SHEETS",
    "AssessmentResult",
    "clusters_to_assess",
    "equalization_year",
    "rescore_upgrading",
    "run_assessment",
]


@dataclass
class AssessmentResult:
    tables: dict[str, pd.DataFrame]
    meta: dict
    series: pd.DataFrame | None = (
        None  # yearly LQ / employment / firms per selected cluster (charts)
    )
    warnings: list[str] = field(default_factory=list)


def _dimension_labels(profile: Profile) -> dict[str, tuple[str, str]]:
    """{dimension id: (label_zh, label_en)} of every checklist, for the report and the GUI."""
    out: dict[str, tuple[str, str]] = {}
    for kb in profile.files_of("checklist"):
        for d in kb.dimensions:
            out[str(d.get("id"))] = (d.get("label_zh", d.get("id")), d.get("label_en", d.get("id")))
    return out


def _no_years() -> ProblemError:
    return ProblemError(
        [
            Problem(
                "no_years",
                Severity.ERROR,
                "数据中没有年份，无法评估",
                "the data has no years to assess",
                "检查导入的表格是否含有年份列或以年份命名的工作表",
                "check that the workbook has a year column or year-named sheets",
            )
        ]
    )


def _meta(run: Run, inputs) -> dict:
    data, settings, profile = run.data, run.settings, run.profile
    main = getattr(run.ident, "clusters", None)
    ref_zh = ref_en = ""
    if main is not None and len(main):
        ref_zh, ref_en = (
            str(main["reference_name_zh"].iloc[0]),
            str(main["reference_name_en"].iloc[0]),
        )
    return {
        "app_version": __version__,
        **profile.meta(),  # profile_id, profile_version, profile_date
        "region_code": run.focal,
        "region_name_zh": data.region_name(run.focal, "zh"),
        "region_name_en": data.region_name(run.focal, "en"),
        "reference_code": settings.reference_code or "",
        "reference_name": data.region_name(settings.reference_code, "zh")
        if settings.reference_code
        else "",
        "reference_name_zh": ref_zh,
        "reference_name_en": ref_en,
        "lq_measure": run.measure or "",
        "base_year": run.base_year,
        "end_year": run.end_year,
        "created": settings.created,
        "preparing_unit": settings.preparing_unit,
        "selected_clusters": run.selected,
        "inputs": list(inputs),
        "warnings": [w.text(settings.lang) for w in data.warnings] + run.warnings,
        "lang": settings.lang,
        "dimension_labels": _dimension_labels(profile),
        "steps": run.steps.as_list(),
    }


def _start(data, settings, profile, answers, progress) -> Run:
    years = data_years(data)
    if not years:
        raise _no_years()
    check_years(years, settings.base_year, settings.end_year)
    base = int(settings.base_year or years[0])
    end = int(settings.end_year or years[-1])
    run = Run(
        data,
        settings,
        profile,
        answers or Answers(),
        focal_region(data, settings),
        base,
        end,
        progress,
    )
    run.measure = primary_measure(data, end) if len(data.industry_data) else None
    return run


def _policy(tables, lc, upgrading, answers, profile, focal, eq_year, progress):
    """The policy step on the diagnoses in ``tables`` (the full run and
    :func:`rescore_upgrading` both call it, so the two give the same action plan)."""
    return plan_policy(
        dict(zip(lc["industry_code"].astype(str), lc["stage"])),
        upgrading,
        equalization_findings(tables, focal, eq_year, profile),
        answers,
        profile,
        region_code=focal,
        inputs=PlanInputs(
            lifecycle=lc,
            clusters=tables.get("clusters"),
            equalization=tables.get("equalization"),
            focal=focal,
            year=eq_year,
        ),
        progress=progress,
    )


def run_assessment(
    data: CanonicalData,
    settings: AssessmentSettings | None = None,
    *,
    profile: Profile,
    answers: Answers | None = None,
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    scenario: Mapping | None = None,
    inputs: Iterable[str] = (),
    reference: CanonicalData | None = None,
    progress: ProgressCallback | None = None,
) -> AssessmentResult:
    """Run steps 3–7 on ``data`` and return every results sheet with its metadata. Each step
    runs on what the data allows; the ``steps`` sheet says what was done and what was not, and
    what data would allow it. ``reference``: a reference workbook (the province's or the
    nation's figures, :func:`clusterpolicy.assess.reference.with_reference`). The rule
    ``profile`` is required: engines never read the knowledge base themselves."""
    report = ensure(progress)
    settings = settings or AssessmentSettings()
    if reference is not None:
        data = with_reference(data, reference, settings.reference_code)
    run = _start(data, settings, profile, answers, progress)
    report(0.0, "指标计算 / indicators")
    run.tables.update(
        compute_indicator_tables(
            run.data,
            reference_region=settings.reference_code,
            base_year=run.base_year,
            end_year=run.end_year,
            progress=run.sub(0.0, 0.35),
        )
    )
    report(0.35, "集群识别 / identification")
    clusters = steps.identification(run)
    report(0.45, "生命周期 / life cycle")
    lifecycle = steps.lifecycle(run, overrides)
    report(0.55, "升级评估 / upgrading")
    upgrading = steps.upgrading(run)
    report(0.70, "福利均等化 / equalization")
    eq_year = steps.equalization(run, clusters, scenario)
    run.tables.update(
        peer_tables(
            run.data,
            run.focal,
            run.measure,
            run.base_year,
            run.end_year,
            profile,
            run.tables,
            run.selected,
            named=settings.peers,
        )
    )
    report(0.85, "政策建议 / policy")
    policy = _policy(
        run.tables, lifecycle.lifecycle, upgrading, run.answers, profile, run.focal, eq_year,
        run.sub(0.85, 0.97),
    )  # fmt: skip
    run.tables.update(policy.tables())
    run.steps.done("policy")
    run.tables["steps"] = run.steps.table()
    run.tables["profile"] = profile.thresholds_table()
    meta = _meta(run, inputs)
    sc = run.tables.get("scenario")
    if scenario and eq_year is not None and sc is not None and len(sc):
        meta["scenario"] = scenario_assumptions(scenario, eq_year)  # what the report prints
    report(1.0, "完成 / done")
    return AssessmentResult(
        tables=run.tables, meta=meta, series=lifecycle.series, warnings=run.warnings
    )


#: the sheets :func:`rescore_upgrading` recomputes: the upgrading step's and the policy step's
#: (the action plan ranks the upgrading gaps; its other inputs are read from the run's tables)
RESCORED_SHEETS = (
    "upgrading",
    "upgrading_summary",
    "actions",
    "red_flags",
    "actions_withheld",
    "plan_context",
    "roles",
    "policy_quality",
)


def rescore_upgrading(
    data: CanonicalData,
    tables: Mapping[str, pd.DataFrame],
    meta: Mapping,
    *,
    profile: Profile,
    answers: Answers | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, pd.DataFrame]:
    """The upgrading checklists of a finished run scored again with new ``answers``, and the
    action plan built again on them: the :data:`RESCORED_SHEETS` as :func:`run_assessment`
    would give them with the same data, settings, answers and overrides. Everything else is
    read from the run (``tables``, ``meta``: its focal region, end year, reference area,
    selected clusters, life-cycle stages, clusters and equalization tables) — a change of those
    inputs needs the whole run."""
    report = ensure(progress)
    answers = answers or Answers()
    focal = str(meta.get("region_code") or "")
    end_year = int(meta["end_year"])
    selected = [str(c) for c in meta.get("selected_clusters") or []]
    settings = AssessmentSettings(reference_code=meta.get("reference_code") or None)
    out: dict[str, pd.DataFrame] = {}
    upgrading = steps.upgrading_all(
        data, focal, selected, profile, answers, end_year, settings, sub_progress(progress, 0, 0.6)
    )
    for name in ("upgrading", "upgrading_summary"):
        frames = [u.tables()[name] for u in upgrading]
        if frames:
            out[name] = pd.concat(frames, ignore_index=True)
    report(0.6, "政策建议 / policy")
    lc = tables.get("lifecycle")
    if lc is None:
        lc = pd.DataFrame(columns=LIFECYCLE_COLUMNS)
    eq_year = None
    if tables.get("equalization") is not None:
        eq_year = equalization_year(data, end_year)
    policy = _policy(
        tables, lc, upgrading, answers, profile, focal, eq_year, sub_progress(progress, 0.6, 1.0)
    )
    out.update(policy.tables())
    report(1.0, "")
    return out
