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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy import __version__
from clusterpolicy.assess.equalization import assess_equalization
from clusterpolicy.assess.findings import equalization_findings
from clusterpolicy.assess.identification import identify_clusters
from clusterpolicy.assess.indicators import compute_indicator_tables
from clusterpolicy.assess.lifecycle import diagnose_lifecycle
from clusterpolicy.assess.policy import plan_policy
from clusterpolicy.assess.selection import (
    clusters_to_assess,
    data_years,
    focal_region,
    select_clusters,
)
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.assess.upgrading import assess_upgrading
from clusterpolicy.knowledge import Profile
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model import CanonicalData
from clusterpolicy.model.answers import Answers
from clusterpolicy.model.derive import with_per_capita
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress

__all__ = [
    "AssessmentResult",
    "clusters_to_assess",
    "equalization_year",
    "run_assessment",
]

_WELFARE_INPUTS = (
    "disposable_income_pc",
    "education_exp_pc",
    "health_exp_pc",
    "social_security_exp_pc",
    "manufacturing_employment",
)


@dataclass
class AssessmentResult:
    tables: dict[str, pd.DataFrame]
    meta: dict
    series: pd.DataFrame | None = (
        None  # yearly LQ / employment / firms per selected cluster (charts)
    )
    warnings: list[str] = field(default_factory=list)


def equalization_year(data: CanonicalData, end_year: int) -> int | None:
    """The year the equalization step looks at: the assessment's end year when region data has
    population and a welfare indicator for at least two regions then, else the latest such year
    before it (else the latest such year at all). Provincial panels often end in different years
    for income, population and industry data."""
    rd = with_per_capita(data.region_data)  # per-capita values derived from totals count too
    if not len(rd) or "population" not in rd:
        return None
    cols = [c for c in _WELFARE_INPUTS if c in rd]
    if not cols:
        return None
    usable = rd["population"].notna() & rd[cols].notna().any(axis=1)
    counts = rd.loc[usable].groupby("year")["region_code"].nunique()
    years = sorted(int(y) for y, n in counts.items() if n >= 2)
    if not years:
        return None
    if end_year in years:
        return end_year
    before = [y for y in years if y <= end_year]
    return before[-1] if before else years[-1]


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


def _upgrading(data, focal, selected, profile, answers, end_year, settings, progress) -> list:
    out = []
    n = max(len(selected), 1)
    for i, code in enumerate(selected):
        out.append(
            assess_upgrading(
                data,
                focal,
                code,
                profile,
                answers,
                year=end_year,
                reference_code=settings.reference_code,
                progress=sub_progress(progress, i / n, (i + 1) / n),
            )
        )
    return out


def _meta(data, settings, profile, focal, base_year, end_year, selected, inputs, warnings) -> dict:
    return {
        "app_version": __version__,
        **profile.meta(),  # profile_id, profile_version, profile_date
        "region_code": focal,
        "region_name_zh": data.region_name(focal, "zh"),
        "region_name_en": data.region_name(focal, "en"),
        "reference_code": settings.reference_code or "",
        "reference_name": data.region_name(settings.reference_code, "zh")
        if settings.reference_code
        else "",
        "base_year": base_year,
        "end_year": end_year,
        "created": settings.created,
        "preparing_unit": settings.preparing_unit,
        "selected_clusters": selected,
        "inputs": list(inputs),
        "warnings": [w.text(settings.lang) for w in data.warnings] + warnings,
        "lang": settings.lang,
        "dimension_labels": _dimension_labels(profile),
    }


@dataclass
class _Run:
    """The state one assessment run passes from step to step."""

    data: CanonicalData
    settings: AssessmentSettings
    profile: Profile
    answers: Answers
    focal: str
    base_year: int
    end_year: int
    progress: ProgressCallback | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)

    def sub(self, a: float, b: float) -> ProgressCallback:
        return sub_progress(self.progress, a, b)


def _identification(run: _Run) -> pd.DataFrame:
    ident = identify_clusters(
        run.data,
        run.focal,
        year=run.end_year,
        profile=run.profile,
        existence=run.answers.by_cluster("existence"),
        progress=run.sub(0.35, 0.45),
    )
    clusters = select_clusters(ident.clusters, run.settings, run.profile)
    run.tables["clusters"] = clusters
    run.warnings += list(ident.warnings)
    run.selected = [str(c) for c in clusters.loc[clusters["selected"], "industry_code"]]
    return clusters


def _lifecycle(run: _Run, overrides):
    lifecycle = diagnose_lifecycle(
        run.data,
        run.focal,
        run.selected,
        base_year=run.base_year,
        end_year=run.end_year,
        profile=run.profile,
        questionnaire_items=run.profile.questionnaire("questionnaire.lifecycle").items,
        answers=run.answers.by_cluster("lifecycle"),
        overrides=overrides,
        progress=run.sub(0.45, 0.55),
    )
    run.tables.update(lifecycle.tables())
    run.warnings += list(lifecycle.warnings)
    return lifecycle


def _upgrading_step(run: _Run) -> list:
    upgrading = _upgrading(
        run.data,
        run.focal,
        run.selected,
        run.profile,
        run.answers,
        run.end_year,
        run.settings,
        run.sub(0.55, 0.70),
    )
    for name in ("upgrading", "upgrading_summary"):
        frames = [u.tables()[name] for u in upgrading if name in u.tables()]
        if frames:
            run.tables[name] = pd.concat(frames, ignore_index=True)
    return upgrading


def _equalization(run: _Run, clusters, scenario) -> int | None:
    if not len(run.data.region_data):
        run.warnings.append("no region data: equalization skipped / 无地区数据，未做福利均等化分析")
        return None
    eq = assess_equalization(
        run.data,
        run.focal,
        year=equalization_year(run.data, run.end_year),
        profile=run.profile,
        reference_code=run.settings.reference_code,
        clusters=clusters,
        scenario=scenario,
        progress=run.sub(0.70, 0.85),
    )
    run.tables.update(eq.tables())  # its inequality sheet covers the indicator tables' one
    run.warnings += list(eq.warnings)
    return eq.year


def run_assessment(
    data: CanonicalData,
    settings: AssessmentSettings | None = None,
    *,
    profile: Profile,
    answers: Answers | None = None,
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    scenario: Mapping | None = None,
    inputs: Iterable[str] = (),
    progress: ProgressCallback | None = None,
) -> AssessmentResult:
    """Run steps 3–7 on ``data`` and return every results sheet with its metadata. The rule
    ``profile`` is required: engines never read the knowledge base themselves."""
    report = ensure(progress)
    settings = settings or AssessmentSettings()
    years = data_years(data)
    if not years:
        raise _no_years()
    run = _Run(
        data,
        settings,
        profile,
        answers or Answers(),
        focal_region(data, settings),
        int(settings.base_year or years[0]),
        int(settings.end_year or years[-1]),
        progress,
    )
    report(0.0, "指标计算 / indicators")
    run.tables.update(
        compute_indicator_tables(
            data,
            reference_region=settings.reference_code,
            base_year=run.base_year,
            end_year=run.end_year,
            progress=run.sub(0.0, 0.35),
        )
    )
    report(0.35, "集群识别 / identification")
    clusters = _identification(run)
    report(0.45, "生命周期 / life cycle")
    lifecycle = _lifecycle(run, overrides)
    report(0.55, "升级评估 / upgrading")
    upgrading = _upgrading_step(run)
    report(0.70, "福利均等化 / equalization")
    eq_year = _equalization(run, clusters, scenario)
    report(0.85, "政策建议 / policy")
    lc = lifecycle.lifecycle
    policy = plan_policy(
        dict(zip(lc["industry_code"].astype(str), lc["stage"])),
        upgrading,
        equalization_findings(run.tables, run.focal, eq_year, profile),
        run.answers,
        profile,
        region_code=run.focal,
        progress=run.sub(0.85, 0.97),
    )
    run.tables.update(policy.tables())
    run.tables["profile"] = profile.thresholds_table()
    meta = _meta(
        data,
        settings,
        profile,
        run.focal,
        run.base_year,
        run.end_year,
        run.selected,
        inputs,
        run.warnings,
    )
    report(1.0, "完成 / done")
    return AssessmentResult(
        tables=run.tables, meta=meta, series=lifecycle.series, warnings=run.warnings
    )
