"""Evidence of the chosen stage: trace items and the sentence lists for readers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from clusterpolicy.assess.lifecycle.rules import Cond, Params
from clusterpolicy.assess.lifecycle.sentences import TOPICS, lq_path, sentence
from clusterpolicy.assess.lifecycle.signals import Signals
from clusterpolicy.model.vocabulary import ANSWER_WORDS
from clusterpolicy.text import formats as F
from clusterpolicy.text import labels

REL_CIDS = ("rel_up", "rel_up_g", "rel_flat")  # the relative signal's conditions


@dataclass(frozen=True)
class Evidence:
    """One evidence item of a stage: ``trace`` for the machine-readable columns, ``zh`` / ``en``
    sentences; ``weight`` is the membership or the questionnaire points (NaN for notes); ``kind``
    ∈ condition, cap, missing, short, questionnaire orders the "against" list."""

    stage: str
    weight: float
    trace: str
    zh: str
    en: str
    kind: str = "condition"
    rank: int = 1  # among equally strong lines: 0 = the LQ path (the headline), 1 others

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def condition_items(
    stage: str, conds: list[Cond], s: Signals, p: Params, measure: str, parts: dict
) -> list[Evidence]:
    """Evidence of every condition of one stage (the cap note first when the essential
    condition caps the score)."""
    out = []
    for k, c in enumerate(conds):
        tz, te = TOPICS.get(c.cid, (c.cid, c.cid))
        if not np.isfinite(c.m):
            out.append(
                Evidence(
                    stage,
                    np.nan,
                    f"[{stage} n/a] {c.cid}: not evaluated (data missing) / 数据缺失未评估",
                    f"数据缺失，未能评估：{tz}",
                    f"not evaluated (data missing): {te}",
                    "missing",
                )
            )
            continue
        zh, en = sentence(c.cid, s, p, measure, parts)
        w = f" ×{c.w:g}" if c.w != 1 else ""
        rel = c.cid in REL_CIDS or (c.cid == "decline_core" and parts.get("rel", 0) >= 0.5)
        if rel:  # the LQ path heads the relative signal's evidence
            pz, pe = lq_path(s)
            out.append(Evidence(stage, c.m, f"[{stage} {c.m:.2f}] LQ path", pz, pe, rank=0))
        out.append(Evidence(stage, c.m, f"[{stage} {c.m:.2f}{w}] {c.cid}", zh, en))
        if k == 0 and len(conds) > 1 and c.m < 0.5:
            part_zh, part_en = (
                ("未满足", "not met") if c.m <= 0 else ("仅部分满足", "only partly met")
            )
            out.append(
                Evidence(
                    stage,
                    c.m,
                    f"[{stage} cap {c.m:.2f}] essential condition {c.cid} caps the score / 必要条件",
                    f"必要条件“{tz}”{part_zh}（符合度{c.m:.2f}），{labels.label(stage, 'zh')}得分以此为上限",
                    f"the essential condition “{te}” is {part_en} ({c.m:.2f}), which caps the "
                    f"{stage} score",
                    "cap",
                )
            )
    return out


def questionnaire_item(stage: str, pts: float, item: Mapping, answer: object) -> Evidence:
    """Questionnaire points: "问卷LC-Q12“……”回答“是”（转型更新期得分+0.03）"."""
    item_id = str(item.get("id"))
    key = str(answer).strip().lower()
    if key in ANSWER_WORDS:
        az, ae = labels.label(key, "zh"), labels.label(key, "en")
    else:
        az = ae = f"{float(answer):g}/4"
    tz = str(item.get("text_zh") or "").strip().rstrip("。.；;")
    te = str(item.get("text_en") or "").strip().rstrip(".;")
    pz, pe = F.signed_number(pts, 2), F.signed_number(pts, 2, "en")
    return Evidence(
        stage,
        pts,
        f"[{stage} {pts:+.2f}] questionnaire {item_id} = {answer} / 问卷",
        f"问卷{item_id}{f'“{tz}”' if tz else ''}回答“{az}”（{labels.label(stage, 'zh')}得分{pz}）",
        f"questionnaire {item_id}{f' “{te}”' if te else ''} answered “{ae}” ({pe} for {stage})",
        "questionnaire",
    )


def short_window(n: float) -> Evidence:
    return Evidence(
        "renewal",
        np.nan,
        f"[renewal n/a] window shorter than {n:g} years / 窗口过短，无法判断转型更新",
        f"观察期不足{n:g}年，无法判断是否处于转型更新期",
        f"the window is shorter than {n:g} years, so renewal cannot be judged",
        "short",
    )


_AGAINST_ORDER = {"cap": 0, "condition": 1, "questionnaire": 2, "missing": 3, "short": 4}


def is_for(e: Evidence) -> bool:
    return (
        e.kind in ("condition", "questionnaire")
        and np.isfinite(e.weight)
        and (e.weight >= 0.5 if e.kind == "condition" else e.weight > 0)
    )


def sentences(best: str, second: str, items: list[Evidence], lang: str) -> tuple[list, list]:
    """(for, against) sentence lists of the chosen stage in one language: for = its met
    conditions and positive questionnaire points, strongest first; against = its cap note,
    unmet conditions (least met first), negative points, missing data, then the runner-up's
    supporting facts ("亦符合成长期特征：…" / "also fits growth: …")."""
    pro: list[str] = []
    ranked = sorted(
        (e for e in items if e.stage == best and is_for(e)), key=lambda e: (-e.weight, e.rank)
    )
    for e in ranked:
        if e.text(lang) not in pro:
            pro.append(e.text(lang))
    con: list[str] = []
    own = [e for e in items if e.stage == best and not is_for(e)]
    own.sort(key=lambda e: (_AGAINST_ORDER[e.kind], e.weight if np.isfinite(e.weight) else 0.0))
    for e in own:
        if e.text(lang) not in con:
            con.append(e.text(lang))
    for e in sorted((e for e in items if e.stage == second and is_for(e)), key=lambda e: -e.weight):
        if e.text(lang) in pro:
            continue
        line = (
            f"also fits {second}: {e.en}"
            if lang == "en"
            else f"亦符合{labels.label(second, 'zh')}特征：{e.zh}"
        )
        if line not in con:
            con.append(line)
    if lang == "en":
        return [F.capitalised(x) for x in pro], [F.capitalised(x) for x in con]
    return pro, con
