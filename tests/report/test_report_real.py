"""The report on the real engines' results for the bundled sample prefecture (slow: the whole
assessment runs first). Checks the length goal, the chapters, the region, the app's stage names
and that the long traces stay in the workbook."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

POPPLER = all(shutil.which(t) for t in ("pdfinfo", "pdftotext"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed"),
]


@pytest.fixture(scope="module")
def real(sample_result):
    from clusterpolicy.app.outputs import charts_data

    result = sample_result("zh")
    return result.tables, result.meta, charts_data(result)


def _pdf(real, tmp_path, lang):
    from clusterpolicy.report import build_report

    tables, meta, charts = real
    path = build_report(tables, meta, tmp_path / f"real_{lang}.pdf", lang=lang, charts_data=charts)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True
    ).stdout
    return pages, re.sub(r"\s+", "", text)


def test_real_chinese_report_is_concise_and_complete(real, tmp_path):
    tables, meta, _ = real
    pages, flat = _pdf(real, tmp_path, "zh")
    assert 20 <= pages <= 40, pages
    for heading in (
        "一、评估结论摘要",
        "二、集群识别",
        "三、生命周期诊断",
        "四、技术升级评估",
        "五、品牌升级评估",
        "六、福利均等化评估",
        "七、政策行动计划",
        "八、评估局限与数据质量",
        "附录：方法与依据",
        "呈报摘要",
    ):
        assert heading in flat, heading
    assert "清溪县" in flat
    # every stage the engine found is named with the app's label
    stage_zh = {
        "emergence": "萌芽期",
        "growth": "成长期",
        "maturity": "成熟期",
        "decline": "衰退期",
        "renewal": "转型更新期",
    }
    stages = set(tables["lifecycle"]["stage"].astype(str))
    assert stages, "the sample yields life-cycle stages"
    for stage in stages:
        assert stage_zh[stage] in flat, stage
    # every selected cluster is named; dimension names come from meta, not ids
    names = tables["clusters"].set_index("industry_code")["industry_name_zh"]
    for code in meta["selected_clusters"]:
        assert re.sub(r"\s+", "", str(names[code])) in flat, code
    for dim, (zh, _en) in meta["dimension_labels"].items():
        if dim in set(tables["upgrading_summary"]["dimension"].astype(str)):
            assert re.sub(r"\s+", "", zh)[:6] in flat, dim
    # the long traces stay in the workbook: no rule trace, no conditions list in the PDF
    assert "ECO:sizeE=" not in flat and "essentialconditioncapsthescore" not in flat
    assert "resultsworkbook" not in flat and "结果工作簿" in flat
    # repeated import warnings are grouped (the sample gives one per yearly sheet)
    n_warn = len(meta["warnings"])
    assert f"导入时共有{n_warn}条提示" in flat
    assert flat.count("放入参照区域数据") <= 1


def test_real_english_report_is_concise(real, tmp_path):
    pages, flat = _pdf(real, tmp_path, "en")
    # 40 until the equalization chapter printed the scenario's assumptions (two lines that move
    # the pages after it by one)
    assert 20 <= pages <= 41, pages
    assert "1.Summaryoffindings" in flat and "Appendix:methodsandsources" in flat
    assert "一、" not in flat and "主要发现" not in flat


def _chapter(flat: str, start: str, end: str) -> str:
    """The body text of a chapter (its second heading occurrence; the first is in the contents)."""
    begin = flat.index(start, flat.index(start) + len(start))
    return flat[begin : flat.index(end, begin)]


def _lq_path(r, lang: str) -> str:
    """The LQ sentence the engine should write for a row, from its numeric columns."""
    a, b, ch = f"{r['lq_base']:.2f}", f"{r['lq_end']:.2f}", 100 * (r["lq_end"] / r["lq_base"] - 1)
    sign = "+" if ch > 0 else "\u2212"
    if lang == "en":
        verb = "rose" if r["lq_end"] > r["lq_base"] else "fell"
        return f"LQ {verb} from {a} in {r['base_year']} to {b} in {r['end_year']} ({sign}{abs(ch):.1f}%)"
    verb = "升至" if r["lq_end"] > r["lq_base"] else "降至"
    return f"区位熵由{r['base_year']}年的{a}{verb}{r['end_year']}年的{b}（{sign}{abs(ch):.1f}%）"


def test_real_life_cycle_evidence_reads_in_the_report_language(real, tmp_path):
    tables, _, _ = real
    lc = tables["lifecycle"]
    # a clear decline or growth row: the LQ path is its first (strongest) line of evidence
    clear = lc.loc[lc["stage"].isin(["decline", "growth"]) & (lc["computed_stage"] == lc["stage"])]
    clear = clear.loc[[r[f"score_{r['stage']}"] >= 1.0 for _, r in clear.iterrows()]]
    assert len(clear), "the sample has a clear growth or decline cluster"
    r = clear.iloc[0]
    assert r["evidence_for_zh"].splitlines()[0] == _lq_path(r, "zh")
    assert r["evidence_for_en"].splitlines()[0] == _lq_path(r, "en")

    _, flat = _pdf(real, tmp_path, "zh")
    chapter = _chapter(flat, "三、生命周期诊断", "四、技术升级评估")
    assert re.sub(r"\s+", "", _lq_path(r, "zh")) in chapter
    assert "亦符合" in chapter  # the runner-up's facts, in Chinese
    for english in (
        "LQfell",
        "LQrose",
        "LQend",
        "ΔLQ",
        "employmentgrowth",
        "questionnaire",
        "competing",
    ):
        assert english not in chapter, english
    _, flat_en = _pdf(real, tmp_path, "en")
    chapter_en = _chapter(flat_en, "3.Life-cyclediagnosis", "4.Technologyupgrading")
    assert re.sub(r"\s+", "", _lq_path(r, "en")) in chapter_en
    assert "区位熵由" not in chapter_en and "亦符合" not in chapter_en
