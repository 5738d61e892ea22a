"""Evidence of the chosen stage: the trace items and the sentence lists for readers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from clusterpolicy.assess.lifecycle.rules import Condition
from clusterpolicy.model.vocabulary import ANSWER_WORDS
from clusterpolicy.text import formats as F
from clusterpolicy.text import labels


@dataclass(frozen=True)
class Evidence:
    """One evidence item of a stage: ``trace`` for the machine-readable columns (``[stage
    weight] rule``), ``zh`` / ``en`` full sentences for the language columns. ``weight`` is the
    membership or the questionnaire points (NaN for notes); ``kind`` ∈ condition, cap, missing,
    short, questionnaire orders the "against" list."""

    stage: str
    weight: float
    trace: str
    zh: str
    en: str
    kind: str = "condition"

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def questionnaire(stage: str, pts: float, item: Mapping, answer: object) -> Evidence:
    """Questionnaire points as evidence: "问卷LC-Q12“……”回答“是”（转型更新期得分+0.20）"."""
    item_id = str(item.get("id"))
    key = str(answer).strip().lower()
    if key in ANSWER_WORDS:
        az, ae = labels.label(key, "zh"), labels.label(key, "en")
    else:
        az = ae = f"{float(answer):g}/4"
    tz = str(item.get("text_zh") or "").strip().rstrip("。.；;")
    te = str(item.get("text_en") or "").strip().rstrip(".;")
    p = F.signed_number(pts, 2)
    return Evidence(
        stage,
        pts,
        f"[{stage} {pts:+.2f}] questionnaire {item_id} = {answer} / 问卷",
        f"问卷{item_id}{f'“{tz}”' if tz else ''}回答“{az}”（{labels.label(stage, 'zh')}得分{p}）",
        f"questionnaire {item_id}{f' “{te}”' if te else ''} answered “{ae}” ({p} for {stage})",
        "questionnaire",
    )


def cap_note(stage: str, gate: float, essential: Condition) -> Evidence:
    """The note that an essential condition caps a stage's score."""
    part_zh, part_en = ("未满足", "not met") if gate <= 0 else ("仅部分满足", "only partly met")
    return Evidence(
        stage,
        gate,
        f"[{stage} cap {gate:.2f}] essential condition caps the score / 必要条件限制得分: "
        f"{essential.rule}",
        f"必要条件“{essential.topic_zh}”{part_zh}（符合度{gate:.2f}），"
        f"{labels.label(stage, 'zh')}得分以此为上限",
        f"the essential condition “{essential.topic_en}” is {part_en} ({gate:.2f}), which caps the "
        f"{stage} score",
        "cap",
    )


def condition(stage: str, c: Condition) -> Evidence:
    """A condition as evidence (for when membership ≥ 0.5, else against; NaN → "missing")."""
    m = c.membership
    if not np.isfinite(m):
        return Evidence(
            stage,
            m,
            f"[{stage} n/a] not evaluated (data missing) / 数据缺失未评估: {c.rule}",
            c.sentence("zh"),
            c.sentence("en"),
            "missing",
        )
    return Evidence(stage, m, f"[{stage} {m:.2f}] {c.rule}", c.zh, c.en)


def short_window(n: float) -> Evidence:
    """The note that the window is too short to judge renewal."""
    return Evidence(
        "renewal",
        float("nan"),
        f"[renewal n/a] window shorter than {n:g} years / 窗口过短，无法判断转型更新",
        f"观察期不足{n:g}年，无法判断是否处于转型更新期",
        f"the window is shorter than {n:g} years, so renewal cannot be judged",
        "short",
    )


_AGAINST_ORDER = {"cap": 0, "condition": 1, "questionnaire": 2, "missing": 3, "short": 4}


def sentences(
    best: str, second: str, ev_for: list[Evidence], ev_against: list[Evidence], lang: str
) -> tuple[list[str], list[str]]:
    """(for, against) sentence lists of the chosen stage in one language.

    For: the chosen stage's met conditions and positive questionnaire points, strongest first.
    Against: its essential-condition cap, its unmet conditions (least met first), negative
    questionnaire points, conditions without data; then the runner-up stage's supporting
    items ("亦符合成长期特征：…" / "also fits growth: …") that are not already evidence for."""
    pro: list[str] = []
    for e in sorted((e for e in ev_for if e.stage == best), key=lambda e: -e.weight):
        if e.text(lang) not in pro:
            pro.append(e.text(lang))
    con: list[str] = []
    own = [e for e in ev_against if e.stage == best]
    own.sort(key=lambda e: (_AGAINST_ORDER[e.kind], e.weight if np.isfinite(e.weight) else 0.0))
    for e in own:
        if e.text(lang) not in con:
            con.append(e.text(lang))
    for e in sorted((e for e in ev_for if e.stage == second), key=lambda e: -e.weight):
        if e.text(lang) in pro:
            continue
        if lang == "en":
            line = f"also fits {second}: {e.en}"
        else:
            line = f"亦符合{labels.label(second, 'zh')}特征：{e.zh}"
        if line not in con:
            con.append(line)
    if lang == "en":
        return [F.capitalised(x) for x in pro], [F.capitalised(x) for x in con]
    return pro, con
