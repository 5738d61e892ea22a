"""All the officials' answers of one assessment, as the engines take them.

``clusters[industry][scope][item] = {answer, note, who, when}`` for the per-cluster scopes and
``regional[scope][item] = {…}`` for the region's (:mod:`clusterpolicy.model.vocabulary`).
Loading and validating answer files lives in :mod:`clusterpolicy.knowledge.answers` (JSON) and
:mod:`clusterpolicy.io.answers_workbook` (Excel).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clusterpolicy.model.vocabulary import CLUSTER_SCOPES, REGION_SCOPES

ANSWERS_SCHEMA = "clusterpolicy.answers/1"


@dataclass
class Answers:
    """All answers of one assessment. ``clusters[industry][scope][item] = {answer, note, who, when}``;
    ``regional[scope][item] = {…}``."""

    clusters: dict[str, dict[str, dict[str, dict]]] = field(default_factory=dict)
    regional: dict[str, dict[str, dict]] = field(default_factory=dict)
    region_code: str = ""
    file: str = ""

    def get(self, scope: str, industry_code: str | None = None) -> dict[str, dict]:
        """{item_id: {answer, note, who, when}} of one scope (cluster scopes need the industry)."""
        if scope in REGION_SCOPES:
            return self.regional.get(scope, {})
        if scope not in CLUSTER_SCOPES:
            raise KeyError(scope)
        if industry_code is None:
            raise ValueError(f"scope {scope!r} is per cluster: give industry_code")
        return self.clusters.get(str(industry_code), {}).get(scope, {})

    def values(self, scope: str, industry_code: str | None = None) -> dict[str, object]:
        """{item_id: answer} (the bare answers) of one scope."""
        return {k: v.get("answer") for k, v in self.get(scope, industry_code).items()}

    def by_cluster(self, scope: str) -> dict[str, dict[str, object]]:
        """{industry_code: {item_id: answer}} — e.g. the existence answers the identification
        engine takes."""
        return {
            ind: self.values(scope, ind) for ind in self.clusters if scope in self.clusters[ind]
        }

    def industry_codes(self) -> list[str]:
        return sorted(self.clusters)

    def to_dict(self) -> dict:
        out: dict = {"schema": ANSWERS_SCHEMA}
        if self.region_code:
            out["region_code"] = self.region_code
        out["clusters"] = self.clusters
        for s in REGION_SCOPES:
            if s in self.regional:
                out[s] = self.regional[s]
        return out
