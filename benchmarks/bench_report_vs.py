"""Benchmark: the demo report now against a baseline commit, on the same machine in one run.

Run: ``.venv/bin/python benchmarks/bench_report_vs.py [--baseline fae337a] [--rounds 3]``

The baseline commit is checked out into a temporary git worktree (deleted afterwards). Each
round runs, alternately, one child process per tree that assesses the bundled sample (not timed)
and times ``build_report`` in Chinese and English — the same sample, each tree's own engines and
report (so the page count is each version's own). Alternating rounds share the machine's load
(these machines are noisy); the figures are the fastest of the rounds, wall time and CPU time of
the report alone, with pages and size, and the ratio now / baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: runs in a child process inside one tree; both the old (``workflow``) and the new (``app``)
#: layout are supported
CHILD = r"""
import json, re, sys, time
from pathlib import Path
try:
    from clusterpolicy.app.sample import assess_sample
    from clusterpolicy.app.outputs import charts_data
except ImportError:
    from clusterpolicy.workflow import assess_sample, charts_data
from clusterpolicy.report import build_report
out = Path(sys.argv[1])
result = assess_sample(created="2026-11-22")
charts = charts_data(result)
rows = {}
for lang in ("zh", "en"):
    w0, c0 = time.perf_counter(), time.process_time()
    path = build_report(result.tables, result.meta, out / f"{lang}.pdf", lang=lang,
                        charts_data=charts)
    data = path.read_bytes()
    rows[lang] = {"wall": time.perf_counter() - w0, "cpu": time.process_time() - c0,
                  "pages": len(re.findall(rb"/Type\s*/Page[^s]", data)), "mb": len(data) / 1e6}
print("RESULT " + json.dumps(rows))
"""


def _run(tree: Path, out: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"), MPLBACKEND="Agg")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(out)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="fae337a", help="commit to compare with")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_report_vs_"))
    base_tree = tmp / "baseline"
    subprocess.run(
        ["git", "worktree", "add", "--detach", "-q", str(base_tree), args.baseline],
        cwd=REPO,
        check=True,
    )
    try:
        best: dict[str, dict] = {}
        for i in range(args.rounds):
            for name, tree in (("baseline", base_tree), ("now", REPO)):
                out = tmp / f"{name}{i}"
                out.mkdir()
                res = _run(tree, out)
                for lang, r in res.items():
                    key = f"{name} {lang}"
                    if key not in best or r["wall"] < best[key]["wall"]:
                        best[key] = r
                print(f"round {i + 1}: {name} done", flush=True)
        print(f"\nbaseline = {args.baseline}; fastest of {args.rounds} alternating rounds")
        for lang in ("zh", "en"):
            b, n = best[f"baseline {lang}"], best[f"now {lang}"]
            for name, r in (("baseline", b), ("now", n)):
                print(
                    f"{lang} {name:<9} wall {r['wall']:6.2f} s  cpu {r['cpu']:6.2f} s  "
                    f"pages {r['pages']:>3}  size {r['mb']:5.2f} MB"
                )
            print(
                f"{lang} ratio now/baseline: wall {n['wall'] / b['wall']:.2f}, "
                f"cpu {n['cpu'] / b['cpu']:.2f}, cpu per page "
                f"{(n['cpu'] / n['pages']) / (b['cpu'] / b['pages']):.2f}"
            )
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(base_tree)], cwd=REPO, check=False
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
