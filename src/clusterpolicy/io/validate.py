"""Located, bilingual problems of an import, and the checks that need the whole picture.

Every problem names file, sheet, 1-based row and column letter and says how to fix it.
Errors (:func:`error`) stop the import — all of them are collected and raised together as one
:class:`~clusterpolicy.messages.ProblemError`. Warnings (:func:`warning`) go into
``CanonicalData.warnings``; nothing is dropped or changed without one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.messages import Problem, Severity

NON_NEGATIVE = frozenset(
    {
        "employment",
        "output",
        "firms",
        "population",
        "area_km2",
        "patents",
        "revenue",
        "manufacturing_employment",
        "exports",
        "rd_expenditure",
        "new_product_sales",
    }
)

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


def group_ids(df: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, int]:
    """(one int64 id per row, number of codes of the last column).

    Rows with equal values in ``cols`` (missing counts as a value) get equal ids, and ids follow
    the sorted order of the keys (column by column, missing last), so sorting by id sorts by the
    key columns, and ``id // n_last`` is the id of the row's group over all but the last column.
    Each column is factorised once (hash of the column, no row-wise Python)."""
    ids = np.zeros(len(df), dtype=np.int64)
    span, n = 1, 1
    for c in cols:
        codes, uniq = pd.factorize(df[c], sort=True, use_na_sentinel=True)
        n = len(uniq) + 1
        codes = np.where(codes < 0, n - 1, codes).astype(np.int64)
        if span * n >= 2**62:  # re-number before the product could overflow
            ids = pd.factorize(ids, sort=True)[0].astype(np.int64)
            span = int(ids.max()) + 1 if len(ids) else 1
        ids = ids * n + codes
        span *= n
    return ids, n


def duplicated_ids(ids: np.ndarray) -> np.ndarray:
    """Rows whose id occurs more than once (all of them, like ``duplicated(keep=False)``)."""
    if len(ids) < 2:
        return np.zeros(len(ids), dtype=bool)
    if np.all(ids[1:] > ids[:-1]):  # already sorted and unique: the usual case, no hashing
        return np.zeros(len(ids), dtype=bool)
    return pd.Series(ids).duplicated(keep=False).to_numpy()


def duplicate_conflicts(
    df: pd.DataFrame,
    key: list[str],
    measures: list[str],
    table: str,
    sources: dict[int, tuple[str, str, dict[str, str]]],
    dup_mask: np.ndarray | None = None,
) -> list[Problem]:
    """Rows with the same key and different values of a measure: one error per conflict
    (at most 20), each naming both places. ``dup_mask`` (rows whose key occurs more than once)
    may be passed when already known."""
    if dup_mask is None:
        dup_mask = duplicated_ids(group_ids(df, key)[0])
    if not dup_mask.any():
        return []
    dup = df[dup_mask]
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
            problems.append(
                error(
                    "duplicate_key",
                    f"{table} 中同一键（{keytxt}）的“{m}”有两个不同的值：{a[m]:g} 与 {b[m]:g}"
                    f"（另见 {fb} / {sb} / 第{int(b['_row'])}行 {cb.get(m, '')}列）。",
                    f"{table}: the same key ({keytxt}) has two different values of '{m}': {a[m]:g} and {b[m]:g}"
                    f" (see also {fb} / {sb} / row {int(b['_row'])} column {cb.get(m, '')}).",
                    "删除重复行，或在映射中把其中一个来源设为忽略。",
                    "Delete the duplicate row, or set one of the sources to ignored in the mapping.",
                    file=fa,
                    sheet=sa,
                    row=int(a["_row"]),
                    column=ca.get(m, ""),
                    value=f"{a[m]:g}",
                )
            )
            if len(problems) >= MAX_CELL_PROBLEMS:
                return problems
    return problems


def yoy_jumps(
    df: pd.DataFrame,
    key: list[str],
    measures: list[str],
    table: str,
    sources: dict[int, tuple[str, str, dict[str, str]]],
    ratio: float = 10.0,
    ids: tuple[np.ndarray, int] | None = None,
) -> list[Problem]:
    """Warnings for values that change more than ``ratio``× from one year to the next.

    Vectorised: rows are ordered by (other key columns, year) with one ``lexsort`` of integer
    ids; a row is compared with the row before it when both belong to the same group and their
    years differ by exactly 1: ``jump = prev > 0 and cur > 0 and (cur/prev > ratio or
    cur/prev < 1/ratio)``. The first 10 jumps per measure (in key order) are listed. ``ids``:
    :func:`group_ids` of ``others + ["year"]`` when the caller has them already."""
    if df.empty or "year" not in key:
        return []
    others = [k for k in key if k != "year"]
    out: list[Problem] = []
    year = pd.to_numeric(df["year"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    full, n_year = ids if ids is not None else group_ids(df, others + ["year"])
    if len(full) > 1 and np.all(full[1:] >= full[:-1]):
        order = np.arange(len(full))  # already in key order (usual for long tables)
    else:
        order = np.argsort(full, kind="stable")
    gs, ys = full[order] // n_year, year[order]
    pair = (gs[1:] == gs[:-1]) & (ys[1:] - ys[:-1] == 1)
    for m in measures:
        if m not in df.columns:
            continue
        v = df[m].to_numpy(dtype="float64", na_value=np.nan)[order]
        prev, cur = v[:-1], v[1:]
        with np.errstate(divide="ignore", invalid="ignore"):
            r = cur / prev
        mask = pair & (prev > 0) & (cur > 0) & ((r > ratio) | (r < 1 / ratio))
        hits = order[1:][mask]
        for i in hits[:10]:
            row = df.iloc[int(i)]
            f, s, cols = sources.get(int(row["_src"]), ("", "", {}))
            keytxt = ", ".join(f"{k}={row[k]}" for k in others)
            out.append(
                warning(
                    "yoy_jump",
                    f"{table}：{keytxt} 的“{m}”在 {int(row['year'])} 年比上年变化超过 {ratio:g} 倍，请核对单位或数值。",
                    f"{table}: '{m}' of {keytxt} changes more than {ratio:g}x from the year before in {int(row['year'])};"
                    " check the unit or the value.",
                    file=f,
                    sheet=s,
                    row=int(row["_row"]),
                    column=cols.get(m, ""),
                )
            )
        n = len(hits)
        if n > 10:
            out.append(
                warning(
                    "yoy_jump_more",
                    f"另有 {n - 10} 处“{m}”的年度跳变。",
                    f"{n - 10} more year-on-year jumps of '{m}'.",
                )
            )
    return out
