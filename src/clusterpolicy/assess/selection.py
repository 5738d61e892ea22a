"""Which region and which industries an assessment looks at: the focal region (by code or
name) and the clusters assessed in depth (the user's list, or the top candidates plus an
emerging watch list)."""

from __future__ import annotations

import pandas as pd

from clusterpolicy.assess.identification import identify_clusters
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.assess.shape import primary_measure
from clusterpolicy.knowledge import Profile
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model import CanonicalData


def data_years(data: CanonicalData) -> list[int]:
    """Years of the industry data (else of the region data)."""
    ind = data.industry_data
    return sorted(int(y) for y in ind["year"].unique()) if len(ind) else data.years()


def focal_region(data: CanonicalData, settings: AssessmentSettings) -> str:
    """The focal region by code or name: a region of the industry data, else (a region-only
    workbook) a compared region of the region data."""
    codes = sorted(set(data.industry_data["region_code"].astype(str)))
    if not codes:
        codes = [
            c for c in data.region_codes() if c in set(data.region_data["region_code"].astype(str))
        ]
    if not codes:
        raise ProblemError(
            [
                Problem(
                    "no_region_data",
                    Severity.ERROR,
                    "数据中没有任何地区的分行业数据或地区指标，无法评估",
                    "the data holds neither industry figures nor region figures to assess",
                    "导入含地区×行业数据或地区指标（人口、人均收入、人均支出）的表格",
                    "import a workbook with region × industry data or region figures "
                    "(population, income or spending per capita)",
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


def select_clusters(
    clusters: pd.DataFrame, settings: AssessmentSettings, profile: Profile
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
        & (out["lq"] < 1)
        & (out["size"] > 0)
        & (excess >= profile.value("identification.emerging.min_excess_cagr"))
    ]
    n_watch = int(profile.value("identification.emerging.max_watch"))
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
    focal = focal_region(data, settings)
    if settings.clusters != "auto":
        return focal, [str(settings.clusters)] if isinstance(settings.clusters, str) else [
            str(c) for c in settings.clusters
        ]
    years = data_years(data)
    end = int(settings.end_year or (years[-1] if years else 0)) or None
    if primary_measure(data, end) is None:
        return focal, []  # no industry figures: no cluster to ask about
    ident = identify_clusters(data, focal, year=end, profile=profile)
    sel = select_clusters(ident.clusters, settings, profile)
    return focal, [str(c) for c in sel.loc[sel["selected"].astype(bool), "industry_code"]]
