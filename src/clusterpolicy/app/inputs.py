"""The user's side files of an assessment: answers, life-cycle overrides, scenarios, mappings.

Every reader gives a located, bilingual :class:`~clusterpolicy.messages.ProblemError` for a
missing or malformed file.
"""

from __future__ import annotations

import json
from pathlib import Path

from clusterpolicy.io.answers_workbook import read_answers_workbook
from clusterpolicy.io.mapping import SheetMapping, load_mappings, save_mappings
from clusterpolicy.knowledge import Profile, load_answers
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model.answers import Answers

__all__ = [
    "ANSWERS_WORKBOOK_SUFFIXES",
    "load_any_answers",
    "load_mappings",
    "load_overrides",
    "load_scenario",
    "save_mappings",
    "SheetMapping",
]

ANSWERS_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def _json_file(path: str | Path, what_zh: str, what_en: str) -> dict:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ProblemError(
            [
                Problem(
                    "file_not_found",
                    Severity.ERROR,
                    f"找不到{what_zh}文件",
                    f"{what_en} file not found",
                    "检查文件路径",
                    "check the path",
                    file=str(p),
                )
            ]
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ProblemError(
            [
                Problem(
                    "bad_json",
                    Severity.ERROR,
                    f"{what_zh}文件不是有效的JSON：{exc}",
                    f"the {what_en} file is not valid JSON: {exc}",
                    "用文本编辑器检查括号、逗号和引号",
                    "check brackets, commas and quotes",
                    file=str(p),
                    row=line,
                )
            ]
        ) from None
    except OSError as exc:
        raise ProblemError(
            [
                Problem(
                    "cannot_read",
                    Severity.ERROR,
                    f"无法读取{what_zh}文件：{exc.strerror or exc}",
                    f"cannot read the {what_en} file: {exc.strerror or exc}",
                    "检查文件是否存在、是否有读取权限",
                    "check that the file exists and is readable",
                    file=str(p),
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise ProblemError(
            [
                Problem(
                    "bad_json",
                    Severity.ERROR,
                    f"{what_zh}文件应为JSON对象（{{…}}）",
                    f"the {what_en} file must hold a JSON object ({{…}})",
                    file=str(p),
                )
            ]
        )
    return data


def load_scenario(path: str | Path) -> dict:
    """A what-if scenario (JSON object; format in :mod:`clusterpolicy.assess.equalization` and
    its growth assumptions in :mod:`~clusterpolicy.assess.equalization.scenario`); every bad
    field is a located problem naming the file and the field."""
    from clusterpolicy.app.scenarios import scenario_problems

    data = _json_file(path, "情景", "scenario")
    problems = scenario_problems(data, need_name=False, file=str(path))
    if problems:
        raise ProblemError(problems)
    return data


def load_overrides(path: str | Path) -> dict[str, dict]:
    """Life-cycle overrides: ``{"C17": {"stage": "renewal", "reason": "…"}}`` (reason required)."""
    data = _json_file(path, "阶段调整", "overrides")
    problems = []
    for code, spec in data.items():
        if (
            not isinstance(spec, dict)
            or not spec.get("stage")
            or not str(spec.get("reason", "")).strip()
        ):
            problems.append(
                Problem(
                    "override_reason",
                    Severity.ERROR,
                    f"行业 {code} 的阶段调整需要 stage 和书面理由 reason",
                    f"the override of {code} needs a stage and a written reason",
                    '写成 {"stage": "renewal", "reason": "……"}',
                    'write {"stage": "renewal", "reason": "…"}',
                    file=str(path),
                )
            )
    if problems:
        raise ProblemError(problems)
    return {str(k): v for k, v in data.items()}


def load_any_answers(path: str | Path, profile: Profile | None = None) -> Answers:
    """The officials' answers from a JSON file or an answers workbook (``.xlsx``/``.xlsm``/``.xls``,
    see :mod:`clusterpolicy.io.answers_workbook`); located :class:`ProblemError` on errors."""
    if Path(path).suffix.lower() in ANSWERS_WORKBOOK_SUFFIXES:
        return read_answers_workbook(path, profile)
    return load_answers(path, profile)
