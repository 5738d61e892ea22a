"""Schema of the knowledge-base files and their validation, with errors by file and line.

Every file is a mapping with ``schema: clusterpolicy.<kind>/<version>``. The kinds and their item
fields are declared in :data:`KINDS`; :func:`validate_file` checks one parsed file and returns the
located :class:`Problem` list (it never raises). Cross-file checks (duplicate ids, action
references, overrides) live in :mod:`clusterpolicy.knowledge.profile`.

Rules checked here: unknown keys, missing keys, empty Chinese/English text, missing or malformed
``source``, weights not positive, bands not strictly ascending or scores outside [0, 1], threshold
values outside their own [min, max], unknown scale/mode/stage/kind values, a schema version newer
than this program understands, duplicate ids inside the file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from clusterpolicy.knowledge.yamlfile import LineDict
from clusterpolicy.messages import Problem, Severity

SCHEMA_PREFIX = "clusterpolicy."
SUPPORTED_VERSION = 1

STAGES = ("emergence", "growth", "maturity", "decline", "renewal")
SCALES = ("yes_partial_no", "yes_no", "likert_0_4")
MODES = ("data", "judgement")
UPGRADING_TYPES = ("process", "product", "functional", "chain")
LEVER_KINDS = ("endogenous", "exogenous", "transfer", "stage")
ANSWER_WORDS = ("yes", "partial", "no")

_TOP_COMMON_REQUIRED = ("schema", "id", "version", "title_zh", "title_en", "items")
_TOP_COMMON_OPTIONAL = ("date", "note_zh", "note_en")


@dataclass(frozen=True)
class KindSpec:
    """Keys allowed in one kind of file and in its items."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    top_optional: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()  # keys that must be non-empty strings (when present)


KINDS: dict[str, KindSpec] = {
    "thresholds": KindSpec(
        required=("id", "value", "label_zh", "label_en", "source"),
        optional=("unit", "min", "max", "note_zh", "note_en"),
        texts=("label_zh", "label_en", "note_zh", "note_en"),
    ),
    "questionnaire": KindSpec(
        required=("id", "text_zh", "text_en", "scale", "stage_effects", "source"),
        optional=(
            "evidence_hint_zh",
            "evidence_hint_en",
            "weight",
            "dimension",
            "note_zh",
            "note_en",
        ),
        top_optional=("dimensions",),
        texts=("text_zh", "text_en", "evidence_hint_zh", "evidence_hint_en", "note_zh", "note_en"),
    ),
    "checklist": KindSpec(
        required=(
            "id",
            "dimension",
            "text_zh",
            "text_en",
            "weight",
            "mode",
            "source",
            "evidence_hint_zh",
            "evidence_hint_en",
        ),
        optional=(
            "formula",
            "bands",
            "scale",
            "unit",
            "upgrading_type",
            "action",
            "note_zh",
            "note_en",
        ),
        top_optional=("dimensions",),
        texts=("text_zh", "text_en", "evidence_hint_zh", "evidence_hint_en", "note_zh", "note_en"),
    ),
    "redflags": KindSpec(
        required=("id", "question_zh", "question_en", "trigger", "text_zh", "text_en", "source"),
        optional=("action", "weight"),
        texts=("question_zh", "question_en", "text_zh", "text_en"),
    ),
    "levers": KindSpec(
        required=("id", "kind", "text_zh", "text_en", "source"),
        optional=("stage", "central_share", "members_zh", "members_en", "note_zh", "note_en"),
        texts=("text_zh", "text_en", "members_zh", "members_en", "note_zh", "note_en"),
    ),
    "actions": KindSpec(
        required=("id", "text_zh", "text_en", "source"),
        optional=("category", "note_zh", "note_en"),
        texts=("text_zh", "text_en", "note_zh", "note_en"),
    ),
}

PROFILE_REQUIRED = ("schema", "id", "version", "date", "title_zh", "title_en")
PROFILE_OPTIONAL = ("includes", "overrides", "note_zh", "note_en")

_SEED_RE = re.compile(r"^\d{3}$")
_RANGE_RE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
_SCHEMA_RE = re.compile(r"^clusterpolicy\.([a-z_]+)/(\d+)$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Collector:
    """Gathers located problems for one file."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def error(
        self,
        code: str,
        line: int | None,
        zh: str,
        en: str,
        fix_zh: str = "",
        fix_en: str = "",
        value: str = "",
    ) -> None:
        self.problems.append(
            Problem(
                code,
                Severity.ERROR,
                zh,
                en,
                fix_zh,
                fix_en,
                file=self.file,
                row=line,
                value=value[:80],
            )
        )


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(float(x))


def parse_schema(value) -> tuple[str, int] | None:
    """``"clusterpolicy.checklist/1"`` → ``("checklist", 1)``; None if malformed."""
    if not isinstance(value, str):
        return None
    m = _SCHEMA_RE.match(value.strip())
    return (m.group(1), int(m.group(2))) if m else None


def parse_line_ranges(text: str) -> list[tuple[int, int]] | None:
    """``"84-86, 152"`` → ``[(84, 86), (152, 152)]``; None if malformed or a range runs backwards."""
    out: list[tuple[int, int]] = []
    for part in str(text).split(","):
        m = _RANGE_RE.match(part)
        if not m:
            return None
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        if a < 1 or b < a:
            return None
        out.append((a, b))
    return out or None


def check_source(c: Collector, source, line: int, where: str, where_zh: str | None = None) -> None:
    """A source is ``{seed, lines[, note]}``, ``{framework[, note]}`` or ``{method[, note]}``."""
    wz = where_zh or where
    if source is None or source == "" or source == {}:
        c.error(
            "kb_missing_source",
            line,
            f"{wz}缺少来源（source）",
            f"{where} has no source",
            '补充 source：{seed: "001", lines: "135-180"} 或 {framework: …} 或 {method: …}。',
            'Add a source: {seed: "001", lines: "135-180"} or {framework: …} or {method: …}.',
        )
        return
    if not isinstance(source, dict):
        c.error(
            "kb_bad_source",
            line,
            f"{wz}的来源必须是映射",
            f"{where}: source must be a mapping",
            value=str(source),
        )
        return
    sline = source.line if isinstance(source, LineDict) else line
    allowed = {"seed", "lines", "note", "framework", "method"}
    for k in source:
        if k not in allowed:
            kl = source.line_of(k) if isinstance(source, LineDict) else sline
            c.error(
                "kb_unknown_key",
                kl,
                f"来源中有未知的键“{k}”",
                f"unknown key '{k}' in source",
                "允许的键：seed, lines, note, framework, method。",
                "Allowed keys: seed, lines, note, framework, method.",
                value=str(k),
            )
    kinds = [k for k in ("seed", "framework", "method") if k in source]
    if len(kinds) != 1:
        c.error(
            "kb_bad_source",
            sline,
            f"{wz}的来源必须恰好给出 seed、framework、method 之一",
            f"{where}: source must give exactly one of seed, framework, method",
        )
        return
    kind = kinds[0]
    if kind == "seed":
        seed = source.get("seed")
        if not (isinstance(seed, str) and _SEED_RE.match(seed)):
            c.error(
                "kb_bad_source",
                sline,
                'seed 必须是三位数字的字符串，如 "003"',
                'seed must be a three-digit string such as "003"',
                value=str(seed),
            )
        lines = source.get("lines")
        if lines is None or parse_line_ranges(str(lines)) is None:
            c.error(
                "kb_bad_source",
                sline,
                'seed 来源必须给出行号范围 lines，如 "135-180"',
                "a seed source needs a line range 'lines' such as \"135-180\"",
                value=str(lines),
            )
    else:
        val = source.get(kind)
        if not (isinstance(val, str) and val.strip()):
            c.error(
                "kb_bad_source", sline, f"来源 {kind} 不能为空", f"source {kind} must not be empty"
            )
    if "note" in source and not isinstance(source.get("note"), str):
        c.error("kb_bad_source", sline, "来源的 note 必须是文字", "source note must be text")


def _check_keys(
    c: Collector, mapping: LineDict, required, optional, where: str, where_zh: str | None = None
) -> None:
    wz = where_zh or where
    allowed = set(required) | set(optional)
    for k in mapping:
        if k not in allowed:
            c.error(
                "kb_unknown_key",
                mapping.line_of(k),
                f"{wz}中有未知的键“{k}”",
                f"unknown key '{k}' in {where}",
                f"允许的键：{', '.join(sorted(allowed))}（检查拼写）。",
                f"Allowed keys: {', '.join(sorted(allowed))} (check the spelling).",
                value=str(k),
            )
    for k in required:
        if k not in mapping:
            if k == "source":
                check_source(c, None, mapping.line, where, wz)
                continue
            c.error(
                "kb_missing_key",
                mapping.line,
                f"{wz}缺少必填的键“{k}”",
                f"{where} lacks the required key '{k}'",
                f"补充“{k}”。",
                f"Add '{k}'.",
                value=k,
            )


def _check_texts(c: Collector, item: LineDict, keys, where: str) -> None:
    for k in keys:
        if k in item:
            v = item[k]
            if not (isinstance(v, str) and v.strip()):
                c.error(
                    "kb_missing_text",
                    item.line_of(k),
                    f"{where}的“{k}”文字为空",
                    f"{where}: text '{k}' is empty",
                    "填写中文和英文文字。",
                    "Fill in the Chinese and English text.",
                )


def _where(item_id) -> tuple[str, str]:
    return (f"条目“{item_id}”", f"item '{item_id}'")


def check_bands(c: Collector, item: LineDict, where: str) -> None:
    bands = item.get("bands")
    line = item.line_of("bands")
    ok = isinstance(bands, list) and len(bands) >= 1
    if ok:
        for b in bands:
            if not (isinstance(b, list) and len(b) == 2 and is_number(b[0]) and is_number(b[1])):
                ok = False
    if not ok:
        c.error(
            "kb_bad_bands",
            line,
            f"{where}的 bands 必须是 [阈值, 得分] 对的列表",
            f"{where}: bands must be a list of [threshold, score] pairs",
            "例如 bands: [[0, 0], [0.01, 0.5], [0.03, 1]]。",
            "e.g. bands: [[0, 0], [0.01, 0.5], [0.03, 1]].",
        )
        return
    ts = [float(b[0]) for b in bands]
    if any(t2 <= t1 for t1, t2 in zip(ts, ts[1:])):
        c.error(
            "kb_bands_order",
            line,
            f"{where}的 bands 阈值没有严格递增",
            f"{where}: band thresholds are not strictly ascending",
            "按阈值从小到大排列，且不要重复。",
            "Sort the bands by threshold, smallest first, without repeats.",
            value=str(ts),
        )
    for b in bands:
        if not 0.0 <= float(b[1]) <= 1.0:
            c.error(
                "kb_bad_bands",
                line,
                f"{where}的 bands 得分 {b[1]} 不在 0–1 之间",
                f"{where}: band score {b[1]} is outside 0–1",
                value=str(b[1]),
            )


def _check_item(c: Collector, kind: str, item: LineDict, seen: dict) -> None:
    spec = KINDS[kind]
    item_id = item.get("id")
    wz, we = _where(item_id if item_id is not None else f"第{item.line}行")
    _check_keys(c, item, spec.required, spec.optional, we, wz)
    if "id" in item:
        if not (isinstance(item_id, str) and item_id.strip()):
            c.error(
                "kb_bad_id",
                item.line_of("id"),
                "id 必须是非空文字",
                "id must be non-empty text",
                value=str(item_id),
            )
        elif item_id in seen:
            c.error(
                "kb_duplicate_id",
                item.line_of("id"),
                f"id“{item_id}”在本文件中重复（第{seen[item_id]}行已有）",
                f"id '{item_id}' is repeated in this file (already on line {seen[item_id]})",
                "每个条目的 id 必须唯一。",
                "Every item id must be unique.",
                value=item_id,
            )
        else:
            seen[item_id] = item.line_of("id")
    _check_texts(c, item, spec.texts, we)
    if "source" in item:
        check_source(c, item.get("source"), item.line_of("source"), we, wz)
    if "weight" in item:
        w = item["weight"]
        if not (is_number(w) and w > 0):
            c.error(
                "kb_bad_weight",
                item.line_of("weight"),
                f"{wz}的权重必须是正数",
                f"{we}: weight must be positive",
                "填写大于 0 的数。",
                "Enter a number greater than 0.",
                value=str(w),
            )
    if "scale" in item and item["scale"] not in SCALES:
        c.error(
            "kb_bad_value",
            item.line_of("scale"),
            f"{wz}的 scale 未知",
            f"{we}: unknown scale",
            f"可选：{', '.join(SCALES)}。",
            f"Choose one of: {', '.join(SCALES)}.",
            value=str(item["scale"]),
        )
    if kind == "thresholds":
        _check_threshold(c, item, wz, we)
    elif kind == "questionnaire":
        se = item.get("stage_effects")
        if "stage_effects" in item:
            if not isinstance(se, dict) or not se:
                c.error(
                    "kb_bad_value",
                    item.line_of("stage_effects"),
                    f"{wz}的 stage_effects 必须是阶段→数值的映射",
                    f"{we}: stage_effects must map stages to numbers",
                )
            else:
                for st, v in se.items():
                    ln = se.line_of(st) if isinstance(se, LineDict) else item.line
                    if st not in STAGES:
                        c.error(
                            "kb_bad_value",
                            ln,
                            f"未知的阶段“{st}”",
                            f"unknown stage '{st}'",
                            f"可选：{', '.join(STAGES)}。",
                            f"Choose one of: {', '.join(STAGES)}.",
                            value=str(st),
                        )
                    if not is_number(v):
                        c.error(
                            "kb_bad_value",
                            ln,
                            f"阶段效应“{st}”必须是数值",
                            f"stage effect '{st}' must be a number",
                            value=str(v),
                        )
    elif kind == "checklist":
        _check_checklist_item(c, item, wz, we)
    elif kind == "redflags":
        if "trigger" in item and item["trigger"] not in ANSWER_WORDS:
            c.error(
                "kb_bad_value",
                item.line_of("trigger"),
                f"{wz}的 trigger 必须是 yes/partial/no",
                f"{we}: trigger must be yes/partial/no",
                value=str(item["trigger"]),
            )
    elif kind == "levers":
        k = item.get("kind")
        if "kind" in item and k not in LEVER_KINDS:
            c.error(
                "kb_bad_value",
                item.line_of("kind"),
                f"{wz}的 kind 未知",
                f"{we}: unknown kind",
                f"可选：{', '.join(LEVER_KINDS)}。",
                f"Choose one of: {', '.join(LEVER_KINDS)}.",
                value=str(k),
            )
        if k == "stage":
            if item.get("stage") not in STAGES:
                c.error(
                    "kb_bad_value",
                    item.line_of("stage"),
                    f"{wz}是阶段措施，stage 必须是五个阶段之一",
                    f"{we}: a stage lever needs stage = one of {', '.join(STAGES)}",
                    value=str(item.get("stage")),
                )
        elif "stage" in item:
            c.error(
                "kb_bad_value",
                item.line_of("stage"),
                f"{wz}不是阶段措施，不应有 stage",
                f"{we}: only stage levers take 'stage'",
            )
        if "central_share" in item:
            v = item["central_share"]
            if not (is_number(v) and 0 <= v <= 1):
                c.error(
                    "kb_value_range",
                    item.line_of("central_share"),
                    f"{wz}的 central_share 必须在 0–1 之间",
                    f"{we}: central_share must lie in 0–1",
                    value=str(v),
                )


def _check_threshold(c: Collector, item: LineDict, wz: str, we: str) -> None:
    v = item.get("value")
    for k in ("value", "min", "max"):
        if k in item and not is_number(item[k]):
            c.error(
                "kb_bad_value",
                item.line_of(k),
                f"{wz}的“{k}”必须是数值",
                f"{we}: '{k}' must be a number",
                value=str(item[k]),
            )
    lo, hi = item.get("min"), item.get("max")
    if is_number(lo) and is_number(hi) and lo > hi:
        c.error(
            "kb_value_range",
            item.line_of("min"),
            f"{wz}的 min 大于 max",
            f"{we}: min is greater than max",
        )
    if is_number(v):
        if (is_number(lo) and v < lo) or (is_number(hi) and v > hi):
            c.error(
                "kb_value_range",
                item.line_of("value"),
                f"{wz}的取值 {v} 超出允许范围 [{lo}, {hi}]",
                f"{we}: value {v} is outside the allowed range [{lo}, {hi}]",
                "改为范围内的数值，或先核对单位（如 0.7 与 70%）。",
                "Enter a value within the range, or check the unit (e.g. 0.7 vs 70 %).",
                value=str(v),
            )
    if "unit" in item and not isinstance(item["unit"], str):
        c.error(
            "kb_bad_value",
            item.line_of("unit"),
            f"{wz}的 unit 必须是文字",
            f"{we}: unit must be text",
        )


def _check_checklist_item(c: Collector, item: LineDict, wz: str, we: str) -> None:
    mode = item.get("mode")
    if "mode" in item and mode not in MODES:
        c.error(
            "kb_bad_value",
            item.line_of("mode"),
            f"{wz}的 mode 必须是 data 或 judgement",
            f"{we}: mode must be data or judgement",
            value=str(mode),
        )
    if mode == "data":
        if not (isinstance(item.get("formula"), str) and item["formula"].strip()):
            c.error(
                "kb_missing_key",
                item.line,
                f"{wz}是数据项，缺少 formula",
                f"{we}: a data item needs a formula",
            )
        if "bands" not in item:
            c.error(
                "kb_missing_key",
                item.line,
                f"{wz}是数据项，缺少 bands",
                f"{we}: a data item needs bands",
            )
        else:
            check_bands(c, item, we)
    elif mode == "judgement":
        if "scale" not in item:
            c.error(
                "kb_missing_key",
                item.line,
                f"{wz}是判断项，缺少 scale",
                f"{we}: a judgement item needs a scale",
            )
        for k in ("formula", "bands"):
            if k in item:
                c.error(
                    "kb_bad_value",
                    item.line_of(k),
                    f"{wz}是判断项，不应有“{k}”",
                    f"{we}: a judgement item takes no '{k}'",
                )
    ut = item.get("upgrading_type")
    if "upgrading_type" in item and ut not in UPGRADING_TYPES:
        c.error(
            "kb_bad_value",
            item.line_of("upgrading_type"),
            f"{wz}的 upgrading_type 未知",
            f"{we}: unknown upgrading_type",
            f"可选：{', '.join(UPGRADING_TYPES)}。",
            f"Choose one of: {', '.join(UPGRADING_TYPES)}.",
            value=str(ut),
        )


def _check_dimensions(c: Collector, doc: LineDict, items: list) -> None:
    dims = doc.get("dimensions")
    if dims is None:
        return
    ok_ids = set()
    if not isinstance(dims, list):
        c.error(
            "kb_bad_value",
            doc.line_of("dimensions"),
            "dimensions 必须是列表",
            "dimensions must be a list",
        )
        return
    for d in dims:
        if not isinstance(d, LineDict):
            c.error(
                "kb_bad_value",
                doc.line_of("dimensions"),
                "dimensions 的每一项必须是映射",
                "each dimension must be a mapping",
            )
            continue
        _check_keys(c, d, ("id", "label_zh", "label_en"), ("weight",), f"dimension '{d.get('id')}'")
        _check_texts(c, d, ("label_zh", "label_en"), f"dimension '{d.get('id')}'")
        ok_ids.add(d.get("id"))
    for it in items:
        if isinstance(it, LineDict) and "dimension" in it and it["dimension"] not in ok_ids:
            c.error(
                "kb_bad_value",
                it.line_of("dimension"),
                f"条目“{it.get('id')}”的维度“{it['dimension']}”未在 dimensions 中定义",
                f"item '{it.get('id')}': dimension '{it['dimension']}' is not declared in dimensions",
                value=str(it["dimension"]),
            )


def validate_file(doc, file: str) -> tuple[str | None, list[Problem]]:
    """Validate one parsed knowledge-base file; return (kind, problems)."""
    c = Collector(file)
    if not isinstance(doc, LineDict):
        c.error(
            "kb_bad_file",
            1,
            "文件内容必须是一个映射（键: 值）",
            "the file must hold a mapping (key: value)",
        )
        return None, c.problems
    parsed = parse_schema(doc.get("schema"))
    if parsed is None:
        c.error(
            "kb_bad_schema",
            doc.line_of("schema"),
            "缺少或无法识别 schema（应为 clusterpolicy.<类型>/1）",
            "missing or unreadable schema (expected clusterpolicy.<kind>/1)",
            value=str(doc.get("schema")),
        )
        return None, c.problems
    kind, version = parsed
    if kind != "profile" and kind not in KINDS:
        c.error(
            "kb_bad_schema",
            doc.line_of("schema"),
            f"未知的文件类型“{kind}”",
            f"unknown file kind '{kind}'",
            f"可选：profile, {', '.join(KINDS)}。",
            f"Choose one of: profile, {', '.join(KINDS)}.",
            value=kind,
        )
        return None, c.problems
    if version > SUPPORTED_VERSION:
        c.error(
            "kb_schema_future",
            doc.line_of("schema"),
            f"该文件的格式版本 {version} 比本程序支持的版本 {SUPPORTED_VERSION} 新",
            f"the file's schema version {version} is newer than this program supports ({SUPPORTED_VERSION})",
            "升级本软件，或使用与本版本配套的知识库文件。",
            "Update the program, or use knowledge-base files made for this version.",
            value=str(version),
        )
        return kind, c.problems
    if version < 1:
        c.error(
            "kb_bad_schema",
            doc.line_of("schema"),
            "schema 版本必须 ≥ 1",
            "schema version must be ≥ 1",
        )
        return kind, c.problems
    if kind == "profile":
        _check_keys(c, doc, PROFILE_REQUIRED, PROFILE_OPTIONAL, "profile")
        _check_texts(c, doc, ("title_zh", "title_en"), "profile")
        d = doc.get("date")
        if (
            "date" in doc
            and not (isinstance(d, str) and _DATE_RE.match(d))
            and type(d).__name__ != "date"
        ):
            c.error(
                "kb_bad_value",
                doc.line_of("date"),
                "date 必须是 YYYY-MM-DD",
                "date must be YYYY-MM-DD",
                value=str(d),
            )
        inc = doc.get("includes", [])
        if not isinstance(inc, list) or not all(isinstance(x, str) for x in inc):
            c.error(
                "kb_bad_value",
                doc.line_of("includes"),
                "includes 必须是文件路径列表",
                "includes must be a list of file paths",
            )
        ov = doc.get("overrides", {})
        if ov is not None and not isinstance(ov, dict):
            c.error(
                "kb_bad_value",
                doc.line_of("overrides"),
                "overrides 必须是 阈值id: 数值 的映射",
                "overrides must map threshold ids to numbers",
            )
        elif isinstance(ov, LineDict):
            for k, v in ov.items():
                if not is_number(v):
                    c.error(
                        "kb_bad_value",
                        ov.line_of(k),
                        f"覆盖值“{k}”必须是数值",
                        f"override '{k}' must be a number",
                        value=str(v),
                    )
        return kind, c.problems
    spec = KINDS[kind]
    _check_keys(
        c, doc, _TOP_COMMON_REQUIRED, _TOP_COMMON_OPTIONAL + spec.top_optional, "file header"
    )
    _check_texts(c, doc, ("title_zh", "title_en"), "file header")
    for k in ("id", "version"):
        if k in doc and not (isinstance(doc[k], str) and doc[k].strip()):
            c.error(
                "kb_bad_value",
                doc.line_of(k),
                f'“{k}”必须是文字（版本号请加引号，如 "1.0"）',
                f"'{k}' must be text (quote version numbers, e.g. \"1.0\")",
                value=str(doc[k]),
            )
    items = doc.get("items")
    if "items" in doc and not isinstance(items, list):
        c.error("kb_bad_value", doc.line_of("items"), "items 必须是列表", "items must be a list")
        return kind, c.problems
    items = items or []
    seen: dict = {}
    for it in items:
        if not isinstance(it, LineDict):
            c.error(
                "kb_bad_value",
                doc.line_of("items"),
                "items 中的每一项必须是映射",
                "each entry of items must be a mapping",
                value=str(it),
            )
            continue
        _check_item(c, kind, it, seen)
    if "dimensions" in spec.top_optional:
        _check_dimensions(c, doc, items)
    return kind, c.problems
