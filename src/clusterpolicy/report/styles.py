"""All report styling as data, in one place (the only module that names fonts, colours and sizes).

Sections and flowables ask for styles by *role* — ``style("h1")``, ``style("table.header")``,
``style("finding.red")`` — never by font or colour. Change the look of the whole report here.

Page geometry follows GB/T 9704-2012 where sensible: A4, top margin (天头) 37 mm, binding margin
(订口) 28 mm, text block 156 × 225 mm, page numbers "— 1 —" (odd pages right, even pages left).
The body is set smaller than the 公文 3号 (16 pt) because an assessment report carries many tables.
Colours are dark/grey tones that stay distinguishable when printed in grey-scale; charts also use
hatching, markers and line styles, never colour alone.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

# --- font (one CJK TrueType font for Chinese and Latin, embedded as a subset) -----------------
FONT_FILE = "wqy-microhei.ttc"  # below resources/fonts/
FONT_SUBFONT_INDEX = 0  # 0 = WenQuanYi Micro Hei, 1 = ... Mono
FONT_NAME = "WQYMicroHei"  # the name reportlab registers it under
FONT_FAMILY = "WenQuanYi Micro Hei"  # the family name matplotlib and Qt see
#: GB/T 9704 faces of the Chinese report (role → reportlab name, file below resources/fonts/):
#: no free simplified-Chinese 仿宋 with full GB 2312 coverage ships with a licence that allows
#: redistribution (cwTeX 仿宋 has traditional characters only), so the body uses the closest
#: free face, AR PL SungtiL GB (宋体); level-2 headings use AR PL KaitiM GB (楷体); the title
#: (小标宋) uses the 宋体 too; 黑体 is WenQuanYi Micro Hei (level-1 headings, table heads).
#: Both AR PL faces are under the Arphic Public License (copy, redistribute, embed).
FACES = {
    "song": ("ARPLSungtiLGB", "gbsn00lp.ttf"),
    "kai": ("ARPLKaitiMGB", "gkai00mp.ttf"),
}
SONG = FACES["song"][0]
KAI = FACES["kai"][0]
HEI = FONT_NAME

# --- page geometry ----------------------------------------------------------------------------
PAGE_SIZE = A4
MARGIN_TOP = 37 * mm
MARGIN_LEFT = 28 * mm  # binding side (odd pages); mirrored on even pages is not needed for PDF
MARGIN_RIGHT = A4[0] - MARGIN_LEFT - 156 * mm  # 26 mm: text block 156 mm wide
MARGIN_BOTTOM = A4[1] - MARGIN_TOP - 225 * mm  # 35 mm: text block 225 mm high
FRAME_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM
PAGE_NUMBER_Y = 18 * mm  # baseline of "— n —" above the bottom edge
PAGE_NUMBER_SIZE = 12  # 4号 ≈ 14 pt; a little smaller suits the smaller body
HEADER_RULE_Y = PAGE_SIZE[1] - MARGIN_TOP + 8 * mm  # thin rule with the running header
HEADER_SIZE = 8

# --- colours (grey-scale safe) ----------------------------------------------------------------
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#888888")
ACCENT = colors.HexColor("#1f3a5f")  # dark blue: prints as near-black
TABLE_HEADER_BG = colors.HexColor("#d9d9d9")
TABLE_STRIPE_BG = colors.HexColor("#f2f2f2")
TABLE_GRID = colors.HexColor("#7f7f7f")
FINDING_RED = colors.HexColor("#8b0000")
FINDING_AMBER = colors.HexColor("#7a5200")
FINDING_GREEN = colors.HexColor("#1e5631")

# --- sizes ------------------------------------------------------------------------------------
BODY_SIZE = 10.5  # 五号
TABLE_SIZE = 8.5
SMALL_SIZE = 8
LEADING = 1.45  # leading = size × LEADING

#: Maximum characters of one table cell before it is cut with "…" (a row can still split).
MAX_CELL_CHARS = 1500
#: Maximum rows of a data table (top-N); the report says how many rows were left out.
MAX_TABLE_ROWS = 30
#: Space (points) a heading needs below it, else it starts on a new page.
HEADING_MIN_ROOM = {1: 70 * mm, 2: 45 * mm, 3: 30 * mm}
#: Image resolution for charts and their printed width.
CHART_DPI = 150
CHART_WIDTH_MM = 150

# --- chart styling (matplotlib) ---------------------------------------------------------------
#: Grey-scale safe series styles: (colour, hatch, marker, linestyle), used in this order.
CHART_SERIES = [
    ("#1f3a5f", "", "o", "-"),
    ("#8c8c8c", "//", "s", "--"),
    ("#4d4d4d", "..", "^", "-."),
    ("#b3b3b3", "xx", "D", ":"),
    ("#262626", "\\\\", "v", (0, (5, 1, 1, 1))),
    ("#6e6e6e", "++", "P", (0, (3, 1, 1, 1, 1, 1))),
    ("#a0a0a0", "--", "X", (0, (1, 1))),
    ("#3a3a3a", "oo", "*", (0, (8, 2))),
]
#: Life-cycle stage bands in time-series charts: stage → (face grey, hatch).
STAGE_BANDS = {
    "emergence": ("#f7f7f7", ".."),
    "growth": ("#f0f0f0", "//"),
    "maturity": ("#ebebeb", ""),
    "decline": ("#e3e3e3", "xx"),
    "renewal": ("#f3f3f3", "\\\\"),
}
STAGE_BAND_HATCH_COLOUR = "#c8c8c8"
CHART_BEFORE_AFTER = (("#8c8c8c", "//"), ("#1f3a5f", ""))
CHART_BETWEEN_WITHIN = (("#1f3a5f", ""), ("#b3b3b3", "//"))
CHART_FONT_SIZE = 9
CHART_TITLE_SIZE = 10


def chart_rc() -> dict[str, object]:
    """matplotlib rcParams for every chart (font family is added by :mod:`.fonts`)."""
    return {
        "font.size": CHART_FONT_SIZE,
        "axes.titlesize": CHART_TITLE_SIZE,
        "axes.labelsize": CHART_FONT_SIZE,
        "axes.edgecolor": "#333333",
        "axes.linewidth": 0.8,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "legend.fontsize": CHART_FONT_SIZE - 1,
        "legend.frameon": False,
        "hatch.linewidth": 0.6,
        "savefig.dpi": CHART_DPI,
        "figure.dpi": CHART_DPI,
        "svg.hashsalt": "clusterpolicy",
        "path.simplify": True,
    }


def _ps(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": FONT_NAME,
        "fontSize": BODY_SIZE,
        "leading": BODY_SIZE * LEADING,
        "textColor": INK,
        "wordWrap": "CJK",
        "alignment": TA_JUSTIFY,
        "bulletFontName": FONT_NAME,  # never fall back to the unembedded Helvetica/ZapfDingbats
    }
    base.update(kw)
    if "leading" not in kw and "fontSize" in kw:
        base["leading"] = float(kw["fontSize"]) * LEADING  # type: ignore[arg-type]
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


@cache
def _paragraph_styles(lang: str) -> dict[str, ParagraphStyle]:
    # Chinese: break between any characters (CJK rules); English: break at spaces, long words split.
    wrap = "CJK" if lang != "en" else None
    zh = lang != "en"
    # GB/T 9704 faces in Chinese (title and body 宋体 for 小标宋/仿宋, h1 黑体, h2 楷体);
    # English uses the main font throughout
    face = {
        "title": SONG,
        "subtitle": KAI,
        "cover.line": SONG,
        "h1": HEI,
        "h2": KAI,
        "h3": SONG,
        "h4": SONG,
        "body": SONG,
        "body.noindent": SONG,
        "bullet": SONG,
        "formula": SONG,
        "note": SONG,
        "note.right": SONG,
        "table.cell": SONG,
        "table.cell.num": SONG,
        "finding.red": SONG,
        "finding.amber": SONG,
        "finding.green": SONG,
        "missing": SONG,
        "signature": SONG,
        "brief": SONG,
        "brief.head": HEI,
        "brief.verdict": SONG,
    }

    def ps(name: str, **kw: object) -> ParagraphStyle:
        if zh and name in face and "fontName" not in kw:
            kw["fontName"] = face[name]
        return _ps(name, wordWrap=wrap, **kw)

    s = {
        "title": ps("title", fontSize=24, leading=34, alignment=TA_CENTER, spaceAfter=10),
        "subtitle": ps("subtitle", fontSize=15, alignment=TA_CENTER, textColor=MUTED),
        "cover.line": ps("cover.line", fontSize=12, alignment=TA_CENTER, spaceAfter=4),
        "cover.small": ps("cover.small", fontSize=9, alignment=TA_CENTER, textColor=MUTED),
        "toc.title": ps("toc.title", fontSize=16, alignment=TA_CENTER, spaceAfter=12),
        "toc.1": ps(
            "toc.1", fontSize=11, leading=14.5, leftIndent=0, firstLineIndent=0, spaceBefore=1
        ),
        "toc.2": ps("toc.2", fontSize=10, leading=12.4, leftIndent=16, firstLineIndent=0),
        "toc.3": ps("toc.3", fontSize=9.5, leftIndent=32, firstLineIndent=0),
        "h1": ps(
            "h1",
            fontSize=16,
            alignment=TA_LEFT,
            spaceBefore=10,
            spaceAfter=8,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        "h2": ps("h2", fontSize=13, alignment=TA_LEFT, spaceBefore=8, spaceAfter=5, keepWithNext=1),
        "h3": ps(
            "h3", fontSize=11.5, alignment=TA_LEFT, spaceBefore=6, spaceAfter=4, keepWithNext=1
        ),
        "h4": ps(
            "h4", fontSize=10.5, alignment=TA_LEFT, spaceBefore=4, spaceAfter=3, keepWithNext=1
        ),
        "body": ps("body", firstLineIndent=2 * BODY_SIZE, spaceAfter=4),
        "body.noindent": ps("body.noindent", spaceAfter=4),
        "bullet": ps("bullet", leftIndent=14, bulletIndent=4, spaceAfter=2),
        "formula": ps(
            "formula",
            fontSize=9.5,
            leftIndent=2 * BODY_SIZE,
            alignment=TA_LEFT,
            textColor=INK,
            spaceAfter=2,
        ),
        "note": ps("note", fontSize=SMALL_SIZE, textColor=MUTED, alignment=TA_LEFT, spaceAfter=1),
        "note.right": ps("note.right", fontSize=SMALL_SIZE, textColor=MUTED, alignment=TA_RIGHT),
        "caption": ps("caption", fontSize=9, alignment=TA_CENTER, spaceBefore=2, spaceAfter=8),
        "table.title": ps(
            "table.title", fontSize=9.5, alignment=TA_CENTER, spaceBefore=4, spaceAfter=2
        ),
        "table.header": ps(
            "table.header", fontSize=TABLE_SIZE, alignment=TA_CENTER, leading=TABLE_SIZE * 1.3
        ),
        "table.cell": ps(
            "table.cell", fontSize=TABLE_SIZE, alignment=TA_LEFT, leading=TABLE_SIZE * 1.3
        ),
        "table.cell.num": ps(
            "table.cell.num", fontSize=TABLE_SIZE, alignment=TA_RIGHT, leading=TABLE_SIZE * 1.3
        ),
        "finding.red": ps(
            "finding.red", textColor=FINDING_RED, leftIndent=14, bulletIndent=4, spaceAfter=2
        ),
        "finding.amber": ps(
            "finding.amber", textColor=FINDING_AMBER, leftIndent=14, bulletIndent=4, spaceAfter=2
        ),
        "finding.green": ps(
            "finding.green", textColor=FINDING_GREEN, leftIndent=14, bulletIndent=4, spaceAfter=2
        ),
        "missing": ps(
            "missing", textColor=MUTED, alignment=TA_LEFT, spaceAfter=6, leftIndent=2 * BODY_SIZE
        ),
        "signature": ps("signature", fontSize=11, alignment=TA_LEFT, leading=26),
    }
    return s


def style(role: str, lang: str = "zh") -> ParagraphStyle:
    """The paragraph style for a role in ``lang`` (``KeyError`` names the unknown role)."""
    styles = _paragraph_styles("en" if lang == "en" else "zh")
    if role not in styles:
        raise KeyError(f"unknown report style role {role!r}; known: {sorted(styles)}")
    return styles[role]


def heading_role(level: int) -> str:
    """Style role of a heading level 1–4."""
    return f"h{min(max(level, 1), 4)}"


def data_table_style(n_rows: int) -> list[tuple]:
    """TableStyle commands of a data table with one header row (striped, thin grid)."""
    cmds: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
        ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEADER_BG),
        ("LINEABOVE", (0, 0), (-1, 0), 1.0, INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
        ("LINEBELOW", (0, -1), (-1, -1), 1.0, INK),
        ("INNERGRID", (0, 1), (-1, -1), 0.25, TABLE_GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for r in range(2, n_rows, 2):
        cmds.append(("BACKGROUND", (0, r), (-1, r), TABLE_STRIPE_BG))
    return cmds


def toc_table_style() -> list[tuple]:
    """TableStyle commands of the table of contents (its cells default to Helvetica)."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]


def signature_table_style() -> list[tuple]:
    """TableStyle commands of the signature block (lines to sign on)."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 10),
    ]
