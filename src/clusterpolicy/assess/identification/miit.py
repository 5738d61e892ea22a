"""MIIT 中小企业特色产业集群 floors (national and provincial scope) and the existence test."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess._evidence import Text
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.text import formats as F

FLOORS = ("output_min_yuan", "output_growth_min_pct", "firms_min_count")
_NAMES = {
    "output_min_yuan": ("产值", "output"),
    "output_growth_min_pct": ("产值增速", "output growth"),
    "firms_min_count": ("企业数", "firm-count"),
}


def _output_floor(last: pd.DataFrame, floor: float, n_years: int) -> tuple[bool | None, Text]:
    if last.empty:
        return None, Text(
            f"output ≥ {floor:.4g}: no output data / 无产值数据",
            "无产值数据，无法检验产值门槛",
            "no output data for the output floor",
        )
    ok = bool((last["output"] >= floor).all())
    short = len(last) < n_years
    note = f" (only {len(last)} of {n_years} years / 仅{len(last)}年)" if short else ""
    years_zh = "、".join(f"{int(y)}年{F.money(v)}" for y, v in zip(last["year"], last["output"]))
    years_en = ", ".join(
        f"{F.money(v, 'en')} in {int(y)}" for y, v in zip(last["year"], last["output"])
    )
    return ok, Text(
        f"output {', '.join(F.number(v, 0) for v in last['output'])} ≥ {floor:.4g} each year"
        f"{note}: {ok}",
        f"产值{years_zh}，{'均达到' if ok else '未全部达到'}{F.money(floor)}"
        + (f"（仅有{len(last)}年数据）" if short else ""),
        f"output {years_en}: {'each' if ok else 'not each'} at least {F.money(floor, 'en')}"
        + (f" (only {len(last)} of {n_years} years)" if short else ""),
    )


def _growth_floor(last: pd.DataFrame, floor: float) -> tuple[bool | None, Text]:
    if len(last) < 2:
        return None, Text(
            f"output growth > {floor:g}%: fewer than 2 years / 不足两年",
            "产值数据不足两年，无法检验增速门槛",
            "fewer than two years of output, growth floor not checked",
        )
    g = P.cagr(
        last["output"].iloc[0],
        last["output"].iloc[-1],
        int(last["year"].iloc[-1] - last["year"].iloc[0]),
    )
    ok = bool(np.isfinite(g) and 100 * g > floor)
    return ok, Text(
        f"output CAGR {F.percent(g, 2)} > {floor:g}%: {ok}",
        f"产值年均增速{F.signed_percent(g)}，{'高于' if ok else '未高于'}{floor:g}%",
        f"output growth {F.signed_percent(g, 1, 'en')} a year, {'above' if ok else 'not above'} "
        f"{floor:g}%",
    )


def _firm_floor(rows: pd.DataFrame, year: int, floor: float) -> tuple[bool | None, Text]:
    f_now = rows.loc[rows["year"] == year, "firms"] if "firms" in rows else pd.Series(dtype=float)
    f_now = f_now.dropna()
    if f_now.empty:
        return None, Text(
            f"firms ≥ {floor:g}: no firm counts / 无企业数",
            "无企业数，无法检验企业数门槛",
            "no firm counts, firm floor not checked",
        )
    n = float(f_now.iloc[0])
    ok = bool(n >= floor)
    return ok, Text(
        f"firms {F.number(n, 0)} ≥ {floor:g}: {ok}",
        f"企业数{F.number(n, 0)}家，{'达到' if ok else '未达到'}{floor:g}家",
        f"{F.number(n, 0, 'en')} firms, {'at least' if ok else 'fewer than'} {floor:g}",
    )


def miit_floors(
    data: CanonicalData, scope: str, region: str, industry: str, year: int, pr: Profile
) -> tuple[object, Text]:
    """MIIT floors for ``scope`` ∈ {national, provincial}: (pass or ``pd.NA``, evidence). A floor
    the profile does not define is skipped (said in the evidence)."""
    prefix = f"identification.miit.{scope}."
    df = data.industry_data
    rows = df.loc[
        (df["region_code"].astype(str) == region)
        & (df["industry_code"].astype(str) == industry)
        & (df["year"] <= year)
    ]
    n_years = int(pr.value(prefix + "output_years")) if pr.has(prefix + "output_years") else 0
    out = (
        rows.loc[rows["output"].notna()].sort_values("year") if "output" in rows else rows.iloc[0:0]
    )
    last = out.loc[out["year"] > year - n_years]
    results: list[bool] = []
    texts: list[Text] = []
    for key in FLOORS:
        tid = prefix + key
        if not pr.has(tid):
            texts.append(
                Text(
                    f"{key}: skipped, id {tid} absent / 阈值缺失，跳过",
                    f"规则中未设{_NAMES[key][0]}门槛，跳过",
                    f"no {_NAMES[key][1]} floor in the rule profile ({tid}), skipped",
                )
            )
            continue
        floor = pr.value(tid)
        if key != "firms_min_count" and not n_years:
            texts.append(
                Text(
                    f"{key}: skipped, id {prefix}output_years absent / 未设年数，跳过",
                    f"规则中未设{_NAMES[key][0]}门槛须满足的年数，跳过",
                    f"no number of years for the {_NAMES[key][1]} floor ({prefix}output_years), "
                    "skipped",
                )
            )
            continue
        if key == "output_min_yuan":
            ok, text = _output_floor(last, floor, n_years)
        elif key == "output_growth_min_pct":
            ok, text = _growth_floor(last, floor)
        else:
            ok, text = _firm_floor(rows, year, floor)
        texts.append(text)
        if ok is not None:
            results.append(ok)
    passed: object = pd.NA if not results else all(results)
    label = "MIIT national 国家级" if scope == "national" else "MIIT provincial 省级"
    level_zh, level_en = ("国家级", "national") if scope == "national" else ("省级", "provincial")
    verdict_zh = "无法检验" if not results else "达到" if passed else "未达到"
    verdict_en = "not checkable" if not results else "met" if passed else "not met"
    return passed, Text(
        f"{label}: " + "; ".join(t.trace for t in texts),
        f"工信部{level_zh}特色产业集群门槛{verdict_zh}：" + "；".join(t.zh for t in texts),
        f"MIIT {level_en} characteristic-cluster floors {verdict_en}: "
        + "; ".join(t.en for t in texts),
    )


def existence_state(answers: Mapping[str, object] | None) -> tuple[str, Text]:
    """The existence test of seeds 001/003: ``yes`` / ``no`` / ``unanswered`` with evidence."""
    if not answers:
        return "unanswered", Text(
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
        return "no", Text(
            f"existence test 'no' on {', '.join(nos)} / 存在性检验否定项",
            f"存在性检验有否定回答：{'、'.join(nos)}",
            f"the existence test is answered “no” on {', '.join(nos)}",
        )
    missing = [k for k, v in vals if v is None]
    if missing:
        return "unanswered", Text(
            f"existence items unanswered: {', '.join(missing)} / 未答项",
            f"存在性检验有未答项：{'、'.join(missing)}",
            f"existence items unanswered: {', '.join(missing)}",
        )
    return "yes", Text(
        f"existence test passed ({len(vals)} items) / 存在性检验通过",
        f"存在性检验通过（{len(vals)}项）",
        f"the existence test is passed ({len(vals)} items)",
    )
