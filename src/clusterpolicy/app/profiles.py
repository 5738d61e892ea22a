"""Rule profiles for the desktop app (Qt-free): the thresholds of the profile in force as rows,
the steps a threshold affects, local profiles saved with a name and a reason, and the profile a
project's last run used.

* :func:`threshold_rows` — one row per threshold: id, step, meaning (zh/en), value in force,
  default (the knowledge-base file's value), unit, allowed range, source, overridden?;
* :func:`affected_steps` — the steps a threshold changes (the step that reads it and those that
  use that step's results); the pipeline has no partial re-run, so the app re-runs the whole
  assessment and says which steps the change reaches;
* :func:`save_local_profile` — write a local profile (``schema: clusterpolicy.profile/2``: the
  base profile's includes, the edited values as ``overrides``, the name as title, and
  ``based_on``, ``reason``, ``author``, ``date``) into the user's profile folder, atomically, and
  load it back (so every check of :func:`~clusterpolicy.knowledge.load_profile` applies);
* :func:`local_profiles` — the local profiles to choose from;
* :func:`project_profile` — the profile a project's last run used: the file again when it is
  there and unchanged, else the copy kept in the project, else the default, with a notice.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path

import pandas as pd

from clusterpolicy.atomic import replacing
from clusterpolicy.knowledge import Profile, knowledge_dir, load_profile
from clusterpolicy.knowledge.profile import source_text
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.paths import user_data_dir
from clusterpolicy.text import formats

__all__ = [
    "STEP_ORDER",
    "LocalProfile",
    "affected_steps",
    "load_profile",
    "local_profiles",
    "profile_folder",
    "project_profile",
    "save_local_profile",
    "step_of",
    "threshold_rows",
]

#: the assessment's steps in run order (as the step list names them, see :mod:`.steps`)
STEP_ORDER = ("identification", "lifecycle", "upgrading", "equalization", "effects", "policy")

#: which steps use the results of a step (the pipeline feeds them forward): the selected
#: clusters go to every later step; stages, scores and gaps go to the policy plan
_DOWNSTREAM = {
    "identification": ("lifecycle", "upgrading", "equalization", "policy"),
    "lifecycle": ("policy",),
    "upgrading": ("policy",),
    "equalization": ("policy",),
    "effects": (),
    "policy": (),
}

_STEP_NAMES = {
    "identification": ("集群识别", "identification"),
    "lifecycle": ("生命周期", "life cycle"),
    "upgrading": ("升级评估", "upgrading"),
    "equalization": ("福利均等化", "equalization"),
    "effects": ("福利效应", "welfare effects"),
    "policy": ("政策建议", "policy"),
}

THRESHOLD_COLUMNS = [
    "threshold_id",
    "step",
    "label_zh",
    "label_en",
    "value",
    "default_value",
    "unit",
    "unit_zh",
    "unit_en",
    "min",
    "max",
    "range",
    "source_zh",
    "source_en",
    "citation",
    "overridden",
    "file",
]


def step_of(threshold_id: str) -> str:
    """The step that reads a threshold: its id's first part (``identification.lq.min`` →
    ``identification``); "" for an id of no known step."""
    head = str(threshold_id).split(".", 1)[0]
    return head if head in _DOWNSTREAM else ""


def affected_steps(threshold_ids) -> list[str]:
    """The steps that a change of ``threshold_ids`` reaches, in run order (the step that reads
    each threshold and every step that uses its results)."""
    hit: set[str] = set()
    for tid in threshold_ids:
        step = step_of(tid)
        if step:
            hit.add(step)
            hit.update(_DOWNSTREAM[step])
    return [s for s in STEP_ORDER if s in hit]


def step_names(steps, lang: str = "zh") -> str:
    """ "集群识别、生命周期" / "identification, life cycle"."""
    names = [_STEP_NAMES[s][1 if lang == "en" else 0] for s in steps if s in _STEP_NAMES]
    return (", " if lang == "en" else "、").join(names)


def threshold_rows(profile: Profile) -> pd.DataFrame:
    """Every threshold of ``profile`` (in file order) with what the thresholds table shows: the
    source as the report prints it (a work's title, a framework's name, 本软件默认值) in zh and
    en, and the knowledge base's citation as written. Imports the report's citation rules
    (reportlab with them, ~0.6 s the first time): call it off the UI thread."""
    from clusterpolicy.report import plain

    rows = [
        {
            "threshold_id": it["id"],
            "step": step_of(it["id"]),
            "label_zh": it["label_zh"],
            "label_en": it["label_en"],
            "value": value,
            "default_value": float(it["value"]),
            "unit": it.get("unit", "") or "",
            "unit_zh": formats.unit_word(it.get("unit"), "zh"),
            "unit_en": formats.unit_word(it.get("unit"), "en"),
            "min": _num(it.get("min")),
            "max": _num(it.get("max")),
            "range": f"{_shown(it.get('min'))} – {_shown(it.get('max'))}",
            "source_zh": plain.source(source_text(it.get("source"), "en"), "zh"),
            "source_en": plain.source(source_text(it.get("source"), "en"), "en"),
            "citation": source_text(it.get("source"), "zh"),
            "overridden": it["id"] in profile.overrides,
            "file": f.path,
        }
        for f, it, value in profile.threshold_items()
    ]
    df = pd.DataFrame(rows, columns=THRESHOLD_COLUMNS)
    df.attrs.update(profile.meta())
    return df


def _num(v) -> float | None:
    return None if v is None else float(v)


# --------------------------------------------------------------------- local profiles
def profile_folder() -> Path:
    """The user's folder of local profiles (``…/clusterpolicy/profiles``, created on first use)."""
    path = user_data_dir() / "profiles"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class LocalProfile:
    """A local profile file, as the profile chooser lists it."""

    path: Path
    id: str
    version: str
    date: str
    title_zh: str
    title_en: str
    reason: str = ""
    author: str = ""

    def label(self, lang: str = "zh") -> str:
        title = self.title_en if lang == "en" else self.title_zh
        return (
            f"{title} ({self.version}, {self.date})"
            if lang == "en"
            else f"{title}（{self.version}，{self.date}）"
        )


def local_profiles(folder: str | Path | None = None) -> list[LocalProfile]:
    """The profile files of the user's profile folder (newest first); a file that cannot be
    read is left out (it gives its located message when chosen from a file dialog)."""
    from clusterpolicy.knowledge.yamlfile import read_yaml

    root = Path(folder) if folder is not None else profile_folder()
    out = []
    for p in sorted(root.glob("*.yaml")):
        try:
            doc = read_yaml(p, str(p))
        except ProblemError:
            continue
        if not isinstance(doc, dict) or not str(doc.get("schema", "")).startswith(
            "clusterpolicy.profile/"
        ):
            continue
        out.append(
            LocalProfile(
                path=p,
                id=str(doc.get("id", p.stem)),
                version=str(doc.get("version", "")),
                date=str(doc.get("date", "")),
                title_zh=str(doc.get("title_zh", p.stem)),
                title_en=str(doc.get("title_en", p.stem)),
                reason=str(doc.get("reason", "") or ""),
                author=str(doc.get("author", "") or ""),
            )
        )
    return sorted(out, key=lambda lp: (lp.date, lp.path.stat().st_mtime), reverse=True)


def _local_id(name: str) -> str:
    """``local-<ascii part>-<6 hex of the name>``: the same name gives the same id (saving again
    makes a new version of that profile), any name gives a valid file name."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:32]
    digest = hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:6]
    return "-".join(p for p in ("local", slug, digest) if p)


def _range_problems(base: Profile, overrides: Mapping[str, float]) -> list[Problem]:
    """An edited value of an unknown threshold or outside its [min, max], located at the
    threshold's line in its knowledge-base file and named by its meaning."""
    out = []
    for tid, v in overrides.items():
        try:
            it = base.threshold(tid)
        except KeyError:
            out.append(
                Problem(
                    "kb_unknown_threshold",
                    Severity.ERROR,
                    f"阈值“{tid}”不在规则配置 {base.id} 中",
                    f"threshold '{tid}' is not in rule profile {base.id}",
                    value=str(tid),
                )
            )
            continue
        file, line = base.locations.get(tid, ("", None))
        lo, hi = it.get("min"), it.get("max")
        try:
            fv = float(v)
        except (TypeError, ValueError):
            fv = float("nan")
        if fv != fv or (lo is not None and fv < lo) or (hi is not None and fv > hi):
            rng = f"[{_g(lo)}, {_g(hi)}]"
            out.append(
                Problem(
                    "kb_value_range",
                    Severity.ERROR,
                    f"阈值“{it['label_zh']}”（{tid}）的值 {v} 超出允许范围 {rng}",
                    f"the value {v} of threshold '{it['label_en']}' ({tid}) is outside the "
                    f"allowed range {rng}",
                    f"输入 {_g(lo)} 到 {_g(hi)} 之间的数值。",
                    f"Enter a value from {_g(lo)} to {_g(hi)}.",
                    file=file,
                    row=line,
                    value=str(v),
                )
            )
    return out


def _shown(v) -> str:
    return "—" if v is None else formats.plain_value(v)


def _g(v) -> str:
    return "—" if v is None else f"{float(v):g}"


def save_local_profile(
    base: Profile,
    overrides: Mapping[str, float],
    name: str,
    reason: str,
    who: str,
    path: str | Path | None = None,
    *,
    today: str | None = None,
) -> Path:
    """Write a local profile made from ``base`` and load it back; returns its path.

    ``overrides`` are the values that differ from the knowledge-base files (the edited ones and
    any the base profile already overrode, merged: ``overrides`` wins). ``name`` becomes the
    title (zh and en), ``reason`` (required) and ``who`` are recorded with today's date. The
    file goes to ``path`` or to ``profile_folder()/<id>.yaml``; saving the same name again
    writes the next version. A value out of range, an empty name or reason raise a located
    :class:`ProblemError` before anything is written."""
    import yaml

    name, reason = (name or "").strip(), (reason or "").strip()
    problems: list[Problem] = []
    if not name:
        problems.append(
            Problem(
                "profile_no_name",
                Severity.ERROR,
                "请填写本地规则配置的名称",
                "Give the local rule profile a name",
            )
        )
    if not reason:
        problems.append(
            Problem(
                "profile_no_reason",
                Severity.ERROR,
                "请填写调整阈值的理由",
                "Give a reason for changing the thresholds",
            )
        )
    merged = {**base.overrides, **{k: v for k, v in overrides.items()}}
    problems += _range_problems(base, merged)
    if problems:
        raise ProblemError(problems)
    defaults = {tid: _file_default(base, tid) for tid in merged}
    kept = {tid: _plain(v) for tid, v in merged.items() if float(v) != defaults[tid]}
    pid = _local_id(name)
    target = Path(path) if path is not None else profile_folder() / f"{pid}.yaml"
    version = _next_version(target, pid)
    doc = {
        "schema": "clusterpolicy.profile/2",
        "id": pid,
        "version": version,
        "date": today or _date.today().isoformat(),
        "title_zh": name,
        "title_en": name,
        "based_on": base.based_on
        if base.is_local and base.based_on
        else f"{base.id} {base.version}",
        "reason": reason,
        "author": (who or "").strip() or "—",
        "includes": [f.path for f in base.files],
        "overrides": kept,
    }
    text = (
        "# 本地规则配置，由 ClusterPolicy 保存 / a local rule profile saved by ClusterPolicy\n"
        + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    )
    backup = target.read_bytes() if target.is_file() else None
    with replacing(target, make_folder=True) as tmp:
        tmp.write_text(text, encoding="utf-8")
    try:
        load_profile(target)
    except ProblemError:
        if backup is None:
            target.unlink(missing_ok=True)
        else:
            with replacing(target) as tmp:
                tmp.write_bytes(backup)
        raise
    return target


def _file_default(profile: Profile, tid: str) -> float:
    for f in profile.files_of("thresholds"):
        for it in f.items:
            if it["id"] == tid:
                return float(it["value"])
    raise KeyError(tid)


def _plain(v) -> int | float:
    f = float(v)
    return int(f) if f.is_integer() and abs(f) < 1e15 else f


def _next_version(target: Path, pid: str) -> str:
    """ "1" for a new file; the next whole number when ``target`` already holds profile ``pid``."""
    if not target.is_file():
        return "1"
    try:
        old = load_profile(target)
    except ProblemError:
        return "1"
    if old.id != pid:
        return "1"
    try:
        return str(int(float(old.version)) + 1)
    except ValueError:
        return old.version + ".1"


# --------------------------------------------------------------------- a project's profile
@dataclass
class ProjectProfile:
    """The profile to use for a project, and any notice about how it was found."""

    profile: Profile
    notices: list[Problem] = field(default_factory=list)


def project_profile(project, default: Profile | None = None) -> ProjectProfile:
    """The rule profile of ``project``'s last run: the default when the project names it (or
    none); else the profile file again when it is there with the same id and version; else the
    copy the project keeps (its files' full text), with a notice that the file is missing or
    changed; else the default, with a notice."""
    default = default if default is not None else load_profile()
    rec = project.profile()
    if rec is None or (rec.profile_id, rec.version) == (default.id, default.version):
        return ProjectProfile(default)
    main = Path(rec.main_file) if rec.main_file else None
    if main is not None and not main.is_absolute():
        main = knowledge_dir() / main
    name = rec.main_file or rec.profile_id
    if main is not None and main.is_file():
        try:
            found = load_profile(main)
        except ProblemError:
            found = None
        if found is not None and (found.id, found.version) == (rec.profile_id, rec.version):
            return ProjectProfile(found)
    copy = _from_project_copy(rec)
    if copy is not None:
        why_zh = "不存在" if main is None or not main.is_file() else "已改动"
        why_en = "is missing" if main is None or not main.is_file() else "has changed"
        return ProjectProfile(
            copy,
            [
                Problem(
                    "profile_file_missing",
                    Severity.WARNING,
                    f"本项目上次评估所用的规则配置文件{why_zh}；已改用项目中保存的副本"
                    f"（{rec.profile_id}，版本 {rec.version}）",
                    f"the rule profile file of this project's last run {why_en}; the copy kept "
                    f"in the project is used ({rec.profile_id}, version {rec.version})",
                    file=name,
                )
            ],
        )
    return ProjectProfile(
        default,
        [
            Problem(
                "profile_file_missing",
                Severity.WARNING,
                f"找不到本项目上次评估所用的规则配置（{rec.profile_id}，版本 {rec.version}）；"
                f"已改用默认规则配置 {default.id}",
                f"the rule profile of this project's last run ({rec.profile_id}, version "
                f"{rec.version}) cannot be found; the default profile {default.id} is used",
                "在“规则与阈值…”中选择或重新保存该配置。",
                "Choose or save that profile again in “Rules and thresholds…”.",
                file=name,
            )
        ],
    )


def _from_project_copy(rec) -> Profile | None:
    """The profile rebuilt from the text the project keeps (its main file and the included
    files it names by relative path), or None when the project has no usable copy."""
    if not rec.main_file or rec.main_file not in rec.files:
        return None
    tmp = Path(tempfile.mkdtemp(prefix="clusterpolicy-profile-"))
    try:
        for name, text in rec.files.items():
            if name == rec.main_file or Path(name).is_absolute() or ".." in Path(name).parts:
                continue
            dest = tmp / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
        main = tmp / "profile-from-project.yaml"
        main.write_text(rec.files[rec.main_file], encoding="utf-8")
        try:
            profile = load_profile(main)
        except ProblemError:
            return None
        profile.path = rec.main_file
        for f in profile.files:
            f.path = _relative_to(Path(f.path), tmp)
        return profile
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _relative_to(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
