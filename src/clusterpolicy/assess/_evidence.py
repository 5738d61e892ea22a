"""One evidence item of an engine: the compact machine-readable trace and a full sentence in
each language (the ``evidence`` / ``evidence_zh`` / ``evidence_en`` columns)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from clusterpolicy.text import formats as F


@dataclass(frozen=True)
class Text:
    """``trace``: rule results for the machine-readable column; ``zh`` / ``en``: the sentence."""

    trace: str
    zh: str
    en: str

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def join(items: Iterable[Text]) -> dict[str, str]:
    """{"evidence": traces joined by " | ", "evidence_zh"/"_en": sentences, one per line}."""
    items = list(items)
    return {
        "evidence": " | ".join(t.trace for t in items),
        "evidence_zh": "\n".join(t.zh for t in items),
        "evidence_en": "\n".join(F.capitalised(t.en) for t in items),
    }
