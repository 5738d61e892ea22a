"""The bundled font and the charts: font files, registration, deterministic grey-scale PNGs."""

from __future__ import annotations

import io

from PIL import Image

from clusterpolicy.report import charts, fonts, styles


def test_font_file_and_licence_are_bundled():
    path = fonts.font_path()
    assert path.name == "wqy-microhei.ttc" and path.stat().st_size > 5_000_000
    licence = path.parent / "LICENSE-wqy-microhei.txt"
    assert "Apache License" in licence.read_text(encoding="utf-8")


def test_font_registers_for_reportlab_and_matplotlib():
    from reportlab.pdfbase import pdfmetrics

    name = fonts.register_reportlab()
    assert name == styles.FONT_NAME
    font = pdfmetrics.getFont(name)
    # CJK and Latin glyphs measured with the embedded font, not a fallback
    assert pdfmetrics.stringWidth("产业集群", name, 10) == 40.0
    assert 0 < pdfmetrics.stringWidth("LQ", name, 10) < 20
    assert font.face.name  # a real TrueType face
    rc = fonts.register_matplotlib()
    assert rc["font.sans-serif"] == [styles.FONT_FAMILY]
    assert rc["axes.unicode_minus"] is True  # the font has U+2212


def _png_info(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data))


def test_charts_are_deterministic_pngs_without_software_stamp():
    args = (["纺织业", "服装"], [2.5, 0.8], [-1.5, 3.2], [20000, 5000])
    a = charts.bubble_chart(*args)
    b = charts.bubble_chart(*args)
    assert a == b
    img = _png_info(a)
    assert "Software" not in img.info
    # the bubble chart is 0.9 in wider than the others: room for its size legend
    assert img.size == (round(7.2 * styles.CHART_DPI), round(3.6 * styles.CHART_DPI))
    assert charts.bubble_chart(*args, lang="en") != a  # axis labels change: the test can fail


def test_other_charts_render():
    years = list(range(2015, 2025))
    ts = charts.timeseries_chart(
        years,
        [1 + i / 10 for i in range(10)],
        [10000 + 500 * i for i in range(10)],
        [(2015, 2024, "growth")],
    )
    radar = charts.radar_chart(["研发", "平台", "专利"], [40.0, 80.0, float("nan")])
    disp = charts.dispersion_chart(years[:3], [0.04, 0.05, 0.05], [0.06, 0.06, 0.07])
    bars = charts.before_after_chart(["基尼系数", "泰尔指数T"], [0.26, 0.11], [0.25, 0.10])
    for png in (ts, radar, disp, bars):
        img = _png_info(png)
        # grey-scale safety: the image is not blank, has several grey levels
        assert len(img.convert("L").getcolors(maxcolors=100_000)) > 20


def test_a_latin_word_is_never_cut_and_cjk_is_wrapped():
    from clusterpolicy.report.charts.base import _wrap

    assert _wrap("Williamson", 9) == "Williamson"
    assert _wrap("Theil index T", 4) == "Theil\nindex T"  # English: 2 × width a line
    assert _wrap("泰尔指数组间差异", 4) == "泰尔指数\n组间差异"
