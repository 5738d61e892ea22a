"""Official code tables, in one place: regions (GB/T 2260) and industries (GB/T 4754-2017).

The tables live in ``resources/codes/*.csv`` (see the README there for editions and sources);
every lookup goes through dict indexes built once per process (no pandas filter per call).
Table loaders return a fresh copy, so callers may modify what they get. All columns are pandas
``string`` dtype (codes keep their leading zeros) except ``region_groups().order`` (int64).

* regions (:mod:`.regions`): :func:`provinces`, :func:`region_groups`, :func:`province_by_name`,
  :func:`province_record`, :func:`province_names`, :func:`region_group`;
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
    sections,
    sectors,
)
from clusterpolicy.model.codes.regions import (
    Region,
    province_by_name,
    province_names,
    province_record,
    provinces,
    region_group,
    region_groups,
)

__all__ = [
    "Division",
    "Industry",
    "Region",
    "division",
    "division_by_name",
    "division_record",
    "divisions",
    "industry_by_name",
    "industry_code",
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
