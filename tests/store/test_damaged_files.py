"""Damaged, foreign and too-new files give a clear bilingual ProblemError, never a crash."""

from __future__ import annotations

import os
import random
import sqlite3

import pytest

from clusterpolicy.messages import ProblemError
from clusterpolicy.store import SCHEMA_VERSION, Project

from .conftest import sample_data


def problem_of(path, **kw):
    with pytest.raises(ProblemError) as err:
        Project.open(path, **kw)
    (problem,) = err.value.problems
    assert problem.message_zh and problem.message_en and problem.fix_zh and problem.fix_en
    assert problem.file == os.path.basename(path)
    return problem


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.cpa"
    with Project.create(path, settings={"language": "zh"}) as p:
        p.save_data(sample_data())
        p.set_answer(("roles", ""), "R1", 3)
    return path


def test_missing_file(tmp_path):
    assert problem_of(tmp_path / "nope.cpa").code == "project_not_found"


def test_empty_file(tmp_path):
    path = tmp_path / "empty.cpa"
    path.write_bytes(b"")
    p = problem_of(path)
    assert p.code == "project_empty" and "空" in p.message_zh


def test_directory(tmp_path):
    (tmp_path / "dir.cpa").mkdir()
    assert problem_of(tmp_path / "dir.cpa").code == "project_not_sqlite"


@pytest.mark.parametrize(
    "content",
    [
        bytes(random.Random(7).getrandbits(8) for _ in range(8192)),
        "地区,行业\n330782,0811\n".encode("gbk"),
        b"PK\x03\x04" + b"\x00" * 4000,  # an .xlsx renamed to .cpa
    ],
)
def test_random_bytes_and_other_formats(tmp_path, content):
    path = tmp_path / "x.cpa"
    path.write_bytes(content)
    p = problem_of(path)
    assert p.code == "project_not_sqlite" and "不是" in p.message_zh


@pytest.mark.parametrize("keep", [0.5, 0.9, 4096 * 3])
def test_truncated_files(good, keep):
    size = good.stat().st_size
    n = int(size * keep) if keep < 1 else int(keep)
    with open(good, "r+b") as f:
        f.truncate(n)
    p = problem_of(good)
    assert p.code == "project_damaged"
    assert "损坏" in p.message_zh and "damaged" in p.message_en


def test_truncated_to_an_odd_size(good):
    with open(good, "r+b") as f:
        f.truncate(good.stat().st_size - 100)
    assert problem_of(good).code == "project_damaged"


def test_corrupted_pages(good):
    data = bytearray(good.read_bytes())
    rng = random.Random(3)
    for page in range(2, len(data) // 4096):
        for _ in range(40):
            data[page * 4096 + rng.randrange(4096)] = rng.getrandbits(8)
    good.write_bytes(bytes(data))
    assert problem_of(good).code == "project_damaged"


def test_foreign_sqlite_database(tmp_path):
    path = tmp_path / "other.cpa"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    p = problem_of(path)
    assert p.code == "project_foreign_sqlite" and "SQLite" in p.message_zh


def test_sqlite_with_our_id_but_no_format_mark(tmp_path):
    path = tmp_path / "fake.cpa"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1129332992")
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.commit()
    conn.close()
    assert problem_of(path).code == "project_foreign_sqlite"


def test_missing_tables(good):
    conn = sqlite3.connect(good)
    conn.execute("DROP TABLE answers")
    conn.commit()
    conn.close()
    p = problem_of(good)
    assert p.code == "project_damaged" and "answers" in p.message_en


def test_newer_version_is_refused_in_both_modes(good):
    conn = sqlite3.connect(good)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("UPDATE meta SET value = '9.0.0' WHERE key = 'last_app_version'")
    conn.commit()
    conn.close()
    before = good.read_bytes()
    for read_only in (False, True):
        p = problem_of(good, read_only=read_only)
        assert p.code == "project_too_new"
        assert "9.0.0" in p.message_zh and "较新版本" in p.message_zh and "newer" in p.message_en
        assert "升级" in p.fix_zh
    assert good.read_bytes() == before  # refused without touching the file


def test_catalog_disagreeing_with_a_frame_table_is_reported_on_load(good):
    conn = sqlite3.connect(good)
    (table,) = conn.execute("SELECT sql_table FROM frames WHERE name = 'industry_data'").fetchone()
    conn.execute(f'DELETE FROM "{table}" WHERE _row = 0')
    conn.commit()
    conn.close()
    with Project.open(good) as p:  # opens (the structure is intact) …
        with pytest.raises(ProblemError) as err:  # … and the inconsistency is not silently accepted
            p.load_data()
        assert (
            err.value.problems[0].code == "project_damaged"
            and "f0000" in err.value.problems[0].message_en
        )


def test_create_in_a_missing_folder(tmp_path):
    with pytest.raises(ProblemError) as err:
        Project.create(tmp_path / "no" / "such" / "dir.cpa", settings={})
    assert err.value.problems[0].code == "project_write_failed"
