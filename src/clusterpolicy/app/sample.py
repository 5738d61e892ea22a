"""The bundled fictional sample (清源市, focal county 清溪县): its files and its assessment as
``clusterpolicy demo`` runs it (tests and benchmarks use :func:`assess_sample`)."""

from __future__ import annotations

from pathlib import Path

from clusterpolicy.app.assessment import assess
from clusterpolicy.app.imports import import_data
from clusterpolicy.app.inputs import load_scenario
from clusterpolicy.assess.pipeline import AssessmentResult
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.knowledge import load_answers, load_profile
from clusterpolicy.paths import resource
from clusterpolicy.progress import ProgressCallback, sub_progress

SAMPLE_FOCAL = (
    "990105"  # 清溪县, the focal county of the bundled sample (resources/samples/README.md)
)
SAMPLE_PREPARING_UNIT = {
    "zh": "清源市发展和改革委员会（示例）",
    "en": "Qingyuan Development and Reform Commission (sample)",
}


def sample_files() -> tuple[Path, Path, Path]:
    """The bundled fictional sample: (workbook, illustrative answers, transfer scenario)."""
    return (
        resource("samples", "sample_prefecture.xlsx"),
        resource("samples", "sample_answers.json"),
        resource("samples", "sample_scenario.json"),
    )


def sample_boundaries() -> Path:
    """The sample's FICTIONAL boundaries (``tools/make_sample_boundaries.py``) for the maps."""
    return resource("samples", "sample_boundaries.geojson")


def sample_settings(lang: str = "zh", created: str | None = None) -> AssessmentSettings:
    """The demo's settings: the focal county, the language, the (fictional) preparing unit."""
    settings = AssessmentSettings(
        focal_region=SAMPLE_FOCAL,
        lang=lang,
        preparing_unit=SAMPLE_PREPARING_UNIT[lang],
        welfare_effects=True,  # the demo shows every step
    )
    if created:
        settings.created = created
    return settings


def assess_sample(
    *, created: str | None = None, lang: str = "zh", progress: ProgressCallback | None = None
) -> AssessmentResult:
    """The sample assessed as ``clusterpolicy demo`` does it, without writing files."""
    workbook, answers_path, scenario_path = sample_files()
    profile = load_profile()
    settings = AssessmentSettings(focal_region=SAMPLE_FOCAL, lang=lang)
    if created:
        settings.created = created
    data = import_data([workbook], progress=sub_progress(progress, 0.0, 0.3)).data
    return assess(
        data,
        settings,
        profile,
        answers=load_answers(answers_path, profile),
        scenario=load_scenario(scenario_path),
        inputs=[workbook.name],
        progress=sub_progress(progress, 0.3, 1.0),
    )
