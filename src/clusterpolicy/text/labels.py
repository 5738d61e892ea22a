"""The one catalogue of bilingual labels shared by the engines, the report, the results workbook
and the GUI: enumeration values (stages, verdicts, quadrants, scopes, scales, answers,
severities, methods), indicators, units, and table columns.

* :data:`VALUES` — enumeration values → (zh, en); :func:`label` shows an unknown value as is.
* :data:`INDICATORS` — welfare / equalization indicators → (zh, en).
* :data:`UNITS` — canonical units → (zh, en); :data:`LAYOUTS`, :data:`KEYS` — sheet layouts
  and key columns of an import.
* :func:`column_label` — (zh, en, unit) of a result column (:data:`COLUMNS`) or a canonical
  data column (its label in :mod:`clusterpolicy.model.tables`).
* :func:`answer_choices` — the answers a scale offers with their labels (None = unanswered).
* :data:`PLAN_VALUES`, :func:`plan_label` — action-plan values (from :mod:`.labels_plan`).

Module-specific sentences stay with their module (``gui/texts.py``, ``report/texts.py``) and are
looked up with the same :class:`~clusterpolicy.text.catalogue.Catalogue` rule.
"""

from __future__ import annotations

from clusterpolicy.model.tables import TABLES
from clusterpolicy.model.vocabulary import SCALE_CHOICES
from clusterpolicy.text.catalogue import Catalogue, pick
from clusterpolicy.text.labels_plan import PLAN_COLUMNS, PLAN_VALUES, plan_label  # noqa: F401

_VALUES: dict[str, tuple[str, str]] = {
    "cluster": ("产业集群", "cluster"),
    "agglomeration_not_yet_cluster": ("集聚但尚未形成集群", "agglomeration, not yet a cluster"),
    "candidate_unconfirmed": ("候选（待确认）", "candidate (unconfirmed)"),
    "not_candidate": ("非候选", "not a candidate"),
    "emergence": ("萌芽期", "emergence"),
    "growth": ("成长期", "growth"),
    "maturity": ("成熟期", "maturity"),
    "decline": ("衰退期", "decline"),
    "renewal": ("转型更新期", "renewal"),
    "star": ("明星", "star"),
    "mature": ("成熟", "mature"),
    "emerging": ("新兴", "emerging"),
    "transforming": ("转型", "transforming"),
    "technology": ("技术升级", "technology"),
    "brand": ("品牌升级", "brand"),
    "process": ("工艺升级", "process"),
    "product": ("产品升级", "product"),
    "functional": ("功能升级", "functional"),
    "chain": ("链条升级", "chain"),
    "none": ("尚未升级", "none"),
    "data": ("数据", "data"),
    "judgement": ("判断", "judgement"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "partial": ("部分", "partial"),
    "unanswered": ("未回答", "unanswered"),
    "below": ("门槛以下（挤出效应）", "below (crowding-out)"),
    "within": ("门槛区间内", "within the band"),
    "above": ("门槛以上（正向效应）", "above (positive)"),
    "stage": ("阶段", "stage"),
    "gap": ("差距", "gap"),
    "role": ("政府角色", "role"),
    "red_flag": ("红旗", "red flag"),
    "quality": ("政策质量", "quality"),
    "equalization": ("均等化", "equalization"),
    "population": ("人口加权", "population"),
    "gini": ("基尼系数", "Gini"),
    "theil_t": ("泰尔指数T", "Theil T"),
    "theil_l": ("泰尔指数L", "Theil L"),
    "williamson": ("威廉姆森系数", "Williamson"),
    "cv": ("变异系数", "CV"),
    "dunn": ("Dunn 法", "Dunn"),
    "esteban": ("Esteban-Marquillas 法", "Esteban-Marquillas"),
    "gerfin": ("Gerfin 法", "Gerfin"),
    "dunn_dynamic": ("动态 Dunn 法", "dynamic Dunn"),
    "strong": ("强", "strong"),
    "strong10": ("强（前10%）", "strong (top 10%)"),
    "significant": ("显著", "significant"),
    "qualifying": ("达标", "qualifying"),
    "transfer_yuan": ("转移支付额", "Transfer amount"),
    "williamson_index": ("威廉姆森系数", "Williamson"),
    "True": ("是", "yes"),
    "False": ("否", "no"),
}
_VALUES.update(
    {
        # judgement scopes
        "existence": ("集群存在性检验", "existence test"),
        "lifecycle": ("生命周期问卷", "life-cycle questionnaire"),
        "roles": ("政府五种角色", "government roles"),
        "red_flags": ("红旗警示（不应做的事）", "red flags (must not)"),
        "policy_quality": ("政策质量检查表", "policy quality"),
        # answer scales
        "yes_partial_no": ("是/部分/否", "yes/partial/no"),
        "yes_no": ("是/否", "yes/no"),
        "likert_0_4": ("0–4 分", "0–4"),
        # problem severities
        "error": ("错误", "error"),
        "warning": ("警告", "warning"),
        "info": ("提示", "info"),
    }
)
# --- welfare-effects models and terms (assess/effects; report chapter, GUI page) -------------
_VALUES.update(
    {
        "model.pooled_ols": ("混合OLS", "Pooled OLS"),
        "model.fe_oneway": ("地区固定效应", "Region fixed effects"),
        "model.fe_twoway": ("双向固定效应（地区、年份）", "Two-way fixed effects (region, year)"),
        "model.quadratic": ("二次项模型（U形检验）", "Quadratic (U-shape test)"),
        "model.threshold_single": ("单门槛模型（Hansen）", "Single threshold (Hansen)"),
        "model.threshold_double": ("双门槛模型（Hansen）", "Double threshold (Hansen)"),
        "model.system_gmm": ("动态面板系统GMM", "Dynamic panel, system GMM"),
        "model.determinants": (
            "产业聚集决定因素（双向固定效应）",
            "Determinants of agglomeration (two-way FE)",
        ),
        "term.agglomeration": ("区位熵", "LQ"),
        "term.agglomeration_sq": ("区位熵平方", "LQ squared"),
        "term.agglomeration_r1": ("区位熵（门槛以下）", "LQ (below the threshold)"),
        "term.agglomeration_r2": ("区位熵（门槛以上）", "LQ (above the threshold)"),
        "term.agglomeration_r3": ("区位熵（第二门槛以上）", "LQ (above the second threshold)"),
        "term.market_size": ("市场规模", "market size"),
        "term.wages": ("工资水平", "wages"),
        "term.human_capital": ("人力资本", "human capital"),
        "term.capital": ("资本", "capital"),
        "term.openness": ("对外开放", "openness"),
        "term.urbanisation": ("城镇化", "urbanisation"),
        "term.fiscal_decentralisation": ("财政分权", "fiscal decentralisation"),
        "term.innovation": ("创新", "innovation"),
        "peer.named": ("用户指定", "named by the user"),
        "peer.distance": ("规模与结构最接近", "nearest in size and structure"),
    }
)

VALUES = Catalogue("labels.values", _VALUES)

#: titles of the judgement scopes as a form or a report heading shows them
SCOPE_TITLES = Catalogue(
    "labels.scope_titles",
    {
        "existence": ("集群存在性检验", "Existence test"),
        "lifecycle": ("生命周期问卷", "Life-cycle questionnaire"),
        "technology": ("技术升级检查表", "Technology checklist"),
        "brand": ("品牌升级检查表", "Brand checklist"),
        "roles": ("政府五种角色", "Government roles"),
        "red_flags": ("红旗警示（不应做的事）", "Red flags (must not)"),
        "policy_quality": ("政策质量检查表", "Policy quality"),
    },
)

INDICATORS = Catalogue(
    "labels.indicators",
    {
        "disposable_income_pc": ("居民人均可支配收入", "Disposable income per capita"),
        "gdp_pc": ("人均地区生产总值", "GDP per capita"),
        "manufacturing_employment": ("制造业从业人员", "Manufacturing employment"),
        "manufacturing_employment_share": ("制造业从业人员占比", "Manufacturing employment share"),
        "manufacturing_emp_per_10k": (
            "每万人制造业从业人员",
            "Manufacturing employment per 10,000 people",
        ),
        "education_exp_pc": ("人均教育支出", "Education spending per capita"),
        "health_exp_pc": ("人均卫生健康支出", "Health spending per capita"),
        "social_security_exp_pc": (
            "人均社会保障和就业支出",
            "Social-security and employment spending per capita",
        ),
        "welfare_index": ("公共福利指数", "Public-welfare index"),
        "size_employment": ("从业人员总数", "Total employment"),
        "size_output": ("总产值", "Total output"),
        "size_revenue": ("营业收入总额", "Total revenue"),
        "size_firms": ("企业总数", "Total number of firms"),
        "growth_employment": ("从业人员年均增长率", "Employment growth a year"),
        "growth_output": ("产值年均增长率", "Output growth a year"),
        "growth_revenue": ("营业收入年均增长率", "Revenue growth a year"),
        "growth_firms": ("企业数年均增长率", "Growth of the number of firms a year"),
    },
)

UNITS = Catalogue(
    "labels.units",
    {
        "persons": ("人", "persons"),
        "yuan": ("元", "yuan"),
        "count": ("个", "count"),
        "km2": ("平方公里", "km²"),
        "yuan/person": ("元/人", "yuan/person"),
    },
)

#: sheet layouts the importer recognises (the column-mapping dialog shows them)
LAYOUTS = Catalogue(
    "labels.layouts",
    {
        "long": ("长表（每行一条记录）", "long table (one record per row)"),
        "tidy": (
            "指标-数值长表（指标、数值、单位各占一列）",
            "tidy table (measure, value and unit columns)",
        ),
        "wide_industries": ("年鉴宽表：行业在列", "yearbook wide table: industries across"),
        "wide_years": ("宽表：年份在列", "wide table: years across"),
        "wide_indicators": (
            "宽表：指标在列、年份在行",
            "wide table: indicators across, years down",
        ),
        "wide": ("宽表", "wide table"),
        "skip": ("不导入", "not imported"),
    },
)

#: key columns of an imported sheet
KEYS = Catalogue(
    "labels.keys",
    {
        "region_code": ("地区代码", "region code"),
        "region": ("地区名称", "region name"),
        "region_en": ("地区英文名", "region name (English)"),
        "industry_code": ("行业代码", "industry code"),
        "industry": ("行业名称", "industry name"),
        "year": ("年份", "year"),
        "firm_id": ("企业编号", "firm id"),
        "firm_name": ("企业名称", "firm name"),
        "group": ("区域分组", "region group"),
        "measure": ("指标名称列（指标-数值长表）", "measure column (tidy table)"),
        "measure_zh": ("指标中文名列", "measure label column (Chinese)"),
        "unit": ("单位列", "unit column"),
        "example": ("示例标记列", "example marker column"),
    },
)

#: result columns → (zh, en, unit)
COLUMNS: dict[str, tuple[str, str, str]] = {
    # keys and dimensions
    "measure": ("指标", "Measure", ""),
    "method": ("方法", "Method", ""),
    "base_year": ("基期年份", "Base year", ""),
    "end_year": ("末期年份", "End year", ""),
    "indicator": ("指标", "Indicator", ""),
    "weighting": ("加权方式", "Weighting", ""),
    "group_by": ("分组", "Grouping", ""),
    "index": ("指数", "Index", ""),
    "denominator": ("分母口径", "Denominator used", ""),
    # specialisation / concentration
    "lq": ("区位熵", "Location quotient", ""),
    "hoover": ("胡佛系数", "Hoover coefficient", ""),
    "krugman": ("克鲁格曼指数（相对参照区域）", "Krugman index (vs reference)", ""),
    "krugman_others": (
        "克鲁格曼指数（相对其他地区均值）",
        "Krugman index (vs mean of other regions)",
        "",
    ),
    "herfindahl": ("赫芬达尔指数", "Herfindahl index", ""),
    "entropy": ("香农熵", "Shannon entropy", ""),
    "gini_lq": ("区位熵基尼系数", "Gini of LQs", ""),
    "locational_gini": ("区位基尼系数", "Locational Gini", ""),
    "eg_gamma": ("EG指数γ", "Ellison–Glaeser γ", ""),
    "eg_approximate": ("EG指数为近似值", "EG γ approximated", ""),
    # shift-share
    "growth": ("增长量", "Growth", "persons"),
    "national_share": ("全国（参照）增长分量", "National share", "persons"),
    "industry_mix": ("产业结构分量", "Industry mix", "persons"),
    "regional_share": ("区域竞争分量", "Regional (competitive) share", "persons"),
    "net_shift": ("净偏离", "Net shift", "persons"),
    "allocation": ("配置效应", "Allocation effect", "persons"),
    # inequality
    "value": ("数值", "Value", ""),
    "between": ("组间部分", "Between-group part", ""),
    "within": ("组内部分", "Within-group part", ""),
    # clusters
    "lq_employment": ("就业区位熵", "LQ (employment)", ""),
    "lq_output": ("产值区位熵", "LQ (output)", ""),
    "lq_firms": ("企业数区位熵", "LQ (firms)", ""),
    "eco_stars": ("欧洲集群观察站星级", "ECO stars", "0–3"),
    "cmp_tier": ("美国集群地图等级", "U.S. CMP tier", ""),
    "score": ("得分", "Score", ""),
    "rank": ("排名", "Rank", ""),
    "verdict": ("结论", "Verdict", ""),
    "evidence": ("依据（规则轨迹）", "Evidence (rule trace)", ""),
    "evidence_zh": ("依据（中文）", "Evidence (Chinese)", ""),
    "evidence_en": ("依据（英文）", "Evidence (English)", ""),
    "evidence_for": ("支持证据（规则轨迹）", "Evidence for (rule trace)", ""),
    "evidence_against": ("反证（规则轨迹）", "Evidence against (rule trace)", ""),
    "evidence_for_zh": ("支持证据（中文）", "Evidence for (Chinese)", ""),
    "evidence_for_en": ("支持证据（英文）", "Evidence for (English)", ""),
    "evidence_against_zh": ("反证（中文）", "Evidence against (Chinese)", ""),
    "evidence_against_en": ("反证（英文）", "Evidence against (English)", ""),
    "conditions": ("全部条件及隶属度", "All conditions with memberships", ""),
    # life cycle
    "stage": ("生命周期阶段", "Life-cycle stage", ""),
    "quadrant": ("象限（Purdue）", "Quadrant (Purdue)", ""),
    "confidence": ("置信度", "Confidence", "0–1"),
    "override_reason": ("人工调整理由", "Override reason", ""),
    # upgrading / policy
    "checklist": ("清单", "Checklist", ""),
    "dimension": ("维度", "Dimension", ""),
    "item_id": ("条目编号", "Item id", ""),
    "answer": ("回答", "Answer", ""),
    "weight": ("权重", "Weight", ""),
    "gap": ("差距", "Gap", ""),
    "source": ("来源", "Source", ""),
    "priority": ("优先级", "Priority", ""),
    "action_zh": ("措施（中文）", "Action (Chinese)", ""),
    "action_en": ("措施（英文）", "Action (English)", ""),
    "finding": ("发现", "Finding", ""),
    "rule": ("规则", "Rule", ""),
    # equalization / scenario
    "gap_to_reference": ("与参照的差距", "Gap to reference", ""),
    "gap_pct": ("差距（%）", "Gap (%)", "%"),
    "derived": ("由总额除以人口推算", "Derived from the total ÷ population", ""),
    "before": ("调整前", "Before", ""),
    "after": ("调整后", "After", ""),
    "change": ("变化", "Change", ""),
    # peer comparison
    "size": ("规模（末期总量）", "Size (end-year total)", ""),
    "size_ratio": ("规模比（对比地区/本地区）", "Size ratio (region / focal region)", ""),
    "structure_dissimilarity": (
        "产业结构差异（克鲁格曼指数，0—2）",
        "Structural dissimilarity (Krugman index, 0–2)",
        "",
    ),
    "distance": ("综合差异（越小越相近）", "Distance (smaller = more alike)", ""),
    "peer_rank": ("相近程度排序", "Nearness rank", ""),
    "chosen_by": ("入选方式", "Chosen by", ""),
    "is_peer": ("是否同类地区", "In the peer group", ""),
    "focal_value": ("本地区数值", "Focal region's value", ""),
    "peer_median": ("同类地区中位数", "Peers' median", ""),
    "peer_min": ("同类地区最小值", "Peers' minimum", ""),
    "peer_max": ("同类地区最大值", "Peers' maximum", ""),
    "focal_rank": ("本地区位次（1为最高）", "Focal region's rank (1 = highest)", ""),
    "n_compared": ("参与比较地区数（含本地区）", "Regions compared (focal included)", ""),
    "threshold_id": ("阈值编号", "Threshold id", ""),
    "unit": ("单位", "Unit", ""),
    "label_zh": ("中文说明", "Label (Chinese)", ""),
    "label_en": ("英文说明", "Label (English)", ""),
    **PLAN_COLUMNS,
}


def label(value: object, lang: str = "zh") -> str:
    """The label of an enumeration value or indicator; an unknown value is shown as is."""
    key = str(value)
    if key in INDICATORS:
        return INDICATORS.label(key, lang)
    return VALUES.label(key, lang)


def column_label(name: str) -> tuple[str, str, str]:
    """(label_zh, label_en, unit) of a result or canonical column (the name itself if unknown)."""
    if name in COLUMNS:
        return COLUMNS[name]
    for spec in TABLES.values():
        for col in spec.columns:
            if col.name == name:
                return col.label_zh or name, col.label_en or name, col.unit
    return name, name, ""


def answer_choices(scale: str, lang: str = "zh") -> list[tuple[object, str]]:
    """[(stored answer, label)] a form offers for ``scale``, "not answered" (None) first."""
    out: list[tuple[object, str]] = [(None, VALUES.label("unanswered", lang))]
    for value in SCALE_CHOICES.get(scale, SCALE_CHOICES["yes_partial_no"]):
        out.append((value, VALUES.label(value, lang) if isinstance(value, str) else str(value)))
    return out


def scope_title(scope: str, lang: str = "zh") -> str:
    """The title of a judgement scope (技术升级检查表 …)."""
    return pick(SCOPE_TITLES[scope], lang) if scope in SCOPE_TITLES else scope


# --- report additions (clusterpolicy.report): English names of common region groups --------------
#: region-group words of the yearbooks' 分组 column → English (the English report)
GROUP_NAMES_EN = {
    "城区": "urban districts",
    "市辖区": "urban districts",
    "平原": "plain",
    "山区": "mountain",
    "丘陵": "hills",
    "沿海": "coastal",
    "东部": "east",
    "中部": "centre",
    "西部": "west",
    "东北": "north-east",
    "县": "counties",
    "县级市": "county-level cities",
}


def group_name(value: object, lang: str = "zh") -> str:
    """A region group for print: as given in Chinese; in English the known word's translation,
    the value itself if it has no Chinese, else "group"."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    s = str(value).strip()
    if lang != "en":
        return s
    if s in GROUP_NAMES_EN:
        return GROUP_NAMES_EN[s]
    return s if not any("\u3400" <= c <= "\u9fff" for c in s) else "group"


# --- assessment engines ---------------------------------------------------------------------------
# Labels the assess/ engines put into evidence sentences (kept in one block, apart from the
# report's and the GUI's additions above).

#: U.S. Cluster Mapping tiers as the identification evidence names them
CMP_TIER_LABELS = Catalogue(
    "labels.cmp_tiers",
    {
        "strong10": ("强（前10%）", "strong (top 10%)"),
        "strong": ("强", "strong"),
        "significant": ("显著", "significant"),
        "qualifying": ("达标", "qualifying"),
        "none": ("未达等级", "no tier"),
    },
)

#: components of the identification composite score
SCORE_PARTS = Catalogue(
    "labels.score_parts",
    {
        "lq_employment": ("就业区位熵", "employment LQ"),
        "lq_output": ("产值区位熵", "output LQ"),
        "lq_firms": ("企业数区位熵", "firm-count LQ"),
        "lq_revenue": ("营业收入区位熵", "revenue LQ"),
        "size": ("规模", "size"),
        "focus": ("就业占比", "focus"),
        "growth": ("增长", "growth"),
    },
)

#: signals of novelty the life-cycle renewal test reads
NEWNESS_SIGNALS = Catalogue(
    "labels.newness",
    {
        "entropy": ("子行业多样性（香农熵）", "sub-industry diversity (Shannon entropy)"),
        "new_product_sales": ("新产品销售收入占产值比重", "new-product sales as a share of output"),
        "rd_expenditure": ("研发经费占产值比重", "R&D spending as a share of output"),
    },
)

#: enumeration values the engines added (looked up through :func:`label` like the others)
_ASSESS_VALUES = {
    "indeterminate": ("待定", "indeterminate"),
    "meets_national_floors": ("达到工信部国家级规模门槛", "meets the MIIT national scale floors"),
    "meets_provincial_floors": ("达到工信部省级规模门槛", "meets the MIIT provincial scale floors"),
    "below_floors": ("未达到工信部规模门槛", "below the MIIT scale floors"),
    "not_checked": ("未检验", "not checked"),
    "met": ("达到", "met"),
    "not_met": ("未达到", "not met"),
    "done": ("已完成", "done"),
    "partial": ("部分完成", "partly done"),
    "skipped": ("未进行", "not carried out"),
    "insufficient_information": ("信息不足", "insufficient information"),
    "loaded_regions": ("所列地区合计", "sum of the regions loaded"),
    "absolute": ("绝对标准", "absolute rule"),
    "percentile": ("分位数规则", "percentile rule"),
    "resampling": ("重抽样", "resampling"),
    "margin": ("得分差", "score margin"),
    "early_death": ("过早夭折", "early death"),
    "skipped_growth": ("跳过成长期", "growth skipped"),
}
VALUES._entries.update({k: v for k, v in _ASSESS_VALUES.items() if k not in VALUES})
