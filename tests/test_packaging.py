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
        "clusterpolicy/_ui/report_options.ui",
        "clusterpolicy/paths.py",
    ):
        assert needed in names, needed


def test_designer_forms_are_found_in_ui_dir():
    """The Qt Designer forms ship in ui/ (setup.py's package data, the PyInstaller spec's
    datas) and the dialogs find them there."""
    import xml.etree.ElementTree as ET

    form = paths.ui_dir() / "report_options.ui"
    assert form.is_file()
    root = ET.parse(form).getroot()
    assert root.tag == "ui" and root.find("widget").get("class") == "QWidget"
    names = {w.get("name") for w in root.iter("widget")}
    assert {"lang_combo", "unit_edit", "signer_edit", "date_edit", "chapter_list"} <= names
    # the form holds layout only: no visible text to translate
    assert not [
        p for p in root.iter("property") if p.get("name") in ("text", "title", "windowTitle")
    ]
    spec = (REPO / "installer" / "clusterpolicy.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "ui"), "ui")' in spec
    assert '"clusterpolicy._ui": ["**/*"]' in (REPO / "setup.py").read_text(encoding="utf-8")
