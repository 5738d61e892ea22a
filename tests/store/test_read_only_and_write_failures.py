"""Read-only files and media open read-only with a notice (never "damaged"); disk full,
permission denied and a vanished folder give a plain located message and lose nothing.

Where this needs the operating system's help the tests say how they get it:

* chmod 444 does not stop root (the tests run as root here): the real test runs as the
  unprivileged user ``nobody`` through ``setpriv`` when root, and is skipped when neither works;
  the same condition is also injected (``connection.not_writable`` / a connection SQLite cannot
  write through).
* read-only media: simulated portably by a ``-wal`` directory beside the file (SQLite cannot
  create its journal there, exactly as on a CD), and for real with a read-only bind mount in a
  private mount namespace (``unshare``) when root.
* disk full: SQLite's own SQLITE_FULL through ``PRAGMA max_page_count``, an injected
  ``OSError(ENOSPC)`` for file copies, and for real on a 2 MB tmpfs (``unshare`` + ``mount``)
  when root.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusterpolicy.messages import ProblemError
from clusterpolicy.store import Project, connection, copies, problems

from .conftest import sample_data

SRC = str(Path(__file__).resolve().parents[2] / "src")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "good.cpa"
    with Project.create(path, settings={"language": "zh"}) as p:
        p.save_data(sample_data())
        p.set_answer(("roles", ""), "R1", 3)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_opened_read_only(p: Project, why_en: str) -> None:
    assert p.read_only
    (notice,) = p.notices
    assert notice.code == "project_opened_read_only" and str(notice.severity) == "warning"
    assert why_en in notice.message_en and "opened read-only" in notice.message_en
    assert "只读方式打开" in notice.message_zh and "另存为" in notice.fix_zh
    assert p.answer(("roles", ""), "R1").value == 3 and len(p.load_data().industry_data) == 4
    with pytest.raises(ProblemError) as err:
        p.set_answer(("roles", ""), "R1", 4)
    assert err.value.problems[0].code == "project_read_only"


def run_python(script: str, *, prefix: list[str] = (), timeout: int = 120):
    env = dict(os.environ, PYTHONPATH=SRC)
    return subprocess.run(
        [*prefix, sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


# ---------------------------------------------------------------------- read-only files
def test_a_normal_open_has_no_notice(good):
    with Project.open(good) as p:
        assert p.notices == [] and not p.read_only


def test_a_read_only_file_opens_read_only_with_a_notice_injected(good, monkeypatch):
    monkeypatch.setattr(connection, "not_writable", lambda path: "file")
    before = sha(good)
    with Project.open(good) as p:
        assert_opened_read_only(p, "The project file is read-only")
    assert sha(good) == before


def test_a_connection_sqlite_cannot_write_through_falls_back_to_read_only(good, monkeypatch):
    """The OS said writable, SQLite finds otherwise (an ACL, a share): still read-only, not
    "damaged". Simulated by opening the writing connection through a read-only URI."""
    real = connection.connect

    def read_only_handle(target, *, uri=False):
        if not uri and target != ":memory:":
            return real(Path(target).resolve().as_uri() + "?mode=ro", uri=True)
        return real(target, uri=uri)

    monkeypatch.setattr(connection, "connect", read_only_handle)
    before = sha(good)
    with Project.open(good) as p:
        assert_opened_read_only(p, "The project file is read-only")
    assert sha(good) == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_chmod_444_for_real(tmp_path):
    """A real chmod 444 file: as an ordinary user directly, as root through ``nobody``."""
    folder = Path(tempfile.mkdtemp(prefix="cpa-readonly-"))  # reachable for nobody
    try:
        os.chmod(folder, 0o777)
        path = folder / "ro.cpa"
        with Project.create(path, settings={}) as p:
            p.set_answer(("roles", ""), "R1", 3)
        script = f"""
            import json
            from clusterpolicy.store import Project
            with Project.open({str(path)!r}) as p:
                print(json.dumps([p.read_only, [n.code for n in p.notices],
                                  p.answer(("roles", ""), "R1").value]))
        """
        if IS_ROOT:
            if shutil.which("setpriv") is None:
                pytest.skip("root, and no setpriv to become an ordinary user")
            os.chown(path, 65534, 65534)
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        else:
            prefix = []
        os.chmod(path, 0o444)
        before = sha(path)
        done = run_python(script, prefix=prefix)
        if IS_ROOT and done.returncode != 0 and "ModuleNotFoundError" in done.stderr:
            pytest.skip("nobody cannot read the Python environment here")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == [True, ["project_opened_read_only"], 3]
        assert sha(path) == before
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_an_old_read_only_file_is_upgraded_in_memory_only(tmp_path, monkeypatch):
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "v1.cpa"
    path = tmp_path / "old.cpa"
    shutil.copy(fixture, path)
    monkeypatch.setattr(connection, "not_writable", lambda path: "file")
    before = sha(path)
    with Project.open(path) as p:
        assert p.read_only and p.upgraded_from == 1 and p.backup_path is None and p.notices
        assert p.answer(("existence", "0811"), "proximity").value == "yes"
    assert sha(path) == before and not list(tmp_path.glob("*backup*"))


# ---------------------------------------------------------------------- read-only media
def test_read_only_media_simulated_by_a_folder_where_the_journal_cannot_be_made(good):
    """A ``-wal`` that is a directory: SQLite cannot create its journal beside the file, as on
    read-only media; both modes open read-only (``immutable=1``) instead of "damaged"."""
    wal = Path(str(good) + "-wal")
    wal.mkdir()
    before = sha(good)
    try:
        with Project.open(good) as p:
            assert_opened_read_only(p, "cannot be written")
        with Project.open(good, read_only=True) as p:
            assert p.answer(("roles", ""), "R1").value == 3
            assert "read-only media" in p.notices[0].message_en
    finally:
        wal.rmdir()
    assert sha(good) == before


def crash_with_changes_in_the_wal(path: Path) -> None:
    Project.create(path, settings={}).close()
    done = run_python(f"""
        import os
        from clusterpolicy.store import Project
        p = Project.open({str(path)!r})
        p.set_answer(("roles", ""), "R1", 7)
        os._exit(0)
    """)
    assert done.returncode == 0, done.stderr
    assert Path(str(path) + "-wal").stat().st_size > 0


def test_a_crashed_file_on_read_only_media_shows_its_committed_changes(tmp_path, monkeypatch):
    """``immutable=1`` would ignore the ``-wal`` beside the file; a private temporary copy of
    both is read instead. Read-only media simulated by refusing the plain read-only open."""
    path = tmp_path / "crashed.cpa"
    crash_with_changes_in_the_wal(path)
    real = connection.connect

    def no_journal_here(target, *, uri=False):
        if uri and target.startswith(path.resolve().as_uri()) and "immutable" not in target:
            exc = sqlite3.OperationalError("unable to open database file")
            exc.sqlite_errorname = "SQLITE_CANTOPEN"
            raise exc
        return real(target, uri=uri)

    monkeypatch.setattr(connection, "connect", no_journal_here)
    monkeypatch.setattr(connection, "not_writable", lambda path: "media")
    before = sha(path), sha(Path(str(path) + "-wal"))
    with Project.open(path) as p:
        assert p.read_only and p.answer(("roles", ""), "R1").value == 7
        assert p.recover_info().unclean
        assert "-wal" in p.notices[0].message_en
        temp = p._db.temp_dir
        assert temp is not None and temp.exists()
    assert not temp.exists()  # the private copy is removed on close
    assert (sha(path), sha(Path(str(path) + "-wal"))) == before


NAMESPACE = textwrap.dedent("""
    set -e
    mount --bind "$SRC_DIR" "$RO_DIR"
    mount -o remount,bind,ro "$RO_DIR"
    mkdir -p "$SMALL_DIR"
    mount -t tmpfs -o size=2m tmpfs "$SMALL_DIR"
    exec "$PYTHON" -c "$SCRIPT"
""")


def in_private_mounts(tmp_path: Path, script: str) -> dict:
    """Run ``script`` with ``RO`` (a read-only bind mount of ``tmp_path/src``) and ``SMALL`` (a
    2 MB tmpfs) mounted in a private mount namespace that vanishes with the process."""
    if not IS_ROOT or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare for real mounts")
    (tmp_path / "ro").mkdir(exist_ok=True)
    env = dict(
        os.environ,
        PYTHONPATH=SRC,
        SRC_DIR=str(tmp_path / "src"),
        RO_DIR=str(tmp_path / "ro"),
        SMALL_DIR=str(tmp_path / "small"),
        PYTHON=sys.executable,
        SCRIPT=textwrap.dedent(script),
    )
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", NAMESPACE],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    if done.returncode != 0 and "mount" in done.stderr and "Traceback" not in done.stderr:
        pytest.skip(f"mounts not permitted here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_read_only_media_for_real(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    with Project.create(src / "clean.cpa", settings={}) as p:
        p.set_answer(("roles", ""), "R1", 3)
    crash_with_changes_in_the_wal(src / "crashed.cpa")
    before = {f.name: sha(f) for f in src.iterdir()}
    out = in_private_mounts(
        tmp_path,
        """
        import json, os
        from clusterpolicy.store import Project
        ro = os.environ["RO_DIR"]
        out = {}
        for name in ("clean.cpa", "crashed.cpa"):
            for read_only in (False, True):
                with Project.open(os.path.join(ro, name), read_only=read_only) as p:
                    out[f"{name}-{read_only}"] = [p.read_only, p.answer(("roles", ""), "R1").value,
                                                  [n.message_en for n in p.notices]]
        print(json.dumps(out))
        """,
    )
    for read_only in (False, True):
        ro, value, notices = out[f"clean.cpa-{read_only}"]
        assert ro and value == 3 and "read-only media" in notices[0]
        ro, value, notices = out[f"crashed.cpa-{read_only}"]
        assert ro and value == 7 and "-wal" in notices[0]  # the WAL's commit is shown
    assert {f.name: sha(f) for f in src.iterdir()} == before


# ---------------------------------------------------------------------- disk full
def big_results(rows: int = 200_000) -> dict[str, pd.DataFrame]:
    return {
        "t": pd.DataFrame(
            {"code": [f"{i:08d}" for i in range(rows)], "v": np.arange(rows, dtype="float64")}
        )
    }


def test_disk_full_during_save_results_loses_nothing(good):
    """SQLite's own SQLITE_FULL (the error a full disk gives), from a page limit."""
    with Project.open(good) as p:
        rid = p.save_results({"small": pd.DataFrame({"x": [1]})}, {"k": 1})
        conn = p._connection()
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 20}")
        with pytest.raises(problems.WriteError) as err:
            p.save_results(big_results(), {"k": 2})
        problem = err.value.problems[0]
        assert err.value.cause == "full" and problem.code == "project_write_failed"
        assert "the disk is full" in problem.message_en and "磁盘已满" in problem.message_zh
        assert "unaffected" in problem.fix_en
        assert [r.result_id for r in p.list_results()] == [rid]  # the failed save left nothing
        p.set_answer(("roles", ""), "R2", 1)  # small edits still fit
    with Project.open(good) as p:
        assert p.answer(("roles", ""), "R1").value == 3 and p.answer(("roles", ""), "R2").value == 1
        assert [r.meta for r in p.list_results()] == [{"k": 1}]
        assert p._connection().execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize(
    "err, cause, words",
    [
        (errno.ENOSPC, "full", "the disk is full"),
        (errno.EACCES, "permission", "permission denied"),
        (errno.EROFS, "readonly", "read-only"),
    ],
)
def test_save_as_failures_keep_the_previous_file(good, tmp_path, monkeypatch, err, cause, words):
    """An injected OSError when the finished copy is put in place: the file already at the
    target and the open project are untouched, and no temporary file is left."""
    target = tmp_path / "target.cpa"
    Project.create(target, settings={"language": "en"}).close()
    before = sha(target)

    def fail(src, dst):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(copies.os, "replace", fail)
    with Project.open(good) as p:
        with pytest.raises(problems.WriteError) as exc:
            p.save_as(target, overwrite=True)
        assert exc.value.cause == cause and words in exc.value.problems[0].message_en
        assert exc.value.problems[0].file == target.name
        assert p.path == good and p.answer(("roles", ""), "R1").value == 3
    assert sha(target) == before and not list(tmp_path.glob("*.saving*"))


def test_save_as_into_a_missing_folder(good, tmp_path):
    with Project.open(good) as p, pytest.raises(problems.WriteError) as exc:
        p.save_as(tmp_path / "gone" / "x.cpa")
    assert exc.value.cause == "folder" and "does not exist" in exc.value.problems[0].message_en


def test_disk_full_for_real_on_a_small_tmpfs(tmp_path, good):
    """A 2 MB tmpfs fills up: during a result save in a project on it, and during a Save As onto
    it over an existing file; nothing committed is lost, the old file stays."""
    (tmp_path / "src").mkdir()
    out = in_private_mounts(
        tmp_path,
        f"""
        import json, os
        import numpy as np, pandas as pd
        from clusterpolicy.messages import ProblemError
        from clusterpolicy.store import Project, problems
        small = os.environ["SMALL_DIR"]
        out = {{}}
        path = os.path.join(small, "p.cpa")
        with Project.create(path, settings={{}}) as p:
            p.set_answer(("roles", ""), "R1", 3)
            df = pd.DataFrame({{"c": [f"{{i:08d}}" for i in range(300_000)],
                                "v": np.arange(300_000, dtype="float64")}})
            try:
                p.save_results({{"t": df}}, {{}})
                out["save"] = "no error"
            except problems.WriteError as exc:
                out["save"] = exc.cause
            out["results_after"] = len(p.list_results())
        with Project.open(path) as p:
            out["answer"] = p.answer(("roles", ""), "R1").value
            out["integrity"] = p._connection().execute("PRAGMA integrity_check").fetchone()[0]
        # fill the disk, then Save As a bigger project onto an existing file there
        target = os.path.join(small, "copy.cpa")
        Project.create(target, settings={{"old": True}}).close()
        with open(os.path.join(small, "filler"), "wb") as f:
            try:
                while True:
                    f.write(b"x" * 65536)
                    f.flush()
            except OSError:
                pass
        with Project.open({str(good)!r}) as p:
            try:
                p.save_as(target, overwrite=True)
                out["save_as"] = "no error"
            except problems.WriteError as exc:
                out["save_as"] = exc.cause
        os.remove(os.path.join(small, "filler"))
        with Project.open(target) as q:
            out["target_setting"] = q.setting("old")
        out["leftovers"] = sorted(n for n in os.listdir(small) if "saving" in n)
        print(json.dumps(out))
        """,
    )
    assert out["save"] == "full" and out["results_after"] == 0
    assert out["answer"] == 3 and out["integrity"] == "ok"
    assert out["save_as"] == "full" and out["target_setting"] is True
    assert out["leftovers"] == []


# ---------------------------------------------------------------------- vanished folder
@pytest.mark.skipif(sys.platform == "win32", reason="Windows does not delete open files")
def test_a_folder_deleted_while_the_project_is_open(tmp_path):
    """SQLite would go on writing into the deleted (nameless) file and everything would be lost
    at close; the store notices, says so, and Save As rescues every change made so far."""
    folder = tmp_path / "usb"
    folder.mkdir()
    p = Project.create(folder / "a.cpa", settings={})
    p.set_answer(("roles", ""), "R1", 3)
    shutil.rmtree(folder)
    with pytest.raises(problems.WriteError) as err:
        p.set_answer(("roles", ""), "R2", 1)
    problem = err.value.problems[0]
    assert err.value.cause == "moved" and "moved or deleted" in problem.message_en
    assert "另存为" in problem.fix_zh and "Save As" in problem.fix_en
    rescued = tmp_path / "rescued.cpa"
    p.save_as(rescued)
    p.set_answer(("roles", ""), "R2", 1)  # working on the rescued file now
    p.close()
    with Project.open(rescued) as q:
        assert q.answer(("roles", ""), "R1").value == 3 and q.answer(("roles", ""), "R2").value == 1


def test_closing_a_project_whose_folder_vanished_does_not_raise(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    p = Project.create(folder / "a.cpa", settings={})
    shutil.rmtree(folder)
    p.close()
    assert p.closed


@pytest.mark.parametrize(
    "exc, cause",
    [
        (OSError(errno.ENOSPC, "No space left on device"), "full"),
        (OSError(errno.EACCES, "Permission denied"), "permission"),
        (OSError(errno.EROFS, "Read-only file system"), "readonly"),
        (OSError(errno.EIO, "Input/output error"), "io"),
        (sqlite3.OperationalError("database or disk is full"), "full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "readonly"),
        (sqlite3.OperationalError("unable to open database file"), "permission"),
        (sqlite3.OperationalError("disk I/O error"), "io"),
    ],
)
def test_write_causes(tmp_path, exc, cause):
    assert problems.write_cause(tmp_path / "x.cpa", exc) == cause
    assert problems.write_cause(tmp_path / "missing" / "x.cpa", exc) == "folder"
    message = problems.from_write_error(tmp_path / "x.cpa", exc).problems[0]
    assert message.code == "project_write_failed" and message.fix_zh and message.fix_en


def test_a_failed_backup_before_an_upgrade_leaves_the_old_file_alone(tmp_path, monkeypatch):
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "v1.cpa"
    path = tmp_path / "old.cpa"
    shutil.copy(fixture, path)
    before = sha(path)

    def disk_full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(copies.os, "replace", disk_full)
    with pytest.raises(problems.WriteError) as err:
        Project.open(path)
    assert err.value.cause == "full" and err.value.problems[0].file == "old.v1-backup.cpa"
    assert sha(path) == before and sorted(f.name for f in tmp_path.iterdir()) == ["old.cpa"]
    monkeypatch.undo()
    with Project.open(path) as p:  # with space again the upgrade goes through
        assert p.upgraded_from == 1 and p.backup_path.exists()
