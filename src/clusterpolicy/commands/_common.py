"""Argument helpers shared by the ``assess`` and ``demo`` commands."""

from __future__ import annotations

import sys

from clusterpolicy.progress import ProgressCallback
from clusterpolicy.text.labels import label


def console_progress(quiet: bool = False) -> ProgressCallback:
    """Print each new step message once (on stderr), so scripted runs show where they are."""
    last = {"msg": None}

    def report(fraction: float, message: str = "") -> None:
        if quiet or not message or message == last["msg"]:
            return
        last["msg"] = message
        print(f"[{fraction * 100:5.1f}%] {message}", file=sys.stderr, flush=True)

    return report


def print_outputs(out, lang: str) -> None:
    res = out.result
    meta = res.meta
    lc = res.tables.get("lifecycle")
    zh = lang == "zh"
    print(
        ("评估地区" if zh else "Focal region") + f": {meta['region_code']} {meta['region_name_zh']}"
        f"  ({meta['base_year']}–{meta['end_year']})"
    )
    print(
        ("规则配置" if zh else "Rule profile")
        + f": {meta['profile_id']} {meta['profile_version']} ({meta['profile_date']})"
    )
    if lc is not None and len(lc):
        print("集群与生命周期阶段 / clusters and stages:")
        for _, r in lc.iterrows():
            stage = str(r["stage"])
            print(
                f"  {r['industry_code']}: {stage} {label(stage, 'zh')} "
                f"({label(r['quadrant'], lang)}, {'可信度' if zh else 'confidence'} "
                f"{r['confidence']:.2f})"
            )
    steps = res.tables.get("steps")
    if steps is not None and len(steps):
        for _, r in steps.loc[steps["status"] != "done"].iterrows():
            note, needs = (r["note_zh"], r["needs_zh"]) if zh else (r["note_en"], r["needs_en"])
            print(
                f"  {note}" + (f"（{needs}）" if zh and needs else f" ({needs})" if needs else "")
            )
    for p in out.written:
        print(("已写出" if zh else "written") + f": {p}")
