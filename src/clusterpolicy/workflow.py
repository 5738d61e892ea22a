"""Use cases shared by the command line and the desktop app (Qt-free).

:func:`run_job` does what ``clusterpolicy assess`` and ``clusterpolicy demo`` do: import the
workbooks, load the rule profile and the officials' answers, run the assessment, and write any of
the results workbook, the project file (``.cpa``) and the PDF report — all from one
:class:`~clusterpolicy.assess.pipeline.AssessmentResult`, so the three never disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from clusterpolicy.assess.pipeline import AssessmentResult, run_assessment
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.io.answers_workbook import read_answers_workbook
from clusterpolicy.io.export import write_results_workbook
from clusterpolicy.io.importer import import_files
from clusterpolicy.io.mapping import load_mappings
from clusterpolicy.knowledge import Profile, load_answers, load_profile
from clusterpolicy.knowledge.profile import knowledge_dir
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model import CanonicalData
from clusterpolicy.model.answers import Answers
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress


@dataclass
class JobOutputs:
    result: AssessmentResult
    data: CanonicalData
    results_path: Path | None = None
    project_path: Path | None = None
    report_path: Path | None = None
    written: list[Path] = field(default_factory=list)


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
    """A what-if scenario (JSON object; format in :mod:`clusterpolicy.assess.equalization`)."""
    return _json_file(path, "情景", "scenario")


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


def charts_data(result: AssessmentResult) -> dict[str, pd.DataFrame]:
    """Extra series the report's charts need (the life-cycle employment paths)."""
    s = result.series
    if s is None or not len(s):
        return {}
    return {
        "employment": s[
            [
                c
                for c in ("region_code", "industry_code", "year", "employment", "lq", "firms")
                if c in s
            ]
        ]
    }


def profile_files(profile: Profile) -> dict[str, str]:
    """The YAML text of the profile and of every file it includes (kept in the project file so the
    project is self-contained), keyed by the path the profile names them with."""
    root = knowledge_dir()
    out: dict[str, str] = {}
    for f in [profile.path, *(kb.path for kb in profile.files)]:
        p = Path(f)
        full = p if p.is_absolute() else root / p
        if full.is_file():
            out[str(f)] = full.read_text(encoding="utf-8")
    return out


def store_profile(project, profile: Profile) -> bool:
    """Keep the rule profile in force in ``project`` unless the same id and version are already
    there; returns True when it was written."""
    stored = project.profile()
    if stored is not None and (stored.profile_id, stored.version) == (profile.id, profile.version):
        return False
    files = profile_files(profile)
    project.save_profile(
        profile.id,
        profile.version,
        files=files,
        main_file=str(profile.path) if str(profile.path) in files else "",
        date=profile.date,
    )
    return True


def save_project(
    path: str | Path,
    data: CanonicalData,
    result: AssessmentResult,
    settings: AssessmentSettings,
    profile: Profile,
    answers: Answers,
    overrides: Mapping[str, Mapping] | None,
    mappings: Sequence = (),
    progress: ProgressCallback | None = None,
) -> Path:
    """Write (or update) a ``.cpa`` project with the data, settings, profile, answers and result."""
    from clusterpolicy.store import Project

    report = ensure(progress)
    path = Path(path)
    project = (
        Project.open(path) if path.exists() else Project.create(path, settings=settings.to_dict())
    )
    with project:
        project.update_settings(settings.to_dict())
        report(0.1, "保存数据 / saving data")
        project.save_data(data, progress=sub_progress(progress, 0.1, 0.5))
        for m in mappings:
            d = m.to_dict() if hasattr(m, "to_dict") else dict(m)
            sig = d.get("signature") or d.get("layout_signature")
            if sig:
                project.save_mapping(str(sig), d)
        store_profile(project, profile)
        for ind, scopes in answers.clusters.items():
            for scope, items in scopes.items():
                for item_id, a in items.items():
                    project.set_answer(
                        (scope, ind),
                        item_id,
                        a.get("answer"),
                        a.get("note", "") or "",
                        who=a.get("who") or None,
                    )
        for scope, items in answers.regional.items():
            for item_id, a in items.items():
                project.set_answer(
                    (scope, ""),
                    item_id,
                    a.get("answer"),
                    a.get("note", "") or "",
                    who=a.get("who") or None,
                )
        for code, spec in (overrides or {}).items():
            project.set_override("lifecycle_stage", code, spec["stage"], spec["reason"])
        report(0.6, "保存结果 / saving results")
        project.save_results(result.tables, result.meta, progress=sub_progress(progress, 0.6, 1.0))
    return path


ANSWERS_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def load_any_answers(path: str | Path, profile: Profile | None = None) -> Answers:
    """The officials' answers from a JSON file or an answers workbook (``.xlsx``/``.xlsm``/``.xls``,
    see :mod:`clusterpolicy.io.answers_workbook`); located :class:`ProblemError` on errors."""
    if Path(path).suffix.lower() in ANSWERS_WORKBOOK_SUFFIXES:
        return read_answers_workbook(path, profile)
    return load_answers(path, profile)


SAMPLE_FOCAL = (
    "990105"  # 清溪县, the focal county of the bundled sample (resources/samples/README.md)
)


def sample_files() -> tuple[Path, Path, Path]:
    """The bundled fictional sample: (workbook, illustrative answers, transfer scenario)."""
    from clusterpolicy.paths import resource

    return (
        resource("samples", "sample_prefecture.xlsx"),
        resource("samples", "sample_answers.json"),
        resource("samples", "sample_scenario.json"),
    )


def assess_sample(
    *, created: str | None = None, lang: str = "zh", progress: ProgressCallback | None = None
) -> AssessmentResult:
    """The sample assessed as ``clusterpolicy demo`` does it, without writing files (tests, benchmarks)."""
    workbook, answers_path, scenario_path = sample_files()
    profile = load_profile()
    settings = AssessmentSettings(focal_region=SAMPLE_FOCAL, lang=lang)
    if created:
        settings.created = created
    data = import_files([str(workbook)], progress=sub_progress(progress, 0.0, 0.3)).data
    return run_assessment(
        data,
        settings,
        profile=profile,
        answers=load_answers(answers_path, profile),
        scenario=load_scenario(scenario_path),
        inputs=[workbook.name],
        progress=sub_progress(progress, 0.3, 1.0),
    )


def run_job(
    inputs: Sequence[str | Path],
    settings: AssessmentSettings,
    *,
    profile_path: str | Path | None = None,
    answers_path: str | Path | None = None,
    scenario_path: str | Path | None = None,
    overrides_path: str | Path | None = None,
    mapping_path: str | Path | None = None,
    results_path: str | Path | None = None,
    project_path: str | Path | None = None,
    report_path: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> JobOutputs:
    """Import → assess → write the requested outputs. Bad input raises :class:`ProblemError`."""
    report = ensure(progress)
    profile = load_profile(profile_path)
    answers = load_any_answers(answers_path, profile) if answers_path else Answers()
    scenario = load_scenario(scenario_path) if scenario_path else None
    overrides = load_overrides(overrides_path) if overrides_path else None
    mappings = load_mappings(mapping_path) if mapping_path else None
    report(0.0, "导入数据 / importing")
    imported = import_files(
        [str(p) for p in inputs],
        mappings=mappings,
        reference_code=settings.reference_code,
        progress=sub_progress(progress, 0.0, 0.25),
    )
    data = imported.data
    if settings.focal_region is None and answers.region_code:
        settings.focal_region = answers.region_code
    result = run_assessment(
        data,
        settings,
        profile=profile,
        answers=answers,
        overrides=overrides,
        scenario=scenario,
        inputs=[Path(p).name for p in inputs],
        progress=sub_progress(progress, 0.25, 0.7),
    )
    out = JobOutputs(result=result, data=data)
    if results_path:
        report(0.7, "写出结果表 / writing results workbook")
        out.results_path = write_results_workbook(results_path, result.tables, result.meta)
        out.written.append(out.results_path)
    if project_path:
        out.project_path = save_project(
            project_path,
            data,
            result,
            settings,
            profile,
            answers,
            overrides,
            imported.mappings,
            progress=sub_progress(progress, 0.75, 0.85),
        )
        out.written.append(out.project_path)
    if report_path:
        from clusterpolicy.report.builder import build_report

        out.report_path = build_report(
            result.tables,
            result.meta,
            report_path,
            lang=settings.lang,
            charts_data=charts_data(result),
            progress=sub_progress(progress, 0.85, 1.0),
        )
        out.written.append(out.report_path)
    report(1.0, "完成 / done")
    return out
