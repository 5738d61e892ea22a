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

import re

from clusterpolicy.knowledge.checks import (  # noqa: F401 (parse_* and is_number re-exported)
    MODES,
    UPGRADING_TYPES,
    Collector,
    _check_checklist_item,
    _check_dimensions,
    _check_keys,
    _check_texts,
    _check_threshold,
    _where,
    check_bands,
    check_source,
    is_number,
    parse_line_ranges,
    parse_schema,
)
from clusterpolicy.knowledge.kind_checks import (
    _check_family,
    _check_placeholders,
    _check_plan_fields,
    _check_tier_codes,
)
from clusterpolicy.knowledge.kinds import KINDS, KindSpec  # noqa: F401 (re-exported)
from clusterpolicy.knowledge.yamlfile import LineDict
from clusterpolicy.messages import Problem

SCHEMA_PREFIX = "clusterpolicy."
SUPPORTED_VERSION = 1
#: kinds whose schema has moved past version 1 (profile/2 adds the local-profile record:
#: ``based_on``, ``reason``, ``author``; a /1 profile still reads as before)
SUPPORTED_VERSIONS = {"profile": 2}

STAGES = ("emergence", "growth", "maturity", "decline", "renewal")
SCALES = ("yes_partial_no", "yes_no", "likert_0_4")
LEVER_KINDS = ("endogenous", "exogenous", "transfer", "stage")
#: what the engine can test of an official criterion ("none" = listed as not checked)
CRITERION_CHECKS = ("output_floor", "output_growth", "firms_floor", "none")
ANSWER_WORDS = ("yes", "partial", "no")

_TOP_COMMON_REQUIRED = ("schema", "id", "version", "title_zh", "title_en", "items")
_TOP_COMMON_OPTIONAL = ("date", "note_zh", "note_en")


PROFILE_REQUIRED = ("schema", "id", "version", "date", "title_zh", "title_en")
PROFILE_OPTIONAL = ("includes", "overrides", "note_zh", "note_en")
#: profile/2: a local profile saved from the app records what it was made from, why and by whom
PROFILE_OPTIONAL_V2 = (*PROFILE_OPTIONAL, "based_on", "reason", "author")

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_item(c: Collector, kind: str, item: LineDict, seen: dict) -> None:
    # Long on purpose: one flat list of the per-kind rules, read top to bottom against KINDS.
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
    if kind in ("actions", "levers"):
        _check_plan_fields(c, item, wz, we)
    elif kind == "readings":
        _check_placeholders(c, item, wz, we)
    elif kind == "families":
        _check_family(c, item, wz, we, seen)
    elif kind == "criteria" and item.get("check") not in CRITERION_CHECKS:
        c.error(
            "kb_bad_value",
            item.line_of("check"),
            f"{wz}的 check 未知",
            f"{we}: unknown check",
            f"可选：{', '.join(CRITERION_CHECKS)}。",
            f"Choose one of: {', '.join(CRITERION_CHECKS)}.",
            value=str(item.get("check")),
        )
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
        _check_tier_codes(c, item, wz, we)
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


def validate_file(doc, file: str) -> tuple[str | None, list[Problem]]:
    """Validate one parsed knowledge-base file; return (kind, problems)."""
    # Long on purpose: the header checks in the order a reader meets them in the file.
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
    supported = SUPPORTED_VERSIONS.get(kind, SUPPORTED_VERSION)
    if version > supported:
        c.error(
            "kb_schema_future",
            doc.line_of("schema"),
            f"该文件的格式版本 {version} 比本程序支持的版本 {supported} 新",
            f"the file's schema version {version} is newer than this program supports ({supported})",
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
        optional = PROFILE_OPTIONAL_V2 if version >= 2 else PROFILE_OPTIONAL
        _check_keys(c, doc, PROFILE_REQUIRED, optional, "profile")
        _check_texts(c, doc, ("title_zh", "title_en"), "profile")
        for k in ("based_on", "reason", "author"):
            if k in doc and not isinstance(doc[k], str):
                c.error(
                    "kb_bad_value",
                    doc.line_of(k),
                    f"“{k}”必须是文字",
                    f"'{k}' must be text",
                    value=str(doc[k]),
                )
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
