"""Assess imported data, and the whole ``clusterpolicy assess`` job.

* :func:`assess` — the engines' pipeline on canonical data with the officials' answers, the
  stage overrides and an optional scenario (the profile is always passed in; nothing here reads
  YAML unless asked to load a profile);
* :func:`run_job` — import → assess → write any of the results workbook, the project file and
  the PDF report, all from one :class:`AssessmentResult`, so the three never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clusterpolicy.app.imports import import_data
from clusterpolicy.app.inputs import load_any_answers, load_mappings, load_overrides, load_scenario
from clusterpolicy.app.outputs import results_csv_files, write_report, write_results
from clusterpolicy.app.projects import save_assessment, store_run
from clusterpolicy.assess.pipeline import AssessmentResult, run_assessment
from clusterpolicy.assess.reference import with_reference
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.knowledge import Profile, load_profile
from clusterpolicy.model import CanonicalData
from clusterpolicy.model.answers import Answers
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress

__all__ = [
    "AssessmentResult",
    "AssessmentSettings",
    "JobOutputs",
    "assess",
    "assess_and_store",
    "load_profile",
    "run_job",
]


def assess(
    data: CanonicalData,
    settings: AssessmentSettings,
    profile: Profile,
    *,
    answers: Answers | None = None,
    overrides: Mapping[str, Mapping] | None = None,
    scenario: Mapping | None = None,
    inputs: Sequence[str] = (),
    progress: ProgressCallback | None = None,
) -> AssessmentResult:
    """Run identification, life cycle, upgrading, equalization and policy on ``data``; with
    ``settings.welfare_effects`` also the panel estimates of agglomeration's welfare effects
    (the ``welfare_effects*`` sheets)."""
    end = 0.8 if settings.welfare_effects else 1.0
    result = run_assessment(
        data,
        settings,
        profile=profile,
        answers=answers or Answers(),
        overrides=overrides or None,
        scenario=scenario,
        inputs=list(inputs),
        progress=sub_progress(progress, 0.0, end),
    )
    if settings.welfare_effects:
        from clusterpolicy.assess.effects import estimate_welfare_effects

        ensure(progress)(0.8, "福利效应估计 / welfare effects")
        effects = estimate_welfare_effects(
            data, settings, profile, progress=sub_progress(progress, 0.8, 1.0)
        )
        result.tables.update(effects.tables())
        result.meta["welfare_effects"] = True
    return result


def assess_and_store(
    data: CanonicalData,
    settings: AssessmentSettings,
    profile: Profile,
    *,
    answers: Answers | None = None,
    overrides: Mapping[str, Mapping] | None = None,
    scenario: Mapping | None = None,
    inputs: Sequence[str] = (),
    project=None,
    progress: ProgressCallback | None = None,
) -> AssessmentResult:
    """:func:`assess` (with the what-if ``scenario`` when given); with an open ``project`` also
    store the settings, profile and result."""
    report = ensure(progress)
    end = 0.85 if project is not None else 1.0
    result = assess(
        data,
        settings,
        profile,
        answers=answers,
        overrides=overrides,
        scenario=scenario,
        inputs=inputs,
        progress=sub_progress(progress, 0.0, end),
    )
    if project is not None:
        report(0.85, "保存结果 / saving results")
        store_run(project, settings, profile, result, progress=sub_progress(progress, 0.85, 1.0))
    report(1.0, "")
    return result


@dataclass
class JobOutputs:
    result: AssessmentResult
    data: CanonicalData
    results_path: Path | None = None
    project_path: Path | None = None
    report_path: Path | None = None
    written: list[Path] = field(default_factory=list)


def run_job(
    inputs: Sequence[str | Path],
    settings: AssessmentSettings,
    *,
    profile_path: str | Path | None = None,
    answers_path: str | Path | None = None,
    scenario_path: str | Path | None = None,
    overrides_path: str | Path | None = None,
    mapping_path: str | Path | None = None,
    reference_inputs: Sequence[str | Path] = (),
    boundaries_path: str | Path | None = None,
    map_approval: str | None = None,
    results_path: str | Path | None = None,
    project_path: str | Path | None = None,
    report_path: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> JobOutputs:
    """Import → assess → write the requested outputs. Bad input raises ``ProblemError``.

    ``reference_inputs``: workbooks with the reference area's figures (the province's or the
    nation's), imported beside the local ones; the LQ denominators then come from that area
    (:func:`clusterpolicy.assess.reference.with_reference`) and the project stores them."""
    report = ensure(progress)
    profile = load_profile(profile_path)
    answers = load_any_answers(answers_path, profile) if answers_path else Answers()
    scenario = load_scenario(scenario_path) if scenario_path else None
    overrides = load_overrides(overrides_path) if overrides_path else None
    mappings = load_mappings(mapping_path) if mapping_path else None
    boundaries = None
    if boundaries_path:  # read first: a bad boundary file stops before the long work
        from clusterpolicy.io.boundaries import read_boundaries

        boundaries = read_boundaries(boundaries_path)
    report(0.0, "导入数据 / importing")
    imported = import_data(
        inputs,
        mappings=mappings,
        reference_code=settings.reference_code,
        year=settings.end_year,  # --year names the assessment year and dates files stating none
        progress=sub_progress(progress, 0.0, 0.25),
    )
    data = imported.data
    if reference_inputs:
        report(0.2, "导入参照区域数据 / importing the reference area's data")
        ref = import_data(reference_inputs, mappings=mappings, year=settings.end_year)
        data = with_reference(data, ref.data, settings.reference_code)
    if settings.focal_region is None and answers.region_code:
        settings.focal_region = answers.region_code
    result = assess(
        data,
        settings,
        profile,
        answers=answers,
        overrides=overrides,
        scenario=scenario,
        inputs=[Path(p).name for p in inputs],
        progress=sub_progress(progress, 0.25, 0.7),
    )
    out = JobOutputs(result=result, data=data)
    if results_path:
        report(0.7, "写出结果表 / writing results workbook")
        out.results_path = write_results(results_path, result)
        out.written.append(out.results_path)
        out.written += results_csv_files(out.results_path, result)  # tables past a sheet
    if project_path:
        out.project_path = save_assessment(
            project_path,
            data,
            result,
            settings,
            profile,
            answers,
            overrides,
            imported.mappings,
            progress=sub_progress(progress, 0.75, 0.85),
            scenario=scenario,
        )
        out.written.append(out.project_path)
    if report_path:
        out.report_path = write_report(
            report_path,
            result,
            lang=settings.lang,
            boundaries=boundaries,
            map_approval=map_approval,
            progress=sub_progress(progress, 0.85, 1.0),
        )
        out.written.append(out.report_path)
    report(1.0, "完成 / done")
    return out
