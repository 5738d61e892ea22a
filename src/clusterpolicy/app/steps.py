"""The desktop app's step model (Qt-free): which steps an assessment has, the state of each and
what each needs — the pages only show it.

Each step has a :class:`StepState`:

* ``done`` — its results are there and current;
* ``ready`` — it can run (its inputs are there) but has not, or its results are out of date
  (an answer, an override or a setting changed since the run: ``stale``);
* ``attention`` — it ran but something needs a look (e.g. unanswered existence tests);
* ``blocked`` — an earlier step is missing (no data yet, not yet assessed);
* ``impossible`` — this data cannot support it (one year: no life cycle; no region data: no
  equalization), with what data would enable it.

:func:`step_states` computes them from what the window holds: the imported data (or None), the
result tables of the last run (or None) and whether that run is stale. Tested without Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from clusterpolicy.text.catalogue import Catalogue

STEPS = (
    "data",
    "identification",
    "lifecycle",
    "upgrading",
    "equalization",
    "policy",
    "report",
)
STATES = ("done", "ready", "attention", "blocked", "impossible")

_TEXTS = Catalogue(
    "app.steps",
    {
        "data.none": (
            "尚未导入数据：导入统计年鉴表格或载入示例数据。",
            "No data yet: import yearbook tables or load the sample.",
        ),
        "data.done": ("已导入数据，可运行评估。", "Data imported; the assessment can run."),
        "data.errors": (
            "导入有警告，请查看问题列表。",
            "The import has warnings; see the problem list.",
        ),
        "run.none": ("尚未运行评估：点击“运行评估”。", "Not assessed yet: click “Run assessment”."),
        "run.stale": (
            "答案或设置已更改，结果已过期：请重新运行评估。",
            "Answers or settings changed since the run: run the assessment again.",
        ),
        "need.industry": (
            "需要分行业数据（地区×行业的从业人员、产值或企业数）。",
            "Needs industry data (employment, output or firms by region × industry).",
        ),
        "need.years": (
            "需要至少两个年份的分行业数据。",
            "Needs industry data for at least two years.",
        ),
        "need.regions": (
            "需要至少两个地区的人口和福利指标（人均收入、人均公共支出等）。",
            "Needs population and welfare indicators (income, public spending per capita) for at least two regions.",
        ),
        "need.clusters": ("没有选定的集群。", "No cluster is selected."),
        "done": ("已完成。", "Done."),
        "ident.unconfirmed": (
            "有候选集群的存在性检验尚未回答。",
            "The existence test of some candidates is unanswered.",
        ),
        "upgrading.unanswered": ("部分清单项尚未回答。", "Some checklist items are unanswered."),
        "report.ready": ("可以生成报告。", "The report can be built."),
        "report.written": (
            "报告已生成：可在下方翻阅、打印，或修改选项后重新生成。",
            "The report is written: page through it below, print it, or change the options and "
            "build it again.",
        ),
    },
)


@dataclass(frozen=True)
class StepState:
    key: str  # one of STEPS
    state: str  # one of STATES
    reason: str  # text key of the sentence saying why (see :meth:`text`)

    def text(self, lang: str = "zh") -> str:
        """One sentence on the state and what to do next."""
        return _TEXTS.tr(self.reason, lang)


def _industry_years(data) -> list[int]:
    ind = data.industry_data
    return sorted(int(y) for y in ind["year"].unique()) if len(ind) else []


def _has_region_indicators(data) -> bool:
    rd = data.region_data
    if not len(rd) or "population" not in rd:
        return False
    cols = [
        c
        for c in (
            "disposable_income_pc",
            "education_exp_pc",
            "health_exp_pc",
            "social_security_exp_pc",
            "education_exp",
            "health_exp",
            "social_security_exp",
        )
        if c in rd
    ]
    if not cols:
        return False
    usable = rd["population"].notna() & rd[cols].notna().any(axis=1)
    return bool(len(rd) and rd.loc[usable].groupby("year")["region_code"].nunique().max() >= 2)


def _unanswered(tables: Mapping[str, pd.DataFrame], sheet: str) -> bool:
    df = tables.get(sheet)
    if df is None or not len(df) or "answer" not in df:
        return False
    mode = df["mode"] if "mode" in df else pd.Series("judgement", index=df.index)
    return bool((df["answer"].isna() & (mode != "data")).any())


def step_states(
    data,
    tables: Mapping[str, pd.DataFrame] | None,
    *,
    stale: bool = False,
    report_written: bool = False,
) -> dict[str, StepState]:
    """The state of every step (see the module docstring); ``report_written``: a report of the
    current results was written."""
    out: dict[str, StepState] = {}
    if data is None:
        out["data"] = StepState("data", "ready", "data.none")
        for key in STEPS[1:]:
            out[key] = StepState(key, "blocked", "data.none")
        return out
    out["data"] = StepState("data", "done", "data.done")
    has_industry = bool(len(data.industry_data))
    years = _industry_years(data)
    can = {
        "identification": (has_industry, "need.industry"),
        "lifecycle": (
            has_industry and len(years) >= 2,
            "need.industry" if not has_industry else "need.years",
        ),
        "upgrading": (has_industry, "need.industry"),
        "equalization": (_has_region_indicators(data), "need.regions"),
        "policy": (True, ""),
        "report": (True, ""),
    }
    ran = tables is not None and len(tables) > 0
    for key in STEPS[1:]:
        possible, why = can[key]
        if not possible:
            out[key] = StepState(key, "impossible", why)
        elif not ran:
            out[key] = StepState(key, "ready", "run.none")
        elif stale:
            out[key] = StepState(key, "ready", "run.stale")
        else:
            ready = "report.written" if report_written else "report.ready"
            out[key] = StepState(key, "done", ready if key == "report" else "done")
    if ran and not stale:
        clusters = tables.get("clusters")
        if clusters is not None and "selected" in clusters and not clusters["selected"].any():
            for key in ("lifecycle", "upgrading"):
                if out[key].state == "done":
                    out[key] = StepState(key, "attention", "need.clusters")
        if clusters is not None and "verdict" in clusters and "selected" in clusters:
            sel = clusters.loc[clusters["selected"].astype(bool)]
            if (sel["verdict"] == "candidate_unconfirmed").any():
                out["identification"] = StepState(
                    "identification", "attention", "ident.unconfirmed"
                )
        if out["upgrading"].state == "done" and _unanswered(tables, "upgrading"):
            out["upgrading"] = StepState("upgrading", "attention", "upgrading.unanswered")
    return out
