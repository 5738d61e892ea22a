"""Mutation fuzzer of the importer: every mutant of the seed files must import or give located
problems — never a traceback, a native abort, a hang or a memory blow-up.

    .venv/bin/python tools/fuzz_import.py --count 10000 --seed 1 --workers 2
    .venv/bin/python tools/fuzz_import.py --count 20 --seeds constructed   # a smoke run

Mutants come from :mod:`fuzz_mutate` (deterministic: mutant *i* depends only on ``--seed`` and
*i*). Each runs through ``clusterpolicy.io.importer.import_files`` in a persistent worker process
(started once, many mutants each) whose address space is capped (``RLIMIT_AS``, ``--mem-mb``); a
watchdog gives each mutant ``--timeout`` seconds. Outcomes:

* ``ok`` — imported; ``located`` — a ``ProblemError`` whose problems all have both texts and at
  least one names the file;
* ``unlocated`` — a ``ProblemError`` that names no file (a message without a location);
* ``traceback`` — any other exception escaped (an internal error), ``memory`` — a MemoryError;
* ``abort`` — the worker died (a negative return code: a signal, e.g. SIGABRT from a native
  allocation failure), ``hang`` — no answer within the time limit (the worker is killed), and
  none either when the mutant is run again in a fresh worker with three times the limit (a
  mutant that answers then is counted by that answer and listed under ``slow_retried``: the
  sample workbook alone takes 5 s, more on a loaded machine).

After ``memory``, ``abort`` and ``hang`` the worker is replaced. Failing mutants are kept in
``--keep`` (the file and a ``.json`` saying seed, mutation, outcome and traceback) for
reproduction: ``.venv/bin/python tools/fuzz_import.py --replay KEPT_FILE``. The counts are
printed and written, with the rate and the failures, to ``--out`` (JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
OUTCOMES = ("ok", "located", "unlocated", "traceback", "memory", "abort", "hang")
FAILURES = ("unlocated", "traceback", "memory", "abort", "hang")


# --------------------------------------------------------------------------------- the worker


def _classify(path: Path) -> dict:
    import traceback

    from clusterpolicy.io.importer import import_files
    from clusterpolicy.messages import ProblemError

    try:
        import_files([path])
        return {"outcome": "ok"}
    except ProblemError as e:
        probs = e.problems
        texts = all(p.message_zh and p.message_en for p in probs)
        named = any(p.file == path.name for p in probs)
        code = probs[0].code if probs else ""
        return {"outcome": "located" if probs and texts and named else "unlocated", "code": code}
    except MemoryError:
        return {"outcome": "memory", "detail": traceback.format_exc()[-3000:]}
    except Exception:  # noqa: BLE001 - exactly what the fuzzer looks for
        return {"outcome": "traceback", "detail": traceback.format_exc()[-3000:]}


def worker(mem_mb: int) -> int:
    """Read mutant paths from stdin, answer one JSON line each on stdout."""
    import logging
    import resource

    if mem_mb:
        resource.setrlimit(resource.RLIMIT_AS, (mem_mb << 20, mem_mb << 20))
    logging.disable(logging.CRITICAL)
    import clusterpolicy.io.importer  # noqa: F401 - loaded before the first time limit

    out = sys.stdout
    sys.stdout = sys.stderr  # nothing else may write to the answer channel
    out.write('{"ready": true}\n')
    out.flush()
    for line in sys.stdin:
        res = _classify(Path(line.strip()))
        out.write(json.dumps(res) + "\n")
        out.flush()
        if res["outcome"] == "memory":
            return 3  # a fresh process for the next mutant
    return 0


class Worker:
    """One worker process and a thread that turns its stdout into a queue of lines."""

    def __init__(self, mem_mb: int, env: dict):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--mem-mb", str(mem_mb)]
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, env=env, bufsize=1,
        )  # fmt: skip
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        first = self.lines.get(timeout=120)
        if first is None:
            raise RuntimeError(f"worker did not start (rc {self.proc.wait()})")

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def run(self, path: Path, timeout: float) -> dict:
        try:
            self.proc.stdin.write(f"{path}\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            return {"outcome": "hang", "detail": f"no answer within {timeout:g} s"}
        if line is None:
            rc = self.proc.wait()
            return {"outcome": "abort", "rc": rc, "detail": f"worker exited with {rc}"}
        return json.loads(line)

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.alive:
            self.proc.kill()
        self.proc.wait()


# --------------------------------------------------------------------------------- the parent


def _mutant(seeds, base_seed: int, i: int):
    from fuzz_mutate import mutate

    rng = random.Random(f"{base_seed}:{i}")
    seed = rng.choices(seeds, weights=[s.weight for s in seeds])[0]
    data, desc = mutate(seed, rng)
    return seed, data, desc


def run(args) -> dict:
    from fuzz_mutate import load_seeds

    seeds = load_seeds(args.seeds)
    work = Path(tempfile.mkdtemp(prefix="fuzz_import_"))
    keep = Path(args.keep)
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    env["CLUSTERPOLICY_USER_DIR"] = str(work / "user")  # mappings remembered by imports go here
    env["CLUSTERPOLICY_LOG_DIR"] = str(work / "logs")
    counts: Counter = Counter()
    by_seed: dict[str, Counter] = {}
    codes: Counter = Counter()  # the first problem's code of each located outcome
    slow: list[dict] = []  # past the limit once, answered within 3× the limit on a retry
    failures: list[dict] = []
    lock = threading.Lock()
    todo = iter(range(args.count))
    t0 = time.monotonic()

    def drive(w_index: int) -> None:
        w = Worker(args.mem_mb, env)
        while True:
            with lock:
                i = next(todo, None)
            if i is None:
                break
            seed, data, desc = _mutant(seeds, args.seed, i)
            path = work / f"m{i}_{w_index}{seed.suffix}"
            path.write_bytes(data)
            res = w.run(path, args.timeout)
            if res["outcome"] == "hang":  # slow on a loaded machine, or a real hang?
                w = Worker(args.mem_mb, env)
                res = w.run(path, args.timeout * 3)
                res["slow"] = res["outcome"] != "hang"
            if res["outcome"] in ("memory", "abort", "hang") or not w.alive:
                w.kill()  # never hand the next mutant to a worker that is exiting
                w = Worker(args.mem_mb, env)
            out = res["outcome"]
            with lock:
                counts[out] += 1
                by_seed.setdefault(seed.name, Counter())[out] += 1
                if "code" in res:
                    codes[res["code"]] += 1
                if res.pop("slow", False):
                    slow.append({"i": i, "seed": seed.name, "mutation": desc})
                if out in FAILURES:
                    kept = keep / f"{out}_{i}{seed.suffix}"
                    keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, kept)
                    rec = {"i": i, "seed": seed.name, "mutation": desc, **res, "file": str(kept)}
                    kept.with_suffix(kept.suffix + ".json").write_text(
                        json.dumps(rec, ensure_ascii=False, indent=1), "utf-8"
                    )
                    failures.append(rec)
                done = sum(counts.values())
                if args.progress and done % args.progress == 0:
                    rate = done / (time.monotonic() - t0)
                    print(f"{done:>6} done, {rate:.2f}/s: {dict(counts)}", flush=True)
            path.unlink(missing_ok=True)
        w.kill()

    threads = [threading.Thread(target=drive, args=(k,)) for k in range(args.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - t0
    return {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "seed": args.seed,
        "count": args.count,
        "workers": args.workers,
        "timeout_s": args.timeout,
        "mem_mb": args.mem_mb,
        "elapsed_s": round(elapsed, 1),
        "mutants_per_s": round(args.count / elapsed, 2) if elapsed else None,
        "counts": {k: counts.get(k, 0) for k in OUTCOMES},
        "by_seed": {k: dict(v) for k, v in sorted(by_seed.items())},
        "located_codes": dict(codes.most_common()),
        "slow_retried": slow,
        "failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per mutant")
    ap.add_argument("--mem-mb", type=int, default=2560, help="address-space cap per worker")
    ap.add_argument("--seeds", choices=["all", "constructed"], default="all")
    ap.add_argument("--keep", default="fuzz_failures", help="folder for failing mutants")
    ap.add_argument("--out", default="fuzz_summary.json")
    ap.add_argument("--progress", type=int, default=0, help="print counts every N mutants")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--replay", help="run one kept mutant in this process and print the outcome")
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.mem_mb)
    if args.replay:
        print(json.dumps(_classify(Path(args.replay)), ensure_ascii=False, indent=1))
        return 0
    summary = run(args)
    Path(args.out).write_text(json.dumps(summary, ensure_ascii=False, indent=1), "utf-8")
    c = summary["counts"]
    print(
        f"{args.count} mutants in {summary['elapsed_s']} s ({summary['mutants_per_s']}/s): "
        + ", ".join(f"{k} {c[k]}" for k in OUTCOMES)
    )
    return 1 if any(c[k] for k in FAILURES) else 0


if __name__ == "__main__":
    raise SystemExit(main())
