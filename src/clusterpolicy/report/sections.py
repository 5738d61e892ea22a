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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from clusterpolicy.report import charts, styles
from clusterpolicy.report import formatting as fmt
from clusterpolicy.report.flowables import Heading, data_table, esc, figure, para
from clusterpolicy.report.texts import FORMULAS, label, tr

MAX_LIFECYCLE_CHARTS = 8
MAX_BUBBLES = 15


@dataclass
class Context:
    """Everything a chapter builder needs; also numbers headings, tables and figures."""

    tables: dict[str, pd.DataFrame]
    meta: dict
    lang: str = "zh"
    charts_data: dict[str, pd.DataFrame] = field(default_factory=dict)
    numberer: fmt.Numberer = field(default_factory=fmt.Numberer)
    table_no: int = 0
    figure_no: int = 0
    heading_no: int = 0

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
        """Region name (meta for the focal region, else equalization.region_name), else code."""
        if not hasattr(self, "_regions"):
            names: dict[str, str] = {}
            eq = self.sheet("equalization")
            if eq is not None and "region_name" in eq.columns:
                sub = eq.drop_duplicates("region_code")
                names = {str(c): str(n) for c, n in zip(sub["region_code"], sub["region_name"],
                                                        strict=True) if not fmt.is_missing(n)}
            names[self.focal] = self.region_name
            self._regions = names  # noqa: SLF001
        code = str(code)
        if code == "ALL":
            return "全部地区" if self.lang != "en" else "all regions"
        return _short(self._regions.get(code, code))

    def industry_name(self, code: object) -> str:
        """Industry name from the clusters sheet (industry_name_zh/en), else the code."""
        names = self._industry_names()
        return _short(names.get(str(code), str(code)))

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
        else:
            number = ""
            self.numberer.counters[level - 1 :] = [0] * (4 - level + 1)
        room = styles.HEADING_MIN_ROOM.get(level, 0)
        head = Heading(number, title, level, f"h{self.heading_no}", self.lang)
        return [CondPageBreak(room), head] if room else [head]

    def p(self, markup: str, role: str = "body") -> Flowable:
        return para(markup, role, self.lang)

    def missing(self, *sheets: str) -> list[Flowable]:
        """The "not included in this assessment" note."""
        note = self.t("missing.section")
        if sheets:
            note += " " + self.t("missing.sheet", v="、".join(sheets) if self.lang != "en"
                                 else ", ".join(sheets))
        return [self.p(note, "missing")]

    def source_line(self) -> str:
        inputs = self.meta.get("inputs") or []
        sep = "、" if self.lang != "en" else ", "
        names = sep.join(str(x) for x in inputs) or ("导入数据" if self.lang != "en" else
                                                    "the imported data")
        return self.t("source.engine", inputs=names, app=self.meta.get("app_version", ""),
                      profile=f"{self.meta.get('profile_id', '')} "
                              f"{self.meta.get('profile_version', '')}".strip())

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
        self.table_no += 1
        out: list[Flowable] = [self.p(self.t("table.n", n=self.table_no, v="") + title,
                                      "table.title")]
        if unit:
            out.append(self.p(self.t("unit", v="") + unit, "note.right"))
        out.append(data_table(header, rows, widths, numeric,
                              truncated_suffix=tr("cell.truncated", self.lang), lang=self.lang))
        out.append(self.p(self.t("source", v="") + (source or self.source_line()), "note"))
        if total is not None and total > len(rows):
            out.append(self.p(self.t("rows.omitted", shown=len(rows), rest=total - len(rows)),
                              "note"))
        # a table that fits on one page is kept whole (with its title, unit and source lines);
        # a longer one splits by rows with its header repeated
        return [KeepTogether(out), Spacer(1, 6)]

    def chart(self, png: bytes, title: str, width_mm: float | None = None) -> Flowable:
        self.figure_no += 1
        return figure(png, self.t("figure.n", n=self.figure_no, v="") + title, width_mm,
                      self.lang)


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


def section(key: str, title_key: str, sheets: tuple[str, ...]) -> Callable[[SectionBuilder],
                                                                           SectionBuilder]:
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
    return out + sec.build(ctx)


# --- 1. summary ------------------------------------------------------------------------------

@section("summary", "ch.summary", ("clusters", "lifecycle", "upgrading_summary", "equalization",
                                   "red_flags", "actions"))
def summary(ctx: Context) -> list[Flowable]:
    """Key findings. Columns: clusters (region_code, verdict, rank, score, industry_code,
    industry_name_zh/en); lifecycle (region_code, industry_code, stage, quadrant, confidence);
    upgrading_summary (region_code, industry_code, checklist, dimension = ALL, pct,
    upgrading_type); equalization (region_code, indicator, value, rank, gap_pct); red_flags
    (triggered, text_zh/en); actions (priority, action_zh/en)."""
    out: list[Flowable] = []
    b = "•"
    cl = ctx.sheet("clusters")
    if cl is not None:
        f = ctx.focal_rows(cl)
        v = col(f, "verdict").astype(str)
        out.append(ctx.p(ctx.t("sum.clusters", n=len(f), c=int((v == "cluster").sum()),
                               a=int((v == "agglomeration_not_yet_cluster").sum()),
                               u=int((v == "candidate_unconfirmed").sum())), "body"))
        top = f.sort_values("rank").head(3) if "rank" in f.columns else f.head(3)
        sep = "、" if ctx.lang != "en" else "; "
        names = sep.join(f"{ctx.industry_name(r['industry_code'])}（{fmt.number(r.get('score'), 1)}）"
                         if ctx.lang != "en" else
                         f"{ctx.industry_name(r['industry_code'])} ({fmt.number(r.get('score'), 1)})"
                         for _, r in top.iterrows())
        if names:
            out.append(ctx.p(ctx.t("sum.top", v=names), "body"))
    lc = ctx.sheet("lifecycle")
    if lc is not None:
        for _, r in ctx.focal_rows(lc).iterrows():
            out.append(para(ctx.t("sum.stage", ind=ctx.industry_name(r["industry_code"]),
                                  stage=label(r.get("stage"), ctx.lang),
                                  quad=label(r.get("quadrant"), ctx.lang),
                                  conf=fmt.percent(r.get("confidence"), 0)),
                            "bullet", ctx.lang, bulletText=b))
    us = ctx.sheet("upgrading_summary")
    if us is not None:
        f = ctx.focal_rows(us)
        for _, r in f[col(f, "dimension").astype(str) == "ALL"].iterrows():
            out.append(para(ctx.t("sum.upgrading", ind=ctx.industry_name(r["industry_code"]),
                                  cl=label(r.get("checklist"), ctx.lang),
                                  pct=fmt.percent(r.get("pct"), 1),
                                  type=label(r.get("upgrading_type"), ctx.lang)),
                            "bullet", ctx.lang, bulletText=b))
    eq = ctx.sheet("equalization")
    if eq is not None:
        f = ctx.focal_rows(eq)
        if "year" in f.columns and len(f):
            f = f[f["year"] == f["year"].max()]
        for _, r in f.head(6).iterrows():
            out.append(para(ctx.t("sum.equal", ind=label(r.get("indicator"), ctx.lang),
                                  val=_value(r.get("indicator"), r.get("value"), ctx.lang),
                                  rank=fmt.integer(r.get("rank")),
                                  gap=fmt.percent(r.get("gap_pct"), 1, ctx.lang)),
                            "bullet", ctx.lang, bulletText=b))
    rf = ctx.sheet("red_flags")
    if rf is not None:
        trig = rf[col(rf, "triggered").fillna(False).astype(bool)]
        out.append(ctx.p(ctx.t("sum.redflags", n=len(trig)) if len(trig)
                         else ctx.t("sum.noredflags"), "body"))
        for _, r in trig.iterrows():
            out.append(para(esc(ctx.pick(r, "text_zh", "text_en")), "finding.red", ctx.lang,
                            bulletText="▲"))
    ac = ctx.sheet("actions")
    if ac is not None:
        out.append(ctx.p(ctx.t("sum.actions"), "body.noindent"))
        top = ac.sort_values("priority").head(5) if "priority" in ac.columns else ac.head(5)
        for _, r in top.iterrows():
            out.append(para(esc(ctx.pick(r, "action_zh", "action_en")), "bullet", ctx.lang,
                            bulletText=f"{fmt.integer(r.get('priority'))}."))
    return out


def _value(indicator: object, value: object, lang: str) -> str:
    """An indicator value: shares as %, indices with 3 decimals, large values without decimals."""
    name = str(indicator)
    if name.endswith("_share"):
        return fmt.percent(value, 1, lang)
    if name.endswith("_index"):
        return fmt.number(value, 3, lang)
    try:
        big = abs(float(value)) >= 100  # type: ignore[arg-type]
    except (TypeError, ValueError):
        big = False
    return fmt.number(value, 0 if big else 2, lang)


# --- 2. identification -----------------------------------------------------------------------

@section("identification", "ch.identification",
         ("clusters", "specialization", "concentration", "shift_share"))
def identification(ctx: Context) -> list[Flowable]:
    """Cluster identification. Columns: clusters (region_code, industry_code, year,
    lq_employment, lq_output, lq_firms, eco_stars, cmp_tier, score, rank, verdict,
    industry_name_zh/en, employment, emp_cagr, miit_national_pass, miit_provincial_pass,
    simple_lq_pass, existence, evidence); specialization (region_code, year, measure, hoover,
    krugman, herfindahl, entropy, gini_lq); concentration (industry_code, year, measure, hoover,
    locational_gini, krugman, herfindahl, eg_gamma, eg_approximate); shift_share (region_code,
    industry_code, base_year, end_year, method = dunn, growth, national_share, industry_mix,
    regional_share, net_shift)."""
    lang = ctx.lang
    out: list[Flowable] = [ctx.p(ctx.t("id.intro", region=ctx.region_name))]
    cl = ctx.sheet("clusters")
    out.extend(ctx.heading(2, tr("id.sub.lq", lang)))
    if cl is None:
        out += ctx.missing("clusters")
    else:
        f = ctx.focal_rows(cl)
        if "rank" in f.columns:
            f = f.sort_values(["rank", "industry_code"], kind="stable")
        year = f["year"].max() if "year" in f.columns and len(f) else ""
        shown = f.head(styles.MAX_TABLE_ROWS)
        rows = [[ctx.industry_name(r["industry_code"]), r["industry_code"],
                 fmt.number(r.get("lq_employment"), 2), fmt.number(r.get("lq_output"), 2),
                 fmt.number(r.get("lq_firms"), 2), fmt.integer(r.get("employment"), lang),
                 fmt.percent(r.get("emp_cagr"), 1), fmt.number(r.get("score"), 1),
                 fmt.integer(r.get("rank")), label(r.get("verdict"), lang)]
                for _, r in shown.iterrows()]
        out += ctx.table(ctx.t("id.table", year=year),
                         [tr(k, lang) for k in ("col.industry", "col.code", "col.lq_emp",
                                                "col.lq_out", "col.lq_firms", "col.employment",
                                                "col.emp_cagr", "col.score", "col.rank",
                                                "col.verdict")],
                         rows, [3.2, 0.9, 1.1, 1.1, 1.1, 1.3, 1.3, 1.1, 0.8, 2.2],
                         [False, False, True, True, True, True, True, True, True, False],
                         unit=tr("u.persons_pct", lang), total=len(f))
        pts = f.head(MAX_BUBBLES)
        if {"lq_employment", "emp_cagr"} <= set(pts.columns) and len(pts):
            png = charts.bubble_chart(
                [ctx.industry_name(c) for c in pts["industry_code"]],
                pd.to_numeric(pts["lq_employment"], errors="coerce").tolist(),
                (pd.to_numeric(pts["emp_cagr"], errors="coerce") * 100).tolist(),
                pd.to_numeric(col(pts, "employment"), errors="coerce").fillna(0).tolist(),
                lang)
            out.append(ctx.chart(png, ctx.t("id.bubble")))
        out.extend(ctx.heading(2, tr("id.sub.rules", lang)))
        rows = [[ctx.industry_name(r["industry_code"]), fmt.integer(r.get("eco_stars")),
                 label(r.get("cmp_tier"), lang), label(r.get("miit_national_pass"), lang),
                 label(r.get("miit_provincial_pass"), lang), label(r.get("simple_lq_pass"), lang),
                 label(r.get("existence"), lang), r.get("evidence")]
                for _, r in shown.iterrows()]
        out += ctx.table(ctx.t("id.criteria"),
                         [tr(k, lang) for k in ("col.industry", "col.eco", "col.cmp",
                                                "col.miit_n", "col.miit_p", "col.simple",
                                                "col.existence", "col.evidence")],
                         rows, [2.6, 0.9, 1.1, 1.1, 1.1, 0.9, 1.1, 4.6],
                         [False, True, False, False, False, False, False, False],
                         total=len(f))
    out.extend(ctx.heading(2, tr("id.sub.struct", lang)))
    sp = ctx.sheet("specialization")
    if sp is None:
        out += ctx.missing("specialization")
    else:
        f = ctx.focal_rows(sp)
        if "measure" in f.columns and (f["measure"] == "employment").any():
            f = f[f["measure"] == "employment"]
        f = f.sort_values("year").tail(styles.MAX_TABLE_ROWS)
        rows = [[fmt.text(r.get("year")), fmt.number(r.get("hoover"), 3),
                 fmt.number(r.get("krugman"), 3), fmt.number(r.get("herfindahl"), 3),
                 fmt.number(r.get("entropy"), 3), fmt.number(r.get("gini_lq"), 3)]
                for _, r in f.iterrows()]
        out += ctx.table(ctx.t("id.spec"),
                         [tr(k, lang) for k in ("col.year", "col.hoover", "col.krugman",
                                                "col.herfindahl", "col.entropy", "col.gini_lq")],
                         rows, [1, 1.2, 1.2, 1.2, 1.2, 1.2], [False] + [True] * 5,
                         unit=tr("u.index", lang))
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
        local = set(ctx.focal_rows(cl)["industry_code"].astype(str)) if cl is not None else set()
        if local:
            f = f[f["industry_code"].astype(str).isin(local)]
        shown = f.head(styles.MAX_TABLE_ROWS)
        rows = [[ctx.industry_name(r["industry_code"]), fmt.number(r.get("hoover"), 3),
                 fmt.number(r.get("locational_gini"), 3), fmt.number(r.get("krugman"), 3),
                 fmt.number(r.get("herfindahl"), 3),
                 fmt.number(r.get("eg_gamma"), 3) + ("*" if r.get("eg_approximate") is True
                                                      else "")]
                for _, r in shown.iterrows()]
        out += ctx.table(ctx.t("id.conc", year=year),
                         [tr(k, lang) for k in ("col.industry", "col.hoover", "col.lgini",
                                                "col.krugman", "col.herfindahl", "col.eg")],
                         rows, [3, 1.1, 1.1, 1.1, 1.1, 1.1], [False] + [True] * 5,
                         unit=tr("u.index", lang) + ("（*为近似值）" if lang != "en"
                                                     else " (* approximate)"),
                         total=len(f))
    ss = ctx.sheet("shift_share")
    if ss is None:
        out += ctx.missing("shift_share")
    else:
        f = ctx.focal_rows(ss)
        if "method" in f.columns and (f["method"] == "dunn").any():
            f = f[f["method"] == "dunn"]
        a = f["base_year"].min() if "base_year" in f.columns and len(f) else ""
        e = f["end_year"].max() if "end_year" in f.columns and len(f) else ""
        shown = f.head(styles.MAX_TABLE_ROWS)
        rows = [[ctx.industry_name(r["industry_code"])] +
                [fmt.integer(r.get(c), lang) for c in ("growth", "national_share", "industry_mix",
                                                       "regional_share", "net_shift")]
                for _, r in shown.iterrows()]
        out += ctx.table(ctx.t("id.shift", a=a, b=e),
                         [tr(k, lang) for k in ("col.industry", "col.growth", "col.ns", "col.im",
                                                "col.rs", "col.net")],
                         rows, [3, 1.2, 1.2, 1.2, 1.2, 1.2], [False] + [True] * 5,
                         unit=tr("u.persons", lang), total=len(f))
    return out


# --- 3. life cycle ---------------------------------------------------------------------------

@section("lifecycle", "ch.lifecycle", ("lifecycle",))
def lifecycle(ctx: Context) -> list[Flowable]:
    """Life-cycle diagnosis. Columns: lifecycle (region_code, industry_code, base_year,
    end_year, stage, quadrant, confidence, score_emergence … score_renewal, override_stage,
    override_reason, lq_base, lq_end, emp_cagr, evidence_for, evidence_against); charts use lq
    (region_code, industry_code, year, measure = employment, lq) and, when given,
    charts_data["employment"] (region_code, industry_code, year, employment)."""
    lang = ctx.lang
    f = ctx.focal_rows(ctx.tables["lifecycle"])
    out: list[Flowable] = [ctx.p(ctx.t("lc.intro"))]
    a = f["base_year"].min() if "base_year" in f.columns and len(f) else ""
    e = f["end_year"].max() if "end_year" in f.columns and len(f) else ""
    out.extend(ctx.heading(2, tr("lc.scores", lang)))
    shown = f.head(styles.MAX_TABLE_ROWS)
    rows = [[ctx.industry_name(r["industry_code"]), label(r.get("stage"), lang),
             label(r.get("quadrant"), lang), fmt.percent(r.get("confidence"), 0),
             fmt.number(r.get("lq_base"), 2), fmt.number(r.get("lq_end"), 2),
             fmt.percent(r.get("emp_cagr"), 1)] +
            [fmt.number(r.get(f"score_{s}"), 2) for s in ("emergence", "growth", "maturity",
                                                           "decline", "renewal")]
            for _, r in shown.iterrows()]
    out += ctx.table(ctx.t("lc.table", a=a, b=e),
                     [tr(k, lang) for k in ("col.industry", "col.stage", "col.quadrant",
                                            "col.confidence", "col.lq_base", "col.lq_end",
                                            "col.emp_cagr", "col.s_emergence", "col.s_growth",
                                            "col.s_maturity", "col.s_decline", "col.s_renewal")],
                     rows, [2.8, 1, 1, 1, 1, 1, 1.2, 0.9, 0.9, 0.9, 0.9, 0.9],
                     [False, False, False] + [True] * 9,
                     unit="%；区位熵、阶段得分为无量纲" if lang != "en"
                     else "%; LQ and stage scores dimensionless", total=len(f))
    out.extend(ctx.heading(2, tr("lc.evidence", lang)))
    rows = []
    for _, r in shown.iterrows():
        override = ""
        if not fmt.is_missing(r.get("override_stage")):
            override = (f"{label(r.get('override_stage'), lang)}："
                        f"{fmt.text(r.get('override_reason'))}")
        rows.append([ctx.industry_name(r["industry_code"]), r.get("evidence_for"),
                     r.get("evidence_against"), override or fmt.MISSING])
    out += ctx.table(ctx.t("lc.evidence"),
                     [tr(k, lang) for k in ("col.industry", "col.for", "col.against",
                                            "col.reason")],
                     rows, [2.4, 4, 3, 2.6], total=len(f))
    lq = ctx.sheet("lq")
    emp = ctx.charts_data.get("employment") if ctx.charts_data else None
    if lq is not None:
        lqf = ctx.focal_rows(lq)
        if "measure" in lqf.columns:
            lqf = lqf[lqf["measure"] == "employment"]
        empf = ctx.focal_rows(emp) if emp is not None and len(emp) else None
        for _, r in f.head(MAX_LIFECYCLE_CHARTS).iterrows():
            code = str(r["industry_code"])
            series = lqf[lqf["industry_code"].astype(str) == code].sort_values("year")
            if len(series) < 2:
                continue
            years = [int(y) for y in series["year"]]
            employment = None
            if empf is not None:
                es = empf[empf["industry_code"].astype(str) == code].set_index("year")
                employment = [es["employment"].get(y) for y in years]
            bands = [(int(w["base_year"]), int(w["end_year"]), str(w["stage"]))
                     for _, w in f[f["industry_code"].astype(str) == code].iterrows()
                     if not fmt.is_missing(w.get("base_year")) and not fmt.is_missing(w.get("stage"))]
            png = charts.timeseries_chart(years, series["lq"].astype(float).tolist(), employment,
                                          bands, lang)
            out.append(ctx.chart(png, ctx.t("lc.chart", ind=ctx.industry_name(code))))
    return out


# --- 4/5. upgrading --------------------------------------------------------------------------

def _dim_label(ctx: Context, row: pd.Series) -> str:
    v = ctx.pick(row, "dimension_zh", "dimension_en")
    if fmt.is_missing(v):
        labels = ctx.meta.get("dimension_labels") or {}
        pair = labels.get(str(row.get("dimension")))
        if pair:
            v = pair[1] if ctx.lang == "en" else pair[0]
    return str(v) if not fmt.is_missing(v) else str(row.get("dimension"))


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
    codes: list[str] = []
    for df in (us, items):
        if df is not None:
            for c in df["industry_code"].astype(str):
                if c not in codes:
                    codes.append(c)
    if not codes:
        return out + ctx.missing("upgrading_summary", "upgrading")
    for code in codes:
        name = ctx.industry_name(code)
        out.extend(ctx.heading(2, name))
        if us is not None:
            s = us[us["industry_code"].astype(str) == code]
            dims = s[col(s, "dimension").astype(str) != "ALL"]
            overall = s[col(s, "dimension").astype(str) == "ALL"]
            if len(overall):
                r = overall.iloc[0]
                out.append(ctx.p(ctx.t("up.overall", pct=fmt.percent(r.get("pct"), 1),
                                       type=label(r.get("upgrading_type"), lang))))
            rows = [[_dim_label(ctx, r), fmt.number(r.get("score"), 2),
                     fmt.number(r.get("max_score"), 2), fmt.percent(r.get("pct"), 1)]
                    for _, r in dims.iterrows()]
            if rows:
                out += ctx.table(ctx.t("up.summary", ind=name),
                                 [tr(k, lang) for k in ("col.dimension", "col.score", "col.max",
                                                        "col.pct")],
                                 rows, [3, 1, 1, 1], [False, True, True, True],
                                 unit=tr("u.score", lang))
                png = charts.radar_chart([_dim_label(ctx, r) for _, r in dims.iterrows()],
                                         (pd.to_numeric(dims["pct"], errors="coerce") * 100)
                                         .tolist(), lang)
                out.append(ctx.chart(png, ctx.t("up.radar", ind=name,
                                                cl=label(checklist, lang)), width_mm=95))
        if items is not None:
            it = items[items["industry_code"].astype(str) == code]
            if "gap" in it.columns:
                it = it.assign(_g=pd.to_numeric(it["gap"], errors="coerce")).sort_values(
                    "_g", ascending=False, kind="stable")
            shown = it.head(10)
            rows = []
            for _, r in shown.iterrows():
                answer = r.get("value") if not fmt.is_missing(r.get("value")) else r.get("answer")
                rows.append([ctx.pick(r, "text_zh", "text_en"), _dim_label(ctx, r),
                             label(r.get("mode"), lang),
                             label(answer, lang) if isinstance(answer, str) else fmt.text(answer),
                             fmt.number(r.get("score"), 2), fmt.number(r.get("gap"), 2),
                             r.get("evidence"), r.get("source")])
            if rows:
                out += ctx.table(ctx.t("up.gaps", ind=name),
                                 [tr(k, lang) for k in ("col.item", "col.dimension", "col.mode",
                                                        "col.answer", "col.score", "col.gap",
                                                        "col.evidence", "col.source")],
                                 rows, [2.6, 1.4, 0.8, 1, 0.8, 0.8, 2.4, 1.4],
                                 [False, False, False, False, True, True, False, False],
                                 total=len(it))
    return out


@section("technology", "ch.technology", ("upgrading_summary", "upgrading"))
def technology(ctx: Context) -> list[Flowable]:
    """Technology checklist. Columns: upgrading_summary (region_code, industry_code, checklist =
    technology, dimension (ALL = overall), score, max_score, pct, upgrading_type, optional
    dimension_zh/en); upgrading (region_code, industry_code, checklist, dimension, text_zh/en,
    mode, value, answer, score, gap, source, evidence). Dimension names: dimension_zh/en
    columns, else meta["dimension_labels"][id] = (zh, en), else the id."""
    return _upgrading(ctx, "technology")


@section("brand", "ch.brand", ("upgrading_summary", "upgrading"))
def brand(ctx: Context) -> list[Flowable]:
    """Brand checklist: the same columns as :func:`technology` with checklist = brand."""
    return _upgrading(ctx, "brand")


# --- 6. equalization -------------------------------------------------------------------------

@section("equalization", "ch.equalization",
         ("equalization", "inequality", "agglomeration_threshold", "scenario", "transfers"))
def equalization(ctx: Context) -> list[Flowable]:
    """Welfare equalization. Columns: equalization (region_code, year, indicator, value, rank,
    gap_to_reference, gap_pct, group, region_name, is_focal, reference_value); inequality
    (indicator, year, weighting, index, value, between, within); agglomeration_threshold
    (region_code, industry_code, lq, band_low, band_high, zone, reading_zh/en); scenario
    (scenario, region_code, indicator, before, after, change); transfers (region_code,
    standard_expenditure, standard_revenue, gap, coefficient, transfer)."""
    lang = ctx.lang
    out: list[Flowable] = [ctx.p(ctx.t("eq.intro", region=ctx.region_name))]
    unit_eq = ("元（人均值）；%（占比）；指数为无量纲" if lang != "en"
               else "yuan (per capita); % (shares); indices dimensionless")
    out.extend(ctx.heading(2, tr("eq.sub.indicators", lang)))
    eq = ctx.sheet("equalization")
    if eq is None:
        out += ctx.missing("equalization")
    else:
        last = eq[eq["year"] == eq["year"].max()] if "year" in eq.columns else eq
        year = last["year"].max() if "year" in last.columns and len(last) else ""
        f = ctx.focal_rows(last)
        rows = [[label(r.get("indicator"), lang), _value(r.get("indicator"), r.get("value"), lang),
                 _value(r.get("indicator"), r.get("reference_value"), lang),
                 _value(r.get("indicator"), r.get("gap_to_reference"), lang),
                 fmt.percent(r.get("gap_pct"), 1, lang), fmt.integer(r.get("rank")),
                 fmt.text(r.get("group"))]
                for _, r in f.head(styles.MAX_TABLE_ROWS).iterrows()]
        out += ctx.table(ctx.t("eq.table", year=year),
                         [tr(k, lang) for k in ("col.indicator", "col.value", "col.reference",
                                                "col.gap", "col.gap_pct", "col.rank",
                                                "col.group")],
                         rows, [3, 1.3, 1.3, 1.3, 1, 0.8, 1],
                         [False, True, True, True, True, True, False], unit=unit_eq)
        # top-N regions of one headline indicator (the welfare index if present) + focal region
        inds = list(dict.fromkeys(last["indicator"].astype(str)))
        head_ind = "welfare_index" if "welfare_index" in inds else (inds[0] if inds else None)
        if head_ind is not None:
            g = last[last["indicator"].astype(str) == head_ind]
            g = g.sort_values("rank", kind="stable") if "rank" in g.columns else g
            n_top = 10
            top = g.head(n_top)
            foc = ctx.focal_rows(g)
            sel = pd.concat([top, foc[~foc.index.isin(top.index)]])
            rows = [[fmt.integer(r.get("rank")),
                     ("▶ " if str(r.get("region_code")) == ctx.focal else "") +
                     fmt.text(r.get("region_name") if not fmt.is_missing(r.get("region_name"))
                              else r.get("region_code")),
                     fmt.text(r.get("group")), _value(head_ind, r.get("value"), lang),
                     fmt.percent(r.get("gap_pct"), 1, lang)]
                    for _, r in sel.iterrows()]
            out += ctx.table(escape(label(head_ind, lang)) + (f"（前{n_top}位及本地区）"
                                                               if lang != "en" else
                                                               f" (top {n_top} and the region)"),
                             [tr(k, lang) for k in ("col.rank", "col.region", "col.group",
                                                    "col.value", "col.gap_pct")],
                             rows, [0.8, 2.5, 1, 1.3, 1.1], [True, False, False, True, True],
                             unit=unit_eq, total=len(g))
    out.extend(ctx.heading(2, tr("eq.sub.dispersion", lang)))
    iq = ctx.sheet("inequality")
    if iq is None:
        out += ctx.missing("inequality")
    else:
        keys = ["indicator", "index", "weighting"]
        rows = []
        for key, grp in iq.groupby([k for k in keys if k in iq.columns], sort=False,
                                   dropna=False):
            grp = grp.sort_values("year")
            first, lastr = grp.iloc[0], grp.iloc[-1]
            k = dict(zip([k for k in keys if k in iq.columns], key if isinstance(key, tuple)
                         else (key,), strict=False))
            rows.append([label(k.get("indicator"), lang), label(k.get("index"), lang),
                         label(k.get("weighting"), lang),
                         f"{fmt.text(first.get('year'))}: {fmt.number(first.get('value'), 4)}",
                         f"{fmt.text(lastr.get('year'))}: {fmt.number(lastr.get('value'), 4)}",
                         fmt.number(float(lastr.get("value")) - float(first.get("value")), 4)
                         if not (fmt.is_missing(lastr.get("value")) or
                                 fmt.is_missing(first.get("value"))) else fmt.MISSING])
        out += ctx.table(ctx.t("eq.disp.table"),
                         [tr(k, lang) for k in ("col.indicator", "col.index", "col.weighting")] +
                         [tr("col.before", lang).replace("情景前", "期初") if lang != "en"
                          else "Start", "期末" if lang != "en" else "End",
                          tr("col.change", lang)],
                         rows[: styles.MAX_TABLE_ROWS], [2.6, 1.4, 1, 1.5, 1.5, 1],
                         [False, False, False, True, True, True], unit=tr("u.index", lang),
                         total=len(rows))
        dec = iq.dropna(subset=[c for c in ("between", "within") if c in iq.columns]) \
            if {"between", "within"} <= set(iq.columns) else iq.iloc[0:0]
        if len(dec):
            first_key = dec.iloc[0]
            d = dec[(dec["index"] == first_key["index"]) &
                    (dec["indicator"] == first_key["indicator"])].sort_values("year")
            png = charts.dispersion_chart([int(y) for y in d["year"]], d["between"].tolist(),
                                          d["within"].tolist(), lang)
            out.append(ctx.chart(png, ctx.t("eq.disp", index=label(first_key["index"], lang)
                                            + " · " + label(first_key["indicator"], lang))))
    out.extend(ctx.heading(2, tr("eq.sub.threshold", lang)))
    th = ctx.sheet("agglomeration_threshold")
    if th is None:
        out += ctx.missing("agglomeration_threshold")
    else:
        f = ctx.focal_rows(th)
        if "year" in f.columns and len(f):
            f = f[f["year"] == f["year"].max()]
        rows = [[ctx.industry_name(r["industry_code"]), fmt.number(r.get("lq"), 2),
                 f"{fmt.number(r.get('band_low'), 2)}—{fmt.number(r.get('band_high'), 2)}",
                 label(r.get("zone"), lang), ctx.pick(r, "reading_zh", "reading_en")]
                for _, r in f.head(styles.MAX_TABLE_ROWS).iterrows()]
        out += ctx.table(ctx.t("eq.threshold"),
                         [tr(k, lang) for k in ("col.industry", "col.lq_emp", "col.band",
                                                "col.zone", "col.reading")],
                         rows, [2.8, 0.9, 1.2, 1.8, 4], [False, True, True, False, False],
                         unit=tr("u.index", lang), total=len(f))
    out.extend(ctx.heading(2, tr("eq.sub.scenario", lang)))
    sc = ctx.sheet("scenario")
    if sc is None:
        out += ctx.missing("scenario")
    else:
        for name, g in sc.groupby("scenario", sort=False):
            allrows = g[g["region_code"].astype(str) == "ALL"]
            if len(allrows):
                png = charts.before_after_chart([label(i, lang) for i in allrows["indicator"]],
                                                allrows["before"].tolist(),
                                                allrows["after"].tolist(), lang)
                out.append(ctx.chart(png, ctx.t("eq.scenario", v=name)))
            sel = pd.concat([allrows, ctx.focal_rows(g[g["region_code"].astype(str) != "ALL"])])
            rows = [[ctx.region_label(r.get("region_code")),
                     label(r.get("indicator"), lang),
                     _value(r.get("indicator"), r.get("before"), lang),
                     _value(r.get("indicator"), r.get("after"), lang),
                     _value(r.get("indicator"), r.get("change"), lang)]
                    for _, r in sel.iterrows()]
            out += ctx.table(ctx.t("eq.scenario", v=name),
                             [tr(k, lang) for k in ("col.region", "col.indicator", "col.before",
                                                    "col.after", "col.change")],
                             rows[: styles.MAX_TABLE_ROWS], [1.6, 2.4, 1.2, 1.2, 1.2],
                             [False, False, True, True, True], unit=unit_eq, total=len(rows))
    tf = ctx.sheet("transfers")
    if tf is None:
        out += ctx.missing("transfers")
    else:
        g = tf.sort_values("transfer", ascending=False, kind="stable") \
            if "transfer" in tf.columns else tf
        top = g.head(10)
        foc = ctx.focal_rows(g)
        sel = pd.concat([foc, top[~top.index.isin(foc.index)]])
        rows = [[("▶ " if str(r.get("region_code")) == ctx.focal else "") +
                 ctx.region_label(r.get("region_code")),
                 fmt.number(_wan(r.get("standard_expenditure")), 0, lang),
                 fmt.number(_wan(r.get("standard_revenue")), 0, lang),
                 fmt.number(_wan(r.get("gap")), 0, lang), fmt.number(r.get("coefficient"), 2),
                 fmt.number(_wan(r.get("transfer")), 0, lang)]
                for _, r in sel.iterrows()]
        out += ctx.table(ctx.t("eq.transfers"),
                         [tr(k, lang) for k in ("col.region", "col.std_exp", "col.std_rev",
                                                "col.fgap", "col.coef", "col.transfer")],
                         rows, [1.6, 1.4, 1.4, 1.4, 0.8, 1.4], [False] + [True] * 5,
                         unit=tr("u.wanyuan", lang), total=len(g))
    return out


def _wan(v: object) -> float | None:
    try:
        return float(v) / 1e4  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


# --- 7. policy -------------------------------------------------------------------------------

@section("policy", "ch.policy", ("actions", "red_flags", "roles", "policy_quality"))
def policy(ctx: Context) -> list[Flowable]:
    """Action plan. Columns: actions (priority, industry_code, action_zh/en, finding,
    chain_zh/en, rule, source, category); red_flags (flag_id, question_zh/en, answer, triggered,
    text_zh/en, source); roles (role_id, text_zh/en, answer, score, source); policy_quality
    (item_id, text_zh/en, answer, score, source)."""
    lang = ctx.lang
    out: list[Flowable] = [ctx.p(ctx.t("po.intro"))]
    out.extend(ctx.heading(2, tr("po.sub.actions", lang)))
    ac = ctx.sheet("actions")
    if ac is None:
        out += ctx.missing("actions")
    else:
        g = ac.sort_values("priority", kind="stable") if "priority" in ac.columns else ac
        rows = [[fmt.integer(r.get("priority")), ctx.pick(r, "action_zh", "action_en"),
                 ctx.industry_name(r.get("industry_code")), r.get("finding"),
                 ctx.pick(r, "chain_zh", "chain_en"), r.get("source"),
                 label(r.get("category"), lang)]
                for _, r in g.head(styles.MAX_TABLE_ROWS).iterrows()]
        out += ctx.table(ctx.t("po.actions"),
                         [tr(k, lang) for k in ("col.priority", "col.action", "col.industry",
                                                "col.finding", "col.chain", "col.source",
                                                "col.category")],
                         rows, [0.7, 3, 1.6, 2.2, 2.6, 1.4, 1], [True] + [False] * 6,
                         source=ctx.t("source.kb", v=ctx.source_line()), total=len(g))
    out.extend(ctx.heading(2, tr("po.sub.checks", lang)))
    for sheet, title, idcol, textcols in (
        ("red_flags", "po.redflags", "flag_id", ("question_zh", "question_en")),
        ("roles", "po.roles", "role_id", ("text_zh", "text_en")),
        ("policy_quality", "po.quality", "item_id", ("text_zh", "text_en")),
    ):
        df = ctx.sheet(sheet)
        if df is None:
            out += ctx.missing(sheet)
            continue
        if sheet == "red_flags":
            header = ["ID", tr("col.question", lang), tr("col.answer", lang),
                      tr("col.triggered", lang), tr("col.label", lang), tr("col.source", lang)]
            rows = [[r.get(idcol), ctx.pick(r, *textcols), label(r.get("answer"), lang),
                     ("▲ " if bool(r.get("triggered")) else "") + label(r.get("triggered"), lang),
                     ctx.pick(r, "text_zh", "text_en"), r.get("source")]
                    for _, r in df.head(styles.MAX_TABLE_ROWS).iterrows()]
            widths = [0.6, 3.2, 0.8, 0.8, 3, 1.4]
        else:
            header = ["ID", tr("col.item", lang), tr("col.answer", lang), tr("col.score", lang),
                      tr("col.source", lang)]
            rows = [[r.get(idcol), ctx.pick(r, *textcols), label(r.get("answer"), lang),
                     fmt.number(r.get("score"), 2), r.get("source")]
                    for _, r in df.head(styles.MAX_TABLE_ROWS).iterrows()]
            widths = [0.6, 4.4, 1, 0.8, 1.6]
        out += ctx.table(ctx.t(title), header, rows, widths,
                         source=ctx.t("source.kb", v=ctx.source_line()), total=len(df))
    return out


# --- appendix --------------------------------------------------------------------------------

@section("appendix", "ch.appendix", ())
def appendix(ctx: Context) -> list[Flowable]:
    """Methods appendix: every formula (texts.FORMULAS), every threshold of the profile sheet
    (threshold_id, value, unit, label_zh/en, source) and data provenance from meta (inputs,
    warnings, app_version, profile_id/version/date)."""
    lang = ctx.lang
    out: list[Flowable] = [*ctx.heading(2, tr("ap.formulas", lang)), ctx.p(ctx.t("ap.notation"))]
    for i, (zh, en, formula, note_zh, note_en) in enumerate(FORMULAS, start=1):
        name = en if lang == "en" else zh
        note = note_en if lang == "en" else note_zh
        out.append(para(f"{escape(name)}：" if lang != "en" else f"{escape(name)}:",
                        "body.noindent", lang, bulletText=f"{i}."))
        out.append(para(escape(formula), "formula", lang))
        if note:
            out.append(para(escape(note), "formula", lang))
    out.extend(ctx.heading(2, tr("ap.thresholds", lang)))
    meta = ctx.meta
    out.append(ctx.p(ctx.t("ap.versions", app=meta.get("app_version", "—"),
                           id=meta.get("profile_id", "—"), ver=meta.get("profile_version", "—"),
                           date=meta.get("profile_date", "—"))))
    pr = ctx.sheet("profile")
    if pr is None:
        out += ctx.missing("profile")
    else:
        rows = [[r.get("threshold_id"), fmt.text(r.get("value")), r.get("unit"),
                 ctx.pick(r, "label_zh", "label_en"), r.get("source")]
                for _, r in pr.iterrows()]  # every threshold: never cut
        out += ctx.table(ctx.t("ap.thresholds.table"),
                         [tr(k, lang) for k in ("col.threshold", "col.value", "col.unit",
                                                "col.label", "col.source")],
                         rows, [3, 0.9, 0.9, 4, 2], [False, True, False, False, False],
                         unit=tr("mixed", lang),
                         source=escape(f"{meta.get('profile_id', '')} "
                                       f"{meta.get('profile_version', '')} "
                                       f"({meta.get('profile_date', '')})"))
    out.extend(ctx.heading(2, tr("ap.provenance", lang)))
    inputs = meta.get("inputs") or []
    out.append(ctx.p(ctx.t("ap.inputs") if inputs else ctx.t("ap.noinputs"), "body.noindent"))
    for name in inputs:
        out.append(para(esc(name), "bullet", lang, bulletText="•"))
    warnings = meta.get("warnings") or []
    out.append(ctx.p(ctx.t("ap.warnings") if warnings else ctx.t("ap.nowarnings"),
                     "body.noindent"))
    for w in warnings:
        out.append(para(esc(w), "finding.amber", lang, bulletText="!"))
    return out


#: Chapters in report order (the signature block follows "policy"; the appendix comes last).
CHAPTER_ORDER = ["summary", "identification", "lifecycle", "technology", "brand",
                 "equalization", "policy", "appendix"]
