"""The mapping of one sheet (or one table block of a sheet) onto the canonical tables.

A :class:`SheetMapping` is what layout detection proposes and the user confirms or corrects:
the layout kind, header rows, data rows, the role of every column, the unit and factor of
every value column, the fixed keys (year / region / industry / measure) a column or the sheet
gives, total rows, the reference-area row, and for a tidy table (``measure`` / ``value`` /
``unit`` columns) which measure name goes to which canonical column (``measure_map``). It is
JSON-serialisable (:meth:`to_dict` / :meth:`from_dict`); :class:`MappingStore` remembers confirmed
mappings by :func:`layout_signature`, so next year's edition of the same table imports the same way.

Rows are 1-based as a spreadsheet shows them; ``ColumnMapping.index`` is 0-based.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from clusterpolicy.messages import column_letter

LAYOUTS = ("long", "tidy", "wide_industries", "wide_years", "wide_indicators", "wide", "skip")


@dataclass
class ColumnMapping:
    index: int  # 0-based column index in the sheet
    header: str  # header text as found (levels joined with " | ")
    role: str = "ignore"  # "key", "value" or "ignore"
    field: str = ""  # key: region_code/region/region_en/industry_code/industry/year/firm_id/...; value: measure
    year: int | None = None  # fixed key given by the column header (wide layouts)
    region: str = ""  # fixed region (name or code) given by the header
    industry: str = ""  # fixed industry code (or name) given by the header; "_ALL" = total column
    industry_name: str = ""
    scope: str = ""  # the scope of a measure × scope table ("市辖区"); "" = the default (全市)
    subitem: str = ""  # a sub-item of the measure ("国有控股", "客房收入"); "" = the measure itself
    unit: str = ""  # unit as found ("万元"); "" = none
    factor: float = 1.0  # multiplier to the canonical unit
    note: str = ""  # why it is ignored, etc.

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class SheetMapping:
    file: str
    sheet: str
    block: int = 0  # table block within the sheet (0 = first)
    layout: str = "long"
    header_rows: list[int] = field(default_factory=list)  # 1-based
    data_rows: tuple[int, int] = (0, 0)  # first, last (1-based, inclusive)
    columns: list[ColumnMapping] = field(default_factory=list)
    sheet_unit: str = ""  # unit line of the sheet ("万人"), applied where no column unit is given
    year: int | None = None  # sheet-level year (sheet name / title / user)
    # where the year comes from: "column", "header", "sheet_name", "title", "continued",
    # "mapping" (the user's), "given" (import_files(year=…) / --year, for a file that states none)
    year_source: str = ""
    region: str = ""  # sheet-level region (file name / title / user)
    measure: str = ""  # sheet-level measure (title line "指标：地区生产总值(亿元)" / user)
    subitem: str = ""  # the block is a sub-item of the table above ("国有控股" under 续表)
    industry: str = ""  # sheet-level industry (named by the title: "…住宿业企业经营情况" → H61)
    industry_name: str = ""
    decimal: str = ""  # decimal mark of numbers written as text: "." or ","; "" = from the cells
    # tidy layout: measure name as written in the measure column → canonical field ("" = not imported)
    measure_map: dict[str, str] = field(default_factory=dict)
    total_rows: list[int] = field(default_factory=list)  # 1-based rows recognised as totals
    subitem_rows: list[int] = field(default_factory=list)  # "#"/"其中" rows kept out
    skipped_rows: list[int] = field(default_factory=list)  # vendor / advert lines below the table
    # subtotal / group rows among their members: [group row, first member row, last member row]
    # (a province among its cities, a prefecture among its counties); 1-based
    group_rows: list[list[int]] = field(default_factory=list)
    # answers to region questions: name as written → code (吉林 → 220200)
    region_codes: dict[str, str] = field(default_factory=dict)
    reference_row: int | None = None  # the row taken as the reference area
    title: str = ""
    continues: bool = (
        False  # a 续表 / "continued" block: year, unit, measure taken from the block before
    )
    signature: str = ""
    confirmed: bool = False  # True once a user (or a stored mapping) confirmed it

    # --- JSON ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        d = asdict(self)
        d["data_rows"] = list(self.data_rows)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> SheetMapping:
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        colknown = {f.name for f in fields(ColumnMapping)}
        kw["columns"] = [
            ColumnMapping(**{k: v for k, v in c.items() if k in colknown})
            for c in d.get("columns", [])
        ]
        kw["data_rows"] = tuple(d.get("data_rows", (0, 0)))
        return cls(**kw)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    # --- helpers -------------------------------------------------------------------------
    def key_columns(self) -> dict[str, ColumnMapping]:
        out: dict[str, ColumnMapping] = {}
        for c in self.columns:
            if c.role == "key" and c.field not in out:
                out[c.field] = c
        return out

    def value_columns(self) -> list[ColumnMapping]:
        return [c for c in self.columns if c.role == "value"]


_YEARISH = re.compile(r"(19|20)\d\d")


def layout_signature(header_texts: list[str], n_header_rows: int, layout: str) -> str:
    """A hash of the normalised header texts and the shape: the same table's next edition
    (other years, other row count) gets the same signature. Years become "YYYY"."""
    from clusterpolicy.io.headers import norm

    parts = [layout, str(n_header_rows)] + [_YEARISH.sub("YYYY", norm(t)) for t in header_texts]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def save_mappings(mappings: list[SheetMapping], path: str | Path) -> None:
    Path(path).write_text(
        json.dumps([m.to_dict() for m in mappings], ensure_ascii=False, indent=1), encoding="utf-8"
    )


def load_mappings(path: str | Path) -> list[SheetMapping]:
    """Read a mapping file written by :func:`save_mappings` (a list) or one mapping (a dict)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = [data]
    return [SheetMapping.from_dict(d) for d in data]


class MappingStore:
    """Confirmed mappings kept as ``<signature>.json`` files in one folder."""

    def __init__(self, directory: str | Path):
        self.dir = Path(directory)

    def save(self, mapping: SheetMapping) -> Path:
        self.dir.mkdir(parents=True, exist_ok=True)
        mapping.confirmed = True
        p = self.dir / f"{mapping.signature}.json"
        p.write_text(mapping.to_json(), encoding="utf-8")
        return p

    def load(self, signature: str) -> SheetMapping:
        return SheetMapping.from_dict(
            json.loads((self.dir / f"{signature}.json").read_text(encoding="utf-8"))
        )

    def find(self, signature: str) -> SheetMapping | None:
        p = self.dir / f"{signature}.json"
        if not p.is_file():
            return None
        try:
            return self.load(signature)
        except (OSError, ValueError, TypeError):
            return None


def apply_confirmed(proposed: SheetMapping, confirmed: SheetMapping) -> SheetMapping:
    """Carry a confirmed mapping's choices (column roles, measures, units, sheet measure/unit/
    region) onto a fresh proposal of the same layout; rows and years stay as detected."""
    by_index = {c.index: c for c in confirmed.columns}
    for c in proposed.columns:
        k = by_index.get(c.index)
        if k is None:
            continue
        c.role, c.field, c.unit, c.factor = k.role, k.field, k.unit, k.factor
        c.scope, c.subitem = k.scope, k.subitem
        if k.industry:
            c.industry, c.industry_name = k.industry, k.industry_name
        if k.region:
            c.region = k.region
    for attr in (
        "sheet_unit",
        "region",
        "measure",
        "layout",
        "subitem",
        "decimal",
        "industry",
        "industry_name",
    ):
        if getattr(confirmed, attr):
            setattr(proposed, attr, getattr(confirmed, attr))
    if confirmed.region_codes:
        proposed.region_codes = {**proposed.region_codes, **confirmed.region_codes}
    if confirmed.measure_map:
        proposed.measure_map = {**proposed.measure_map, **confirmed.measure_map}
    if confirmed.year_source == "mapping" and confirmed.year:
        proposed.year, proposed.year_source = confirmed.year, "mapping"
    proposed.confirmed = True
    return proposed
