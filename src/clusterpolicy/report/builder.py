"""Build the PDF assessment report from the result tables (reportlab platypus).

``build_report(tables, meta, out_path, lang="zh")`` lays out: cover, table of contents, the
chapters of :data:`sections.CHAPTER_ORDER` (summary, identification, life cycle, technology,
brand, equalization, policy), the signature block, and the methods appendix. Nothing is
recomputed: the same tables go to the workbook, the project file and this report.

Reproducible: reportlab's invariant mode fixes the time stamps and document id, charts are
deterministic PNGs, so the same input gives a byte-identical PDF. The file is written atomically
(temporary file, then rename): a cancelled or failed build leaves no partial PDF.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from clusterpolicy.atomic import replacing
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress
from clusterpolicy.report import fonts, linebreak, styles
from clusterpolicy.report.flowables import Heading, esc, para, signature_block
from clusterpolicy.report.numbering import Numberer
from clusterpolicy.report.outline import chosen_chapters
from clusterpolicy.report.sections import CHAPTER_ORDER, Context, build_chapter, chapter_numbers
from clusterpolicy.report.texts import tr

__all__ = ["build_report", "build_report_bytes"]


class ReportDocTemplate(BaseDocTemplate):
    """A4 document with a cover template and a body template (running header, "— n —").

    Page numbers shown in the body and in the TOC count from the first page after the cover.
    Headings of levels 1–3 become TOC entries and PDF bookmarks.
    """

    def __init__(
        self, target: object, *, lang: str, header_text: str, title: str, author: str, subject: str
    ) -> None:
        super().__init__(
            target,
            pagesize=styles.PAGE_SIZE,
            leftMargin=styles.MARGIN_LEFT,
            rightMargin=styles.MARGIN_RIGHT,
            topMargin=styles.MARGIN_TOP,
            bottomMargin=styles.MARGIN_BOTTOM,
            title=title,
            author=author,
            subject=subject,
            creator="ClusterPolicy",
            invariant=1,
            initialFontName=styles.FONT_NAME,
            initialFontSize=styles.BODY_SIZE,
            lang="en-GB" if lang == "en" else "zh-CN",
        )
        self.header_text = header_text
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
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=self._cover_page),
                PageTemplate("body", [frame], onPage=self._body_page),
            ]
        )

    @staticmethod
    def _cover_page(canvas: object, doc: object) -> None:  # nothing on the cover's margins
        return None

    def display_page(self) -> int:
        return self.page - 1

    def _body_page(self, canvas, doc) -> None:  # noqa: ANN001 - reportlab callback
        canvas.saveState()
        canvas.setFont(styles.FONT_NAME, styles.HEADER_SIZE)
        canvas.setFillColor(styles.MUTED)
        canvas.setStrokeColor(styles.RULE)
        canvas.setLineWidth(0.4)
        top = styles.HEADER_RULE_Y
        canvas.line(styles.MARGIN_LEFT, top, styles.MARGIN_LEFT + styles.FRAME_WIDTH, top)
        canvas.drawString(styles.MARGIN_LEFT, top + 2.5, self.header_text)
        n = self.display_page()
        label = f"— {n} —"
        canvas.setFont(styles.FONT_NAME, styles.PAGE_NUMBER_SIZE)
        canvas.setFillColor(styles.INK)
        if n % 2:  # odd pages right, even pages left (GB/T 9704)
            canvas.drawRightString(
                styles.MARGIN_LEFT + styles.FRAME_WIDTH - 7 * mm, styles.PAGE_NUMBER_Y, label
            )
        else:
            canvas.drawString(styles.MARGIN_LEFT + 7 * mm, styles.PAGE_NUMBER_Y, label)
        canvas.restoreState()

    def afterFlowable(self, flowable) -> None:  # noqa: ANN001, N802 - reportlab hook
        if isinstance(flowable, Heading) and getattr(flowable, "level", 9) <= 3:
            level = flowable.level - 1
            text = flowable.toc_text
            self.notify("TOCEntry", (level, escape(text), self.display_page(), flowable.key))
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(text, flowable.key, level, closed=level > 0)


def _cover(ctx: Context) -> list:
    meta, lang = ctx.meta, ctx.lang
    out: list = [
        Spacer(1, 30 * mm),
        para(esc(ctx.region_name), "subtitle", lang),
        Spacer(1, 6 * mm),
        para(tr("report.title", lang), "title", lang),
        Spacer(1, 40 * mm),
    ]
    lines = []
    if meta.get("reference_name"):
        lines.append(ctx.t("cover.reference", v=meta["reference_name"]))
    if meta.get("base_year") is not None and meta.get("end_year") is not None:
        lines.append(ctx.t("cover.period", a=meta["base_year"], b=meta["end_year"]))
    if meta.get("preparing_unit"):
        lines.append(ctx.t("cover.unit", v=meta["preparing_unit"]))
    if meta.get("signer"):
        lines.append(ctx.t("cover.signer", v=meta["signer"]))
    lines.append(ctx.t("cover.date", v=_date_text(ctx.report_date, lang)))
    lines += _profile_lines(ctx)
    out += [para(line, "cover.line", lang) for line in lines]
    out += [
        Spacer(1, 40 * mm),
        para(ctx.t("cover.app", v=meta.get("app_version", "")), "cover.small", lang),
    ]
    return out


def _profile_lines(ctx) -> list[str]:
    """The rule profile in force on the cover: its title, id, version and date; for a local
    profile also what it was made from, how many thresholds it changes and by whom."""
    meta, lang = ctx.meta, ctx.lang
    title = meta.get("profile_title_en" if lang == "en" else "profile_title_zh")
    values = {
        "id": meta.get("profile_id", "—"),
        "ver": meta.get("profile_version", "—"),
        "date": meta.get("profile_date", "—"),
    }
    out = [
        ctx.t("cover.profile.titled", title=title, **values)
        if title
        else ctx.t("cover.profile", **values)
    ]
    if meta.get("profile_reason"):
        out.append(
            ctx.t(
                "cover.profile.local",
                base=meta.get("profile_based_on") or "—",
                n=len(ctx.changed_thresholds()),
                who=meta.get("profile_author") or "—",
            )
        )
    return out


def _date_text(value: object, lang: str) -> str:
    """ISO date → "2026年11月22日" (zh) or the ISO text (en); missing → "—"."""
    if not value:
        return "—"
    try:
        d = pd.Timestamp(str(value))
    except (ValueError, TypeError):
        return str(value)
    return d.strftime("%Y-%m-%d") if lang == "en" else f"{d.year}年{d.month}月{d.day}日"


def _signature(ctx: Context) -> list:
    lang, meta = ctx.lang, ctx.meta
    date = _date_text(meta.get("report_date"), lang) if meta.get("report_date") else ""
    rows = [
        (tr("sig.unit", lang), esc(meta.get("preparing_unit") or "") + "　" + tr("sig.seal", lang)),
        (tr("sig.review", lang), ""),
        (tr("sig.signer", lang), esc(meta.get("signer") or "")),
        (tr("sig.date", lang), esc(date)),
    ]
    return [signature_block(rows, lang)]


def _story(
    tables: dict[str, pd.DataFrame],
    meta: dict,
    lang: str,
    charts_data: dict[str, pd.DataFrame] | None,
    progress: ProgressCallback,
    chosen: frozenset[str] | None = None,
) -> list:
    ctx = Context(
        tables=tables,
        meta=meta,
        lang=lang,
        charts_data=charts_data or {},
        numberer=Numberer(lang),
        chapters=chapter_numbers(tables, chosen),
        chosen=chosen,
    )
    toc = TableOfContents(dotsMinLevel=0, tableStyle=TableStyle(styles.toc_table_style()))
    toc.levelStyles = [
        styles.style("toc.1", lang),
        styles.style("toc.2", lang),
        styles.style("toc.3", lang),
    ]
    story: list = [NextPageTemplate("body"), *_cover(ctx), PageBreak()]
    n = len(CHAPTER_ORDER)
    toc_done = False
    for i, key in enumerate(CHAPTER_ORDER):
        progress(i / n, tr(f"ch.{key}", lang))
        if key != "brief" and not toc_done:  # the brief comes first, then the contents
            if not isinstance(story[-1], PageBreak):  # no blank page when the brief is left out
                story.append(PageBreak())
            story += [
                Paragraph(tr("toc.title", lang), styles.style("toc.title", lang)),
                toc,
                PageBreak(),
            ]
            toc_done = True
        if key == "appendix":
            story += _signature(ctx)
            story.append(PageBreak())
        story += build_chapter(key, ctx)
    progress(1.0, "")
    return story


def _headings(flowables) -> list[Heading]:
    out: list[Heading] = []
    for f in flowables:
        if isinstance(f, Heading):
            out.append(f)
        elif hasattr(f, "_content"):  # KeepTogether and the like
            out.extend(_headings(f._content))  # noqa: SLF001 - their flowables
    return out


def _seed_toc(story: list) -> None:
    """Give the table of contents its final entries (with placeholder page numbers) before the
    first layout pass, so that it takes its final height at once: the pages after it do not
    move between passes and the layout converges in two passes instead of three."""
    tocs = [f for f in story if isinstance(f, TableOfContents)]
    if not tocs:
        return
    seed = [(h.level - 1, escape(h.toc_text), 99, h.key) for h in _headings(story) if h.level <= 3]
    for toc in tocs:
        toc._entries = list(seed)  # noqa: SLF001 - becomes _lastEntries in beforeBuild


def build_report_bytes(
    tables: dict[str, pd.DataFrame],
    meta: dict,
    *,
    lang: str = "zh",
    charts_data: dict[str, pd.DataFrame] | None = None,
    progress: ProgressCallback | None = None,
    chapters: Iterable[str] | None = None,
) -> bytes:
    """The report as PDF bytes (see :func:`build_report`)."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    chosen = chosen_chapters(chapters)
    report = ensure(progress)
    fonts.register_reportlab()
    linebreak.install()
    story = _story(tables, meta, lang, charts_data, sub_progress(report, 0.0, 0.6), chosen)
    region = meta.get("region_name_en") if lang == "en" else meta.get("region_name_zh")
    region = str(region or meta.get("region_name_zh") or meta.get("region_code") or "")
    title = f"{region} {tr('report.title', lang)}".strip()
    buf = io.BytesIO()
    doc = ReportDocTemplate(
        buf,
        lang=lang,
        header_text=tr("header.running", lang, region=region),
        title=title,
        author=str(meta.get("preparing_unit") or ""),
        subject=tr("report.title", lang),
    )
    layout = sub_progress(report, 0.6, 1.0)
    passes = {"n": 0}

    def on_pass(kind: str, value: object) -> None:
        if kind == "PASS":
            passes["n"] = int(value)  # type: ignore[arg-type]
            layout(min(passes["n"] / 3, 1.0), "排版" if lang != "en" else "layout")

    doc.setProgressCallBack(on_pass)
    _seed_toc(story)
    old_a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: smaller, and no slow pure-Python ASCII85 encoding
    try:
        doc.multiBuild(story, maxPasses=6)
    finally:
        rl_config.useA85 = old_a85
    report(1.0, "")
    return buf.getvalue()


def build_report(
    tables: dict[str, pd.DataFrame],
    meta: dict,
    out_path: str | os.PathLike[str],
    *,
    lang: str = "zh",
    charts_data: dict[str, pd.DataFrame] | None = None,
    progress: ProgressCallback | None = None,
    chapters: Iterable[str] | None = None,
) -> Path:
    """Write the PDF report to ``out_path`` and return its path.

    ``tables``: the results contract sheets (any may be missing: its chapter says "not
    included"); ``meta``: the contract's meta keys; ``lang``: "zh" (default) or "en";
    ``charts_data``: optional extra series for charts — ``"employment"`` with columns
    region_code, industry_code, year, employment (persons) for the life-cycle charts;
    ``progress``: ``(fraction, message)`` callback, raise ``Cancelled`` in it to stop;
    ``chapters``: the chapter keys to print (None: all; see :mod:`.outline` for the ones that
    cannot be left out — a bad choice raises :class:`~.outline.ChapterChoiceError`). Meta
    ``signer`` (签发人) and ``report_date`` (ISO date, else ``created``) go on the cover and
    into the signature block.
    """
    data = build_report_bytes(
        tables, meta, lang=lang, charts_data=charts_data, progress=progress, chapters=chapters
    )
    out = Path(out_path)
    with replacing(out, make_folder=True) as tmp:
        tmp.write_bytes(data)
    return out
