"""Argument helpers shared by the ``assess`` and ``demo`` commands."""

from __future__ import annotations

import sys

from clusterpolicy.progress import ProgressCallback


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
            print(
                f"  {r['industry_code']}: {r['stage']} ({r['quadrant']}, confidence {r['confidence']:.2f})"
            )
    for p in out.written:
        print(("已写出" if zh else "written") + f": {p}")
