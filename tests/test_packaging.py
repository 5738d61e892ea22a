"""resources/ and ui/ are found the same way from a checkout, an installed wheel and a frozen bundle."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from clusterpolicy import paths

REPO = Path(__file__).resolve().parents[1]


def test_frozen_bundle_resources(tmp_path, monkeypatch):
    (tmp_path / "resources" / "codes").mkdir(parents=True)
    (tmp_path / "ui").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    paths.resources_dir.cache_clear()
    paths.ui_dir.cache_clear()
    try:
        assert paths.resources_dir() == tmp_path / "resources"
        assert paths.ui_dir() == tmp_path / "ui"
    finally:
        paths.resources_dir.cache_clear()
        paths.ui_dir.cache_clear()


@pytest.mark.slow
def test_wheel_carries_resources_and_ui(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(REPO), "-w", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("clusterpolicy-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "clusterpolicy/_resources/knowledge/profiles/default.yaml",
        "clusterpolicy/_resources/codes/gb4754_2017_divisions.csv",
        "clusterpolicy/_resources/samples/sample_prefecture.xlsx",
        "clusterpolicy/_resources/fonts/wqy-microhei.ttc",
        "clusterpolicy/_ui/clusterpolicy.qss",
        "clusterpolicy/paths.py",
    ):
        assert needed in names, needed
