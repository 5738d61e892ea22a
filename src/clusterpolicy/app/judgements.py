"""Qt-free state behind the judgement page: which items each scope asks and the officials' answers
and life-cycle overrides, written through to the project file when one is open.

Scopes (see :mod:`clusterpolicy.knowledge.answers`): per cluster (key = industry code)
existence, lifecycle, technology, brand; for the region (key = "") roles, red_flags,
policy_quality. An answer is "yes"/"partial"/"no", 0–4 (``likert_0_4`` items) or None (not
answered), always with a note (the evidence).

:class:`Judgements` is the one place the window reads and writes judgements. With a project
(:class:`~clusterpolicy.store.project.Project`) every change is committed at once by
``set_answer`` / ``set_override`` (the project keeps who/when/old→new); without one the same
history is kept in memory and the answers can be saved as an answers JSON file. Contract:
``to_answers()`` and ``overrides_for_run()`` are exactly what ``run_assessment`` takes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from clusterpolicy.model.answers import Answers
from clusterpolicy.model.vocabulary import (
    CLUSTER_SCOPES,
    LIFECYCLE_OVERRIDE,
    REGION_SCOPES,
    SCOPE_FILES,
    normalise_answer,
)
from clusterpolicy.store.records import Answer, AnswerChange, Override, OverrideChange
from clusterpolicy.text.labels import label

SCOPES = CLUSTER_SCOPES + REGION_SCOPES


def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment (service accounts)
        return ""


def user_name() -> str:
    """The name recorded as "who" with every answer: the one typed on the judgement page
    (kept per user in ``user_data_dir()/user.json``), else the OS user name."""
    from clusterpolicy.paths import user_data_dir

    try:
        name = json.loads((user_data_dir() / "user.json").read_text(encoding="utf-8")).get(
            "who", ""
        )
    except (OSError, ValueError, AttributeError):
        name = ""
    return str(name).strip() or os_user()


def save_user_name(name: str) -> str:
    """Remember ``name`` for this OS user (blank = use the OS user name); return the name in force."""
    from clusterpolicy.paths import user_data_dir

    path = user_data_dir() / "user.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        data = {}
    data["who"] = (name or "").strip()
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data["who"] or os_user()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def answer_label(value, lang: str = "zh") -> str:
    """ "是"/"yes", "3", "未回答"/"unanswered" for a stored answer value."""
    v = normalise_answer(value)
    if v is None:
        return label("unanswered", lang)
    return label(v, lang) if isinstance(v, str) else str(v)


@dataclass(frozen=True)
class JudgementItem:
    """One question of a scope, as the page shows it."""

    id: str
    text_zh: str
    text_en: str
    scale: str  # an answer scale of model.vocabulary.SCALES
    mode: str  # "judgement" or "data" (scored from the data when the workbook has the figure)
    formula: str = ""
    dimension: str = ""
    hint_zh: str = ""
    hint_en: str = ""

    @property
    def data_driven(self) -> bool:
        return self.mode == "data"

    def text(self, lang: str = "zh") -> str:
        return self.text_zh if lang == "zh" else self.text_en

    def hint(self, lang: str = "zh") -> str:
        return self.hint_zh if lang == "zh" else self.hint_en


def scope_items(profile, scope: str) -> list[JudgementItem]:
    """The items of ``scope`` in the rule profile, in file order. A red flag asks its question
    (``question_zh``; answered yes/no, "yes" triggers it) and shows its principle as the hint."""
    kb = profile.file(SCOPE_FILES[scope])
    out = []
    for it in kb.items:
        if scope == "red_flags":
            out.append(
                JudgementItem(
                    str(it["id"]),
                    it["question_zh"],
                    it["question_en"],
                    "yes_no",
                    "judgement",
                    hint_zh=it.get("text_zh", ""),
                    hint_en=it.get("text_en", ""),
                )
            )
        else:
            out.append(
                JudgementItem(
                    str(it["id"]),
                    it["text_zh"],
                    it["text_en"],
                    str(it.get("scale") or "yes_partial_no"),
                    str(it.get("mode") or "judgement"),
                    str(it.get("formula") or ""),
                    str(it.get("dimension") or ""),
                    it.get("evidence_hint_zh", ""),
                    it.get("evidence_hint_en", ""),
                )
            )
    return out


def scope_key(scope: str, industry_code: str | None) -> tuple[str, str]:
    """The project's answer scope: ``(scope, industry_code)`` per cluster, ``(scope, "")`` regional."""
    if scope in REGION_SCOPES:
        return scope, ""
    if scope not in CLUSTER_SCOPES:
        raise KeyError(scope)
    if not industry_code:
        raise ValueError(f"scope {scope!r} is per cluster: choose a cluster")
    return scope, str(industry_code)


def cluster_choices(
    data, result_tables: dict[str, pd.DataFrame] | None, lang: str = "zh"
) -> list[tuple[str, str]]:
    """(industry code, label) for the cluster chooser: the clusters the last run assessed in depth
    first (marked ★), then every other industry of the data in code order."""
    selected: list[str] = []
    clusters = (result_tables or {}).get("clusters")
    if clusters is not None and "selected" in clusters:
        sel = clusters[clusters["selected"].fillna(False).astype(bool)]
        selected = [str(c) for c in sel["industry_code"]]
    codes = list(data.industry_codes()) if data is not None else []
    out = []
    for code in selected + [c for c in codes if c not in selected]:
        name = data.industry_name(code, lang) if data is not None else ""
        out.append((code, f"{'★ ' if code in selected else ''}{code} {name}".strip()))
    return out


def data_values(
    result_tables: dict[str, pd.DataFrame] | None, industry_code: str, scope: str
) -> dict[str, float]:
    """{item_id: value} of the data-driven checklist items of one cluster in the last run (the
    ``upgrading`` sheet's ``value`` column; items without a figure are left out)."""
    up = (result_tables or {}).get("upgrading")
    if up is None or not len(up) or scope not in ("technology", "brand"):
        return {}
    rows = up[(up["industry_code"].astype(str) == str(industry_code)) & (up["mode"] == "data")]
    rows = rows[
        rows["item_id"].astype(str).str.startswith("TECH" if scope == "technology" else "BRAND")
    ]
    vals = pd.to_numeric(rows["value"], errors="coerce")
    return {str(i): float(v) for i, v in zip(rows["item_id"], vals, strict=True) if pd.notna(v)}


class Judgements:
    """Answers and life-cycle overrides of one assessment, in a project or in memory."""

    def __init__(self, project=None):
        self.project = project
        self._answers: dict[tuple[str, str, str], Answer] = {}
        self._answer_history: list[AnswerChange] = []
        self._overrides: dict[str, Override] = {}
        self._override_history: list[OverrideChange] = []

    # ---- answers
    def answer(self, scope: tuple[str, str], item_id: str) -> Answer | None:
        if self.project is not None:
            return self.project.answer(scope, item_id)
        return self._answers.get((*scope, item_id))

    def all_answers(self) -> list[Answer]:
        if self.project is not None:
            return self.project.answers()
        return sorted(self._answers.values(), key=lambda a: (*a.scope, a.item_id))

    def set_answer(
        self, scope: tuple[str, str], item_id: str, value, note: str = "", who: str = ""
    ) -> bool:
        """Record one answer (None = not answered); False when nothing changed. Raises ValueError
        for a value that is not yes/partial/no or 0–4."""
        value = normalise_answer(value)
        note = (note or "").strip()
        if self.project is not None:
            return self.project.set_answer(scope, item_id, value, note, who=who or None)
        key = (*scope, item_id)
        old = self._answers.get(key)
        old_value, old_note = (old.value, old.note) if old else (None, "")
        if old_value == value and (old_note == note or value is None):
            return False
        at = now()
        if value is None:
            self._answers.pop(key, None)
        else:
            self._answers[key] = Answer(scope, item_id, value, note, at, who)
        self._answer_history.append(
            AnswerChange(
                scope,
                item_id,
                old_value,
                value,
                old_note,
                note if value is not None else "",
                at,
                who,
            )
        )
        return True

    def answer_history(self, scope: tuple[str, str], item_id: str) -> list[AnswerChange]:
        """Every change of one item, oldest first."""
        if self.project is not None:
            return self.project.answer_history(scope, item_id)
        return [c for c in self._answer_history if c.scope == scope and c.item_id == item_id]

    def merge_answers(self, answers: Answers, who: str = "") -> int:
        """Write every answer of a loaded answers file (the file's ``who`` wins); return how many changed."""
        n = 0
        for ind, scopes in answers.clusters.items():
            for scope, items in scopes.items():
                for item_id, a in items.items():
                    n += self.set_answer(
                        (scope, str(ind)),
                        item_id,
                        a.get("answer"),
                        a.get("note") or "",
                        a.get("who") or who,
                    )
        for scope, items in answers.regional.items():
            for item_id, a in items.items():
                n += self.set_answer(
                    (scope, ""), item_id, a.get("answer"), a.get("note") or "", a.get("who") or who
                )
        return n

    def to_answers(self, region_code: str = "") -> Answers:
        """The answers as ``run_assessment`` takes them (``{answer, note, who, when}`` per item)."""
        out = Answers(region_code=region_code or "")
        for a in self.all_answers():
            kind, key = a.scope
            rec = {
                "answer": a.value,
                "note": a.note,
                "who": a.updated_by,
                "when": a.updated_at[:10],
            }
            if kind in REGION_SCOPES:
                out.regional.setdefault(kind, {})[a.item_id] = rec
            elif kind in CLUSTER_SCOPES:
                out.clusters.setdefault(key, {}).setdefault(kind, {})[a.item_id] = rec
        return out

    def save_json(self, path: str | Path, region_code: str = "") -> Path:
        """Write the answers as an answers file (``clusterpolicy.answers/1``, readable by ``--answers``)."""
        path = Path(path)
        path.write_text(
            json.dumps(self.to_answers(region_code).to_dict(), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        return path

    # ---- life-cycle overrides
    def override(self, code: str) -> Override | None:
        if self.project is not None:
            return self.project.override(LIFECYCLE_OVERRIDE, str(code))
        return self._overrides.get(str(code))

    def all_overrides(self) -> list[Override]:
        if self.project is not None:
            return self.project.overrides(LIFECYCLE_OVERRIDE)
        return [self._overrides[k] for k in sorted(self._overrides)]

    def set_override(self, code: str, stage: str, reason: str, who: str = "") -> None:
        """Set the life-cycle stage of cluster ``code`` by hand; a written reason is required."""
        self._change_override(str(code), stage, reason, who)

    def clear_override(self, code: str, reason: str, who: str = "") -> None:
        """Back to the computed stage; the reason goes into the history."""
        self._change_override(str(code), None, reason, who)

    def _change_override(self, code: str, stage: str | None, reason: str, who: str) -> None:
        reason = (reason or "").strip()
        if not reason:
            raise ValueError("an override needs a written reason / 调整必须填写理由")
        if self.project is not None:
            if stage is None:
                self.project.clear_override(LIFECYCLE_OVERRIDE, code, reason, who=who or None)
            else:
                self.project.set_override(LIFECYCLE_OVERRIDE, code, stage, reason, who=who or None)
            return
        old = self._overrides.get(code)
        at = now()
        if stage is None:
            self._overrides.pop(code, None)
        else:
            self._overrides[code] = Override(LIFECYCLE_OVERRIDE, code, stage, reason, at, who)
        self._override_history.append(
            OverrideChange(
                LIFECYCLE_OVERRIDE, code, old.value if old else None, stage, reason, at, who
            )
        )

    def override_history(self, code: str) -> list[OverrideChange]:
        if self.project is not None:
            return self.project.override_history(LIFECYCLE_OVERRIDE, str(code))
        return [c for c in self._override_history if c.subject == str(code)]

    def overrides_for_run(self) -> dict[str, dict]:
        """``{code: {"stage", "reason"}}`` as ``run_assessment(overrides=…)`` takes them."""
        return {o.subject: {"stage": o.value, "reason": o.reason} for o in self.all_overrides()}

    def snapshot(self) -> Judgements:
        """An in-memory copy of these answers and overrides that later changes do not touch (a
        background writer takes it; for a project's judgements, the copy holds what is in it)."""
        snap = Judgements()
        for a in self.all_answers():
            snap._answers[(*a.scope, a.item_id)] = a
        for o in self.all_overrides():
            snap._overrides[o.subject] = o
        return snap

    def copy_into(self, project, who: str = "") -> None:
        """Write the in-memory answers and overrides into ``project`` (used when a project is
        created from the current window state) and continue on it."""
        target = Judgements(project)
        for a in self.all_answers():
            target.set_answer(a.scope, a.item_id, a.value, a.note, a.updated_by or who)
        for o in self.all_overrides():
            target.set_override(o.subject, o.value, o.reason, o.updated_by or who)
        self.project = project
