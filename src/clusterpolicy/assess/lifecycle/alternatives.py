"""Other readings the same series allow. Tichy's model (seed 001 L176–180: "产业集群的演化并不一定
会经历所有的成长阶段…可能由于某些原因而过早夭折") lets a cluster skip stages or die early; the
stage rules cannot see that, so these readings are listed beside the stage:

* ``early_death`` (过早夭折): still small (share below ``emergence.max_share``) and already in
  sustained absolute decline;
* ``skipped_growth`` (跳过成长期): in decline although the LQ never reached ``growth.lq_min`` in
  the window — the industry went from a start to decline without a growth phase.
"""

from __future__ import annotations

import numpy as np

from clusterpolicy.assess.lifecycle.rules import Cond, Params
from clusterpolicy.assess.lifecycle.signals import Signals
from clusterpolicy.text import formats as F

SOURCE = "种子文献001第176—180行", "seed 001, lines 176–180"


def readings(s: Signals, p: Params, parts: list[Cond]) -> list[tuple[str, str, str]]:
    """[(id, zh, en)] of the other readings that fit ``s``."""
    d_abs = next((c.m for c in parts if c.cid == "abs"), np.nan)
    d_rel = next((c.m for c in parts if c.cid == "rel"), np.nan)
    out = []
    small = np.isfinite(s.share_end) and s.share_end < p["emergence.max_share"]
    if small and np.isfinite(d_abs) and d_abs >= 0.5:
        out.append(
            (
                "early_death",
                f"另一种可能的解读：过早夭折——规模尚小（占本地区{F.percent(s.share_end)}）即持续萎缩"
                f"（年均{F.signed_percent(s.g_abs)}），集群未必会经历全部阶段（{SOURCE[0]}）",
                f"another reading: early death — still small ({F.percent(s.share_end, 1, 'en')} of the "
                f"region) and already shrinking ({F.signed_percent(s.g_abs, 1, 'en')} a year); a cluster "
                f"need not pass through every stage ({SOURCE[1]})",
            )
        )
    declining = (np.isfinite(d_abs) and d_abs >= 0.5) or (np.isfinite(d_rel) and d_rel >= 0.5)
    if declining and np.isfinite(s.lq_max) and s.lq_max < p["growth.lq_min"]:
        out.append(
            (
                "skipped_growth",
                f"另一种可能的解读：跳过成长期——观察期内区位熵最高仅{F.number(s.lq_max)}，未曾形成专业化即转入下降"
                f"（{SOURCE[0]}）",
                f"another reading: growth skipped — the LQ peaked at {F.number(s.lq_max, 2, 'en')} in the "
                f"window, so the industry declined without ever becoming specialised ({SOURCE[1]})",
            )
        )
    return out
