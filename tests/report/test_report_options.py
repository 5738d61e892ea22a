"""Report options: 签发人 and the report date on the cover and in the signature block, chapters
left out at the user's request (renumbering, table of contents, cross-references, the
appendix's note), and the chapters that cannot be left out."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from types import SimpleNamespace

import pytest

from clusterpolicy.app.outputs import report_chapters, write_report
from clusterpolicy.messages import ProblemError
from clusterpolicy.report.outline import CHAPTER_ORDER, MANDATORY, ChapterChoiceError
from clusterpolicy.report.texts import tr
from clusterpolicy.text.formats import chinese_numeral

from .fixtures import demo_results

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")
SHEETS = ("clusters", "lifecycle", "red_flags", "actions", "profile", "equalization")


def _text(pdf) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", "", out)


@pytest.fixture(scope="module")
def result():
    tables, meta, _ = demo_results()
    return SimpleNamespace(tables={k: tables[k] for k in SHEETS}, meta=meta, series=None)


def _headings(flat: str) -> dict[str, str]:
    """{numeral: chapter title} of the numbered chapter headings printed (TOC and body)."""
    titles = [tr(f"ch.{k}", "zh") for k in CHAPTER_ORDER]
    found = {}
    for n, title in re.findall(r"([一二三四五六七八九十]+)、(" + "|".join(titles) + ")", flat):
        found[n] = title
    return found


@needs_poppler
def test_signer_and_date_on_the_cover_and_in_the_signature_block(tmp_path, result):
    assert result.meta["created"][:10] != "2026-12-03"  # the date below is not the run's
    pdf = write_report(
        tmp_path / "r.pdf",
        result,
        lang="zh",
        preparing_unit="清溪县发展和改革局",
        signer="王建国",
        report_date=date(2026, 12, 3),
    )
    flat = re.sub(r"—\d+—", "", _text(pdf))  # without the page numbers
    assert "签发人：王建国" in flat  # the cover line
    assert "编制日期：2026年12月3日" in flat
    created = result.meta["created"][:10].split("-")
    assert f"编制日期：{created[0]}年{int(created[1])}月{int(created[2])}日" not in flat
    # the signature block: 编制单位 …（盖章）, 审核, 签发人 pre-filled, 日期 filled
    assert "编制单位清溪县发展和改革局（盖章）审核签发人王建国日期2026年12月3日" in flat
    en = re.sub(r"—\d+—", "", _text(write_report(tmp_path / "en.pdf", result, lang="en", signer="Wang Jianguo",
                            report_date="2026-12-03")))  # fmt: skip
    assert "Issuedby:WangJianguo" in en and "Date:2026-12-03" in en
    assert "IssuedbyWangJianguoDate2026-12-03" in en


@needs_poppler
def test_leaving_out_lifecycle_renumbers_and_drops_it_from_the_contents(tmp_path, result):
    everything = _headings(_text(write_report(tmp_path / "all.pdf", result)))
    keep = [k for k in CHAPTER_ORDER if k != "lifecycle"]
    flat = _text(write_report(tmp_path / "part.pdf", result, chapters=keep))
    heads = _headings(flat)
    lc = tr("ch.lifecycle", "zh")
    assert lc in everything.values() and lc not in heads.values()
    # the chapters after it move up by one, in the contents and in the body
    numerals = [chinese_numeral(k) for k in range(1, 12)]
    before = {t: numerals.index(n) + 1 for n, t in everything.items()}
    for title, i in before.items():
        if title != lc:
            want = i - 1 if i > before[lc] else i
            assert flat.count(f"{chinese_numeral(want)}、{title}") == 2, (want, title)  # TOC + body
    # its title is printed only where the appendix says it was left out (and names the
    # thresholds of its rule-profile module, which are always printed)
    assert flat.replace(f"门槛值：{lc}", "").count(lc) == 1
    assert f"应用户要求，本报告未收录以下章节：{lc}。" in flat
    assert "⟦" not in flat and "⟪" not in flat and "‖" not in flat


@needs_poppler
def test_a_reference_to_a_left_out_chapter_prints_no_number(tmp_path, result):
    keep = [k for k in CHAPTER_ORDER if k not in ("policy", "summary")]
    flat = _text(write_report(tmp_path / "r.pdf", result, chapters=keep))
    heads = _headings(flat)
    assert tr("ch.policy", "zh") not in heads.values()
    # the brief's decisions no longer point at an action of the left-out plan ...
    assert "牵头部门" in flat and not re.search(r"章行动\d", flat)
    # ... its intro keeps its sentence without the two references
    assert "每项均注明所依据的发现或行动。" in flat
    # every chapter number printed in a reference is a chapter this report prints
    for n in re.findall(r"第([一二三四五六七八九十]+)章", flat):
        assert n in heads, n
    assert "本报告未收录）" not in flat  # every reference here sits in a droppable clause


def test_an_unmarked_reference_prints_the_title_and_not_included(monkeypatch):
    from clusterpolicy.report import texts
    from clusterpolicy.report.context import Context

    monkeypatch.setitem(texts.CATALOGUE._entries, "test.ref", ("见{ch_lifecycle}、{ch_brand}。",
                        "See {ch_lifecycle} and {ch_brand}."))  # fmt: skip
    chosen = frozenset(k for k in CHAPTER_ORDER if k != "lifecycle")
    zh = Context(tables={}, meta={}, lang="zh", chosen=chosen)
    assert zh.t("test.ref") == "见“生命周期诊断”（本报告未收录）、第四章。"
    en = Context(tables={}, meta={}, lang="en", chosen=chosen)
    assert (
        en.t("test.ref")
        == "See “Life-cycle diagnosis” (not included in this report) and chapter 4."
    )
    assert Context(tables={}, meta={}).t("test.ref") == "见第三章、第五章。"  # all printed


def test_droppable_clauses_and_reference_lists():
    from clusterpolicy.report.refs import resolve

    t = "甲⟦（见⟪{ch_a}红旗‖{ch_b}⟫）⟧。乙⟦见{ch_b}行动。⟧"
    assert (
        resolve(t, {"ch_a": "x", "ch_b": "y"}, "zh")
        == "甲（见{ch_a}红旗、{ch_b}）。乙见{ch_b}行动。"
    )
    assert resolve(t, {"ch_a": None, "ch_b": "y"}, "zh") == "甲（见{ch_b}）。乙见{ch_b}行动。"
    assert resolve(t, {"ch_a": None, "ch_b": None}, "zh") == "甲。乙"
    en = "x⟦ (see ⟪{ch_a}‖{ch_b}‖{ch_c}⟫)⟧."
    assert (
        resolve(en, {"ch_a": 1, "ch_b": 2, "ch_c": 3}, "en") == "x (see {ch_a}, {ch_b} and {ch_c})."
    )


def test_mandatory_and_unknown_chapters_are_refused_in_both_languages(tmp_path, result):
    for key in MANDATORY:
        with pytest.raises(ChapterChoiceError) as err:
            write_report(
                tmp_path / "x.pdf", result, chapters=[k for k in CHAPTER_ORDER if k != key]
            )
        p = err.value.problems[0]
        assert p.code == "report_chapter_mandatory"
        assert tr(f"ch.{key}", "zh") in p.text("zh") and "不能省略" in p.text("zh")
        assert tr(f"ch.{key}", "en") in p.text("en") and "cannot be left out" in p.text("en")
    with pytest.raises(ValueError) as err:  # also a ValueError
        write_report(
            tmp_path / "x.pdf", result, chapters=["summary", "appendix", "limitations", "maps"]
        )
    assert isinstance(err.value, ProblemError)
    assert err.value.problems[0].code == "report_chapter_unknown" and "maps" in str(err.value)
    with pytest.raises(ChapterChoiceError, match="No assessment chapter"):
        write_report(tmp_path / "x.pdf", result, chapters=list(MANDATORY))
    with pytest.raises(ProblemError) as err:
        write_report(tmp_path / "x.pdf", result, report_date="2026-13-40")
    assert "不是有效日期" in err.value.problems[0].text("zh")
    assert not list(tmp_path.iterdir())  # nothing written


def test_report_chapters_for_the_dialog():
    zh, en = report_chapters("zh"), report_chapters("en")
    assert [k for k, _t, _o in zh] == CHAPTER_ORDER == [k for k, _t, _o in en]
    assert {k for k, _t, can in zh if not can} == {"limitations", "appendix"}
    assert dict((k, t) for k, t, _ in en)["lifecycle"] == "Life-cycle diagnosis"
    assert dict((k, t) for k, t, _ in zh)["lifecycle"] == "生命周期诊断"
