"""``clusterpolicy --self-test``: every check passes on this checkout, and a broken install is
reported, not crashed on."""

from __future__ import annotations

import pytest

from clusterpolicy.app.selftest import pdf_facts, run_self_test
from clusterpolicy.cli import main


def test_pdf_facts_count_pages_and_embedded_fonts():
    pdf = (
        b"<< /Type /Pages /Count 2 >> << /Type /Page /Parent 1 0 R >> << /Type /Page >>"
        b" << /FontFile2 9 0 R >>"
    )
    assert pdf_facts(pdf) == (2, 1)


@pytest.mark.slow
def test_self_test_passes_and_prints_one_line_per_check(capsys):
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out.splitlines()
    checks = [line for line in out if line.startswith(("OK", "FAIL"))]
    assert len(checks) == 8 and all(line.startswith("OK") for line in checks)
    assert any("PDF" in line and "pages" in line for line in checks)
    assert any("render the report's pages" in line and "PDFium" in line for line in checks)
    assert any("desktop window" in line and "offscreen" in line for line in checks)
    assert "all checks passed" in out[-1] and "clusterpolicy.log" in out[-1]


def test_a_broken_installation_fails_with_the_log_named(tmp_path, monkeypatch):
    (tmp_path / "codes").mkdir()  # a resources folder without the knowledge base
    monkeypatch.setenv("CLUSTERPOLICY_RESOURCES", str(tmp_path))
    from clusterpolicy import paths

    paths.resources_dir.cache_clear()
    lines: list[str] = []
    try:
        assert run_self_test(gui_check=None, out=lines.append) is False
    finally:
        paths.resources_dir.cache_clear()
    assert lines[1].startswith("FAIL") and "knowledge base" in lines[1]
    assert len([x for x in lines if x.startswith(("OK", "FAIL"))]) == 1  # stops at the first
    assert "FAILED" in lines[-1] and "log" in lines[-1]
