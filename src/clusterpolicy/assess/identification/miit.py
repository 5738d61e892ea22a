"""MIIT 中小企业特色产业集群 criteria (national and provincial scope, from the knowledge base's
criteria files) and the existence test of seeds 001/003."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess._evidence import Text
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.text import formats as F


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


MIIT_COLUMNS = [
    "region_code",
    "industry_code",
    "scope",
    "criterion_id",
    "status",
    "value",
    "floor",
    "text_zh",
    "text_en",
    "needs_zh",
    "needs_en",
    "evidence_zh",
    "evidence_en",
]
MIIT_FLAGS = ("meets_national_floors", "meets_provincial_floors", "below_floors", "not_checked")


@dataclass
class MiitResult:
    """The MIIT criteria of one industry: a row per criterion, the pass of each scope (True,
    False or NA: nothing checkable), the flag, and how many criteria could be checked."""

    rows: list[dict]
    national: object
    provincial: object
    flag: str
    checked: int
    total: int
    text: Text


def _check(item: dict, rows: pd.DataFrame, year: int, pr: Profile) -> tuple[bool | None, Text]:
    """One criterion against the data: (met, not met or None = not checkable, evidence)."""
    kind, tid = item["check"], item.get("threshold")
    scope = item["scope"]
    if kind == "none":
        return None, Text(f"{item['id']}: not checked", "", "")
    if not tid or not pr.has(tid):
        return None, Text(
            f"{item['id']}: no threshold {tid} in the profile / 配置未设门槛",
            "规则配置中未设该门槛",
            f"the rule profile sets no threshold {tid}",
        )
    floor = pr.value(tid)
    if kind == "firms_floor":
        return _firm_floor(rows, year, floor)
    years_id = f"identification.miit.{scope}.output_years"
    if not pr.has(years_id):
        return None, Text(
            f"{item['id']}: no {years_id}", "规则配置中未设年数", f"the profile sets no {years_id}"
        )
    n_years = int(pr.value(years_id))
    out = rows.loc[rows["output"].notna()].sort_values("year") if "output" in rows else rows[:0]
    last = out.loc[out["year"] > year - n_years]
    if kind == "output_floor":
        return _output_floor(last, floor, n_years)
    return _growth_floor(last, floor)


def _criterion_row(item, region, industry, ok, text: Text, pr: Profile) -> dict:
    status = "not_checked" if ok is None else "met" if ok else "not_met"
    tid = item.get("threshold")
    floor = pr.value(tid) if tid and pr.has(tid) else float("nan")
    if ok is None:
        ez = f"未检验，需要：{item['needs_zh']}" + (f"（{text.zh}）" if text.zh else "")
        ee = f"not checked — needs {item['needs_en']}" + (f" ({text.en})" if text.en else "")
    else:
        ez, ee = text.zh, text.en
    return {
        "region_code": region,
        "industry_code": industry,
        "scope": item["scope"],
        "criterion_id": item["id"],
        "status": status,
        "value": float("nan"),
        "floor": floor,
        "text_zh": item["text_zh"],
        "text_en": item["text_en"],
        "needs_zh": item["needs_zh"],
        "needs_en": item["needs_en"],
        "evidence_zh": ez,
        "evidence_en": ee,
    }


def _scope_pass(rows: list[dict], scope: str) -> object:
    st = [r["status"] for r in rows if r["scope"] == scope and r["status"] != "not_checked"]
    return pd.NA if not st else all(s == "met" for s in st)


def miit_criteria(
    data: CanonicalData, region: str, industry: str, year: int, pr: Profile
) -> MiitResult:
    """Every MIIT criterion of the profile's criteria files for one industry: checked from the
    data where it can be (output floor, growth, firm count), else listed as "not checked —
    needs X". The MIIT result never makes an industry a candidate; it is a flag beside it."""
    df = data.industry_data
    rows = df.loc[
        (df["region_code"].astype(str) == region)
        & (df["industry_code"].astype(str) == industry)
        & (df["year"] <= year)
    ]
    items = [it for f in pr.files_of("criteria") for it in f.items]
    out = []
    for item in items:
        ok, text = _check(item, rows, year, pr)
        out.append(_criterion_row(item, region, industry, ok, text, pr))
    nat, prov = _scope_pass(out, "national"), _scope_pass(out, "provincial")
    checked = sum(r["status"] != "not_checked" for r in out)
    if nat is True:
        flag = "meets_national_floors"
    elif prov is True:
        flag = "meets_provincial_floors"
    else:
        flag = "below_floors" if checked else "not_checked"
    return MiitResult(out, nat, prov, flag, checked, len(out), _summary(out, flag, checked))


def _summary(rows: list[dict], flag: str, checked: int) -> Text:
    n = len(rows)
    met = [r["criterion_id"] for r in rows if r["status"] == "met"]
    failed = [r["criterion_id"] for r in rows if r["status"] == "not_met"]
    words = {
        "meets_national_floors": (
            "达到工信部国家级规模门槛",
            "meets the MIIT national scale floors",
        ),
        "meets_provincial_floors": (
            "达到工信部省级规模门槛",
            "meets the MIIT provincial scale floors",
        ),
        "below_floors": ("未达到工信部规模门槛", "below the MIIT scale floors"),
        "not_checked": ("无法检验工信部门槛", "MIIT floors not checkable"),
    }[flag]
    checked_rows = [r for r in rows if r["status"] != "not_checked"]
    if not checked_rows:
        return Text(
            f"MIIT (0/{n} criteria checked) → not_checked",
            f"无法检验工信部特色产业集群认定条件：{n}项条件均需数据中没有的资料（如近3年产值、中小企业产值占比），"
            "见“工信部认定条件”表",
            f"the MIIT characteristic-cluster criteria cannot be checked: all {n} need material the "
            "data lacks (e.g. three years of output, the SME share); see the MIIT criteria table",
        )
    return Text(
        f"MIIT ({checked}/{n} criteria checked): met {met}, not met {failed} → {flag}",
        f"{words[0]}（仅检验了{n}项认定条件中的{checked}项，其余需申报材料，不能据此认定达标）："
        + "；".join(r["evidence_zh"] for r in checked_rows),
        f"{words[1]} (only {checked} of the {n} criteria could be checked; the others need "
        "application material, so this is no recognition): "
        + "; ".join(r["evidence_en"] for r in checked_rows),
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
