"""A process killed in the middle of a long save leaves a file with every committed change and
nothing of the interrupted one."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd

from clusterpolicy.store import Project

ROWS = 60_000  # rows of each result table; a save takes a few chunks of 20,000

WRITER = textwrap.dedent("""
    import sys, time
    import numpy as np, pandas as pd
    from clusterpolicy.store import Project

    path, rows = sys.argv[1], int(sys.argv[2])
    p = Project.open(path, user="writer")
    k = 0

    def progress(fraction, message):
        # the third save stops half-way through writing its table, inside the transaction
        if k == 3 and 0 < fraction < 1:
            print("MID", k, flush=True)
            time.sleep(60)

    while True:
        df = pd.DataFrame({"code": [f"{i:06d}" for i in range(rows)],
                           "value": np.arange(rows, dtype="float64") + k})
        p.set_answer(("roles", ""), "R1", k)          # a small edit, committed at once
        p.save_results({"t": df}, {"k": k}, progress=progress)
        print("COMMITTED", k, flush=True)
        k += 1
""")


def test_sigkill_during_a_save_keeps_committed_and_drops_uncommitted(tmp_path):
    path = tmp_path / "crash.cpa"
    Project.create(path, settings={"language": "zh"}).close()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(ROWS)], stdout=subprocess.PIPE, text=True
    )
    committed: list[int] = []
    try:
        for line in proc.stdout:
            word, k = line.split()
            if word == "COMMITTED":
                committed.append(int(k))
            elif word == "MID":
                proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no cleanup runs
                break
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert committed == [0, 1, 2]
    # the WAL of the killed writer is still beside the file: opening replays what was committed
    with Project.open(path) as p:
        info = p.recover_info()
        assert info.unclean
        results = p.list_results()
        assert [r.meta["k"] for r in results] == [0, 1, 2]  # the interrupted 4th save is absent
        for r in results:
            t = p.load_results(r.result_id).tables["t"]
            assert len(t) == ROWS
            assert t["code"].iloc[-1] == f"{ROWS - 1:06d}"
            np.testing.assert_array_equal(t["value"].to_numpy(), np.arange(ROWS) + r.meta["k"])
        # the answer typed before the interrupted save was committed on its own
        assert p.answer(("roles", ""), "R1").value == 3
        assert [h.new_value for h in p.answer_history(("roles", ""), "R1")] == [0, 1, 2, 3]
        # no orphan frame tables from the interrupted transaction
        conn = p._connection()
        tables = {
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'f0%'"
            )
        }
        assert tables == {r[0] for r in conn.execute("SELECT sql_table FROM frames")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        audit = [e.action for e in p.audit_log()]
        assert audit.count("save_results") == 3 and audit.count("answer") == 4
        assert info.changes_kept == 7
        # the file goes on working normally
        rid = p.save_results({"t": pd.DataFrame({"x": [1]})}, {"k": 99})
        assert p.load_results().result_id == rid
