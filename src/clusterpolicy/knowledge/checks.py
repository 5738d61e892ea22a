"""Checks shared by the knowledge-base file kinds: located problem collection, sources, keys,
texts, bands, thresholds, checklist items, tier codes, placeholders and dimensions."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from clusterpolicy.knowledge.yamlfile import LineDict
from clusterpolicy.messages import Problem, Severity

MODES = ("data", "judgement")
UPGRADING_TYPES = ("process", "product", "functional", "chain")
_SEED_RE = re.compile(r"^\d{3}$")
_RANGE_RE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
_SCHEMA_RE = re.compile(r"^clusterpolicy\.([a-z_]+)/(\d+)$")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


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
    allowed = {"seed", "lines", "note", "quote", "framework", "method"}
    for k in source:
        if k not in allowed:
            kl = source.line_of(k) if isinstance(source, LineDict) else sline
            c.error(
                "kb_unknown_key",
                kl,
                f"来源中有未知的键“{k}”",
                f"unknown key '{k}' in source",
                "允许的键：seed, lines, note, quote, framework, method。",
                "Allowed keys: seed, lines, note, quote, framework, method.",
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


def check_bands(c: Collector, item: LineDict, where: str, key: str = "bands") -> None:
    bands = item.get(key)
    line = item.line_of(key)
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
        if "relative_bands" in item:
            check_bands(c, item, we, "relative_bands")
    elif mode == "judgement":
        if "scale" not in item:
            c.error(
                "kb_missing_key",
                item.line,
                f"{wz}是判断项，缺少 scale",
                f"{we}: a judgement item needs a scale",
            )
        for k in ("formula", "bands", "relative_bands"):
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
