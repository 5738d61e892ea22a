"""Canonical data model: the tables every importer produces and every engine reads."""

from clusterpolicy.model.dataset import DATA_TABLES, LOOKUP_TABLES, CanonicalData
from clusterpolicy.model.tables import (
    FIRM_DATA,
    INDUSTRY_DATA,
    INDUSTRY_TOTALS,
    REFERENCE_DATA,
    REGION_DATA,
    TABLES,
    TOTAL_INDUSTRY,
    Column,
    TableSpec,
    coerce_table,
    empty_table,
)

__all__ = [
    "CanonicalData",
    "DATA_TABLES",
    "LOOKUP_TABLES",
    "Column",
    "TableSpec",
    "TABLES",
    "INDUSTRY_DATA",
    "INDUSTRY_TOTALS",
    "REFERENCE_DATA",
    "REGION_DATA",
    "FIRM_DATA",
    "TOTAL_INDUSTRY",
    "coerce_table",
    "empty_table",
]
