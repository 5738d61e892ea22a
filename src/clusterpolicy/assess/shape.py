"""What the data allows: which measure the location quotients use, which years there are, and
which steps can run — so that every step runs on the data officials have and says, in plain
words, what it could not do and what data would enable it (the ``steps`` sheet).

Measures for the LQ, in this order (the first with values in the end year is used, and named
in every sentence): employment 从业人员, output 工业总产值, revenue 营业收入, value added 增加值,
firms 企业数. Employment is the measure of the methods (methods.md §4); the others are the same
formula on another count (methods.md §4.5, "LQ on different measures").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model.dataset import CanonicalData

LQ_MEASURES = ("employment", "output", "revenue", "value_added", "firms")
STEP_COLUMNS = ["step", "status", "note_zh", "note_en", "needs_zh", "needs_en"]
STEPS = ("identification", "lifecycle", "upgrading", "equalization", "policy")
#: measure → (zh, en) noun used in sentences ("就业区位熵" / "employment LQ")
MEASURE_WORDS = {
    "employment": ("就业", "employment"),
    "output": ("产值", "output"),
    "revenue": ("营业收入", "revenue"),
    "value_added": ("增加值", "value added"),
    "firms": ("企业数", "firm-count"),
}


def measure_word(measure: str, lang: str = "zh") -> str:
    zh, en = MEASURE_WORDS.get(measure, (measure, measure))
    return en if lang == "en" else zh


def primary_measure(data: CanonicalData, year: int | None = None) -> str | None:
    """The LQ measure: the first of :data:`LQ_MEASURES` with values (in ``year`` when given)."""
    for m in LQ_MEASURES:
        years = P.measure_years(data, m)
        if years and (year is None or year in years):
            return m
    return None


@dataclass
class StepLog:
    """The ``steps`` sheet: one row per assessment step with what it did or could not do."""

    rows: dict[str, dict] = field(default_factory=dict)

    def done(self, step: str, zh: str = "", en: str = "") -> None:
        self.rows[step] = {"step": step, "status": "done", "note_zh": zh, "note_en": en}

    def partial(self, step: str, zh: str, en: str, needs_zh: str = "", needs_en: str = "") -> None:
        self.rows[step] = {
            "step": step,
            "status": "partial",
            "note_zh": zh,
            "note_en": en,
            "needs_zh": needs_zh,
            "needs_en": needs_en,
        }

    def skipped(self, step: str, zh: str, en: str, needs_zh: str, needs_en: str) -> None:
        self.rows[step] = {
            "step": step,
            "status": "skipped",
            "note_zh": "本步骤未进行：" + zh,
            "note_en": "This step was not carried out: " + en,
            "needs_zh": needs_zh,
            "needs_en": needs_en,
        }

    def status(self, step: str) -> str:
        return self.rows.get(step, {}).get("status", "")

    def table(self) -> pd.DataFrame:
        rows = [self.rows[s] for s in STEPS if s in self.rows]
        return pd.DataFrame(rows, columns=STEP_COLUMNS).astype(object).fillna("")

    def as_list(self) -> list[dict]:
        return self.table().to_dict("records")


def user_error(code: str, zh: str, en: str, fix_zh: str = "", fix_en: str = "", value=""):
    """A :class:`ProblemError` for input the user can fix (exit code 2, never an internal error)."""
    return ProblemError(
        [Problem(code, Severity.ERROR, zh, en, fix_zh, fix_en, value=str(value)[:80])]
    )


def check_years(years: list[int], base_year: int | None, end_year: int | None) -> None:
    """A base or end year the user asked for must be in the data."""
    for label_zh, label_en, y in (("基期", "base year", base_year), ("末期", "end year", end_year)):
        if y is not None and int(y) not in years:
            shown = "、".join(str(v) for v in years[:30])
            raise user_error(
                "year_not_in_data",
                f"数据中没有{label_zh}{y}年的数据",
                f"the data has no figures for the {label_en} {y}",
                f"从数据中的年份中选择：{shown}",
                f"choose one of the years in the data: {', '.join(str(v) for v in years[:30])}",
                y,
            )
    if base_year is not None and end_year is not None and int(base_year) > int(end_year):
        raise user_error(
            "base_after_end",
            f"基期{base_year}年晚于末期{end_year}年",
            f"the base year {base_year} is after the end year {end_year}",
            "交换两个年份",
            "swap the two years",
        )
