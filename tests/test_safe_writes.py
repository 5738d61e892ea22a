"""Every file the app writes replaces the old one only when complete: a full disk, a missing
permission or a vanished folder gives a located message and the previous file stays intact; text
that a spreadsheet would read as a formula is neutralised in every export."""

from __future__ import annotations

import errno
import os

import openpyxl
import pandas as pd
import pytest

from clusterpolicy.atomic import replacing
from clusterpolicy.messages import ProblemError


def _disk_full(*_a, **_k):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_replacing_keeps_the_old_file_on_a_full_disk(tmp_path, monkeypatch):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "replace", _disk_full)
    with pytest.raises(ProblemError) as err:
        with replacing(target) as tmp:
            tmp.write_bytes(b"new")
    p = err.value.problems[0]
    assert p.code == "cannot_write" and "磁盘空间已满" in p.message_zh and p.file == str(target)
    assert "disk is full" in p.message_en and p.fix_zh
    assert target.read_bytes() == b"old"
    assert [f.name for f in tmp_path.iterdir()] == ["r.xlsx"]  # no temporary file left


def test_a_vanished_folder_is_a_located_message(tmp_path):
    missing = tmp_path / "gone"
    missing.mkdir()
    missing.rmdir()
    (tmp_path / "gone").write_text("a file where the folder was")
    with pytest.raises(ProblemError) as err:
        with replacing(tmp_path / "gone" / "x.pdf") as tmp:
            tmp.write_bytes(b"%PDF")
    assert err.value.problems[0].code == "cannot_write"


def test_results_workbook_and_pdf_on_a_full_disk(tmp_path, monkeypatch, sample_result):
    from clusterpolicy.app.outputs import write_report, write_results

    result = sample_result("zh")
    xlsx, pdf = tmp_path / "results.xlsx", tmp_path / "report.pdf"
    xlsx.write_bytes(b"previous workbook")
    pdf.write_bytes(b"previous report")
    monkeypatch.setattr(os, "replace", _disk_full)
    for write, path in ((write_results, xlsx), (write_report, pdf)):
        with pytest.raises(ProblemError) as err:
            write(path, result)
        assert err.value.problems[0].code == "cannot_write"
        assert "磁盘空间已满" in err.value.problems[0].message_zh
    assert xlsx.read_bytes() == b"previous workbook" and pdf.read_bytes() == b"previous report"
    assert sorted(f.name for f in tmp_path.iterdir()) == ["report.pdf", "results.xlsx"]


def test_the_cli_says_disk_full_with_exit_2(tmp_path, monkeypatch, capsys):
    from clusterpolicy.cli import main
    from clusterpolicy.paths import resource

    monkeypatch.setattr(os, "replace", _disk_full)
    rc = main(["template", "--out", str(tmp_path / "t.xlsx")])
    assert rc == 2
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and "disk is full" in err and "Traceback" not in err
    rc = main(["answers-template", "--out", str(tmp_path / "a.xlsx"), "--clusters", "C21"])
    assert rc == 2
    assert resource("samples", "sample_prefecture.xlsx").is_file()


def test_formula_text_is_neutralised_in_the_answers_template(tmp_path):
    from clusterpolicy.app.answer_forms import write_answers_form
    from clusterpolicy.knowledge import load_profile

    out = tmp_path / "a.xlsx"
    clusters = [("C17", "@SUM(9)"), ("C21", '=HYPERLINK("http://x","y")'), ("C38", "\t+1")]
    write_answers_form(out, load_profile(), clusters, region_code="=1+1")
    wb = openpyxl.load_workbook(out)
    texts = [
        c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    for dangerous in ("@SUM(9)", '=HYPERLINK("http://x","y")', "\t+1", "=1+1"):
        assert dangerous not in texts
        assert "'" + dangerous in texts or not any(dangerous in t for t in texts)
    assert all(not t.startswith(("=", "+", "-", "@", "\t", "\r")) for t in texts)


def test_formula_text_is_neutralised_in_the_canonical_export(tmp_path, sample_data):
    from clusterpolicy.app.outputs import write_canonical

    data = sample_data
    names = data.regions.copy()
    data_copy = type(data)(**{k: getattr(data, k) for k in data.__dataclass_fields__})
    data_copy.regions = names.assign(name_zh="=CMD|' /C calc'!A0")
    out = write_canonical(data_copy, tmp_path / "c.xlsx")
    regions = pd.read_excel(out, sheet_name="regions", engine="openpyxl", dtype=str)
    assert (regions["name_zh"] == "'=CMD|' /C calc'!A0").all()


def test_a_written_file_has_the_users_usual_permissions(tmp_path):
    import os
    import stat

    from clusterpolicy.atomic import replacing

    mask = os.umask(0o022)
    try:
        with replacing(tmp_path / "r.txt") as tmp:
            tmp.write_text("x", encoding="utf-8")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "r.txt").stat().st_mode) == 0o644
