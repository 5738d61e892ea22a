"""The methods appendix: formulas, thresholds of the rule profile, data provenance."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.platypus import Flowable

from clusterpolicy.report import plain
from clusterpolicy.report.context import Context, col, has_cjk
from clusterpolicy.report.digest import group_warnings
from clusterpolicy.report.flowables import esc, para
from clusterpolicy.report.sections import section
from clusterpolicy.report.texts import FORMULAS, FORMULAS_EN, tr
from clusterpolicy.text import formats as fmt


@section("appendix", "ch.appendix", ())
def appendix(ctx: Context) -> list[Flowable]:
    """Methods appendix: every formula (texts.FORMULAS), every threshold of the profile sheet
    (threshold_id, value, unit, label_zh/en, source) and data provenance from meta (inputs,
    warnings grouped by kind with counts, app_version, profile_id/version/date)."""
    lang = ctx.lang
    out: list[Flowable] = []
    if ctx.left_out:  # what the user chose not to print, said where the methods are
        sep = "、" if lang != "en" else "; "
        names = sep.join(tr(f"ch.{k}", lang) for k in ctx.left_out)
        out.append(ctx.p(ctx.t("ap.left_out", v=names)))
    out += [*ctx.heading(2, tr("ap.formulas", lang)), ctx.p(ctx.t("ap.notation"))]
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
        if lang == "en":
            formula = FORMULAS_EN.get(en, formula)
        out.append(para(escape(formula) + ("　" + escape(note) if note else ""), "formula", lang))
    out += _thresholds(ctx)
    out += _provenance(ctx)
    return out


def _thresholds(ctx: Context) -> list[Flowable]:
    """Software and profile versions and every threshold, one table per module."""
    lang = ctx.lang
    out: list[Flowable] = []
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
    out += _local_profile(ctx)
    pr = ctx.sheet("profile")
    if pr is None:
        return out + ctx.missing("profile")
    # every threshold, never cut; one table per module; ids stay in the workbook
    ids = col(pr, "threshold_id").astype(str)
    modules = ids.str.split(".", n=1).str[0]
    for module in dict.fromkeys(modules):
        part = pr[modules == module]
        rows = [
            [
                ctx.clean(ctx.pick(r, "label_zh", "label_en")) or fmt.MISSING,
                fmt.quantity(r.get("value"), r.get("unit"), lang),
                _basis(ctx, r.get("source")),
                _status(r, lang),
            ]
            for _, r in part.iterrows()
        ]
        out += ctx.table(
            ctx.t("ap.thresholds.table", v=_module_name(module, lang), n=len(rows)),
            [tr(k, lang) for k in ("col.label", "col.value", "col.basis", "col.status")],
            rows,
            [4.4, 1.3, 3.6, 0.9],
            [False, True, False, False],
            unit=tr("mixed", lang),
            source=escape(
                f"{meta.get('profile_id', '')} "
                f"{meta.get('profile_version', '')} "
                f"({meta.get('profile_date', '')})"
            ),
        )
    out.extend(ctx.heading(2, tr("ap.works", lang)))
    out += [
        para(esc(w), "bullet", lang, bulletText=f"[{i}]")
        for i, w in enumerate(plain.bibliography(lang), start=1)
    ]
    return out


def _local_profile(ctx: Context) -> list[Flowable]:
    """For a local rule profile: who changed which thresholds of which profile and why, and a
    table of each changed threshold with its default and the value used."""
    meta, lang = ctx.meta, ctx.lang
    if not meta.get("profile_reason"):
        return []
    changed = ctx.changed_thresholds()
    out: list[Flowable] = [
        ctx.p(
            ctx.t(
                "ap.local",
                title=meta.get("profile_title_en" if lang == "en" else "profile_title_zh") or "—",
                id=meta.get("profile_id", "—"),
                ver=meta.get("profile_version", "—"),
                date=meta.get("profile_date", "—"),
                who=meta.get("profile_author") or "—",
                base=meta.get("profile_based_on") or "—",
                n=len(changed),
                reason=meta.get("profile_reason"),
            )
        )
    ]
    if not changed:
        return out
    rows = [
        [
            ctx.clean(ctx.pick(r, "label_zh", "label_en")) or fmt.MISSING,
            fmt.quantity(r.get("default_value"), r.get("unit"), lang),
            fmt.quantity(r.get("value"), r.get("unit"), lang),
        ]
        for r in changed
    ]
    out += ctx.table(
        ctx.t("ap.local.table", n=len(rows)),
        [tr(k, lang) for k in ("col.label", "col.default", "col.used")],
        rows,
        [6.0, 1.6, 1.6],
        [False, True, True],
        unit=tr("mixed", lang),
        source=ctx.t(
            "ap.local.source",
            title=meta.get("profile_title_en" if lang == "en" else "profile_title_zh") or "—",
            id=meta.get("profile_id", "—"),
            ver=meta.get("profile_version", "—"),
        ),
    )
    return out


def _basis(ctx: Context, source: object) -> str:
    """The threshold's basis in plain form; in the Chinese report a basis that is the software's
    own choice reads "本软件设定（待本地核定）" and the English wording of a cited framework is
    kept only behind its Chinese name when no Chinese one exists."""
    text = ctx.src(source) or fmt.MISSING
    if ctx.lang == "en" or has_cjk(text) or text == fmt.MISSING:
        return text
    if plain.is_default(source) or re.search(r"app'?s? choice|the tool|this app", str(source)):
        return tr("ap.basis.app", ctx.lang)
    return tr("ap.basis.en", ctx.lang, v=text)


def _status(r: pd.Series, lang: str) -> str:
    """已调整 (the user changed it), 默认值 (the software's own choice), else "—"."""
    if bool(r.get("overridden")) and not fmt.is_missing(r.get("overridden")):
        return tr("ap.overridden", lang)
    if plain.is_default(r.get("source")):
        return tr("ap.default", lang)
    return fmt.MISSING


def _provenance(ctx: Context) -> list[Flowable]:
    """Imported files and import warnings grouped by kind."""
    lang, meta = ctx.lang, ctx.meta
    out: list[Flowable] = []
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
    if lang == "en":
        return out  # the importer's notes are in Chinese: the workbook lists them
    rows = [
        [
            plain.clean(fmt.plain_number_text(g.kind), lang) or fmt.MISSING,
            str(g.count),
            "、".join(g.sheets[:4]) + (f"等{len(g.sheets)}个" if len(g.sheets) > 4 else "")
            or fmt.MISSING,
        ]
        for g in groups
    ]
    out += ctx.table(
        ctx.t("ap.warnings.table", n=len(rows)),
        [tr(k, lang) for k in ("col.kind", "col.count", "col.sheets")],
        rows,
        [5.0, 0.8, 3.6],
        [False, True, False],
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
        "effects": "ch.welfare_effects",
        "miit": "ap.module.miit",
    }.get(module)
    if key is None and module in ("upgrading", "technology", "brand"):
        return "升级评估" if lang != "en" else "Upgrading"
    return tr(key, lang) if key else module
