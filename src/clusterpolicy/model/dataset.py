"""``CanonicalData``: one assessment's imported tables, their lookups and their provenance."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.messages import Problem
from clusterpolicy.model.tables import TABLES, coerce_table, empty_table

PROVENANCE_COLUMNS = [
    "file",  # file name as the user gave it
    "sheet",  # sheet name ("" for CSV)
    "cell_range",  # e.g. "B5:AF40"
    "table",  # canonical table the values went to
    "column",  # canonical column
    "original_header",  # header text as found (joined over header rows)
    "unit",  # unit as found ("万元"), "" if none
    "factor",  # multiplier applied to reach the canonical unit
    "mapping",  # mapping id / layout signature used
    "n_values",  # number of non-missing values taken
]

DATA_TABLES = ("industry_data", "industry_totals", "reference_data", "region_data", "firm_data")
LOOKUP_TABLES = ("regions", "industries")


def _lookup_name(table: pd.DataFrame, key: str, code: str, lang: str) -> str:
    hit = table.loc[table[key] == code]
    if len(hit):
        first, second = ("name_zh", "name_en") if lang == "zh" else ("name_en", "name_zh")
        for col in (first, second):
            val = hit.iloc[0].get(col)
            if isinstance(val, str) and val:
                return val
    return code


def _names(table: pd.DataFrame, key: str, lang: str) -> dict[str, str]:
    """{code: name} of every row of ``table`` as :func:`_lookup_name` gives it (the first row of
    a code wins), in one pass."""
    first, second = ("name_zh", "name_en") if lang == "zh" else ("name_en", "name_zh")
    out: dict[str, str] = {}
    cols = [c for c in (first, second) if c in table.columns]
    for row in table[[key, *cols]].itertuples(index=False):
        code = row[0]
        if code in out:
            continue
        names = [v for v in row[1:] if isinstance(v, str) and v]
        out[code] = names[0] if names else code
    return out


def empty_provenance() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in PROVENANCE_COLUMNS})


@dataclass
class CanonicalData:
    """The canonical tables of one assessment (see :mod:`clusterpolicy.model.tables`)."""

    industry_data: pd.DataFrame = field(default_factory=lambda: empty_table("industry_data"))
    industry_totals: pd.DataFrame = field(default_factory=lambda: empty_table("industry_totals"))
    reference_data: pd.DataFrame = field(default_factory=lambda: empty_table("reference_data"))
    region_data: pd.DataFrame = field(default_factory=lambda: empty_table("region_data"))
    firm_data: pd.DataFrame = field(default_factory=lambda: empty_table("firm_data"))
    regions: pd.DataFrame = field(default_factory=lambda: empty_table("regions"))
    industries: pd.DataFrame = field(default_factory=lambda: empty_table("industries"))
    provenance: pd.DataFrame = field(default_factory=empty_provenance)
    warnings: list[Problem] = field(default_factory=list)

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in (*DATA_TABLES, *LOOKUP_TABLES)}

    def coerced(self) -> CanonicalData:
        """A copy with every table in canonical column order and dtypes."""
        out = CanonicalData(provenance=self.provenance.copy(), warnings=list(self.warnings))
        for name in (*DATA_TABLES, *LOOKUP_TABLES):
            setattr(out, name, coerce_table(getattr(self, name), name))
        return out

    # --- what is there ------------------------------------------------------------------
    def available_measures(self, table: str = "industry_data") -> list[str]:
        """Measure columns of ``table`` that hold at least one value."""
        df = getattr(self, table)
        return [m for m in TABLES[table].measures if m in df.columns and df[m].notna().any()]

    def years(self) -> list[int]:
        ys: set[int] = set()
        for name in ("industry_data", "region_data"):
            df = getattr(self, name)
            if len(df):
                ys.update(int(y) for y in df["year"].unique())
        return sorted(ys)

    def region_codes(self, include_reference: bool = False) -> list[str]:
        """Codes of the compared regions (reference areas such as 全省/合计 only on request)."""
        codes: set[str] = set()
        for name in ("industry_data", "region_data"):
            df = getattr(self, name)
            if len(df):
                codes.update(str(c) for c in df["region_code"].unique())
        if not include_reference and len(self.regions) and "is_reference" in self.regions:
            refs = self.regions.loc[
                self.regions["is_reference"].fillna(False).astype(bool), "region_code"
            ]
            codes -= {str(c) for c in refs}
        return sorted(codes)

    def industry_codes(self) -> list[str]:
        df = self.industry_data
        return sorted(str(c) for c in df["industry_code"].unique()) if len(df) else []

    def region_name(self, code: str, lang: str = "zh") -> str:
        """Name of a region in ``lang`` (falling back to the other language, then the code)."""
        return _lookup_name(self.regions, "region_code", code, lang)

    def region_names(self, lang: str = "zh") -> dict[str, str]:
        """{region code: name} of every region, as :meth:`region_name` gives each (one pass:
        the data page lists thousands of regions)."""
        return _names(self.regions, "region_code", lang)

    def industry_name(self, code: str, lang: str = "zh") -> str:
        """Name of an industry in ``lang`` (falling back to the other language, then the code)."""
        return _lookup_name(self.industries, "industry_code", code, lang)

    def summary(self) -> dict:
        """Counts for the CLI and the GUI's data page."""
        return {
            "tables": {
                name: int(len(getattr(self, name))) for name in (*DATA_TABLES, *LOOKUP_TABLES)
            },
            "regions": len(self.region_codes()),
            "industries": len(self.industry_codes()),
            "years": self.years(),
            "measures": self.available_measures(),
            "region_measures": self.available_measures("region_data"),
            "warnings": len(self.warnings),
        }
