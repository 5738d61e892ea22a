"""A smoke run of the import fuzzer (tools/fuzz_import.py) on 20 mutants of the small
constructed seeds: every outcome is counted, none is a failure, and mutants are deterministic.
The long run (≥ 10,000 mutants) is not part of the suite; its command and counts are in the
README."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import fuzz_import  # noqa: E402
from fuzz_mutate import load_seeds  # noqa: E402


def test_mutants_are_deterministic():
    seeds = load_seeds("constructed")
    a = [fuzz_import._mutant(seeds, 7, i) for i in range(30)]
    b = [fuzz_import._mutant(seeds, 7, i) for i in range(30)]
    assert [(s.name, d, desc) for s, d, desc in a] == [(s.name, d, desc) for s, d, desc in b]
    assert len({desc for _s, _d, desc in a}) > 10  # and they differ from one another


def test_smoke_run_counts_every_mutant(tmp_path):
    out = tmp_path / "summary.json"
    cmd = [sys.executable, str(REPO / "tools" / "fuzz_import.py"), "--count", "20", "--seed", "3"]
    cmd += ["--seeds", "constructed", "--keep", str(tmp_path / "kept"), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    summary = json.loads(out.read_text("utf-8"))
    counts = summary["counts"]
    assert sum(counts.values()) == 20
    assert set(counts) == {"ok", "located", "unlocated", "traceback", "memory", "abort", "hang"}
    assert summary["failures"] == [] and proc.returncode == 0, summary["failures"]
    assert counts["ok"] + counts["located"] == 20
