"""Short printed forms of the engines' long trace texts (the full traces stay in the workbook).

* :func:`row_evidence` — the printed evidence of a life-cycle row in the report's language: the
  first lines of ``evidence_for_zh`` / ``evidence_against_en`` … (full sentences, already
  strongest first), or, for results without those columns, :func:`evidence_lines` of the trace.
* :func:`evidence_lines` — a life-cycle ``evidence_for`` / ``evidence_against`` trace
  (``"[growth 1.00] ΔLQ 0.523 > 0 / 区位熵上升; competing growth: [...] ..."``) → a few lines
  "区位熵上升：ΔLQ 0.523 > 0", strongest conditions first.
* :func:`compact_chain` — an action's reasoning chain without the repeated action segment.
* :func:`group_warnings` — import warnings grouped by kind with counts and the sheets concerned.

Pure text functions: no reportlab, no pandas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_TAG = re.compile(r"^\[(?P<stage>[a-z_]+)\s+(?P<cap>cap\s+)?(?P<w>[+]?[\d.]+)\]\s*")
_COMPETING = re.compile(r"^competing\s+(?P<stage>[a-z_]+):\s*")


@dataclass(frozen=True)
class EvidenceLine:
    """One condition of a stage trace: its stage, weight (1.00 = fully met), text."""

    stage: str
    weight: float
    zh: str
    detail: str
    competing: bool

    def text(self, lang: str) -> str:
        """ "区位熵上升：ΔLQ 0.523 > 0" (zh) or "ΔLQ 0.523 > 0" (en); a missing part is left out."""
        if lang == "en" or not self.zh:
            return self.detail or self.zh
        return f"{self.zh}：{self.detail}" if self.detail else self.zh


def parse_evidence(trace: object) -> list[EvidenceLine]:
    """The ``[stage weight]`` conditions of a trace, in trace order (other items are skipped).

    Items are separated by ``"; "``; each may start with ``"competing <stage>: "``; the text
    after the tag is ``"<detail> / <中文>"`` (either part may be missing)."""
    if not isinstance(trace, str) or not trace.strip():
        return []
    out: list[EvidenceLine] = []
    for raw in trace.split("; "):
        item = raw.strip()
        competing = False
        m = _COMPETING.match(item)
        if m:
            competing, item = True, item[m.end() :]
        t = _TAG.match(item)
        if not t:
            continue
        body = item[t.end() :].strip()
        detail, _, zh = body.rpartition(" / ") if " / " in body else (body, "", "")
        try:
            weight = float(t.group("w").lstrip("+"))
        except ValueError:
            weight = 0.0
        if t.group("cap"):
            continue  # "essential condition caps the score": a note on the score, not evidence
        out.append(EvidenceLine(t.group("stage"), weight, zh.strip(), detail.strip(), competing))
    return out


def evidence_lines(trace: object, lang: str = "zh", limit: int = 3) -> tuple[list[str], int]:
    """Up to ``limit`` printed lines of a trace, strongest first (stable), and how many were
    left out. Conditions with weight 0 (not met) are not evidence and are dropped."""
    items = [e for e in parse_evidence(trace) if e.weight > 0]
    items = sorted(items, key=lambda e: -e.weight)  # sorted() is stable: trace order kept
    seen: list[str] = []
    for e in items:
        s = e.text(lang)
        if s and s not in seen:
            seen.append(s)
    return seen[:limit], max(0, len(seen) - limit)


def row_evidence(
    row: Mapping, kind: str, lang: str = "zh", limit: int = 3
) -> tuple[list[str], int]:
    """Up to ``limit`` evidence lines of a life-cycle result row and how many were left out.

    ``kind`` is ``"for"`` or ``"against"``. Reads ``evidence_<kind>_<zh|en>`` (one sentence per
    line, strongest first, written by the engine); when that column is absent or empty, falls
    back to :func:`evidence_lines` of the ``evidence_<kind>`` trace."""
    if kind not in ("for", "against"):
        raise ValueError(f"kind must be 'for' or 'against', not {kind!r}")
    text = row.get(f"evidence_{kind}_{'en' if lang == 'en' else 'zh'}")
    if isinstance(text, str) and text.strip():
        lines: list[str] = []
        for line in text.splitlines():
            line = line.strip()
            if line and line not in lines:
                lines.append(line)
        return lines[:limit], max(0, len(lines) - limit)
    return evidence_lines(row.get(f"evidence_{kind}"), lang, limit)


_ACTION_SEGMENT = re.compile(r"^(措施|Action)\s*[:：]")


def compact_chain(chain: object) -> str:
    """A reasoning chain ``发现 → 规则 → 措施 → 依据`` without its ``措施/Action`` segment (the
    action is printed in its own column)."""
    if not isinstance(chain, str):
        return ""
    parts = [p.strip() for p in chain.split(" → ")]
    return " → ".join(p for p in parts if p and not _ACTION_SEGMENT.match(p))


_LOCATION_SHEET = re.compile(r"(?:工作表|sheet)\s*[“\"']([^”\"']+)[”\"']", re.IGNORECASE)
_KIND_CUT = re.compile(r"\d")


@dataclass
class WarningGroup:
    """Import warnings of one kind: how many, on which sheets, one full example."""

    kind: str
    count: int = 0
    sheets: list[str] = field(default_factory=list)
    example: str = ""


def warning_kind(message: str) -> str:
    """The kind of a warning message: its text before the first bracket, colon, dash or digit
    (``"按单位“万元”换算为标准单位（×10000）：D, G…"`` → ``"按单位“万元”换算为标准单位"``);
    a leading symbol list before "— " is dropped (``"符号 ...、— 按缺失值处理"`` → ``"按缺失值处理"``)."""
    head, sep, rest = message.partition("：")
    if sep and ("工作表" in head or "第" in head) and rest:
        message = rest  # "工作表“2020”第12行：数值以文本存储" → the part after the location
    m = _KIND_CUT.search(message, 4)  # digits in the first characters ("2018年…") are kept
    b = re.search(r"[（(:：]", message)
    cuts = [x.start() for x in (m, b) if x]
    kind = message[: min(cuts)] if cuts else message
    if (
        "— " in kind
    ):  # "符号 ...、— 按缺失值处理": the listed symbols vary, the treatment is the kind
        kind = kind.rsplit("— ", 1)[1]
    return kind.strip(" 。.,，;；") or message.strip()


def group_warnings(warnings: Iterable[object]) -> list[WarningGroup]:
    """Warnings ``"<file> / 工作表“S” / <place>: <message>"`` grouped by :func:`warning_kind`,
    in order of first appearance; each group keeps its first full warning as example."""
    groups: dict[str, WarningGroup] = {}
    for w in warnings:
        text = str(w)
        location, sep, message = text.partition(": ")
        if not sep:
            location, message = "", text
        g = groups.setdefault(warning_kind(message), WarningGroup(warning_kind(message)))
        g.count += 1
        if not g.example:
            g.example = text
        m = _LOCATION_SHEET.search(location)
        if m and m.group(1) not in g.sheets:
            g.sheets.append(m.group(1))
    return list(groups.values())
