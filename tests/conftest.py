"""Shared fixtures: the real public data sets beside the checkout, and a clean environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLUSTERPOLICY_SHARED", REPO.parent / "shared"))
REAL = SHARED / "data" / "real"


@pytest.fixture(autouse=True)
def _private_user_dir(tmp_path_factory, monkeypatch):
    """Tests never touch the real per-user folders (remembered mappings, logs)."""
    monkeypatch.setenv("CLUSTERPOLICY_USER_DIR", str(tmp_path_factory.mktemp("user")))
    monkeypatch.setenv("CLUSTERPOLICY_LOG_DIR", str(tmp_path_factory.mktemp("logs")))


@pytest.fixture
def real_data() -> Path:
    """``../shared/data/real``; the test is skipped where it is absent (a user's fresh clone)."""
    if not REAL.is_dir():
        pytest.skip("../shared/data/real is not present")
    return REAL


@pytest.fixture(scope="session")
def sample_result():
    """The bundled sample assessed once per test session as ``clusterpolicy demo`` does it (its
    illustrative answers and transfer scenario), by language: ``sample_result("en")``. Tests
    must not modify what they get."""
    from functools import cache

    from clusterpolicy.app.sample import assess_sample

    return cache(lambda lang="zh": assess_sample(created="2026-11-22", lang=lang))


@pytest.fixture(scope="session")
def sample_data():
    """The bundled sample workbook imported once per session (do not modify it)."""
    from clusterpolicy.app.imports import import_data
    from clusterpolicy.app.sample import sample_files

    return import_data([sample_files()[0]]).data
