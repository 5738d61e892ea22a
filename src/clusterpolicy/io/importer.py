"""Import workbooks into :class:`~clusterpolicy.model.dataset.CanonicalData`.

``import_files(paths)`` reads every file (:func:`clusterpolicy.io.readers.read_workbook`),
proposes a mapping per sheet block (:mod:`layout`), replaces it by a given or stored confirmed
mapping of the same layout, extracts canonical pieces (:mod:`extract`), resolves region and
industry names to codes over the whole import, routes totals (all-industry totals →
``industry_totals``; industry measures of total / reference rows → ``reference_data``; region
measures of a reference area stay in ``region_data`` under its code, and the ``regions`` lookup
marks it ``is_reference``), combines the pieces (the same key from two places with different
values is an error; blocks of one table split across sheets, and the measures of a tidy table,
join on the key), checks (duplicates and year-on-year jumps vectorised over integer key ids,
:mod:`validate`), and returns an :class:`ImportResult`. Errors from all files are raised
together as one ``ProblemError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from clusterpolicy.io.accounting import (
    Accounting,
    CellRegistry,
    NotImported,
    imported_cells,
    row_ranges,
)
from clusterpolicy.io.cells import is_number
from clusterpolicy.io.combine import DATA_TABLES, Ledger, finish_table, route_pieces
from clusterpolicy.io.extract import Piece, column_letters, extract
from clusterpolicy.io.layout import detect_sheet
from clusterpolicy.io.mapping import MappingStore, SheetMapping, apply_confirmed
from clusterpolicy.io.resolve import resolve_names
from clusterpolicy.io.validate import error, info
from clusterpolicy.messages import Problem, ProblemError, Severity
from clusterpolicy.model.dataset import PROVENANCE_COLUMNS, CanonicalData
from clusterpolicy.model.tables import TABLES, coerce_table
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress


@dataclass
class ImportResult:
    """What an import gives: the data, the mappings used, every problem, the accounting.

    ``accounting`` says how many numbers were read, imported and listed as not imported (with
    the list, by file / sheet / cell range and reason); ``cells[table]`` holds, per row of the
    canonical table and per measure column, the id of the source cell the value came from —
    :meth:`source_of` turns it into (file, sheet, "B12")."""

    data: CanonicalData
    mappings: list[SheetMapping] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    accounting: Accounting = field(default_factory=Accounting)
    cells: dict[str, pd.DataFrame] = field(default_factory=dict)
    registry: CellRegistry = field(default_factory=CellRegistry)

    def source_of(self, table: str, row: int, column: str) -> tuple[str, str, str] | None:
        """(file, sheet, cell) the value at ``row`` (position) of ``table[column]`` came from."""
        ids = self.cells.get(table)
        if ids is None or column not in ids.columns:
            return None
        v = ids[column].iloc[row]
        return None if v != v else self.registry.where(v)


def _read(path):
    from clusterpolicy.io.readers import read_workbook

    return read_workbook(path)


def _propose(
    wb, mappings, store, year: int | None = None
) -> tuple[list[tuple[object, SheetMapping]], list[Problem]]:
    given = {}
    for m in mappings or []:
        given[(m.file, m.sheet, m.block)] = m
        given.setdefault(("sig", m.signature), m)
    out = []
    problems: list[Problem] = []
    previous: SheetMapping | None = (
        None  # last block of the previous sheet: 续表 blocks continue it
    )
    for sheet in wb.sheets:
        try:
            proposals = detect_sheet(sheet, previous)
        except (ValueError, TypeError, IndexError) as exc:  # a grid we cannot read: say where
            problems.append(
                error(
                    "unreadable_sheet",
                    f"无法识别表格结构：{exc}",
                    f"Cannot read the sheet layout: {exc}",
                    file=sheet.file,
                    sheet=sheet.sheet,
                )
            )
            continue
        if not proposals:
            has_numbers = any(
                isinstance(v, (int, float)) and not isinstance(v, bool)
                for r in sheet.rows[:200]
                for v in r
            )
            if has_numbers:
                problems.append(
                    error(
                        "no_header",
                        "找不到可识别的表头或数据区域。",
                        "No recognisable header or data area.",
                        "请确保表格有一行列标题（如 地区、年份、从业人员）。",
                        "Make sure the table has a header row (e.g. region, year, employment).",
                        file=sheet.file,
                        sheet=sheet.sheet,
                    )
                )
            elif sheet.n_rows:
                problems.append(
                    info(
                        "sheet_skipped",
                        "该工作表没有数据表格，已跳过。",
                        "No data table in this sheet; skipped.",
                        file=sheet.file,
                        sheet=sheet.sheet,
                    )
                )
            continue
        previous = proposals[-1]
        for p in proposals:
            chosen = given.get((p.file, p.sheet, p.block)) or given.get(("sig", p.signature))
            if chosen is not None:
                if (chosen.file, chosen.sheet, chosen.block) == (p.file, p.sheet, p.block):
                    p = chosen
                else:
                    p = apply_confirmed(p, chosen)
            elif store is not None:
                stored = store.find(p.signature)
                if stored is not None:
                    p = apply_confirmed(p, stored)
            _date(p, year)
            out.append((sheet, p))
    return out, problems


def _date(m: SheetMapping, year: int | None) -> None:
    """A block that states no year (none in a column, a header, the sheet name or a title) is
    dated by the year given to the import (``--year``)."""
    if year is None or m.year or m.year_source in ("column", "header"):
        return
    if any(c.year for c in m.value_columns()) or "year" in m.key_columns():
        return
    m.year, m.year_source = int(year), "given"


def propose_mappings(paths, *, year: int | None = None) -> list[SheetMapping]:
    """The proposed mapping of every table block of every sheet, for the user to check."""
    out: list[SheetMapping] = []
    for path in paths:
        wb = _read(path)
        pairs, _ = _propose(wb, None, None, year)
        out.extend(m for _, m in pairs)
    return out


def _read_all(paths, mappings, mapping_store, reference_code, year, prog, st: _State) -> None:
    """Read, propose and extract every file; everything found goes into ``st``."""
    for i, path in enumerate(paths):
        step = sub_progress(prog, i / max(len(paths), 1), (i + 1) / max(len(paths), 1))
        step(0.0, f"读取 {path.name} / reading")
        try:
            wb = _read(path)
        except ProblemError as exc:
            st.problems.extend(exc.problems)
            continue
        except (OSError, ValueError) as exc:
            st.problems.append(
                error(
                    "unreadable_file",
                    f"无法读取文件：{exc}",
                    f"Cannot read the file: {exc}",
                    "检查文件是否损坏或受密码保护。",
                    "Check that the file is not damaged or password protected.",
                    file=path.name,
                )
            )
            continue
        st.problems.extend(getattr(wb, "warnings", []) or [])
        step(0.4, f"识别表格 {path.name} / detecting layout")
        pairs, probs = _propose(wb, mappings, mapping_store, year)
        st.problems.extend(probs)
        for sheet, m in pairs:
            src = len(st.sources)
            st.sources[src] = (m.file, m.sheet, column_letters(m))
            ex = extract(sheet, m, src, reference_code=reference_code, cells=st.registry)
            st.pieces.extend(ex.pieces)
            st.provenance.extend(ex.provenance)
            st.problems.extend(ex.problems)
            st.accounting.read += ex.read
            st.accounting.entries.extend(ex.not_imported)
            st.used.append(m)
        for sheet in wb.sheets:
            _outside_tables(sheet, [m for sh, m in pairs if sh is sheet], st.accounting)
        step(1.0, path.name)


def _outside_tables(sheet, blocks: list[SheetMapping], acc: Accounting) -> None:
    """Numbers of a sheet outside every table (above, between or below the blocks) are read
    too: counted, and listed as not imported."""
    covered = np.zeros(sheet.n_rows, dtype=bool)
    for m in blocks:
        top = min(m.header_rows or [m.data_rows[0]])
        covered[top - 1 : m.data_rows[1]] = True
    rows = np.flatnonzero(~covered)
    hits: list[int] = []
    n = 0
    for r in rows:
        k = sum(1 for v in sheet.rows[r] if v not in ("", None) and is_number(v))
        if k:
            n += k
            hits.append(int(r) + 1)
    if n:
        acc.read += n
        rng = row_ranges(hits, 0, max(sheet.n_cols - 1, 0))
        acc.entries.append(NotImported(sheet.file, sheet.sheet, rng, n, "outside_table"))


@dataclass
class _State:
    accounting: Accounting = field(default_factory=Accounting)
    registry: CellRegistry = field(default_factory=CellRegistry)
    problems: list[Problem] = field(default_factory=list)
    used: list[SheetMapping] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    provenance: list[dict] = field(default_factory=list)
    sources: dict[int, tuple[str, str, dict[str, str]]] = field(default_factory=dict)


def _no_data(problems: list[Problem], files: list[str]) -> Problem:
    """Nothing imported: say which measures the file has that this product does not know
    (located at the first such column, else at the files read)."""
    nm = [p for p in problems if p.code in ("no_measure", "unmapped_measures")]
    loc = {"file": nm[0].file, "sheet": nm[0].sheet, "row": nm[0].row} if nm else {}
    if not loc.get("file"):
        loc["file"] = ", ".join(files)
    found = "、".join(dict.fromkeys(w for p in nm for w in p.value.split("、") if w))[:160]
    known = "、".join(
        TABLES[t].column(c).label_zh
        for t in ("industry_data", "region_data")
        for c in TABLES[t].measures[:8]
    )
    if found:
        zh = f"没有导入任何数据：文件中的指标（{found}）不是本软件支持的指标。"
        en = (
            f"Nothing imported: the file's measures ({found}) are not measures this software"
            " supports."
        )
    else:
        zh, en = (
            "没有导入任何数据：未识别出指标列。",
            "Nothing imported: no measure column was recognised.",
        )
    return error(
        "no_data",
        zh,
        en,
        f"本软件导入的指标有：{known} 等；如某列就是其中之一，请在映射中为它指定指标和单位。",
        "The measures it imports are employment, output, value added, revenue, firms, population,"
        " area, GDP, fiscal revenue and expenditure, …; if a column is one of them, choose it in"
        " the mapping.",
        **loc,
    )


def _coerce(data: CanonicalData, regions: pd.DataFrame, industries: pd.DataFrame) -> None:
    try:
        for t in DATA_TABLES:
            f = getattr(data, t)
            if len(f):
                setattr(data, t, coerce_table(f, t))
        if len(regions):
            data.regions = coerce_table(regions, "regions")
        if len(industries):
            data.industries = coerce_table(industries, "industries")
    except (ValueError, TypeError) as exc:
        raise ProblemError(
            [
                error(
                    "convert_failed",
                    f"数据无法转换为标准格式：{exc}",
                    f"Data could not be converted to the canonical tables: {exc}",
                )
            ]
        ) from exc


def import_files(
    paths,
    *,
    mappings=None,
    reference_code=None,
    mapping_store=None,
    year: int | None = None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import ``paths`` into one CanonicalData (see module doc). Raises ProblemError on errors.

    ``year`` dates the tables that state no year of their own (most single-table downloads;
    ``--year`` on the command line); a year in the file or in the mapping wins. When the import
    stops, the raised ``ProblemError`` carries the proposed mappings as ``.mappings`` (so a
    caller can save them for the user to correct), and its ``.accounting``."""
    prog = ensure(progress)
    if isinstance(mapping_store, (str, Path)):
        mapping_store = MappingStore(mapping_store)
    st = _State()
    _read_all([Path(p) for p in paths], mappings, mapping_store, reference_code, year, prog, st)
    prog(0.9, "合并 / combining")
    frames = route_pieces(st.pieces)
    answers = {i: m.region_codes for i, m in enumerate(st.used) if m.region_codes}
    regions, industries = resolve_names(frames, st.problems, st.sources, answers)
    data = CanonicalData()
    ledger = Ledger(st.registry, st.accounting.entries)
    cells: dict[str, pd.DataFrame] = {}
    for t, f in frames.items():
        if not f.empty:
            done = finish_table(t, f, st.problems, st.sources, ledger)
            if done is not None:
                setattr(data, t, done[0])
                cells[t] = done[1]
    if not st.pieces and not any(p.severity is Severity.ERROR for p in st.problems):
        st.problems.append(_no_data(st.problems, [Path(p).name for p in paths]))
    errors = [p for p in st.problems if p.severity is Severity.ERROR]
    if errors:
        raise _stopped(errors, st)
    _coerce(data, regions, industries)
    _check(data, st)
    st.problems.insert(0, st.accounting.problem())
    data.provenance = pd.DataFrame(
        st.provenance + st.accounting.provenance_rows(), columns=PROVENANCE_COLUMNS
    )
    data.warnings = [p for p in st.problems if p.severity is not Severity.ERROR]
    prog(1.0, "完成 / done")
    return ImportResult(data, st.used, st.problems, st.accounting, cells, st.registry)


def _stopped(errors: list[Problem], st: _State) -> ProblemError:
    exc = ProblemError(errors)
    exc.mappings = st.used  # the proposed mappings, for --save-mapping
    exc.accounting = st.accounting
    return exc


def _check(data: CanonicalData, st: _State) -> None:
    """The accounting invariant, enforced: read == imported + listed, or the import stops."""
    acc = st.accounting
    acc.imported = imported_cells(
        {t: getattr(data, t) for t in DATA_TABLES}, {t: TABLES[t].key for t in DATA_TABLES}
    )
    if acc.read != acc.imported + acc.not_imported:
        raise ProblemError(
            [
                error(
                    "accounting_mismatch",
                    f"内部错误：{acc.line_zh}，合计不符；为避免丢失或重复数值，导入已停止。",
                    f"Internal error: {acc.line_en} — these do not add up; the import stopped"
                    " rather than lose or double a number.",
                    "请把文件和本消息发给开发者。",
                    "Please send the file and this message to the developers.",
                )
            ]
        )
