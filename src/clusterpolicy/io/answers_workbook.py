"""The answers workbook: officials fill the checklists and questionnaires in Excel.

The JSON answers file (``clusterpolicy.answers/1``, :mod:`clusterpolicy.knowledge.answers`) has
a spreadsheet twin. :func:`write_answers_template` writes it from a rule profile and the clusters
to be assessed; :func:`read_answers_workbook` reads a filled copy back into the same
:class:`~clusterpolicy.knowledge.answers.Answers` the JSON file gives.

Layout (the contract between the two functions, documented for users in
``resources/knowledge/ANSWERS.md``):

* sheet ``说明 Instructions`` — how to fill the workbook, the accepted answers, and one input row
  ``评估地区代码 / region_code`` (column A label, column B value) that becomes
  ``Answers.region_code``; nothing else on it is read;
* one sheet per scope group (:data:`SCOPE_SHEETS`): 存在性检验 (existence), 生命周期问卷
  (lifecycle), 技术升级 (technology), 品牌升级 (brand) — one block of rows per cluster —, and
  政府角色 (roles), 红旗警示 (red_flags), 政策质量 (policy_quality) for the region;
* row 1 is the header; each header cell is ``"<中文>\\n<key>"`` with the keys of
  :data:`CLUSTER_COLUMNS` / :data:`REGION_COLUMNS`; one row per item (per cluster): ``scope``,
  ``industry_code`` and ``industry_name`` (cluster sheets), ``item_id``, ``text`` (Chinese and
  English), ``scale``, ``evidence_hint``, then the cells the official fills: ``answer``,
  ``note``, ``who``, ``when``;
* the answer cell has data validation: a list 是/部分/否/yes/partial/no (red flags 是/否/yes/no),
  or a whole number 0–4 for ``likert_0_4`` items (warning style: other spellings the reader
  accepts, such as √ and ×, can still be typed). Items with ``mode: data`` are marked
  "由数据计算，可不填 / computed from data": an answer there is used only when the figure is
  missing. Item texts and names are written as plain strings, never as formulas.

Reading (:func:`read_answers_workbook`) goes through :func:`clusterpolicy.io.readers.read_workbook`
(no openpyxl on untrusted input). Columns are found by their header (either line of the header
cell, so a user's own sheet with the columns ``scope, industry_code, item_id, answer, note`` is
read too); the ``scope`` cell may be blank on a sheet named after its scope. Accepted answers:
是/有/√/✓/yes → ``yes``; 部分/partial → ``partial``; 否/无/×/✗/no → ``no``; a whole number 0–4
(also as text); a blank answer cell means not answered and the row is skipped (its note is
dropped). Every problem is collected and raised together as one :class:`ProblemError`, each
located by file, sheet, row and column: unknown scope, unknown item id (with a profile), an
answer that is invalid or does not fit the item's scale (with a profile), a cluster item without
``industry_code``, and the same item answered twice.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from clusterpolicy.atomic import replacing
from clusterpolicy.io.cells import code_text
from clusterpolicy.io.export import neutralise
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.readers import read_workbook
from clusterpolicy.messages import Problem, ProblemError, Severity, column_letter
from clusterpolicy.model.answers import Answers
from clusterpolicy.model.codes import division
from clusterpolicy.model.vocabulary import (
    CLUSTER_SCOPES,
    SCOPE_FILES,
    fits_scale,
    normalise_answer,
)

__all__ = [
    "CLUSTER_COLUMNS",
    "COMPUTED_MARK",
    "INSTRUCTIONS_SHEET",
    "REGION_COLUMNS",
    "SCOPE_SHEETS",
    "normalise_industry_code",
    "read_answers_workbook",
    "write_answers_template",
]

INSTRUCTIONS_SHEET = "说明 Instructions"
# scope → (sheet name, English title)
SCOPE_SHEETS: dict[str, tuple[str, str]] = {
    "existence": ("存在性检验", "Existence test"),
    "lifecycle": ("生命周期问卷", "Life-cycle questionnaire"),
    "technology": ("技术升级", "Technology upgrading"),
    "brand": ("品牌升级", "Brand upgrading"),
    "roles": ("政府角色", "Government roles"),
    "red_flags": ("红旗警示", "Red flags"),
    "policy_quality": ("政策质量", "Policy quality"),
}
# column key → Chinese header label
_LABELS = {
    "scope": "范围",
    "industry_code": "行业代码",
    "industry_name": "行业名称",
    "item_id": "条目编号",
    "text": "条目内容",
    "scale": "答案形式",
    "evidence_hint": "证据提示",
    "answer": "答案",
    "note": "备注/证据",
    "who": "填写人",
    "when": "填写日期",
}
CLUSTER_COLUMNS = (
    "scope",
    "industry_code",
    "industry_name",
    "item_id",
    "text",
    "scale",
    "evidence_hint",
    "answer",
    "note",
    "who",
    "when",
)
REGION_COLUMNS = (
    "scope",
    "item_id",
    "text",
    "scale",
    "evidence_hint",
    "answer",
    "note",
    "who",
    "when",
)
_WIDTHS = {
    "scope": 13,
    "industry_code": 9,
    "industry_name": 16,
    "item_id": 10,
    "text": 60,
    "scale": 18,
    "evidence_hint": 42,
    "answer": 9,
    "note": 30,
    "who": 12,
    "when": 12,
}
COMPUTED_MARK = "由数据计算，可不填 / computed from data"
REGION_CODE_LABEL = "评估地区代码\nregion_code"
FILL_ROWS_NOTE = "填写 fill in"

_YPN_LIST = ("是", "部分", "否", "yes", "partial", "no")
_YN_LIST = ("是", "否", "yes", "no")
_SCALE_TEXT = {
    "yes_partial_no": "是 / 部分 / 否\nyes / partial / no",
    "yes_no": "是 / 否\nyes / no",
    "likert_0_4": "0–4 整数\nwhole number 0–4",
}

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_BLOCK_FILL = PatternFill("solid", fgColor="F2F2F2")
_COMPUTED_FONT = Font(italic=True, color="808080")


# ------------------------------------------------------------------------------------- items


@dataclass(frozen=True)
class _Item:
    """One answerable item of a scope, as the template shows it."""

    id: str
    text_zh: str
    text_en: str
    hint_zh: str
    hint_en: str
    scale: str  # yes_partial_no | yes_no | likert_0_4
    computed: bool  # mode: data — the figure is computed; an answer is only a fallback


def _scope_items(profile, scope: str) -> list[_Item]:
    """The items of ``scope`` in ``profile`` (empty if the profile lacks the scope's file)."""
    try:
        kb = profile.file(SCOPE_FILES[scope])
    except KeyError:
        return []
    out = []
    for it in kb.items:
        if scope == "red_flags":
            hint_zh = f"回答“是”即触发警示：{it.get('text_zh', '')}"
            hint_en = f'A "yes" triggers the flag: {it.get("text_en", "")}'
            out.append(
                _Item(
                    str(it["id"]),
                    str(it.get("question_zh", "")),
                    str(it.get("question_en", "")),
                    hint_zh,
                    hint_en,
                    "yes_no",
                    False,
                )
            )
            continue
        out.append(
            _Item(
                str(it["id"]),
                str(it.get("text_zh", "")),
                str(it.get("text_en", "")),
                str(it.get("evidence_hint_zh", "") or ""),
                str(it.get("evidence_hint_en", "") or ""),
                str(it.get("scale", "yes_partial_no")),
                it.get("mode") == "data",
            )
        )
    return out


def _scales(profile) -> dict[tuple[str, str], str]:
    """(scope, item id) → scale, for checking answers against the profile."""
    return {
        (scope, it.id): it.scale for scope in SCOPE_SHEETS for it in _scope_items(profile, scope)
    }


# ------------------------------------------------------------------------------------- writing


def _put(ws: Worksheet, row: int, col: int, value) -> None:
    """Write ``value``; text always as a plain string (``"=1+1"`` stays text, never a formula)."""
    cell = ws.cell(row, col)
    if isinstance(value, str):
        cell.value = neutralise(value)  # "=…", "@…", "+…" get a leading apostrophe
        cell.data_type = "s"
    else:
        cell.value = value


def _pair(zh: str, en: str, lang: str) -> str:
    first, second = (zh, en) if lang == "zh" else (en, zh)
    return "\n".join(s for s in (first, second) if s)


def _instructions(lang: str, profile, clusters: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    shown = "、".join(f"{c} {n}".strip() for c, n in clusters) or "（未指定）"
    shown_en = ", ".join(f"{c} {n}".strip() for c, n in clusters) or "(none given)"
    sheets_zh = "；".join(f"{v[0]}（{k}）" for k, v in SCOPE_SHEETS.items())
    sheets_en = "; ".join(f"{v[0]} ({k}, {v[1]})" for k, v in SCOPE_SHEETS.items())
    return (
        [
            (
                "产业集群政策评估 ClusterPolicy — 检验清单与问卷答案表",
                "ClusterPolicy — checklist and questionnaire answers",
            ),
            (
                f"规则配置：{profile.id} {profile.version}（{profile.date}）。评估的集群：{shown}。",
                f"Rule profile: {profile.id} {profile.version} ({profile.date}). Clusters: {shown_en}.",
            ),
            (
                f"工作表：{sheets_zh}。前四张表每个集群一组行（按行业代码），后三张表针对本地区。",
                f"Sheets: {sheets_en}. The first four have one block of rows per cluster (by industry code); "
                "the last three are about the region.",
            ),
            (
                "只填黄色的四列：答案、备注/证据、填写人、填写日期。不要修改表头、范围、行业代码和条目编号。",
                "Fill only the four yellow columns: answer, note/evidence, who, when. Do not change the header, "
                "scope, industry code or item id.",
            ),
            (
                "答案：是 / 部分 / 否（也可填 yes / partial / no、有 / 无、√ / ×）；答案形式为“0–4 整数”的条目填 0 到 4 的整数；"
                "红旗警示只答是或否，答“是”即触发警示。",
                'Answers: 是 / 部分 / 否 (or yes / partial / no, 有 / 无, √ / ×); items with the scale "whole number '
                '0–4" take a whole number 0 to 4; red flags take yes or no only, and "yes" triggers the flag.',
            ),
            (
                "答案留空表示未作答，该行不读取（包括其备注）。存在性检验中任何一项答“否”，结论为“有集聚，尚未形成集群”。",
                'An empty answer means not answered and the row is not read (nor its note). Any "no" in the '
                'existence test means "agglomeration, not yet a cluster".',
            ),
            (
                f"标有“{COMPUTED_MARK}”的条目由数据计算得分，可以不填；只有数据中缺少该数值时才使用您填写的答案。",
                f'Items marked "{COMPUTED_MARK}" are scored from the data and may stay empty; your answer is used only '
                "when the figure is missing from the data.",
            ),
            (
                "填写日期请用“2026-10-30”这样的日期。备注写明依据（走访记录、统计表、文件名），会作为证据写入报告。",
                "Write dates like 2026-10-30. In the note give the evidence (visit record, table, document); it is "
                "printed in the report.",
            ),
            (
                "填好后运行：clusterpolicy assess 数据.xlsx --answers 本文件.xlsx（或在桌面程序中选择本文件）。",
                "When filled, run: clusterpolicy assess data.xlsx --answers this-file.xlsx (or choose this file in "
                "the desktop app).",
            ),
        ]
        if lang == "zh"
        else [(en, zh) for zh, en in _instructions("zh", profile, clusters)]
    )


def _write_instructions(ws: Worksheet, lang: str, profile, clusters, region_code: str) -> None:
    ws.column_dimensions["A"].width = 110
    ws.column_dimensions["B"].width = 16
    paragraphs = _instructions(lang, profile, clusters)
    for n, (first, second) in enumerate(paragraphs, start=1):
        _put(ws, n, 1, f"{first}\n{second}")
        cell = ws.cell(n, 1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if n == 1:
            cell.font = Font(bold=True, size=13)
        ws.row_dimensions[n].height = 15 * (2 + len(first + second) // 90)
    r = len(paragraphs) + 2
    _put(ws, r, 1, REGION_CODE_LABEL)
    ws.cell(r, 1).font = Font(bold=True)
    ws.cell(r, 1).alignment = Alignment(wrap_text=True, horizontal="right")
    ws.row_dimensions[r].height = 30
    ws.cell(r, 2).number_format = "@"
    ws.cell(r, 2).fill = _INPUT_FILL
    if region_code:
        _put(ws, r, 2, str(region_code))


def _scale_text(item: _Item) -> str:
    text = _SCALE_TEXT.get(item.scale, item.scale)
    return f"{text}\n{COMPUTED_MARK}" if item.computed else text


def _write_scope(
    ws: Worksheet, scope: str, items: list[_Item], clusters: Sequence[tuple[str, str]], lang: str
) -> None:
    per_cluster = scope in CLUSTER_SCOPES
    cols = CLUSTER_COLUMNS if per_cluster else REGION_COLUMNS
    col = {k: j for j, k in enumerate(cols, start=1)}
    for key, j in col.items():
        _put(ws, 1, j, f"{_LABELS[key]}\n{key}")
        cell = ws.cell(1, j)
        cell.font = Font(bold=True)
        cell.fill = _INPUT_FILL if key in ("answer", "note", "who", "when") else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(j)].width = _WIDTHS[key]
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = ws.cell(2, col["answer"]).coordinate

    dv_ypn = DataValidation(
        type="list",
        formula1='"' + ",".join(_YPN_LIST) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="答案 Answer",
        error="请选择 是/部分/否（yes/partial/no）/ Choose yes, partial or no",
    )
    dv_yn = DataValidation(
        type="list",
        formula1='"' + ",".join(_YN_LIST) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="答案 Answer",
        error="请选择 是/否（yes/no）/ Choose yes or no",
    )
    dv_likert = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="4",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="答案 Answer",
        error="请填写0–4的整数 / A whole number 0–4",
    )
    by_scale = {"yes_partial_no": dv_ypn, "yes_no": dv_yn, "likert_0_4": dv_likert}

    blocks: list[tuple[str, str]] = list(clusters) if per_cluster else [("", "")]
    row = 2
    for b, (code, name) in enumerate(blocks):
        for item in items:
            values = {
                "scope": scope,
                "industry_code": str(code),
                "industry_name": str(name),
                "item_id": item.id,
                "text": _pair(item.text_zh, item.text_en, lang),
                "scale": _scale_text(item),
                "evidence_hint": _pair(item.hint_zh, item.hint_en, lang),
            }
            for key, j in col.items():
                if key in values and values[key] != "":
                    _put(ws, row, j, values[key])
                cell = ws.cell(row, j)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if key in ("answer", "note", "who", "when"):
                    cell.fill = _INPUT_FILL
                elif per_cluster and b % 2:
                    cell.fill = _BLOCK_FILL
            if item.computed:
                ws.cell(row, col["scale"]).font = _COMPUTED_FONT
            if per_cluster:
                ws.cell(row, col["industry_code"]).number_format = "@"
            ws.cell(row, col["when"]).number_format = "yyyy-mm-dd"
            by_scale.get(item.scale, dv_ypn).add(ws.cell(row, col["answer"]).coordinate)
            row += 1
    for dv in by_scale.values():
        if dv.sqref:
            ws.add_data_validation(dv)


def write_answers_template(
    path: str | Path,
    profile,
    clusters: Sequence[tuple[str, str]] = (),
    lang: str = "zh",
    *,
    region_code: str = "",
) -> Path:
    """Write the blank answers workbook for ``profile`` and ``clusters`` to ``path`` (.xlsx).

    ``clusters`` are ``(industry_code, name)`` pairs; each cluster sheet gets one block of rows per
    cluster (none given: the cluster sheets hold only the header). ``lang`` ("zh" or "en") decides
    which language comes first in texts and on the instructions sheet; headers are always
    bilingual. ``region_code`` pre-fills the focal region. Returns the path.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    path = Path(path)
    clusters = [(str(c), "" if n is None else str(n)) for c, n in clusters]
    wb = Workbook()
    ws = wb.active
    ws.title = INSTRUCTIONS_SHEET
    _write_instructions(ws, lang, profile, clusters, region_code)
    for scope, (sheet, _title) in SCOPE_SHEETS.items():
        _write_scope(wb.create_sheet(sheet), scope, _scope_items(profile, scope), clusters, lang)
    with replacing(path) as tmp:
        wb.save(tmp)
    return path


# ------------------------------------------------------------------------------------- reading

_ACCEPTED_ZH = "是/部分/否、有/无、√/×、yes/partial/no，或 0–4 的整数"
_ACCEPTED_EN = "yes/partial/no, 是/部分/否, 有/无, √/×, or a whole number 0–4"


def _norm_header(text: object) -> list[str]:
    return [
        line.strip().lower()
        for line in str(text or "").replace("\r", "\n").split("\n")
        if line.strip()
    ]


_HEADER_KEYS: dict[str, str] = {}
for _k, _zh in _LABELS.items():
    _HEADER_KEYS[_k] = _k
    _HEADER_KEYS[_zh.lower()] = _k
_HEADER_KEYS.update(
    {
        "条目id": "item_id",
        "id": "item_id",
        "item": "item_id",
        "备注": "note",
        "证据": "note",
        "日期": "when",
        "date": "when",
        "industry": "industry_code",
        "行业": "industry_code",
        "answers": "answer",
    }
)
_READ_KEYS = ("scope", "industry_code", "item_id", "answer", "note", "who", "when")


def _scope_of(text: object) -> str | None:
    """A scope key from a scope cell or a sheet name: ``existence``, ``存在性检验``,
    ``存在性检验 existence`` or the English title; None if unknown."""
    lines = [s for s in _norm_header(text)]
    words = [w for line in lines for w in line.replace("(", " ").replace(")", " ").split()] + lines
    for w in words:
        for scope, (zh, en) in SCOPE_SHEETS.items():
            if w in (scope, zh, en.lower()) or w == scope.replace("_", " "):
                return scope
    return None


def _find_header(sheet: RawSheet, max_rows: int = 10) -> tuple[int, dict[str, int]] | None:
    """(row index, {key: column index}) of the first row naming both item_id and answer."""
    for r in range(min(max_rows, sheet.n_rows)):
        found: dict[str, int] = {}
        for c, value in enumerate(sheet.rows[r]):
            for line in _norm_header(value):
                key = _HEADER_KEYS.get(line)
                if key in _READ_KEYS and key not in found:
                    found[key] = c
                    break
        if "item_id" in found and "answer" in found:
            return r, found
    return None


def _text(value: object) -> str:
    """A note / who / when cell as text; dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return code_text(value)


def normalise_industry_code(value: object) -> str:
    """``"21"``, ``21.0``, ``"c21"`` → ``"C21"`` (GB/T 4754 division with its section letter);
    other codes as typed."""
    text = code_text(value)
    if not text:
        return ""
    row = division(text)
    return str(row["code_with_section"]) if row is not None else text


def _region_code(sheet: RawSheet) -> str:
    """The value right of the ``region_code`` label on the instructions sheet ("" if none)."""
    for r, cells in enumerate(sheet.rows):
        for c, value in enumerate(cells):
            if "region_code" in _norm_header(value):
                return code_text(sheet.cell(r, c + 1))
    return ""


def _problem(
    code: str,
    zh: str,
    en: str,
    fix_zh: str,
    fix_en: str,
    *,
    file: str,
    sheet: str = "",
    row: int | None = None,
    column: str = "",
    value: object = "",
) -> Problem:
    return Problem(
        code,
        Severity.ERROR,
        zh,
        en,
        fix_zh,
        fix_en,
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        value=str(value)[:80],
    )


_SCALE_ZH = {"yes_partial_no": "是/部分/否", "yes_no": "是/否", "likert_0_4": "0–4 的整数"}
_SCALE_EN = {
    "yes_partial_no": "yes/partial/no",
    "yes_no": "yes/no",
    "likert_0_4": "a whole number 0–4",
}


def read_answers_workbook(path: str | Path, profile=None) -> Answers:
    """Read a filled answers workbook (see module docstring) into :class:`Answers`.

    With ``profile``, item ids must exist in the scope's checklist and answers must fit the item's
    scale (numbers only for ``likert_0_4`` items, red flags yes/no); without it only the answer
    spelling is checked, as for the JSON file. Raises :class:`ProblemError` listing every located
    problem (or the reader's problem for an unreadable file).
    """
    wb = read_workbook(path)
    file = wb.file
    scales = _scales(profile) if profile is not None else None
    problems: list[Problem] = []
    ans = Answers(file=str(path))
    seen: dict[tuple[str, str, str], tuple[str, int]] = {}
    answer_sheets = 0
    for sheet in wb.sheets:
        if (
            sheet.sheet == INSTRUCTIONS_SHEET
            or _scope_of(sheet.sheet) is None
            and _find_header(sheet) is None
        ):
            if not ans.region_code:
                ans.region_code = _region_code(sheet)
            continue
        header = _find_header(sheet)
        if header is None:
            continue  # an answer sheet left without its header: nothing to read
        answer_sheets += 1
        hrow, cols = header
        sheet_scope = _scope_of(sheet.sheet)

        def loc(key: str, cols: dict[str, int] = cols) -> str:
            return column_letter(cols[key]) if key in cols else ""

        for r in range(hrow + 1, sheet.n_rows):
            raw = sheet.cell(r, cols["answer"])
            item_id = code_text(sheet.cell(r, cols["item_id"]))
            if raw is None or (isinstance(raw, str) and raw.strip() == ""):
                continue  # not answered
            where = {"file": file, "sheet": sheet.sheet, "row": r + 1}
            scope_cell = sheet.cell(r, cols["scope"]) if "scope" in cols else ""
            scope = _scope_of(scope_cell) if code_text(scope_cell) else sheet_scope
            if scope is None:
                problems.append(
                    _problem(
                        "answers_unknown_scope",
                        f"无法识别的范围“{code_text(scope_cell)}”",
                        f"unknown scope '{code_text(scope_cell)}'",
                        f"范围填 {', '.join(SCOPE_SHEETS)} 之一，或保留模板中的值。",
                        f"Write one of {', '.join(SCOPE_SHEETS)}, or keep the template's value.",
                        column=loc("scope") or column_letter(cols["item_id"]),
                        value=code_text(scope_cell),
                        **where,
                    )
                )
                continue
            if not item_id:
                problems.append(
                    _problem(
                        "answers_missing_item",
                        "有答案但没有条目编号",
                        "an answer without an item id",
                        "填上条目编号（如 EX-01），或删去该答案。",
                        "Enter the item id (e.g. EX-01), or delete the answer.",
                        column=loc("item_id"),
                        **where,
                    )
                )
                continue
            if scales is not None and (scope, item_id) not in scales:
                problems.append(
                    _problem(
                        "answers_unknown_item",
                        f"{SCOPE_SHEETS[scope][0]}中没有条目“{item_id}”",
                        f"{scope} has no item '{item_id}'",
                        "检查条目编号的拼写；条目编号须与规则配置一致（可重新生成答案表）。",
                        "Check the item id; it must be one of the rule profile's (generate the answers workbook again).",
                        column=loc("item_id"),
                        value=item_id,
                        **where,
                    )
                )
                continue
            shown = code_text(raw)
            try:
                value = normalise_answer(raw)
            except ValueError:
                problems.append(
                    _problem(
                        "answers_invalid_answer",
                        f"条目“{item_id}”的答案“{shown}”无效",
                        f"item '{item_id}': invalid answer '{shown}'",
                        f"答案须为 {_ACCEPTED_ZH}；不作答请留空。",
                        f"An answer is {_ACCEPTED_EN}; leave it empty if unanswered.",
                        column=loc("answer"),
                        value=shown,
                        **where,
                    )
                )
                continue
            scale = scales.get((scope, item_id)) if scales is not None else None
            if scale is not None and not fits_scale(value, scale):
                problems.append(
                    _problem(
                        "answers_scale_mismatch",
                        f"条目“{item_id}”的答案“{shown}”不符合答案形式（{_SCALE_ZH[scale]}）",
                        f"item '{item_id}': answer '{shown}' does not fit its scale ({_SCALE_EN[scale]})",
                        f"改填 {_SCALE_ZH[scale]}。",
                        f"Answer {_SCALE_EN[scale]}.",
                        column=loc("answer"),
                        value=shown,
                        **where,
                    )
                )
                continue
            industry = ""
            if scope in CLUSTER_SCOPES:
                industry = (
                    normalise_industry_code(sheet.cell(r, cols["industry_code"]))
                    if "industry_code" in cols
                    else ""
                )
                if not industry:
                    problems.append(
                        _problem(
                            "answers_missing_industry",
                            f"集群条目“{item_id}”缺少行业代码",
                            f"cluster item '{item_id}' has no industry code",
                            "填上该集群的行业代码（如 C21），或重新生成答案表。",
                            "Enter the cluster's industry code (e.g. C21), or generate the answers workbook again.",
                            column=loc("industry_code") or column_letter(cols["item_id"]),
                            value=item_id,
                            **where,
                        )
                    )
                    continue
            key = (scope, industry, item_id)
            if key in seen:
                s0, r0 = seen[key]
                problems.append(
                    _problem(
                        "answers_duplicate",
                        f"条目“{item_id}”{('（' + industry + '）') if industry else ''}重复作答："
                        f"工作表“{s0}”第{r0}行已有答案",
                        f"item '{item_id}'{(' (' + industry + ')') if industry else ''} answered twice: already on "
                        f"sheet '{s0}' row {r0}",
                        "只保留一个答案。",
                        "Keep one answer only.",
                        column=loc("item_id"),
                        value=item_id,
                        **where,
                    )
                )
                continue
            seen[key] = (sheet.sheet, r + 1)
            rec = {
                "answer": value,
                **{
                    k: (_text(sheet.cell(r, cols[k])) if k in cols else "")
                    for k in ("note", "who", "when")
                },
            }
            if scope in CLUSTER_SCOPES:
                ans.clusters.setdefault(industry, {}).setdefault(scope, {})[item_id] = rec
            else:
                ans.regional.setdefault(scope, {})[item_id] = rec
    if answer_sheets == 0 and not problems:
        problems.append(
            _problem(
                "answers_no_sheet",
                "文件中没有答案表（需要含“条目编号 item_id”和“答案 answer”列的工作表）",
                "the file holds no answer sheet (a sheet with the columns item_id and answer)",
                "用 clusterpolicy answers-template 生成答案表后填写。",
                "Generate the answers workbook with clusterpolicy answers-template and fill it in.",
                file=file,
            )
        )
    if problems:
        raise ProblemError(problems)
    return ans
