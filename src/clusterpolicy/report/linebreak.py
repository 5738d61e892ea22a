"""Chinese line breaking for reportlab paragraphs (GB/T 15834 punctuation rules, 禁则).

reportlab's CJK wrap (``wordWrap="CJK"``) breaks between any two characters and knows only a
Japanese list of characters that may not start a line (it lacks "，：；？！”》%"), so lines of
the report started with "，" or "”" and split "10%" into "1" and "0%". :func:`install`
replaces ``reportlab.platypus.paragraph.cjkFragSplit`` with :func:`cjk_frag_split`, which
breaks only where :func:`can_break_before` allows:

* no closing punctuation at a line start ("，。、；：？！）》」』】〕〉”’…" and "%‰" and
  Latin ",.;:?!)]}");
* no opening punctuation at a line end ("（《「『【〔〈“‘" and "([{");
* no break inside a Latin word or a number, nor between a number and its unit ("10%",
  "3.5万元", "2024年", "12.3亿元", "第8位");
* no break inside "——" or "……".

When a line has no allowed break point (a very long Latin word), it is broken at the margin as
before. The break point moves back, so a line is never wider than the text block.
"""

from __future__ import annotations

import unicodedata

NO_START = set("，。、；：？！）》」』】〕〉”’…·%‰℃,.;:?!)]}／/") | {"\u2014", "\uff05"}
NO_END = set("（《「『【〔〈“‘([{") | {"¥", "￥", "$", "#", "№"}
#: characters that stay with a number before them (units and counters)
UNITS = set("%‰万亿元人年月日号个位项条家户次倍名岁米克吨℃㎡°") | {"\uff05"}
_NUMERIC = set("0123456789.,+−-×/^")


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "._-'&")


def can_break_before(prev: str, ch: str) -> bool:
    """Whether a line may start with ``ch`` when ``prev`` ends the previous line."""
    if not prev or not ch:
        return True
    if ch in NO_START or prev in NO_END:
        return False
    if ch == prev and ch in "—…":
        return False
    if _latin(prev) and _latin(ch):
        return False
    if (prev.isdigit() or prev in "%.") and (ch.isdigit() or ch in UNITS or ch in _NUMERIC):
        return False
    if prev in _NUMERIC and ch.isdigit():
        return False
    if prev in "万亿千百" and ch in "元人户个":
        return False
    if prev == "第" and ch.isdigit():
        return False
    if prev == "−" or prev == "+":
        return False
    return True


def _is_space(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch) == "Zs"


def _line_start(chars: list[str], j: int) -> str:
    """The character a line would start with when broken before ``j`` (spaces are dropped)."""
    while j < len(chars) and _is_space(chars[j]):
        j += 1
    return chars[j] if j < len(chars) else ""


def break_points(chars: list[str], widths: list[float], max_widths: list[float]) -> list[int]:
    """Start indexes of the lines after the first (a forced break follows a "\n" char)."""
    starts: list[int] = []
    n = len(chars)
    start = i = 0
    used = 0.0
    max_width = max_widths[0]
    while i < n:
        if chars[i] == "\n":
            i += 1
        elif used + widths[i] > max_width + 1e-8 and i > start:
            j = i
            while j > start + 1 and not can_break_before(chars[j - 1], _line_start(chars, j)):
                j -= 1
            if j <= start + 1 and not can_break_before(chars[j - 1], _line_start(chars, j)):
                j = i  # no allowed point: break at the margin
            i = j
        else:
            used += widths[i]
            i += 1
            continue
        while i < n and _is_space(chars[i]):
            i += 1  # a space at a line start is dropped
        starts.append(i)
        start, used = i, 0.0
        max_width = max_widths[min(len(starts), len(max_widths) - 1)]
    return starts


def _ranges(n: int, starts: list[int]) -> list[tuple[int, int]]:
    bounds = [0, *starts, n]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a or a < n]


def word_split(text, maxWidths, fontName, fontSize, encoding="utf8"):  # noqa: N803 - reportlab API
    """Drop-in for reportlab's ``wordSplit`` (single-frag CJK paragraphs): [(extra, line)]."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if isinstance(text, bytes):
        text = text.decode(encoding)
    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    chars = list(text)
    widths = [stringWidth(c, fontName, fontSize) for c in chars]
    out = []
    for k, (a, b) in enumerate(_ranges(len(chars), break_points(chars, widths, maxWidths))):
        mw = maxWidths[min(k, len(maxWidths) - 1)]
        line = "".join(chars[a:b]).rstrip("\n")
        out.append((mw - sum(widths[a:b]), line))
    return out


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):  # noqa: N803 - reportlab API
    """Drop-in for reportlab's ``cjkFragSplit`` that follows :func:`can_break_before`."""
    from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

    units = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(cjkU(t, f, encoding) for t in text)
        else:
            units.append(cjkU(text, f, encoding))
    widths = []
    for u in units:
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = maxWidths[0]
            w = w.normalizedValue(maxWidths[0])
        widths.append(w)
    chars = ["\n" if hasattr(u.frag, "lineBreak") else str(u) for u in units]
    lines = []
    ranges = _ranges(len(units), break_points(chars, widths, maxWidths))
    for k, (a, b) in enumerate(ranges):
        mw = maxWidths[min(k, len(maxWidths) - 1)]
        used = sum(widths[a:b])
        brk = b > a and chars[b - 1] == "\n"
        lines.append(makeCJKParaLine(units[a:b], mw, used, mw - used, brk, calcBounds))
    return ParaLines(kind=1, lines=lines)


_INSTALLED = False


def install() -> None:
    """Make reportlab's CJK paragraphs use :func:`cjk_frag_split` (idempotent)."""
    global _INSTALLED
    if _INSTALLED:
        return
    from reportlab.platypus import paragraph

    paragraph.cjkFragSplit = cjk_frag_split
    paragraph.wordSplit = word_split
    _INSTALLED = True
