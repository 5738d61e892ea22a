"""Cluster identification (集群识别): LQs, rule sets, composite score, existence verdict.

For every industry of the focal region in ``year`` (methods.md §4, policy-frameworks §2.6/§3):

* ``LQ_rc = (E_rc/E_r)/(E_c/E)`` on employment, output and firm counts; denominators are explicit
  ``industry_totals`` / ``reference_data`` when present (the evidence names which);
* size ``E_rc``; focus ``E_rc/E_r``; growth ``CAGR(E_rc)`` over ``identification.growth.window_years``
  against the reference's ``CAGR(E_c)``.

Rule sets (each threshold is an id of ``thresholds/identification.yaml``):

* **ECO stars** (§4.1): size star if ``E_rc ≥ P_{100−size_top_pct}`` of the regions' E_rc;
  specialisation star if ``LQ ≥ eco.lq_min``; focus star if ``E_rc/E_r ≥ P_{100−focus_top_pct}``.
  Percentiles over regions with ``E_rc > 0``, linear interpolation. "≥" comparisons allow a
  1e-9 relative float tolerance (an LQ of exactly 1.5 computed as 1.4999… passes 1.5).
* **U.S. CMP tiers** (§4.2, ``clustermapping/cmp`` reducer): over regions with ``E_rc > 0``,
  strong = ``LQ ≥ P75(LQ) ∧ E > P25(E) ∧ firms > P25(firms) ∧ LQ ≥ 1``; strong10 = same with P90;
  significant = ``LQ > P50 ∧ E > P25 ∧ firms > P25``; qualifying = ``LQ > P25 ∧ …``. Tier = the
  highest met (strong10 > strong > significant > qualifying > none). Without firm counts the
  firm condition is dropped (said in the evidence). LQ denominators are all-industry totals (the
  CMP uses traded/local totals, which Chinese yearbooks do not give).
* **Simple LQ cut-offs**: the highest of ``lq.cutoff_low/mid/high`` met (``lq_level``);
  ``simple_lq_pass`` = ``LQ_emp ≥ lq.pass_min``.
* **MIIT 特色产业集群 floors** (national / provincial): ``identification.miit.<scope>.output_min_yuan``
  (output ≥ floor in each of the last ``output_years`` years available),
  ``...output_growth_min_pct`` (output CAGR over those years, %) and ``...firms_min_count``.
  A floor whose id is absent from ``thresholds`` is skipped (said in the evidence); pass = all
  checked floors met; NA when no floor could be checked from the data.

Composite score (0–100) = ``100 × Σ w_k·c_k / Σ w_k`` over available components: LQ components
``min(LQ/score.lq_cap, 1)``, size and focus = percentile rank among regions (share of regions
with a value ≤ the region's), growth ``clip(0.5 + (g_E − g_N)/score.growth_span, 0, 1)``.

Candidate = ``simple_lq_pass`` or CMP tier ∈ {strong10, strong, significant} or
``eco_stars ≥ candidate.min_eco_stars`` or an MIIT pass. Verdict (existence test, seeds 001/003):
not a candidate → ``not_candidate``; any "no" → ``agglomeration_not_yet_cluster``; all items
answered and none "no" → ``cluster``; else ``candidate_unconfirmed``.

Evidence: ``evidence`` is the compact machine-readable trace (rule results joined by " | ");
``evidence_zh`` / ``evidence_en`` give the same steps as full sentences in one language, one per
line (LQs and denominators, growth, ECO, CMP, LQ cut-offs, MIIT floors, score, candidate and
existence test), with the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.progress import ProgressCallback, ensure

CLUSTER_COLUMNS = [
    "region_code",
    "industry_code",
    "year",
    "lq_employment",
    "lq_output",
    "lq_firms",
    "eco_stars",
    "cmp_tier",
    "score",
    "rank",
    "verdict",
    "industry_name_zh",
    "industry_name_en",
    "employment",
    "employment_share",
    "emp_cagr",
    "ref_emp_cagr",
    "firms",
    "miit_national_pass",
    "miit_provincial_pass",
    "simple_lq_pass",
    "candidate",
    "existence",
    "evidence",
    # extra columns after the contract ones
    "evidence_zh",
    "evidence_en",
    "lq_level",
    "eco_size_star",
    "eco_lq_star",
    "eco_focus_star",
    "output",
    "denominator",
]
VERDICTS = ("cluster", "agglomeration_not_yet_cluster", "candidate_unconfirmed", "not_candidate")
CMP_TIERS = ("strong10", "strong", "significant", "qualifying", "none")
RULE_SETS = ("eco", "cmp", "lq", "miit_national", "miit_provincial")
TIER_TEXT = {
    "strong10": ("强（前10%）", "strong (top 10%)"),
    "strong": ("强", "strong"),
    "significant": ("显著", "significant"),
    "qualifying": ("达标", "qualifying"),
    "none": ("未达等级", "no tier"),
}
_SCORE_PARTS = {
    "lq_employment": ("就业区位熵", "employment LQ"),
    "lq_output": ("产值区位熵", "output LQ"),
    "lq_firms": ("企业数区位熵", "firm-count LQ"),
    "size": ("规模", "size"),
    "focus": ("就业占比", "focus"),
    "growth": ("增长", "growth"),
}


@dataclass(frozen=True)
class _Text:
    """One evidence item: the compact trace (``evidence``) and a full sentence in each language."""

    trace: str
    zh: str
    en: str


@dataclass
class IdentificationResult:
    """Result of :func:`identify_clusters`; ``tables()`` → ``{"clusters": DataFrame}``."""

    clusters: pd.DataFrame
    year: int
    focal_region: str
    warnings: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"clusters": self.clusters}


def _t(thresholds: Mapping[str, float], key: str) -> float:
    return P.threshold(thresholds, f"identification.{key}")


def _pct_rank(col: pd.Series, value: float) -> float:
    v = col[np.isfinite(col.to_numpy(dtype="float64"))]
    if not np.isfinite(value) or len(v) == 0:
        return math.nan
    return float((v <= value).mean())


def _eco(
    emp_col: pd.Series, share_col: pd.Series, lq: float, emp: float, share: float, th
) -> tuple[dict, _Text]:
    pos = emp_col > 0
    p_size = P.percentile(emp_col[pos].to_numpy(), 100 - _t(th, "eco.size_top_pct"))
    p_focus = P.percentile(share_col[pos].to_numpy(), 100 - _t(th, "eco.focus_top_pct"))
    lq_min = _t(th, "eco.lq_min")
    stars = {
        "eco_size_star": bool(emp > 0) and P.ge(emp, p_size),
        "eco_lq_star": P.ge(lq, lq_min),
        "eco_focus_star": bool(emp > 0) and P.ge(share, p_focus),
    }
    text = (
        f"ECO: size E={P.fmt(emp, 0)} vs P{100 - _t(th, 'eco.size_top_pct'):g}={P.fmt(p_size, 1)}"
        f" {'★' if stars['eco_size_star'] else '–'}; LQ={P.fmt(lq)} vs {lq_min:g}"
        f" {'★' if stars['eco_lq_star'] else '–'}; focus={P.pct(share)} vs"
        f" P{100 - _t(th, 'eco.focus_top_pct'):g}={P.pct(p_focus)} {'★' if stars['eco_focus_star'] else '–'}"
    )
    n = sum(stars.values())
    ps, pf = 100 - _t(th, "eco.size_top_pct"), 100 - _t(th, "eco.focus_top_pct")

    def zh_ok(k: str) -> str:
        return "达到" if stars[k] else "未达到"

    def en_ok(k: str) -> str:
        return "reaches" if stars[k] else "is below"

    zh = (
        f"欧洲集群观察站标准得{n}星：就业{P.persons_zh(emp)}，{zh_ok('eco_size_star')}各地区第{ps:g}百分位数"
        f"（{P.persons_zh(p_size)}）；区位熵{P.num(lq)}，{zh_ok('eco_lq_star')}{lq_min:g}；就业占本地区比重"
        f"{P.pct_text(share)}，{zh_ok('eco_focus_star')}各地区第{pf:g}百分位数（{P.pct_text(p_focus)}）"
    )
    en = (
        f"European Cluster Observatory: {n} star{'' if n == 1 else 's'} — employment {P.num(emp, 0)} "
        f"{en_ok('eco_size_star')} the {P.ordinal(ps)} percentile of regions ({P.num(p_size, 0)}); LQ "
        f"{P.num(lq)} {en_ok('eco_lq_star')} {lq_min:g}; share of regional employment {P.pct_text(share)} "
        f"{en_ok('eco_focus_star')} the {P.ordinal(pf)} percentile ({P.pct_text(p_focus)})"
    )
    return stars, _Text(text, zh, en)


def _cmp(
    lq_col: pd.Series, emp_col: pd.Series, firm_col: pd.Series | None, region: str, th
) -> tuple[str, _Text]:
    pos = emp_col.index[(emp_col > 0).to_numpy()]
    lqs = lq_col.reindex(pos)
    emps = emp_col.reindex(pos)
    lq, emp = lq_col.get(region, math.nan), emp_col.get(region, math.nan)
    if not (np.isfinite(lq) and np.isfinite(emp)) or emp <= 0:
        return "none", _Text(
            "CMP: no employment / 无就业数据",
            "美国集群地图标准：本地区该行业无就业，不评级",
            "U.S. Cluster Mapping: no employment in this industry, no tier",
        )
    q = {
        k: P.percentile(lqs.to_numpy(), _t(th, f"cmp.{k}_lq_pct"))
        for k in ("strong", "strong10", "significant", "qualifying")
    }
    size_pct = _t(th, "cmp.size_pct")
    e25 = P.percentile(emps.to_numpy(), size_pct)
    size_ok = emp > e25
    text = f"CMP: LQ={P.fmt(lq)}, E={P.fmt(emp, 0)} > P{size_pct:g}(E)={P.fmt(e25, 1)}: {size_ok}"
    zh_parts = [
        f"就业{P.persons_zh(emp)}，{'高于' if size_ok else '不高于'}各地区第{size_pct:g}百分位数"
        f"（{P.persons_zh(e25)}）"
    ]
    en_parts = [
        f"employment {P.num(emp, 0)} {'above' if size_ok else 'not above'} the {P.ordinal(size_pct)}"
        f" percentile of regions ({P.num(e25, 0)})"
    ]
    if firm_col is not None and firm_col.reindex(pos).notna().any():
        firms = firm_col.reindex(pos)
        f25 = P.percentile(firms.to_numpy(), size_pct)
        f = firm_col.get(region, math.nan)
        firm_ok = bool(np.isfinite(f) and f > f25)
        text += f"; firms={P.fmt(f, 0)} > P{size_pct:g}(firms)={P.fmt(f25, 1)}: {firm_ok}"
        zh_parts.append(
            f"企业数{P.num(f, 0)}家，{'高于' if firm_ok else '不高于'}第{size_pct:g}百分位数"
            f"（{P.num(f25, 1)}家）"
        )
        en_parts.append(
            f"{P.num(f, 0)} firms, {'above' if firm_ok else 'not above'} the "
            f"{P.ordinal(size_pct)} percentile ({P.num(f25, 1)})"
        )
    else:
        firm_ok = True
        text += "; firm condition dropped (no firm counts) / 无企业数，略去企业数条件"
        zh_parts.append("无企业数，略去企业数条件")
        en_parts.append("no firm counts, so the firm condition is dropped")
    floor = _t(th, "cmp.strong_lq_floor")
    base = size_ok and firm_ok
    if base and P.ge(lq, q["strong10"]) and P.ge(lq, floor):
        tier = "strong10"
    elif base and P.ge(lq, q["strong"]) and P.ge(lq, floor):
        tier = "strong"
    elif base and lq > q["significant"]:
        tier = "significant"
    elif base and lq > q["qualifying"]:
        tier = "qualifying"
    else:
        tier = "none"
    text += (
        f"; LQ percentiles P{_t(th, 'cmp.strong10_lq_pct'):g}={P.fmt(q['strong10'])},"
        f" P{_t(th, 'cmp.strong_lq_pct'):g}={P.fmt(q['strong'])}, P{_t(th, 'cmp.significant_lq_pct'):g}="
        f"{P.fmt(q['significant'])}, P{_t(th, 'cmp.qualifying_lq_pct'):g}={P.fmt(q['qualifying'])},"
        f" strong needs LQ ≥ {floor:g} → {tier}"
    )
    keys = ("strong10", "strong", "significant", "qualifying")
    pcts = [f"{_t(th, f'cmp.{k}_lq_pct'):g}" for k in keys]
    vals = [P.num(q[k]) for k in keys]
    zh = (
        f"美国集群地图标准：{TIER_TEXT[tier][0]}。区位熵{P.num(lq)}（各地区第{'、'.join(pcts)}百分位数分别为"
        f"{'、'.join(vals)}）；{'；'.join(zh_parts)}；强集群还须区位熵不低于{floor:g}"
    )
    en = (
        f"U.S. Cluster Mapping: {TIER_TEXT[tier][1]}. LQ {P.num(lq)} (percentiles "
        f"{'/'.join(pcts)} of regions: {'/'.join(vals)}); {'; '.join(en_parts)}; the strong tiers also "
        f"need LQ ≥ {floor:g}"
    )
    return tier, _Text(text, zh, en)


def _miit(
    data: CanonicalData, scope: str, region: str, industry: str, year: int, th
) -> tuple[object, _Text]:
    """MIIT floors for ``scope`` ∈ {national, provincial}; returns (pass or pd.NA, evidence)."""
    prefix = f"identification.miit.{scope}."
    label = "MIIT national 国家级" if scope == "national" else "MIIT provincial 省级"
    results: list[bool] = []
    parts: list[str] = []
    zh: list[str] = []
    en: list[str] = []
    names = {
        "output_min_yuan": ("产值", "output"),
        "output_growth_min_pct": ("产值增速", "output growth"),
        "firms_min_count": ("企业数", "firm-count"),
    }
    df = data.industry_data
    rows = df.loc[
        (df["region_code"].astype(str) == region)
        & (df["industry_code"].astype(str) == industry)
        & (df["year"] <= year)
    ]
    n_years = int(P.threshold(th, prefix + "output_years", 3))
    out = (
        rows.loc[rows["output"].notna()].sort_values("year") if "output" in rows else rows.iloc[0:0]
    )
    last = out.loc[out["year"] > year - n_years]
    for key in ("output_min_yuan", "output_growth_min_pct", "firms_min_count"):
        tid = prefix + key
        if tid not in th:
            parts.append(f"{key}: skipped, id {tid} absent / 阈值缺失，跳过")
            zh.append(f"规则中未设{names[key][0]}门槛，跳过")
            en.append(f"no {names[key][1]} floor in the rule profile ({tid}), skipped")
            continue
        floor = float(th[tid])
        if key == "output_min_yuan":
            if last.empty:
                parts.append(f"output ≥ {floor:.4g}: no output data / 无产值数据")
                zh.append("无产值数据，无法检验产值门槛")
                en.append("no output data for the output floor")
                continue
            ok = bool((last["output"] >= floor).all()) and len(last) >= 1
            note = (
                ""
                if len(last) >= n_years
                else f" (only {len(last)} of {n_years} years / 仅{len(last)}年)"
            )
            parts.append(
                f"output {', '.join(P.fmt(v, 0) for v in last['output'])} ≥ {floor:.4g} each year{note}: {ok}"
            )
            years_txt = "、".join(
                f"{int(y)}年{P.money_text(v, 'zh')}" for y, v in zip(last["year"], last["output"])
            )
            years_en = ", ".join(
                f"{P.money_text(v, 'en')} in {int(y)}" for y, v in zip(last["year"], last["output"])
            )
            short_zh = "" if len(last) >= n_years else f"（仅有{len(last)}年数据）"
            short_en = "" if len(last) >= n_years else f" (only {len(last)} of {n_years} years)"
            zh.append(
                f"产值{years_txt}，{'均达到' if ok else '未全部达到'}{P.money_text(floor, 'zh')}{short_zh}"
            )
            en.append(
                f"output {years_en}: {'each' if ok else 'not each'} at least {P.money_text(floor, 'en')}"
                f"{short_en}"
            )
        elif key == "output_growth_min_pct":
            if len(last) < 2:
                parts.append(f"output growth > {floor:g}%: fewer than 2 years / 不足两年")
                zh.append("产值数据不足两年，无法检验增速门槛")
                en.append("fewer than two years of output, growth floor not checked")
                continue
            g = P.cagr(
                last["output"].iloc[0],
                last["output"].iloc[-1],
                int(last["year"].iloc[-1] - last["year"].iloc[0]),
            )
            ok = bool(np.isfinite(g) and 100 * g > floor)
            parts.append(f"output CAGR {P.pct(g)} > {floor:g}%: {ok}")
            zh.append(f"产值年均增速{P.signed_pct(g)}，{'高于' if ok else '未高于'}{floor:g}%")
            en.append(
                f"output growth {P.signed_pct(g)} a year, {'above' if ok else 'not above'} {floor:g}%"
            )
        else:
            f_now = (
                rows.loc[(rows["year"] == year), "firms"]
                if "firms" in rows
                else pd.Series(dtype=float)
            )
            f_now = f_now.dropna()
            if f_now.empty:
                parts.append(f"firms ≥ {floor:g}: no firm counts / 无企业数")
                zh.append("无企业数，无法检验企业数门槛")
                en.append("no firm counts, firm floor not checked")
                continue
            ok = bool(float(f_now.iloc[0]) >= floor)
            parts.append(f"firms {P.fmt(f_now.iloc[0], 0)} ≥ {floor:g}: {ok}")
            zh.append(f"企业数{P.num(f_now.iloc[0], 0)}家，{'达到' if ok else '未达到'}{floor:g}家")
            en.append(
                f"{P.num(f_now.iloc[0], 0)} firms, {'at least' if ok else 'fewer than'} {floor:g}"
            )
        results.append(ok)
    passed: object = pd.NA if not results else all(results)
    level_zh, level_en = ("国家级", "national") if scope == "national" else ("省级", "provincial")
    verdict_zh = "无法检验" if not results else "达到" if passed else "未达到"
    verdict_en = "not checkable" if not results else "met" if passed else "not met"
    return passed, _Text(
        f"{label}: " + "; ".join(parts),
        f"工信部{level_zh}特色产业集群门槛{verdict_zh}：" + "；".join(zh),
        f"MIIT {level_en} characteristic-cluster floors {verdict_en}: " + "; ".join(en),
    )


def _existence(answers: Mapping[str, object] | None) -> tuple[str, _Text]:
    if not answers:
        return "unanswered", _Text(
            "existence test not answered / 存在性检验未作答",
            "存在性检验未作答",
            "the existence test has not been answered",
        )
    vals = [(k, (None if v is None else str(v).strip().lower())) for k, v in answers.items()]
    bad = [v for _, v in vals if v not in (None, "yes", "partial", "no")]
    if bad:
        raise ValueError(
            f"existence answer {bad[0]!r} must be yes/partial/no / 存在性检验答案须为 yes/partial/no"
        )
    nos = [k for k, v in vals if v == "no"]
    if nos:
        return "no", _Text(
            f"existence test 'no' on {', '.join(nos)} / 存在性检验否定项",
            f"存在性检验有否定回答：{'、'.join(nos)}",
            f"the existence test is answered “no” on {', '.join(nos)}",
        )
    missing = [k for k, v in vals if v is None]
    if missing:
        return "unanswered", _Text(
            f"existence items unanswered: {', '.join(missing)} / 未答项",
            f"存在性检验有未答项：{'、'.join(missing)}",
            f"existence items unanswered: {', '.join(missing)}",
        )
    return "yes", _Text(
        f"existence test passed ({len(vals)} items) / 存在性检验通过",
        f"存在性检验通过（{len(vals)}项）",
        f"the existence test is passed ({len(vals)} items)",
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def identify_clusters(
    data: CanonicalData,
    focal_region: str,
    *,
    year: int | None = None,
    thresholds: Mapping[str, float],
    rule_sets: Iterable[str] = RULE_SETS,
    existence: Mapping[str, Mapping[str, object]] | None = None,
    measures: Iterable[str] = ("employment", "output", "firms"),
    progress: ProgressCallback | None = None,
) -> IdentificationResult:
    """Identify candidate clusters of ``focal_region`` in ``year`` (default: latest employment year).

    Returns one row per industry of the focal region (``clusters`` sheet, see module docstring).
    Raises ``ValueError`` (bilingual) when the region or employment data is missing.
    """
    report = ensure(progress)
    rule_sets = tuple(rule_sets)
    measures = tuple(measures)
    unknown = set(rule_sets) - set(RULE_SETS)
    if unknown:
        raise ValueError(f"unknown rule set(s) {sorted(unknown)} / 未知规则集")
    focal_region = str(focal_region)
    emp_years = P.measure_years(data, "employment")
    if not emp_years:
        raise ValueError("no employment data / 无从业人员数据：集群识别需要分行业从业人员")
    year = int(year) if year is not None else emp_years[-1]
    if year not in emp_years:
        raise ValueError(f"no employment data for {year} / {year}年无从业人员数据")
    report(0.0, "location quotients / 计算区位熵")
    panels = {m: P.lq_panel(data, m, year) for m in measures if P.has_measure(data, m)}
    emp_panel = panels.get("employment")
    if emp_panel is None or focal_region not in emp_panel.values.index:
        raise ValueError(
            f"region {focal_region} has no employment in {year} / 地区{focal_region}在{year}年无从业人员数据"
        )
    warnings: list[str] = []
    window = int(_t(thresholds, "growth.window_years"))
    base_candidates = [y for y in emp_years if year - window <= y < year]
    base_year = base_candidates[0] if base_candidates else None
    base_panel = P.lq_panel(data, "employment", base_year) if base_year is not None else None
    if base_panel is None:
        warnings.append("no base year for growth / 无增长基期，增长率缺失")
    firm_panel = panels.get("firms")
    share = emp_panel.share()
    industries = [
        c for c in emp_panel.values.columns if np.isfinite(emp_panel.values.at[focal_region, c])
    ]
    rows = []
    for i, ind in enumerate(industries):
        report(0.1 + 0.8 * i / max(len(industries), 1), f"{ind}")
        lq = {
            m: (
                panels[m].lq.at[focal_region, ind]
                if m in panels
                and focal_region in panels[m].lq.index
                and ind in panels[m].lq.columns
                else math.nan
            )
            for m in ("employment", "output", "firms")
        }
        emp = float(emp_panel.values.at[focal_region, ind])
        sh = float(share.at[focal_region, ind])
        firms = (
            float(firm_panel.values.at[focal_region, ind])
            if firm_panel is not None
            and focal_region in firm_panel.values.index
            and ind in firm_panel.values.columns
            else math.nan
        )
        output = (
            float(panels["output"].values.at[focal_region, ind])
            if "output" in panels
            and focal_region in panels["output"].values.index
            and ind in panels["output"].values.columns
            else math.nan
        )
        ev = [
            _Text(
                f"LQ = (E_rc/E_r)/(E_c/E); {emp_panel.denominator}; LQ_emp={P.fmt(lq['employment'])},"
                f" LQ_out={P.fmt(lq['output'])}, LQ_firms={P.fmt(lq['firms'])}",
                f"{year}年区位熵：就业{P.num(lq['employment'])}、产值{P.num(lq['output'])}、企业数"
                f"{P.num(lq['firms'])}（{emp_panel.denominator_zh}）",
                f"LQ in {year}: employment {P.num(lq['employment'])}, output {P.num(lq['output'])}, firms "
                f"{P.num(lq['firms'])} ({emp_panel.denominator_en})",
            )
        ]
        # growth
        g_e = g_n = math.nan
        if (
            base_panel is not None
            and ind in base_panel.values.columns
            and focal_region in base_panel.values.index
        ):
            span = year - base_year
            g_e = P.cagr(base_panel.values.at[focal_region, ind], emp, span)
            g_n = P.cagr(
                base_panel.reference.get(ind, math.nan),
                emp_panel.reference.get(ind, math.nan),
                span,
            )
            a, b = P.distinct_pair(g_e, g_n, 1, P.signed_pct)
            ev.append(
                _Text(
                    f"growth {base_year}–{year}: CAGR E_rc={P.pct(g_e)} vs reference {P.pct(g_n)}",
                    f"{base_year}—{year}年就业年均增速{a}，参照地区为{b}",
                    f"annual employment growth {a} in {base_year}–{year} (reference area {b})",
                )
            )
        emp_col = emp_panel.values[ind]
        row = {
            "region_code": focal_region,
            "industry_code": ind,
            "year": year,
            "lq_employment": lq["employment"],
            "lq_output": lq["output"],
            "lq_firms": lq["firms"],
            "employment": emp,
            "employment_share": sh,
            "emp_cagr": g_e,
            "ref_emp_cagr": g_n,
            "firms": firms,
            "output": output,
            "denominator": emp_panel.denominator,
        }
        # ECO
        if "eco" in rule_sets:
            stars, text = _eco(emp_col, share[ind], lq["employment"], emp, sh, thresholds)
            row.update(stars)
            row["eco_stars"] = int(sum(stars.values()))
            ev.append(text)
        else:
            row.update(eco_size_star=False, eco_lq_star=False, eco_focus_star=False, eco_stars=0)
        # CMP
        if "cmp" in rule_sets:
            fcol = (
                firm_panel.values[ind]
                if firm_panel is not None and ind in firm_panel.values.columns
                else None
            )
            tier, text = _cmp(emp_panel.lq[ind], emp_col, fcol, focal_region, thresholds)
            row["cmp_tier"] = tier
            ev.append(text)
        else:
            row["cmp_tier"] = "none"
        # simple LQ
        lq_e = lq["employment"]
        if "lq" in rule_sets:
            cuts = sorted(
                _t(thresholds, f"lq.{k}") for k in ("cutoff_low", "cutoff_mid", "cutoff_high")
            )
            met = [c for c in cuts if P.ge(lq_e, c)]
            row["lq_level"] = met[-1] if met else 0.0
            pass_min = _t(thresholds, "lq.pass_min")
            row["simple_lq_pass"] = P.ge(lq_e, pass_min)
            ok = row["simple_lq_pass"]
            ev.append(
                _Text(
                    f"LQ cut-offs {', '.join(f'{c:g}' for c in cuts)}: highest met {row['lq_level']:g};"
                    f" pass LQ ≥ {pass_min:g}: {ok}",
                    f"区位熵门槛{'、'.join(f'{c:g}' for c in cuts)}："
                    + (f"达到的最高门槛为{row['lq_level']:g}" if met else "均未达到")
                    + f"；区位熵{'达到' if ok else '未达到'}候选门槛{pass_min:g}",
                    f"LQ cut-offs {', '.join(f'{c:g}' for c in cuts)}: "
                    + (f"highest met {row['lq_level']:g}" if met else "none met")
                    + f"; LQ {'reaches' if ok else 'is below'} the candidate cut-off {pass_min:g}",
                )
            )
        else:
            row["lq_level"], row["simple_lq_pass"] = 0.0, False
        # MIIT
        for scope in ("national", "provincial"):
            if f"miit_{scope}" in rule_sets:
                ok, text = _miit(data, scope, focal_region, ind, year, thresholds)
                row[f"miit_{scope}_pass"] = ok
                ev.append(text)
            else:
                row[f"miit_{scope}_pass"] = pd.NA
        # composite score
        comps = {
            "lq_employment": min(lq["employment"] / _t(thresholds, "score.lq_cap"), 1.0),
            "lq_output": min(lq["output"] / _t(thresholds, "score.lq_cap"), 1.0),
            "lq_firms": min(lq["firms"] / _t(thresholds, "score.lq_cap"), 1.0),
            "size": _pct_rank(emp_col, emp),
            "focus": _pct_rank(share[ind], sh),
            "growth": min(max(0.5 + (g_e - g_n) / _t(thresholds, "score.growth_span"), 0.0), 1.0)
            if np.isfinite(g_e) and np.isfinite(g_n)
            else math.nan,
        }
        weights = {k: _t(thresholds, f"score.w_{k}") for k in comps}
        used = {k: v for k, v in comps.items() if np.isfinite(v) and weights[k] > 0}
        wsum = sum(weights[k] for k in used)
        row["score"] = (
            100.0 * sum(weights[k] * v for k, v in used.items()) / wsum if wsum else math.nan
        )
        ev.append(
            _Text(
                "score = 100·Σw·c/Σw: "
                + ", ".join(f"{k} {P.fmt(v, 2)}×{weights[k]:g}" for k, v in used.items())
                + f" = {P.fmt(row['score'], 1)}",
                f"综合评分{P.num(row['score'], 1)}（各项得分×权重的加权平均×100："
                + "、".join(
                    f"{_SCORE_PARTS[k][0]}{P.num(v)}×{weights[k]:g}" for k, v in used.items()
                )
                + "）",
                f"composite score {P.num(row['score'], 1)} (100 × weighted mean of: "
                + ", ".join(
                    f"{_SCORE_PARTS[k][1]} {P.num(v)}×{weights[k]:g}" for k, v in used.items()
                )
                + ")",
            )
        )
        # candidate and verdict
        min_stars = _t(thresholds, "candidate.min_eco_stars")
        candidate = bool(
            row["simple_lq_pass"]
            or row["cmp_tier"] in ("strong10", "strong", "significant")
            or row["eco_stars"] >= min_stars
            or row["miit_national_pass"] is True
            or row["miit_provincial_pass"] is True
        )
        row["candidate"] = candidate
        ex_state, ex_text = _existence((existence or {}).get(ind))
        row["existence"] = ex_state
        if not candidate:
            verdict = "not_candidate"
        elif ex_state == "no":
            verdict = "agglomeration_not_yet_cluster"
        elif ex_state == "yes":
            verdict = "cluster"
        else:
            verdict = "candidate_unconfirmed"
        row["verdict"] = verdict
        ev.append(
            _Text(
                f"candidate = LQ pass or CMP ≥ significant or ECO stars ≥ {min_stars:g} or MIIT pass: {candidate}; "
                + ex_text.trace,
                f"{'是' if candidate else '不是'}候选集群（区位熵达到候选门槛、美国集群地图显著及以上、欧洲集群观察站"
                f"不少于{min_stars:g}星或达到工信部门槛，满足其一即可）；{ex_text.zh}",
                f"{'a' if candidate else 'not a'} candidate cluster (any of: LQ at the candidate cut-off, U.S. Cluster "
                f"Mapping significant or better, at least {min_stars:g} ECO stars, an MIIT floor met); {ex_text.en}",
            )
        )
        row["industry_name_zh"] = data.industry_name(ind, "zh")
        row["industry_name_en"] = data.industry_name(ind, "en")
        row["evidence"] = " | ".join(e.trace for e in ev)
        row["evidence_zh"] = "\n".join(e.zh for e in ev)
        row["evidence_en"] = "\n".join(_capitalised(e.en) for e in ev)
        rows.append(row)
    report(0.95, "ranking / 排序")
    out = pd.DataFrame(rows)
    if out.empty:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in CLUSTER_COLUMNS})
    else:
        out["rank"] = out["score"].rank(ascending=False, method="min").astype("Int64")
        for col in ("miit_national_pass", "miit_provincial_pass"):
            out[col] = out[col].astype("boolean")
        out = (
            out[CLUSTER_COLUMNS]
            .sort_values(["rank", "industry_code"], na_position="last")
            .reset_index(drop=True)
        )
    report(1.0, "done / 完成")
    return IdentificationResult(out, year, focal_region, warnings)
