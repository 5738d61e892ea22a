"""All custom reportlab flowables of the report (one module).

* :class:`Heading` — a numbered heading that the document template turns into a table-of-contents
  entry, a PDF bookmark (outline) and a link target.
* :func:`data_table` — a table whose header row repeats on every page, whose rows split across
  pages (even a single very tall row), whose cells wrap (CJK-aware) and whose over-long texts are
  cut at ``styles.MAX_CELL_CHARS``. Every cell is escaped: data never reaches reportlab markup.
* :func:`figure` — a chart image with its caption kept together.
* :func:`signature_block` — 编制单位 / 审核 / 日期 lines to sign on.
* :func:`para` / :func:`esc` — paragraphs of trusted markup vs. escaped data text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    LongTable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from clusterpolicy.report import styles
from clusterpolicy.report.formatting import text as cell_text


def esc(value: object) -> str:
    """Data text made safe for reportlab's Paragraph markup (``& < >`` escaped, newlines kept)."""
    return escape(cell_text(value)).replace("\r\n", "\n").replace("\n", "<br/>")


def para(markup: str, role: str = "body", lang: str = "zh", **kw: object) -> Paragraph:
    """A paragraph of *trusted* markup (fixed texts; data must already be passed through esc)."""
    return Paragraph(markup, styles.style(role, lang), **kw)  # type: ignore[arg-type]


def data_para(value: object, role: str = "body", lang: str = "zh") -> Paragraph:
    """A paragraph of *data* text (escaped here)."""
    return Paragraph(esc(value), styles.style(role, lang))


class Heading(Paragraph):
    """A numbered heading; the document template registers it in the TOC and the PDF outline.

    ``label`` is the number ("一、", "（一）", "1.1"), ``title`` the plain (unescaped) title text,
    ``level`` 1–4, ``key`` a unique bookmark name.
    """

    def __init__(self, label: str, title: str, level: int, key: str, lang: str = "zh") -> None:
        self.label = label
        self.title = title
        self.level = level
        self.key = key
        sep = "" if label.endswith(("、", "）")) else " "
        markup = f'<a name="{key}"/>{escape(label)}{sep}{escape(title)}'
        super().__init__(markup, styles.style(styles.heading_role(level), lang))

    @property
    def toc_text(self) -> str:
        sep = "" if self.label.endswith(("、", "）")) else " "
        return f"{self.label}{sep}{self.title}"


def _truncate(value: object, suffix: str) -> str:
    s = cell_text(value)
    if len(s) > styles.MAX_CELL_CHARS:
        return s[: styles.MAX_CELL_CHARS] + suffix
    return s


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    numeric: Sequence[bool] | None = None,
    truncated_suffix: str = "…",
    lang: str = "zh",
) -> LongTable:
    """A data table: repeated header, rows split across pages, wrapped and escaped cells.

    ``widths`` are relative column widths (scaled to the text block), ``numeric`` right-aligns
    columns. Cell values are plain text: they are escaped, never interpreted as markup.
    """
    numeric = list(numeric) if numeric is not None else [False] * len(header)
    total = float(sum(widths)) or 1.0
    col_widths = [styles.FRAME_WIDTH * w / total for w in widths]
    head_style = styles.style("table.header", lang)
    num_style = styles.style("table.cell.num", lang)
    cell_style = styles.style("table.cell", lang)
    data: list[list[Flowable]] = [[Paragraph(escape(h), head_style) for h in header]]
    for row in rows:
        data.append(
            [
                Paragraph(
                    esc(_truncate(v, truncated_suffix)),
                    num_style if numeric[i] else cell_style,
                )
                for i, v in enumerate(row)
            ]
        )
    table = LongTable(
        data,
        colWidths=col_widths,
        repeatRows=1,
        splitByRow=1,
        splitInRow=1,
        hAlign="CENTER",
    )
    table.setStyle(TableStyle(styles.data_table_style(len(data))))
    return table


def figure(
    png: bytes, caption_markup: str, width_mm: float | None = None, lang: str = "zh"
) -> KeepTogether:
    """A PNG chart scaled to ``width_mm`` (default ``styles.CHART_WIDTH_MM``) with its caption."""
    from reportlab.lib.utils import ImageReader

    width = (width_mm or styles.CHART_WIDTH_MM) * mm
    width = min(width, styles.FRAME_WIDTH)
    iw, ih = ImageReader(io.BytesIO(png)).getSize()
    height = width * ih / iw
    max_h = styles.FRAME_HEIGHT * 0.8
    if height > max_h:
        width, height = width * max_h / height, max_h
    img = Image(io.BytesIO(png), width=width, height=height)
    return KeepTogether([img, Paragraph(caption_markup, styles.style("caption", lang))])


def signature_block(rows: Sequence[tuple[str, str]], lang: str = "zh") -> KeepTogether:
    """Lines to sign on: ``rows`` of (label markup, pre-filled escaped value)."""
    role = styles.style("signature", lang)
    data = [[Paragraph(lbl, role), Paragraph(val, role)] for lbl, val in rows]
    table = Table(data, colWidths=[30 * mm, 80 * mm], hAlign="RIGHT")
    table.setStyle(TableStyle(styles.signature_table_style()))
    return KeepTogether([Spacer(1, 12 * mm), table])
