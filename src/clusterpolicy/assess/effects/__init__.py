"""Welfare effects of agglomeration (seed 000 ch. 3, 5–7, L74–84): does agglomeration relate
to income, manufacturing jobs and public spending in *this* panel of regions — and can the data
answer that at all?

Entry point :func:`estimate_welfare_effects` → :class:`EffectsResult`:

* ``tables()`` → ``{"welfare_effects": …, "welfare_effects_readings": …,
  "welfare_effects_panel": …, "welfare_effects_fit": …}`` (the results sheet, the bilingual
  readings, what the panel holds — coverage per column, dropped region-years, missing controls —
  and the plotting data of every fitted relation, which ``report/charts/effects.py`` draws);
* ``fitted_relation(outcome)`` → the plotting data of one outcome (:mod:`.relation`).

Thresholds: the ``effects.*`` items of ``thresholds/effects.yaml`` and the seed band
``equalization.agglomeration.band_low/high``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.assess.effects.engine import (
    MODEL_LABELS,
    WELFARE_EFFECTS_COLUMNS,
    ModelRun,
    choose_controls,
    rows_of,
    run_models,
)
from clusterpolicy.assess.effects.panel import (
    AGGLOMERATION,
    CONTROLS,
    OUTCOMES,
    SEED_CONTROLS_NOT_IN_DATA,
    EffectsPanel,
    build_panel,
)
from clusterpolicy.assess.effects.readings import READING_COLUMNS, readings_table
from clusterpolicy.assess.effects.relation import FittedRelation, fit_table, fitted_relation
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress

DEFAULT_OUTCOMES = (
    "disposable_income_pc",
    "manufacturing_employment",
    "education_exp_pc",
    "health_exp_pc",
    "social_security_exp_pc",
    "welfare_index",
    "agglomeration",
)
PANEL_COLUMNS = ["section", "item", "value", "detail_zh", "detail_en"]


@dataclass
class EffectsResult:
    panel: EffectsPanel
    runs: dict[str, list[ModelRun]]
    welfare_effects: pd.DataFrame
    readings: pd.DataFrame
    panel_table: pd.DataFrame
    thresholds: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "welfare_effects": self.welfare_effects,
            "welfare_effects_readings": self.readings,
            "welfare_effects_panel": self.panel_table,
            "welfare_effects_fit": fit_table(
                [r for o in self.runs if (r := self.fitted_relation(o)) is not None]
            ),
        }

    def band(self) -> tuple[float, float] | None:
        th = self.thresholds
        lo, hi = "equalization.agglomeration.band_low", "equalization.agglomeration.band_high"
        return (float(th[lo]), float(th[hi])) if lo in th and hi in th else None

    def fitted_relation(self, outcome: str) -> FittedRelation | None:
        return fitted_relation(self, outcome, band=self.band())

    def readings_for(self, outcome: str, lang: str = "zh") -> list[str]:
        col = "reading_zh" if lang == "zh" else "reading_en"
        return self.readings.loc[self.readings["outcome"] == outcome, col].tolist()


def _panel_table(panel: EffectsPanel, runs: dict[str, list[ModelRun]], th) -> pd.DataFrame:
    rows = []
    for _, c in panel.coverage().iterrows():
        if c["n_obs"] == 0:
            continue
        rows.append(
            {
                "section": "coverage",
                "item": c["column"],
                "value": c["n_obs"],
                "detail_zh": f"{int(c['first_year'])}–{int(c['last_year'])}年，{c['n_regions']}个地区",
                "detail_en": f"{int(c['first_year'])}–{int(c['last_year'])}, {c['n_regions']} regions",
            }
        )
    for d in panel.dropped:
        rows.append(
            {
                "section": "dropped",
                "item": f"{d['region_code']} {d['year']}",
                "value": None,
                "detail_zh": d["reason_zh"],
                "detail_en": d["reason_en"],
            }
        )
    for m in panel.missing_controls:
        rows.append(
            {
                "section": "missing_control",
                "item": m["control"],
                "value": None,
                "detail_zh": f"{m['label_zh']}：数据中没有（需要 {m['needs']}）",
                "detail_en": f"{m['label_en']}: not in the data (needs {m['needs']})",
            }
        )
    for outcome in runs:
        used, left = choose_controls(panel, outcome, th)
        rows.append(
            {
                "section": "controls_used",
                "item": outcome,
                "value": len(used),
                "detail_zh": "、".join(CONTROLS[c][0] for c in used) or "无",
                "detail_en": ", ".join(CONTROLS[c][1] for c in used) or "none",
            }
        )
        for lf in left:
            rows.append(
                {
                    "section": "control_left_out",
                    "item": f"{outcome}: {lf['control']}",
                    "value": None,
                    "detail_zh": lf["reason_zh"],
                    "detail_en": lf["reason_en"],
                }
            )
        zh, en = SEED_CONTROLS_NOT_IN_DATA[outcome]
        rows.append(
            {
                "section": "seed_control_not_in_tables",
                "item": outcome,
                "value": None,
                "detail_zh": f"种子000的控制变量中，标准数据表没有：{zh}",
                "detail_en": f"seed 000 controls the canonical tables do not hold: {en}",
            }
        )
    for zh, en in panel.notes:
        rows.append(
            {"section": "note", "item": "", "value": None, "detail_zh": zh, "detail_en": en}
        )
    rows.append(
        {
            "section": "denominator",
            "item": panel.agglomeration,
            "value": None,
            "detail_zh": panel.denominator,
            "detail_en": panel.denominator,
        }
    )
    return pd.DataFrame(rows, columns=PANEL_COLUMNS)


def _setting(settings_like, name: str):
    if settings_like is None:
        return None
    if isinstance(settings_like, Mapping):
        return settings_like.get(name)
    return getattr(settings_like, name, None)


def estimate_welfare_effects(
    data: CanonicalData,
    settings_like,
    profile: Profile,
    *,
    agglomeration: str = "lq_manufacturing",
    outcomes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    progress: ProgressCallback | None = None,
    seed: int = 12345,
) -> EffectsResult:
    """Build the panel and run every model for every outcome (see the package docstring).

    ``settings_like``: an ``AssessmentSettings`` or a mapping; ``reference_code``,
    ``base_year`` and ``end_year`` are used when set. ``outcomes``: default all of
    :data:`DEFAULT_OUTCOMES` (``"agglomeration"`` is the determinants model of seed 000 ch. 3).
    ``profile``: the rule profile in force (its ``effects.*`` thresholds, the seed band and the
    welfare index's weights). Progress is reported and :class:`~clusterpolicy.progress.Cancelled`
    propagates.
    """
    report = ensure(progress)
    thresholds = profile.threshold_values()
    outcomes = list(outcomes or DEFAULT_OUTCOMES)
    unknown = [o for o in outcomes if o not in OUTCOMES]
    if unknown:
        raise ValueError(f"unknown outcomes {unknown} / 未知的结果变量 {unknown}")
    report(0.0, "panel / 构建面板")
    panel = build_panel(
        data,
        profile,
        agglomeration=agglomeration,
        industries=industries,
        reference_code=_setting(settings_like, "reference_code"),
        years=(_setting(settings_like, "base_year"), _setting(settings_like, "end_year")),
    )
    runs: dict[str, list[ModelRun]] = {}
    rows: list[dict] = []
    for i, outcome in enumerate(outcomes):
        sub = sub_progress(
            report, 0.05 + 0.9 * i / len(outcomes), 0.05 + 0.9 * (i + 1) / len(outcomes)
        )
        label = OUTCOMES[outcome][0]

        def step(f, sub=sub, label=label):
            sub(f, label)

        runs[outcome] = run_models(panel, outcome, thresholds, step=step, seed=seed)
        for run in runs[outcome]:
            rows.extend(rows_of(run, agglomeration))
    welfare = pd.DataFrame(rows, columns=WELFARE_EFFECTS_COLUMNS)
    readings = readings_table(panel, runs, thresholds)
    table = _panel_table(panel, runs, thresholds)
    report(1.0, "done / 完成")
    return EffectsResult(panel, runs, welfare, readings, table, dict(thresholds))


__all__ = [
    "AGGLOMERATION",
    "DEFAULT_OUTCOMES",
    "MODEL_LABELS",
    "OUTCOMES",
    "PANEL_COLUMNS",
    "READING_COLUMNS",
    "WELFARE_EFFECTS_COLUMNS",
    "EffectsResult",
    "FittedRelation",
    "build_panel",
    "estimate_welfare_effects",
    "fit_table",
]
