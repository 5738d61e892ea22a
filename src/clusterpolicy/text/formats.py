"""Number formats for every text the user reads: evidence sentences, the report, the GUI.

One set of rules (Chinese conventions by default):

* Missing values (None, NaN, pandas NA, ±inf, empty strings) print as :data:`MISSING` "—".
* Negative numbers use the true minus sign :data:`MINUS` (U+2212); a value that rounds to zero
  prints without a sign ("0.00", never "−0.00").
* Thousands separators in English ("12,345"); none in Chinese text ("12345"), as GB/T 9704
  documents write them.
* Amounts in 元 become "x.xx万元" (≥ 1e4) or "x.xx亿元" (≥ 1e8); English "12.35 million yuan",
  "1.20 billion yuan". Head counts "x.xx万人" (≥ 1e4) / "12,345 persons".
* Shares (fractions) "12.3%"; signed changes "+3.4%" / "−1.2%"; growth in Chinese prose
  "增长3.4%" / "下降1.2%"; percentage-point differences "x.x个百分点" / "x.x pp".
"""

from __future__ import annotations

import math
from numbers import Number

MISSING = "—"
MINUS = "\u2212"
_DIGITS = "零一二三四五六七八九"

__all__ = [
    "MINUS",
    "MISSING",
    "chinese_numeral",
    "compare",
    "distinct_pair",
    "finite",
    "growth",
    "integer",
    "is_missing",
    "money",
    "number",
    "ordinal",
    "percent",
    "persons",
    "points",
    "signed_number",
    "signed_percent",
    "significant",
    "text",
]


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


def finite(x: object) -> float | None:
    """``x`` as a finite float, else None (missing, text that is no number, ±inf, booleans)."""
    if is_missing(x) or isinstance(x, bool):
        return None
    if isinstance(x, Number):
        v = float(x)  # type: ignore[arg-type]
    else:
        try:
            v = float(str(x))
        except ValueError:
            return None
    return v if math.isfinite(v) else None


def number(x: object, decimals: int = 2, lang: str = "zh") -> str:
    """A plain number with fixed decimals (thousands separators in English only)."""
    v = finite(x)
    if v is None:
        return MISSING
    if abs(v) < 0.5 * 10**-decimals:
        v = 0.0  # no "−0.00"
    body = f"{v:,.{decimals}f}" if lang == "en" else f"{v:.{decimals}f}"
    return body.replace("-", MINUS)


def significant(x: object, digits: int = 4, lang: str = "zh") -> str:
    """A number with about ``digits`` significant digits and no trailing noise: 128696.062 →
    "128696" ("128,696" in English), 0.012345 → "0.01235", 2.5 → "2.500"."""
    v = finite(x)
    if v is None:
        return MISSING
    if v == 0:
        return number(0, digits - 1, lang)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(v))))
    return number(v, min(decimals, 8), lang)


def integer(x: object, lang: str = "zh") -> str:
    """A rounded whole number."""
    return number(x, 0, lang)


def _signed(body: str) -> str:
    return body if body.startswith(MINUS) or not any(c in "123456789" for c in body) else "+" + body


def signed_number(x: object, decimals: int = 2, lang: str = "zh") -> str:
    """A change with its sign: 0.523 → "+0.52", −0.98 → "−0.98", 0 → "0.00"."""
    body = number(x, decimals, lang)
    return body if body == MISSING else _signed(body)


def percent(fraction: object, decimals: int = 1, lang: str = "zh") -> str:
    """A share given as a fraction: 0.123 → "12.3%"."""
    v = finite(fraction)
    return MISSING if v is None else number(v * 100, decimals, lang) + "%"


def signed_percent(fraction: object, decimals: int = 1, lang: str = "zh") -> str:
    """A change given as a fraction: 0.112 → "+11.2%", −0.1186 → "−11.9%", 0 → "0.0%"."""
    v = finite(fraction)
    return MISSING if v is None else _signed(number(v * 100, decimals, lang)) + "%"


def growth(rate: object, decimals: int = 1, lang: str = "zh") -> str:
    """A growth rate in prose: 0.034 → "增长3.4%" / "+3.4%"; −0.012 → "下降1.2%" / "−1.2%"."""
    v = finite(rate)
    if v is None:
        return MISSING
    if lang == "en":
        return signed_percent(v, decimals, lang)
    return ("增长" if v >= 0 else "下降") + number(abs(v) * 100, decimals, lang) + "%"


def points(diff: object, decimals: int = 1, lang: str = "zh") -> str:
    """A difference of two percentages in points: 2.5 → "2.5个百分点" / "2.5 pp"."""
    v = finite(diff)
    if v is None:
        return MISSING
    return number(v, decimals, lang) + (" pp" if lang == "en" else "个百分点")


def money(yuan: object, lang: str = "zh", decimals: int = 2) -> str:
    """An amount in yuan: 万元/亿元 (zh), million/billion yuan (en)."""
    v = finite(yuan)
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
    """A head count: "3.45万人" / "850人" (zh), "34,500 persons" (en)."""
    v = finite(n)
    if v is None:
        return MISSING
    if lang == "en":
        return number(v, 0, lang) + " persons"
    if abs(v) >= 1e4:
        return number(v / 1e4, decimals, lang) + "万人"
    return number(v, 0, lang) + "人"


def distinct_pair(
    a: object, b: object, decimals: int = 2, lang: str = "zh", fmt=None
) -> tuple[str, str]:
    """``a`` and ``b`` with ``decimals`` decimals, or up to two more when they differ but would
    print the same (an LQ of 0.561 → 0.567 reads "0.561 → 0.567", not "0.56 → 0.56")."""
    fmt = fmt or number
    va, vb = finite(a), finite(b)
    sa, sb = fmt(a, decimals, lang), fmt(b, decimals, lang)
    for d in range(decimals + 1, decimals + 3):
        if va is None or vb is None or va == vb or sa != sb:
            break
        sa, sb = fmt(a, d, lang), fmt(b, d, lang)
    return sa, sb


def ordinal(n: float, lang: str = "en") -> str:
    """A percentile's ordinal: 25 → "25th", 1 → "1st", 22.5 → "22.5th" (en); "第25" (zh)."""
    if lang != "en":
        return f"第{n:g}"
    if float(n) != int(n):
        return f"{n:g}th"
    k = int(n)
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def compare(a: float, b: float, lang: str = "zh") -> str:
    """The comparison word of ``a`` against ``b``: 高于/低于/等于 or above/below/equal to."""
    words = ("above", "below", "equal to") if lang == "en" else ("高于", "低于", "等于")
    return words[0] if a > b else words[1] if a < b else words[2]


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (1 ≤ n ≤ 99)."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def text(x: object) -> str:
    """Any cell value as plain text (missing → "—", booleans ✓/✗, floats without noise)."""
    if is_missing(x):
        return MISSING
    if isinstance(x, bool):
        return "✓" if x else "✗"
    if isinstance(x, float):
        return f"{x:.4g}".replace("-", MINUS) if x < 0 else f"{x:.4g}"
    return str(x)


# --- report additions (clusterpolicy.report): quantities with units, unit choice per magnitude,
# plain scientific notation --------------------------------------------------------------------

_UNIT_WORDS = {
    "yuan": ("元", "yuan"),
    "persons": ("人", "persons"),
    "years": ("年", "years"),
    "km2": ("平方千米", "km²"),
    "%": ("%", "%"),
    "pp/year": ("个百分点/年", "points a year"),
    "regions": ("个地区", "regions"),
    "observations": ("个观测", "observations"),
    "draws": ("次", "draws"),
    "lags": ("期", "lags"),
    "log points": ("（对数点）", "log points"),
    "actions": ("项", "actions"),
}


def quantity(value: object, unit: object, lang: str = "zh") -> str:
    """A threshold value with its unit: amounts in yuan through :func:`money`, head counts
    through :func:`persons`, "km2" as km², fractions and counts without exponent notation
    ("4e+09 yuan" → "40亿元" / "4 billion yuan")."""
    if is_missing(value):
        return MISSING
    if isinstance(value, str) and finite(value) is None:
        return value
    u = "" if is_missing(unit) else str(unit).strip()
    v = finite(value)
    if v is None:
        return text(value)
    if u == "yuan":
        return money(v, lang, 0 if v == int(v) and abs(v) < 1e4 else 2).replace(".00", "")
    if u == "persons":
        return persons(v, lang, 0).replace(".00", "")
    if u in ("share", "share/year"):  # a fraction: as a percentage ("0.05" → "5%")
        pct = v * 100
        body = number(pct, 0 if pct == int(pct) else (1 if abs(pct) >= 1 else 2), lang) + "%"
        return body if u == "share" else body + ("/年" if lang != "en" else " a year")
    dec = 0 if v == int(v) else (2 if abs(v) >= 0.01 else 4)
    body = number(v, dec, lang)
    if u in _UNIT_WORDS:
        zh, en = _UNIT_WORDS[u]
        word = en if lang == "en" else zh
        return f"{body}{word}" if word == "%" or lang != "en" else f"{body} {word}"
    return f"{body} {u}".strip()


def scale_for(values: object, kind: str, lang: str = "zh") -> tuple[float, str]:
    """Divisor and unit word for a column of amounts ("yuan") or head counts ("persons"),
    chosen by the largest absolute value: 元/万元/亿元, 人/万人 (zh); yuan / million yuan /
    billion yuan, persons / thousand persons (en)."""
    vals = [abs(x) for x in (finite(v) for v in (values or [])) if x is not None]
    top = max(vals, default=0.0)
    if kind == "yuan":
        if lang == "en":
            return (
                (1e9, "billion yuan")
                if top >= 1e9
                else (1e6, "million yuan")
                if top >= 1e6
                else (1.0, "yuan")
            )
        return (1e8, "亿元") if top >= 1e8 else (1e4, "万元") if top >= 1e4 else (1.0, "元")
    if lang == "en":
        return (1e3, "thousand persons") if top >= 1e5 else (1.0, "persons")
    return (1e4, "万人") if top >= 1e5 else (1.0, "人")


def plain_number_text(s: str) -> str:
    """Exponent notation in a message written for people: "×1e+08" → "×10^8", "4e+09" → "4×10^9",
    "(rows 6)" → "(row 6)"."""
    import re

    sup = str.maketrans("", "")  # plain "10^8": the bundled faces lack most superscripts

    def exp(m: re.Match) -> str:
        mant, e = m.group(1), int(m.group(2))
        return (
            (f"{mant}×" if mant and mant != "1" else ("" if mant else ""))
            + "10^"
            + str(e).translate(sup)
        )

    s = re.sub(r"×\s*1e\+?(-?\d+)", lambda m: "×10^" + str(int(m.group(1))).translate(sup), s)
    s = re.sub(r"(\d+(?:\.\d+)?)e\+?(-?\d+)", exp, s)
    return re.sub(r"\(rows (\d+)\)", r"(row \1)", s)


# --- assessment engines (evidence sentences) ----------------------------------------------------
# Added for the assess/ engines; kept in one block so the report's additions above stay apart.


def compare_words(a: float, b: float, above: str, below: str, same: str) -> str:
    """The word for ``a`` against ``b`` from three given words (快于/慢于/等于, rose/fell/…)."""
    return above if a > b else below if a < b else same


def capitalised(sentence: str) -> str:
    """The sentence with its first letter upper-cased (English evidence lines)."""
    return sentence[:1].upper() + sentence[1:]


# --- thresholds ---
_FRACTION_WORDS = {
    "share": ("比例（0.05 即 5%）", "fraction (0.05 = 5%)"),
    "share/year": ("比例/年（0.05 即 5%）", "fraction a year (0.05 = 5%)"),
}


def unit_word(unit: object, lang: str = "zh") -> str:
    """A threshold's unit as a word in ``lang`` ("years" → 年, "share" → 比例（0.05 即 5%）); an
    unknown unit is shown as written, none as ""."""
    u = "" if is_missing(unit) else str(unit).strip()
    pair = _UNIT_WORDS.get(u) or _FRACTION_WORDS.get(u)
    if pair is None:
        return u
    return pair[1] if lang == "en" else pair[0]


def plain_value(value: object, lang: str = "zh") -> str:
    """A threshold's number as typed, without exponent or trailing zeros (1.5, 0.05,
    1,500,000,000)."""
    v = finite(value)
    if v is None:
        return MISSING
    if v == int(v) and abs(v) < 1e15:
        return integer(v, lang)
    return f"{v:.8f}".rstrip("0").rstrip(".").replace("-", "\u2212")
