"""Header recognition: Chinese and English synonyms → canonical fields.

One data structure, :data:`SYNONYMS`, maps each field to the header texts that name it. Key
fields (``region_code``, ``region``, ``region_en``, ``industry_code``, ``industry``, ``year``,
``firm_id``, ``firm_name``, ``group``, ``example``) describe rows; every other field is a measure
column of a canonical table (:mod:`clusterpolicy.model.tables`). A header equal to a canonical
column name or its ``label_zh``/``label_en`` always maps to that column.

Matching (:func:`match_field`): the header is normalised (:func:`norm`: NFKC, lower case, all
whitespace removed, so "地 区" = "地区" and full-width text = half-width), a unit in brackets is
split off, and "中文\\nEnglish" cells are tried as the Chinese lines joined, the English lines
joined, and the whole. Exact matches win; otherwise the longest synonym contained in the text
(at least 3 characters, 2 for Chinese) wins.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from clusterpolicy.io.units import Unit, unit_in_header
from clusterpolicy.model.tables import TABLES

KEY_FIELDS = (
    "region_code",
    "region",
    "region_en",
    "industry_code",
    "industry",
    "year",
    "firm_id",
    "firm_name",
    "group",
    "example",
    "measure",
    "measure_zh",
    "unit",  # tidy tables: one row per measure, value and unit in columns
)

# headers of the value column of a tidy (measure / value / unit) table
VALUE_HEADERS = frozenset({"value", "values", "数值", "值", "obs_value", "obsvalue", "数据", "val"})

SYNONYMS: dict[str, tuple[str, ...]] = {
    # --- keys -----------------------------------------------------------------------
    "region_code": (
        "地区代码",
        "行政区划代码",
        "区划代码",
        "地区编码",
        "区域代码",
        "region_code",
        "regioncode",
        "code",
        "ags",
        "regionscode",
        "adcode",
        "代码",
    ),
    "region": (
        "地区",
        "地区名称",
        "省份",
        "省",
        "省区市",
        "地市",
        "城市",
        "县区",
        "县(市、区)",
        "区域",
        "region",
        "province",
        "land",
        "bundesland",
        "kreis",
        "county",
        "city",
        "地 区",
    ),
    "region_en": ("region(english)", "英文名称", "name_en"),
    "industry_code": (
        "行业代码",
        "行业编码",
        "industry_code",
        "ind_code",
        "wz2008_code",
        "nace",
        "industrycode",
        "indcode",
        "sector_code",
    ),
    "industry": (
        "行业",
        "行业名称",
        "行业类别",
        "industry",
        "ind_name",
        "wz2008_name",
        "sector",
        "wirtschaftszweig",
        "industryname",
        "branche",
    ),
    "year": ("年份", "年度", "年", "year", "时间", "jahr", "period", "统计年度"),
    "firm_id": (
        "企业编号",
        "企业代码",
        "统一社会信用代码",
        "组织机构代码",
        "firm_id",
        "firmid",
        "firm",
        "企业id",
        "id",
    ),
    "firm_name": ("企业名称", "单位名称", "firm_name", "firmname", "company"),
    "group": ("区域分组", "地区分组", "分组", "区域类型", "group", "region_group"),
    "example": ("示例", "example", "示例example"),
    "measure": ("measure", "measure_en", "measure_name", "indicator", "variable", "指标"),
    "measure_zh": ("measure_zh", "指标中文名", "中文指标名称", "measure_label"),
    "unit": ("unit", "units", "unit_of_measure", "计量单位", "单位"),
    # --- industry measures ----------------------------------------------------------
    "employment": (
        "从业人员",
        "就业人数",
        "从业人员平均人数",
        "从业人数",
        "就业人员",
        "城镇单位就业人员",
        "全部从业人员平均人数",
        "employment",
        "emp",
        "emp_all",
        "employees",
        "beschäftigte",
        "beschaeftigte",
        "svb",
        "urban_unit_employment",
    ),
    "output": ("工业总产值", "总产值", "产值", "工业产值", "output", "grossoutput", "gross_output"),
    "value_added": (
        "增加值",
        "工业增加值",
        "value_added",
        "valueadded",
        "va",
        "bruttowertschöpfung",
    ),
    "revenue": (
        "营业收入",
        "主营业务收入",
        "营业总收入",
        "销售收入",
        "revenue",
        "sales",
        "turnover",
        "umsatz",
        "main_business_revenue",
        "operating_revenue",
    ),
    "firms": (
        "企业数",
        "企业单位数",
        "法人单位数",
        "企业个数",
        "单位数",
        "firms",
        "number_of_firms",
        "establishments",
        "betriebe",
        "unternehmen",
    ),
    "exports": ("出口交货值", "出口额", "exports", "export"),
    "rd_expenditure": (
        "r&d经费",
        "r&d经费支出",
        "研发经费",
        "研究与试验发展经费",
        "研发投入",
        "r&d经费内部支出",
        "rd_expenditure",
        "r&d",
        "rd",
    ),
    "patents": (
        "专利",
        "有效发明专利数",
        "专利数",
        "专利申请数",
        "专利授权数",
        "发明专利",
        "patents",
    ),
    "new_product_sales": ("新产品销售收入", "新产品收入", "new_product_sales", "newproductsales"),
    "wages": (
        "平均工资",
        "平均工资(元)",
        "职工平均工资",
        "wages",
        "wage",
        "average_wage",
        "avg_wage",
        "urban_unit_avg_wage",
    ),
    # --- region measures ------------------------------------------------------------
    "population": (
        "人口",
        "常住人口",
        "年末常住人口",
        "户籍人口",
        "年末总人口",
        "总人口",
        "population",
        "pop",
        "einwohner",
        "bevölkerung",
        "resident_population",
        "resident_population_yearend",
    ),
    "area_km2": (
        "面积",
        "行政区域面积",
        "土地面积",
        "行政区域土地面积",
        "area",
        "area_sqkm",
        "area_km2",
        "fläche",
        "flaeche",
    ),
    "gdp": ("地区生产总值", "gdp", "生产总值", "国内生产总值", "bip"),
    "disposable_income_pc": (
        "人均可支配收入",
        "居民人均可支配收入",
        "全体居民人均可支配收入",
        "disposable_income_pc",
        "disposableincome",
        "disposable_income_per_capita",
        # NBS English exports ("Index: Per capita disposable income of all residents (Yuan)")
        "per capita disposable income",
        "per capita disposable income of all residents",
        "per capita disposable income of residents",
    ),
    "manufacturing_employment": (
        "制造业从业人员",
        "制造业就业人员",
        "制造业就业人数",
        "manufacturing_employment",
    ),
    "education_exp_pc": ("人均教育支出", "education_exp_pc"),
    "health_exp_pc": ("人均卫生健康支出", "人均卫生支出", "人均医疗卫生支出", "health_exp_pc"),
    "social_security_exp_pc": (
        "人均社会保障和就业支出",
        "人均社会保障支出",
        "social_security_exp_pc",
    ),
    # yearbook 7-6 function columns (totals, 亿元 in the yearbook) and the tidy measure names
    "education_exp": (
        "教育支出",
        "教育经费支出",
        "财政教育支出",
        "education_exp",
        "exp_education",
        "expenditureforeducation",
        "educationexpenditure",
        "education_expenditure",
    ),
    "health_exp": (
        "卫生健康支出",
        "医疗卫生与计划生育支出",
        "医疗卫生支出",
        "卫生与计划生育支出",
        "医疗卫生计划生育支出",
        "health_exp",
        "exp_health",
        "expenditureforhealthcare",
        "expenditureforhealth",
        "healthexpenditure",
        "health_expenditure",
        "expenditureformedicalandhealthcareandfamilyplanning",
    ),
    "social_security_exp": (
        "社会保障和就业支出",
        "社会保障与就业支出",
        "社会保障支出",
        "social_security_exp",
        "exp_social_security_employment",
        "exp_social_security",
        "expenditureforsocialsecurityandemployment",
        "socialsecurityexpenditure",
        "social_security_expenditure",
    ),
    "fiscal_revenue": (
        "一般公共预算收入",
        "地方一般公共预算收入",
        "财政收入",
        "地方财政收入",
        "fiscal_revenue",
        "generalpublicbudgetrevenue",
    ),
    "fiscal_expenditure": (
        "一般公共预算支出",
        "地方一般公共预算支出",
        "财政支出",
        "地方财政支出",
        "fiscal_expenditure",
        "generalpublicbudgetexpenditure",
        "local_budget_exp_total",
        "local general budget expenditure",
        "local general public budget expenditure",
        "general budget expenditure",
    ),
}

# Which table a measure belongs to when there is no industry key (region-level figures).
REGION_MEASURES = frozenset(TABLES["region_data"].measures)
INDUSTRY_MEASURES = frozenset(TABLES["industry_data"].measures)
FIRM_MEASURES = frozenset(TABLES["firm_data"].measures)

_CJK = re.compile(r"[\u3400-\u9fff]")
_FOOTNOTE_TAIL = re.compile(r"(\*+|[①-⑳]|[¹²³⁰-⁹]+|\s[a-z]\))$")


def norm(text: object) -> str:
    """Matching form of a text: NFKC, lower case, no whitespace, no footnote marker at the end."""
    if text is None:
        return ""
    t = unicodedata.normalize("NFKC", str(text)).lower()
    t = re.sub(r"\s+", "", t)
    t = _FOOTNOTE_TAIL.sub("", t)
    return t


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def split_bilingual(text: str) -> tuple[str, str]:
    """ "地方一般公\\n共预算支出\\nGeneral Public\\nBudget" → ("地方一般公共预算支出", "General Public Budget")."""
    zh: list[str] = []
    en: list[str] = []
    for line in re.split(r"[\r\n]+", str(text)):
        line = line.strip()
        if not line:
            continue
        (zh if has_cjk(line) else en).append(line)
    return "".join(zh), " ".join(en)


@cache
def _table() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(exact: normalised text → field, contained: [(normalised synonym, field)] longest first)."""
    exact: dict[str, str] = {}
    # canonical names and labels first: they always map to their own column
    for spec in TABLES.values():
        for col in spec.columns:
            field = col.name
            if field == "name":
                field = "firm_name"
            for t in (col.name, col.label_zh, col.label_en):
                if (
                    t
                    and norm(t) not in exact
                    and spec.name in ("industry_data", "region_data", "firm_data")
                ):
                    exact[norm(t)] = field
    for field, words in SYNONYMS.items():
        for w in words:
            exact.setdefault(norm(w), field)
    contained = sorted(
        ((k, f) for k, f in exact.items() if len(k) >= (2 if has_cjk(k) else 4)),
        key=lambda kv: -len(kv[0]),
    )
    return exact, contained


def _match_one(text: str) -> str | None:
    k = norm(text)
    if not k:
        return None
    exact, _contained = _table()
    if k in exact:
        return exact[k]
    if has_cjk(k):
        for syn, field in _contained_cjk():
            if syn in k:
                return field
    return None


@cache
def _contained_cjk() -> tuple[tuple[str, str], ...]:
    """The Chinese measure synonyms that may match inside a longer header, longest first."""
    return tuple((syn, f) for syn, f in _table()[1] if has_cjk(syn) and f not in KEY_FIELDS)


def match_field(text: object) -> tuple[str | None, Unit | None]:
    """The canonical field a header cell names (or None) and the unit it carries (or None)."""
    if text is None:
        return None, None
    raw = str(text)
    unit: Unit | None = None
    lines = [ln.strip() for ln in re.split(r"[\r\n]+", raw) if ln.strip()]
    kept: list[str] = []
    for ln in lines:
        rest, u = unit_in_header(ln)
        if u is not None and unit is None:
            unit = u
        if rest:
            kept.append(rest)
    zh, en = split_bilingual("\n".join(kept))
    candidates = [zh, en, " ".join(kept)] if len(kept) > 1 else kept
    for cand in candidates:
        if cand:
            f = _match_one(cand)
            if f:
                return f, unit
    return None, unit


def tidy_field(name: object, label: object = None) -> str:
    """The canonical measure a tidy table's measure name (or its Chinese label) stands for, or ""."""
    for text_ in (name, label):
        if text_ is None or text_ == "":
            continue
        f, _u = match_field(text_)
        if f and f not in KEY_FIELDS:
            return f
    return ""


# --- totals -------------------------------------------------------------------------------
_TOTAL_WORDS = {
    "合计",
    "总计",
    "总",
    "全国",
    "全省",
    "全市",
    "全区",
    "全县",
    "地方合计",
    "各地区合计",
    "全部",
    "全部行业合计",
    "total",
    "totals",
    "insgesamt",
    "gesamt",
    "summe",
    "all",
    "allindustries",
    "allregions",
    "totalofallregions",
    "germany",
    "deutschland",
    "brd",
    "china",
    "中国",
    "全国合计",
}


def is_total_name(text: object) -> bool:
    """A 合计/总计/全国/Total/Insgesamt-like label (also "清源市合计", "A-R Insgesamt")."""
    k = norm(text)
    if not k:
        return False
    zh, en = split_bilingual(str(text))
    for part in (k, norm(zh), norm(en)):
        if not part:
            continue
        if part in _TOTAL_WORDS or part.endswith("合计") or part.endswith("总计"):
            return True
        if "insgesamt" in part or part.startswith("totalof") or part == "alle":
            return True
    return False


_SUBITEM = re.compile(r"^\s*(#|＃|其中[:：]?|内[:：]|of which|incl\.)", re.IGNORECASE)


def is_subitem(text: object) -> bool:
    """A "#…" / "其中：…" sub-item label (not to be summed with its parent)."""
    return bool(text) and bool(_SUBITEM.match(str(text)))


_NOTE = re.compile(
    r"^\s*(注[:：\s]|注\d|说明[:：]|资料来源|数据来源|来源[:：]|note[s]?[:：\s]|source[s]?[:：\s]"
    r"|摘编自|\*\s*注)",
    re.IGNORECASE,
)


def is_note(text: object) -> bool:
    """A footer line: 注：…, 资料来源…, 数据来源：国家统计局, Note:, Source:."""
    return bool(text) and bool(_NOTE.match(str(text)))


def display_name(text: object) -> str:
    """A name as shown, with indentation removed ("　青山区" → "青山区"; inner spaces kept)."""
    return str(text).strip().strip("\u3000").strip()
