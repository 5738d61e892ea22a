"""The steps of one assessment run: each runs on what the data allows and records in the
:class:`~clusterpolicy.assess.shape.StepLog` what it did, or why not and which data would
enable it (:mod:`clusterpolicy.assess.pipeline` calls them in order)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess.equalization import assess_equalization
from clusterpolicy.assess.identification import CLUSTER_COLUMNS, identify_clusters
from clusterpolicy.assess.lifecycle import LIFECYCLE_COLUMNS, LifecycleResult, diagnose_lifecycle
from clusterpolicy.assess.selection import select_clusters
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.assess.shape import StepLog, measure_word
from clusterpolicy.assess.upgrading import assess_upgrading
from clusterpolicy.knowledge import Profile
from clusterpolicy.model import CanonicalData
from clusterpolicy.model.answers import Answers
from clusterpolicy.model.derive import with_per_capita
from clusterpolicy.progress import ProgressCallback, sub_progress

log = logging.getLogger(__name__)


_WELFARE_INPUTS = (
    "disposable_income_pc",
    "education_exp_pc",
    "health_exp_pc",
    "social_security_exp_pc",
    "manufacturing_employment",
)


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


def upgrading_all(data, focal, selected, profile, answers, end_year, settings, progress) -> list:
    """The upgrading assessment of each selected cluster (the run's step and the live re-score)."""
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


@dataclass
class Run:
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


def identification(run: Run) -> pd.DataFrame:
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


def lifecycle(run: Run, overrides) -> LifecycleResult:
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
    if not run.selected:
        run.steps.skipped("lifecycle", "没有选定的集群", "no cluster was selected", "", "")
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


def upgrading(run: Run) -> list:
    if not run.selected:
        run.steps.skipped(
            "upgrading",
            "没有选定的集群",
            "no cluster was selected",
            "分行业数据（以识别集群），或在设置中指定要评估的行业",
            "industry data (to identify clusters), or the industries to assess named in the settings",
        )
        return []
    upgrading = upgrading_all(
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


def equalization(run: Run, clusters, scenario) -> int | None:
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
