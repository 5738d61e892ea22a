"""The PDF report: opens, embeds its font, carries the headings, escapes data, is reproducible.

Checks use poppler's command-line tools (pdfinfo, pdffonts, pdftotext); the tests are skipped
where poppler is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from clusterpolicy.progress import Cancelled
from clusterpolicy.report import build_report, build_report_bytes

from .fixtures import demo_results

POPPLER = all(shutil.which(t) for t in ("pdfinfo", "pdffonts", "pdftotext"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")

ZH_CHAPTERS = [
    "一、评估结论摘要",
    "二、集群识别",
    "三、生命周期诊断",
    "四、技术升级评估",
    "五、品牌升级评估",
    "六、福利均等化评估",
    "七、政策行动计划",
    "附录：方法与依据",
]
EN_CHAPTERS = [
    "1. Summary of findings",
    "2. Cluster identification",
    "3. Life-cycle diagnosis",
    "4. Technology upgrading",
    "5. Brand upgrading",
    "6. Welfare equalization",
    "7. Policy action plan",
    "Appendix: methods",
]


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _text(pdf: Path) -> str:
    return _run("pdftotext", "-enc", "UTF-8", str(pdf), "-")


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _without_page_furniture(flat: str) -> str:
    """Squeezed text without the "— n —" page numbers and the running header."""
    return re.sub(r"—\d+—(示范县产业集群政策评估报告)?", "", flat)


@pytest.fixture(scope="module")
def demo():
    return demo_results()


@pytest.fixture(scope="module")
def zh_pdf(demo, tmp_path_factory) -> Path:
    tables, meta, charts_data = demo
    out = tmp_path_factory.mktemp("report") / "demo_zh.pdf"
    return build_report(tables, meta, out, charts_data=charts_data)


@pytest.fixture(scope="module")
def en_pdf(demo, tmp_path_factory) -> Path:
    """English report on a few sheets (every chapter heading still prints; keeps the test fast)."""
    tables, meta, _ = demo
    out = tmp_path_factory.mktemp("report") / "demo_en.pdf"
    sub = {k: tables[k] for k in ("clusters", "red_flags", "actions", "profile")}
    return build_report(sub, meta, out, lang="en")


@needs_poppler
def test_pdf_opens_with_a4_pages_and_metadata(zh_pdf):
    info = _run("pdfinfo", str(zh_pdf))
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 15 <= pages <= 40
    assert re.search(r"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)", info)
    assert "示范县 产业集群政策评估报告" in info  # Title
    assert zh_pdf.stat().st_size < 5_000_000


@needs_poppler
def test_every_font_is_embedded_and_only_the_cjk_font_is_used(zh_pdf, en_pdf):
    for pdf in (zh_pdf, en_pdf):
        rows = _run("pdffonts", str(pdf)).splitlines()[2:]
        assert rows, "no fonts listed"
        for row in rows:
            name, *_rest = row.split()
            # only the bundled faces (黑体, 宋体, 楷体): no Helvetica / ZapfDingbats
            assert any(f in name for f in ("WenQuanYiMicroHei", "BousungEG", "GBZenKai")), row
            # columns: name type encoding emb sub uni id gen -> emb and sub are "yes"
            assert re.search(r"\byes\s+yes\s+yes\b", row), row


@needs_poppler
def test_chinese_report_has_headings_region_and_official_numbering(zh_pdf, demo):
    text = _text(zh_pdf)
    flat = _squeeze(text)
    for heading in ZH_CHAPTERS:
        assert heading in flat, heading
    assert "示范县" in text and "示范县发展和改革局" in text
    assert "（一）区位熵与综合评分" in flat and "目录" in flat
    assert "—1—" in flat and "—2—" in flat  # "— n —" page numbers
    assert "单位：" in text and "资料来源：" in text
    assert "编制单位" in flat and "审核" in flat
    # data provenance and every profile threshold appear in the appendix
    assert "2015-2024工业统计年鉴.xlsx" in text and "按前后年份插补" in text
    # one table per profile module, every threshold printed by its label (ids stay in the
    # results workbook: the appendix is read by officials too)
    profile = demo[0]["profile"]
    modules = profile["threshold_id"].astype(str).str.split(".").str[0].unique()
    assert flat.count("规则配置门槛值：") == len(modules)
    for label in profile["label_zh"].astype(str):
        assert _squeeze(label)[:12] in flat, label
    for tid in profile["threshold_id"].astype(str):
        assert tid not in flat, tid
    # the 10 repeated unit warnings are one group with its count, not 10 lines
    assert "按单位“万元”换算为标准单位10" in flat
    assert (
        flat.count("换算为标准单位（×10000）") <= 1
    )  # the ten warnings are not printed one by one
    # Chinese number formatting in the summary: percentages with one decimal (pct is in %)
    assert re.search(r"得分率平均\d{2}\.\d%", flat)
    # stage labels of the app and the life-cycle evidence digest (zh phrase: detail)
    assert "成长期" in flat and "衰退期" in flat
    assert "就业增长与参照比较" in flat and "employmentgrowth" not in flat  # no English in zh
    assert "条件1" not in flat  # the conditions trace stays in the workbook


@needs_poppler
def test_english_report_has_english_headings(en_pdf):
    flat = _squeeze(_text(en_pdf))
    for heading in EN_CHAPTERS:
        assert _squeeze(heading) in flat, heading
    assert "DemoCounty" in flat and "2.1Locationquotientsandcompositescore" in flat
    assert "一、" not in flat and "评估结论摘要" not in flat


MARKUP = "<b>粗体</b> & <font color='red'>红字</font> ]]> <para>"
LONG = "很长的行业名称" * 715  # 5,005 characters


@needs_poppler
def test_markup_in_data_is_printed_literally_and_long_text_does_not_break_layout(tmp_path, demo):
    tables, meta, _ = demo
    clusters = tables["clusters"].copy()
    focal = clusters["region_code"] == meta["region_code"]
    first = clusters.index[focal][0]
    clusters.loc[first, "industry_name_zh"] = MARKUP
    clusters.loc[first, "evidence"] = LONG
    meta = {**meta, "preparing_unit": "A&B <i>局</i>", "warnings": [MARKUP, LONG]}
    sub = {k: tables[k] for k in ("clusters", "actions", "profile")}
    actions = sub["actions"].copy()
    actions.loc[0, "action_zh"] = LONG
    sub["actions"] = actions
    pdf = build_report(sub, meta, tmp_path / "nasty.pdf")
    text = _text(pdf)
    flat = _squeeze(text)
    assert _squeeze(MARKUP) in flat
    assert "A&B<i>局</i>" in flat
    # the long text is wrapped (and in table cells cut at 1,500 characters, marked as cut)
    assert "很长的行业名称" * 200 in flat
    assert "（已截断）" in flat
    assert LONG in _without_page_furniture(flat)  # a paragraph keeps all of it, across pages


def test_same_input_gives_byte_identical_pdf(demo):
    tables, meta, charts_data = demo
    sub = {k: tables[k] for k in ("clusters", "inequality", "red_flags", "profile")}
    from clusterpolicy.report.charts import clear_cache

    clear_cache()
    a = build_report_bytes(sub, meta, charts_data=charts_data)
    clear_cache()  # the charts are drawn again, not taken from the cache
    b = build_report_bytes(sub, meta, charts_data=charts_data)
    assert a[:5] == b"%PDF-"
    assert a == b
    c = build_report_bytes(sub, {**meta, "region_name_zh": "另一县"}, charts_data=charts_data)
    assert c != a  # the comparison can fail


@needs_poppler
def test_missing_sheets_give_the_not_included_note(tmp_path, demo):
    tables, meta, _ = demo
    sub = {
        k: v
        for k, v in tables.items()
        if k not in ("lifecycle", "upgrading", "upgrading_summary", "transfers")
    }
    pdf = build_report(sub, meta, tmp_path / "partial.pdf")
    flat = _squeeze(_text(pdf))
    lc = flat.rindex("三、生命周期诊断")  # the chapter, not its TOC line
    assert flat[lc + len("三、生命周期诊断") :].startswith("本次评估未包含此部分")
    assert flat.count("本次评估未包含此部分") >= 4  # lifecycle, technology, brand, transfers
    assert "缺少数据表" not in flat  # no sheet names in print
    # a step the run could not do says why and what data would allow it, as the CLI does
    steps = pd.DataFrame(
        [
            {
                "step": "lifecycle",
                "status": "skipped",
                "note_zh": "本步骤未进行：生命周期判断至少需要两个年份，数据只有2020年",
                "note_en": "This step was not carried out: the life cycle needs two years",
                "needs_zh": "同一指标至少两个年份的数据",
                "needs_en": "two years of the same measure",
            }
        ]
    )
    pdf = build_report({**sub, "steps": steps}, meta, tmp_path / "skipped.pdf")
    flat = _squeeze(_text(pdf))
    lc = flat.rindex("三、生命周期诊断")
    assert flat[lc + len("三、生命周期诊断") :].startswith(
        "本步骤未进行：生命周期判断至少需要两个年份，数据只有2020年（所需数据：同一指标至少两个年份的数据）"
    )
    # nothing at all still gives a report
    empty = build_report({}, {"region_code": "1"}, tmp_path / "empty.pdf")
    # the brief, seven chapters and the appendix's threshold table
    assert _squeeze(_text(empty)).count("本次评估未包含此部分") == 9


def test_progress_is_reported_and_cancel_leaves_no_file(tmp_path, demo):
    tables, meta, _ = demo
    sub = {k: tables[k] for k in ("clusters", "profile")}
    seen: list[float] = []
    build_report(sub, meta, tmp_path / "ok.pdf", progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 5

    def cancel(fraction: float, message: str) -> None:
        if fraction > 0.3:
            raise Cancelled

    with pytest.raises(Cancelled):
        build_report(sub, meta, tmp_path / "cancelled.pdf", progress=cancel)
    assert not (tmp_path / "cancelled.pdf").exists()
    assert list(tmp_path.glob(".report-*")) == []


def test_unknown_language_is_refused(demo):
    tables, meta, _ = demo
    with pytest.raises(ValueError, match="lang"):
        build_report_bytes(tables, meta, lang="fr")
