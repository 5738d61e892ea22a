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
