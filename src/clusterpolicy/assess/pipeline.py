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

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy import __version__
from clusterpolicy.assess.equalization import assess_equalization
from clusterpolicy.assess.identification import identify_clusters
from clusterpolicy.assess.indicators import compute_indicator_tables
from clusterpolicy.assess.lifecycle import diagnose_lifecycle
from clusterpolicy.assess.policy import plan_policy
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.assess.upgrading import assess_upgrading
from clusterpolicy.knowledge import Profile
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model import CanonicalData
from clusterpolicy.model.answers import Answers
from clusterpolicy.model.derive import with_per_capita
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress

# gap of the focal region below the reference (in %) that makes an equalization finding
_EQ_GAP_PCT = -10.0
_EQ_INDICATORS = {
    "disposable_income_pc": ("居民人均可支配收入", "disposable income per capita", ["endogenous"]),
    "manufacturing_emp_per_10k": (
        "每万人制造业从业人员",
        "manufacturing jobs per 10,000 people",
        ["endogenous"],
    ),
    "education_exp_pc": (
        "人均教育支出",
        "education spending per capita",
        ["exogenous", "transfer"],
    ),
    "health_exp_pc": ("人均卫生健康支出", "health spending per capita", ["exogenous", "transfer"]),
    "social_security_exp_pc": (
        "人均社会保障和就业支出",
        "social-security spending per capita",
        ["exogenous", "transfer"],
    ),
    "welfare_index": ("公共福利指数", "public-welfare index", ["exogenous", "transfer"]),
}


@dataclass
class AssessmentResult:
    tables: dict[str, pd.DataFrame]
    meta: dict
    series: pd.DataFrame | None = (
        None  # yearly LQ / employment / firms per selected cluster (charts)
    )
    warnings: list[str] = field(default_factory=list)


def _years(data: CanonicalData) -> list[int]:
    ind = data.industry_data
    return sorted(int(y) for y in ind["year"].unique()) if len(ind) else data.years()


def _focal(data: CanonicalData, settings: AssessmentSettings) -> str:
    codes = sorted(set(data.industry_data["region_code"].astype(str)))
    if not codes:
        raise ProblemError(
            [
                Problem(
                    "no_industry_data",
                    Severity.ERROR,
                    "没有分行业数据，无法评估",
                    "there is no industry data to assess",
                    "导入含地区×行业数据的表格",
                    "import a workbook with region × industry data",
                )
            ]
        )
    if not settings.focal_region:
        return codes[0]
    focal = str(settings.focal_region)
    if focal in codes:
        return focal
    by_name = [c for c in codes if focal in (data.region_name(c, "zh"), data.region_name(c, "en"))]
    if len(by_name) == 1:
        return by_name[0]
    shown = "、".join(
        f"{c}（{data.region_name(c)}）" if data.region_name(c) != c else c for c in codes[:40]
    )
    raise ProblemError(
        [
            Problem(
                "unknown_focal_region",
                Severity.ERROR,
                f"数据中没有评估地区“{focal}”",
                f"the focal region '{focal}' is not in the data",
                f"从以下地区代码中选择：{shown}",
                f"choose one of: {shown}",
                value=focal,
            )
        ]
    )


def _select_clusters(
    clusters: pd.DataFrame, settings: AssessmentSettings, th: Mapping[str, float]
) -> pd.DataFrame:
    """Mark the industries assessed in depth: the user's list, or the top-ranked candidates plus
    an emerging watch list (LQ < 1 but employment growing well above the reference — LQ rules
    alone cannot see an emerging cluster). Adds ``selected`` and ``selection`` columns."""
    out = clusters.copy()
    out["selected"] = False
    out["selection"] = ""
    if settings.clusters != "auto":
        wanted = (
            [settings.clusters] if isinstance(settings.clusters, str) else list(settings.clusters)
        )
        for code in wanted:
            hit = out["industry_code"].astype(str) == str(code)
            out.loc[hit, ["selected", "selection"]] = [True, "user"]
        return out
    ranked = out.sort_values("rank")
    cand = ranked.loc[ranked["candidate"].astype(bool)].head(settings.max_clusters)
    out.loc[cand.index, ["selected", "selection"]] = [True, "candidate"]
    excess = out["emp_cagr"] - out["ref_emp_cagr"]
    watch = out.loc[
        ~out["selected"]
        & (out["lq_employment"] < 1)
        & (out["employment"] > 0)
        & (excess >= float(th.get("identification.emerging.min_excess_cagr", 0.05)))
    ]
    n_watch = int(th.get("identification.emerging.max_watch", 2))
    watch = (
        watch.assign(_excess=excess[watch.index])
        .sort_values("_excess", ascending=False)
        .head(n_watch)
    )
    out.loc[watch.index, ["selected", "selection"]] = [True, "emerging_watch"]
    return out


def clusters_to_assess(
    data: CanonicalData, settings: AssessmentSettings, profile: Profile
) -> tuple[str, list[str]]:
    """(focal region, industry codes) the assessment selects on ``data`` before any answer is
    given — the clusters an answers workbook asks about."""
    focal = _focal(data, settings)
    if settings.clusters != "auto":
        return focal, [str(settings.clusters)] if isinstance(settings.clusters, str) else [
            str(c) for c in settings.clusters
        ]
    th = profile.threshold_values()
    years = _years(data)
    ident = identify_clusters(data, focal, year=years[-1] if years else None, thresholds=th)
    sel = _select_clusters(ident.clusters, settings, th)
    return focal, [str(c) for c in sel.loc[sel["selected"].astype(bool), "industry_code"]]


def equalization_findings(
    eq_tables: Mapping[str, pd.DataFrame], focal: str, year: int | None
) -> list[dict]:
    """Turn the focal region's equalization gaps and agglomeration zones into policy findings."""
    out: list[dict] = []
    eq = eq_tables.get("equalization")
    if eq is not None and len(eq):
        sel = eq.loc[(eq["region_code"].astype(str) == focal)]
        if year is not None and "year" in sel:
            sel = sel.loc[sel["year"] == year]
        for _, r in sel.iterrows():
            ind = str(r["indicator"])
            gap = r.get("gap_pct")
            if (
                ind not in _EQ_INDICATORS
                or gap is None
                or not math.isfinite(float(gap))
                or float(gap) > _EQ_GAP_PCT
            ):
                continue
            zh, en, levers = _EQ_INDICATORS[ind]
            out.append(
                {
                    "region_code": focal,
                    "text_zh": f"{zh}低于参照水平{abs(float(gap)):.1f}%（第{int(r['rank'])}位）",
                    "text_en": f"{en} is {abs(float(gap)):.1f}% below the reference (rank {int(r['rank'])})",
                    "levers": levers,
                    "severity": min(abs(float(gap)) / 50.0, 1.0),
                }
            )
    th = eq_tables.get("agglomeration_threshold")
    if th is not None and len(th):
        for _, r in th.loc[th["region_code"].astype(str) == focal].iterrows():
            if r["zone"] != "below":
                continue
            out.append(
                {
                    "region_code": focal,
                    "industry_code": str(r["industry_code"]),
                    "text_zh": f"{r['industry_code']}区位熵{float(r['lq']):.2f}低于门槛区间下限{float(r['band_low']):.2f}（挤出效应区）",
                    "text_en": f"{r['industry_code']} LQ {float(r['lq']):.2f} is below the band's lower edge {float(r['band_low']):.2f} (crowding-out zone)",
                    "zone": "below",
                    "levers": ["endogenous"],
                    "severity": 0.5,
                }
            )
    return out


_WELFARE_INPUTS = (
    "disposable_income_pc",
    "education_exp_pc",
    "health_exp_pc",
    "social_security_exp_pc",
    "manufacturing_employment",
)


_INEQ_KEY = ["indicator", "year", "weighting", "group_by", "index"]


def _merge_inequality(base: pd.DataFrame | None, extra: pd.DataFrame | None) -> pd.DataFrame | None:
    """The indicator builder's dispersion rows plus the equalization engine's rows for what the
    builder did not compute (e.g. the welfare index); a key already present is not repeated."""
    if extra is None or not len(extra):
        return base
    if base is None or not len(base):
        return extra
    have = pd.MultiIndex.from_frame(base[_INEQ_KEY].astype(str))
    new = ~pd.MultiIndex.from_frame(extra[_INEQ_KEY].astype(str)).isin(have)
    return pd.concat([base, extra.loc[new]], ignore_index=True)


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
    answers = answers or Answers()
    th = profile.threshold_values()
    years = _years(data)
    if not years:
        raise ProblemError(
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
    base_year = int(settings.base_year or years[0])
    end_year = int(settings.end_year or years[-1])
    focal = _focal(data, settings)
    warnings: list[str] = []

    report(0.0, "指标计算 / indicators")
    tables: dict[str, pd.DataFrame] = dict(
        compute_indicator_tables(
            data,
            reference_region=settings.reference_code,
            base_year=base_year,
            end_year=end_year,
            progress=sub_progress(progress, 0.0, 0.35),
        )
    )

    report(0.35, "集群识别 / identification")
    ident = identify_clusters(
        data,
        focal,
        year=end_year,
        thresholds=th,
        existence=answers.by_cluster("existence"),
        progress=sub_progress(progress, 0.35, 0.45),
    )
    clusters = _select_clusters(ident.clusters, settings, th)
    tables["clusters"] = clusters
    warnings += list(ident.warnings)
    selected = [str(c) for c in clusters.loc[clusters["selected"], "industry_code"]]

    report(0.45, "生命周期 / life cycle")
    lc_items = profile.questionnaire("questionnaire.lifecycle").items
    lifecycle = diagnose_lifecycle(
        data,
        focal,
        selected,
        base_year=base_year,
        end_year=end_year,
        thresholds=th,
        questionnaire_items=lc_items,
        answers=answers.by_cluster("lifecycle"),
        overrides=overrides,
        progress=sub_progress(progress, 0.45, 0.55),
    )
    tables.update(lifecycle.tables())
    warnings += list(lifecycle.warnings)

    report(0.55, "升级评估 / upgrading")
    upgrading = []
    for i, code in enumerate(selected):
        upgrading.append(
            assess_upgrading(
                data,
                focal,
                code,
                profile,
                answers,
                year=end_year,
                thresholds=th,
                reference_code=settings.reference_code,
                progress=sub_progress(
                    progress,
                    0.55 + 0.15 * i / max(len(selected), 1),
                    0.55 + 0.15 * (i + 1) / max(len(selected), 1),
                ),
            )
        )
    for name in ("upgrading", "upgrading_summary"):
        frames = [u.tables()[name] for u in upgrading if name in u.tables()]
        if frames:
            tables[name] = pd.concat(frames, ignore_index=True)

    report(0.70, "福利均等化 / equalization")
    if len(data.region_data):
        eq = assess_equalization(
            data,
            focal,
            year=equalization_year(data, end_year),
            thresholds=th,
            clusters=clusters,
            levers=profile.levers(),
            scenario=scenario,
            progress=sub_progress(progress, 0.70, 0.85),
        )
        eq_tables = eq.tables()
        tables["inequality"] = _merge_inequality(
            tables.get("inequality"), eq_tables.pop("inequality", None)
        )
        tables.update(eq_tables)
        warnings += list(eq.warnings)
        eq_year = eq.year
    else:
        warnings.append("no region data: equalization skipped / 无地区数据，未做福利均等化分析")
        eq_year = None

    report(0.85, "政策建议 / policy")
    stages = dict(
        zip(lifecycle.lifecycle["industry_code"].astype(str), lifecycle.lifecycle["stage"])
    )
    policy = plan_policy(
        stages,
        upgrading,
        equalization_findings(tables, focal, eq_year),
        answers,
        profile,
        region_code=focal,
        progress=sub_progress(progress, 0.85, 0.97),
    )
    tables.update(policy.tables())
    tables["profile"] = profile.thresholds_table()

    meta = {
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
    report(1.0, "完成 / done")
    return AssessmentResult(tables=tables, meta=meta, series=lifecycle.series, warnings=warnings)
