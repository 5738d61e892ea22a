"""Number and heading formatting for the report, Chinese conventions by default.

* Amounts in 元 become "x.xx万元" (≥ 1e4) or "x.xx亿元" (≥ 1e8); persons "x.xx万人" (≥ 1e4).
  English: "12.35 million yuan", "1.20 billion yuan", "12,345 persons".
* Growth rates (fractions) read "增长3.4%" / "下降1.2%" (zh) and "+3.4%" / "−1.2%" (en);
  percentage-point differences "x.x个百分点" / "x.x pp".
* No thousands separators in Chinese text (GB/T 9704 practice); English uses commas.
* Missing values (None, NaN, pandas NA) print as "—".
* Headings are numbered 一、（一）1.（1） (zh) or 1. 1.1 1.1.1 1.1.1.1 (en) by :class:`Numberer`.
"""

from __future__ import annotations

import math
from numbers import Number

MISSING = "—"
_DIGITS = "零一二三四五六七八九"


def is_missing(x: object) -> bool:
    """True for None, NaN, pandas NA/NaT and empty strings."""
    if x is None:
        return True
    if isinstance(x, str):
        return x.strip() == ""
    try:
        return bool(x != x)  # NaN, NA-likes
    except (TypeError, ValueError):
        return False


def _num(x: object) -> float | None:
    if is_missing(x) or isinstance(x, bool):
        return None
    if isinstance(x, Number):
        v = float(x)  # type: ignore[arg-type]
        return None if math.isnan(v) else v
    try:
        return float(str(x))
    except ValueError:
        return None


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (1 ≤ n ≤ 99)."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def number(x: object, decimals: int = 2, lang: str = "zh") -> str:
    """A plain number with fixed decimals (English with thousands separators)."""
    v = _num(x)
    if v is None:
        return MISSING
    text = f"{v:,.{decimals}f}" if lang == "en" else f"{v:.{decimals}f}"
    return text.replace("-", "−")


def integer(x: object, lang: str = "zh") -> str:
    """A rounded whole number."""
    return number(x, 0, lang)


def money(yuan: object, lang: str = "zh", decimals: int = 2) -> str:
    """An amount in yuan: 万元/亿元 (zh), million/billion yuan (en)."""
    v = _num(yuan)
    if v is None:
        return MISSING
    a = abs(v)
    if lang == "en":
        if a >= 1e9:
            return number(v / 1e9, decimals, lang) + " billion yuan"
        if a >= 1e6:
            return number(v / 1e6, decimals, lang) + " million yuan"
        return number(v, 0, lang) + " yuan"
    if a >= 1e8:
        return number(v / 1e8, decimals, lang) + "亿元"
    if a >= 1e4:
        return number(v / 1e4, decimals, lang) + "万元"
    return number(v, 0, lang) + "元"


def persons(n: object, lang: str = "zh", decimals: int = 2) -> str:
    """A head count: "3.45万人" (zh, ≥ 1e4), "34,500 persons" (en)."""
    v = _num(n)
    if v is None:
        return MISSING
    if lang == "en":
        return number(v, 0, lang) + " persons"
    if abs(v) >= 1e4:
        return number(v / 1e4, decimals, lang) + "万人"
    return number(v, 0, lang) + "人"


def percent(fraction: object, decimals: int = 1, lang: str = "zh") -> str:
    """A share given as a fraction: 0.123 → "12.3%"."""
    v = _num(fraction)
    if v is None:
        return MISSING
    return number(v * 100, decimals, lang) + "%"


def growth(rate: object, decimals: int = 1, lang: str = "zh") -> str:
    """A growth rate given as a fraction: 0.034 → "增长3.4%" / "+3.4%"."""
    v = _num(rate)
    if v is None:
        return MISSING
    mag = f"{abs(v) * 100:.{decimals}f}%"
    if lang == "en":
        return ("+" if v >= 0 else "−") + mag
    return ("增长" if v >= 0 else "下降") + mag


def points(diff: object, decimals: int = 1, lang: str = "zh") -> str:
    """A difference of two percentages in points: 2.5 → "2.5个百分点" / "2.5 pp"."""
    v = _num(diff)
    if v is None:
        return MISSING
    return number(v, decimals, lang) + (" pp" if lang == "en" else "个百分点")


def text(x: object) -> str:
    """Any cell value as plain text (missing → "—"; floats without trailing noise)."""
    if is_missing(x):
        return MISSING
    if isinstance(x, bool):
        return "✓" if x else "✗"
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(x)


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
