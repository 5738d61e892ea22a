"""Rule profiles: the versioned, dated set of knowledge-base files an assessment runs with.

A profile file (``schema: clusterpolicy.profile/1``) lists ``includes`` (knowledge-base files) and
``overrides`` ({threshold_id: value}). :func:`load_profile` reads it and every included file,
validates them (see :mod:`clusterpolicy.knowledge.schema`) and checks across files:

* an include that does not exist (located at the include's line in the profile);
* duplicate ids — file ids and item ids share one name space across all included files;
* a checklist item whose ``action`` names no action in any included actions file;
* an override for an unknown threshold, or outside the threshold's [min, max].

All problems of all files are collected and raised together as one :class:`ProblemError`.

Include paths are relative. For the bundled profiles they are relative to
``resources/knowledge/``. For a user's profile file a path is looked up first beside the profile
file, then in the bundled ``resources/knowledge/`` folder, so a provincial profile can include the
bundled files by the same relative paths and add or override its own.

Engines never read YAML: they take :meth:`Profile.threshold_values` and plain item lists.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from clusterpolicy.knowledge.schema import KINDS
from clusterpolicy.paths import resources_dir

DEFAULT_PROFILE = "profiles/default.yaml"


def knowledge_dir() -> Path:
    """The bundled ``resources/knowledge/`` folder."""
    return resources_dir() / "knowledge"


@dataclass
class KBFile:
    """One validated knowledge-base file (header fields plus plain item dicts)."""

    kind: str
    id: str
    version: str
    title_zh: str
    title_en: str
    path: str  # as shown in messages (relative to resources/knowledge/ for bundled files)
    items: list[dict] = field(default_factory=list)
    dimensions: list[dict] = field(default_factory=list)
    date: str = ""

    def dimension_label(self, dim_id: str, lang: str = "zh") -> str:
        for d in self.dimensions:
            if d.get("id") == dim_id:
                return d.get("label_zh" if lang == "zh" else "label_en", dim_id)
        return dim_id


@dataclass
class Profile:
    """A loaded rule profile. ``items_by_id`` holds every item of every included file."""

    id: str
    version: str
    date: str
    title_zh: str
    title_en: str
    path: str
    files: list[KBFile] = field(default_factory=list)
    overrides: dict[str, float] = field(default_factory=dict)
    items_by_id: dict[str, dict] = field(default_factory=dict)
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)  # item id → (file, line)
    # a local profile (schema profile/2, saved from the app): what it was made from, why, by whom
    based_on: str = ""  # "cn-default 1.0"
    reason: str = ""
    author: str = ""

    @property
    def is_local(self) -> bool:
        """True for a profile saved from the app (it records a reason)."""
        return bool(self.reason)

    # --- files by kind ----------------------------------------------------------------
    def files_of(self, kind: str) -> list[KBFile]:
        return [f for f in self.files if f.kind == kind]

    def file(self, file_id: str) -> KBFile:
        for f in self.files:
            if f.id == file_id:
                return f
        raise KeyError(f"knowledge-base file {file_id!r} is not in profile {self.id!r}")

    def checklist(self, checklist_id: str) -> KBFile:
        """A checklist file by id, e.g. ``checklist.technology`` (``technology`` also works)."""
        cid = checklist_id if checklist_id.startswith("checklist.") else f"checklist.{checklist_id}"
        f = self.file(cid)
        if f.kind != "checklist":
            raise KeyError(cid)
        return f

    def questionnaire(self, questionnaire_id: str) -> KBFile:
        qid = (
            questionnaire_id
            if questionnaire_id.startswith("questionnaire.")
            else f"questionnaire.{questionnaire_id}"
        )
        f = self.file(qid)
        if f.kind != "questionnaire":
            raise KeyError(qid)
        return f

    def levers(self, kind: str | None = None) -> list[dict]:
        """All lever items, or those of one kind (endogenous|exogenous|transfer|stage)."""
        out = [it for f in self.files_of("levers") for it in f.items]
        return [it for it in out if kind is None or it.get("kind") == kind]

    def red_flags(self) -> list[dict]:
        return [it for f in self.files_of("redflags") for it in f.items]

    def actions(self) -> dict[str, dict]:
        return {it["id"]: it for f in self.files_of("actions") for it in f.items}

    def action(self, action_id: str) -> dict:
        return self.actions()[action_id]

    def departments(self) -> list[dict]:
        """The departments that lead or support actions (departments files)."""
        return [it for f in self.files_of("departments") for it in f.items]

    def indicators(self) -> list[dict]:
        """The target indicators of actions (indicators files)."""
        return [it for f in self.files_of("indicators") for it in f.items]

    def contradictions(self) -> list[dict]:
        """Pairs of action tags never advised together for one cluster."""
        return [it for f in self.files_of("contradictions") for it in f.items]

    # --- thresholds ---------------------------------------------------------------------
    def threshold(self, threshold_id: str) -> dict:
        """The threshold item with the override (if any) applied to ``value``."""
        for f in self.files_of("thresholds"):
            for it in f.items:
                if it["id"] == threshold_id:
                    out = dict(it)
                    if threshold_id in self.overrides:
                        out["value"] = self.overrides[threshold_id]
                        out["overridden"] = True
                    return out
        raise KeyError(f"threshold {threshold_id!r} is not in profile {self.id!r}")

    def value(self, threshold_id: str) -> float:
        """The value of one threshold (override applied). A missing id raises ``KeyError`` with
        a bilingual message naming it: engines have no defaults of their own."""
        values = self._values()
        if threshold_id not in values:
            raise KeyError(
                f"threshold {threshold_id!r} is not in profile {self.id!r} / "
                f"规则配置 {self.id!r} 中没有阈值 {threshold_id!r}"
            )
        return values[threshold_id]

    def has(self, threshold_id: str) -> bool:
        """True when the profile defines ``threshold_id`` (a province may leave a floor out)."""
        return threshold_id in self._values()

    def _values(self) -> dict[str, float]:
        cache = self.__dict__.get("_cache")
        if cache is None:
            cache = self.threshold_values()
            self.__dict__["_cache"] = cache
        return cache

    def with_overrides(
        self, overrides: dict[str, float] | None = None, drop: tuple[str, ...] = ()
    ) -> Profile:
        """A copy with ``overrides`` applied (ids not in the files are added) and the thresholds
        ``drop`` removed — for what-if runs and tests; the files themselves are untouched."""
        out = copy.copy(self)
        out.files = list(self.files)
        out.overrides = {**self.overrides, **{k: float(v) for k, v in (overrides or {}).items()}}
        out.__dict__.pop("_cache", None)
        if drop:
            out.__dict__["_dropped"] = frozenset(drop) | self.__dict__.get("_dropped", frozenset())
        return out

    def cost_sharing_tiers(self) -> dict[int, tuple[str, ...]]:
        """{tier: GB/T 2260 code prefixes} from the transfer levers that carry ``tier``/``codes``."""
        out: dict[int, tuple[str, ...]] = {}
        for lv in self.levers("transfer"):
            if "tier" in lv and "codes" in lv:
                out[int(lv["tier"])] = tuple(str(c) for c in lv["codes"])
        return out

    def families(self) -> list[dict]:
        """Every cluster family of the profile's families files."""
        return [it for f in self.files_of("families") for it in f.items]

    def family_of(self, industry_code: str) -> dict | None:
        """The family whose divisions contain ``industry_code`` ("C17", "17", "1711" → 17)."""
        m = _DIVISION_RE.match(str(industry_code).strip())
        if not m:  # not a GB/T 4754 code ("WZ08-B", "第二产业", a section letter)
            return None
        digits = m.group(1)
        for fam in self.families():
            if digits in fam.get("divisions", ()):
                return fam
        return None

    def reading(self, key: str, lang: str = "zh", **values: float) -> str:
        """The reading with ``key`` (readings files) in ``lang``, placeholders filled from
        ``values`` (numbers printed with :func:`clusterpolicy.text.formats`-style ``:g``)."""
        for f in self.files_of("readings"):
            for it in f.items:
                if it.get("key") == key:
                    text = str(it["text_en" if lang == "en" else "text_zh"])
                    shown = {k: _short(v) for k, v in values.items()}
                    try:
                        return text.format(**shown)
                    except (KeyError, IndexError, ValueError):
                        return text
        raise KeyError(f"no reading {key!r} in profile {self.id!r} / 规则配置中没有解读 {key!r}")

    def threshold_values(self) -> dict[str, float]:
        """{threshold_id: value} with this profile's overrides applied."""
        out: dict[str, float] = {}
        for f in self.files_of("thresholds"):
            for it in f.items:
                out[it["id"]] = float(it["value"])
        for k, v in self.overrides.items():
            out[k] = float(v)
        for k in self.__dict__.get("_dropped", ()):
            out.pop(k, None)
        return out

    def threshold_items(self):
        """(file, item, value in force) of every threshold the profile uses, in file order."""
        values = self.threshold_values()
        for f in self.files_of("thresholds"):
            for it in f.items:
                if it["id"] in values:
                    yield f, it, values[it["id"]]

    def thresholds_table(self) -> pd.DataFrame:
        """The ``profile`` sheet: threshold_id, value, unit, label_zh, label_en, source, then
        default_value, overridden, file; ``df.attrs`` holds profile id/version/date."""
        rows = [
            {
                "threshold_id": it["id"],
                "value": value,
                "unit": it.get("unit", ""),
                "label_zh": it["label_zh"],
                "label_en": it["label_en"],
                "source": source_text(it.get("source"), "en"),
                "default_value": float(it["value"]),
                "overridden": it["id"] in self.overrides,
                "file": f.path,
            }
            for f, it, value in self.threshold_items()
        ]
        df = pd.DataFrame(
            rows,
            columns=[
                "threshold_id",
                "value",
                "unit",
                "label_zh",
                "label_en",
                "source",
                "default_value",
                "overridden",
                "file",
            ],
        )
        df.attrs.update(self.meta())
        return df

    def meta(self) -> dict:
        """The profile keys every result's meta carries (a local profile adds what it was made
        from, the reason, the author and the file, so the report can name them)."""
        out = {
            "profile_id": self.id,
            "profile_version": self.version,
            "profile_date": self.date,
            "profile_title_zh": self.title_zh,
            "profile_title_en": self.title_en,
        }
        if self.is_local:
            out.update(
                profile_based_on=self.based_on,
                profile_reason=self.reason,
                profile_author=self.author,
                profile_path=self.path,
            )
        return out


#: a GB/T 4754-2017 division, group or class code, with or without its section letter
_DIVISION_RE = re.compile(r"^[A-Ta-t]?(\d{2})\d{0,2}$")


def _short(v: object) -> str:
    """A threshold value in a sentence: 1.23 → "1.23", 4.0 → "4" (no trailing zeros)."""
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(v)
    return f"{f:g}" if math.isfinite(f) else str(v)


def source_text(source, lang: str = "zh") -> str:
    """One-line citation: ``种子文献003 第463-512行`` / ``seed 003, lines 463-512``, or the
    framework / method name, with the note if any."""
    if not isinstance(source, dict):
        return ""
    note = source.get("note")
    if "seed" in source:
        s = (
            f"种子文献{source['seed']} 第{source.get('lines', '')}行"
            if lang == "zh"
            else f"seed {source['seed']}, lines {source.get('lines', '')}"
        )
    elif "framework" in source:
        s = str(source["framework"])
    elif "method" in source:
        s = str(source["method"])
    else:
        s = ""
    return f"{s} ({note})" if note else s


from clusterpolicy.knowledge.loader import load_profile  # noqa: E402 (after Profile: loader uses it)

__all__ = [
    "KINDS",
    "KBFile",
    "Profile",
    "load_profile",
    "knowledge_dir",
    "source_text",
    "DEFAULT_PROFILE",
]
