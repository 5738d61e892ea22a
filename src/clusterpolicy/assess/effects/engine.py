"""Runs the welfare-effects models on an :class:`~.panel.EffectsPanel` and writes the
``welfare_effects`` rows. Every model is either run, refused (the panel cannot support it — the
reason is said) or not run (a precondition failed, e.g. no single threshold for the double
model). Thresholds ``effects.*`` (resources/knowledge/thresholds/effects.yaml).

Models per outcome y with agglomeration a and the outcome's seed-000 controls x:

* ``pooled_ols`` y ~ a + x; ``fe_oneway`` + region effects; ``fe_twoway`` + year effects;
* ``quadratic`` y ~ a + a² + x (two-way FE): turning point, delta-method CI, Lind–Mehlum;
* ``threshold_single`` / ``threshold_double``: Hansen (1999) with a as regime variable and
  threshold variable, region effects and year dummies, on the balanced part of the panel;
* ``system_gmm``: y ~ L.y + a + a² + x + year dummies, a and a² endogenous (GMM-style, collapsed
  lags 2…max_lag), x exogenous;
* ``determinants`` (outcome ``agglomeration``, seed 000 ch. 3): a ~ market size, human capital,
  wages, openness with two-way FE.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.assess.effects.panel import CONTROLS, OUTCOME_CONTROLS, EffectsPanel
from clusterpolicy.metrics import MetricInputError
from clusterpolicy.metrics.panel import (
    PanelFit,
    linear_panel,
    quadratic,
    system_gmm,
    threshold_regression,
    turning_point,
)
from clusterpolicy.text.labels import VALUES

WELFARE_EFFECTS_COLUMNS = [
    "model",
    "outcome",
    "term",
    "coef",
    "se",
    "t",
    "p",
    "ci_low",
    "ci_high",
    "n_obs",
    "n_regions",
    "n_years",
    "turning_point",
    "threshold",
    "threshold_p",
    # further columns (the contract allows more to follow)
    "agglomeration",
    "r2_within",
    "tp_ci_low",
    "tp_ci_high",
    "shape",
    "shape_supported",
    "lm_p",
    "threshold_ci_low",
    "threshold_ci_high",
    "threshold2",
    "threshold2_p",
    "ar1_p",
    "ar2_p",
    "hansen_p",
    "n_instruments",
    "status",
    "reason_zh",
    "reason_en",
]
MODELS = (
    "pooled_ols",
    "fe_oneway",
    "fe_twoway",
    "quadratic",
    "threshold_single",
    "threshold_double",
    "system_gmm",
)
#: model → (zh, en) label, from the one label catalogue
MODEL_LABELS = {m: VALUES[f"model.{m}"] for m in (*MODELS, "determinants")}


class Refused(Exception):  # noqa: N818 - a model the panel cannot support
    def __init__(self, zh: str, en: str, status: str = "refused"):
        self.zh, self.en, self.status = zh, en, status
        super().__init__(f"{zh} / {en}")


@dataclass
class ModelRun:
    model: str
    outcome: str
    fit: PanelFit | None = None
    status: str = "ok"
    reason_zh: str = ""
    reason_en: str = ""
    controls: list[str] = field(default_factory=list)
    sample: pd.DataFrame | None = None


def _th(th: Mapping[str, float], key: str) -> float:
    k = f"effects.{key}"
    if k not in th:
        raise KeyError(
            f"threshold {k!r} missing: add thresholds/effects.yaml to the profile"
            f" / 缺少阈值 {k!r}：请在规则配置中加入 thresholds/effects.yaml"
        )
    return float(th[k])


def choose_controls(panel: EffectsPanel, outcome: str, th) -> tuple[list[str], list[dict]]:
    """The outcome's seed-000 controls that the data cover well enough, and those left out."""
    f = panel.frame
    base = f[outcome].notna() & f["agglomeration"].notna()
    n = int(base.sum())
    used, left = [], []
    for c in OUTCOME_CONTROLS[outcome]:
        cov = float(f.loc[base, c].notna().mean()) if n and c in f else 0.0
        if cov == 0.0:
            left.append(
                {
                    "control": c,
                    "reason_zh": f"{CONTROLS[c][0]}：数据中没有（需要 {CONTROLS[c][2]}）",
                    "reason_en": f"{CONTROLS[c][1]}: not in the data (needs {CONTROLS[c][2]})",
                }
            )
        elif cov < _th(th, "control_min_coverage"):
            left.append(
                {
                    "control": c,
                    "reason_zh": f"{CONTROLS[c][0]}：只覆盖{cov:.0%}的观测，未纳入以免删去观测",
                    "reason_en": f"{CONTROLS[c][1]}: covers only {cov:.0%} of the observations;"
                    " left out so it does not drop them",
                }
            )
        else:
            used.append(c)
    return used, left


def _within_share(s: pd.Series) -> float:
    total = float(s.std())
    if not total or not np.isfinite(total):
        return 0.0
    within = s - s.groupby(level=0).transform("mean")
    return float(within.std() / total)


def absorbed_controls(sample: pd.DataFrame, controls: list[str]) -> list[str]:
    """Controls with (almost) no variation left once region and year effects are removed
    (within standard deviation below 0.1 % of the total: rounding noise of the source data)."""
    out = []
    for c in controls:
        s = sample[c]
        total = float(s.std())
        w = s - s.mean()
        for _ in range(30):
            w = w - w.groupby(level=0).transform("mean")
            w = w - w.groupby(level=1).transform("mean")
        if not total or float(w.std()) < 1e-3 * total:
            out.append(c)
    return out


def _counts(df: pd.DataFrame) -> tuple[int, int, int]:
    return (
        len(df),
        df.index.get_level_values(0).nunique(),
        df.index.get_level_values(1).nunique(),
    )


def _basic_checks(sample: pd.DataFrame, k: int, th, *, need_years: int) -> None:
    n, g, t = _counts(sample)
    if g < _th(th, "min_regions"):
        raise Refused(
            f"只有{g}个地区有完整数据，少于{int(_th(th, 'min_regions'))}个，无法估计",
            f"only {g} regions have complete data, fewer than {int(_th(th, 'min_regions'))}",
        )
    if t < need_years:
        raise Refused(
            f"只有{t}个年份有完整数据，本模型至少需要{need_years}个",
            f"only {t} years have complete data; this model needs at least {need_years}",
        )
    per = _th(th, "min_obs_per_coef")
    if n < per * k:
        raise Refused(
            f"{n}个观测不足以估计{k}个系数（每个系数至少{int(per)}个观测）",
            f"{n} observations are too few for {k} coefficients (at least {int(per)} each)",
        )


def _within_check(sample: pd.DataFrame, th) -> None:
    share = _within_share(sample["agglomeration"])
    if share < _th(th, "min_within_share"):
        raise Refused(
            f"聚集指标在各地区内部几乎不随时间变化（组内标准差只占{share:.1%}），"
            "固定效应模型无法把它与地区效应分开",
            f"the agglomeration measure hardly changes within regions (within share of its"
            f" standard deviation {share:.1%}); fixed effects cannot separate it from the"
            " region effect",
        )


def _balanced(sample: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    years = sample.index.get_level_values(1)
    span = sorted(set(years))
    sizes = sample.groupby(level=0).size()
    full = sizes[sizes == len(span)].index
    out = sample.loc[sample.index.get_level_values(0).isin(full)]
    return out, sorted(set(sizes.index) - set(full))


def _consecutive(sample: pd.DataFrame) -> int:
    ys = sorted(set(int(y) for y in sample.index.get_level_values(1)))
    best = run = 1 if ys else 0
    for a, b in zip(ys, ys[1:]):
        run = run + 1 if b == a + 1 else 1
        best = max(best, run)
    return best


def run_models(
    panel: EffectsPanel,
    outcome: str,
    th: Mapping[str, float],
    *,
    step: Callable[[float], None] | None = None,
    seed: int = 12345,
) -> list[ModelRun]:
    """Every model of the module docstring for one outcome (or ``determinants``)."""
    step = step or (lambda f: None)
    alpha = _th(th, "alpha")
    controls, _left = choose_controls(panel, outcome, th)
    cols0 = ["agglomeration", *([] if outcome == "agglomeration" else [outcome]), *controls]
    absorbed = absorbed_controls(panel.frame[cols0].dropna(), controls) if controls else []
    controls = [c for c in controls if c not in absorbed]
    if outcome == "agglomeration":
        names = ["determinants"]
    else:
        names = list(MODELS)
    runs = [ModelRun(m, outcome, controls=controls) for m in names]
    cols = list(dict.fromkeys(["agglomeration", outcome, *controls]))
    if outcome == "agglomeration":
        cols = ["agglomeration", *controls]
    sample = panel.frame[cols].dropna()
    overlap = _no_overlap(panel, outcome) if sample.empty else None
    single: ModelRun | None = None
    for i, run in enumerate(runs):
        step(i / len(runs))
        run.sample = sample
        try:
            if overlap is not None:
                raise overlap
            if not controls and outcome == "agglomeration":
                raise Refused(
                    "数据中没有种子000第3章的任何决定因素（市场规模、人力资本、工资、开放度）",
                    "the data have none of seed 000 ch. 3's determinants (market size, human"
                    " capital, wages, openness)",
                )
            run.fit = _run_one(run, sample, outcome, controls, th, alpha, single, seed)
        except Refused as r:
            run.status, run.reason_zh, run.reason_en = r.status, r.zh, r.en
        except MetricInputError as e:
            run.status, run.reason_zh, run.reason_en = "refused", e.message_zh, e.message_en
        if run.model == "threshold_single":
            single = run
        if absorbed and run.fit is not None:
            names = "、".join(CONTROLS[c][0] for c in absorbed)
            names_en = ", ".join(CONTROLS[c][1] for c in absorbed)
            run.fit.warnings.append(
                f"{names}在去除地区和年份效应后没有变化，未纳入 / {names_en}: no variation left"
                " after region and year effects; left out"
            )
    step(1.0)
    return runs


def _span(panel: EffectsPanel, col: str) -> tuple[str, str]:
    ys = panel.years(col) if col in panel.frame else []
    if not ys:
        return "无数据", "no data"
    return f"{ys[0]}–{ys[-1]}年", f"{ys[0]}–{ys[-1]}"


def _no_overlap(panel: EffectsPanel, outcome: str) -> Refused:
    """Why a panel has no complete observation: the years of the measure and the outcome."""
    az, ae = _span(panel, "agglomeration")
    oz, oe = _span(panel, outcome)
    return Refused(
        f"聚集指标（{az}）与该结果变量（{oz}）没有共同的地区-年份，本数据无法回答这个问题",
        f"the agglomeration measure ({ae}) and this outcome ({oe}) share no region-year: this"
        " data cannot answer the question",
    )


def _run_one(run, sample, outcome, controls, th, alpha, single, seed) -> PanelFit:
    m = run.model
    a = "agglomeration"
    if m == "determinants":
        _basic_checks(sample, len(controls) + 1, th, need_years=int(_th(th, "min_years")))
        return linear_panel(
            sample,
            a,
            controls,
            entity_effects=True,
            time_effects=True,
            alpha=alpha,
            model="determinants",
        )
    k = 1 + len(controls)
    if m == "pooled_ols":
        _basic_checks(sample, k + 1, th, need_years=1)
        return linear_panel(
            sample, outcome, [a, *controls], entity_effects=False, time_effects=False, alpha=alpha
        )
    need = int(_th(th, "min_years"))
    if m in ("fe_oneway", "fe_twoway", "quadratic"):
        kk = k + (1 if m == "quadratic" else 0)
        _basic_checks(sample, kk, th, need_years=need)
        _within_check(sample, th)
        if m == "quadratic":
            fit = quadratic(sample, outcome, a, controls, alpha=alpha)
            return fit
        return linear_panel(
            sample,
            outcome,
            [a, *controls],
            entity_effects=True,
            time_effects=(m == "fe_twoway"),
            alpha=alpha,
        )
    if m in ("threshold_single", "threshold_double"):
        bal, dropped = _balanced(sample)
        if m == "threshold_double":
            if single is None or single.fit is None:
                raise Refused(
                    "单门槛模型未能估计，因而不估计双门槛",
                    "the single-threshold model could not be estimated, so no double threshold",
                    "not_run",
                )
            p1 = single.fit.extras.get("threshold_p", math.nan)
            if not (np.isfinite(p1) and p1 < alpha):
                raise Refused(
                    f"单门槛效应不显著（自助法p = {p1:.3f}），不再检验第二个门槛",
                    f"no significant single threshold (bootstrap p = {p1:.3f}), so a second one"
                    " is not tested",
                    "not_run",
                )
        _basic_checks(bal, k + 1, th, need_years=need)
        _within_check(bal, th)
        min_obs = int(_th(th, "threshold.min_obs")) * (2 if m == "threshold_double" else 1)
        if len(bal) < min_obs:
            raise Refused(
                f"平衡面板只有{len(bal)}个观测，门槛回归至少需要{min_obs}个",
                f"the balanced panel has {len(bal)} observations; the threshold regression"
                f" needs at least {min_obs}",
            )
        fit = threshold_regression(
            bal,
            outcome,
            a,
            controls=controls,
            n_thresholds=1 if m == "threshold_single" else 2,
            trim=_th(th, "threshold.trim"),
            bootstrap=int(_th(th, "threshold.bootstrap")),
            alpha=alpha,
            seed=seed,
        )
        if dropped:
            fit.warnings.append(
                f"为得到平衡面板剔除了{len(dropped)}个年份不全的地区：{'、'.join(dropped)}"
                f" / {len(dropped)} regions without every year left out for a balanced panel:"
                f" {', '.join(dropped)}"
            )
        return fit
    if m == "system_gmm":
        g = sample.index.get_level_values(0).nunique()
        if g < _th(th, "gmm.min_regions"):
            raise Refused(
                f"只有{g}个地区：系统GMM依赖大量地区，至少需要{int(_th(th, 'gmm.min_regions'))}个",
                f"only {g} regions: system GMM relies on many regions and needs at least"
                f" {int(_th(th, 'gmm.min_regions'))}",
            )
        run_years = _consecutive(sample)
        if run_years < _th(th, "gmm.min_years"):
            raise Refused(
                f"最长只有{run_years}个连续年份，系统GMM（含AR(2)检验）至少需要"
                f"{int(_th(th, 'gmm.min_years'))}个",
                f"at most {run_years} consecutive years; system GMM with its AR(2) test needs"
                f" at least {int(_th(th, 'gmm.min_years'))}",
            )
        work = sample.copy()
        work["agglomeration_sq"] = work[a] ** 2
        fit = system_gmm(
            work,
            outcome,
            endog=[a, "agglomeration_sq"],
            exog=controls,
            max_lag=int(_th(th, "gmm.max_lag")),
            alpha=alpha,
        )
        names = fit.extras["cov_names"]
        cov = np.asarray(fit.extras["cov"])
        i1, i2 = names.index(a), names.index("agglomeration_sq")
        fit.extras.update(
            turning_point(
                fit.coef(a),
                fit.coef("agglomeration_sq"),
                cov[np.ix_([i1, i2], [i1, i2])],
                float(work[a].min()),
                float(work[a].max()),
                10**6,  # GMM inference is asymptotic (normal), as for its coefficients
                alpha,
            )
        )
        return fit
    raise ValueError(m)


def _nan(x) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return math.nan
    return v


def rows_of(run: ModelRun, agglomeration: str) -> list[dict]:
    """``welfare_effects`` rows of one model run (one row per term; one row when not run)."""
    base = {c: math.nan for c in WELFARE_EFFECTS_COLUMNS}
    base.update(
        model=run.model,
        outcome=run.outcome,
        agglomeration=agglomeration,
        status=run.status,
        reason_zh=run.reason_zh,
        reason_en=run.reason_en,
        term="",
        shape="",
        shape_supported=False,
    )
    if run.fit is None:
        if run.sample is not None:
            n, g, t = _counts(run.sample)
            base.update(n_obs=n, n_regions=g, n_years=t)
        return [base]
    f, ex = run.fit, run.fit.extras
    ci = ex.get("threshold_ci", [math.nan, math.nan])
    base.update(
        n_obs=f.n_obs,
        n_regions=f.n_regions,
        n_years=f.n_years,
        r2_within=f.r2_within,
        turning_point=_nan(ex.get("turning_point")),
        tp_ci_low=_nan(ex.get("tp_ci_low")),
        tp_ci_high=_nan(ex.get("tp_ci_high")),
        shape=str(ex.get("shape", "")) if "turning_point" in ex else "",
        shape_supported=bool(ex.get("shape_supported", False)),
        lm_p=_nan(ex.get("lm_p")),
        threshold=_nan(ex.get("threshold")),
        threshold_p=_nan(ex.get("threshold_p")),
        threshold_ci_low=_nan(ci[0]),
        threshold_ci_high=_nan(ci[1]),
        threshold2=_nan(ex.get("threshold2")),
        threshold2_p=_nan(ex.get("threshold2_p")),
        ar1_p=_nan(ex.get("ar1_p")),
        ar2_p=_nan(ex.get("ar2_p")),
        hansen_p=_nan(ex.get("hansen_p")),
        n_instruments=_nan(ex.get("n_instruments")),
        reason_zh="；".join(w.split(" / ")[0] for w in f.warnings),
        reason_en="; ".join(w.split(" / ")[-1] for w in f.warnings),
    )
    rows = []
    for term, r in f.terms.iterrows():
        if term == "const" or str(term).startswith("year_"):
            continue
        row = dict(base)
        row.update(term=str(term), **{c: float(r[c]) for c in ("coef", "se", "t", "p")})
        row.update(ci_low=float(r["ci_low"]), ci_high=float(r["ci_high"]))
        rows.append(row)
    return rows
