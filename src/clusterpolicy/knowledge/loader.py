"""Loading a rule profile: read the profile file and every file it includes, validate them
and check across files (see :func:`load_profile`; the rules are listed in
:mod:`clusterpolicy.knowledge.profile`)."""

from __future__ import annotations

from pathlib import Path

from clusterpolicy.knowledge.profile import DEFAULT_PROFILE, KBFile, Profile, knowledge_dir
from clusterpolicy.knowledge.schema import validate_file
from clusterpolicy.knowledge.yamlfile import LineDict, plain, read_yaml
from clusterpolicy.messages import Problem, ProblemError, Severity


def _err(
    code: str,
    file: str,
    line: int | None,
    zh: str,
    en: str,
    fix_zh: str = "",
    fix_en: str = "",
    value: str = "",
) -> Problem:
    return Problem(
        code, Severity.ERROR, zh, en, fix_zh, fix_en, file=file, row=line, value=value[:80]
    )


def _resolve_include(rel: str, profile_path: Path, bundled_root: Path) -> Path | None:
    for base in (profile_path.parent, bundled_root):
        cand = base / rel
        if cand.is_file():
            return cand
    return None


def _display(path: Path, bundled_root: Path) -> str:
    try:
        return path.resolve().relative_to(bundled_root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _read_and_validate(path: Path, name: str, problems: list[Problem]):
    try:
        doc = read_yaml(path, name)
    except ProblemError as exc:
        problems.extend(exc.problems)
        return None, None
    kind, probs = validate_file(doc, name)
    problems.extend(probs)
    if probs:
        return kind, None
    return kind, doc


def load_profile(path: str | Path | None = None) -> Profile:
    """Load and validate a profile (None = the bundled ``profiles/default.yaml``).

    Raises :class:`ProblemError` listing every located problem found in the profile and in the
    files it includes.
    """
    # Long on purpose: read → validate → register ids → cross-file checks, in that order, so
    # every problem of every file is collected before one ProblemError is raised.
    root = knowledge_dir()
    ppath = root / DEFAULT_PROFILE if path is None else Path(path)
    pname = _display(ppath, root)
    problems: list[Problem] = []
    kind, doc = _read_and_validate(ppath, pname, problems)
    if doc is not None and kind != "profile":
        problems.append(
            _err(
                "kb_not_profile",
                pname,
                doc.line_of("schema"),
                "该文件不是规则配置（profile）文件",
                "this file is not a rule profile",
                "选择 schema 为 clusterpolicy.profile/1 的文件。",
                "Choose a file with schema clusterpolicy.profile/1.",
            )
        )
        doc = None
    if doc is None:
        raise ProblemError(problems)

    profile = Profile(
        id=str(doc["id"]),
        version=str(doc["version"]),
        date=str(doc["date"]),
        title_zh=doc["title_zh"],
        title_en=doc["title_en"],
        path=pname,
        based_on=str(doc.get("based_on", "") or ""),
        reason=str(doc.get("reason", "") or ""),
        author=str(doc.get("author", "") or ""),
    )
    includes = doc.get("includes") or []
    inc_lines = _list_item_lines(ppath, "includes", len(includes), doc.line_of("includes"))
    seen_ids: dict[str, tuple[str, int]] = {}
    for rel, line in zip(includes, inc_lines):
        fpath = _resolve_include(rel, ppath, root)
        if fpath is None:
            problems.append(
                _err(
                    "kb_include_missing",
                    pname,
                    line,
                    f"引用的知识库文件“{rel}”不存在",
                    f"included knowledge-base file '{rel}' does not exist",
                    "检查路径（相对于本配置文件所在文件夹或 resources/knowledge/）。",
                    "Check the path (relative to this profile's folder or to resources/knowledge/).",
                    value=rel,
                )
            )
            continue
        fname = _display(fpath, root)
        fkind, fdoc = _read_and_validate(fpath, fname, problems)
        if fdoc is None:
            continue
        if fkind == "profile":
            problems.append(
                _err(
                    "kb_nested_profile",
                    pname,
                    line,
                    "配置文件不能引用另一个配置文件",
                    "a profile cannot include another profile",
                    value=rel,
                )
            )
            continue
        kbf = KBFile(
            kind=fkind,
            id=fdoc["id"],
            version=str(fdoc["version"]),
            title_zh=fdoc["title_zh"],
            title_en=fdoc["title_en"],
            path=fname,
            items=plain(fdoc.get("items") or []),
            dimensions=plain(fdoc.get("dimensions") or []),
            date=str(fdoc.get("date", "")),
        )
        _register(kbf.id, (fname, fdoc.line_of("id")), seen_ids, problems)
        for raw, it in zip(fdoc.get("items") or [], kbf.items):
            loc = (fname, raw.line_of("id"))
            if _register(it["id"], loc, seen_ids, problems):
                profile.items_by_id[it["id"]] = it
                profile.locations[it["id"]] = loc
        profile.files.append(kbf)

    _check_action_refs(profile, problems)
    _check_plan_refs(profile, problems)
    overrides = doc.get("overrides") or {}
    _check_overrides(profile, overrides, pname, problems)
    if problems:
        raise ProblemError(problems)
    profile.overrides = {k: float(v) for k, v in overrides.items()}
    return profile


def _register(item_id: str, loc: tuple[str, int], seen: dict, problems: list[Problem]) -> bool:
    if item_id in seen:
        f0, l0 = seen[item_id]
        problems.append(
            _err(
                "kb_duplicate_id",
                loc[0],
                loc[1],
                f"id“{item_id}”重复：{f0} 第{l0}行已经使用",
                f"duplicate id '{item_id}': already used in {f0} line {l0}",
                "给其中一个条目改用新的 id。",
                "Give one of the two items a new id.",
                value=item_id,
            )
        )
        return False
    seen[item_id] = loc
    return True


def _check_action_refs(profile: Profile, problems: list[Problem]) -> None:
    actions = profile.actions()
    for f in profile.files:
        if f.kind not in ("checklist", "redflags"):
            continue
        for it in f.items:
            a = it.get("action")
            if a is not None and a not in actions:
                fname, line = profile.locations.get(it["id"], (f.path, None))
                problems.append(
                    _err(
                        "kb_unknown_reference",
                        fname,
                        line,
                        f"条目“{it['id']}”引用的措施“{a}”不存在",
                        f"item '{it['id']}' refers to action '{a}', which does not exist",
                        "在措施文件中补充该 id，或改正拼写。",
                        "Add that id to an actions file, or fix the spelling.",
                        value=str(a),
                    )
                )


def _check_plan_refs(profile: Profile, problems: list[Problem]) -> None:
    """Every plan field that names a department or an indicator names one the profile has
    (only when the profile includes a departments / indicators file at all)."""
    depts = {d["id"] for d in profile.departments()}
    inds = {i["id"] for i in profile.indicators()}
    for f in profile.files:
        if f.kind not in ("actions", "levers"):
            continue
        for it in f.items:
            refs = []
            if depts:
                refs += [("lead", it["lead"])] if "lead" in it else []
                refs += [("support", s) for s in it.get("support") or ()]
            if inds and "indicator" in it:
                refs.append(("indicator", it["indicator"]))
            known = {"lead": depts, "support": depts, "indicator": inds}
            for key, ref in refs:
                if ref in known[key]:
                    continue
                fname, line = profile.locations.get(it["id"], (f.path, None))
                problems.append(
                    _err(
                        "kb_unknown_reference",
                        fname,
                        line,
                        f"条目“{it['id']}”的 {key} 引用的“{ref}”不存在",
                        f"item '{it['id']}': {key} refers to '{ref}', which does not exist",
                        "在部门或指标文件中补充该 id，或改正拼写。",
                        "Add that id to the departments or indicators file, or fix the spelling.",
                        value=str(ref),
                    )
                )


def _check_overrides(profile: Profile, overrides, pname: str, problems: list[Problem]) -> None:
    if not isinstance(overrides, LineDict):
        return
    thresholds = {it["id"]: it for f in profile.files_of("thresholds") for it in f.items}
    for tid, v in overrides.items():
        line = overrides.line_of(tid)
        if tid not in thresholds:
            problems.append(
                _err(
                    "kb_unknown_threshold",
                    pname,
                    line,
                    f"覆盖的阈值“{tid}”不存在",
                    f"overridden threshold '{tid}' does not exist",
                    "检查阈值 id 的拼写，或确认包含了定义它的文件。",
                    "Check the threshold id, or include the file that defines it.",
                    value=str(tid),
                )
            )
            continue
        t = thresholds[tid]
        lo, hi = t.get("min"), t.get("max")
        try:
            fv = float(v)
        except (TypeError, ValueError):
            continue  # reported by the schema check
        if (lo is not None and fv < lo) or (hi is not None and fv > hi):
            problems.append(
                _err(
                    "kb_value_range",
                    pname,
                    line,
                    f"阈值“{tid}”的覆盖值 {v} 超出允许范围 [{lo}, {hi}]",
                    f"override {v} for threshold '{tid}' is outside the allowed range [{lo}, {hi}]",
                    "改为范围内的数值。",
                    "Enter a value within the range.",
                    value=str(v),
                )
            )


def _list_item_lines(path: Path, key: str, n: int, fallback: int) -> list[int]:
    """Lines of the entries of a top-level block list ``key:`` (scalar entries carry no line in
    the constructed data, so they are read from the node tree)."""
    import yaml

    try:
        node = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
        for k, v in node.value:
            if k.value == key and isinstance(v, yaml.SequenceNode):
                return [x.start_mark.line + 1 for x in v.value]
    except Exception:  # noqa: BLE001 - lines are a nicety; the file already parsed once
        pass
    return [fallback] * n
