"""Long data tables across pages: no page ends with the header row alone (or with a sliver of a row).

A table is placed below a spacer that leaves room for its header but not for its tall first
row. reportlab's own LongTable (``splitInRow``) then puts the header and an empty top part of
that row at the page foot; :class:`DataTable` moves the table on instead. Checked on the split
results and on the text of every page of a built PDF (pdftotext).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import BaseDocTemplate, Frame, LongTable, PageTemplate, Spacer

from clusterpolicy.report import fonts, styles
from clusterpolicy.report.flowables import (
    MIN_ROW_PART,
    DataTable,
    data_table,
    fit_widths,
    longest_word_width,
)

HEADER = ["HEADA", "HEADB"]
ROOM_FOR_HEADER_ONLY = 40.0  # points left on the page: the header (~20 pt) fits, row 1 does not


def _rows(lines: list[int]) -> list[list[str]]:
    """Row k has ``lines[k]`` lines "Rk.L1" … in its first cell (tokens to find on the pages)."""
    return [
        ["\n".join(f"R{k}.L{i}" for i in range(1, n + 1)), f"R{k}.B"]
        for k, n in enumerate(lines, 1)
    ]


def _pdf(flowables: list) -> bytes:
    fonts.register_reportlab()
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=styles.PAGE_SIZE)
    frame = Frame(
        styles.MARGIN_LEFT,
        styles.MARGIN_BOTTOM,
        styles.FRAME_WIDTH,
        styles.FRAME_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate("body", [frame])])
    doc.build(flowables)
    return buf.getvalue()


def _pages(pdf: bytes) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    return out.decode("utf-8").split("\f")[:-1]


def _first_fragment_rows(parts: list) -> int:
    """Number of rows (header included) of the first fragment of a split."""
    return len(parts[0]._cellvalues)  # noqa: SLF001


def test_plain_longtable_leaves_the_header_alone_here():
    """The situation the fix is for really happens with reportlab's LongTable."""
    fonts.register_reportlab()
    plain = data_table(HEADER, _rows([12, 2]), [1, 1])
    bare = LongTable(
        plain._cellvalues,
        colWidths=plain._argW,
        repeatRows=1,
        splitByRow=1,  # noqa: SLF001
        splitInRow=1,
    )
    parts = bare.split(styles.FRAME_WIDTH, ROOM_FOR_HEADER_ONLY)
    assert parts, "reportlab split inside the first row"
    top = parts[0]
    top.wrap(styles.FRAME_WIDTH, ROOM_FOR_HEADER_ONLY)
    header_h = top._rowHeights[0]  # noqa: SLF001
    assert top._height - header_h < MIN_ROW_PART  # noqa: SLF001 - header plus a sliver
    pages = _pages(_pdf([Spacer(1, styles.FRAME_HEIGHT - ROOM_FOR_HEADER_ONLY), bare]))
    assert "HEADA" in pages[0] and "R1.L1" not in pages[0]


def test_data_table_refuses_a_header_only_fragment_and_keeps_row_one_whole():
    fonts.register_reportlab()
    table = data_table(HEADER, _rows([12, 2, 3]), [1, 1])
    assert isinstance(table, DataTable)
    lead = table.lead_height(styles.FRAME_WIDTH)
    assert ROOM_FOR_HEADER_ONLY < lead < styles.FRAME_HEIGHT
    assert table.split(styles.FRAME_WIDTH, ROOM_FOR_HEADER_ONLY) == []
    assert table.split(styles.FRAME_WIDTH, lead - 1) == []
    parts = table.split(styles.FRAME_WIDTH, lead + 1)  # room for header + row 1 only
    assert len(parts) == 2 and _first_fragment_rows(parts) == 2
    assert isinstance(parts[1], DataTable)  # the remainder keeps the rule
    assert (
        _first_fragment_rows(parts[1].split(styles.FRAME_WIDTH, styles.FRAME_HEIGHT)) == 3
    )  # all of it


def test_no_page_ends_with_a_header_only_fragment_in_a_built_pdf():
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    fonts.register_reportlab()
    # rows of very different heights over several pages; row 8 (60 lines) is taller than a page
    lines = [12, 1, 30, 2, 45, 3, 8, 60, 1, 4]
    rows = _rows(lines)
    story = [
        Spacer(1, styles.FRAME_HEIGHT - ROOM_FOR_HEADER_ONLY),
        data_table(HEADER, rows, [1, 1]),
    ]
    pages = _pages(_pdf(story))
    assert "HEADA" not in pages[0]  # the table moved on instead of leaving its header here
    seen = []
    for text in pages:
        if "HEADA" not in text:
            continue
        assert text.count("HEADA") == 1, f"the header twice on a page:\n{text}"
        after = text[text.rfind("HEADA") :]  # layout text: the lines below the page's last header
        found = re.findall(r"R(\d+)\.L(\d+)", after)
        assert found, f"a page ends with the header alone:\n{text}"
        for k in sorted({int(r) for r, _ in found}):
            got = {int(i) for r, i in found if int(r) == k}
            if k not in seen and lines[k - 1] <= 50:  # a row that fits on a page is there whole
                assert got == set(range(1, lines[k - 1] + 1)), (k, sorted(got))
            if k not in seen:
                seen.append(k)
    assert seen == list(range(1, len(lines) + 1))  # every row printed, in order


def test_a_row_taller_than_a_page_still_splits_inside():
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    fonts.register_reportlab()
    rows = _rows([2, 160, 2])  # row 2 is taller than a whole page
    pages = _pages(
        _pdf(
            [
                Spacer(1, styles.FRAME_HEIGHT - ROOM_FOR_HEADER_ONLY),
                data_table(HEADER, rows, [1, 1]),
            ]
        )
    )
    text = "\f".join(pages)
    tokens = re.findall(r"R(\d+)\.L(\d+)", text)
    assert [(int(r), int(i)) for r, i in tokens] == [(1, 1), (1, 2)] + [
        (2, i) for i in range(1, 161)
    ] + [(3, 1), (3, 2)]
    pages_of_row2 = [n for n, p in enumerate(pages) if "R2.L" in p]
    assert len(pages_of_row2) >= 2  # split inside the row
    for n in pages_of_row2:  # each part has more than a sliver of the row under its header
        assert len(re.findall(r"R2\.L\d+", pages[n])) >= 3


def test_fit_widths_widens_narrow_columns_from_the_spare_room():
    # column 0 needs 30 but has 20; column 2 has 40 spare: it gives 10, the total stays 200
    assert fit_widths([20, 80, 100], [30, 80, 60]) == pytest.approx([30, 80, 90])
    # not enough spare room (10 for a shortfall of 40): each short column gets the same share
    got = fit_widths([20, 20, 60], [40, 40, 50])  # short 20 + 20, spare 10
    assert got == pytest.approx([25, 25, 50]) and sum(got) == pytest.approx(100)
    assert fit_widths([50, 50], [10, 10]) == [50.0, 50.0]  # nothing short: unchanged


def test_longest_word_width_counts_latin_runs_and_single_chinese_characters():
    font = fonts.register_reportlab()
    w = longest_word_width("emerging (top 10%)", font, 10)
    assert w == pytest.approx(pdfmetrics.stringWidth("emerging", font, 10))
    assert longest_word_width("产业集群", font, 10) == pytest.approx(10.0)  # one character: 1 em
    assert longest_word_width("区位熵1,216,242", font, 10) == pytest.approx(
        pdfmetrics.stringWidth("1,216,242", font, 10)
    )


def test_english_table_columns_fit_their_longest_word():
    fonts.register_reportlab()
    header = ["Rank", "Industry", "Quadrant", "Evidence"]
    rows = [["1", "Furniture", "transforming", "a long sentence " * 20]] * 3
    table = data_table(header, rows, [0.3, 2, 0.5, 6], lang="en")
    head, cell = styles.style("table.header", "en"), styles.style("table.cell", "en")
    for k, word in ((0, "Rank"), (2, "transforming")):
        st = head if k == 0 else cell
        assert table._argW[k] >= pdfmetrics.stringWidth(word, st.fontName, st.fontSize) + 6  # noqa: SLF001
    assert sum(table._argW) == pytest.approx(styles.FRAME_WIDTH)  # noqa: SLF001
