"""Benchmark: every metric on 3,000 regions × 100 industries × 10 years (synthetic data).

Run: ``.venv/bin/python benchmarks/bench_metrics.py``. Prints the time of each step, the total
(goal < 2 s on a 2-core machine) and, for the location quotient and the shift-share, a plain
per-cell Python loop on a slice extrapolated to the full size, with the speed-up ratio.
Not a timed test.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from clusterpolicy import metrics as M

N_REGIONS, N_INDUSTRIES, N_YEARS = 3000, 100, 10


def make_panel(seed: int = 0) -> dict[int, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    regions = [f"{k:06d}" for k in range(N_REGIONS)]
    industries = [f"C{k:02d}" for k in range(N_INDUSTRIES)]
    base = rng.lognormal(5, 1.5, (N_REGIONS, N_INDUSTRIES)) * (
        rng.random((N_REGIONS, N_INDUSTRIES)) > 0.1
    )
    panel = {}
    for t in range(N_YEARS):
        base = base * rng.lognormal(0.02, 0.05, base.shape)
        panel[2010 + t] = pd.DataFrame(base.round(), index=regions, columns=industries)
    return panel


def all_metrics(
    panel: dict[int, pd.DataFrame], firms: pd.DataFrame, pop: pd.Series, area: pd.Series
) -> dict:
    """Every metric for every year (the set the indicator tables need, and more)."""
    times: dict[str, float] = {}

    def timed(name, fn):
        t0 = time.perf_counter()
        out = fn()
        times[name] = times.get(name, 0.0) + time.perf_counter() - t0
        return out

    years = sorted(panel)
    lqs = {}
    for y in years:
        m = panel[y]
        lqs[y] = timed("location_quotient", lambda m=m: M.location_quotient(m))
        timed("standardized_lq", lambda y=y: M.standardized_lq(lqs[y]))
        timed("specialization_indices", lambda m=m: M.specialization_indices(m))
        timed("concentration_indices", lambda m=m: M.concentration_indices(m))
        timed("ellison_glaeser_matrix", lambda m=m: M.ellison_glaeser_matrix(m, firms))
        timed("litzenberger_sternberg", lambda m=m: M.litzenberger_sternberg(m, area, pop, firms))
        timed(
            "inequality_indices", lambda m=m: M.inequality_indices(m.sum(axis=1) / pop, weights=pop)
        )
    first, last = panel[years[0]], panel[years[-1]]
    for method in ("dunn", "esteban", "gerfin"):
        timed(
            "shift_share (3 methods)",
            lambda method=method: M.shift_share(first, last, method=method),
        )
    timed("dynamic_shift_share", lambda: M.dynamic_shift_share(panel))
    timed("purdue_quadrants", lambda: M.purdue_quadrants(lqs[years[0]], lqs[years[-1]]))
    timed("cagr", lambda: M.cagr(first, last, len(years) - 1))
    timed(
        "sigma/beta convergence",
        lambda: (
            M.sigma_convergence(pd.DataFrame({y: panel[y].sum(axis=1) / pop for y in years})),
            M.beta_convergence(first.sum(axis=1) / pop, last.sum(axis=1) / pop, len(years) - 1),
        ),
    )
    return times


def loop_lq(mat: pd.DataFrame, rows: int) -> float:
    """Plain Python per-cell LQ on the first ``rows`` regions; returns seconds."""
    v = mat.to_numpy().tolist()
    t0 = time.perf_counter()
    col_sums = [sum(v[j][i] for j in range(len(v))) for i in range(len(v[0]))]
    grand = sum(col_sums)
    out = []
    for j in range(rows):
        e_j = sum(v[j])
        out.append(
            [
                (v[j][i] / e_j) / (col_sums[i] / grand) if e_j and col_sums[i] else float("nan")
                for i in range(len(v[0]))
            ]
        )
    return time.perf_counter() - t0


def loop_shift_share(e1: pd.DataFrame, e2: pd.DataFrame, rows: int) -> float:
    """Plain Python per-cell Dunn shift-share on the first ``rows`` regions; returns seconds."""
    a, b = e1.to_numpy().tolist(), e2.to_numpy().tolist()
    t0 = time.perf_counter()
    n1 = [sum(r[i] for r in a) for i in range(len(a[0]))]
    n2 = [sum(r[i] for r in b) for i in range(len(b[0]))]
    big_r = sum(n2) / sum(n1)
    for j in range(rows):
        ns = im = rs = 0.0
        for i in range(len(a[0])):
            r_i = n2[i] / n1[i]
            ns += a[j][i] * (big_r - 1)
            im += a[j][i] * (r_i - big_r)
            rs += b[j][i] - a[j][i] * r_i
    return time.perf_counter() - t0


def main() -> None:
    panel = make_panel()
    years = sorted(panel)
    rng = np.random.default_rng(1)
    first = panel[years[0]]
    firms = (first / rng.uniform(5, 50, first.shape)).clip(lower=0).round() + (first > 0)
    pop = pd.Series(rng.uniform(1e4, 1e7, N_REGIONS), index=first.index)
    area = pd.Series(rng.uniform(10, 5e4, N_REGIONS), index=first.index)

    M.location_quotient(first.iloc[:10])  # warm-up (imports, first-call overhead)
    t0, c0 = time.perf_counter(), time.process_time()
    times = all_metrics(panel, firms, pop, area)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0

    cells = N_REGIONS * N_INDUSTRIES
    print(
        f"All metrics: {N_REGIONS} regions × {N_INDUSTRIES} industries × {N_YEARS} years "
        f"({cells * N_YEARS:,} cells)"
    )
    for name, sec in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<28s} {sec * 1000:9.1f} ms")
    print(
        f"  {'TOTAL (wall)':<28s} {total * 1000:9.1f} ms   (goal < 2000 ms: {'met' if total < 2 else 'NOT met'})"
    )
    print(
        f"  {'TOTAL (CPU of this process)':<28s} {cpu * 1000:9.1f} ms   (wall > CPU means other load on the machine)"
    )

    slice_rows = 300
    lq_loop = loop_lq(first, slice_rows) * (N_REGIONS / slice_rows) * N_YEARS
    lq_vec = times["location_quotient"]
    ss_loop = loop_shift_share(first, panel[years[-1]], slice_rows) * (N_REGIONS / slice_rows)
    ss_vec = times["shift_share (3 methods)"] / 3
    print("Plain per-cell Python loop (on 300 regions, extrapolated to the full size):")
    print(
        f"  LQ, 10 years:        loop {lq_loop * 1000:9.1f} ms   vectorised {lq_vec * 1000:7.1f} ms   "
        f"ratio {lq_loop / lq_vec:6.1f}×"
    )
    print(
        f"  shift-share (Dunn):  loop {ss_loop * 1000:9.1f} ms   vectorised {ss_vec * 1000:7.1f} ms   "
        f"ratio {ss_loop / ss_vec:6.1f}×"
    )


if __name__ == "__main__":
    main()
