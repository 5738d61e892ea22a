"""The blank import template: a bilingual xlsx that the importer reads without any mapping.

Layout (contract with :mod:`clusterpolicy.io.importer`):

* sheet ``说明 Instructions`` — what each sheet is, units, codes as text, missing values, example
  rows; nothing on it is imported;
* one sheet per canonical table, named exactly like the table: ``industry_data``,
  ``industry_totals``, ``reference_data``, ``region_data``, ``firm_data``;
* row 1 is the only header row; each header cell is ``"<label_zh>\\n<canonical_name>\\n(<unit>)"``
  (the unit line only for measures), labels and units taken from :mod:`clusterpolicy.model.tables`
  (canonical units written in Chinese: 人, 元, 个, 平方公里, 元/人);
* column A ``示例\\nexample`` holds "示例" on the example rows (2–3 per sheet, values from the
  fictional sample prefecture 清源市); the importer skips every row marked there;
* key code columns (region, industry, firm id) are formatted as text ("@") so that "010101" keeps
  its leading zero; data validation: years whole numbers 1949–2100, measures decimals ≥ 0, ``group``
  a drop-down list (other values allowed after a warning); header row frozen.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from clusterpolicy.atomic import replacing
from clusterpolicy.model.tables import TABLES, Column

__all__ = [
    "EXAMPLE_HEADER",
    "EXAMPLE_MARK",
    "GROUP_CHOICES",
    "INSTRUCTIONS_SHEET",
    "TEMPLATE_TABLES",
    "UNIT_ZH",
    "header_text",
    "write_template",
]

INSTRUCTIONS_SHEET = "说明 Instructions"
TEMPLATE_TABLES = ("industry_data", "industry_totals", "reference_data", "region_data", "firm_data")
EXAMPLE_HEADER = "示例\nexample"
EXAMPLE_MARK = "示例"
# canonical unit (model/tables.py) → how the header writes it (units the importer parses)
UNIT_ZH = {"persons": "人", "yuan": "元", "count": "个", "km2": "平方公里", "yuan/person": "元/人"}
GROUP_CHOICES = ("东部", "中部", "西部", "东北", "城区", "平原", "山区")
TEXT_COLUMNS = {"region_code", "industry_code", "firm_id", "name", "group"}
YEAR_MIN, YEAR_MAX = 1949, 2100
FORMATTED_ROWS = 1000  # rows pre-formatted as text in code columns

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_EXAMPLE_FONT = Font(italic=True, color="808080")

# Example rows (fictional sample prefecture 清源市, 2024; canonical units).
_EXAMPLES: dict[str, list[dict[str, object]]] = {
    "industry_data": [
        {
            "region_code": "990105",
            "industry_code": "C19",
            "year": 2024,
            "employment": 7393,
            "output": 5.2e9,
            "firms": 24,
        },
        {
            "region_code": "990105",
            "industry_code": "C38",
            "year": 2024,
            "employment": 8635,
            "output": 1.6e10,
            "firms": 28,
        },
        {
            "region_code": "990102",
            "industry_code": "C39",
            "year": 2024,
            "employment": 21000,
            "output": 2.3e10,
            "firms": 60,
        },
    ],
    "industry_totals": [
        {
            "region_code": "990105",
            "year": 2024,
            "employment": 47780,
            "output": 6.1e10,
            "firms": 310,
        },
        {
            "region_code": "990102",
            "year": 2024,
            "employment": 81471,
            "output": 1.3e11,
            "firms": 420,
        },
    ],
    "reference_data": [
        {
            "region_code": "990100",
            "industry_code": "C19",
            "year": 2024,
            "employment": 9100,
            "output": 6.3e9,
            "firms": 35,
        },
        {
            "region_code": "990100",
            "industry_code": "_ALL",
            "year": 2024,
            "employment": 415720,
            "output": 5.8e11,
            "firms": 2100,
        },
    ],
    "region_data": [
        {
            "region_code": "990105",
            "year": 2024,
            "population": 732000,
            "area_km2": 1286,
            "gdp": 7.0e10,
            "disposable_income_pc": 32852,
            "education_exp_pc": 2478,
            "group": "平原",
        },
        {
            "region_code": "990109",
            "year": 2024,
            "population": 316100,
            "area_km2": 2654,
            "gdp": 1.75e10,
            "disposable_income_pc": 21787,
            "education_exp_pc": 2308,
            "group": "山区",
        },
    ],
    "firm_data": [
        {
            "firm_id": "QY00001",
            "year": 2024,
            "region_code": "990105",
            "industry_code": "C19",
            "employment": 320,
            "output": 2.1e8,
            "name": "清溪示例鞋业有限公司",
        },
        {
            "firm_id": "QY00002",
            "year": 2024,
            "region_code": "990105",
            "industry_code": "C19",
            "employment": 85,
            "output": 4.0e7,
            "name": "清溪样本鞋业有限公司",
        },
    ],
}


def header_text(col: Column) -> str:
    """``"从业人员\\nemployment\\n(人)"``; key and text columns have no unit line."""
    lines = [col.label_zh or col.name, col.name]
    if col.unit:
        lines.append(f"({UNIT_ZH.get(col.unit, col.unit)})")
    return "\n".join(lines)


def _instructions(lang: str) -> list[tuple[str, str]]:
    """(Chinese, English) paragraphs of the instructions sheet."""
    sheets = [
        (f"{name}：{TABLES[name].label_zh}", f"{name}: {TABLES[name].label_en}")
        for name in TEMPLATE_TABLES
    ]
    return (
        [
            (
                "产业集群政策评估 ClusterPolicy — 数据导入模板",
                "ClusterPolicy — data import template",
            ),
            (
                "每个工作表对应一张标准数据表；第1行为表头（中文名称 / 标准字段名 / 单位），请勿修改表头，从第2行起逐行填写数据。",
                "Each sheet is one canonical table; row 1 is the header (Chinese label / canonical field name / unit). "
                "Do not change the headers; enter one record per row from row 2.",
            ),
            *sheets,
            (
                "industry_data：每行一个地区×行业×年份的分行业明细数据（不含合计）。",
                "industry_data: one row per region × industry × year, detail only (no totals).",
            ),
            (
                "industry_totals：每个地区每年全部行业合计（如年鉴的“合计”列），本表没有行业代码列。",
                "industry_totals: each region's all-industry total per year (a yearbook's 合计 column); this sheet has no industry column.",
            ),
            (
                "reference_data：参照区域（全国、全省、全市合计）的数据；全部行业合计的行业代码填 _ALL。",
                "reference_data: the reference area (nation, province, prefecture total); use industry code _ALL for "
                "its all-industry total.",
            ),
            (
                "region_data：每行一个地区×年份的人口、面积、GDP、收入、人均公共支出等；区域分组可从下拉列表选择或自填。",
                "region_data: one row per region × year (population, area, GDP, income, per-capita public spending); "
                "pick the group from the list or type your own.",
            ),
            (
                "firm_data：企业名录，每行一个企业×年份（可选，用于企业规模集中度与 Ellison–Glaeser 指数）。",
                "firm_data: firm list, one row per firm × year (optional; for size concentration and the "
                "Ellison–Glaeser index).",
            ),
            (
                "单位：表头第三行为单位。金额为“元”，人数为“人”，面积为“平方公里”，人均值为“元/人”。如数据以万元、亿元或万人计，"
                "可将表头单位改为“(万元)”“(亿元)”“(万人)”，导入时自动换算。",
                "Units: the third header line. Money in 元 (yuan), people in 人 (persons), area in km², per-capita "
                "values in 元/人. If your figures are in 万元/亿元/万人, change the unit in the header to (万元), (亿元) "
                "or (万人) and the import converts them.",
            ),
            (
                "代码一律按文本填写：地区代码用6位行政区划代码（GB/T 2260，如 110000），行业代码用国民经济行业分类 "
                "GB/T 4754-2017 大类代码（如 C39 或 39），注意保留前导零。",
                "Codes are text: 6-digit region codes (GB/T 2260, e.g. 110000) and GB/T 4754-2017 division codes "
                "(e.g. C39 or 39); keep leading zeros.",
            ),
            (
                "缺失值：不详或没有的数据留空，或填“—”“…”“-”，这些都按缺失值读取（不是零）；确实为零的请填数字 0。"
                "不要填写“无”“N/A”等文字。",
                'Missing values: leave the cell empty or write "—", "…" or "-"; all of these are read as missing '
                '(not as zero). Write the number 0 for a true zero. Do not write words such as "none" or "N/A".',
            ),
            (
                "年份填四位整数（1949–2100）；数值不得为负数。",
                "Years are 4-digit whole numbers (1949–2100); values must not be negative.",
            ),
            (
                "A列“示例”标记的行是填写示例（虚构示例数据），导入时自动跳过；可以保留或删除。您自己的数据行A列留空。",
                'Rows marked "示例" in column A are examples (fictional data) and are skipped on import; keep or '
                "delete them. Leave column A empty on your own rows.",
            ),
            (
                "不需要的列可以留空；不需要的工作表可以留空或删除。",
                "Columns you do not need may stay empty; sheets you do not need may stay empty or be deleted.",
            ),
        ]
        if lang == "zh"
        else [(en, zh) for zh, en in _instructions("zh")]
    )


def _write_instructions(ws: Worksheet, lang: str) -> None:
    ws.column_dimensions["A"].width = 110
    for n, (first, second) in enumerate(_instructions(lang), start=1):
        cell = ws.cell(n, 1, f"{first}\n{second}")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if n == 1:
            cell.font = Font(bold=True, size=13)
        ws.row_dimensions[n].height = 15 * (2 + len(first + second) // 90)


def _width(col: Column) -> float:
    return max(12.0, min(30.0, 2.2 * len(col.label_zh) + 2, len(col.name) + 4))


def _write_table(ws: Worksheet, name: str) -> None:
    spec = TABLES[name]
    cols = list(spec.columns)
    ws.cell(1, 1, EXAMPLE_HEADER)
    ws.column_dimensions["A"].width = 9
    for j, col in enumerate(cols, start=2):
        ws.cell(1, j, header_text(col))
        ws.column_dimensions[get_column_letter(j)].width = _width(col)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.row_dimensions[1].height = 48
    ws.freeze_panes = "B2"

    last = FORMATTED_ROWS + 1
    years = DataValidation(
        type="whole",
        operator="between",
        formula1=str(YEAR_MIN),
        formula2=str(YEAR_MAX),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="年份 Year",
        error=f"请填写 {YEAR_MIN}–{YEAR_MAX} 的四位整数年份 / A whole year {YEAR_MIN}–{YEAR_MAX}",
    )
    measures = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="数值 Value",
        error="请填写不小于0的数值 / A number ≥ 0",
    )
    groups = DataValidation(
        type="list",
        formula1='"' + ",".join(GROUP_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="区域分组 Group",
        error="不在列表中，确认使用该分组？/ Not in the list; use this group anyway?",
    )
    for j, col in enumerate(cols, start=2):
        letter = get_column_letter(j)
        rng = f"{letter}2:{letter}{last}"
        if col.name == "year":
            years.add(rng)
        elif col.name == "group":
            groups.add(rng)
        elif col.dtype == "float64":
            measures.add(rng)
        if col.name in TEXT_COLUMNS:
            ws.column_dimensions[letter].number_format = "@"
            for r in range(2, last + 1):
                ws.cell(r, j).number_format = "@"
    for dv in (years, measures, groups):
        if dv.sqref:
            ws.add_data_validation(dv)

    for r, example in enumerate(_EXAMPLES[name], start=2):
        ws.cell(r, 1, EXAMPLE_MARK).font = _EXAMPLE_FONT
        for j, col in enumerate(cols, start=2):
            if col.name in example:
                cell = ws.cell(r, j, example[col.name])
                cell.font = _EXAMPLE_FONT
                if col.dtype == "float64":
                    cell.number_format = "#,##0"


def write_template(path: str | Path, lang: str = "zh") -> Path:
    """Write the blank bilingual import template to ``path`` (.xlsx) and return the path.

    ``lang`` ("zh" or "en") only decides which language comes first on the instructions sheet;
    headers are always bilingual.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = INSTRUCTIONS_SHEET
    _write_instructions(ws, lang)
    for name in TEMPLATE_TABLES:
        _write_table(wb.create_sheet(name), name)
    with replacing(path) as tmp:
        wb.save(tmp)
    return path
