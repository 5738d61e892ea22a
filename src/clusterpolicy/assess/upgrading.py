"""Upgrading assessment (升级评估): the technology and brand checklists of one cluster.

Data-driven indicators (formula ids used by the checklists), for region r, industry c, end year t,
from ``industry_data`` (reference area R from ``reference_data``; if that has no row, the sum of
all regions' detail rows in ``industry_data`` stands in, said in the evidence):

* ``rd_intensity``        = rd_expenditure / revenue (or / output if revenue is missing)
* ``patents_per_10k_emp`` = patents / employment × 10,000
* ``new_product_share``   = new_product_sales / revenue (or / output)
* ``export_share``        = exports / output (or / revenue)
* ``value_added_rate``    = value_added / output
* ``labour_productivity`` = (output / employment)_r ÷ (output / employment)_R
* ``avg_firm_size``       = (employment / firms)_r ÷ (employment / firms)_R
* ``leading_firm_count``  = firms in ``firm_data`` (r, c, t) with employment ≥
  ``upgrading.leading_firm_min_employees``
* ``platform_count``, ``own_brand_share``, ``gi_status`` — not in yearbooks: pass them in
  ``extra_values`` (user input), else the items fall back to judgement.

Upgrading type reached: for each type (process < product < functional < chain) the weighted mean
score of that type's scored items over both checklists; a type is reached when that mean ≥
``upgrading.type_reached_min`` and its scored weight share ≥ ``upgrading.type_min_coverage``. The
result is the highest type reached in that order, or ``none``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.assess.checklists import ChecklistResult, ItemScore, score_checklist
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.answers import Answers
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.progress import ProgressCallback, ensure

UPGRADING_TYPES = ("process", "product", "functional", "chain")
CHECKLISTS = ("technology", "brand")
UPGRADING_COLUMNS = [
    "region_code",
    "industry_code",
    "checklist",
    "dimension",
    "item_id",
    "text_zh",
    "text_en",
    "mode",
    "value",
    "answer",
    "score",
    "weight",
    "gap",
    "source",
    "evidence",
    "upgrading_type",
    "action",
]
SUMMARY_COLUMNS = [
    "region_code",
    "industry_code",
    "checklist",
    "dimension",
    "score",
    "max_score",
    "pct",
    "upgrading_type",
    "coverage",
]


def _ratio(num: float, den: float) -> float:
    if num is None or den is None or not (math.isfinite(num) and math.isfinite(den)) or den == 0:
        return math.nan
    return num / den


def _cell(df: pd.DataFrame, region: str, industry: str, year: int) -> dict:
    rows = df.loc[
        (df["region_code"].astype(str) == region)
        & (df["industry_code"].astype(str) == industry)
        & (df["year"] == year)
    ]
    if rows.empty:
        return {}
    r = rows.iloc[0]
    return {
        k: (float(r[k]) if k in r.index and pd.notna(r[k]) else math.nan)
        for k in (
            "employment",
            "output",
            "value_added",
            "revenue",
            "firms",
            "exports",
            "rd_expenditure",
            "patents",
            "new_product_sales",
        )
    }


def _reference_cell(
    data: CanonicalData, industry_code: str, year: int, reference_code: str | None
) -> tuple[dict, str]:
    """The same division in the reference area (``reference_data``), else the sum over all
    listed regions; ({} , "") when neither exists."""
    ind, ref_df = data.industry_data, data.reference_data
    if len(ref_df):
        codes = (
            [reference_code]
            if reference_code
            else sorted(
                ref_df.loc[
                    (ref_df["industry_code"].astype(str) == industry_code)
                    & (ref_df["year"] == year),
                    "region_code",
                ]
                .astype(str)
                .unique()
            )
        )
        for code in codes:
            ref = _cell(ref_df, code, industry_code, year)
            if ref:
                return ref, f"reference {code}"
    allr = ind.loc[(ind["industry_code"].astype(str) == industry_code) & (ind["year"] == year)]
    if len(allr):
        ref = {
            k: float(allr[k].sum(min_count=1)) if k in allr else math.nan
            for k in ("employment", "output", "firms")
        }
        return ref, "sum of all listed regions / 所列地区合计"
    return {}, ""


def _leading_firms(data, region_code, industry_code, year, profile, vals, ev) -> None:
    fd = data.firm_data
    if not len(fd):
        return
    f = fd.loc[
        (fd["region_code"].astype(str) == region_code)
        & (fd["industry_code"].astype(str) == industry_code)
        & (fd["year"] == year)
    ]
    if len(f):
        floor = profile.value("upgrading.leading_firm_min_employees")
        n = int((f["employment"] >= floor).sum())
        vals["leading_firm_count"] = float(n)
        ev["leading_firm_count"] = (
            f"leading_firm_count = firms with employment ≥ {floor:g} = {n} "
            f"of {len(f)} firms ({year})"
        )


def compute_indicators(
    data: CanonicalData,
    region_code: str,
    industry_code: str,
    year: int | None = None,
    profile: Profile | None = None,
    reference_code: str | None = None,
) -> tuple[dict[str, float], dict[str, str], int | None]:
    """({formula_id: value}, {formula_id: evidence text}, end year) for one region × industry.
    ``profile`` is needed for the leading-firm count (its employment threshold)."""
    ind = data.industry_data
    sel = ind.loc[
        (ind["region_code"].astype(str) == region_code)
        & (ind["industry_code"].astype(str) == industry_code)
    ]
    if year is None:
        year = int(sel["year"].max()) if len(sel) else None
    vals: dict[str, float] = {}
    ev: dict[str, str] = {}
    if year is None:
        return vals, ev, None
    x = _cell(ind, region_code, industry_code, year)
    ref, ref_name = _reference_cell(data, industry_code, year, reference_code)
    if not x:
        return vals, ev, year

    def put(fid: str, v: float, text: str) -> None:
        if math.isfinite(v):
            vals[fid] = v
            ev[fid] = f"{fid} = {text} = {v:.4g} ({region_code}, {industry_code}, {year})"

    den = x["revenue"] if math.isfinite(x["revenue"]) and x["revenue"] > 0 else x["output"]
    dname = "revenue" if den is x["revenue"] else "output"
    put("rd_intensity", _ratio(x["rd_expenditure"], den), f"rd_expenditure / {dname}")
    put(
        "patents_per_10k_emp",
        1e4 * _ratio(x["patents"], x["employment"]),
        "patents / employment × 10000",
    )
    put("new_product_share", _ratio(x["new_product_sales"], den), f"new_product_sales / {dname}")
    eden = x["output"] if math.isfinite(x["output"]) and x["output"] > 0 else x["revenue"]
    put(
        "export_share",
        _ratio(x["exports"], eden),
        "exports / " + ("output" if eden is x["output"] else "revenue"),
    )
    put("value_added_rate", _ratio(x["value_added"], x["output"]), "value_added / output")
    if ref:
        lp, lp_ref = (
            _ratio(x["output"], x["employment"]),
            _ratio(ref.get("output", math.nan), ref.get("employment", math.nan)),
        )
        put(
            "labour_productivity",
            _ratio(lp, lp_ref),
            f"(output/employment) {lp:.4g} ÷ {ref_name} {lp_ref:.4g}",
        )
        fs, fs_ref = (
            _ratio(x["employment"], x["firms"]),
            _ratio(ref.get("employment", math.nan), ref.get("firms", math.nan)),
        )
        put(
            "avg_firm_size",
            _ratio(fs, fs_ref),
            f"(employment/firms) {fs:.4g} ÷ {ref_name} {fs_ref:.4g}",
        )
    if profile is not None:
        _leading_firms(data, region_code, industry_code, year, profile, vals, ev)
    return vals, ev, year


@dataclass
class UpgradingResult:
    region_code: str
    industry_code: str
    year: int | None
    results: dict[str, ChecklistResult] = field(default_factory=dict)  # technology, brand
    indicators: dict[str, float] = field(default_factory=dict)
    type_scores: dict[str, dict] = field(default_factory=dict)  # type → {score, coverage, reached}
    upgrading_type: str = "none"
    thresholds: dict[str, float] = field(default_factory=dict)

    def gaps(self) -> list[tuple[str, ItemScore]]:
        """(checklist, item) over both checklists, largest weight × shortfall first."""
        g = [(name, i) for name, r in self.results.items() for i in r.gaps()]
        return sorted(g, key=lambda t: -t[1].gap)

    def tables(self) -> dict[str, pd.DataFrame]:
        rows, summ = [], []
        for name, res in self.results.items():
            for i in res.items:
                rows.append(
                    {
                        "region_code": self.region_code,
                        "industry_code": self.industry_code,
                        "checklist": name,
                        "dimension": i.dimension,
                        "item_id": i.item_id,
                        "text_zh": i.text_zh,
                        "text_en": i.text_en,
                        "mode": i.mode,
                        "value": i.value,
                        "answer": "" if i.answer is None else str(i.answer),
                        "score": i.score,
                        "weight": i.weight,
                        "gap": i.gap,
                        "source": i.source,
                        "evidence": i.evidence,
                        "upgrading_type": i.upgrading_type,
                        "action": i.action,
                    }
                )
            for d in res.dimension_rows():
                summ.append(
                    {
                        "region_code": self.region_code,
                        "industry_code": self.industry_code,
                        "checklist": name,
                        **{k: d[k] for k in ("dimension", "score", "max_score", "pct")},
                        "upgrading_type": self.upgrading_type,
                        "coverage": d["coverage"],
                    }
                )
        for t in UPGRADING_TYPES:
            s = self.type_scores.get(t, {})
            summ.append(
                {
                    "region_code": self.region_code,
                    "industry_code": self.industry_code,
                    "checklist": "upgrading_type",
                    "dimension": t,
                    "score": s.get("score", math.nan),
                    "max_score": 1.0,
                    "pct": 100 * s.get("score", math.nan),
                    "upgrading_type": self.upgrading_type,
                    "coverage": s.get("coverage", math.nan),
                }
            )
        return {
            "upgrading": pd.DataFrame(rows, columns=UPGRADING_COLUMNS),
            "upgrading_summary": pd.DataFrame(summ, columns=SUMMARY_COLUMNS),
        }


def type_reached(
    results: Mapping[str, ChecklistResult], min_score: float, min_coverage: float
) -> tuple[str, dict[str, dict]]:
    """Per-type weighted mean score and coverage; the highest type reached (see module doc)."""
    scores: dict[str, dict] = {}
    reached = "none"
    for t in UPGRADING_TYPES:
        its = [i for r in results.values() for i in r.items if i.upgrading_type == t]
        tot = sum(i.weight for i in its)
        sc = [i for i in its if not math.isnan(i.score)]
        w = sum(i.weight for i in sc)
        s = sum(i.weight * i.score for i in sc) / w if w > 0 else math.nan
        cov = w / tot if tot > 0 else 0.0
        ok = bool(w > 0 and s >= min_score and cov >= min_coverage)
        scores[t] = {"score": s, "coverage": cov, "reached": ok}
        if ok:
            reached = t
    return reached, scores


def assess_upgrading(
    data: CanonicalData,
    region_code: str,
    industry_code: str,
    profile: Profile,
    answers: Answers | Mapping | None = None,
    year: int | None = None,
    *,
    reference_code: str | None = None,
    extra_values: Mapping[str, float] | None = None,
    progress: ProgressCallback | None = None,
) -> UpgradingResult:
    """Score the technology and brand checklists of one cluster (see module docstring).

    ``answers``: an :class:`~clusterpolicy.model.answers.Answers` or
    {"technology": {item: answer}, "brand": {…}}.
    """
    report = ensure(progress)
    region_code, industry_code = str(region_code), str(industry_code)
    lists = {n: profile.checklist(n) for n in CHECKLISTS}
    report(0.0, "upgrading indicators / 计算升级指标")
    vals, ev, year = compute_indicators(
        data, region_code, industry_code, year, profile, reference_code
    )
    for k, v in (extra_values or {}).items():
        vals[k] = float(v)
        ev[k] = f"{k} = {float(v):.4g} (entered by user / 用户录入)"
    th = {
        k: profile.value(k) for k in ("upgrading.type_reached_min", "upgrading.type_min_coverage")
    }
    out = UpgradingResult(region_code, industry_code, year, indicators=vals, thresholds=th)
    for n, (name, cl) in enumerate(lists.items()):
        report(0.2 + 0.7 * n / max(len(lists), 1), f"checklist {name} / 检查表")
        if isinstance(answers, Answers):
            ans = answers.get(name, industry_code)
        else:
            ans = (answers or {}).get(name, {})
        out.results[name] = score_checklist(cl, ans, vals, ev)
    out.upgrading_type, out.type_scores = type_reached(
        out.results, th["upgrading.type_reached_min"], th["upgrading.type_min_coverage"]
    )
    report(1.0, "upgrading done / 升级评估完成")
    return out


__all__ = [
    "UpgradingResult",
    "assess_upgrading",
    "compute_indicators",
    "type_reached",
    "UPGRADING_TYPES",
]
