"""What an official reads in the printed demo report (zh and en, the real engines' results for
the bundled sample): no developer artefacts, Chinese line-breaking rules, glyph coverage of
everything the report can print, and no page left more than ~40 % empty except before a
chapter that starts on a new page. Needs poppler-utils (pdftotext, pdftoppm), as CI has."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdftoppm"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed"),
]

#: what must never reach print (pattern name → regex)
ARTEFACTS = {
    "seed or line reference": r"seed\s*\d{3}|种子|第\s*\d+\s*[-–]\s*\d+\s*行|\bL\d{2,}\b"
    r"|lines?\s+\d+\s*[-–]\s*\d+",
    "review note [R]": r"\[R\]",
    "review note 待核": r"待核",
    "placeholder": r"placeholder",
    "design reference": r"DESIGN",
    "section sign": r"§",
    "item id": r"(?<![A-Za-z0-9_/])[A-Z]{2,}(?:-[A-Z0-9]+)+(?![A-Za-z0-9_/])",
    "red-flag id": r"(?<![A-Za-z0-9_/])N[1-9](?![A-Za-z0-9_/])",
    "raw key": r"(?<![“\"‘])\b[a-z]{3,}_[a-z]{3,}(?:_[a-z]+)*\b(?!\.(?:xlsx|xls|csv))",
    "exponent": r"\de[+-]\d",
    "×1e": r"×\s*1e",
}
LATIN_STAGES = r"\b(emergence|growth|maturity|decline|renewal|indeterminate)\b"
#: Chinese allowed in the English report: explicitly bilingual names only
BILINGUAL = ("审图号",)
HEADER = re.compile(r"产业集群政策评估报告$|Cluster Policy Assessment$")
CLOSING = "，。、；：？！）》」』】〕〉”’%‰"
OPENING = "（《「『【〔〈“‘"


@pytest.fixture(scope="module")
def reports(tmp_path_factory, sample_result):
    from clusterpolicy.app.outputs import charts_data
    from clusterpolicy.report import build_report

    out = {}
    tmp = tmp_path_factory.mktemp("print")
    for lang in ("zh", "en"):
        result = sample_result(lang)
        path = build_report(
            result.tables,
            result.meta,
            tmp / f"{lang}.pdf",
            lang=lang,
            charts_data=charts_data(result),
        )
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        out[lang] = (path, text)
    return out


def artefacts(text: str, lang: str) -> list[str]:
    """Every artefact found, with some context."""
    found = []
    for name, pattern in ARTEFACTS.items():
        found += [
            f"{name}: {text[max(0, m.start() - 30) : m.end() + 20]!r}"
            for m in re.finditer(pattern, text)
        ]
    if lang == "zh":
        found += [f"Latin stage: {m.group(0)}" for m in re.finditer(LATIN_STAGES, text)]
    else:
        t = text
        for name in BILINGUAL:
            t = t.replace(name, "")
        found += [
            f"Chinese in English: {t[max(0, m.start() - 30) : m.end() + 10]!r}"
            for m in re.finditer(r"[\u3400-\u9fff]+", t)
        ]
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_developer_artefacts_in_print(reports, lang):
    _, text = reports[lang]
    found = artefacts(text, lang)
    assert not found, "\n".join(found[:20])


def test_artefact_patterns_catch_what_the_reviewer_saw():
    seen = [
        "种子文献003 第487-489行",
        "（种子000 L84）",
        "[记忆，待核]",
        "([R] recalled, verify)",
        "0.5 is a placeholder to edit",
        "DESIGN §2 step 7",
        "LC-Q11",
        "LEV-ST-RE-1",
        "4e+09 yuan",
        "×1e+08",
    ]
    for s in seen:
        assert artefacts(s, "zh"), s
    assert artefacts("renewal", "zh") and artefacts("增长", "en")
    assert not artefacts("GB/T 4754-2017 C21 区位熵 1.23—4.56", "zh")


def test_clean_and_source_remove_what_the_reviewer_saw():
    from clusterpolicy.report import plain

    assert (
        plain.source("seed 003, lines 487-489", "zh") == "《地方政府在产业集群发展中的角色》第3节"
    )
    assert plain.source("Stage table: renewal levers (policy-frameworks §4)", "en") == (
        "cluster life-cycle policy levers"
    )
    assert plain.clean("宜加强转移支付（种子000 L84）", "zh") == "宜加强转移支付"
    assert plain.clean("≥ 1000人 [记忆，待核]", "zh") == "≥ 1000人"
    assert (
        plain.clean("回答：yes → 阶段 renewal → LEV-ST-RE-1", "zh")
        == "回答“是” → 阶段 转型更新期 →"
    )
    assert plain.clean("floor ([R] recalled, verify)", "en") == "floor"
    # an English sentence keeps its spaces around a citation, cited by author and year
    assert plain.clean("It does not support the U shape seed 000 found.", "en") == (
        "It does not support the U shape Liu (2016) found."
    )
    assert plain.clean("Seed 000 (ch. 7): a U shape.", "en") == "Liu (2016) (ch. 7): a U shape."
    assert plain.clean("问卷LC-Q04“集群内企业数量减少”回答“是”", "zh") == (
        "问卷“集群内企业数量减少”回答“是”"
    )


def _line_starts(text: str) -> list[str]:
    """Lines (of table-free body text) that start with closing punctuation."""
    bad = []
    for line in text.splitlines():
        s = line.strip()
        if s and s[0] in CLOSING and not re.match(r"^[）)]\s", s):
            bad.append(s[:40])
    return bad


def test_no_closing_punctuation_at_a_line_start_zh(reports):
    path, _ = reports["zh"]
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-raw", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bad = _line_starts(raw)
    assert not bad, bad[:10]


def test_line_breaking_rules_hold():
    from clusterpolicy.report.linebreak import can_break_before

    assert not can_break_before("字", "，") and not can_break_before("字", "”")
    assert not can_break_before("（", "字") and not can_break_before("1", "0")
    assert not can_break_before("0", "%") and not can_break_before("5", "万")
    assert not can_break_before("万", "元") and can_break_before("，", "字")


def test_a_space_before_a_closing_mark_is_no_break_point():
    from clusterpolicy.report.linebreak import break_points

    text = list("ab 10 % cd")
    starts = break_points(text, [1.0] * len(text), [6.5])
    lines = ["".join(text[a:b]).strip() for a, b in zip([0, *starts], [*starts, len(text)])]
    assert all(not line.startswith("%") for line in lines), lines


def _fill(png: Path) -> float:
    """Share of the text block (GB/T 9704 margins at 20 dpi) that lies above the last inked row."""
    from PIL import Image

    im = Image.open(png).convert("L")
    w, h = im.size
    top, bottom = int(h * 37 / 297), int(h * (297 - 35) / 297)
    left, right = int(w * 28 / 210), int(w * (210 - 26) / 210)
    last = top
    px = im.load()
    for y in range(top, bottom):
        if any(px[x, y] < 200 for x in range(left, right, 2)):
            last = y
    return (last - top) / (bottom - top)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_more_than_40_percent_empty(reports, lang, tmp_path):
    path, text = reports[lang]
    subprocess.run(
        ["pdftoppm", "-r", "20", "-gray", "-png", str(path), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    texts = text.split("\f")
    chapter = re.compile(
        r"^\s*(?:[一二三四五六七八九十]+、|附录|\d+\.\s+[A-Z]|Appendix|目\s*录|Contents)"
    )
    bad = []
    for i, png in enumerate(pages[1:-1], start=1):  # the cover and the last page may be short
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        lines = [ln for ln in nxt.splitlines() if ln.strip() and not HEADER.search(ln)]
        first = lines[0] if lines else ""
        starts_chapter = (
            bool(chapter.match(first))
            or "呈报摘要" in texts[i][:200]
            or "Brief for decision" in texts[i][:300]
        )
        if not starts_chapter and _fill(png) < 0.6:
            bad.append((i + 1, round(_fill(png), 2), first[:30]))
    assert not bad, bad


def test_every_printable_character_has_a_glyph():
    """Every character of the fixed texts, labels, knowledge base and code tables, and the
    symbols the report can print, is in the face of its role or in the main font."""
    from clusterpolicy.paths import resource
    from clusterpolicy.report import fonts, refs, styles, texts
    from clusterpolicy.text import labels

    chars: set[str] = set("½−≤≥‰①②③④⑤×·—…“”‘’《》（）【】％°²⁴→▶•±≈Σγμê√")
    for zh, en in texts.MESSAGES.values():
        chars |= set(zh) | set(en)
    for f in texts.FORMULAS:
        chars |= set("".join(f))
    src = Path(labels.__file__).read_text(encoding="utf-8")
    chars |= set(src)
    for p in resource("knowledge").rglob("*.y*ml"):
        chars |= set(p.read_text(encoding="utf-8"))
    for p in resource("codes").rglob("*"):
        if p.suffix in (".csv", ".json", ".txt", ".yaml", ".yml"):
            chars |= set(p.read_text(encoding="utf-8"))
    chars = {c for c in chars if ord(c) > 0x20 and c.isprintable()}
    chars -= set(refs.MARKS)  # the cross-reference marks are settled before print
    missing = {}
    for face in (styles.FONT_NAME, styles.SONG, styles.KAI):
        m = fonts.missing_glyphs("".join(sorted(chars)), face)
        if m:
            missing[face] = "".join(sorted(m))
    assert not missing, missing


def test_fallback_wraps_only_what_a_face_lacks():
    from clusterpolicy.report import fonts, styles

    out = fonts.with_fallback("相差−13.7%&amp;<b>½</b>", styles.SONG)
    assert f'<font face="{styles.FONT_NAME}">−</font>' in out
    assert "&amp;" in out and "<b>" in out
    assert fonts.with_fallback("相差13.7%", styles.SONG) == "相差13.7%"


def test_chapter_references_point_at_the_chapter_they_name(reports):
    """The brief's "见第八章行动1" / "见第九章“评估局限与数据质量”" follow the report's own
    numbering (a reviewer found "第七章" where the plan had become chapter 8)."""
    from clusterpolicy.report.texts import tr
    from clusterpolicy.text.formats import chinese_numeral

    _, text = reports["zh"]
    headings = dict(re.findall(r"^\s*([一二三四五六七八九十]+)、(\S+)\s*$", text, flags=re.M))
    policy = next(n for n, t in headings.items() if t == tr("ch.policy", "zh"))
    limits = next(n for n, t in headings.items() if t == tr("ch.limitations", "zh"))
    refs = re.findall(r"第([一二三四五六七八九十]+)章行动\d", text.replace("\n", ""))
    assert refs and set(refs) == {policy}
    named = re.findall(r"第([一二三四五六七八九十]+)章“([^”]+)”", text.replace("\n", ""))
    assert (limits, tr("ch.limitations", "zh")) in named
    for n, title in named:  # "第一章“不应做”红旗发现" names a finding, not a chapter
        if title in headings.values():
            assert headings.get(n) == title, (n, title)
    _, en = reports["en"]
    numbers = {v: k for k, v in headings.items()}
    want = [chinese_numeral(i) for i in range(1, 12)].index(numbers[tr("ch.policy", "zh")]) + 1
    assert f"chapter {want}, action 1" in en.replace("\n", " ")
