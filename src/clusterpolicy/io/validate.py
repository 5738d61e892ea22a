"""Located, bilingual problems of an import, and the checks that need the whole picture.

Every problem names file, sheet, 1-based row and column letter and says how to fix it.
Errors (:func:`error`) stop the import — all of them are collected and raised together as one
:class:`~clusterpolicy.messages.ProblemError`. Warnings (:func:`warning`) go into
``CanonicalData.warnings``; nothing is dropped or changed without one.
"""

from __future__ import annotations

import pandas as pd

from clusterpolicy.messages import Problem, Severity

NON_NEGATIVE = frozenset({
    "employment", "output", "firms", "population", "area_km2", "patents", "revenue",
    "manufacturing_employment", "exports", "rd_expenditure", "new_product_sales",
})

MAX_CELL_PROBLEMS = 20  # per column and kind; the rest are summarised


def error(code, zh, en, fix_zh="", fix_en="", **loc) -> Problem:
    return Problem(code, Severity.ERROR, zh, en, fix_zh, fix_en, **loc)


def warning(code, zh, en, fix_zh="", fix_en="", **loc) -> Problem:
    return Problem(code, Severity.WARNING, zh, en, fix_zh, fix_en, **loc)


def info(code, zh, en, **loc) -> Problem:
    return Problem(code, Severity.INFO, zh, en, **loc)


def rows_text(rows, limit: int = 8) -> str:
    rows = list(rows)
    s = ", ".join(str(r) for r in rows[:limit])
    return s + (f" …(+{len(rows) - limit})" if len(rows) > limit else "")


def duplicate_conflicts(df: pd.DataFrame, key: list[str], measures: list[str], table: str,
                        sources: dict[int, tuple[str, str, dict[str, str]]]) -> list[Problem]:
    """Rows with the same key and different values of a measure: one error per conflict
    (at most 20), each naming both places."""
    dup = df[df.duplicated(key, keep=False)]
    if dup.empty:
        return []
    problems: list[Problem] = []
    for m in measures:
        if m not in dup.columns:
            continue
        sub = dup[dup[m].notna()]
        if sub.empty:
            continue
        g = sub.groupby(key, sort=False, dropna=False)[m]
        spread = g.transform("max") - g.transform("min")
        tol = 1e-9 * sub[m].abs() + 1e-6
        bad = sub[spread > tol]
        for _, grp in bad.groupby(key, sort=False, dropna=False):
            a, b = grp.iloc[0], grp.iloc[1]
            fa, sa, ca = sources.get(int(a["_src"]), ("", "", {}))
            fb, sb, cb = sources.get(int(b["_src"]), ("", "", {}))
            keytxt = ", ".join(f"{k}={a[k]}" for k in key)
            problems.append(error(
                "duplicate_key",
                f"{table} 中同一键（{keytxt}）的“{m}”有两个不同的值：{a[m]:g} 与 {b[m]:g}"
                f"（另见 {fb} / {sb} / 第{int(b['_row'])}行 {cb.get(m, '')}列）。",
                f"{table}: the same key ({keytxt}) has two different values of '{m}': {a[m]:g} and {b[m]:g}"
                f" (see also {fb} / {sb} / row {int(b['_row'])} column {cb.get(m, '')}).",
                "删除重复行，或在映射中把其中一个来源设为忽略。",
                "Delete the duplicate row, or set one of the sources to ignored in the mapping.",
                file=fa, sheet=sa, row=int(a["_row"]), column=ca.get(m, ""), value=f"{a[m]:g}",
            ))
            if len(problems) >= MAX_CELL_PROBLEMS:
                return problems
    return problems


def yoy_jumps(df: pd.DataFrame, key: list[str], measures: list[str], table: str,
              sources: dict[int, tuple[str, str, dict[str, str]]], ratio: float = 10.0) -> list[Problem]:
    """Warnings for values that change more than ``ratio``× from one year to the next."""
    if df.empty or "year" not in key:
        return []
    others = [k for k in key if k != "year"]
    out: list[Problem] = []
    d = df.sort_values(others + ["year"])
    for m in measures:
        if m not in d.columns:
            continue
        prev = d.groupby(others, sort=False, dropna=False)[m].shift(1)
        prev_year = d.groupby(others, sort=False, dropna=False)["year"].shift(1)
        r = d[m] / prev
        mask = (prev > 0) & (d[m] > 0) & ((r > ratio) | (r < 1 / ratio)) & (d["year"] - prev_year == 1)
        for _, row in d[mask].head(10).iterrows():
            f, s, cols = sources.get(int(row["_src"]), ("", "", {}))
            keytxt = ", ".join(f"{k}={row[k]}" for k in others)
            out.append(warning(
                "yoy_jump",
                f"{table}：{keytxt} 的“{m}”在 {int(row['year'])} 年比上年变化超过 {ratio:g} 倍，请核对单位或数值。",
                f"{table}: '{m}' of {keytxt} changes more than {ratio:g}x from the year before in {int(row['year'])};"
                " check the unit or the value.",
                file=f, sheet=s, row=int(row["_row"]), column=cols.get(m, ""),
            ))
        n = int(mask.sum())
        if n > 10:
            out.append(warning("yoy_jump_more", f"另有 {n - 10} 处“{m}”的年度跳变。",
                               f"{n - 10} more year-on-year jumps of '{m}'."))
    return out
