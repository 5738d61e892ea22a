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
from clusterpolicy.assess import _panel as P
from clusterpolicy.assess.equalization import assess_equalization
from clusterpolicy.assess.findings import equalization_findings
from clusterpolicy.assess.identification import CLUSTER_COLUMNS, identify_clusters
from clusterpolicy.assess.indicators import compute_indicator_tables
from clusterpolicy.assess.lifecycle import LIFECYCLE_COLUMNS, LifecycleResult, diagnose_lifecycle
from clusterpolicy.assess.policy import plan_policy
from clusterpolicy.assess.reference import with_reference
from clusterpolicy.assess.selection import (
    clusters_to_assess,
    data_years,
    focal_region,
    select_clusters,
)
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.assess.shape import StepLog, check_years, measure_word, primary_measure
from clusterpolicy.assess.upgrading import assess_upgrading
from clusterpolicy.knowledge import Profile
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model import CanonicalData
from clusterpolicy.model.answers import Answers
from clusterpolicy.model.derive import with_per_capita
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress

log = logging.getLogger(__name__)

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


def _meta(run: _Run, inputs) -> dict:
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
    measure: str | None = None
    steps: StepLog = field(default_factory=StepLog)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    ident: object = None

    def sub(self, a: float, b: float) -> ProgressCallback:
        return sub_progress(self.progress, a, b)

    def failed(self, step: str, exc: Exception, needs: tuple[str, str]) -> None:
        """A step the data did not allow: say so in the steps sheet (the trace goes to the log)."""
        log.info("step %s not carried out: %s", step, exc, exc_info=True)
        text = str(exc)
        zh, en = (
            (text.split(" / ", 1)[1], text.split(" / ", 1)[0]) if " / " in text else (text, text)
        )
        self.steps.skipped(step, zh, en, *needs)


def _empty_clusters() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype="object") for c in CLUSTER_COLUMNS})
    return out.assign(selected=pd.Series(dtype=bool), selection=pd.Series(dtype="object"))


def _identification(run: _Run) -> pd.DataFrame:
    needs = (
        "地区×行业的从业人员、产值、营业收入或企业数（一年即可）",
        "region × industry employment, output, revenue or firm counts (one year is enough)",
    )
    if run.measure is None:
        run.tables["clusters"] = _empty_clusters()
        what = (
            "没有分行业数据"
            if not len(run.data.industry_data)
            else "分行业数据中没有可计算区位熵的指标"
        )
        what_en = (
            "there is no industry data"
            if not len(run.data.industry_data)
            else "the industry data has no measure an LQ can be computed from"
        )
        run.steps.skipped("identification", what, what_en, *needs)
        return run.tables["clusters"]
    try:
        ident = identify_clusters(
            run.data,
            run.focal,
            year=run.end_year,
            measure=run.measure,
            profile=run.profile,
            existence=run.answers.by_cluster("existence"),
            progress=run.sub(0.35, 0.45),
        )
    except ValueError as exc:
        run.failed("identification", exc, needs)
        run.tables["clusters"] = _empty_clusters()
        return run.tables["clusters"]
    run.ident = ident
    clusters = select_clusters(ident.clusters, run.settings, run.profile)
    run.tables["clusters"] = clusters
    run.tables["miit"] = ident.miit
    run.tables["families"] = ident.families
    run.warnings += list(ident.warnings)
    run.selected = [str(c) for c in clusters.loc[clusters["selected"], "industry_code"]]
    n = int(clusters["benchmark_regions"].max()) if len(clusters) else 0
    run.steps.done(
        "identification",
        f"{run.end_year}年，区位熵按{measure_word(run.measure)}计算，比较{n}个地区",
        f"{run.end_year}, LQ on {measure_word(run.measure, 'en')}, {n} regions compared",
    )
    return clusters


def _lifecycle(run: _Run, overrides) -> LifecycleResult:
    empty = LifecycleResult(pd.DataFrame(columns=LIFECYCLE_COLUMNS), pd.DataFrame(), [])
    needs = (
        f"同一指标至少两个年份的数据（如{run.end_year - 5}—{run.end_year}年的分行业从业人员）",
        f"at least two years of the same measure (e.g. industry employment {run.end_year - 5}–"
        f"{run.end_year})",
    )
    if run.steps.status("identification") == "skipped":
        run.steps.skipped(
            "lifecycle", "集群识别未进行", "identification was not carried out", *needs
        )
        return empty
    if not run.selected:
        run.steps.skipped("lifecycle", "没有选定的集群", "no cluster was selected", "", "")
        return empty
    years = [
        y for y in P.measure_years(run.data, run.measure) if run.base_year <= y <= run.end_year
    ]
    if len(years) < 2 or run.base_year >= run.end_year:
        shown = f"{years[0]}年" if years else "一个年份"
        run.steps.skipped(
            "lifecycle",
            f"生命周期判断至少需要两个年份，数据只有{shown}",
            f"the life cycle needs at least two years; the data has {years[0] if years else 'one year'} only",
            *needs,
        )
        return empty
    try:
        lifecycle = diagnose_lifecycle(
            run.data,
            run.focal,
            run.selected,
            base_year=run.base_year,
            end_year=run.end_year,
            measure=run.measure,
            profile=run.profile,
            questionnaire_items=run.profile.questionnaire("questionnaire.lifecycle").items,
            answers=run.answers.by_cluster("lifecycle"),
            overrides=overrides,
            progress=run.sub(0.45, 0.55),
        )
    except ValueError as exc:
        run.failed("lifecycle", exc, needs)
        return empty
    run.tables.update(lifecycle.tables())
    run.warnings += list(lifecycle.warnings)
    run.steps.done(
        "lifecycle",
        f"{run.base_year}—{run.end_year}年，{len(years)}个年份，{len(run.selected)}个集群",
        f"{run.base_year}–{run.end_year}, {len(years)} years, {len(run.selected)} clusters",
    )
    return lifecycle


def _upgrading_step(run: _Run) -> list:
    if not run.selected:
        run.steps.skipped(
            "upgrading",
            "没有选定的集群",
            "no cluster was selected",
            "分行业数据（以识别集群），或在设置中指定要评估的行业",
            "industry data (to identify clusters), or the industries to assess named in the settings",
        )
        return []
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
    run.steps.done("upgrading", f"{len(upgrading)}个集群", f"{len(upgrading)} clusters")
    return upgrading


def _equalization(run: _Run, clusters, scenario) -> int | None:
    needs = (
        "各地区的人口和人均收入或人均教育、卫生、社会保障支出（或支出总额）",
        "each region's population and income or education, health and social-security spending "
        "per capita (or the totals)",
    )
    if not len(run.data.region_data):
        run.steps.skipped("equalization", "没有地区指标数据", "there is no region data", *needs)
        return None
    year = equalization_year(run.data, run.end_year)
    if year is None:
        run.steps.skipped(
            "equalization",
            "地区数据中没有两个以上地区同时具有人口和福利指标的年份",
            "no year in which two or more regions have both population and a welfare indicator",
            *needs,
        )
        return None
    try:
        eq = assess_equalization(
            run.data,
            run.focal,
            year=year,
            profile=run.profile,
            reference_code=run.settings.reference_code,
            clusters=clusters,
            scenario=scenario,
            progress=run.sub(0.70, 0.85),
        )
    except ValueError as exc:
        run.failed("equalization", exc, needs)
        return None
    run.tables.update(eq.tables())  # its inequality sheet covers the indicator tables' one
    run.warnings += list(eq.warnings)
    run.steps.done("equalization", f"{eq.year}年", f"{eq.year}")
    return eq.year


def _start(data, settings, profile, answers, progress) -> _Run:
    years = data_years(data)
    if not years:
        raise _no_years()
    check_years(years, settings.base_year, settings.end_year)
    base = int(settings.base_year or years[0])
    end = int(settings.end_year or years[-1])
    run = _Run(
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
    run.steps.done("policy")
    run.tables["steps"] = run.steps.table()
    run.tables["profile"] = profile.thresholds_table()
    meta = _meta(run, inputs)
    report(1.0, "完成 / done")
    return AssessmentResult(
        tables=run.tables, meta=meta, series=lifecycle.series, warnings=run.warnings
    )
