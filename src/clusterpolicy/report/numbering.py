"""Heading numbers of the report: 一、 （一） 1. （1） (zh) or 1. 1.1 1.1.1 1.1.1.1 (en)."""

from __future__ import annotations

from clusterpolicy.text.formats import chinese_numeral


class Numberer:
    """Automatic heading numbers: 一、 （一） 1. （1） (zh) or 1. 1.1 1.1.1 1.1.1.1 (en)."""

    def __init__(self, lang: str = "zh") -> None:
        self.lang = lang
        self.counters = [0, 0, 0, 0]

    def next(self, level: int) -> str:
        """Advance the counter of ``level`` (1–4), reset deeper ones, return the label."""
        i = min(max(level, 1), 4) - 1
        self.counters[i] += 1
        for j in range(i + 1, 4):
            self.counters[j] = 0
        n = self.counters[i]
        if self.lang == "en":
            return ".".join(str(c) for c in self.counters[: i + 1]) + ("." if i == 0 else "")
        return (f"{chinese_numeral(n)}、", f"（{chinese_numeral(n)}）", f"{n}.", f"（{n}）")[i]
