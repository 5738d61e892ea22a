"""Maps in the report, from boundaries the user supplies: the selected clusters' LQs and the
welfare index, each with its boundary source and approval number (审图号) — or the warning that
it may not be published — and no map (a sentence saying why) without boundaries."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from clusterpolicy.app.outputs import write_report
from clusterpolicy.app.sample import sample_boundaries

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed"),
]


def _text(path, lang="zh"):
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    lines = [x.strip() for x in out.stdout.splitlines()]
    return ("" if lang == "zh" else " ").join(lines)


def test_maps_with_and_without_an_approval_number(sample_result, tmp_path):
    result = sample_result("zh")
    approved = _text(
        write_report(
            tmp_path / "a.pdf",
            result,
            boundaries=sample_boundaries(),
            map_approval="GS(2024)0650号",
        )
    )
    assert "选定集群的空间分布" in approved and "公共福利指数的空间分布" in approved
    assert approved.count("审图号：GS(2024)0650号") == 2
    fictional = _text(write_report(tmp_path / "b.pdf", result, boundaries=sample_boundaries()))
    assert fictional.count("未附审图号；本图仅供内部工作参考，不得公开刊印") == 2
    none = _text(write_report(tmp_path / "c.pdf", result))
    assert "空间分布（" not in none and "本报告未附地图" in none


def test_english_maps(sample_result, tmp_path):
    text = _text(
        write_report(
            tmp_path / "en.pdf", sample_result("en"), lang="en", boundaries=sample_boundaries()
        ),
        "en",
    )
    assert "Location quotients of the selected clusters" in text
    assert "not for publication" in text
