"""The chapter builders' context (:class:`Context`: result tables, meta, language, numbering,
and the helpers that make numbered headings, tables and charts) and small shared helpers.

Large inputs (thousands of regions) are cut to the focal region (``meta["region_code"]``) and
top-N lists (``styles.MAX_TABLE_ROWS`` rows, with a note saying how many were left out): the
full tables belong in the results workbook, not in a printed report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from clusterpolicy.model.codes import division
from clusterpolicy.model.codes.industries import sections, sectors
from clusterpolicy.report import fonts, plain, styles
from clusterpolicy.report.flowables import Heading, data_table, figure, para
from clusterpolicy.report.numbering import Numberer
from clusterpolicy.report.texts import tr
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label

#: the assessment step (``steps`` sheet) that writes each results sheet
STEP_OF = {
    **dict.fromkeys(
        ("clusters", "specialization", "concentration", "miit", "families"), "identification"
    ),
    "lifecycle": "lifecycle",
    **dict.fromkeys(("upgrading", "upgrading_summary"), "upgrading"),
    **dict.fromkeys(
        ("equalization", "agglomeration_threshold", "transfers", "scenario"), "equalization"
    ),
    **dict.fromkeys(("actions", "red_flags", "roles", "policy_quality"), "policy"),
}

#: Tables up to this share of the page height are kept on one page with their title and notes.
KEEP_TOGETHER_SHARE = 0.3
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
    #: {chapter key: printed number} (:func:`clusterpolicy.report.sections.chapter_numbers`)
    chapters: dict[str, int] = field(default_factory=dict)
    #: (page break before the last heading, the heading, paragraphs since) until a table or chart
    _after_heading: tuple | None = field(default=None, repr=False)

    #: the chapter keys the user chose to print (None: all), see :mod:`.outline`
    chosen: frozenset[str] | None = None

    # --- text -----------------------------------------------------------------------------
    def t(self, key: str, **values: object) -> str:
        """Fixed text (trusted); values are escaped here because they may come from data.
        ``{ch_<chapter key>}`` in a text is the reference to that chapter ("第八章" /
        "chapter 8") as this report numbers it; a reference to a chapter this report does not
        print is settled by :func:`clusterpolicy.report.refs.resolve` (its clause dropped, or
        the title with "（本报告未收录）")."""
        from clusterpolicy.report.outline import CHAPTER_ORDER
        from clusterpolicy.report.refs import resolve
        from clusterpolicy.report.texts import CATALOGUE
        from clusterpolicy.text.catalogue import pick

        if not self.chapters:
            from clusterpolicy.report.sections import chapter_numbers

            self.chapters = chapter_numbers(self.tables, self.chosen)
        printed = self.printed
        refs = {f"ch_{k}": self.chapter_ref(k) if k in printed else None for k in CHAPTER_ORDER}
        if key not in CATALOGUE:
            tr(key, self.lang)  # the catalogue's own KeyError, naming it
        template = resolve(pick(CATALOGUE[key], self.lang), refs, self.lang)
        filled = {k: v if v is not None else self.left_out_ref(k[3:]) for k, v in refs.items()}
        out = template.format(**filled, **{k: escape(str(v)) for k, v in values.items()})
        if self.lang == "en" and tr(key, "en").startswith("{") and out[:1].islower():
            out = out[0].upper() + out[1:]  # "technology: mean score …" starts a sentence
        return out

    @property
    def printed(self) -> list[str]:
        """The chapter keys this report prints, in order."""
        from clusterpolicy.report.sections import printed_chapters

        return printed_chapters(self.tables, self.chosen)

    @property
    def left_out(self) -> list[str]:
        """The chapters the user chose not to print, in report order."""
        from clusterpolicy.report.outline import CHAPTER_ORDER

        if self.chosen is None:
            return []
        return [k for k in CHAPTER_ORDER if k not in self.chosen]

    def left_out_ref(self, key: str) -> str:
        """ "“生命周期诊断”（本报告未收录）": a chapter this report does not print."""
        return tr("ref.left_out", self.lang, v=tr(f"ch.{key}", self.lang))

    def chapter_ref(self, key: str) -> str:
        """ "第八章" / "chapter 8" for the chapter ``key`` (its title if it is not numbered)."""
        n = self.chapters.get(key)
        if n is None:
            return tr(f"ch.{key}", self.lang)
        return f"第{fmt.chinese_numeral(n)}章" if self.lang != "en" else f"chapter {n}"

    @property
    def report_date(self) -> object:
        """The report's date: the one the user gave (meta ``report_date``), else the run's."""
        return self.meta.get("report_date") or self.meta.get("created")

    def threshold(self, threshold_id: str) -> float | None:
        """A threshold of the rule profile in force (the ``profile`` sheet), or None."""
        from clusterpolicy.model.periods import threshold_value

        return threshold_value(self.tables, threshold_id)

    def lbl(self, value: object) -> str:
        """Escaped display label of an enumeration value."""
        return escape(label(value, self.lang)) if not fmt.is_missing(value) else fmt.MISSING

    def changed_thresholds(self) -> list[dict]:
        """The thresholds the profile in force overrides (the ``profile`` sheet's rows with
        ``overridden``), as plain dicts; [] without the sheet."""
        pr = self.sheet("profile")
        if pr is None or "overridden" not in pr.columns:
            return []
        flags = pr["overridden"].map(lambda v: v is True or str(v).lower() in ("true", "1"))
        return [dict(r) for _, r in pr[flags].iterrows()]

    def pick(self, row: pd.Series | dict, zh: str, en: str) -> object:
        """The Chinese or English text column of a row (falls back to the other one)."""
        first, second = (en, zh) if self.lang == "en" else (zh, en)
        v = row.get(first)
        return v if not fmt.is_missing(v) else row.get(second)

    def clean(self, text: object) -> str:
        """A knowledge-base or engine sentence in plain form (:func:`plain.clean`), unescaped."""
        return plain.clean(text, self.lang)

    def src(self, text: object) -> str:
        """A source in plain form (:func:`plain.source`), unescaped; "" when none."""
        return plain.source(text, self.lang)

    def review_date(self) -> str:
        """The report date plus one year ("2027年12月" / "Dec 2027"), the default review date."""
        try:
            d = pd.Timestamp(str(self.report_date))
        except (ValueError, TypeError):
            return fmt.MISSING
        if pd.isna(d):
            return fmt.MISSING
        return f"{d.year + 1}年{d.month}月" if self.lang != "en" else f"{d.year + 1}-{d.month:02d}"

    @property
    def reference_name(self) -> str:
        """The reference area: meta["reference_name"], else the equalization sheet's unranked
        total row ("清源市合计" → "清源市"), else "参照区域"."""
        name = self.meta.get("reference_name")
        if not name:
            eq = self.sheet("equalization")
            if eq is not None and "rank" in eq.columns:
                tot = eq[eq["rank"].isna()]
                if len(tot):
                    r = tot.iloc[0]
                    n = self.pick(r, "region_name", "region_name_en")
                    if not fmt.is_missing(n):
                        name = re.sub(
                            r"\s*(合计|总计|全市|total|all)\s*$", "", str(n), flags=re.IGNORECASE
                        )
        return str(name) if name else ("参照区域" if self.lang != "en" else "the reference area")

    @property
    def focal(self) -> str:
        return str(self.meta.get("region_code", ""))

    @property
    def region_name(self) -> str:
        zh, en = self.meta.get("region_name_zh"), self.meta.get("region_name_en")
        name = (en or zh) if self.lang == "en" else (zh or en)
        return shorten(str(name or self.focal))

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
        return shorten(self._regions.get(code, code))

    def industry_name(self, code: object) -> str:
        """Industry name from the clusters sheet (industry_name_zh/en); in English a Chinese-only
        name (the importer's fallback) is replaced by the GB/T 4754 English name
        (:func:`division_name_en`); else the code."""
        names = self._industry_names()
        code = str(code)
        name = names.get(code)
        if self.lang == "en" and (name is None or has_cjk(name)):
            name = division_name_en(code) or name
        if name is None or name == code:  # a section ("C") or a sector ("SEC2"): the code table
            name = code_table_name(code, self.lang) or name
        return shorten(name or code)

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
        need = height + sum(block_height(f) for f in (head, *paras))
        brk.height = min(max(brk.height, need), styles.FRAME_HEIGHT)

    def missing(self, *sheets: str) -> list[Flowable]:
        """The note for a part the run could not do: the step's own reason and the data that
        would allow it ("本步骤未进行：…（需要：…）", from the ``steps`` sheet, as the command line
        and the desktop app say it), else "not included in this assessment"."""
        step = next((STEP_OF[s] for s in sheets if s in STEP_OF), None)
        steps = self.sheet("steps")
        if step and steps is not None and {"step", "status"} <= set(steps.columns):
            row = steps[steps["step"].astype(str) == step]
            if len(row) and str(row.iloc[0]["status"]) in ("skipped", "partial"):
                r = row.iloc[0]
                note = str(self.pick(r, "note_zh", "note_en") or "")
                needs = self.pick(r, "needs_zh", "needs_en")
                if note:
                    text = escape(note)
                    if not fmt.is_missing(needs) and str(needs):
                        text += self.t("missing.needs", v=str(needs))
                    return [self.p(text, "missing")]
        if sheets == ("shift_share",):  # the one part of a done step that needs two years
            return [self.p(self.t("missing.two_years"), "missing")]
        return [self.p(self.t("missing.section"), "missing")]

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
        table.continued_label = fonts.with_fallback(
            self.t("table.cont", n=self.table_no) + title,
            styles.style("table.title", self.lang).fontName,
        )
        table.continued_style = styles.style("table.title", self.lang)
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
            self._keep_heading_with(after, sum(block_height(f) for f in out))
            return [block, Spacer(1, 6)]
        # start on a new page unless the title, unit line, header and whole first row fit here
        # (the table never leaves its header without a full row, so a title would be stranded)
        lead = sum(block_height(f) for f in out[: out.index(table)]) + table.lead_height(
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


def code_table_name(code: str, lang: str) -> str | None:
    """The GB/T 4754-2017 name of a section ("C" → 制造业) or a sector ("SEC2" → 第二产业), or
    of a division when the results name none."""
    key = "name_en" if lang == "en" else "name_zh"
    for table in (sections(), sectors()):
        hit = table[table["code"].astype(str) == code]
        if len(hit) and not fmt.is_missing(hit.iloc[0][key]):
            return str(hit.iloc[0][key])
    if lang == "en":
        return division_name_en(code)
    try:
        row = division(code)
    except (ValueError, TypeError, KeyError):
        return None
    return None if row is None else str(row.get("name_zh"))


def block_height(f: Flowable) -> float:
    """Height of a flowable in the text block, with its space before and after."""
    return (
        f.wrap(styles.FRAME_WIDTH, styles.FRAME_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    )


def shorten(name: str, limit: int = 80) -> str:
    """A name cut to ``limit`` characters (names also go into headings, captions and charts)."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


def col(df: pd.DataFrame, name: str) -> pd.Series:
    """A column, or a column of missing values if the sheet lacks it."""
    if name in df.columns:
        return df[name]
    return pd.Series([None] * len(df), index=df.index, dtype=object)


# --- registry -------------------------------------------------------------------------------
