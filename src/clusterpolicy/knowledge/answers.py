"""The answers file: officials' judgements for the checklists and questionnaires (JSON).

Format (documented for users in ``resources/knowledge/ANSWERS.md``)::

    {
      "schema": "clusterpolicy.answers/1",
      "region_code": "330782",                       # optional, the focal region
      "clusters": {                                   # per cluster = industry code
        "C18": {
          "existence":  {"EX-01": {"answer": "yes", "note": "…", "who": "…", "when": "2026-10-30"}},
          "lifecycle":  {"LC-Q01": {"answer": "partial"}},
          "technology": {"TECH-05": {"answer": 3}},
          "brand":      {"BRAND-02": "no"}            # shorthand: the bare answer
        }
      },
      "roles":          {"ROLE-1-1": {"answer": "partial"}},
      "red_flags":      {"N1": {"answer": "no"}},
      "policy_quality": {"PQ-01": {"answer": "yes"}}
    }

An answer is ``"yes"``, ``"partial"``, ``"no"``, an integer 0–4 (for ``likert_0_4`` items) or
``null`` (not answered). Cluster scopes: existence, lifecycle, technology, brand; regional scopes:
roles, red_flags, policy_quality. Errors are reported with file and line (the JSON text is
re-read with a line-aware YAML parser to locate keys). Reading xlsx answer sheets belongs to io/.
"""

from __future__ import annotations

import json
from pathlib import Path

from clusterpolicy.knowledge.yamlfile import LineDict, parse_yaml_text
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model.answers import ANSWERS_SCHEMA, Answers
from clusterpolicy.model.vocabulary import (
    CLUSTER_SCOPES,
    REGION_SCOPES,
    SCOPE_FILES,
    normalise_answer,
)

ANSWER_KEYS = ("answer", "note", "who", "when")


def _p(
    file: str,
    line: int | None,
    zh: str,
    en: str,
    fix_zh: str = "",
    fix_en: str = "",
    value: str = "",
) -> Problem:
    return Problem(
        "answers_invalid",
        Severity.ERROR,
        zh,
        en,
        fix_zh,
        fix_en,
        file=file,
        row=line,
        value=value[:80],
    )


def _line(node, key=None) -> int | None:
    if isinstance(node, LineDict):
        return node.line_of(key) if key is not None else node.line
    return None


def _known_items(profile, scope: str) -> set[str] | None:
    if profile is None:
        return None
    try:
        f = profile.file(SCOPE_FILES[scope])
    except KeyError:
        return None
    return {it["id"] for it in f.items}


def _scope_block(block, lines, scope: str, where: str, file: str, problems: list, profile) -> dict:
    out: dict[str, dict] = {}
    if not isinstance(block, dict):
        problems.append(
            _p(
                file,
                _line(lines),
                f"{where}“{scope}”必须是 条目id: 答案 的对象",
                f"{where} '{scope}' must be an object of item id: answer",
            )
        )
        return out
    known = _known_items(profile, scope)
    for item_id, entry in block.items():
        ln = _line(lines, item_id)
        if known is not None and item_id not in known:
            problems.append(
                _p(
                    file,
                    ln,
                    f"{scope} 中没有条目“{item_id}”",
                    f"{scope} has no item '{item_id}'",
                    "检查条目 id 的拼写。",
                    "Check the item id.",
                    value=str(item_id),
                )
            )
            continue
        if isinstance(entry, dict):
            extra = [k for k in entry if k not in ANSWER_KEYS]
            if extra:
                problems.append(
                    _p(
                        file,
                        ln,
                        f"条目“{item_id}”有未知的键“{extra[0]}”",
                        f"item '{item_id}' has an unknown key '{extra[0]}'",
                        "允许的键：answer, note, who, when。",
                        "Allowed keys: answer, note, who, when.",
                        value=str(extra[0]),
                    )
                )
                continue
            raw = entry.get("answer")
            rec = {
                k: ("" if entry.get(k) is None else str(entry.get(k)))
                for k in ("note", "who", "when")
            }
        else:
            raw = entry
            rec = {"note": "", "who": "", "when": ""}
        try:
            rec = {"answer": normalise_answer(raw), **rec}
        except ValueError:
            problems.append(
                _p(
                    file,
                    ln,
                    f"条目“{item_id}”的答案“{raw}”无效",
                    f"item '{item_id}': invalid answer '{raw}'",
                    "答案须为 yes / partial / no、0–4 的整数或 null。",
                    "An answer is yes / partial / no, a whole number 0–4, or null.",
                    value=str(raw),
                )
            )
            continue
        out[str(item_id)] = rec
    return out


def answers_from_dict(data: dict, file: str = "", profile=None) -> Answers:
    """Answers from parsed JSON; raises :class:`ProblemError` with every problem found. With a
    ``profile``, item ids are checked against the scope's checklist."""
    return _build(data, file, None, profile)


def _build(data, file: str, lines, profile) -> Answers:
    # Long on purpose: one pass over the answer file that collects every located problem
    # (shape, scopes, clusters, items, answers) before raising them together.
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise ProblemError(
            [
                _p(
                    file,
                    1,
                    "答案文件必须是一个 JSON 对象",
                    "the answers file must hold a JSON object",
                )
            ]
        )
    schema = data.get("schema", ANSWERS_SCHEMA)
    if schema != ANSWERS_SCHEMA:
        problems.append(
            _p(
                file,
                _line(lines, "schema"),
                f"无法识别的答案文件格式“{schema}”",
                f"unrecognised answers format '{schema}'",
                f"应为 {ANSWERS_SCHEMA}。",
                f"Expected {ANSWERS_SCHEMA}.",
                value=str(schema),
            )
        )
    allowed = {"schema", "region_code", "clusters", *REGION_SCOPES}
    for k in data:
        if k not in allowed:
            problems.append(
                _p(
                    file,
                    _line(lines, k),
                    f"未知的键“{k}”",
                    f"unknown key '{k}'",
                    f"允许的键：{', '.join(sorted(allowed))}。",
                    f"Allowed keys: {', '.join(sorted(allowed))}.",
                    value=str(k),
                )
            )
    ans = Answers(region_code=str(data.get("region_code", "") or ""), file=file)
    clusters = data.get("clusters", {}) or {}
    clines = lines.get("clusters") if isinstance(lines, dict) else None
    if not isinstance(clusters, dict):
        problems.append(
            _p(
                file,
                _line(lines, "clusters"),
                "clusters 必须是 行业代码: {…} 的对象",
                "clusters must be an object of industry code: {…}",
            )
        )
        clusters = {}
    for ind, scopes in clusters.items():
        slines = clines.get(ind) if isinstance(clines, dict) else None
        if not isinstance(scopes, dict):
            problems.append(
                _p(
                    file,
                    _line(clines, ind),
                    f"集群“{ind}”的内容必须是对象",
                    f"cluster '{ind}' must be an object",
                )
            )
            continue
        rec: dict[str, dict] = {}
        for scope, block in scopes.items():
            if scope not in CLUSTER_SCOPES:
                problems.append(
                    _p(
                        file,
                        _line(slines, scope),
                        f"集群“{ind}”下有未知的部分“{scope}”",
                        f"cluster '{ind}' has an unknown section '{scope}'",
                        f"可选：{', '.join(CLUSTER_SCOPES)}。",
                        f"Choose from: {', '.join(CLUSTER_SCOPES)}.",
                        value=str(scope),
                    )
                )
                continue
            blines = slines.get(scope) if isinstance(slines, dict) else None
            rec[scope] = _scope_block(
                block, blines, scope, f"集群“{ind}”的", file, problems, profile
            )
        ans.clusters[str(ind)] = rec
    for scope in REGION_SCOPES:
        if scope in data:
            blines = lines.get(scope) if isinstance(lines, dict) else None
            ans.regional[scope] = _scope_block(
                data[scope], blines, scope, "", file, problems, profile
            )
    if problems:
        raise ProblemError(problems)
    return ans


def load_answers(path: str | Path, profile=None) -> Answers:
    """Read a JSON answers file (see module docstring); located :class:`ProblemError` on errors.

    With ``profile`` (a :class:`~clusterpolicy.knowledge.profile.Profile`), unknown item ids are
    errors too.
    """
    p = Path(path)
    name = str(p)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ProblemError([_p(name, None, "找不到答案文件", "answers file not found")]) from None
    except UnicodeDecodeError:
        raise ProblemError(
            [
                _p(
                    name,
                    None,
                    "答案文件不是 UTF-8 编码",
                    "the answers file is not UTF-8 encoded",
                    "用 UTF-8 编码另存。",
                    "Save it again as UTF-8.",
                )
            ]
        ) from None
    if p.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
        raise ProblemError(
            [
                _p(
                    name,
                    None,
                    "此函数只读取 JSON 答案文件；Excel 答案表由 clusterpolicy.io.answers_workbook 读取",
                    "only JSON answers files are read here; Excel answer workbooks are read by "
                    "clusterpolicy.io.answers_workbook (the command line and the app choose by extension)",
                )
            ]
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemError(
            [
                _p(
                    name,
                    exc.lineno,
                    f"JSON 格式错误：{exc.msg}（第{exc.colno}列）",
                    f"JSON syntax error: {exc.msg} (column {exc.colno})",
                    "检查逗号、引号和括号是否成对。",
                    "Check commas, quotes and brackets.",
                )
            ]
        ) from None
    try:
        lines = parse_yaml_text(text, name)  # JSON is YAML: recover key lines for messages
    except ProblemError:
        lines = None
    return _build(data, name, lines, profile)


__all__ = ["ANSWERS_SCHEMA", "answers_from_dict", "load_answers"]
