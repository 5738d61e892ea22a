"""The fixed words of the domain, defined once: life-cycle stages, answer scopes and answer scales.

* :data:`STAGES` — the life-cycle stages in their natural order.
* :data:`CLUSTER_SCOPES` / :data:`REGION_SCOPES` — which judgements are asked per cluster and
  which for the region as a whole; :data:`SCOPE_FILES` the knowledge-base file each is answered
  against.
* Answer scales (:data:`SCALES`): ``yes_partial_no`` (yes = 1, partial = 0.5, no = 0),
  ``yes_no`` (yes = 1, no = 0) and ``likert_0_4`` (0–4 → value / 4; a yes/partial/no answer
  counts as 1 / 0.5 / 0). :func:`normalise_answer` turns what people type (是/部分/否/有/无/√/×,
  yes/partial/no, 0–4 as number or text) into the stored answer; :func:`answer_value` gives the
  0–1 value a score uses; :func:`fits_scale` says whether an answer is allowed on a scale.

Labels of these words (是/部分/否, 萌芽期 …) live in :mod:`clusterpolicy.text.labels`.
"""

from __future__ import annotations

import math

STAGES = ("emergence", "growth", "maturity", "decline", "renewal")
LIFECYCLE_OVERRIDE = "lifecycle_stage"  # the project file's override kind of a life-cycle stage

CLUSTER_SCOPES = ("existence", "lifecycle", "technology", "brand")
REGION_SCOPES = ("roles", "red_flags", "policy_quality")
SCOPES = CLUSTER_SCOPES + REGION_SCOPES

# the checklist / questionnaire file each scope is answered against
SCOPE_FILES = {
    "existence": "checklist.existence",
    "lifecycle": "questionnaire.lifecycle",
    "technology": "checklist.technology",
    "brand": "checklist.brand",
    "roles": "checklist.roles",
    "policy_quality": "checklist.policy_quality",
    "red_flags": "redflags.must_not",
}

ANSWER_WORDS = ("yes", "partial", "no")
SCALES = ("yes_partial_no", "yes_no", "likert_0_4")
#: the stored answers each scale offers, in the order a form shows them
SCALE_CHOICES: dict[str, tuple[object, ...]] = {
    "yes_partial_no": ("yes", "partial", "no"),
    "yes_no": ("yes", "no"),
    "likert_0_4": (0, 1, 2, 3, 4),
}
WORD_VALUES = {"yes": 1.0, "partial": 0.5, "no": 0.0}

#: spellings people type for the three answer words (compared after strip + lower case)
SPELLINGS = {
    "yes": ("yes", "是", "有", "√", "✓", "✔", "☑"),
    "partial": ("partial", "partly", "部分", "部分是", "部分符合"),
    "no": ("no", "否", "无", "×", "✗", "✘", "☒"),
}
_WORD_OF = {s: word for word, spellings in SPELLINGS.items() for s in spellings}


def normalise_answer(value):
    """``"Yes "``/``"是"``/``"√"`` → ``"yes"``; ``3.0``/``"3"`` → ``3``; ``""``/None → None.
    Raises ValueError for anything else (a number outside 0–4, a fraction, a boolean, a word)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"answer {value!r} must be yes/partial/no or 0–4")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
            raise ValueError(f"answer {value!r} must be a whole number 0–4")
        v = int(value)
        if not 0 <= v <= 4:
            raise ValueError(f"answer {value!r} must lie in 0–4")
        return v
    if isinstance(value, str):
        s = value.strip().lower()
        if s == "":
            return None
        if s in _WORD_OF:
            return _WORD_OF[s]
        if s.isdigit():
            return normalise_answer(int(s))
    raise ValueError(f"answer {value!r} must be yes/partial/no or 0–4")


def fits_scale(answer, scale: str) -> bool:
    """True when the (normalised) ``answer`` is allowed on ``scale`` (None always fits)."""
    if answer is None:
        return True
    if scale == "yes_no":
        return answer in ("yes", "no")
    if scale == "yes_partial_no":
        return answer in ANSWER_WORDS
    if scale == "likert_0_4":
        return answer in ANSWER_WORDS or (isinstance(answer, int) and 0 <= answer <= 4)
    return False


def answer_value(answer, scale: str = "yes_partial_no") -> float:
    """An answer as a 0–1 value under ``scale``; NaN when unanswered. Raises ValueError if the
    answer does not fit the scale or the scale is unknown."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    a = normalise_answer(answer)
    if a is None:
        return math.nan
    if not fits_scale(a, scale):
        raise ValueError(f"answer {answer!r} does not fit scale {scale}")
    return WORD_VALUES[a] if isinstance(a, str) else a / 4.0
