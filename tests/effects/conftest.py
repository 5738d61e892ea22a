"""Fixtures of the welfare-effects tests: thresholds (the default profile plus
thresholds/effects.yaml), the bundled sample and the real provincial data, imported once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # simulate.py, inputs.py

from inputs import REAL, effects_thresholds, import_real_china  # noqa: E402

from clusterpolicy.paths import resource  # noqa: E402


@pytest.fixture(scope="session")
def thresholds(tmp_path_factory) -> dict[str, float]:
    # fewer bootstrap draws keep the suite quick; the default (300) runs in render_pages.py
    return effects_thresholds(
        tmp_path_factory.mktemp("profile"), **{"effects.threshold.bootstrap": 100}
    )


@pytest.fixture(scope="session")
def sample_data():
    from clusterpolicy.io.importer import import_files  # tests may read workbooks

    return import_files([resource("samples", "sample_prefecture.xlsx")]).data


@pytest.fixture(scope="session")
def real_china():
    if not REAL.is_dir():
        pytest.skip("../shared/data/real is not present")
    return import_real_china(REAL)


@pytest.fixture(scope="session")
def sample_result(sample_data, thresholds):
    from clusterpolicy.assess.effects import estimate_welfare_effects

    return estimate_welfare_effects(sample_data, {}, thresholds)


@pytest.fixture(scope="session")
def real_result(real_china, thresholds):
    from clusterpolicy.assess.effects import estimate_welfare_effects

    return estimate_welfare_effects(real_china, {}, thresholds)
