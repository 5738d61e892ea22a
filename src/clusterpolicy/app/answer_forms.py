"""The answers workbook officials fill in Excel (``clusterpolicy answers-template``).

The clusters it asks about are the ones named, or — given data — the ones the assessment would
select (the same identification and selection ``clusterpolicy assess --clusters auto`` runs:
top-ranked candidates plus the emerging watch list).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from clusterpolicy.app.imports import import_data
from clusterpolicy.assess.pipeline import clusters_to_assess
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.io.answers_workbook import SCOPE_SHEETS, normalise_industry_code
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.codes import division

__all__ = [
    "SCOPE_SHEETS",
    "clusters_from_data",
    "named_clusters",
    "normalise_industry_code",
    "write_answers_form",
]


def named_clusters(codes: Sequence[str], lang: str = "zh") -> list[tuple[str, str]]:
    """[(code, GB/T 4754 division name)] of clusters named by code."""
    out = []
    for code in codes:
        row = division(code)
        name = "" if row is None else str(row["name_zh" if lang == "zh" else "name_en"])
        out.append((code, name))
    return out


def clusters_from_data(
    files: Sequence[str | Path],
    profile: Profile,
    *,
    region: str | None = None,
    reference: str | None = None,
    clusters: Sequence[str] | None = None,
    max_clusters: int = 8,
    lang: str = "zh",
) -> tuple[list[tuple[str, str]], str]:
    """([(code, name)], focal region) the assessment would ask about on ``files``."""
    data = import_data(files, reference_code=reference).data
    settings = AssessmentSettings(
        focal_region=region,
        reference_code=reference,
        clusters=list(clusters) if clusters else "auto",
        max_clusters=max_clusters,
    )
    focal, codes = clusters_to_assess(data, settings, profile)
    return [(c, data.industry_name(c, lang)) for c in codes], focal


def write_answers_form(
    path: str | Path,
    profile: Profile,
    clusters: Sequence[tuple[str, str]] = (),
    *,
    lang: str = "zh",
    region_code: str = "",
) -> Path:
    """Write the answers workbook for ``clusters`` ([(industry code, name)]) under ``profile``."""
    from clusterpolicy.io.answers_workbook import write_answers_template

    return write_answers_template(path, profile, clusters, lang=lang, region_code=region_code)
