"""Assessment projects (``.cpa``): create, open, save, read back.

* :func:`create_project` / :func:`open_project` — the :class:`~clusterpolicy.store.Project`
  (a located ``ProblemError`` for a damaged, locked, foreign or newer file);
* :func:`save_assessment` — write (or update) a project with the data, settings, rule profile,
  answers, overrides and result of one run: what ``clusterpolicy assess --project`` and the
  desktop app's "save as" of an unsaved session both do;
* :func:`store_run` — after a run in an open project: settings, profile and the result set;
* :func:`read_project` — what opening a project shows (data, settings, latest result set);
* :func:`store_profile` — keep the rule profile in force (with the full text of its files, so
  the project is self-contained).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from clusterpolicy.app.imports import save_mappings_to
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.knowledge import Profile, knowledge_dir
from clusterpolicy.model import CanonicalData
from clusterpolicy.model.answers import Answers
from clusterpolicy.model.vocabulary import LIFECYCLE_OVERRIDE
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress
from clusterpolicy.store import Project, ResultSet

__all__ = [
    "LIFECYCLE_OVERRIDE",
    "Project",
    "ProjectContents",
    "ResultSet",
    "create_project",
    "open_project",
    "profile_files",
    "read_project",
    "save_assessment",
    "save_session_as",
    "store_profile",
    "store_run",
]


def create_project(path: str | Path, *, settings: Mapping, user: str | None = None) -> Project:
    """A new, empty project at ``path``."""
    return Project.create(path, settings=dict(settings), user=user)


def open_project(path: str | Path, *, read_only: bool = False, user: str | None = None) -> Project:
    """Open an existing project (upgraded to the current format when older)."""
    return Project.open(path, read_only=read_only, user=user)


def profile_files(profile: Profile) -> dict[str, str]:
    """The YAML text of the profile and of every file it includes, keyed by the path the profile
    names them with."""
    root = knowledge_dir()
    out: dict[str, str] = {}
    for f in [profile.path, *(kb.path for kb in profile.files)]:
        p = Path(f)
        full = p if p.is_absolute() else root / p
        if full.is_file():
            out[str(f)] = full.read_text(encoding="utf-8")
    return out


def store_profile(project: Project, profile: Profile) -> bool:
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


def store_answers(project: Project, answers: Answers, who: str | None = None) -> None:
    """Record every answer of ``answers`` in ``project`` (with its history)."""
    for ind, scopes in answers.clusters.items():
        for scope, items in scopes.items():
            for item_id, a in items.items():
                project.set_answer(
                    (scope, ind),
                    item_id,
                    a.get("answer"),
                    a.get("note", "") or "",
                    who=a.get("who") or who,
                )
    for scope, items in answers.regional.items():
        for item_id, a in items.items():
            project.set_answer(
                (scope, ""),
                item_id,
                a.get("answer"),
                a.get("note", "") or "",
                who=a.get("who") or who,
            )


def store_run(
    project: Project,
    settings: AssessmentSettings,
    profile: Profile,
    result,
    progress: ProgressCallback | None = None,
) -> None:
    """After a run: the settings, the rule profile and the result set (tables + meta)."""
    project.update_settings(settings.to_dict())
    store_profile(project, profile)
    project.save_results(result.tables, result.meta, progress=progress)


def save_assessment(
    path: str | Path,
    data: CanonicalData,
    result,
    settings: AssessmentSettings,
    profile: Profile,
    answers: Answers,
    overrides: Mapping[str, Mapping] | None = None,
    mappings: Iterable = (),
    progress: ProgressCallback | None = None,
    scenario: Mapping | None = None,
) -> Path:
    """Write (or update) the project at ``path`` with everything of one run (the run's
    ``scenario`` among the project's saved scenarios, chosen, as the desktop app keeps it)."""
    report = ensure(progress)
    path = Path(path)
    project = (
        open_project(path) if path.exists() else create_project(path, settings=settings.to_dict())
    )
    with project:
        project.update_settings(settings.to_dict())
        report(0.1, "保存数据 / saving data")
        project.save_data(data, progress=sub_progress(progress, 0.1, 0.5))
        save_mappings_to(project, mappings)
        store_answers(project, answers)
        for code, spec in (overrides or {}).items():
            project.set_override(LIFECYCLE_OVERRIDE, code, spec["stage"], spec["reason"])
        if scenario:
            from clusterpolicy.app.scenarios import Scenarios

            book = Scenarios(project)
            book.choose(book.save({**scenario, "name": str(scenario.get("name") or "scenario")}))
        report(0.6, "保存结果 / saving results")
        store_run(project, settings, profile, result, progress=sub_progress(progress, 0.6, 1.0))
    return path


def save_session_as(
    path: str | Path,
    *,
    settings: AssessmentSettings,
    user: str | None,
    data: CanonicalData | None,
    mappings: Iterable,
    judgements,
    result,
    scenarios=None,
    profile: Profile | None = None,
) -> Project:
    """Turn an unsaved session (data, confirmed mappings, judgements, named scenarios, the rule
    profile in force, last result) into a new project at ``path`` and return it open. The
    window's answer and scenario books are bound to the project only when everything else is
    written, so a failure halfway (a full disk) leaves them as they were."""
    project = create_project(path, settings=settings.to_dict(), user=user)
    try:
        if data is not None:
            project.save_data(data)
        save_mappings_to(project, mappings)
        if profile is not None:  # a local profile comes back when the project is reopened
            store_profile(project, profile)
        if result is not None:
            project.save_results(result.tables, result.meta)
        judgements.copy_into(project, user)
        if scenarios is not None:
            scenarios.copy_into(project)
    except BaseException:
        project.close()
        raise
    return project


@dataclass
class ProjectContents:
    data: CanonicalData | None  # None when nothing was imported yet
    settings: dict = field(default_factory=dict)
    result: ResultSet | None = None  # the latest result set, or None
    profile: Profile | None = None  # the rule profile of the last run (see project_profile)
    profile_notices: list = field(default_factory=list)  # how it was found, when not as saved
    judged_since: bool = False  # an answer or a stage adjustment is newer than the result


def read_project(
    project: Project,
    progress: ProgressCallback | None = None,
    *,
    default_profile: Profile | None = None,
) -> ProjectContents:
    """Read what the window shows from an open project, with the rule profile its last run
    used (:func:`clusterpolicy.app.profiles.project_profile`; ``default_profile`` is the
    fallback, read when not given)."""
    from clusterpolicy.app.profiles import project_profile

    report = ensure(progress)
    report(0.0, "读取项目 / reading the project")
    data = project.load_data() if project.has_data() else None
    report(0.6, "读取结果 / reading results")
    result = project.load_results()
    found = project_profile(project, default_profile)
    report(1.0, "")
    return ProjectContents(
        data,
        project.settings(),
        result,
        found.profile,
        found.notices,
        judged_since=result is not None and judged_after(project, result.info.created_at),
    )


def judged_after(project: Project, moment: str) -> bool:
    """Whether an answer or a stage adjustment in ``project`` was given after ``moment`` (ISO
    time): the stored result then predates them (live re-scores are not stored)."""
    times = [a.updated_at for a in project.answers()]
    times += [o.updated_at for o in project.overrides()]
    return any(t and t > moment for t in times)
