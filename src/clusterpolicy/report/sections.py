"""Report chapters: one builder function per chapter, registered in :data:`SECTIONS`.

A builder takes the :class:`Context` (result tables, meta, language, numbering) and returns
flowables. The registry records which sheets a chapter needs; if none of them is present the
chapter prints its heading and "本次评估未包含此部分" instead of failing. Inside a chapter every
sub-part checks its own sheet the same way. Builders read only the columns named in their
docstrings; missing optional columns print "—", extra columns are ignored.

Large inputs (thousands of regions) are cut to the focal region (``meta["region_code"]``) and
top-N lists (``styles.MAX_TABLE_ROWS`` rows, with a note saying how many were left out): the
full tables belong in the results workbook, not in a printed report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from clusterpolicy.model.codes import division
from clusterpolicy.report import charts, styles
from clusterpolicy.report.digest import compact_chain, group_warnings, row_evidence
from clusterpolicy.report.flowables import Heading, data_table, esc, figure, para
from clusterpolicy.report.numbering import Numberer
from clusterpolicy.report.texts import FORMULAS, tr
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label

MAX_LIFECYCLE_CHARTS = 12
MAX_BUBBLES = 15
#: Tables up to this share of the page height are kept on one page with their title and notes.
KEEP_TOGETHER_SHARE = 0.55
#: Room a longer table needs to start on a page (title, unit, header and a few rows).
LONG_TABLE_START = 45 * mm


@dataclass
class Context:
    """Everything a chapter builder needs; also numbers headings, tables and figures."""

    tables: dict[str, pd.DataFrame]
    meta: dict
    lang: str = "zh"
    charts_data: dict[str, pd.DataFrame] = field(default_factory=dict)
    numberer: Numberer = field(default_factory=Numberer)
    table_no: int = 0
    figure_no: int = 0
    heading_no: int = 0
    #: (page break before the last heading, the heading, paragraphs since) until a table or chart
    _after_heading: tuple | None = field(default=None, repr=False)

    # --- text -----------------------------------------------------------------------------
    def t(self, key: str, **values: object) -> str:
        """Fixed text (trusted); values are escaped here because they may come from data."""
        return tr(key, self.lang, **{k: escape(str(v)) for k, v in values.items()})

    def lbl(self, value: object) -> str:
        """Escaped display label of an enumeration value."""
        return escape(label(value, self.lang)) if not fmt.is_missing(value) else fmt.MISSING

    def pick(self, row: pd.Series | dict, zh: str, en: str) -> object:
        """The Chinese or English text column of a row (falls back to the other one)."""
        first, second = (en, zh) if self.lang == "en" else (zh, en)
        v = row.get(first)
        return v if not fmt.is_missing(v) else row.get(second)

    @property
    def focal(self) -> str:
        return str(self.meta.get("region_code", ""))

    @property
    def region_name(self) -> str:
        zh, en = self.meta.get("region_name_zh"), self.meta.get("region_name_en")
        name = (en or zh) if self.lang == "en" else (zh or en)
        return _short(str(name or self.focal))

    # --- data access ------------------------------------------------------------------------
    def sheet(self, name: str) -> pd.DataFrame | None:
        """The sheet if present and not empty."""
        df = self.tables.get(name)
        if df is None or len(df) == 0:
            return None
        return df

    def focal_rows(self, df: pd.DataFrame) -> pd.DataFrame:
        """Rows of the focal region (all rows if the sheet has no region_code column)."""
        if "region_code" not in df.columns or not self.focal:
            return df
        return df[df["region_code"].astype(str) == self.focal]

    def region_label(self, code: object) -> str:
        """Region name: meta for the focal region, else the equalization sheet's names
        (``region_name_en`` first in English, then ``region_name``), else the code."""
        if not hasattr(self, "_regions"):
            names: dict[str, str] = {}
            eq = self.sheet("equalization")
            if eq is not None and "region_name" in eq.columns:
                sub = eq.drop_duplicates("region_code")
                for _, r in sub.iterrows():
                    n = self.pick(r, "region_name", "region_name_en")
                    if not fmt.is_missing(n):
                        names[str(r["region_code"])] = str(n)
            names[self.focal] = self.region_name
            self._regions = names  # noqa: SLF001
        code = str(code)
        if code == "ALL":
            return "全部地区" if self.lang != "en" else "all regions"
        return _short(self._regions.get(code, code))

    def industry_name(self, code: object) -> str:
        """Industry name from the clusters sheet (industry_name_zh/en); in English a Chinese-only
        name (the importer's fallback) is replaced by the GB/T 4754 English name
        (:func:`division_name_en`); else the code."""
        names = self._industry_names()
        code = str(code)
        name = names.get(code)
        if self.lang == "en" and (name is None or has_cjk(name)):
            name = division_name_en(code) or name
        return _short(name or code)

    def _industry_names(self) -> dict[str, str]:
        if not hasattr(self, "_names"):
            names: dict[str, str] = {"ALL": "全部行业" if self.lang != "en" else "all industries"}
            df = self.sheet("clusters")
            if df is not None:
                cols = [c for c in ("industry_name_zh", "industry_name_en") if c in df.columns]
                if cols:
                    sub = df.drop_duplicates("industry_code")
                    for _, r in sub.iterrows():
                        v = self.pick(r, "industry_name_zh", "industry_name_en")
                        if not fmt.is_missing(v):
                            names[str(r["industry_code"])] = str(v)
            self._names = names  # noqa: SLF001
        return self._names

    # --- flowable helpers -------------------------------------------------------------------
    def heading(self, level: int, title: str, numbered: bool = True) -> list[Flowable]:
        """A numbered heading (plain-text title, escaped by the flowable), preceded by a
        conditional page break so that a heading never sits alone at the foot of a page."""
        self.heading_no += 1
        if numbered:
            number = self.numberer.next(level)
            if self.lang == "en" and self.numberer.counters[0] == 0 and number.startswith("0."):
                number = "A." + number[2:]  # sections of the unnumbered appendix: A.1, A.2
        else:
            number = ""
            self.numberer.counters[level - 1 :] = [0] * (4 - level + 1)
        room = styles.HEADING_MIN_ROOM.get(level, 0)
        head = Heading(number, title, level, f"h{self.heading_no}", self.lang)
        if not room:
            return [head]
        brk = CondPageBreak(room)
        self._after_heading = (brk, head, [])  # the first table below may raise the break
        return [brk, head]

    def p(self, markup: str, role: str = "body") -> Flowable:
        out = para(markup, role, self.lang)
        if self._after_heading is not None:
            self._after_heading[2].append(out)
        return out

    def _keep_heading_with(self, after: tuple | None, height: float) -> None:
        """Raise the conditional page break before the last heading so that the heading, the
        paragraphs made since and ``height`` points of what follows (a table's start) fit on its
        page: else a table that moves on would leave its heading at the foot of the page."""
        if after is None:
            return
        brk, head, paras = after
        need = height + sum(_block_height(f) for f in (head, *paras))
        brk.height = min(max(brk.height, need), styles.FRAME_HEIGHT)

    def missing(self, *sheets: str) -> list[Flowable]:
        """The "not included in this assessment" note."""
        note = self.t("missing.section")
        if sheets:
            note += " " + self.t(
                "missing.sheet", v="、".join(sheets) if self.lang != "en" else ", ".join(sheets)
            )
        return [self.p(note, "missing")]

    def source_line(self) -> str:
        inputs = self.meta.get("inputs") or []
        sep = "、" if self.lang != "en" else ", "
        names = sep.join(str(x) for x in inputs) or (
            "导入数据" if self.lang != "en" else "the imported data"
        )
        return self.t(
            "source.engine",
            inputs=names,
            app=self.meta.get("app_version", ""),
            profile=f"{self.meta.get('profile_id', '')} "
            f"{self.meta.get('profile_version', '')}".strip(),
        )

    def table(
        self,
        title: str,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        numeric: Sequence[bool] | None = None,
        unit: str | None = None,
        source: str | None = None,
        total: int | None = None,
    ) -> list[Flowable]:
        """Numbered table with a "单位：" line above, "资料来源：" below, and a note on cut rows.

        ``title``, ``unit`` and ``source`` are trusted markup (escape data inside them first);
        ``header`` and ``rows`` are plain text (escaped by :func:`data_table`).
        """
        after, self._after_heading = self._after_heading, None
        if after is not None:
            after = (after[0], after[1], list(after[2]))
        self.table_no += 1
        out: list[Flowable] = [
            self.p(self.t("table.n", n=self.table_no, v="") + title, "table.title")
        ]
        if unit:
            out.append(self.p(self.t("unit", v="") + unit, "note.right"))
        table = data_table(
            header,
            rows,
            widths,
            numeric,
            truncated_suffix=tr("cell.truncated", self.lang),
            lang=self.lang,
        )
        out.append(table)
        out.append(self.p(self.t("source", v="") + (source or self.source_line()), "note"))
        if total is not None and total > len(rows):
            out.append(
                self.p(self.t("rows.omitted", shown=len(rows), rest=total - len(rows)), "note")
            )
        # a short table is kept whole (with its title, unit and source lines); a long one starts
        # right below its heading and splits by rows with its header repeated (its title and
        # unit line stay with its first rows)
        _, height = out[-2 if total is None or total <= len(rows) else -3].wrap(
            styles.FRAME_WIDTH, styles.FRAME_HEIGHT
        )
        if height <= styles.FRAME_HEIGHT * KEEP_TOGETHER_SHARE:
            block = KeepTogether(out)
            self._keep_heading_with(after, sum(_block_height(f) for f in out))
            return [block, Spacer(1, 6)]
        # start on a new page unless the title, unit line, header and whole first row fit here
        # (the table never leaves its header without a full row, so a title would be stranded)
        lead = sum(_block_height(f) for f in out[: out.index(table)]) + table.lead_height(
            styles.FRAME_WIDTH
        )
        room = min(max(LONG_TABLE_START, lead), styles.FRAME_HEIGHT)
        self._keep_heading_with(after, room)
        return [CondPageBreak(room), *out, Spacer(1, 6)]

    def chart(self, png: bytes, title: str, width_mm: float | None = None) -> Flowable:
        self._after_heading = None
        self.figure_no += 1
        return figure(png, self.t("figure.n", n=self.figure_no, v="") + title, width_mm, self.lang)


_CJK = re.compile(r"[\u3400-\u9fff]")
_MANUFACTURE_OF = re.compile(r"^manufacture of\s+", re.IGNORECASE)


def has_cjk(text: str) -> bool:
    """True if ``text`` contains a Chinese character."""
    return bool(_CJK.search(text))


def division_name_en(code: object) -> str | None:
    """The English GB/T 4754-2017 name of a division code ("C21", "21"), without the leading
    "Manufacture of " that 22 of the 31 manufacturing divisions share ("Furniture", "Medicines",
    "Processing of food from agricultural products"); None if ``code`` is not a division."""
    try:
        row = division(str(code))
    except (ValueError, TypeError, KeyError):
        return None
    if row is None or fmt.is_missing(row.get("name_en")):
        return None
    name = _MANUFACTURE_OF.sub("", str(row["name_en"]).strip())
    return name[:1].upper() + name[1:]


def _block_height(f: Flowable) -> float:
    """Height of a flowable in the text block, with its space before and after."""
    return (
        f.wrap(styles.FRAME_WIDTH, styles.FRAME_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    )


def _short(name: str, limit: int = 80) -> str:
    """A name cut to ``limit`` characters (names also go into headings, captions and charts)."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


def col(df: pd.DataFrame, name: str) -> pd.Series:
    """A column, or a column of missing values if the sheet lacks it."""
    if name in df.columns:
        return df[name]
    return pd.Series([None] * len(df), index=df.index, dtype=object)


# --- registry -------------------------------------------------------------------------------

SectionBuilder = Callable[[Context], list[Flowable]]


@dataclass(frozen=True)
class Section:
    key: str
    title_key: str
    sheets: tuple[str, ...]
    build: SectionBuilder


#: Chapter key → Section, in report order.
SECTIONS: dict[str, Section] = {}


def section(
    key: str, title_key: str, sheets: tuple[str, ...]
) -> Callable[[SectionBuilder], SectionBuilder]:
    """Register a chapter builder that needs at least one of ``sheets``."""

    def register(fn: SectionBuilder) -> SectionBuilder:
        SECTIONS[key] = Section(key, title_key, sheets, fn)
        return fn

    return register


def build_chapter(key: str, ctx: Context) -> list[Flowable]:
    """Heading + body of a chapter, or heading + "not included" if its sheets are all missing."""
    sec = SECTIONS[key]
    appendix = key == "appendix"
    out: list[Flowable] = ctx.heading(1, tr(sec.title_key, ctx.lang), numbered=not appendix)
    if sec.sheets and not any(ctx.sheet(s) is not None for s in sec.sheets):
        return out + ctx.missing(*sec.sheets)
    return _keep_headings_with_blocks(out + sec.build(ctx))


def _keep_headings_with_blocks(flowables: list[Flowable]) -> list[Flowable]:
    """Headings directly followed by a kept-together block (a short table, a figure) join that
    block, so a heading never stays alone at the foot of a page while its table moves on
    (reportlab's keepWithNext does not reach into a KeepTogether)."""
    out: list[Flowable] = []
    run: list[Flowable] = []
    for f in flowables:
        if isinstance(f, Heading):
            run.append(f)
            continue
        if run and isinstance(f, KeepTogether):
            out.append(KeepTogether([*run, *f._content]))  # noqa: SLF001 - its flowables
        else:
            out.extend(run)
            out.append(f)
        run = []
    return out + run


# --- shared helpers ----------------------------------------------------------------------------


def _pct(value: object, decimals: int = 1, lang: str = "zh") -> str:
    """A value already in percent (e.g. ``pct`` 58.2, ``gap_pct`` −13.7) → "58.2%"."""
    return fmt.MISSING if fmt.is_missing(value) else fmt.number(value, decimals, lang) + "%"


def _focal_clusters(ctx: Context) -> pd.DataFrame | None:
    """The clusters sheet of the focal region, ranked."""
    cl = ctx.sheet("clusters")
    if cl is None:
        return None
    f = ctx.focal_rows(cl)
    if "rank" in f.columns:
        f = f.sort_values(["rank", "industry_code"], kind="stable")
    return f


def _selected(ctx: Context) -> list[str]:
    """Industry codes of the selected clusters, in order: meta["selected_clusters"], else the
    clusters sheet's ``selected`` column, else the life-cycle sheet's codes."""
    sel = [str(c) for c in (ctx.meta.get("selected_clusters") or [])]
    if sel:
        return sel
    f = _focal_clusters(ctx)
    if f is not None and "selected" in f.columns:
        sel = [str(c) for c in f.loc[f["selected"].fillna(False).astype(bool), "industry_code"]]
    if not sel and ctx.sheet("lifecycle") is not None:
        sel = list(
            dict.fromkeys(ctx.focal_rows(ctx.tables["lifecycle"])["industry_code"].astype(str))
        )
    return sel


def _names(ctx: Context, codes: Sequence[str], limit: int = 3) -> str:
    """ "家具制造业、纺织业等5个" style list of industry names."""
    sep = "、" if ctx.lang != "en" else ", "
    names = [ctx.industry_name(c) for c in codes]
    text = sep.join(names[:limit])
    if len(names) > limit:
        text += f"等{len(names)}个" if ctx.lang != "en" else f" and {len(names) - limit} more"
    return text


def _dim_name(ctx: Context, dim: object) -> str:
    """Dimension name from meta["dimension_labels"] = {id: (zh, en)}, else the id."""
    pair = (ctx.meta.get("dimension_labels") or {}).get(str(dim))
    if pair:
        return str(pair[1] if ctx.lang == "en" else pair[0])
    return str(dim)


def _stage_of(ctx: Context) -> dict[str, str]:
    lc = ctx.sheet("lifecycle")
    if lc is None:
        return {}
    f = ctx.focal_rows(lc)
    return {
        str(c): str(s)
        for c, s in zip(f["industry_code"], col(f, "stage"), strict=True)
        if not fmt.is_missing(s)
    }


def _overall_pct(ctx: Context, checklist: str) -> dict[str, float]:
    """Industry code → overall score % (dimension ALL) of a checklist."""
    us = ctx.sheet("upgrading_summary")
    if us is None:
        return {}
    f = ctx.focal_rows(us)
    f = f[
        (col(f, "checklist").astype(str) == checklist) & (col(f, "dimension").astype(str) == "ALL")
    ]
    return {str(c): v for c, v in zip(f["industry_code"], col(f, "pct"), strict=True)}


# --- 1. summary ------------------------------------------------------------------------------


@section(
    "summary",
    "ch.summary",
    ("clusters", "lifecycle", "upgrading_summary", "equalization", "red_flags", "actions"),
)
def summary(ctx: Context) -> list[Flowable]:
    """Two pages for the desk: one paragraph on the assessment, one table of the selected
    clusters (verdict, score, stage, quadrant, technology and brand score %, threshold zone),
    the key findings (:func:`_findings`) and the top actions. Sheets as in the chapters below."""
    lang = ctx.lang
    out: list[Flowable] = []
    f = _focal_clusters(ctx)
    sel = _selected(ctx)
    if f is not None:
        v = col(f, "verdict").astype(str)
        out.append(
            ctx.p(
                ctx.t(
                    "sum.intro",
                    region=ctx.region_name,
                    a=ctx.meta.get("base_year", "—"),
                    b=ctx.meta.get("end_year", "—"),
                    n=len(f),
                    c=int((v == "cluster").sum()),
                    g=int((v == "agglomeration_not_yet_cluster").sum()),
                    u=int((v == "candidate_unconfirmed").sum()),
                    s=len(sel),
                )
            )
        )
    stages = _stage_of(ctx)
    tech, brand = _overall_pct(ctx, "technology"), _overall_pct(ctx, "brand")
    zones: dict[str, str] = {}
    th = ctx.sheet("agglomeration_threshold")
    if th is not None:
        tf = ctx.focal_rows(th)
        zones = {str(c): str(z) for c, z in zip(tf["industry_code"], col(tf, "zone"), strict=True)}
    if sel:
        info = f.set_index(f["industry_code"].astype(str)) if f is not None else None
        lc = ctx.sheet("lifecycle")
        quad = (
            {
                str(c): q
                for c, q in zip(
                    ctx.focal_rows(lc)["industry_code"],
                    col(ctx.focal_rows(lc), "quadrant"),
                    strict=True,
                )
            }
            if lc is not None
            else {}
        )
        rows = []
        for code in sel:
            r = info.loc[code] if info is not None and code in info.index else {}
            if isinstance(r, pd.DataFrame):
                r = r.iloc[0]
            rows.append(
                [
                    f"{ctx.industry_name(code)}（{code}）"
                    if lang != "en"
                    else f"{ctx.industry_name(code)} ({code})",
                    label(r.get("verdict"), lang) if len(r) else fmt.MISSING,
                    fmt.number(r.get("score"), 1) if len(r) else fmt.MISSING,
                    label(stages.get(code), lang) if code in stages else fmt.MISSING,
                    label(quad.get(code), lang) if code in quad else fmt.MISSING,
                    _pct(tech.get(code), 1, lang),
                    _pct(brand.get(code), 1, lang),
                    label(zones[code], lang) if code in zones else fmt.MISSING,
                ]
            )
        out.extend(ctx.heading(2, tr("sum.sub.clusters", lang)))
        out += ctx.table(
            ctx.t("sum.table"),
            [
                tr(k, lang)
                for k in (
                    "col.industry",
                    "col.verdict",
                    "col.score",
                    "col.stage",
                    "col.quadrant",
                    "col.tech_pct",
                    "col.brand_pct",
                    "col.zone",
                )
            ],
            rows,
            [3.2, 1.9, 0.9, 1.2, 0.9, 1.0, 1.0, 1.9],
            [False, False, True, False, False, True, True, False],
            unit=tr("u.score", lang),
        )
    findings = _findings(ctx, f, sel, stages, tech, brand, zones)
    if findings:
        out.extend(ctx.heading(2, tr("sum.findings", lang)))
        for i, (markup, role) in enumerate(findings, start=1):
            out.append(para(markup, role, lang, bulletText=f"{i}."))
    ac = ctx.sheet("actions")
    if ac is not None:
        out.extend(ctx.heading(2, tr("sum.actions", lang)))
        for i, a in enumerate(_grouped_actions(ctx, ac)[:6], start=1):
            where = (
                f"（{_names(ctx, a['codes'], 2)}）"
                if a["codes"] and lang != "en"
                else (f" ({_names(ctx, a['codes'], 2)})" if a["codes"] else "")
            )
            out.append(para(esc(a["action"]) + escape(where), "bullet", lang, bulletText=f"{i}."))
        out.append(ctx.p(ctx.t("sum.more"), "note"))
    return out


def _findings(
    ctx: Context,
    f: pd.DataFrame | None,
    sel: list[str],
    stages: dict[str, str],
    tech: dict[str, float],
    brand: dict[str, float],
    zones: dict[str, str],
) -> list[tuple[str, str]]:
    """Key findings as (markup, style role), at most one per topic: leading clusters, stages,
    technology and brand scores, the largest checklist gaps, the focal region's welfare rank and
    largest gap, the threshold zones, the scenario effect, the triggered red flags."""
    lang, out = ctx.lang, []
    sep = "、" if lang != "en" else "; "
    if f is not None and len(f):
        top = f.head(3)
        names = sep.join(
            f"{ctx.industry_name(r['industry_code'])}（{fmt.number(r.get('score'), 1)}）"
            if lang != "en"
            else f"{ctx.industry_name(r['industry_code'])} ({fmt.number(r.get('score'), 1)})"
            for _, r in top.iterrows()
        )
        out.append((ctx.t("sum.top", v=names), "body.noindent"))
    if stages:
        order = ["emergence", "growth", "maturity", "decline", "renewal"]
        parts = []
        for st in order + sorted(set(stages.values()) - set(order)):
            codes = [c for c in stages if stages[c] == st]
            if codes:
                parts.append(
                    tr(
                        "sum.stage.part",
                        lang,
                        stage=label(st, lang),
                        n=len(codes),
                        v=_names(ctx, codes, 2),
                    )
                )
        out.append(
            (ctx.t("sum.stages", v=("；" if lang != "en" else "; ").join(parts)), "body.noindent")
        )
    for checklist, scores in (("technology", tech), ("brand", brand)):
        vals = {c: float(v) for c, v in scores.items() if not fmt.is_missing(v)}
        if vals:
            hi, lo = max(vals, key=vals.get), min(vals, key=vals.get)
            out.append(
                (
                    ctx.t(
                        "sum.upgrading",
                        cl=label(checklist, lang),
                        hi=ctx.industry_name(hi),
                        hv=_pct(vals[hi], 1, lang),
                        lo=ctx.industry_name(lo),
                        lv=_pct(vals[lo], 1, lang),
                        mean=_pct(sum(vals.values()) / len(vals), 1, lang),
                    ),
                    "body.noindent",
                )
            )
    items = ctx.sheet("upgrading")
    if items is not None:
        gaps = _top_gaps(ctx, ctx.focal_rows(items), 2)
        if gaps:
            out.append(
                (
                    ctx.t(
                        "sum.gaps",
                        v=sep.join(
                            f"“{_short(g['text'], 28)}”（{g['where']}）"
                            if lang != "en"
                            else f"“{_short(g['text'], 60)}” ({g['where']})"
                            for g in gaps
                        ),
                    ),
                    "body.noindent",
                )
            )
    eq = ctx.sheet("equalization")
    if eq is not None:
        last = eq[eq["year"] == eq["year"].max()] if "year" in eq.columns else eq
        foc = ctx.focal_rows(last)
        n_regions = last["region_code"].nunique() if "region_code" in last.columns else "—"
        w = foc[col(foc, "indicator").astype(str) == "welfare_index"]
        gp = pd.to_numeric(col(foc, "gap_pct"), errors="coerce")
        if len(w):
            r = w.iloc[0]
            out.append(
                (
                    ctx.t(
                        "sum.welfare",
                        region=ctx.region_name,
                        val=_value("welfare_index", r.get("value"), lang),
                        rank=fmt.integer(r.get("rank")),
                        n=n_regions,
                        gap=_pct(r.get("gap_pct"), 1, lang),
                    ),
                    "body.noindent",
                )
            )
        if gp.notna().any():
            r = foc.loc[gp.idxmin()]
            out.append(
                (
                    ctx.t(
                        "sum.equal",
                        ind=label(r.get("indicator"), lang),
                        val=_value(r.get("indicator"), r.get("value"), lang),
                        rank=fmt.integer(r.get("rank")),
                        gap=_pct(r.get("gap_pct"), 1, lang),
                    ),
                    "body.noindent",
                )
            )
    if zones:
        parts = []
        for z in ("above", "within", "below"):
            codes = [c for c in zones if zones[c] == z]
            if codes:
                parts.append(tr("sum.zone.part", lang, zone=label(z, lang), n=len(codes)))
        out.append((ctx.t("sum.zones", v=sep.join(parts)), "body.noindent"))
    sc = ctx.sheet("scenario")
    if sc is not None:
        allr = sc[col(sc, "region_code").astype(str) == "ALL"]
        pick = allr[
            (col(allr, "indicator").astype(str) == "gini")
            & (col(allr, "of_indicator").astype(str) == "welfare_index")
        ]
        pick = pick if len(pick) else allr
        if len(pick):
            r = pick.iloc[0]
            out.append(
                (
                    ctx.t(
                        "sum.scenario",
                        v=_scenario_name(r.get("scenario"), lang),
                        ind=_scenario_label(r, lang),
                        a=fmt.number(r.get("before"), 3),
                        b=fmt.number(r.get("after"), 3),
                    ),
                    "body.noindent",
                )
            )
    rf = ctx.sheet("red_flags")
    if rf is not None:
        trig = rf[col(rf, "triggered").fillna(False).astype(bool)]
        if len(trig):
            text = sep.join(
                f"{fmt.text(r.get('flag_id'))} "
                f"{fmt.text(ctx.pick(r, 'text_zh', 'text_en')).rstrip('。.')}"
                for _, r in trig.iterrows()
            )
            out.append((ctx.t("sum.redflags", n=len(trig), v=text), "finding.red"))
        else:
            out.append((ctx.t("sum.noredflags"), "body.noindent"))
    return out


def _value(indicator: object, value: object, lang: str) -> str:
    """An indicator value: shares as %, indices with 3 decimals, large values without decimals."""
    name = str(indicator)
    if name.endswith("_share"):
        return fmt.percent(value, 1, lang)
    if name.endswith("_index"):
        return fmt.number(value, 1 if _big(value) else 3, lang)
    return fmt.number(value, 0 if _big(value) else 2, lang)


def _big(value: object) -> bool:
    try:
        return abs(float(value)) >= 10  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _scenario_name(name: object, lang: str) -> str:
    """Scenario names are often "中文 / English" (also "中文（示例）/ English"): the part of the
    report's language, when the part before the slash is Chinese and the part after is not."""
    s = fmt.text(name)
    parts = re.split(r"\s*/\s*", s, maxsplit=1)
    if len(parts) == 2 and has_cjk(parts[0]) and not has_cjk(parts[1]) and parts[1]:
        return parts[1] if lang == "en" else parts[0]
    return s


def _scenario_label(row: pd.Series | dict, lang: str) -> str:
    """ "基尼系数（公共福利指数）": the index and the indicator it is computed on."""
    ind, of = row.get("indicator"), row.get("of_indicator")
    if fmt.is_missing(of) or str(of) == str(ind):
        return label(ind, lang)
    return (
        f"{label(ind, lang)}（{label(of, lang)}）"
        if lang != "en"
        else f"{label(ind, lang)} ({label(of, lang)})"
    )


# --- 2. identification -----------------------------------------------------------------------

_SELECTION = {"candidate": "sel.candidate", "emerging_watch": "sel.watch", "user": "sel.user"}


def _selection_text(ctx: Context, r: pd.Series) -> str:
    sel = r.get("selected")
    if fmt.is_missing(sel) or not bool(sel):
        return fmt.MISSING
    key = _SELECTION.get(str(r.get("selection")), "sel.candidate")
    return tr(key, ctx.lang)


@section(
    "identification",
    "ch.identification",
    ("clusters", "specialization", "concentration", "shift_share"),
)
def identification(ctx: Context) -> list[Flowable]:
    """Cluster identification. Columns: clusters (region_code, industry_code, year,
    lq_employment, lq_output, lq_firms, eco_stars, cmp_tier, score, rank, verdict, selected,
    selection, industry_name_zh/en, employment, emp_cagr, ref_emp_cagr, miit_national_pass,
    miit_provincial_pass, simple_lq_pass, existence); specialization (region_code, year, measure,
    hoover, krugman, herfindahl, entropy, gini_lq); concentration (industry_code, year, measure,
    hoover, locational_gini, krugman, herfindahl, eg_gamma, eg_approximate); shift_share
    (region_code, industry_code, base_year, end_year, method = dunn, growth, national_share,
    industry_mix, regional_share, net_shift). The ``evidence`` trace is not printed (it is in
    the workbook); the selected clusters get a one-paragraph digest of their rule results."""
    lang = ctx.lang
    out: list[Flowable] = [ctx.p(ctx.t("id.intro", region=ctx.region_name))]
    f = _focal_clusters(ctx)
    sel = _selected(ctx)
    out.extend(ctx.heading(2, tr("id.sub.lq", lang)))
    if f is None:
        out += ctx.missing("clusters")
    else:
        year = f["year"].max() if "year" in f.columns and len(f) else ""
        shown = f.head(styles.MAX_TABLE_ROWS)
        rows = [
            [
                fmt.integer(r.get("rank")),
                r["industry_code"],
                ctx.industry_name(r["industry_code"]),
                fmt.number(r.get("lq_employment"), 2),
                fmt.number(r.get("lq_output"), 2),
                fmt.number(r.get("lq_firms"), 2),
                fmt.integer(r.get("eco_stars")),
                _cmp(r.get("cmp_tier"), lang),
                fmt.number(r.get("score"), 1),
                label(r.get("verdict"), lang),
                _selection_text(ctx, r),
            ]
            for _, r in shown.iterrows()
        ]
        out += ctx.table(
            ctx.t("id.table", year=year),
            [
                tr(k, lang)
                for k in (
                    "col.rank",
                    "col.code",
                    "col.industry",
                    "col.lq_emp",
                    "col.lq_out",
                    "col.lq_firms",
                    "col.eco",
                    "col.cmp",
                    "col.score",
                    "col.verdict",
                    "col.selected",
                )
            ],
            rows,
            [0.6, 0.7, 2.6, 1.15, 1.15, 1.15, 0.8, 1.1, 0.95, 1.9, 0.8],
            [True, False, False, True, True, True, True, False, True, False, False],
            unit=tr("u.index_score", lang),
            total=len(f),
        )
        out.append(ctx.p(ctx.t("id.full"), "note"))
        pts = f[f["industry_code"].astype(str).isin(sel)] if sel else f
        pts = pts.head(MAX_BUBBLES)
        if {"lq_employment", "emp_cagr"} <= set(pts.columns) and len(pts):
            png = charts.bubble_chart(
                [ctx.industry_name(c) for c in pts["industry_code"]],
                pd.to_numeric(pts["lq_employment"], errors="coerce").tolist(),
                (pd.to_numeric(pts["emp_cagr"], errors="coerce") * 100).tolist(),
                pd.to_numeric(col(pts, "employment"), errors="coerce").fillna(0).tolist(),
                lang,
            )
            out.append(ctx.chart(png, ctx.t("id.bubble")))
        if sel:
            out.extend(ctx.heading(2, tr("id.sub.rules", lang)))
            info = f.set_index(f["industry_code"].astype(str))
            for code in sel:
                if code not in info.index:
                    continue
                r = info.loc[code]
                r = r.iloc[0] if isinstance(r, pd.DataFrame) else r
                out.append(
                    para(
                        f"<b>{escape(ctx.industry_name(code))}（{escape(code)}）</b>"
                        if lang != "en"
                        else f"<b>{escape(ctx.industry_name(code))} ({escape(code)})</b>",
                        "body.noindent",
                        lang,
                    )
                )
                out.append(para(escape(_rule_digest(ctx, r)), "bullet", lang, bulletText="•"))
            out.append(ctx.p(ctx.t("id.trace"), "note"))
    out.extend(ctx.heading(2, tr("id.sub.struct", lang)))
    out += _structure_tables(ctx, sel)
    return out


def _cmp(tier: object, lang: str) -> str:
    """US Cluster Mapping tier label; "none" is no tier (not the upgrading type "none")."""
    return fmt.MISSING if fmt.is_missing(tier) or str(tier) == "none" else label(tier, lang)


def _rule_digest(ctx: Context, r: pd.Series) -> str:
    """One or two lines of rule results of a cluster (plain text, escaped by the caller)."""
    lang = ctx.lang
    lq = "/".join(fmt.number(r.get(c), 2) for c in ("lq_employment", "lq_output", "lq_firms"))
    miit = []
    if r.get("miit_national_pass") is True or str(r.get("miit_national_pass")) == "True":
        miit.append(tr("id.miit.n", lang))
    if r.get("miit_provincial_pass") is True or str(r.get("miit_provincial_pass")) == "True":
        miit.append(tr("id.miit.p", lang))
    text = tr(
        "id.digest",
        lang,
        lq=lq,
        eco=fmt.integer(r.get("eco_stars")),
        cmp=_cmp(r.get("cmp_tier"), lang),
        g=fmt.percent(r.get("emp_cagr"), 1, lang),
        ref=fmt.percent(r.get("ref_emp_cagr"), 1, lang),
        miit=("、" if lang != "en" else ", ").join(miit) or tr("id.miit.none", lang),
        ex=label(r.get("existence"), lang),
        score=fmt.number(r.get("score"), 1),
        rank=fmt.integer(r.get("rank")),
        verdict=label(r.get("verdict"), lang),
    )
    if str(r.get("selection")) == "emerging_watch":
        text += tr("id.watch", lang)
    elif str(r.get("selection")) == "user":
        text += tr("id.user", lang)
    return text


def _structure_tables(ctx: Context, sel: list[str]) -> list[Flowable]:
    """Specialisation of the focal region over time; concentration and shift-share of the
    selected clusters (all local industries when none are selected)."""
    lang = ctx.lang
    out: list[Flowable] = []
    local = set(sel)
    if not local and ctx.sheet("clusters") is not None:
        local = set(ctx.focal_rows(ctx.tables["clusters"])["industry_code"].astype(str))
    sp = ctx.sheet("specialization")
    if sp is None:
        out += ctx.missing("specialization")
    else:
        f = ctx.focal_rows(sp)
        if "measure" in f.columns and (f["measure"] == "employment").any():
            f = f[f["measure"] == "employment"]
        f = f.sort_values("year").tail(styles.MAX_TABLE_ROWS)
        rows = [
            [
                fmt.text(r.get("year")),
                fmt.number(r.get("hoover"), 3),
                fmt.number(r.get("krugman"), 3),
                fmt.number(r.get("herfindahl"), 3),
                fmt.number(r.get("entropy"), 3),
                fmt.number(r.get("gini_lq"), 3),
            ]
            for _, r in f.iterrows()
        ]
        out += ctx.table(
            ctx.t("id.spec"),
            [
                tr(k, lang)
                for k in (
                    "col.year",
                    "col.hoover",
                    "col.krugman",
                    "col.herfindahl",
                    "col.entropy",
                    "col.gini_lq",
                )
            ],
            rows,
            [1, 1.2, 1.2, 1.2, 1.2, 1.2],
            [False] + [True] * 5,
            unit=tr("u.index", lang),
        )
    co = ctx.sheet("concentration")
    if co is None:
        out += ctx.missing("concentration")
    else:
        f = co
        if "measure" in f.columns and (f["measure"] == "employment").any():
            f = f[f["measure"] == "employment"]
        if "year" in f.columns:
            f = f[f["year"] == f["year"].max()]
        year = f["year"].max() if "year" in f.columns and len(f) else ""
        if local:
            f = f[f["industry_code"].astype(str).isin(local)]
        shown = f.head(styles.MAX_TABLE_ROWS)
        rows = [
            [
                ctx.industry_name(r["industry_code"]),
                fmt.number(r.get("hoover"), 3),
                fmt.number(r.get("locational_gini"), 3),
                fmt.number(r.get("krugman"), 3),
                fmt.number(r.get("herfindahl"), 3),
                fmt.number(r.get("eg_gamma"), 3) + ("*" if r.get("eg_approximate") is True else ""),
            ]
            for _, r in shown.iterrows()
        ]
        out += ctx.table(
            ctx.t("id.conc", year=year),
            [
                tr(k, lang)
                for k in (
                    "col.industry",
                    "col.hoover",
                    "col.lgini",
                    "col.krugman",
                    "col.herfindahl",
                    "col.eg",
                )
            ],
            rows,
            [3, 1.1, 1.1, 1.1, 1.1, 1.1],
            [False] + [True] * 5,
            unit=tr("u.index", lang) + ("（*为近似值）" if lang != "en" else " (* approximate)"),
            total=len(f),
        )
    ss = ctx.sheet("shift_share")
    if ss is None:
        out += ctx.missing("shift_share")
    else:
        f = ctx.focal_rows(ss)
        if "method" in f.columns and (f["method"] == "dunn").any():
            f = f[f["method"] == "dunn"]
        if "measure" in f.columns and (f["measure"] == "employment").any():
            f = f[f["measure"] == "employment"]
        if local:
            f = f[f["industry_code"].astype(str).isin(local)]
        a = f["base_year"].min() if "base_year" in f.columns and len(f) else ""
        e = f["end_year"].max() if "end_year" in f.columns and len(f) else ""
        shown = f.head(styles.MAX_TABLE_ROWS)
        rows = [
            [ctx.industry_name(r["industry_code"])]
            + [
                fmt.integer(r.get(c), lang)
                for c in ("growth", "national_share", "industry_mix", "regional_share", "net_shift")
            ]
            for _, r in shown.iterrows()
        ]
        out += ctx.table(
            ctx.t("id.shift", a=a, b=e),
            [
                tr(k, lang)
                for k in ("col.industry", "col.growth", "col.ns", "col.im", "col.rs", "col.net")
            ],
            rows,
            [3, 1.2, 1.2, 1.2, 1.2, 1.2],
            [False] + [True] * 5,
            unit=tr("u.persons", lang),
            total=len(f),
        )
    return out


# --- 3. life cycle ---------------------------------------------------------------------------


@section("lifecycle", "ch.lifecycle", ("lifecycle",))
def lifecycle(ctx: Context) -> list[Flowable]:
    """Life-cycle diagnosis. Columns: lifecycle (region_code, industry_code, base_year,
    end_year, stage, quadrant, confidence, score_emergence … score_renewal, override_stage,
    override_reason, lq_base, lq_end, emp_cagr, ref_emp_cagr, firm_cagr, evidence_for_zh/_en and
    evidence_against_zh/_en, else evidence_for, evidence_against); the small-multiple chart uses lq (region_code, industry_code, year,
    measure = employment, lq) and, when given, charts_data["employment"] (region_code,
    industry_code, year, employment). The ``conditions`` trace stays in the workbook."""
    lang = ctx.lang
    f = ctx.focal_rows(ctx.tables["lifecycle"])
    out: list[Flowable] = [ctx.p(ctx.t("lc.intro"))]
    a = f["base_year"].min() if "base_year" in f.columns and len(f) else ""
    e = f["end_year"].max() if "end_year" in f.columns and len(f) else ""
    out.extend(ctx.heading(2, tr("lc.sub.stages", lang)))
    shown = f.head(styles.MAX_TABLE_ROWS)
    arrow = "→"
    rows = [
        [
            ctx.industry_name(r["industry_code"]),
            label(r.get("stage"), lang),
            label(r.get("quadrant"), lang),
            fmt.percent(r.get("confidence"), 0),
            f"{fmt.number(r.get('lq_base'), 2)}{arrow}{fmt.number(r.get('lq_end'), 2)}",
            f"{fmt.percent(r.get('emp_cagr'), 1)} / {fmt.percent(r.get('ref_emp_cagr'), 1)}",
            fmt.percent(r.get("firm_cagr"), 1),
        ]
        for _, r in shown.iterrows()
    ]
    out += ctx.table(
        ctx.t("lc.table", a=a, b=e),
        [
            tr(k, lang)
            for k in (
                "col.industry",
                "col.stage",
                "col.quadrant",
                "col.confidence",
                "col.lq_change",
                "col.emp_vs_ref",
                "col.firm_cagr",
            )
        ],
        rows,
        [3.0, 1.2, 0.9, 0.9, 1.5, 1.9, 1.2],
        [False, False, False, True, True, True, True],
        unit="%；区位熵为无量纲" if lang != "en" else "%; LQ dimensionless",
        total=len(f),
    )
    png = _lifecycle_grid(ctx, shown)
    if png is not None:
        out.append(ctx.chart(png, ctx.t("lc.grid"), width_mm=160))
    out.extend(ctx.heading(2, tr("lc.evidence", lang)))
    rows = []
    for _, r in shown.iterrows():
        scores = {
            s: r.get(f"score_{s}")
            for s in ("emergence", "growth", "maturity", "decline", "renewal")
        }
        scores = {s: float(v) for s, v in scores.items() if not fmt.is_missing(v)}
        ranked = sorted(scores, key=lambda s: -scores[s])
        head = label(r.get("stage"), lang)
        if ranked:
            head += tr(
                "lc.scoreline",
                lang,
                s=fmt.number(scores.get(str(r.get("stage")), scores[ranked[0]]), 2),
                nxt=label(next((s for s in ranked if s != str(r.get("stage"))), ranked[0]), lang),
                ns=fmt.number(
                    scores[next((s for s in ranked if s != str(r.get("stage"))), ranked[0])], 2
                ),
            )
        pro, more_pro = row_evidence(r, "for", lang, 3)
        con, more_con = row_evidence(r, "against", lang, 2)
        if more_pro:
            pro.append(tr("lc.more", lang, n=more_pro))
        if more_con:
            con.append(tr("lc.more", lang, n=more_con))
        override = r.get("override_stage")
        if not fmt.is_missing(override):
            head += "\n" + tr(
                "lc.override",
                lang,
                v=f"{label(r.get('computed_stage'), lang)}"
                f" → {label(override, lang)}：{fmt.text(r.get('override_reason'))}",
            )
        rows.append(
            [
                ctx.industry_name(r["industry_code"]),
                head,
                "\n".join(f"• {x}" for x in pro) or fmt.MISSING,
                "\n".join(f"• {x}" for x in con) or fmt.MISSING,
            ]
        )
    out += ctx.table(
        ctx.t("lc.evidence"),
        [tr(k, lang) for k in ("col.industry", "col.stage_scores", "col.for", "col.against")],
        rows,
        [1.8, 1.9, 4.4, 3.6],
        total=len(f),
    )
    out.append(ctx.p(ctx.t("lc.trace"), "note"))
    return out


def _lifecycle_grid(ctx: Context, lc: pd.DataFrame) -> bytes | None:
    """Small multiples of the LQ (and employment) series of the clusters in ``lc``."""
    lq = ctx.sheet("lq")
    if lq is None:
        return None
    lqf = ctx.focal_rows(lq)
    if "measure" in lqf.columns:
        lqf = lqf[lqf["measure"] == "employment"]
    emp = ctx.charts_data.get("employment") if ctx.charts_data else None
    empf = ctx.focal_rows(emp) if emp is not None and len(emp) else None
    panels = []
    for _, r in lc.head(MAX_LIFECYCLE_CHARTS).iterrows():
        code = str(r["industry_code"])
        series = lqf[lqf["industry_code"].astype(str) == code].sort_values("year")
        if len(series) < 2:
            continue
        years = [int(y) for y in series["year"]]
        employment = None
        if empf is not None and "employment" in empf.columns:
            es = empf[empf["industry_code"].astype(str) == code].drop_duplicates("year")
            es = es.set_index("year")["employment"]
            employment = [es.get(y) for y in years]
        panels.append(
            (
                ctx.industry_name(code),
                str(r.get("stage")),
                years,
                series["lq"].astype(float).tolist(),
                employment,
            )
        )
    return charts.lifecycle_grid(panels, ctx.lang) if panels else None


# --- 4/5. upgrading --------------------------------------------------------------------------


def _top_gaps(ctx: Context, items: pd.DataFrame, n: int = 10) -> list[dict]:
    """The ``n`` checklist items with the largest gap (weight × (1 − score)) across clusters:
    one entry per item, naming the clusters that share its largest gap."""
    if (
        items is None
        or not len(items)
        or "gap" in items.columns
        and pd.to_numeric(items["gap"], errors="coerce").notna().sum() == 0
    ):
        return []
    it = items.assign(
        _g=pd.to_numeric(col(items, "gap"), errors="coerce"),
        _w=pd.to_numeric(col(items, "weight"), errors="coerce"),
    )
    it = it[it["_g"] > 0]
    key = "item_id" if "item_id" in it.columns else "text_zh"
    out = []
    for _, g in it.groupby(key, sort=False):
        top = g[g["_g"] == g["_g"].max()]
        r = top.iloc[0]
        codes = list(dict.fromkeys(top["industry_code"].astype(str)))
        out.append(
            {
                "text": fmt.text(ctx.pick(r, "text_zh", "text_en")),
                "dim": _dim_name(ctx, r.get("dimension")),
                "checklist": str(r.get("checklist")),
                "where": _names(ctx, codes, 2),
                "n": len(codes),
                "score": r.get("score"),
                "weight": r.get("_w"),
                "gap": float(r["_g"]),
            }
        )
    out.sort(key=lambda d: (-d["gap"], -d["n"]))
    return out[:n]


def _upgrading(ctx: Context, checklist: str) -> list[Flowable]:
    lang = ctx.lang
    out: list[Flowable] = [ctx.p(ctx.t(f"up.intro.{checklist}"))]
    us = ctx.sheet("upgrading_summary")
    items = ctx.sheet("upgrading")
    us = ctx.focal_rows(us) if us is not None else None
    items = ctx.focal_rows(items) if items is not None else None
    if us is not None:
        us = us[col(us, "checklist").astype(str) == checklist]
    if items is not None:
        items = items[col(items, "checklist").astype(str) == checklist]
    if (us is None or not len(us)) and (items is None or not len(items)):
        return out + ctx.missing("upgrading_summary", "upgrading")
    if us is not None and len(us):
        dims = [d for d in dict.fromkeys(col(us, "dimension").astype(str)) if d != "ALL"]
        codes = list(dict.fromkeys(us["industry_code"].astype(str)))
        pivot = {
            (str(c), str(d)): v
            for c, d, v in zip(us["industry_code"], us["dimension"], col(us, "pct"), strict=True)
        }
        types = {
            str(c): t for c, t in zip(us["industry_code"], col(us, "upgrading_type"), strict=True)
        }
        out.extend(ctx.heading(2, tr("up.sub.scores", lang)))
        rows = [
            [ctx.industry_name(c)]
            + [_pct(pivot.get((c, d)), 0, lang) for d in dims]
            + [_pct(pivot.get((c, "ALL")), 1, lang), label(types.get(c), lang)]
            for c in codes[: styles.MAX_TABLE_ROWS]
        ]
        out += ctx.table(
            ctx.t("up.summary", cl=label(checklist, lang)),
            [tr("col.industry", lang)]
            + [_dim_name(ctx, d) for d in dims]
            + [tr("col.overall", lang), tr("col.type", lang)],
            rows,
            [2.6] + [1.0] * len(dims) + [1.0, 1.1],
            [False] + [True] * (len(dims) + 1) + [False],
            unit=tr("u.pct", lang),
            total=len(codes),
        )
        out.append(ctx.p(ctx.t("up.missing_dims"), "note"))
        panels = [
            (
                ctx.industry_name(c),
                [pd.to_numeric(pivot.get((c, d)), errors="coerce") for d in dims],
            )
            for c in codes[:9]
        ]
        if dims and panels:
            png = charts.radar_grid([_dim_name(ctx, d) for d in dims], panels, lang)
            out.append(ctx.chart(png, ctx.t("up.radar", cl=label(checklist, lang)), width_mm=160))
    gaps = _top_gaps(ctx, items, 10) if items is not None else []
    if gaps:
        out.extend(ctx.heading(2, tr("up.sub.gaps", lang)))
        rows = [
            [
                g["text"],
                g["dim"],
                g["where"],
                fmt.number(g["score"], 2),
                fmt.number(g["weight"], 1),
                fmt.number(g["gap"], 2),
            ]
            for g in gaps
        ]
        out += ctx.table(
            ctx.t("up.gaps", cl=label(checklist, lang)),
            [
                tr(k, lang)
                for k in (
                    "col.item",
                    "col.dimension",
                    "col.clusters",
                    "col.score_item",
                    "col.weight",
                    "col.gap",
                )
            ],
            rows,
            [4.2, 1.6, 2.4, 0.7, 0.7, 0.7],
            [False, False, False, True, True, True],
            unit=tr("u.points", lang),
            source=ctx.t("source.kb", v=ctx.source_line()),
        )
        out.append(ctx.p(ctx.t("up.full"), "note"))
    return out


@section("technology", "ch.technology", ("upgrading_summary", "upgrading"))
def technology(ctx: Context) -> list[Flowable]:
    """Technology checklist. Columns: upgrading_summary (region_code, industry_code, checklist =
    technology, dimension (ALL = overall), pct (in %), upgrading_type); upgrading (region_code,
    industry_code, checklist, dimension, item_id, text_zh/en, score, weight, gap). Dimension
    names from meta["dimension_labels"][id] = (zh, en), else the id."""
    return _upgrading(ctx, "technology")


@section("brand", "ch.brand", ("upgrading_summary", "upgrading"))
def brand(ctx: Context) -> list[Flowable]:
    """Brand checklist: the same columns as :func:`technology` with checklist = brand."""
    return _upgrading(ctx, "brand")


# --- 6. equalization -------------------------------------------------------------------------

_DISPERSION = ("gini", "williamson", "theil_t")


def _index_series(iq: pd.DataFrame, indicator: str, index: str) -> pd.DataFrame:
    """One index of one indicator by year, population-weighted when available."""
    g = iq[(iq["indicator"].astype(str) == indicator) & (iq["index"].astype(str) == index)]
    if "weighting" in g.columns and (g["weighting"].astype(str) == "population").any():
        g = g[g["weighting"].astype(str) == "population"]
    if "between" in g.columns and g["between"].notna().any():
        g = g[g["between"].notna()]
    return g.sort_values("year", kind="stable").drop_duplicates("year")


@section(
    "equalization",
    "ch.equalization",
    ("equalization", "inequality", "agglomeration_threshold", "scenario", "transfers"),
)
def equalization(ctx: Context) -> list[Flowable]:
    """Welfare equalization. Columns: equalization (region_code, year, indicator, value, rank,
    gap_to_reference, gap_pct (in %), group, region_name, reference_value); inequality
    (indicator, year, weighting, index, value, between, within); agglomeration_threshold
    (region_code, industry_code, lq, band_low, band_high, zone, reading_zh/en); scenario
    (scenario, region_code, indicator, of_indicator, before, after, change); transfers
    (region_code, standard_expenditure, standard_revenue, gap, coefficient, transfer)."""
    lang = ctx.lang
    out: list[Flowable] = [ctx.p(ctx.t("eq.intro", region=ctx.region_name))]
    unit_eq = (
        "元（人均值）；%（占比）；指数为无量纲"
        if lang != "en"
        else "yuan (per capita); % (shares); indices dimensionless"
    )
    out.extend(ctx.heading(2, tr("eq.sub.indicators", lang)))
    eq = ctx.sheet("equalization")
    if eq is None:
        out += ctx.missing("equalization")
    else:
        last = eq[eq["year"] == eq["year"].max()] if "year" in eq.columns else eq
        year = last["year"].max() if "year" in last.columns and len(last) else ""
        n_regions = last["region_code"].nunique() if "region_code" in last.columns else 0
        f = ctx.focal_rows(last)
        rows = [
            [
                label(r.get("indicator"), lang),
                _value(r.get("indicator"), r.get("value"), lang),
                _value(r.get("indicator"), r.get("reference_value"), lang),
                _value(r.get("indicator"), r.get("gap_to_reference"), lang),
                _pct(r.get("gap_pct"), 1, lang),
                f"{fmt.integer(r.get('rank'))}/{n_regions}"
                if n_regions
                else fmt.integer(r.get("rank")),
            ]
            for _, r in f.head(styles.MAX_TABLE_ROWS).iterrows()
        ]
        out += ctx.table(
            ctx.t("eq.table", year=year, region=ctx.region_name),
            [
                tr(k, lang)
                for k in (
                    "col.indicator",
                    "col.value",
                    "col.reference",
                    "col.gap",
                    "col.gap_pct",
                    "col.rank",
                )
            ],
            rows,
            [3, 1.3, 1.3, 1.3, 1, 0.9],
            [False, True, True, True, True, True],
            unit=unit_eq,
        )
        inds = list(dict.fromkeys(last["indicator"].astype(str)))
        head_ind = "welfare_index" if "welfare_index" in inds else (inds[0] if inds else None)
        if head_ind is not None:
            g = last[last["indicator"].astype(str) == head_ind]
            g = g.sort_values("rank", kind="stable") if "rank" in g.columns else g
            n_top = 10
            top = g.head(n_top)
            foc = ctx.focal_rows(g)
            sel = pd.concat([top, foc[~foc.index.isin(top.index)]])
            rows = [
                [
                    fmt.integer(r.get("rank")),
                    ("▶ " if str(r.get("region_code")) == ctx.focal else "")
                    + ctx.region_label(r.get("region_code")),
                    fmt.text(r.get("group")),
                    _value(head_ind, r.get("value"), lang),
                    _pct(r.get("gap_pct"), 1, lang),
                ]
                for _, r in sel.iterrows()
            ]
            out += ctx.table(
                escape(label(head_ind, lang))
                + (
                    f"（前{n_top}位及本地区）" if lang != "en" else f" (top {n_top} and the region)"
                ),
                [
                    tr(k, lang)
                    for k in ("col.rank", "col.region", "col.group", "col.value", "col.gap_pct")
                ],
                rows,
                [0.8, 2.5, 1, 1.3, 1.1],
                [True, False, False, True, True],
                unit=unit_eq,
                total=len(g),
            )
    out.extend(ctx.heading(2, tr("eq.sub.dispersion", lang)))
    iq = ctx.sheet("inequality")
    if iq is None or not {"indicator", "index", "year", "value"} <= set(iq.columns):
        out += ctx.missing("inequality")
    else:
        rows = []
        for ind in dict.fromkeys(iq["indicator"].astype(str)):
            row = [label(ind, lang)]
            series = {ix: _index_series(iq, ind, ix) for ix in _DISPERSION}
            if all(len(s) == 0 for s in series.values()):
                continue
            gi = series["gini"]
            row += [
                fmt.number(gi["value"].iloc[0], 3) if len(gi) else fmt.MISSING,
                fmt.number(gi["value"].iloc[-1], 3) if len(gi) else fmt.MISSING,
            ]
            for ix in ("williamson", "theil_t"):
                s = series[ix]
                row.append(fmt.number(s["value"].iloc[-1], 3) if len(s) else fmt.MISSING)
            th = series["theil_t"]
            share = fmt.MISSING
            if len(th) and "between" in th.columns and not fmt.is_missing(th["between"].iloc[-1]):
                total = float(th["value"].iloc[-1])
                share = (
                    fmt.percent(float(th["between"].iloc[-1]) / total, 0) if total else fmt.MISSING
                )
            rows.append(row + [share])
        years = sorted(iq["year"].dropna().unique())
        a, b = (int(years[0]), int(years[-1])) if years else ("", "")
        out += ctx.table(
            ctx.t("eq.disp.table", a=a, b=b),
            [
                tr("col.indicator", lang),
                ctx.t("col.gini_at", y=a),
                ctx.t("col.gini_at", y=b),
                ctx.t("col.williamson_at", y=b),
                ctx.t("col.theil_at", y=b),
                tr("col.between_share", lang),
            ],
            rows[: styles.MAX_TABLE_ROWS],
            [2.8, 1.1, 1.1, 1.2, 1.1, 1.1],
            [False] + [True] * 5,
            unit=tr("u.index", lang),
            total=len(rows),
        )
        head = (
            next(
                (
                    ind
                    for ind in ("welfare_index", *dict.fromkeys(iq["indicator"].astype(str)))
                    if len(
                        _index_series(iq, ind, "theil_t").dropna(
                            subset=[c for c in ("between", "within") if c in iq.columns]
                        )
                    )
                ),
                None,
            )
            if {"between", "within"} <= set(iq.columns)
            else None
        )
        if head is not None:
            d = _index_series(iq, head, "theil_t").dropna(subset=["between", "within"])
            png = charts.dispersion_chart(
                [int(y) for y in d["year"]], d["between"].tolist(), d["within"].tolist(), lang
            )
            out.append(
                ctx.chart(
                    png,
                    ctx.t("eq.disp", index=label("theil_t", lang) + " · " + label(head, lang)),
                    width_mm=140,
                )
            )
    out.extend(ctx.heading(2, tr("eq.sub.threshold", lang)))
    th = ctx.sheet("agglomeration_threshold")
    if th is None:
        out += ctx.missing("agglomeration_threshold")
    else:
        f = ctx.focal_rows(th)
        if "year" in f.columns and len(f):
            f = f[f["year"] == f["year"].max()]
        rows = [
            [
                ctx.industry_name(r["industry_code"]),
                fmt.number(r.get("lq"), 2),
                f"{fmt.number(r.get('band_low'), 2)}—{fmt.number(r.get('band_high'), 2)}",
                label(r.get("zone"), lang),
                ctx.pick(r, "reading_zh", "reading_en"),
            ]
            for _, r in f.head(styles.MAX_TABLE_ROWS).iterrows()
        ]
        out += ctx.table(
            ctx.t("eq.threshold"),
            [
                tr(k, lang)
                for k in ("col.industry", "col.lq_emp", "col.band", "col.zone", "col.reading")
            ],
            rows,
            [2.6, 0.8, 1.1, 1.8, 4.5],
            [False, True, True, False, False],
            unit=tr("u.index", lang),
            total=len(f),
        )
    out.extend(ctx.heading(2, tr("eq.sub.scenario", lang)))
    sc = ctx.sheet("scenario")
    if sc is None:
        out += ctx.missing("scenario")
    else:
        for name, g in sc.groupby("scenario", sort=False):
            allrows = g[g["region_code"].astype(str) == "ALL"]
            title = ctx.t("eq.scenario", v=_scenario_name(name, lang))
            if len(allrows):
                of = col(allrows, "of_indicator").astype(str)
                main = "welfare_index" if (of == "welfare_index").any() else of.iloc[0]
                ch = allrows[of == main]
                png = charts.before_after_chart(
                    [label(i, lang) for i in ch["indicator"]],
                    ch["before"].tolist(),
                    ch["after"].tolist(),
                    lang,
                )
                out.append(
                    ctx.chart(
                        png,
                        title
                        + escape(
                            f"（{label(main, lang)}）"
                            if lang != "en"
                            else f" ({label(main, lang)})"
                        ),
                        width_mm=130,
                    )
                )
            sel = pd.concat([allrows, ctx.focal_rows(g[g["region_code"].astype(str) != "ALL"])])
            rows = [
                [
                    ctx.region_label(r.get("region_code")),
                    _scenario_label(r, lang),
                    _scenario_value(r, "before", lang),
                    _scenario_value(r, "after", lang),
                    _scenario_value(r, "change", lang),
                ]
                for _, r in sel.iterrows()
            ]
            out += ctx.table(
                title,
                [
                    tr(k, lang)
                    for k in (
                        "col.region",
                        "col.indicator",
                        "col.before",
                        "col.after",
                        "col.change",
                    )
                ],
                rows[: styles.MAX_TABLE_ROWS],
                [1.6, 3.2, 1.2, 1.2, 1.2],
                [False, False, True, True, True],
                unit=unit_eq,
                total=len(rows),
            )
    tf = ctx.sheet("transfers")
    if tf is None:
        out += ctx.missing("transfers")
    else:
        g = (
            tf.sort_values("transfer", ascending=False, kind="stable")
            if "transfer" in tf.columns
            else tf
        )
        top = g.head(10)
        foc = ctx.focal_rows(g)
        sel = pd.concat([foc, top[~top.index.isin(foc.index)]])
        rows = [
            [
                ("▶ " if str(r.get("region_code")) == ctx.focal else "")
                + ctx.region_label(r.get("region_code")),
                fmt.number(_wan(r.get("standard_expenditure")), 0, lang),
                fmt.number(_wan(r.get("standard_revenue")), 0, lang),
                fmt.number(_wan(r.get("gap")), 0, lang),
                fmt.number(r.get("coefficient"), 2),
                fmt.number(_wan(r.get("transfer")), 0, lang),
            ]
            for _, r in sel.iterrows()
        ]
        out += ctx.table(
            ctx.t("eq.transfers"),
            [
                tr(k, lang)
                for k in (
                    "col.region",
                    "col.std_exp",
                    "col.std_rev",
                    "col.fgap",
                    "col.coef",
                    "col.transfer",
                )
            ],
            rows,
            [1.6, 1.4, 1.4, 1.4, 0.8, 1.4],
            [False] + [True] * 5,
            unit=tr("u.wanyuan", lang),
            total=len(g),
        )
    return out


def _scenario_value(row: pd.Series, key: str, lang: str) -> str:
    ind = str(row.get("indicator"))
    if ind.endswith("_yuan") or ind == "transfer":
        return fmt.number(_wan(row.get(key)), 0, lang) + ("万元" if lang != "en" else "×10⁴")
    if ind in ("gini", "williamson", "theil_t", "theil_l", "cv"):
        return fmt.number(row.get(key), 4, lang)
    return _value(ind, row.get(key), lang)


def _wan(v: object) -> float | None:
    try:
        return float(v) / 1e4  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


# --- 7. policy -------------------------------------------------------------------------------

MAX_ACTIONS = 18


def _grouped_actions(ctx: Context, ac: pd.DataFrame) -> list[dict]:
    """Actions merged by action id (or text), in priority order: the same measure proposed for
    several clusters becomes one entry listing the clusters. Keys: priority, action, codes,
    chain (compact, of the first occurrence), category, source, n."""
    g = ac.sort_values("priority", kind="stable") if "priority" in ac.columns else ac
    groups: dict[str, dict] = {}
    for _, r in g.iterrows():
        action = fmt.text(ctx.pick(r, "action_zh", "action_en"))
        key = str(r.get("action_id")) if not fmt.is_missing(r.get("action_id")) else action
        e = groups.get(key)
        if e is None:
            e = groups[key] = {
                "priority": r.get("priority"),
                "action": action,
                "codes": [],
                "chain": compact_chain(ctx.pick(r, "chain_zh", "chain_en")),
                "category": r.get("category"),
                "source": r.get("source"),
                "n": 0,
            }
        e["n"] += 1
        code = r.get("industry_code")
        if not fmt.is_missing(code) and str(code) not in e["codes"]:
            e["codes"].append(str(code))
    return list(groups.values())


def _checklist_summary(ctx: Context, df: pd.DataFrame, idcol: str) -> list[list[object]]:
    """Rows (dimension name, items, answered, yes/partial/no, score %) of a roles or quality
    sheet; the engine's summary rows (item id = dimension id) give the score."""
    if "dimension" not in df.columns:
        df = df.assign(dimension="ALL")
        summary_rows, items = df.iloc[0:0], df
    else:
        summary_rows = df[col(df, idcol).astype(str) == df["dimension"].astype(str)]
        items = df[col(df, idcol).astype(str) != df["dimension"].astype(str)]
    score = {
        str(d): s
        for d, s in zip(summary_rows["dimension"], col(summary_rows, "score"), strict=True)
    }
    rows = []
    dims = list(dict.fromkeys(col(items, "dimension").astype(str)))
    for d in [*[x for x in dims if x != "ALL"], "ALL"]:
        sub = items if d == "ALL" else items[col(items, "dimension").astype(str) == d]
        ans = col(sub, "answer").astype(str)
        answered = sub[~col(sub, "answer").isna() & (ans != "") & (ans != "unanswered")]
        if d in score:
            s = score[d]
        else:
            w = pd.to_numeric(col(answered, "weight"), errors="coerce").fillna(1.0)
            v = pd.to_numeric(col(answered, "score"), errors="coerce")
            s = float((w * v).sum() / w.sum()) if len(answered) and w.sum() else None
        name = tr("col.all", ctx.lang) if d == "ALL" else _dim_name(ctx, d)
        counts = "/".join(str(int((ans == k).sum())) for k in ("yes", "partial", "no"))
        rows.append([name, str(len(sub)), str(len(answered)), counts, fmt.percent(s, 0)])
    return rows


@section("policy", "ch.policy", ("actions", "red_flags", "roles", "policy_quality"))
def policy(ctx: Context) -> list[Flowable]:
    """Action plan. Columns: actions (priority, action_id, industry_code, action_zh/en,
    chain_zh/en, source, category); red_flags (flag_id, question_zh/en, answer, triggered,
    text_zh/en, source); roles (role_id, dimension, answer, score, weight; summary rows have
    role_id = dimension); policy_quality (item_id, dimension, answer, score, weight; summary
    rows have item_id = dimension). Item-level answers are in the workbook."""
    lang = ctx.lang
    out: list[Flowable] = [ctx.p(ctx.t("po.intro"))]
    out.extend(ctx.heading(2, tr("po.sub.actions", lang)))
    ac = ctx.sheet("actions")
    if ac is None:
        out += ctx.missing("actions")
    else:
        groups = _grouped_actions(ctx, ac)
        rows = [
            [
                str(i),
                a["action"],
                _names(ctx, a["codes"], 3) if a["codes"] else tr("all.region", lang),
                a["chain"],
                label(a["category"], lang),
            ]
            for i, a in enumerate(groups[:MAX_ACTIONS], start=1)
        ]
        out += ctx.table(
            ctx.t("po.actions"),
            [
                tr(k, lang)
                for k in ("col.no", "col.action", "col.clusters", "col.chain", "col.category")
            ],
            rows,
            [0.5, 3.0, 1.7, 5.0, 0.9],
            [True] + [False] * 4,
            source=ctx.t("source.kb", v=ctx.source_line()),
        )
        out.append(
            ctx.p(
                ctx.t("po.actions.note", n=len(ac), m=len(groups), k=min(MAX_ACTIONS, len(groups))),
                "note",
            )
        )
    out.extend(ctx.heading(2, tr("po.sub.redflags", lang)))
    rf = ctx.sheet("red_flags")
    if rf is None:
        out += ctx.missing("red_flags")
    else:
        trig = rf[col(rf, "triggered").fillna(False).astype(bool)]
        if len(trig):
            rows = [
                [
                    r.get("flag_id"),
                    ctx.pick(r, "question_zh", "question_en"),
                    label(r.get("answer"), lang),
                    ctx.pick(r, "text_zh", "text_en"),
                    r.get("source"),
                ]
                for _, r in trig.iterrows()
            ]
            out += ctx.table(
                ctx.t("po.redflags"),
                [
                    "ID",
                    tr("col.question", lang),
                    tr("col.answer", lang),
                    tr("col.label", lang),
                    tr("col.source", lang),
                ],
                rows,
                [0.5, 3.6, 0.7, 3.2, 1.6],
                source=ctx.t("source.kb", v=ctx.source_line()),
            )
        out.append(
            ctx.p(
                ctx.t(
                    "po.redflags.rest",
                    n=len(rf),
                    t=len(trig),
                    ids=("、" if lang != "en" else ", ").join(
                        fmt.text(x) for x in rf.loc[~rf.index.isin(trig.index), "flag_id"]
                    )
                    if "flag_id" in rf.columns
                    else "",
                ),
                "body",
            )
        )
    out.extend(ctx.heading(2, tr("po.sub.checks", lang)))
    for sheet, title, idcol in (
        ("roles", "po.roles", "role_id"),
        ("policy_quality", "po.quality", "item_id"),
    ):
        df = ctx.sheet(sheet)
        if df is None:
            out += ctx.missing(sheet)
            continue
        rows = _checklist_summary(ctx, df, idcol)
        out += ctx.table(
            ctx.t(title),
            [
                tr(k, lang)
                for k in ("col.dimension", "col.items", "col.answered", "col.ypn", "col.pct")
            ],
            rows,
            [4.6, 0.8, 0.9, 1.5, 0.9],
            [False, True, True, True, True],
            unit=tr("u.count_pct", lang),
            source=ctx.t("source.kb", v=ctx.source_line()),
        )
    out.append(ctx.p(ctx.t("po.full"), "note"))
    return out


# --- appendix --------------------------------------------------------------------------------


@section("appendix", "ch.appendix", ())
def appendix(ctx: Context) -> list[Flowable]:
    """Methods appendix: every formula (texts.FORMULAS), every threshold of the profile sheet
    (threshold_id, value, unit, label_zh/en, source) and data provenance from meta (inputs,
    warnings grouped by kind with counts, app_version, profile_id/version/date)."""
    lang = ctx.lang
    out: list[Flowable] = [*ctx.heading(2, tr("ap.formulas", lang)), ctx.p(ctx.t("ap.notation"))]
    for i, (zh, en, formula, note_zh, note_en) in enumerate(FORMULAS, start=1):
        name = en if lang == "en" else zh
        note = note_en if lang == "en" else note_zh
        out.append(
            para(
                f"{escape(name)}：" if lang != "en" else f"{escape(name)}:",
                "body.noindent",
                lang,
                bulletText=f"{i}.",
            )
        )
        out.append(para(escape(formula) + ("　" + escape(note) if note else ""), "formula", lang))
    out.extend(ctx.heading(2, tr("ap.thresholds", lang)))
    meta = ctx.meta
    out.append(
        ctx.p(
            ctx.t(
                "ap.versions",
                app=meta.get("app_version", "—"),
                id=meta.get("profile_id", "—"),
                ver=meta.get("profile_version", "—"),
                date=meta.get("profile_date", "—"),
            )
        )
    )
    pr = ctx.sheet("profile")
    if pr is None:
        out += ctx.missing("profile")
    else:
        # every threshold, never cut; one table per module, ids without the module prefix
        ids = col(pr, "threshold_id").astype(str)
        modules = ids.str.split(".", n=1).str[0]
        for module in dict.fromkeys(modules):
            part = pr[modules == module]
            rows = [
                [
                    str(r.get("threshold_id"))[len(module) + 1 :] or r.get("threshold_id"),
                    fmt.text(r.get("value")),
                    r.get("unit"),
                    ctx.pick(r, "label_zh", "label_en"),
                    r.get("source"),
                ]
                for _, r in part.iterrows()
            ]
            out += ctx.table(
                ctx.t("ap.thresholds.table", v=_module_name(module, lang), m=module),
                [
                    tr(k, lang)
                    for k in ("col.threshold", "col.value", "col.unit", "col.label", "col.source")
                ],
                rows,
                [2.6, 0.7, 0.7, 3.3, 3.4],
                [False, True, False, False, False],
                unit=tr("mixed", lang),
                source=escape(
                    f"{meta.get('profile_id', '')} "
                    f"{meta.get('profile_version', '')} "
                    f"({meta.get('profile_date', '')})"
                ),
            )
    out.extend(ctx.heading(2, tr("ap.provenance", lang)))
    inputs = meta.get("inputs") or []
    out.append(ctx.p(ctx.t("ap.inputs") if inputs else ctx.t("ap.noinputs"), "body.noindent"))
    for name in inputs:
        out.append(para(esc(name), "bullet", lang, bulletText="•"))
    warnings = meta.get("warnings") or []
    if not warnings:
        out.append(ctx.p(ctx.t("ap.nowarnings"), "body.noindent"))
        return out
    groups = group_warnings(warnings)
    out.append(ctx.p(ctx.t("ap.warnings", n=len(warnings), k=len(groups)), "body.noindent"))
    sep = "、" if lang != "en" else ", "
    rows = [
        [
            g.kind,
            str(g.count),
            sep.join(g.sheets[:4])
            + (
                (f"等{len(g.sheets)}个" if lang != "en" else f" and {len(g.sheets) - 4} more")
                if len(g.sheets) > 4
                else ""
            )
            or fmt.MISSING,
            g.example,
        ]
        for g in groups
    ]
    out += ctx.table(
        ctx.t("ap.warnings.table"),
        [tr(k, lang) for k in ("col.kind", "col.count", "col.sheets", "col.example")],
        rows,
        [2.2, 0.6, 2.4, 5.4],
        [False, True, False, False],
        unit=tr("u.count", lang),
        source=ctx.t("ap.warnings.source"),
    )
    return out


def _module_name(module: str, lang: str) -> str:
    """Chapter name of a profile module (identification → 集群识别), else the module id."""
    key = {
        "identification": "ch.identification",
        "lifecycle": "ch.lifecycle",
        "equalization": "ch.equalization",
        "policy": "ch.policy",
    }.get(module)
    if key is None and module in ("upgrading", "technology", "brand"):
        return "升级评估" if lang != "en" else "Upgrading"
    return tr(key, lang) if key else module


#: Chapters in report order (the signature block follows "policy"; the appendix comes last).
CHAPTER_ORDER = [
    "summary",
    "identification",
    "lifecycle",
    "technology",
    "brand",
    "equalization",
    "policy",
    "appendix",
]
