"""Synthetic assessment results in the shape of the results contract, for the PDF report.

``demo_results()`` — a focal county (示范县, code 339901) with 8 manufacturing industries
(GB/T 4754-2017 divisions), years 2015–2024, 11 peer counties in the province, every sheet of the
contract. ``synthetic_results(n_regions=3000)`` — the same structure with thousands of regions
(large lq / clusters / equalization / transfers tables) for the benchmark.

The numbers are invented but internally consistent where the report shows relations (LQ series
and the lifecycle LQ start/end; between + within = index; before/after/change; gap = weight ×
(1 − score); summary scores are item sums).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FOCAL = "339901"
YEARS = list(range(2015, 2025))

# code, zh, en, employment 2015, employment CAGR, LQ 2015, LQ change/yr, verdict, stage, quadrant
INDUSTRIES = [
    (
        "24",
        "文教、工美、体育和娱乐用品制造业",
        "Stationery, arts, sports & toy mfg.",
        30000,
        0.045,
        4.2,
        0.08,
        "cluster",
        "growth",
        "star",
    ),
    ("17", "纺织业", "Textiles", 26000, -0.02, 3.1, -0.05, "cluster", "decline", "mature"),
    ("18", "纺织服装、服饰业", "Apparel", 21000, 0.01, 2.4, -0.01, "cluster", "maturity", "mature"),
    (
        "19",
        "皮革、毛皮、羽毛及其制品和制鞋业",
        "Leather & footwear",
        9000,
        0.0,
        1.6,
        -0.03,
        "agglomeration_not_yet_cluster",
        "decline",
        "transforming",
    ),
    (
        "29",
        "橡胶和塑料制品业",
        "Rubber & plastics",
        8000,
        0.03,
        1.3,
        0.03,
        "candidate_unconfirmed",
        "growth",
        "star",
    ),
    (
        "33",
        "金属制品业",
        "Fabricated metal products",
        7000,
        0.02,
        1.05,
        0.0,
        "candidate_unconfirmed",
        "maturity",
        "mature",
    ),
    (
        "38",
        "电气机械和器材制造业",
        "Electrical machinery",
        5000,
        0.09,
        0.7,
        0.06,
        "not_candidate",
        "emergence",
        "emerging",
    ),
    (
        "39",
        "计算机、通信和其他电子设备制造业",
        "Computers & electronics",
        3000,
        0.14,
        0.35,
        0.04,
        "not_candidate",
        "emergence",
        "emerging",
    ),
]
PEERS = [
    "临江县",
    "青山县",
    "云溪县",
    "北湖区",
    "石门县",
    "南屏县",
    "东阳乡",
    "白沙县",
    "平川县",
    "长乐县",
    "望海市",
]
GROUPS = ["东部", "中部", "西部", "东北"]

TECH_DIMS = [
    ("rd", "研发投入", "R&D input"),
    ("platform", "创新平台", "Innovation platforms"),
    ("ip", "专利与标准", "Patents & standards"),
    ("newprod", "新产品", "New products"),
    ("talent", "人才", "Talent"),
]
BRAND_DIMS = [
    ("regional", "区域品牌", "Regional brand"),
    ("firm", "企业品牌", "Firm brands"),
    ("quality", "质量标准", "Quality & standards"),
    ("channel", "市场渠道", "Channels"),
    ("protect", "品牌保护", "Brand protection"),
]


def _regions(n_regions: int) -> list[tuple[str, str, str]]:
    out = [(FOCAL, "示范县", "Demo County")]
    for i in range(n_regions - 1):
        if i < len(PEERS):
            out.append((f"3399{i + 2:02d}", PEERS[i], f"Peer County {i + 1}"))
        else:
            out.append((f"{400000 + i:06d}", f"县{i:04d}", f"County {i:04d}"))
    return out


def synthetic_results(n_regions: int = 12, seed: int = 7) -> tuple[dict[str, pd.DataFrame], dict]:
    """All contract sheets and ``meta`` for ``n_regions`` regions (the first is the focal one)."""
    rng = np.random.default_rng(seed)
    regions = _regions(n_regions)
    codes = [r[0] for r in regions]
    n_ind = len(INDUSTRIES)
    t = np.arange(len(YEARS))

    # --- lq: focal region follows the story; the others random around 1 -----------------------
    lq_rows = []
    focal_lq: dict[str, np.ndarray] = {}
    for row in INDUSTRIES:
        code, lq0, dlq = row[0], row[5], row[6]
        focal_lq[code] = np.round(lq0 + dlq * t + rng.normal(0, 0.03, len(t)), 4)
    other = rng.lognormal(0.0, 0.45, size=(n_regions - 1, n_ind, len(YEARS)))
    for measure, factor in (("employment", 1.0), ("output", 1.08), ("firms", 0.9)):
        for k, (ind, *_r) in enumerate(INDUSTRIES):
            lq_rows.append(
                pd.DataFrame(
                    {
                        "region_code": FOCAL,
                        "industry_code": ind,
                        "year": YEARS,
                        "measure": measure,
                        "lq": np.round(focal_lq[ind] * factor, 4),
                        "denominator": "330000",
                    }
                )
            )
            lq_rows.append(
                pd.DataFrame(
                    {
                        "region_code": np.repeat(codes[1:], len(YEARS)),
                        "industry_code": ind,
                        "year": np.tile(YEARS, n_regions - 1),
                        "measure": measure,
                        "lq": np.round(other[:, k, :].ravel() * factor, 4),
                        "denominator": "330000",
                    }
                )
            )
    lq = pd.concat(lq_rows, ignore_index=True)

    employment = demo_charts_data(seed)["employment"]

    # --- clusters (end year, every region × industry) ---------------------------------------------
    end = YEARS[-1]
    cl_rows = []
    for ind, zh, en, _e0, g, _lq0, _dlq, verdict, _s, _q in INDUSTRIES:
        e_end = float(employment.query("industry_code == @ind")["employment"].iloc[-1])
        lqe = float(focal_lq[ind][-1])
        score = round(min(100.0, 16 * lqe + 120 * g + 12), 1)
        cand = verdict != "not_candidate"
        cl_rows.append(
            {
                "region_code": FOCAL,
                "industry_code": ind,
                "year": end,
                "lq_employment": lqe,
                "lq_output": round(lqe * 1.08, 4),
                "lq_firms": round(lqe * 0.9, 4),
                "eco_stars": int(lqe >= 2) + int(e_end > 20000) + int(g > 0.03),
                "cmp_tier": "strong" if lqe >= 2 else ("significant" if lqe > 1 else "none"),
                "score": score,
                "rank": 0,
                "verdict": verdict,
                "industry_name_zh": zh,
                "industry_name_en": en,
                "employment": e_end,
                "employment_share": e_end / 150000,
                "emp_cagr": g,
                "ref_emp_cagr": 0.012,
                "firms": int(e_end / 35),
                "miit_national_pass": lqe >= 2 and e_end > 20000,
                "miit_provincial_pass": lqe >= 1.5,
                "simple_lq_pass": lqe >= 1.25,
                "candidate": cand,
                "existence": {"cluster": "yes", "agglomeration_not_yet_cluster": "no"}.get(
                    verdict, "unanswered"
                ),
                "evidence": f"LQ(就业)={lqe:.2f} ≥ 1.25；就业{e_end:.0f}人；年均增长{g:.1%}；"
                f"工信部省级门槛 LQ ≥ 1.5",
            }
        )
    clusters = pd.DataFrame(cl_rows)
    clusters["rank"] = clusters["score"].rank(ascending=False, method="first").astype(int)
    # as the pipeline does: candidates are selected; the fastest-growing other one is watched
    clusters["selected"] = clusters["candidate"]
    clusters["selection"] = np.where(clusters["candidate"], "candidate", "")
    if n_regions > 1:
        m = (n_regions - 1) * n_ind
        lqo = other[:, :, -1].ravel()
        big = pd.DataFrame(
            {
                "region_code": np.repeat(codes[1:], n_ind),
                "industry_code": np.tile([x[0] for x in INDUSTRIES], n_regions - 1),
                "year": end,
                "lq_employment": np.round(lqo, 4),
                "lq_output": np.round(lqo * 1.1, 4),
                "lq_firms": np.round(lqo * 0.9, 4),
                "eco_stars": rng.integers(0, 4, m),
                "cmp_tier": np.where(lqo > 1.5, "strong", "none"),
                "score": np.round(rng.uniform(5, 90, m), 1),
                "rank": 0,
                "verdict": np.where(lqo > 1.5, "candidate_unconfirmed", "not_candidate"),
            }
        )
        big["rank"] = (
            big.groupby("region_code")["score"].rank(ascending=False, method="first").astype(int)
        )
        clusters = pd.concat([clusters, big], ignore_index=True)

    # --- lifecycle (candidates of the focal region) -----------------------------------------------
    lc_rows = []
    for ind, _zh, _en, _e0, g, _lq0, _dlq, verdict, stage, quad in INDUSTRIES:
        if verdict == "not_candidate":
            continue
        scores = {s: 0.1 for s in ("emergence", "growth", "maturity", "decline", "renewal")}
        scores[stage] = 0.75
        lc_rows.append(
            {
                "region_code": FOCAL,
                "industry_code": ind,
                "base_year": YEARS[0],
                "end_year": end,
                "stage": stage,
                "quadrant": quad,
                "confidence": 0.75,
                **{f"score_{s}": v for s, v in scores.items()},
                "computed_stage": stage,
                "override_stage": None,
                "override_reason": None,
                "lq_base": float(focal_lq[ind][0]),
                "lq_end": float(focal_lq[ind][-1]),
                "lq_change": float(focal_lq[ind][-1] - focal_lq[ind][0]),
                "emp_cagr": g,
                "ref_emp_cagr": 0.012,
                "firm_cagr": g * 0.8,
                "regional_share": 1200.0 * g,
                "entropy_trend": -0.01,
                # the engine's trace format: "[stage weight] detail / 中文" items joined by "; "
                "evidence_for": f"{stage} score 0.75, next growth 0.10; "
                f"[{stage} 1.00] employment growth {g:.2%} vs reference 1.20% / "
                f"就业增长与参照比较; [{stage} 1.00] LQ {focal_lq[ind][0]:.2f} → "
                f"{focal_lq[ind][-1]:.2f} / 区位熵变化; [{stage} 0.50] firm growth "
                f"{g * 0.8:.2%} / 企业数变化; [{stage} 0.00] not met / 未满足",
                "evidence_against": (
                    "competing maturity: [maturity 1.00] firm growth below employment "
                    "growth / 企业数增长慢于就业增长"
                )
                if g > 0
                else (
                    "competing renewal: [renewal 0.50] new-product share rising / "
                    "新产品产值占比上升"
                ),
                "conditions": "; ".join(
                    f"[{s} 0.{k}0] condition {k} / 条件{k}"
                    for s in ("emergence", "growth", "maturity")
                    for k in range(9)
                ),
            }
        )
    lifecycle = pd.DataFrame(lc_rows)
    if len(lifecycle):
        lifecycle.loc[lifecycle["industry_code"] == "18", ["override_stage", "override_reason"]] = [
            "maturity",
            "实地调研：龙头企业扩产计划已获批",
        ]

    # --- upgrading (three clusters × two checklists) ---------------------------------------------
    up_rows, sum_rows = [], []
    for ind in ("24", "17", "18"):
        for checklist, dims in (("technology", TECH_DIMS), ("brand", BRAND_DIMS)):
            for d_id, d_zh, d_en in dims:
                dim_score = 0.0
                for j in range(2):
                    score = float(np.round(rng.uniform(0.1, 1.0), 2))
                    mode = "data" if j == 0 else "judgement"
                    up_rows.append(
                        {
                            "region_code": FOCAL,
                            "industry_code": ind,
                            "checklist": checklist,
                            "dimension": d_id,
                            "item_id": f"{checklist[0]}.{d_id}.{j + 1}",
                            "text_zh": f"{d_zh}评估项{j + 1}",
                            "text_en": f"{d_en} item {j + 1}",
                            "mode": mode,
                            "value": round(score * 3, 2) if mode == "data" else None,
                            "answer": None
                            if mode == "data"
                            else ("yes" if score > 0.6 else "partial"),
                            "score": score,
                            "weight": 1.0,
                            "gap": round(1.0 * (1 - score), 4),
                            "source": "seed 002 §3",
                            "evidence": "统计年鉴2024表3-12"
                            if j == 0
                            else "座谈会记录（2025年3月）",
                            "dimension_zh": d_zh,
                            "dimension_en": d_en,
                        }
                    )
                    dim_score += score
                sum_rows.append(
                    {
                        "region_code": FOCAL,
                        "industry_code": ind,
                        "checklist": checklist,
                        "dimension": d_id,
                        "score": round(dim_score, 4),
                        "max_score": 2.0,
                        "pct": round(100 * dim_score / 2.0, 2),
                        "upgrading_type": None,
                        "dimension_zh": d_zh,
                        "dimension_en": d_en,
                    }
                )
            part = [
                r for r in sum_rows if r["industry_code"] == ind and r["checklist"] == checklist
            ]
            tot = sum(r["score"] for r in part)
            sum_rows.append(
                {
                    "region_code": FOCAL,
                    "industry_code": ind,
                    "checklist": checklist,
                    "dimension": "ALL",
                    "score": round(tot, 4),
                    "max_score": 2.0 * len(part),
                    "pct": round(100 * tot / (2.0 * len(part)), 2),
                    "upgrading_type": {"24": "product", "17": "process", "18": "functional"}[ind],
                    "dimension_zh": "合计",
                    "dimension_en": "Overall",
                }
            )
    upgrading = pd.DataFrame(up_rows)
    upgrading_summary = pd.DataFrame(sum_rows)

    # --- equalization, inequality, threshold, scenario, transfers ---------------------------------
    indicators = [
        ("disposable_income_pc", 42000.0),
        ("manufacturing_employment_share", 0.28),
        ("education_exp_pc", 2600.0),
        ("health_exp_pc", 1300.0),
        ("welfare_index", 0.6),
    ]
    eq_rows = []
    for ind_name, base in indicators:
        vals = base * rng.lognormal(0, 0.18, n_regions)
        ref = float(np.mean(vals))
        ranks = pd.Series(vals).rank(ascending=False, method="min").astype(int).to_numpy()
        for i, (rc, zh, _en) in enumerate(regions):
            eq_rows.append(
                {
                    "region_code": rc,
                    "year": end,
                    "indicator": ind_name,
                    "value": float(vals[i]),
                    "rank": int(ranks[i]),
                    "gap_to_reference": float(vals[i] - ref),
                    "gap_pct": float(100 * (vals[i] / ref - 1)),
                    "group": GROUPS[i % 4],
                    "region_name": zh,
                    "is_focal": rc == FOCAL,
                    "reference_value": ref,
                }
            )
    equalization = pd.DataFrame(eq_rows)

    ineq_rows = []
    for index, level in (("gini", 0.24), ("theil_t", 0.095), ("williamson", 0.36)):
        for k, y in enumerate(YEARS):
            v = level * (1 + 0.02 * k) * (1 + rng.normal(0, 0.01))
            share = 0.42 + 0.01 * k
            ineq_rows.append(
                {
                    "indicator": "disposable_income_pc",
                    "year": y,
                    "weighting": "population",
                    "group_by": "group",
                    "index": index,
                    "value": v,
                    "between": v * share if index == "theil_t" else None,
                    "within": v * (1 - share) if index == "theil_t" else None,
                }
            )
    inequality = pd.DataFrame(ineq_rows)

    threshold = pd.DataFrame(
        [
            {
                "region_code": FOCAL,
                "industry_code": ind,
                "year": end,
                "lq": float(focal_lq[ind][-1]),
                "band_low": 1.23,
                "band_high": 4.56,
                "zone": (
                    "below"
                    if focal_lq[ind][-1] < 1.23
                    else "above"
                    if focal_lq[ind][-1] > 4.56
                    else "within"
                ),
                "reading_zh": "集聚程度处于门槛区间内，福利效应由负转正的过渡阶段",
                "reading_en": "within the threshold band: the welfare effect turns from negative to positive",
            }
            for ind, *_r in INDUSTRIES
        ]
    )

    sc_rows = []
    for indicator, before, after in (
        ("gini", 0.262, 0.248),
        ("theil_t", 0.112, 0.101),
        ("williamson", 0.401, 0.377),
    ):
        sc_rows.append(
            {
                "scenario": "转移支付增加10%（示例）/ transfers +10% (illustrative)",
                "region_code": "ALL",
                "indicator": indicator,
                "before": before,
                "after": after,
                "change": after - before,
                "of_indicator": "disposable_income_pc",
            }
        )
    sc_rows.append(
        {
            "scenario": "转移支付增加10%（示例）/ transfers +10% (illustrative)",
            "region_code": FOCAL,
            "indicator": "disposable_income_pc",
            "before": 41200.0,
            "after": 42650.0,
            "change": 1450.0,
            "of_indicator": "disposable_income_pc",
        }
    )
    scenario = pd.DataFrame(sc_rows)

    std_exp = rng.uniform(8e8, 3e9, n_regions)
    std_rev = std_exp * rng.uniform(0.4, 1.1, n_regions)
    gap = np.maximum(std_exp - std_rev, 0)
    transfers = pd.DataFrame(
        {
            "region_code": codes,
            "standard_expenditure": std_exp,
            "standard_revenue": std_rev,
            "gap": gap,
            "coefficient": 0.62,
            "transfer": gap * 0.62,
            "tier": [GROUPS[i % 4] for i in range(n_regions)],
            "central_share": 0.6,
        }
    )

    # --- policy ------------------------------------------------------------------------------
    actions = pd.DataFrame(
        [
            {
                "priority": 1,
                "action_id": "A.decline.renew",
                "region_code": FOCAL,
                "industry_code": "17",
                "action_zh": "推动纺织业技术改造与产品升级，防止进入持续衰退",
                "action_en": "Push technical renovation and product upgrading in textiles to avoid lasting decline",
                "finding": "纺织业处于衰退期，区位熵持续下降",
                "rule": "stage.decline → renewal levers",
                "source": "seed 001 §4; seed 004 §2",
                "chain_zh": "衰退期 → 升级先于衰退可带来第二次繁荣 → 技术改造",
                "chain_en": "decline → upgrading before decline can bring a second boom → renovation",
                "category": "stage",
            },
            {
                "priority": 2,
                "action_id": "A.gap.platform",
                "region_code": FOCAL,
                "industry_code": "24",
                "action_zh": "建设文教体育用品公共技术服务平台",
                "action_en": "Build a public technology service platform for stationery and sports goods",
                "finding": "创新平台维度得分率偏低",
                "rule": "gap.platform ≥ 0.5",
                "source": "seed 002 §3",
                "chain_zh": "创新平台差距 → 公共服务平台",
                "chain_en": "platform gap → public platform",
                "category": "gap",
            },
            {
                "priority": 3,
                "action_id": "A.eq.transfer",
                "region_code": FOCAL,
                "industry_code": "ALL",
                "action_zh": "争取均衡性转移支付，补齐教育与卫生公共服务短板",
                "action_en": "Seek equalization transfers to close education and health service gaps",
                "finding": "人均教育支出低于参照值",
                "rule": "equalization.gap_pct < −10%",
                "source": "seed 000 ch. 9",
                "chain_zh": "公共服务差距 → 转移支付",
                "chain_en": "service gap → transfers",
                "category": "equalization",
            },
            {
                "priority": 4,
                "action_id": "A.redflag.N3",
                "region_code": FOCAL,
                "industry_code": "ALL",
                "action_zh": "停止对单个企业的无差别补贴",
                "action_en": "Stop indiscriminate subsidies to single firms",
                "finding": "红旗 N3 触发",
                "rule": "red_flag N3",
                "source": "seed 003 §5",
                "chain_zh": "N3 → 不应做",
                "chain_en": "N3 → must not",
                "category": "red_flag",
            },
        ]
    )
    red_flags = pd.DataFrame(
        [
            {
                "flag_id": "N1",
                "question_zh": "是否以行政手段强行“拉郎配”组建集群？",
                "question_en": "Are clusters forced together by administrative order?",
                "answer": "no",
                "triggered": False,
                "text_zh": "不应以行政命令代替市场形成集群",
                "text_en": "Do not replace market formation by orders",
                "source": "seed 003 §5",
            },
            {
                "flag_id": "N3",
                "question_zh": "是否对单个企业给予无差别补贴？",
                "question_en": "Are single firms subsidised indiscriminately?",
                "answer": "yes",
                "triggered": True,
                "text_zh": "不应对个别企业给予无差别补贴",
                "text_en": "Do not subsidise single firms indiscriminately",
                "source": "seed 003 §5",
            },
        ]
    )
    roles = pd.DataFrame(
        [
            {
                "role_id": f"ROLE-{i}",
                "text_zh": zh,
                "text_en": en,
                "answer": ans,
                "score": sc,
                "source": "seed 003 §4",
                "dimension": "R1" if i <= 3 else "R2",
                "weight": 1.0,
            }
            for i, (zh, en, ans, sc) in enumerate(
                [
                    ("规划引导", "Planning and guidance", "yes", 1.0),
                    ("公共服务平台建设", "Public service platforms", "partial", 0.5),
                    ("营商环境", "Business environment", "yes", 1.0),
                    ("人才培养", "Skills and talent", "partial", 0.5),
                    ("区域品牌推广", "Regional brand promotion", "no", 0.0),
                ],
                start=1,
            )
        ]
    )
    # summary rows as the engine writes them: id = dimension, score = weighted mean
    roles = pd.concat(
        [
            roles,
            pd.DataFrame(
                [
                    {"role_id": d, "dimension": d, "score": v, "weight": w}
                    for d, v, w in (("R1", 2.5 / 3, 3.0), ("R2", 0.25, 2.0), ("ALL", 3.0 / 5, 5.0))
                ]
            ),
        ],
        ignore_index=True,
    )
    policy_quality = pd.DataFrame(
        [
            {
                "item_id": f"PQ-{i}",
                "text_zh": zh,
                "text_en": en,
                "answer": ans,
                "score": sc,
                "source": "seed 004 §3",
                "dimension": "focus",
                "weight": 1.0,
            }
            for i, (zh, en, ans, sc) in enumerate(
                [
                    ("政策目标明确可考核", "Objectives are clear and measurable", "yes", 1.0),
                    ("有评估与调整机制", "Evaluation and adjustment loop exists", "partial", 0.5),
                    ("与生命周期阶段匹配", "Matches the life-cycle stage", "yes", 1.0),
                ],
                start=1,
            )
        ]
    )
    profile = pd.DataFrame(
        [
            (
                "identification.simple.lq_min",
                1.25,
                "",
                "简单区位熵门槛",
                "Simple LQ cut-off",
                "methods.md §4.5",
            ),
            (
                "identification.eco.lq_min",
                2.0,
                "",
                "欧洲集群观察站专业化星：区位熵下限",
                "ECO specialisation star: minimum LQ",
                "methods.md §4.1",
            ),
            (
                "identification.cmp.strong_lq_pct",
                75,
                "%",
                "美国集群地图强集群：区位熵分位数",
                "US CMP strong cluster: LQ percentile",
                "methods.md §4.2",
            ),
            (
                "identification.miit.provincial.lq_min",
                1.5,
                "",
                "工信部省级特色产业集群区位熵下限",
                "MIIT provincial: minimum LQ",
                "MIIT 2022",
            ),
            (
                "equalization.band_low",
                1.23,
                "",
                "集聚—福利门槛下限",
                "Agglomeration–welfare band, low",
                "seed 000",
            ),
            (
                "equalization.band_high",
                4.56,
                "",
                "集聚—福利门槛上限",
                "Agglomeration–welfare band, high",
                "seed 000",
            ),
            (
                "lifecycle.growth_tolerance",
                0.5,
                "个百分点",
                "增长率与参照值的容差",
                "Growth tolerance vs reference",
                "methods.md §5",
            ),
        ],
        columns=["threshold_id", "value", "unit", "label_zh", "label_en", "source"],
    )

    tables = {
        "lq": lq,
        "clusters": clusters,
        "lifecycle": lifecycle,
        "upgrading": upgrading,
        "upgrading_summary": upgrading_summary,
        "equalization": equalization,
        "inequality": inequality,
        "agglomeration_threshold": threshold,
        "scenario": scenario,
        "transfers": transfers,
        "actions": actions,
        "red_flags": red_flags,
        "roles": roles,
        "policy_quality": policy_quality,
        "profile": profile,
        "specialization": pd.DataFrame(
            {
                "region_code": FOCAL,
                "year": YEARS,
                "measure": "employment",
                "hoover": np.round(np.linspace(0.31, 0.34, len(YEARS)), 4),
                "krugman": np.round(np.linspace(0.62, 0.68, len(YEARS)), 4),
                "krugman_others": np.round(np.linspace(0.66, 0.7, len(YEARS)), 4),
                "herfindahl": np.round(np.linspace(0.19, 0.2, len(YEARS)), 4),
                "entropy": np.round(np.linspace(1.82, 1.78, len(YEARS)), 4),
                "gini_lq": np.round(np.linspace(0.41, 0.44, len(YEARS)), 4),
            }
        ),
        "concentration": pd.DataFrame(
            {
                "industry_code": [x[0] for x in INDUSTRIES],
                "year": end,
                "measure": "employment",
                "hoover": np.round(rng.uniform(0.1, 0.5, n_ind), 4),
                "locational_gini": np.round(rng.uniform(0.2, 0.6, n_ind), 4),
                "gini_lq": np.round(rng.uniform(0.2, 0.6, n_ind), 4),
                "krugman": np.round(rng.uniform(0.2, 0.9, n_ind), 4),
                "herfindahl": np.round(rng.uniform(0.05, 0.3, n_ind), 4),
                "eg_gamma": np.round(rng.uniform(-0.01, 0.08, n_ind), 4),
                "eg_approximate": True,
            }
        ),
        "shift_share": pd.DataFrame(
            [
                {
                    "region_code": FOCAL,
                    "industry_code": ind,
                    "base_year": YEARS[0],
                    "end_year": end,
                    "method": "dunn",
                    "growth": g * 9 * e0,
                    "national_share": 0.012 * 9 * e0,
                    "industry_mix": (g - 0.012) * 3 * e0,
                    "regional_share": (g - 0.012) * 6 * e0,
                    "net_shift": (g - 0.012) * 9 * e0,
                    "allocation": None,
                }
                for ind, _zh, _en, e0, g, *_r in INDUSTRIES
            ]
        ),
    }
    meta = {
        "app_version": "0.1.0",
        "profile_id": "default",
        "profile_version": "1.0",
        "profile_date": "2026-11-01",
        "region_code": FOCAL,
        "region_name_zh": "示范县",
        "region_name_en": "Demo County",
        "reference_code": "330000",
        "reference_name": "浙江省",
        "base_year": YEARS[0],
        "end_year": end,
        "created": "2026-11-22",
        "preparing_unit": "示范县发展和改革局",
        "inputs": ["2015-2024工业统计年鉴.xlsx", "公共服务支出.xlsx", "问卷汇总.xlsx"],
        "warnings": [
            "2018年纺织业企业数缺失，按前后年份插补",
            "工作表“2020”第12行：数值以文本存储，已转换",
        ]
        + [
            f"统计年鉴.xlsx / 工作表“{y}年” / D列: 按单位“万元”换算为标准单位（×10000）：D, G列。"
            for y in YEARS
        ],
        "selected_clusters": [
            str(c)
            for c in clusters.loc[
                (clusters["region_code"] == FOCAL)
                & clusters["selected"].fillna(False).astype(bool),
                "industry_code",
            ]
        ],
        "dimension_labels": {d: (zh, en) for d, zh, en in TECH_DIMS + BRAND_DIMS}
        | {
            "R1": ("角色一：优化外部环境", "Role 1: external environment"),
            "R2": ("角色二：搭建创新平台", "Role 2: innovation platforms"),
            "focus": ("两个共同焦点", "The two common foci"),
        },
    }
    return tables, meta


def demo_results() -> tuple[dict[str, pd.DataFrame], dict, dict[str, pd.DataFrame]]:
    """The demo set: (tables, meta, charts_data) for the focal county and 11 peers."""
    tables, meta = synthetic_results(12)
    return tables, meta, demo_charts_data(7)


def demo_charts_data(seed: int = 7) -> dict[str, pd.DataFrame]:
    """``charts_data["employment"]``: the focal region's employment by industry and year."""
    rng = np.random.default_rng(seed)
    t = np.arange(len(YEARS))
    rows = []
    for ind, _zh, _en, e0, g, *_r in INDUSTRIES:
        emp = np.round(e0 * (1 + g) ** t * (1 + rng.normal(0, 0.01, len(t))))
        rows.append(
            pd.DataFrame(
                {"region_code": FOCAL, "industry_code": ind, "year": YEARS, "employment": emp}
            )
        )
    return {"employment": pd.concat(rows, ignore_index=True)}
