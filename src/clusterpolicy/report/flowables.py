"""All custom reportlab flowables of the report (one module).

* :class:`Heading` — a numbered heading that the document template turns into a table-of-contents
  entry, a PDF bookmark (outline) and a link target.
* :func:`data_table` — a table (:class:`DataTable`) whose header row repeats on every page and
  never ends a page without a full data row, whose rows split across pages (even a single row
  taller than a page), whose cells wrap (CJK-aware) and whose over-long texts are
  cut at ``styles.MAX_CELL_CHARS``. Every cell is escaped: data never reaches reportlab markup.
* :func:`figure` — a chart image with its caption kept together.
* :func:`signature_block` — 编制单位 / 审核 / 日期 lines to sign on.
* :func:`para` / :func:`esc` — paragraphs of trusted markup vs. escaped data text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from clusterpolicy.report import fonts, styles
from clusterpolicy.text.formats import text as cell_text


def esc(value: object) -> str:
    """Data text made safe for reportlab's Paragraph markup (``& < >`` escaped, newlines kept)."""
    return escape(cell_text(value)).replace("\r\n", "\n").replace("\n", "<br/>")


def para(markup: str, role: str = "body", lang: str = "zh", **kw: object) -> Paragraph:
    """A paragraph of *trusted* markup (fixed texts; data must already be passed through esc)."""
    st = styles.style(role, lang)
    return Paragraph(fonts.with_fallback(markup, st.fontName), st, **kw)  # type: ignore[arg-type]


def data_para(value: object, role: str = "body", lang: str = "zh") -> Paragraph:
    """A paragraph of *data* text (escaped here)."""
    st = styles.style(role, lang)
    return Paragraph(fonts.with_fallback(esc(value), st.fontName), st)


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
        st = styles.style(styles.heading_role(level), lang)
        markup = fonts.with_fallback(f"{escape(label)}{sep}{escape(title)}", st.fontName)
        super().__init__(f'<a name="{key}"/>{markup}', st)

    @property
    def toc_text(self) -> str:
        sep = "" if self.label.endswith(("、", "）")) else " "
        return f"{self.label}{sep}{self.title}"


def _truncate(value: object, suffix: str) -> str:
    s = cell_text(value)
    if len(s) > styles.MAX_CELL_CHARS:
        return s[: styles.MAX_CELL_CHARS] + suffix
    return s


#: Least height of the first part of a data row split across pages (about three text lines
#: of a table cell with its padding), so that a page never ends with a header and a sliver.
MIN_ROW_PART = 3 * styles.TABLE_SIZE * 1.3 + 6


class DataTable(LongTable):
    """A LongTable that never leaves its repeated header at a page foot without a full data row.

    reportlab splits a table by rows first; when not even the first data row fits below the
    header it splits *inside* that row (``splitInRow``), and the top part may be empty, so a
    page ends with the header row and an empty sliver (the remainder is retried in the space
    left after each split). Here a fragment must start with the header rows plus the whole
    first data row: :meth:`split` returns ``[]`` (move on to the next page) when they do not
    fit into ``availHeight`` but would fit into an empty frame (``frame_height``). Only a row
    taller than a whole frame is split inside, and then only with at least
    :data:`MIN_ROW_PART` of it on the page, and a continuation (``continued``: the remainder of
    a split, which platypus first tries in the space left on the same page) only at the top of
    a frame, so that no page shows the header twice. Fragments made by reportlab's split keep
    this class (it builds them with ``self.__class__``).
    """

    frame_height: float = styles.FRAME_HEIGHT
    continued: bool = False
    #: markup of the "续表N　title" line above each continuation (None: no line)
    continued_label: str | None = None
    continued_style: object = None
    #: room the continuation line takes above a continuation at the top of a frame
    LABEL_ROOM = 24.0

    def _header_rows(self) -> int:
        r = self.repeatRows
        return r if isinstance(r, int) else (max(r) + 1 if r else 0)

    def lead_height(self, avail_width: float) -> float:
        """Height of the header rows plus the first data row (the least first fragment)."""
        self._calc(avail_width, self.frame_height)
        return float(sum(self._rowHeights[: self._header_rows() + 1]))

    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803 - reportlab API
        self._calc(availWidth, availHeight)
        n_head = self._header_rows()
        if len(self._rowHeights) > n_head:
            head = float(sum(self._rowHeights[:n_head]))
            lead = head + float(self._rowHeights[n_head])
            if availHeight < lead and (
                lead <= self.frame_height
                or availHeight < head + MIN_ROW_PART
                or (self.continued and availHeight < self.frame_height - self.LABEL_ROOM - 1)
            ):
                return []
        parts = super().split(availWidth, availHeight)
        for part in parts[1:]:
            part.continued = True
            part.continued_label = self.continued_label
            part.continued_style = self.continued_style
        if len(parts) == 2 and self.continued_label:
            label = Paragraph(self.continued_label, self.continued_style)
            label.keepWithNext = 1
            return [parts[0], label, parts[1]]
        return parts


#: Horizontal padding of a data-table cell (left + right, see ``styles.data_table_style``).
CELL_PADDING = 6.0
#: A column is never widened beyond this share of the text block to fit its longest word.
MAX_WORD_SHARE = 0.3
_WORD = re.compile(r"[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")  # a run that cannot wrap


def longest_word_width(text: str, font: str, size: float) -> float:
    """Width (points) of the widest run of ``text`` that a paragraph cannot break: Latin words,
    numbers, codes. Chinese text wraps between any two characters, so it counts per character."""
    width = 0.0
    for word in _WORD.findall(text):
        width = max(width, pdfmetrics.stringWidth(word, font, size))
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"]
    if cjk:
        width = max(width, max(pdfmetrics.stringWidth(ch, font, size) for ch in cjk))
    return width


_HEAD_BREAK = re.compile(r"[\s/／、，,（）()]+")


def header_word_width(text: str, font: str, size: float) -> float:
    """Width of the widest part of a column header between spaces, slashes and brackets: a
    header wraps only there ("就业年均增长 本地/参照"), never inside a word ("综合评/分")."""
    parts = [p for p in _HEAD_BREAK.split(text) if p] or [text]
    return max(pdfmetrics.stringWidth(p, font, size) for p in parts) + size * 0.6


def fit_widths(widths: Sequence[float], needs: Sequence[float]) -> list[float]:
    """Column widths (same total as ``widths``) in which every column is at least its ``needs``
    entry where that is possible: the shortfall of narrow columns is taken from the columns with
    room to spare, in proportion to that room. If the spare room is not enough, every narrow
    column gets the same share of its shortfall. So "Quadrant" or "1,216,242" is not cut into
    "Quadr/ant" while a wide description column gives up a little width."""
    widths = [float(w) for w in widths]
    needs = [min(float(n), sum(widths)) for n in needs]
    short = [max(0.0, n - w) for w, n in zip(widths, needs, strict=True)]
    spare = [max(0.0, w - n) for w, n in zip(widths, needs, strict=True)]
    deficit, room = sum(short), sum(spare)
    if deficit <= 0 or room <= 0:
        return widths
    give = min(deficit, room)
    return [
        w + s * give / deficit - r * give / room
        for w, s, r in zip(widths, short, spare, strict=True)
    ]


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    numeric: Sequence[bool] | None = None,
    truncated_suffix: str = "…",
    lang: str = "zh",
) -> DataTable:
    """A data table: repeated header, rows split across pages (never a header alone at a page
    foot, see :class:`DataTable`), wrapped and escaped cells.

    ``widths`` are relative column widths (scaled to the text block), ``numeric`` right-aligns
    columns. Cell values are plain text: they are escaped, never interpreted as markup.
    """
    numeric = list(numeric) if numeric is not None else [False] * len(header)
    total = float(sum(widths)) or 1.0
    col_widths = [styles.FRAME_WIDTH * w / total for w in widths]
    head_style = styles.style("table.header", lang)
    num_style = styles.style("table.cell.num", lang)
    cell_style = styles.style("table.cell", lang)
    data: list[list[Flowable]] = [
        [Paragraph(fonts.with_fallback(escape(h), head_style.fontName), head_style) for h in header]
    ]
    needs = [header_word_width(str(h), head_style.fontName, head_style.fontSize) for h in header]
    cap = styles.FRAME_WIDTH * MAX_WORD_SHARE
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            text = _truncate(v, truncated_suffix)
            st = num_style if numeric[i] else cell_style
            cells.append(Paragraph(fonts.with_fallback(esc(text), st.fontName), st))
            if needs[i] < cap:
                needs[i] = max(needs[i], longest_word_width(text, st.fontName, st.fontSize))
        data.append(cells)
    col_widths = fit_widths(col_widths, [min(n, cap) + CELL_PADDING + 0.5 for n in needs])
    table = DataTable(
        data,
        colWidths=col_widths,
        repeatRows=1,
        splitByRow=1,
        splitInRow=1,
        hAlign="CENTER",
    )
    table.setStyle(TableStyle(styles.data_table_style(len(data))))
    return table


class FitFigure(Flowable):
    """A chart with its caption that shrinks (down to :attr:`MIN_SCALE` of its size) to fill the
    rest of a page instead of leaving it empty; below that it moves to the next page whole."""

    MIN_SCALE = 0.62

    def __init__(self, png: bytes, caption: Paragraph, width: float, height: float) -> None:
        super().__init__()
        self.png, self.caption = png, caption
        self.w0, self.h0 = width, height
        self.scale = 1.0

    def _caption_height(self, aw: float) -> float:
        return (
            self.caption.wrap(aw, 1e6)[1]
            + self.caption.getSpaceBefore()
            + self.caption.getSpaceAfter()
        )

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:  # noqa: D102
        cap = self._caption_height(aw)
        need = self.h0 + cap
        self.scale = 1.0
        if need > ah and ah - cap >= self.h0 * self.MIN_SCALE:
            self.scale = (ah - cap) / self.h0
        self.width, self.height = aw, self.h0 * self.scale + cap
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list:  # noqa: D102
        return []

    def draw(self) -> None:  # noqa: D102
        from reportlab.lib.utils import ImageReader

        w, h = self.w0 * self.scale, self.h0 * self.scale
        cap_h = self.height - h
        x = (self.width - w) / 2
        self.canv.drawImage(ImageReader(io.BytesIO(self.png)), x, cap_h, w, h, mask="auto")
        self.caption.wrap(self.width, cap_h)
        self.caption.drawOn(self.canv, 0, self.caption.getSpaceAfter())


def figure(
    png: bytes, caption_markup: str, width_mm: float | None = None, lang: str = "zh"
) -> FitFigure:
    """A PNG chart scaled to ``width_mm`` (default ``styles.CHART_WIDTH_MM``) with its caption."""
    from reportlab.lib.utils import ImageReader

    width = (width_mm or styles.CHART_WIDTH_MM) * mm
    width = min(width, styles.FRAME_WIDTH)
    iw, ih = ImageReader(io.BytesIO(png)).getSize()
    height = width * ih / iw
    max_h = styles.FRAME_HEIGHT * 0.8
    if height > max_h:
        width, height = width * max_h / height, max_h
    st = styles.style("caption", lang)
    return FitFigure(
        png, Paragraph(fonts.with_fallback(caption_markup, st.fontName), st), width, height
    )


def signature_block(rows: Sequence[tuple[str, str]], lang: str = "zh") -> KeepTogether:
    """Lines to sign on: ``rows`` of (label markup, pre-filled escaped value)."""
    role = styles.style("signature", lang)
    data = [[Paragraph(lbl, role), Paragraph(val, role)] for lbl, val in rows]
    table = Table(data, colWidths=[30 * mm, 80 * mm], hAlign="RIGHT")
    table.setStyle(TableStyle(styles.signature_table_style()))
    return KeepTogether([Spacer(1, 12 * mm), table])
