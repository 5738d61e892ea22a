"""Plain-language readings (Chinese and English) beside every welfare-effects table: what the
estimate says, how sure it is, what it does not say, and how it compares with seed 000 (L74–84).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from clusterpolicy.assess.effects.engine import MODEL_LABELS, ModelRun
from clusterpolicy.assess.effects.panel import OUTCOMES
from clusterpolicy.text import formats as F
from clusterpolicy.text.labels import VALUES

READING_COLUMNS = ["outcome", "model", "kind", "reading_zh", "reading_en"]

# seed 000's findings, per outcome (Preface L74–84)
SEED_FINDINGS = {
    "disposable_income_pc": (
        "种子000（第5章）：控制人力资本、资本投入、对外开放和非公有制经济后，产业聚集显著提高居民收入（L78）。",
        "Seed 000 (ch. 5): controlling for human capital, capital, openness and the non-public"
        " economy, agglomeration significantly raises resident income (L78).",
    ),
    "manufacturing_employment": (
        "种子000（第6章）：控制工资、资本、人力资本、进出口依存度和创新后，产业聚集显著促进制造业就业（L82）。",
        "Seed 000 (ch. 6): controlling for wages, capital, human capital, trade dependence and"
        " innovation, agglomeration significantly raises manufacturing employment (L82).",
    ),
    "education_exp_pc": (
        "种子000（第7章）：区位熵与人均教育支出呈“U”形关系（L84）。",
        "Seed 000 (ch. 7): the LQ has a U-shaped relation with education spending per capita (L84).",
    ),
    "social_security_exp_pc": (
        "种子000（第7章）：区位熵与人均社会保障支出呈“U”形关系（L84）。",
        "Seed 000 (ch. 7): the LQ has a U-shaped relation with social-security spending per"
        " capita (L84).",
    ),
    "health_exp_pc": (
        "种子000（第7章）：区位熵对人均卫生医疗支出没有影响（L84）。",
        "Seed 000 (ch. 7): the LQ has no effect on health spending per capita (L84).",
    ),
    "welfare_index": (
        "种子000（第7章）：区位熵、制造业就业密度与公共福利指数正相关并存在门槛效应；系统GMM下影响为非线性，"
        "临界值在区位熵1.23~4.56之间，低于临界值时聚集“挤出”公共福利（L84）。",
        "Seed 000 (ch. 7): the LQ and manufacturing employment density relate positively to the"
        " public-welfare index with a threshold; with system GMM the effect is nonlinear with a"
        " critical LQ of 1.23–4.56, below which agglomeration crowds public welfare out (L84).",
    ),
    "agglomeration": (
        "种子000（第3章）：市场规模、人力资本促进聚集；工资成本、运输成本、开放度阻碍聚集（L74）。",
        "Seed 000 (ch. 3): market size and human capital promote agglomeration; wage and"
        " transport costs and openness hinder it (L74).",
    ),
}
CAUSAL = (
    "这是相关关系，不是因果关系：估计值说明在这些地区和年份里两者一起变化的程度，并不证明提高聚集度就会带来这样的变化。",
    "This is an association, not a cause: it says how the two moved together in these regions"
    " and years, not that raising agglomeration would bring this change.",
)


def _fz(x, d: int | None = None) -> str:
    """A number in a Chinese reading: ``d`` decimals, or about four significant digits."""
    return F.number(x, d, "zh") if d is not None else F.significant(x, 4, "zh")


def _fe(x, d: int | None = None) -> str:
    """A number in an English reading (thousands separators)."""
    return F.number(x, d, "en") if d is not None else F.significant(x, 4, "en")


def _p(x) -> str:
    v = F.finite(x)
    if v is None:
        return F.MISSING
    return "< 0.001" if v < 0.001 else f"= {v:.3f}"


def _sure(p: float, alpha: float) -> tuple[str, str]:
    if not np.isfinite(p):
        return "无法判断", "cannot be judged"
    if p < alpha:
        return f"在{alpha:.0%}水平上显著", f"significant at the {alpha:.0%} level"
    return (
        f"在{alpha:.0%}水平上不显著，不能排除没有关系",
        f"not significant at the {alpha:.0%} level: no relation cannot be ruled out",
    )


def _sample(fit) -> tuple[str, str]:
    return (
        f"{fit.n_obs}个观测，{fit.n_regions}个地区，{fit.n_years}个年份",
        f"{fit.n_obs} observations, {fit.n_regions} regions, {fit.n_years} years",
    )


def _agg_names(panel) -> tuple[str, str]:
    return panel.agglomeration_label


def model_reading(run: ModelRun, panel, alpha: float) -> tuple[str, str]:
    """One reading of one model run."""
    mz, me = MODEL_LABELS[run.model]
    if run.fit is None:
        word_zh = "未估计" if run.status == "refused" else "未运行"
        word_en = "refused" if run.status == "refused" else "not run"
        return f"{mz}：{word_zh}——{run.reason_zh}", f"{me}: {word_en} — {run.reason_en}"
    f, ex = run.fit, run.fit.extras
    az, ae = _agg_names(panel)
    oz, oe = OUTCOMES[run.outcome]
    sz, se = _sample(f)
    if run.model in ("pooled_ols", "fe_oneway", "fe_twoway"):
        r = f.terms.loc["agglomeration"]
        up = r["coef"] >= 0
        kz, ke = _sure(r["p"], alpha)
        sd = float(run.sample["agglomeration"].std()) if run.sample is not None else math.nan
        lo, hi = (
            (float(run.sample["agglomeration"].min()), float(run.sample["agglomeration"].max()))
            if run.sample is not None
            else (math.nan, math.nan)
        )
        return (
            f"{mz}：{az}每高1个单位，{oz}平均{'高' if up else '低'}{_fz(abs(r['coef']))}"
            f"（{1 - alpha:.0%}置信区间 {_fz(r['ci_low'])} ~ {_fz(r['ci_high'])}，p {_p(r['p'])}），"
            f"{kz}。数据中{az}在{_fz(lo, 2)} ~ {_fz(hi, 2)}之间，标准差{_fz(sd, 2)}；"
            f"{az}高一个标准差，{oz}{'高' if up else '低'}{_fz(abs(r['coef']) * sd)}。{sz}。",
            f"{me}: one unit more of {ae} goes with {_fe(abs(r['coef']))} "
            f"{'more' if up else 'less'} {oe} ({1 - alpha:.0%} CI {_fe(r['ci_low'])} to"
            f" {_fe(r['ci_high'])}, p {_p(r['p'])}), {ke}. In the data {ae} runs from"
            f" {_fe(lo, 2)} to {_fe(hi, 2)} (standard deviation {_fe(sd, 2)}); one standard"
            f" deviation more goes with {_fe(abs(r['coef']) * sd)} {'more' if up else 'less'}."
            f" {se[0].upper()}{se[1:]}.",
        )
    if run.model == "determinants":
        parts_zh, parts_en = [], []
        for term, r in f.terms.iterrows():
            tz, te = VALUES.label(f"term.{term}", "zh"), VALUES.label(f"term.{term}", "en")
            dz, de = ("正向", "positive") if r["coef"] >= 0 else ("负向", "negative")
            star = "显著" if r["p"] < alpha else "不显著"
            parts_zh.append(f"{tz}：{dz}（p {_p(r['p'])}，{star}）")
            parts_en.append(
                f"{te}: {de} (p {_p(r['p'])}, {'significant' if r['p'] < alpha else 'n.s.'})"
            )
        return (
            f"{mz}：{'；'.join(parts_zh)}；{sz}。",
            f"{me}: {'; '.join(parts_en)}; {se}.",
        )
    if run.model in ("quadratic", "system_gmm"):
        tp = ex.get("turning_point", math.nan)
        shape_zh = {"u": "U形", "inverted_u": "倒U形"}.get(ex.get("shape"), "无弯曲")
        shape_en = {"u": "U shape", "inverted_u": "inverted U"}.get(ex.get("shape"), "no curve")
        lo, hi = ex.get("range_low"), ex.get("range_high")
        inside = ex.get("tp_inside", False)
        ok = ex.get("shape_supported", False)
        head_zh, head_en = "", ""
        if run.model == "system_gmm":
            rho = f.terms.loc[[t for t in f.terms.index if t.startswith("L1.")][0]]
            head_zh = f"上一年{oz}的系数为{_fz(rho['coef'])}（p {_p(rho['p'])}）；"
            head_en = f"last year's {oe} has coefficient {_fe(rho['coef'])} (p {_p(rho['p'])}); "
        verdict_zh = (
            f"{shape_zh}得到支持（拐点在数据范围内，两端斜率方向相反且显著，Lind–Mehlum p {_p(ex.get('lm_p'))}）"
            if ok
            else f"{shape_zh}未得到支持（拐点{'在' if inside else '不在'}数据范围"
            f" {_fz(lo, 2)} ~ {_fz(hi, 2)} 内，Lind–Mehlum p {_p(ex.get('lm_p'))}）"
        )
        verdict_en = (
            f"the {shape_en} is supported (turning point inside the data, slopes of opposite"
            f" sign at both ends, Lind–Mehlum p {_p(ex.get('lm_p'))})"
            if ok
            else f"the {shape_en} is not supported (turning point {'inside' if inside else 'outside'}"
            f" the data range {_fe(lo, 2)} to {_fe(hi, 2)}, Lind–Mehlum p {_p(ex.get('lm_p'))})"
        )
        z = (
            f"{mz}：{head_zh}拐点在{az} = {_fz(tp, 2)}（{1 - alpha:.0%}置信区间 {_fz(ex.get('tp_ci_low'), 2)}"
            f" ~ {_fz(ex.get('tp_ci_high'), 2)}，delta法）；{verdict_zh}；{sz}。"
        )
        e = (
            f"{me}: {head_en}turning point at {ae} = {_fe(tp, 2)} ({1 - alpha:.0%} CI"
            f" {_fe(ex.get('tp_ci_low'), 2)} to {_fe(ex.get('tp_ci_high'), 2)}, delta method);"
            f" {verdict_en}; {se}."
        )
        if run.model == "system_gmm":
            z += (
                f"检验：AR(2) p {_p(ex.get('ar2_p'))}（应大于{alpha:g}），Hansen p {_p(ex.get('hansen_p'))}，"
                f"工具变量{ex.get('n_instruments')}个。"
            )
            e += (
                f" Tests: AR(2) p {_p(ex.get('ar2_p'))} (should exceed {alpha:g}), Hansen"
                f" p {_p(ex.get('hansen_p'))}, {ex.get('n_instruments')} instruments."
            )
            if ex.get("ar2_p", 1) < alpha:
                z += "AR(2)被拒绝：滞后项不是有效的工具变量，结果不可靠。"
                e += " AR(2) is rejected: the lags are not valid instruments; do not rely on it."
        return z, e
    # threshold models
    regs = ex.get("regimes", [])
    slopes_zh, slopes_en = [], []
    for rg in regs:
        r = f.terms.loc[rg["term"]]
        slopes_zh.append(
            f"{_fz(rg['low'], 2)} ~ {_fz(rg['high'], 2)}：斜率{_fz(r['coef'])}（p {_p(r['p'])}，{rg['n_obs']}个观测）"
        )
        slopes_en.append(
            f"{_fe(rg['low'], 2)} to {_fe(rg['high'], 2)}: slope {_fe(r['coef'])} (p {_p(r['p'])},"
            f" {rg['n_obs']} obs.)"
        )
    ci = ex.get("threshold_ci", [math.nan, math.nan])
    p1 = ex.get("threshold_p" if run.model == "threshold_single" else "threshold2_p", math.nan)
    found = np.isfinite(p1) and p1 < alpha
    double = run.model == "threshold_double"
    gammas = sorted(
        [ex.get("threshold"), ex.get("threshold2")] if double else [ex.get("threshold")]
    )
    gam_zh = "、".join(_fz(g, 3) for g in gammas)
    gam_en = ", ".join(_fe(g, 3) for g in gammas)
    what_zh = (
        ("存在第二个门槛" if found else "未发现显著的第二个门槛")
        if double
        else ("存在门槛效应" if found else "未发现显著的门槛效应")
    )
    what_en = (
        ("a second threshold" if found else "no significant second threshold")
        if double
        else ("a threshold effect" if found else "no significant threshold effect")
    )
    z = (
        f"{mz}：{what_zh}（自助法{ex.get('bootstrap')}次，p {_p(p1)}）；"
        f"门槛值 {az} = {gam_zh}（门槛{_fz(ex.get('threshold'), 3)}的置信区间 {_fz(ci[0], 3)} ~ {_fz(ci[1], 3)}）；"
        f"各区间：{'；'.join(slopes_zh)}；{sz}。"
    )
    e = (
        f"{me}: {what_en} (bootstrap, {ex.get('bootstrap')} draws, p {_p(p1)}); threshold"
        f"{'s' if double else ''} {ae} = {gam_en} (CI of {_fe(ex.get('threshold'), 3)}:"
        f" {_fe(ci[0], 3)} to {_fe(ci[1], 3)}); regimes: {'; '.join(slopes_en)}; {se}."
    )
    return z, e


def caveats(panel, runs: list[ModelRun], few_regions: float) -> list[tuple[str, str]]:
    """What the estimates do not say, for this panel."""
    out = [CAUSAL]
    fits = [r.fit for r in runs if r.fit is not None]
    g = max((f.n_regions for f in fits), default=0)
    if fits and g < few_regions:
        out.append(
            (
                f"面板较小（{g}个地区）：按地区聚类的标准误在地区少于约{int(few_regions)}个时偏小，"
                "p值和置信区间比实际更乐观；请把结果当作线索，而不是定论。",
                f"Small panel ({g} regions): clustered standard errors are too small with fewer"
                f" than about {int(few_regions)} regions, so p values and intervals look surer"
                " than they are; read the results as a lead, not a verdict.",
            )
        )
    years: set[int] = set()
    for r in runs:
        if r.fit is not None and r.sample is not None:
            years |= {int(y) for y in r.sample.index.get_level_values(1)}
    if 2012 in years and 2013 in years:
        out.append(
            (
                "样本跨越2012→2013年劳动统计口径改革（城镇单位就业的统计范围扩大）：年份效应只能吸收全国一致的跳变，"
                "各省不同的跳变仍会混入估计。",
                "The sample spans the 2012→2013 labour-statistics coverage reform: year effects"
                " absorb only a break common to all regions; breaks that differ by region remain"
                " in the estimates.",
            )
        )
    else:
        out.append(
            (
                "若统计口径在样本期内变化（行业分类、统计范围、行政区划调整），估计会受断点影响；年份效应只能吸收各地一致的断点。",
                "Changes of definition during the period (industry classification, coverage,"
                " boundary changes) bias the estimates; year effects absorb only breaks common to"
                " all regions.",
            )
        )
    return out


def compare_with_seed(
    outcome: str, runs: list[ModelRun], alpha: float, band: tuple[float, float]
) -> tuple[str, str]:
    """How this data's answer compares with seed 000's finding for the outcome."""
    sz, se = SEED_FINDINGS[outcome]
    by = {r.model: r for r in runs}
    fe = by.get("fe_twoway") or by.get("determinants")
    quad, thr = by.get("quadratic"), by.get("threshold_single")
    if outcome == "agglomeration":
        return sz, se
    if fe is None or fe.fit is None:
        return (
            sz + "本数据无法检验这一结论（见上文拒绝原因）。",
            se + " This data cannot test it (see the reasons above).",
        )
    r = fe.fit.terms.loc["agglomeration"]
    sig = r["p"] < alpha
    u = quad is not None and quad.fit is not None and quad.fit.extras.get("shape_supported")
    shape = quad.fit.extras.get("shape") if u else ""
    t_found = (
        thr is not None
        and thr.fit is not None
        and np.isfinite(thr.fit.extras.get("threshold_p", math.nan))
        and thr.fit.extras["threshold_p"] < alpha
    )
    if outcome in ("education_exp_pc", "social_security_exp_pc"):
        agree = u and shape == "u"
        z = (
            "本数据支持U形关系，与种子000一致。"
            if agree
            else "本数据不支持U形关系，与种子000不一致。"
        )
        e = (
            " This data supports the U shape, as seed 000 found."
            if agree
            else " This data does not support the U shape seed 000 found."
        )
    elif outcome == "health_exp_pc":
        agree = not sig and not u
        z = (
            "本数据同样未发现显著关系，与种子000一致。"
            if agree
            else "本数据发现了显著关系，与种子000“没有影响”的结论不同。"
        )
        e = (
            " This data also finds no significant relation, as seed 000 did."
            if agree
            else " This data finds a significant relation, unlike seed 000's 'no effect'."
        )
    elif outcome == "welfare_index":
        tp = thr.fit.extras.get("threshold") if t_found else math.nan
        in_band = t_found and band[0] <= tp <= band[1]
        z = (
            f"本数据{'发现' if t_found else '未发现'}显著门槛"
            + (
                f"（{_fz(tp, 2)}，{'落在' if in_band else '不在'}临界区间{_fz(band[0], 2)}~{_fz(band[1], 2)}内）"
                if t_found
                else ""
            )
            + f"；双向固定效应斜率{'为正且显著' if sig and r['coef'] > 0 else '不是显著为正'}。"
        )
        e = (
            f" This data {'finds' if t_found else 'does not find'} a significant threshold"
            + (
                f" ({_fe(tp, 2)}, {'inside' if in_band else 'outside'} the critical band"
                f" {_fe(band[0], 2)}–{_fe(band[1], 2)})"
                if t_found
                else ""
            )
            + f"; the two-way FE slope is {'positive and significant' if sig and r['coef'] > 0 else 'not significantly positive'}."
        )
    else:
        agree = sig and r["coef"] > 0
        z = (
            "本数据的双向固定效应同样为正且显著，与种子000一致。"
            if agree
            else "本数据的双向固定效应不是显著为正，与种子000不一致。"
        )
        e = (
            " This data's two-way FE slope is also positive and significant, as in seed 000."
            if agree
            else " This data's two-way FE slope is not significantly positive, unlike seed 000."
        )
    return sz + z, se + e


def readings_table(panel, runs_by_outcome: dict[str, list[ModelRun]], th) -> pd.DataFrame:
    alpha = float(th["effects.alpha"])
    few = float(th["effects.few_regions_warning"])
    band = (
        float(th["equalization.agglomeration.band_low"]),
        float(th["equalization.agglomeration.band_high"]),
    )
    rows = []
    for outcome, runs in runs_by_outcome.items():
        for run in runs:
            z, e = model_reading(run, panel, alpha)
            rows.append(
                {
                    "outcome": outcome,
                    "model": run.model,
                    "kind": "estimate",
                    "reading_zh": z,
                    "reading_en": e,
                }
            )
        z, e = compare_with_seed(outcome, runs, alpha, band)
        rows.append(
            {"outcome": outcome, "model": "", "kind": "seed_000", "reading_zh": z, "reading_en": e}
        )
        for z, e in caveats(panel, runs, few):
            rows.append(
                {
                    "outcome": outcome,
                    "model": "",
                    "kind": "caveat",
                    "reading_zh": z,
                    "reading_en": e,
                }
            )
    return pd.DataFrame(rows, columns=READING_COLUMNS)
