"""Qt-free project work the window runs in its :class:`~clusterpolicy.gui.tasks.TaskRunner`.

Each function takes the engine's ``progress(fraction, message)`` callback, so a cancel raised
from it rolls the project's transaction back (the file is left as it was).

* :func:`import_into_project` — import the workbooks (as the command line does) and, with a
  project, replace its data and remember the confirmed mappings.
* :func:`assess_and_store` — run the assessment with the officials' answers and overrides and,
  with a project, store the settings and the result set.
* :func:`load_project` — what opening a project shows: data, settings, latest result set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress
from clusterpolicy.workflow import store_profile


def save_mappings(project, mappings) -> int:
    """Store the confirmed column mappings of an import in the project; return how many."""
    n = 0
    for m in mappings or ():
        d = m.to_dict() if hasattr(m, "to_dict") else dict(m)
        sig = d.get("signature")
        if sig:
            project.save_mapping(str(sig), d)
            n += 1
    return n


def import_into_project(
    files,
    *,
    mappings=None,
    mapping_store=None,
    project=None,
    progress: ProgressCallback | None = None,
):
    """Import ``files``; with ``project`` also save the data and mappings. Returns the ImportResult."""
    from clusterpolicy.io.importer import import_files

    report = ensure(progress)
    end = 0.8 if project is not None else 1.0
    result = import_files(
        list(files),
        mappings=mappings,
        mapping_store=mapping_store,
        progress=sub_progress(progress, 0.0, end),
    )
    if project is not None:
        report(0.8, "写入项目 / saving to the project")
        project.save_data(result.data, progress=sub_progress(progress, 0.8, 0.97))
        save_mappings(project, result.mappings)
        project.set_setting("input_files", [Path(f).name for f in files])
    report(1.0, "")
    return result


def assess_and_store(
    data,
    settings: AssessmentSettings,
    *,
    answers,
    overrides,
    inputs=(),
    project=None,
    profile=None,
    progress: ProgressCallback | None = None,
):
    """``run_assessment`` with answers and overrides; with ``project`` store settings and results."""
    from clusterpolicy.assess.pipeline import run_assessment
    from clusterpolicy.knowledge import load_profile

    report = ensure(progress)
    profile = profile or load_profile()
    end = 0.85 if project is not None else 1.0
    result = run_assessment(
        data,
        settings,
        profile=profile,
        answers=answers,
        overrides=overrides or None,
        inputs=list(inputs),
        progress=sub_progress(progress, 0.0, end),
    )
    if project is not None:
        report(0.85, "保存结果 / saving results")
        project.update_settings(settings.to_dict())
        store_profile(project, profile)
        project.save_results(result.tables, result.meta, progress=sub_progress(progress, 0.85, 1.0))
    report(1.0, "")
    return result


@dataclass
class ProjectContents:
    data: object | None  # CanonicalData, None when nothing was imported yet
    settings: dict = field(default_factory=dict)
    result: object | None = None  # the latest ResultSet (``.tables``, ``.meta``) or None


def load_project(project, progress: ProgressCallback | None = None) -> ProjectContents:
    """Read what the window shows from an open project."""
    report = ensure(progress)
    report(0.0, "读取项目 / reading the project")
    data = project.load_data() if project.has_data() else None
    report(0.6, "读取结果 / reading results")
    result = project.load_results()
    report(1.0, "")
    return ProjectContents(data, project.settings(), result)


def settings_from(values: dict) -> AssessmentSettings:
    """AssessmentSettings from the project's settings (unknown keys ignored)."""
    return AssessmentSettings.from_dict(values or {})
