"""Official code tables, in one place: regions (GB/T 2260) and industries (GB/T 4754-2017).

The tables live in ``resources/codes/*.csv`` (see the README there for editions and sources);
every lookup goes through dict indexes built once per process (no pandas filter per call).
Table loaders return a fresh copy, so callers may modify what they get. All columns are pandas
``string`` dtype (codes keep their leading zeros) except ``region_groups().order`` (int64).

* regions (:mod:`.regions`): :func:`provinces`, :func:`region_groups`, :func:`province_by_name`,
  :func:`province_record`, :func:`province_names`, :func:`region_group`; every level with its
  names over time (GB/T 2260 code lists 1980–2020, ``gb2260_regions.csv``): :func:`find_region`
  (name → code, narrowed by year, parent and level), :func:`region_record`,
  :func:`region_names`, :func:`is_within`, :func:`short_forms`;
* industries (:mod:`.industries`): :func:`sections`, :func:`divisions`, :func:`division`,
  :func:`division_record`, :func:`division_by_name`, :func:`industry_by_name` (divisions, sections
  and the three sectors 第一/第二/第三产业), :func:`industry_code`, :func:`sectors`;
* :func:`normalise_name` — the one normalisation names are compared in.
"""

from __future__ import annotations

from clusterpolicy.model.codes._load import normalise_name
from clusterpolicy.model.codes.industries import (
    Division,
    Industry,
    division,
    division_by_name,
    division_record,
    divisions,
    industry_by_name,
    industry_code,
    industry_in_text,
    sections,
    sectors,
)
from clusterpolicy.model.codes.regions import (
    Region,
    RegionName,
    Resolution,
    find_region,
    is_within,
    province_by_name,
    province_names,
    province_record,
    provinces,
    region_group,
    region_groups,
    region_names,
    region_record,
    short_forms,
)

__all__ = [
    "Division",
    "Industry",
    "Region",
    "RegionName",
    "Resolution",
    "find_region",
    "is_within",
    "region_names",
    "region_record",
    "short_forms",
    "division",
    "division_by_name",
    "division_record",
    "divisions",
    "industry_by_name",
    "industry_code",
    "industry_in_text",
    "normalise_name",
    "province_by_name",
    "province_names",
    "province_record",
    "provinces",
    "region_group",
    "region_groups",
    "sections",
    "sectors",
]
