"""Named what-if scenarios of an assessment, kept in the project (Qt-free).

A scenario is the JSON object of :mod:`clusterpolicy.assess.equalization.scenario` (pool, rule,
target indicator, growth assumptions, or a growth-by-region scenario) with a ``name``.
:class:`Scenarios` holds the named scenarios of one assessment and which one is **chosen**: the
one the assessment runs with (运行情景 chooses the scenario it runs), so the results — and the
report printed from them — show the chosen scenario and its assumptions.

With an open project every change is written at once to the project setting ``scenarios``::

    {"items": [{"name": "教育转移支付", "transfer_pool_yuan": 3e8, ...}, ...], "chosen": "教育转移支付"}

Without one they live in memory (``unsaved`` says so) until the session becomes a project
(:meth:`Scenarios.copy_into`). Reading back is defensive: a setting of another shape, an item
that is not a valid scenario or a chosen name that is not among the items is left out with a
located notice (``notices``), never a crash.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace

from clusterpolicy.assess.equalization.scenario import (
    ALLOCATIONS,
    GROWTH_FIELDS,
    TARGETS,
    check_scenario,
)
from clusterpolicy.messages import Problem, ProblemError, Severity

__all__ = [
    "ALLOCATIONS",
    "GROWTH_FIELDS",
    "SETTING",
    "TARGETS",
    "Scenarios",
    "scenario_problems",
]

SETTING = "scenarios"
MAX_NAME = 80


def _plain(scenario: Mapping) -> dict:
    """A JSON-safe copy (what the project file keeps)."""
    return json.loads(json.dumps(dict(scenario), ensure_ascii=False, allow_nan=False))


def scenario_problems(
    scenario: object,
    where_zh: str = "",
    where_en: str = "",
    *,
    need_name: bool = True,
    file: str = "",
) -> list[Problem]:
    """The located problems of one scenario (empty when it can be run): a name, then every bad
    field as :func:`~clusterpolicy.assess.equalization.scenario.check_scenario` names it.
    ``where_zh`` / ``where_en`` say where the scenario comes from (e.g. the project setting),
    ``file`` the scenario file; a scenario file may leave out the name (``need_name=False``)."""
    pre_zh, pre_en = (f"{where_zh}：", f"{where_en}: ") if where_zh else ("", "")
    if not isinstance(scenario, Mapping):
        return [
            Problem(
                "bad_scenario",
                Severity.ERROR,
                pre_zh + "情景须为 JSON 对象",
                pre_en + "a scenario must be a JSON object",
                value=str(scenario)[:60],
            )  # fmt: skip
        ]
    out = []
    name = scenario.get("name")
    if name is None and not need_name:
        pass
    elif not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        out.append(
            Problem(
                "bad_scenario",
                Severity.ERROR,
                pre_zh + f"情景名称须为 1 至 {MAX_NAME} 个字符",
                pre_en + f"a scenario needs a name of 1 to {MAX_NAME} characters",
                value=str(name)[:60],
            )  # fmt: skip
        )
    for issue in check_scenario(scenario):
        out.append(
            Problem(
                "bad_scenario",
                Severity.ERROR,
                pre_zh + issue.message_zh,
                pre_en + issue.message_en,
                fix_zh="在福利均等化页改正该情景后保存",
                fix_en="correct the scenario on the equalization page and save it",
                value=issue.value,
            )
        )
    try:
        _plain(scenario)
    except (TypeError, ValueError):
        out.append(
            Problem(
                "bad_scenario",
                Severity.ERROR,
                pre_zh + "情景含有无法保存的值",
                pre_en + "the scenario holds a value that cannot be saved",
            )  # fmt: skip
        )
    return [replace(p, file=file) for p in out] if file else out


class Scenarios:
    """The named scenarios of one assessment and the chosen one (project or memory)."""

    def __init__(self, project=None):
        self.project = project
        self.items: dict[str, dict] = {}  # name → scenario, in the order saved
        self.chosen: str | None = None
        self.notices: list[Problem] = []  # what could not be read back
        self.unsaved = False  # in memory only: changes no project holds yet
        if project is not None:
            self._load(project)

    # --- reading ---------------------------------------------------------------------------
    def _load(self, project) -> None:
        where = ("项目设置“scenarios”", "project setting 'scenarios'")
        try:
            value = project.setting(SETTING)
        except ProblemError as exc:
            self.notices += exc.problems
            return
        if value is None:
            return
        if not isinstance(value, Mapping) or not isinstance(value.get("items", []), list):
            self.notices.append(
                Problem(
                    "bad_scenario",
                    Severity.WARNING,
                    f"{where[0]}已损坏，未读取其中的情景",
                    f"{where[1]} is damaged; its scenarios were not read",
                    value=str(value)[:60],
                )  # fmt: skip
            )
            return
        for i, item in enumerate(value.get("items", []), start=1):
            name = item.get("name") if isinstance(item, Mapping) else None
            label = f"“{name}”" if isinstance(name, str) else ""
            problems = scenario_problems(item)
            if problems:  # one notice per scenario left out, naming all its bad fields
                self.notices.append(
                    Problem(
                        "bad_scenario",
                        Severity.WARNING,
                        f"{where[0]}第{i}个情景{label}未读取："
                        + "；".join(p.message_zh for p in problems),
                        f"{where[1]}: scenario {i} {label} was not read: ".replace("  ", " ")
                        + "; ".join(p.message_en for p in problems),
                    )
                )
                continue
            self.items[name.strip()] = _plain(item) | {"name": name.strip()}
        chosen = value.get("chosen")
        if chosen is None or (isinstance(chosen, str) and chosen in self.items):
            self.chosen = chosen
        else:
            self.notices.append(
                Problem(
                    "bad_scenario",
                    Severity.WARNING,
                    f"{where[0]}选用的情景“{str(chosen)[:60]}”不在已保存的情景中，未选用情景",
                    f"{where[1]}: the chosen scenario '{str(chosen)[:60]}' is not among the saved ones; none is chosen",
                )  # fmt: skip
            )

    def names(self) -> list[str]:
        return list(self.items)

    def get(self, name: str | None) -> dict | None:
        sc = self.items.get(name) if name is not None else None
        return dict(sc) if sc is not None else None

    def chosen_scenario(self) -> dict | None:
        """The scenario the next run uses (None: the run has no scenario)."""
        return self.get(self.chosen)

    # --- changing --------------------------------------------------------------------------
    def save(self, scenario: Mapping) -> str:
        """Keep ``scenario`` under its name (replacing one of the same name); a bad field is a
        ``ProblemError`` with located problems and nothing is kept. Returns the name."""
        problems = scenario_problems(scenario)
        if problems:
            raise ProblemError(problems)
        name = str(scenario["name"]).strip()
        items = dict(self.items)
        items[name] = _plain(scenario) | {"name": name}
        self._store(items, self.chosen)
        return name

    def delete(self, name: str) -> bool:
        """Forget the scenario ``name`` (and un-choose it); False when there was none."""
        if name not in self.items:
            return False
        items = {k: v for k, v in self.items.items() if k != name}
        self._store(items, None if self.chosen == name else self.chosen)
        return True

    def choose(self, name: str | None) -> None:
        """The scenario the runs use (None: none)."""
        if name is not None and name not in self.items:
            raise KeyError(name)
        self._store(self.items, name)

    def _store(self, items: dict[str, dict], chosen: str | None) -> None:
        if self.project is not None:  # may raise ProblemError (read-only): nothing changes then
            self.project.set_setting(SETTING, {"items": list(items.values()), "chosen": chosen})
        else:
            self.unsaved = self.unsaved or items != self.items or chosen != self.chosen
        self.items, self.chosen = dict(items), chosen

    def snapshot(self) -> Scenarios:
        """An in-memory copy that later changes do not touch (for a background writer, e.g. a
        recovery copy: ``save_session_as(..., scenarios=book.snapshot())``)."""
        snap = Scenarios()
        snap.items = {k: json.loads(json.dumps(v)) for k, v in self.items.items()}
        snap.chosen = self.chosen
        return snap

    def copy_into(self, project) -> None:
        """Write the in-memory scenarios into ``project`` (a session saved as a project) and
        continue on it."""
        if self.items or self.chosen is not None:
            project.set_setting(
                SETTING, {"items": list(self.items.values()), "chosen": self.chosen}
            )
        self.project, self.unsaved = project, False
