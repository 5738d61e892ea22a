"""The filters between the knowledge base's suggestions and the plan (rules 7–12 of
:mod:`clusterpolicy.assess.policy`). Each filter returns the rows it keeps and appends what it
withholds, with the reason in both languages, to ``withheld`` — the plan says what it left out.
"""

from __future__ import annotations

from collections.abc import Mapping

from clusterpolicy.assess.plan_fields import PlanInputs
from clusterpolicy.text import formats as F

WITHHELD_COLUMNS = [
    "action_id",
    "industry_code",
    "action_zh",
    "action_en",
    "category",
    "rule",
    "reason_zh",
    "reason_en",
]


def tags(row: Mapping) -> set[str]:
    return {t for t in str(row.get("tags", "")).split(",") if t}


def _hold(withheld: list, row: Mapping, rule: str, zh: str, en: str) -> None:
    withheld.append(
        {
            "action_id": row["action_id"],
            "industry_code": row["industry_code"],
            "action_zh": row["action_zh"],
            "action_en": row["action_en"],
            "category": row["category"],
            "rule": rule,
            "reason_zh": zh,
            "reason_en": en,
        }
    )


def eligible_clusters(stages: Mapping[str, str], inputs: PlanInputs) -> list[str]:
    """Industries where raising agglomeration may be advised: a confirmed or candidate cluster
    (clusters verdict ``cluster``, ``candidate`` true, or the existence checklist answered yes)
    whose stage is known."""
    out = []
    for ind, stage in stages.items():
        if stage == "indeterminate":
            continue
        r = inputs.cluster_row("clusters", ind)
        if r is None:
            continue
        if (
            str(r.get("verdict")) == "cluster"
            or bool(r.get("candidate") is True or str(r.get("candidate")) == "True")
            or str(r.get("existence")) == "yes"
        ):
            out.append(str(ind))
    return out


def expand_agglomeration(
    rows: list[dict], eligible: list[str], withheld: list, known: bool = True
) -> list[dict]:
    """A region-wide row tagged ``agglomeration`` (LEV-EN-1) becomes one row per eligible cluster;
    with no eligible cluster it is withheld; a cluster's own ``agglomeration`` row is withheld when
    the cluster is not eligible (rule: never raise agglomeration in an industry that is not a
    confirmed or candidate cluster). ``known``: whether the clusters table was given at all."""
    out = []
    for r in rows:
        if "agglomeration" not in tags(r):
            out.append(r)
            continue
        if r["industry_code"]:
            if known and str(r["industry_code"]) not in eligible:
                _hold(
                    withheld,
                    r,
                    "agglomeration",
                    f"{r['industry_code']} 不是已确认或候选的集群，不建议提高其聚集水平",
                    f"{r['industry_code']} is no confirmed or candidate cluster: no measure "
                    "raising its agglomeration",
                )
            else:
                out.append(r)
            continue
        if not eligible:
            _hold(
                withheld,
                r,
                "agglomeration",
                "没有已确认或候选的集群，不建议笼统地提高产业聚集水平",
                "no confirmed or candidate cluster: raising agglomeration in general is not advised",
            )
        for ind in eligible:
            out.append({**r, "industry_code": ind})
    return out


def red_flag_filter(rows: list[dict], flags: list[dict], withheld: list) -> list[dict]:
    """Triggered red flags with ``suppresses`` tags withhold every row carrying such a tag."""
    out = []
    for r in rows:
        hit = next((f for f in flags if tags(r) & set(f.get("suppresses") or ())), None)
        if hit is None:
            out.append(r)
            continue
        _hold(
            withheld,
            r,
            f"red_flag:{hit['id']}",
            f"“不应做”红旗已触发（{hit['question_zh'].rstrip('？?')}：是），不建议此类措施",
            f"a red flag of the must-not list is triggered ({hit['question_en'].rstrip('?')} "
            "— yes): no measure of this kind",
        )
    return out


def _grew(r) -> bool:
    """True when the industry's absolute size grew over the period (employment or output)."""
    for k in ("abs_change", "emp_cagr", "abs_trend"):
        v = F.finite(r.get(k))
        if v is not None:
            return v > 0
    return False


def stage_filter(
    rows: list[dict], stages: Mapping[str, str], inputs: PlanInputs, profile, withheld: list
) -> list[dict]:
    """Per cluster: an indeterminate stage or an existence answer "no" → diagnostic rows only;
    ``exit`` rows need confidence ≥ policy.exit_confidence_min and no absolute growth;
    ``commitment`` rows need confidence ≥ policy.commit_confidence_min."""
    exit_min = profile.value("policy.exit_confidence_min")
    commit_min = profile.value("policy.commit_confidence_min")
    out = []
    for r in rows:
        ind = str(r["industry_code"])
        if not ind:
            out.append(r)
            continue
        stage = stages.get(ind)
        lc = inputs.cluster_row("lifecycle", ind)
        cl = inputs.cluster_row("clusters", ind)
        conf = inputs.stage_confidence(ind)
        diag = r.get("action_type") == "diagnostic"
        if stage == "indeterminate" and not diag:
            _hold(
                withheld,
                r,
                "indeterminate",
                f"{ind} 的生命周期阶段待定：先补充证据，只安排诊断性措施",
                f"the stage of {ind} is indeterminate: evidence first, diagnostic actions only",
            )
            continue
        if cl is not None and str(cl.get("existence")) == "no" and not diag:
            _hold(
                withheld,
                r,
                "existence",
                f"{ind} 的存在性清单判断为“否”：不按集群安排扶持措施",
                f"the existence checklist says {ind} is no cluster: no cluster measure",
            )
            continue
        t = tags(r)
        if "exit" in t and conf is not None and conf < exit_min:
            _hold(
                withheld,
                r,
                "exit_confidence",
                f"{ind} 的阶段可信度 {F.number(conf, 2)} 低于 {F.number(exit_min, 2)}，不建议退出",
                f"the stage confidence of {ind} ({F.number(conf, 2, 'en')}) is below "
                f"{F.number(exit_min, 2, 'en')}: no exit advice",
            )
            continue
        if "exit" in t and lc is not None and _grew(lc):
            _hold(
                withheld,
                r,
                "exit_growth",
                f"{ind} 的份额下降但绝对规模仍在增长，不建议退出",
                f"{ind} loses share but still grows in absolute terms: no exit advice",
            )
            continue
        if "commitment" in t and conf is not None and conf < commit_min:
            _hold(
                withheld,
                r,
                "commit_confidence",
                f"{ind} 的阶段可信度 {F.number(conf, 2)} 低于 {F.number(commit_min, 2)}，"
                "暂不投入初创期资金、引进锚企业等",
                f"the stage confidence of {ind} ({F.number(conf, 2, 'en')}) is below "
                f"{F.number(commit_min, 2, 'en')}: no seed money or anchor firm yet",
            )
            continue
        out.append(r)
    return out


def merge_duplicates(rows: list[dict]) -> list[dict]:
    """One row per (action, cluster): the highest-scoring one, with the other findings added."""
    best: dict[tuple, dict] = {}
    for r in sorted(rows, key=lambda r: -r["score"]):
        key = (r["action_id"], str(r["industry_code"]))
        if key not in best:
            best[key] = dict(r)
            continue
        b = best[key]
        for k, sep in (("finding_zh", "；"), ("finding", "; ")):
            if r[k] and r[k] not in b[k]:
                b[k] = f"{b[k]}{sep}{r[k]}"
    return list(best.values())


def _head(text: str, n: int = 24) -> str:
    """The first clause of an action (up to its first colon or comma), at most ``n`` characters."""
    for sep in ("：", ":", "，", ","):
        text = text.split(sep)[0]
    return text if len(text) <= n else text[:n] + "…"


def contradiction_filter(rows: list[dict], pairs: list[dict], withheld: list) -> list[dict]:
    """No two rows for the same cluster (or one of them region-wide) whose tags form a declared
    contradicting pair: the lower-scoring one is withheld."""
    kept: list[dict] = []
    for r in sorted(rows, key=lambda r: -r["score"]):
        clash = None
        for k in kept:
            same = not r["industry_code"] or not k["industry_code"]
            if not (same or str(r["industry_code"]) == str(k["industry_code"])):
                continue
            for p in pairs:
                a, b = p["a"], p["b"]
                if (a in tags(r) and b in tags(k)) or (b in tags(r) and a in tags(k)):
                    clash = (k, p)
                    break
            if clash:
                break
        if clash is None:
            kept.append(r)
            continue
        k, p = clash
        _hold(
            withheld,
            r,
            f"contradiction:{p['id']}",
            f"与“{_head(k['action_zh'])}”（{k['industry_code'] or '全域'}）矛盾：{p['text_zh']}",
            f"contradicts '{_head(k['action_en'])}' ({k['industry_code'] or 'whole region'}, "
            f"{k['action_id']}): {p['text_en']}",
        )
    return kept


__all__ = [
    "WITHHELD_COLUMNS",
    "contradiction_filter",
    "eligible_clusters",
    "expand_agglomeration",
    "merge_duplicates",
    "red_flag_filter",
    "stage_filter",
    "tags",
]
