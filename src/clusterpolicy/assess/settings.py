"""Settings of one assessment run (what the user chose on the project page)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field


@dataclass
class AssessmentSettings:
    focal_region: str | None = None  # region_code of the focal region; None = the first region
    reference_code: str | None = (
        None  # explicit reference area; None = reference_data or all regions
    )
    base_year: int | None = None  # None = first year in the data
    end_year: int | None = None  # None = last year in the data
    clusters: str | list[str] = "auto"  # "auto" = identified candidates, or explicit industry codes
    max_clusters: int = 8  # upper bound of auto-selected clusters assessed in depth
    peers: list[str] = field(default_factory=list)  # a peer group the user names; [] = nearest
    lang: str = "zh"
    preparing_unit: str = ""
    welfare_effects: bool = False  # also estimate the welfare effects of agglomeration (seed 000)
    created: str = field(default_factory=lambda: _dt.date.today().isoformat())

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> AssessmentSettings:
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)
