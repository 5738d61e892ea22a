"""What the column-mapping dialog shows and keeps (no Qt here).

* :func:`propose_for_review` reads each file once, proposes a :class:`SheetMapping` per table
  block (:func:`clusterpolicy.io.layout.detect_sheet`, the importer's own detection), replaces it
  by a remembered mapping of the same layout signature (``apply_confirmed``) and keeps a small
  raw preview of the block's first rows. Runs off the UI thread (the GUI's task runner).
* :func:`remember_mappings` / :func:`forget_mapping` write / delete ``<signature>.json`` in the
  per-user :class:`MappingStore` (``user_data_dir() / "mappings"``).
* :func:`share_edits` carries a user's corrections of one sheet to the other sheets of the same
  layout in the same import (ten yearly sheets of one yearbook table).
* Labels: canonical fields (from :mod:`clusterpolicy.model.tables`), layouts, target tables.

Unit and factor follow the importer's rule: ``canonical = value as found × factor`` with the
factor given by the unit (:func:`clusterpolicy.io.units.factor_for`); a factor typed by the user
counts only for a unit the importer does not know.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

from clusterpolicy.io.headers import INDUSTRY_MEASURES, REGION_MEASURES
from clusterpolicy.io.mapping import MappingStore, SheetMapping, apply_confirmed
from clusterpolicy.model.tables import TABLES, TOTAL_INDUSTRY
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress
from clusterpolicy.text.labels import KEYS, LAYOUTS, UNITS

PREVIEW_ROWS = 6  # data rows shown under the header rows
PREVIEW_TITLE_ROWS = 2  # title lines shown above the first header row
PREVIEW_COLS = 40


def _measure_specs() -> dict[str, object]:
    """canonical measure → its Column (industry measures first, then region, then firm)."""
    out: dict[str, object] = {}
    for t in ("industry_data", "region_data", "firm_data"):
        spec = TABLES[t]
        for name in spec.measures:
            out.setdefault(name, spec.column(name))
    return out


MEASURES = _measure_specs()

# (role, field) pairs a column can take, in the order the combo box lists them
FIELD_CHOICES: list[tuple[str, str]] = (
    [("ignore", "")]
    + [("key", k) for k in KEYS]
    + [("value", "")]
    + [("value", m) for m in MEASURES]
)


def measure_label(name: str, lang: str = "zh") -> str:
    """ "从业人员（人）" / "Employment (persons)" for a canonical measure; the name itself otherwise."""
    col = MEASURES.get(name)
    if col is None:
        return name
    unit = UNITS.label(col.unit, lang)
    label = col.label_zh if lang == "zh" else col.label_en
    return (
        f"{label}（{unit}）" if lang == "zh" and unit else (f"{label} ({unit})" if unit else label)
    )


def field_label(role: str, name: str, lang: str = "zh") -> str:
    """The combo-box text of a column's (role, field)."""
    zh = lang == "zh"
    if role == "ignore":
        return "忽略 / ignore" if zh else "ignore"
    if role == "key":
        return ("键：" if zh else "key: ") + KEYS.label(name, lang)
    if not name:
        return "数值：用本表指标" if zh else "value: the sheet's measure"
    return ("指标：" if zh else "measure: ") + measure_label(name, lang)


def layout_label(layout: str, lang: str = "zh") -> str:
    return LAYOUTS.label(layout, lang)


def canonical_unit(measure: str) -> str:
    col = MEASURES.get(measure)
    return col.unit if col is not None else ""


def unit_factor(unit_text: str, measure: str) -> float | None:
    """Factor that takes ``unit_text`` to the canonical unit of ``measure``: 1.0 for no unit,
    ``None`` when the unit is unknown or does not fit the measure (then a typed factor counts)."""
    from clusterpolicy.io.units import factor_for, parse_unit

    if not unit_text.strip():
        return 1.0
    unit = parse_unit(unit_text)
    if unit is None:
        return None
    return factor_for(unit, canonical_unit(measure)) if measure else unit.factor


def target_tables(m: SheetMapping) -> list[str]:
    """The canonical tables this mapping's values go to (the importer's routing: firm keys →
    firm_data; region-only measures → region_data; others → industry_data, total columns →
    industry_totals, total / reference rows of industry measures → reference_data)."""
    if m.layout == "skip":
        return []
    keys = m.key_columns()
    if "firm_id" in keys:
        return ["firm_data"]
    measures: list[tuple[str, bool]] = []
    if m.layout == "tidy":
        measures = [(f, False) for f in m.measure_map.values() if f]
    else:
        for c in m.value_columns():
            f = c.field or m.measure
            if f:
                measures.append((f, c.industry == TOTAL_INDUSTRY))
    out: list[str] = []
    has_totals = bool(m.total_rows) or m.reference_row is not None
    for f, total_col in measures:
        if f in REGION_MEASURES and f not in INDUSTRY_MEASURES:
            t = ["region_data"]
        else:
            t = ["industry_totals" if total_col else "industry_data"]
            if has_totals:
                t.append("reference_data")
        out.extend(x for x in t if x not in out)
    order = list(TABLES)
    return sorted(out, key=order.index)


def tables_label(tables: list[str], lang: str = "zh") -> str:
    if not tables:
        return "—"
    names = [TABLES[t].label_zh if lang == "zh" else TABLES[t].label_en for t in tables]
    return ("、" if lang == "zh" else ", ").join(names)


def parse_rows(text: str) -> list[int]:
    """ "4, 5-7" → [4, 5, 6, 7] (1-based spreadsheet rows; blanks and junk ignored)."""
    rows: list[int] = []
    for part in re.split(r"[,，;；\s]+", text.strip()):
        m = re.fullmatch(r"(\d+)(?:[-–~](\d+))?", part)
        if not m:
            continue
        a = int(m.group(1))
        b = int(m.group(2) or a)
        rows.extend(range(min(a, b), max(a, b) + 1))
    return sorted(set(r for r in rows if r > 0))


def rows_text(rows: list[int]) -> str:
    """[4, 5, 6, 9] → "4-6, 9"."""
    out: list[str] = []
    rows = sorted(set(rows))
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1] == rows[j] + 1:
            j += 1
        out.append(str(rows[i]) if i == j else f"{rows[i]}-{rows[j]}")
        i = j + 1
    return ", ".join(out)


@dataclass
class SheetProposal:
    """One table block as the dialog shows it."""

    mapping: SheetMapping  # what the dialog edits (a remembered mapping already applied)
    detected: SheetMapping  # the fresh detection, restored when the user forgets a mapping
    preview: list[tuple[int, list[str]]] = field(default_factory=list)  # (1-based row, cell texts)
    remembered: bool = False  # a stored mapping of the same layout was applied

    @property
    def name(self) -> str:
        m = self.mapping
        return f"{m.file} · {m.sheet}" + (f" [{m.block + 1}]" if m.block else "")


def raw_cell_text(v: object) -> str:
    """A source cell as the user typed it (whole floats without '.0', newlines as spaces)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v).replace("\n", " ")


def _preview(sheet, m: SheetMapping) -> list[tuple[int, list[str]]]:
    first_data = m.data_rows[0] or 1
    top = (min(m.header_rows) if m.header_rows else first_data) - PREVIEW_TITLE_ROWS
    top = max(top, 1)
    bottom = min(first_data + PREVIEW_ROWS - 1, m.data_rows[1] or first_data, sheet.n_rows)
    width = min(max((c.index for c in m.columns), default=0) + 1, PREVIEW_COLS)
    return [
        (r, [raw_cell_text(sheet.cell(r - 1, c)) for c in range(width)])
        for r in range(top, bottom + 1)
    ]


def propose_for_review(
    paths, *, store: MappingStore | None = None, progress: ProgressCallback | None = None
) -> list[SheetProposal]:
    """Detected mappings of every table block of ``paths`` with a preview; a remembered mapping
    of the same layout signature in ``store`` is applied (``remembered=True``). A file that
    cannot be read raises the reader's located ``ProblemError``; a sheet whose layout cannot be
    read is left out here (the import reports it, located)."""
    from clusterpolicy.io.layout import detect_sheet
    from clusterpolicy.io.readers import read_workbook

    prog = ensure(progress)
    paths = [Path(p) for p in paths]
    out: list[SheetProposal] = []
    for i, path in enumerate(paths):
        step = sub_progress(prog, i / len(paths), (i + 1) / len(paths))
        step(0.0, f"读取 {path.name} / reading")
        wb = read_workbook(path)
        n = max(len(wb.sheets), 1)
        for j, sheet in enumerate(wb.sheets):
            step(0.5 + 0.5 * j / n, f"识别表格 {sheet.sheet} / detecting layout")
            try:
                proposals = detect_sheet(sheet)
            except (ValueError, TypeError, IndexError):
                continue
            for p in proposals:
                detected = copy.deepcopy(p)
                stored = store.find(p.signature) if store is not None else None
                if stored is not None:
                    p = apply_confirmed(p, stored)
                out.append(SheetProposal(p, detected, _preview(sheet, p), stored is not None))
        step(1.0, path.name)
    return out


def share_edits(mappings: list[SheetMapping], edited: list[int]) -> None:
    """Carry the corrections of the sheets in ``edited`` (indices, last one wins) onto the
    unedited sheets with the same layout signature, in place (``apply_confirmed``: column roles,
    measures, units, the sheet's measure/unit/region/layout; rows and years stay as detected)."""
    source: dict[str, SheetMapping] = {}
    for i in edited:
        source[mappings[i].signature] = mappings[i]
    for i, m in enumerate(mappings):
        if i in edited or m.signature not in source:
            continue
        apply_confirmed(m, source[m.signature])


def remember_mappings(
    store: MappingStore, mappings: list[SheetMapping], edited: list[int] = ()
) -> int:
    """Save the confirmed ``mappings`` by layout signature; returns how many layouts were saved.

    Sheets the user edited are written last, so their choice wins over an unedited sheet of the
    same layout. A year the user typed for a sheet is not remembered: next year's edition of the
    table has another year."""
    order = [i for i in range(len(mappings)) if i not in edited] + [i for i in edited]
    saved: set[str] = set()
    for i in order:
        m = copy.deepcopy(mappings[i])
        if not m.signature:
            continue
        if m.year_source == "mapping":
            m.year, m.year_source = None, ""
        store.save(m)
        saved.add(m.signature)
    return len(saved)


def forget_mapping(store: MappingStore, signature: str) -> bool:
    """Delete the remembered mapping of ``signature``; True when there was one."""
    p = store.dir / f"{signature}.json"
    if p.is_file():
        p.unlink()
        return True
    return False


def is_remembered(store: MappingStore, signature: str) -> bool:
    return bool(signature) and (store.dir / f"{signature}.json").is_file()
