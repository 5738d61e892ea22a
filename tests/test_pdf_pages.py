"""app/pdf_pages.py: a PDF's pages as pixels (PDFium through pypdfium2), opened safely — an
absent, damaged or foreign file gives a located message in Chinese and English."""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path

import pytest

from clusterpolicy.app.pdf_pages import open_pdf, scale_for_dpi
from clusterpolicy.messages import ProblemError

A4 = (595.2755905511812, 841.8897637795277)  # reportlab's A4 in points
SQUARE = (72 * 1.0, 72 * 1.0), (144.0, 216.0)  # a black square on page 1: origin and size in pt


def _make_pdf(path: Path) -> Path:
    """Three pages: A4 portrait with a black square (bottom-left at 72,216 pt from the page's
    bottom-left, 72 pt wide), A4 landscape, and a small 200 × 100 pt page."""
    from reportlab.lib.pagesizes import A4 as RL_A4
    from reportlab.lib.pagesizes import landscape
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=RL_A4)
    c.setFillColorRGB(0, 0, 0)
    c.rect(72, 216, 72, 72, stroke=0, fill=1)
    c.drawString(72, 720, "page 1")
    c.showPage()
    c.setPageSize(landscape(RL_A4))
    c.drawString(72, 500, "page 2")
    c.showPage()
    c.setPageSize((200, 100))
    c.drawString(10, 50, "page 3")
    c.showPage()
    c.save()
    return path


@pytest.fixture
def small_pdf(tmp_path) -> Path:
    return _make_pdf(tmp_path / "small.pdf")


def test_page_count_sizes_and_pixels(small_pdf):
    with open_pdf(small_pdf) as doc:
        assert doc.page_count == 3
        assert doc.page_size(0) == pytest.approx(A4, abs=0.01)
        assert doc.page_size(1) == pytest.approx(A4[::-1], abs=0.01)
        assert doc.page_size(2) == pytest.approx((200, 100), abs=0.01)
        page = doc.render(0, dpi=144)
        assert page.scale == pytest.approx(2.0)
        assert (page.width, page.height) == (math.ceil(A4[0] * 2), math.ceil(A4[1] * 2))
        assert page.stride >= page.width * 4 and len(page.data) == page.stride * page.height

        def pixel(x_pt, y_pt_from_top):
            x, y = int(x_pt * 2), int(y_pt_from_top * 2)
            o = y * page.stride + x * 4
            return tuple(page.data[o : o + 3])  # b, g, r

        # the square spans x 72…144 pt, y 216…288 pt from the bottom = 553.9…625.9 pt from the top
        top_of_square = A4[1] - 288
        assert pixel(108, top_of_square + 36) == (0, 0, 0)  # its middle is black
        assert pixel(108, top_of_square - 20) == (255, 255, 255)  # above it: white paper
        assert pixel(160, top_of_square + 36) == (255, 255, 255)  # right of it
        small = doc.render(2, scale=scale_for_dpi(72))
        assert (small.width, small.height) == (200, 100)


def test_huge_scale_is_capped(small_pdf):
    with open_pdf(small_pdf) as doc:
        page = doc.render(0, dpi=3000)
        assert page.width * page.height <= 40_000_000
        assert page.width / page.height == pytest.approx(A4[0] / A4[1], rel=0.01)


def test_no_handle_stays_open_so_the_report_can_be_rewritten(small_pdf):
    doc = open_pdf(small_pdf)
    try:
        fds = Path("/proc/self/fd")
        if fds.is_dir():
            targets = []
            for fd in fds.iterdir():
                try:
                    targets.append(os.readlink(fd))
                except OSError:
                    pass
            assert str(small_pdf) not in targets
        replacement = _make_pdf(small_pdf.with_name("new.pdf"))
        os.replace(replacement, small_pdf)  # what "生成报告" does to the same path
        assert doc.render(1, dpi=30).width > doc.render(0, dpi=30).width  # still the old one
    finally:
        doc.close()
    assert doc.closed


def _problem(path):
    with pytest.raises(ProblemError) as info:
        open_pdf(path)
    (p,) = info.value.problems
    assert p.file == str(path)
    zh, en = p.text("zh"), p.text("en")
    assert zh.startswith(str(path)) and en.startswith(str(path))  # located
    assert "处理办法" in zh and "How to fix" in en
    for raw in ("PDFium", "Error", "Traceback", "Errno"):
        assert raw not in zh and raw not in en  # no raw exception text
    return p


@pytest.mark.parametrize(
    "make, code, words",
    [
        (lambda d: d[: len(d) // 3], "pdf_damaged", "已损坏"),
        (lambda d: b"%PDF-1.4\n" + bytes(range(256)) * 40, "pdf_damaged", "已损坏"),
        (lambda d: b"PK\x03\x04 not a pdf", "pdf_not_pdf", "不是 PDF"),
        (lambda d: b"", "pdf_not_pdf", "不是 PDF"),
    ],
    ids=["truncated", "garbage", "zip", "empty"],
)
def test_damaged_or_foreign_file_gives_a_located_message(small_pdf, tmp_path, make, code, words):
    bad = tmp_path / "坏的报告.pdf"
    bad.write_bytes(make(small_pdf.read_bytes()))
    p = _problem(bad)
    assert p.code == code and words in p.message_zh


def test_absent_file_and_folder(tmp_path):
    assert _problem(tmp_path / "gone.pdf").code == "pdf_missing"
    assert _problem(tmp_path).code == "pdf_not_file"


def test_two_threads_render_the_same_document_safely(small_pdf):
    """PDFium is not thread-safe: the module's lock serialises the calls."""
    doc = open_pdf(small_pdf)
    expected = doc.render(0, dpi=40).data
    errors, same = [], []

    def work():
        try:
            for _ in range(15):
                same.append(doc.render(0, dpi=40).data == expected)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    doc.close()
    assert not errors and len(same) == 45 and all(same)
    with pytest.raises(ValueError):
        doc.render(0, dpi=40)
