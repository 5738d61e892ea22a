"""A project file is hostile input: planted triggers and views are refused before anything runs,
and every bad value read back is a located "damaged" message, never a traceback."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from clusterpolicy.messages import ProblemError
from clusterpolicy.store import SCHEMA_VERSION, Project, connection, schema

from .conftest import sample_data

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "projects"
KEPT = ("answers", "answer_history", "results", "settings", "overrides", "frames", "audit")


@pytest.fixture
def good(tmp_path) -> Path:
    """A project with data, settings, a mapping, a profile, answers, overrides and a result."""
    path = tmp_path / "good.cpa"
    with Project.create(path, settings={"language": "zh", "years": [2018, 2022]}) as p:
        p.save_data(sample_data())
        p.save_mapping("sig:1", {"地区": "region_code"})
        p.save_profile("cn-default", "2026.1", files={"p.yaml": "x: 1\n"})
        p.set_answer(("roles", ""), "R1", 3, "复核")
        p.set_override("lifecycle_stage", "0811", "decline", reason="调研")
        p.save_results({"lq": pd.DataFrame({"lq": [1.5, 2.0]})}, {"step": "identification"})
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw(path: Path, *statements: str, params: tuple = ()) -> None:
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql, params if "?" in sql else ())
    conn.commit()
    conn.close()


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    out = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in KEPT}
    conn.close()
    return out


def refused(path: Path, **kw):
    with pytest.raises(ProblemError) as err:
        Project.open(path, **kw)
    (problem,) = err.value.problems
    assert problem.message_zh and problem.message_en and problem.fix_zh and problem.fix_en
    assert problem.file == path.name
    return problem


# ---------------------------------------------------------------------- planted schema objects
WIPE = (
    "CREATE TRIGGER wipe AFTER INSERT ON sessions "
    "BEGIN DELETE FROM answers; DELETE FROM results; END"
)


def test_a_planted_trigger_is_refused_and_never_runs(good):
    before_counts = counts(good)
    raw(good, WIPE)
    before = sha(good)
    for read_only in (False, True):
        p = refused(good, read_only=read_only)
        assert p.code == "project_unexpected_schema"
        assert "trigger wipe" in p.message_en and "触发器 wipe" in p.message_zh
        assert "nothing in it was run" in p.message_en and "没有被执行" in p.message_zh
    assert sha(good) == before  # refused before the session row that would have fired it
    assert counts(good) == before_counts  # answers and results are all there
    conn = sqlite3.connect(good)
    assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == [
        ("wipe",)
    ]  # nothing was changed in the file, not even to remove it
    conn.close()


def test_a_trigger_on_an_old_file_is_refused_before_the_upgrade(tmp_path):
    path = tmp_path / "old.cpa"
    shutil.copy(FIXTURES / "v1.cpa", path)
    raw(path, "CREATE TRIGGER t AFTER INSERT ON audit BEGIN DELETE FROM answers; END")
    before = sha(path)
    assert refused(path).code == "project_unexpected_schema"
    assert sha(path) == before and not list(tmp_path.glob("*backup*"))


def test_a_view_is_refused(good):
    raw(good, "CREATE VIEW all_answers AS SELECT * FROM answers")
    p = refused(good)
    assert p.code == "project_unexpected_schema" and "view all_answers" in p.message_en
    assert "视图 all_answers" in p.message_zh


@pytest.mark.parametrize(
    "statement, named",
    [
        ("CREATE TABLE stolen (x)", "table stolen"),
        ("CREATE INDEX answers_by_note ON answers (note)", "index answers_by_note"),
        ("ALTER TABLE settings ADD COLUMN extra TEXT", "table settings (changed definition)"),
        # a frame-like name is not enough: frame tables have plain columns, nothing else
        (
            "CREATE TABLE f09999_x (_row INTEGER PRIMARY KEY, a TEXT DEFAULT (hex(randomblob(8))))",
            "table f09999_x",
        ),
        ("CREATE TABLE f09999_x (_row INTEGER PRIMARY KEY, a TEXT) STRICT", "table f09999_x"),
        ("CREATE TABLE f09999_x (_row INTEGER PRIMARY KEY, a BLOB)", "table f09999_x"),
    ],
    ids=["table", "index", "changed-table", "frame-default", "frame-strict", "frame-blob"],
)
def test_unknown_tables_indexes_and_changed_definitions_are_refused(good, statement, named):
    raw(good, statement)
    p = refused(good)
    assert p.code == "project_unexpected_schema" and named in p.message_en


def test_a_trigger_on_a_frame_table_is_refused(good):
    conn = sqlite3.connect(good)
    (table,) = conn.execute("SELECT sql_table FROM frames WHERE name = 'industry_data'").fetchone()
    conn.close()
    raw(good, f'CREATE TRIGGER t AFTER DELETE ON "{table}" BEGIN DELETE FROM answers; END')
    assert refused(good).code == "project_unexpected_schema"


def test_the_frame_catalog_cannot_point_at_another_table(good):
    """A crafted catalog row would make the next save DROP the table it names."""
    raw(good, "UPDATE frames SET sql_table = 'answers' WHERE name = 'industry_data'")
    before = counts(good)
    p = refused(good)
    assert p.code == "project_damaged" and "table frames" in p.message_en
    assert p.column == "sql_table" and p.row is not None and p.value == "answers"
    assert counts(good) == before


def test_statistics_sqlite_adds_itself_are_accepted(good):
    raw(good, "ANALYZE")
    with Project.open(good) as p:
        assert p.answer(("roles", ""), "R1").value == 3


def test_a_newer_file_is_still_refused_before_its_schema_is_judged(good):
    raw(good, f"PRAGMA user_version = {SCHEMA_VERSION + 1}", "CREATE TABLE future_feature (x)")
    assert refused(good).code == "project_too_new"


def test_expected_schema_is_what_the_frozen_migrations_create(tmp_path):
    """The comparison on open uses the migrations themselves: the committed v1 file and a fresh
    file match their versions exactly (frame tables aside)."""

    def master(path: Path) -> dict:
        conn = sqlite3.connect(path)
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        conn.close()
        return {
            n: (k, t, schema.normalise_sql(s))
            for k, n, t, s in rows
            if not schema.is_frame_table(n, t, s)
        }

    assert master(FIXTURES / "v1.cpa") == schema.expected_schema(1)
    fresh = tmp_path / "new.cpa"
    Project.create(fresh, settings={}).close()
    assert master(fresh) == schema.expected_schema(SCHEMA_VERSION)
    assert (
        schema.normalise_sql("create  table x ( a  TEXT ,'b  c' )")
        == "CREATE TABLE X(A TEXT,'b  c')"
    )


# ---------------------------------------------------------------------- defensive connections
def test_connections_refuse_what_a_trigger_or_view_would_do(good):
    with Project.open(good) as p:
        conn = p._connection()
        assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        conn.execute("CREATE TEMP VIEW v AS SELECT * FROM answers")  # behind the app's back
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("SELECT * FROM v").fetchall()
        conn.execute("CREATE TEMP TRIGGER t AFTER INSERT ON audit BEGIN DELETE FROM answers; END")
        with pytest.raises(ProblemError):  # the write is refused instead of running the trigger
            p.set_answer(("roles", ""), "R2", 1)
        assert [a.item_id for a in p.answers()] == ["R1"]


def test_harden_uses_sqlites_defensive_settings_where_python_offers_them(monkeypatch):
    """Python 3.12+ has Connection.setconfig; 3.11 (this machine) relies on trusted_schema and
    the authorizer. A stand-in connection shows what is asked for on 3.12+."""
    for i, name in enumerate(n for n, _ in connection._DBCONFIG):
        monkeypatch.setattr(sqlite3, name, 1000 + i, raising=False)

    class Recorder:
        def __init__(self):
            self.calls = []

        def execute(self, sql):
            self.calls.append(sql)

        def setconfig(self, op, value):
            self.calls.append((op, value))

        def set_authorizer(self, fn):
            self.calls.append(fn)

    conn = Recorder()
    connection.harden(conn)
    assert "PRAGMA trusted_schema = OFF" in conn.calls
    assert (1000, True) in conn.calls  # SQLITE_DBCONFIG_DEFENSIVE
    assert {(1001, False), (1002, False), (1003, False)} <= set(conn.calls)  # trusted/trigger/view
    assert connection._refuse_triggers_and_views in conn.calls


# ---------------------------------------------------------------------- bad values
def first_rowid(path: Path, table: str, where: str = "") -> int:
    conn = sqlite3.connect(path)
    (rowid,) = conn.execute(f"SELECT rowid FROM {table} {where} ORDER BY rowid").fetchone()
    conn.close()
    return rowid


def frame_table(path: Path, name: str) -> str:
    conn = sqlite3.connect(path)
    (table,) = conn.execute("SELECT sql_table FROM frames WHERE name = ?", (name,)).fetchone()
    conn.close()
    return table


BAD_JSON = [
    # (table, column, where, call)
    ("answers", "value_json", "", lambda p: p.answers()),
    ("answers", "value_json", "", lambda p: p.answer(("roles", ""), "R1")),
    ("answer_history", "new_value_json", "", lambda p: p.answer_history()),
    ("settings", "value_json", "WHERE key = 'years'", lambda p: p.settings()),
    ("settings", "value_json", "WHERE key = 'years'", lambda p: p.setting("years")),
    ("mappings", "mapping_json", "", lambda p: p.mappings()),
    ("mappings", "mapping_json", "", lambda p: p.mapping("sig:1")),
    ("overrides", "value_json", "", lambda p: p.overrides()),
    ("override_history", "new_value_json", "", lambda p: p.override_history()),
    ("results", "meta_json", "", lambda p: p.list_results()),
    ("results", "meta_json", "", lambda p: p.load_results()),
    ("audit", "details_json", "", lambda p: p.audit_log()),
    ("frame_columns", "name_json", "", lambda p: p.load_data()),
    ("frame_columns", "extra_json", "", lambda p: p.load_data()),
]


@pytest.mark.parametrize(
    "table, column, where, call",
    BAD_JSON,
    ids=[f"{t}.{c}-{i}" for i, (t, c, _, _) in enumerate(BAD_JSON)],
)
def test_bad_json_in_each_table_is_a_located_damaged_message(good, table, column, where, call):
    rowid = first_rowid(good, table, where)
    raw(good, f"UPDATE {table} SET {column} = '{{\"broken\": ' WHERE rowid = {rowid}")
    before = counts(good)
    with Project.open(good) as p:
        with pytest.raises(ProblemError) as err:
            call(p)
        (problem,) = err.value.problems
        assert problem.code == "project_damaged" and problem.file == good.name
        assert (problem.row, problem.column) == (rowid, column)
        assert f"table {table}, row {rowid}, column {column}" in problem.message_en
        assert f"表 {table} 第 {rowid} 行的 {column} 列" in problem.message_zh
        assert "invalid JSON" in problem.message_en and problem.fix_zh and problem.fix_en
        assert problem.value.startswith('{"broken"')
        p.set_setting("language", "en")  # the rest of the file goes on working
    assert {k: v for k, v in counts(good).items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }


def test_json_of_the_wrong_kind_is_located_too(good):
    raw(good, "UPDATE results SET meta_json = '[1, 2]'")
    with Project.open(good) as p, pytest.raises(ProblemError) as err:
        p.list_results()
    assert "where an object" in err.value.problems[0].message_en


def test_absurd_json_is_located_not_a_crash(good):
    raw(good, "UPDATE answers SET value_json = ?", params=("[" * 200_000,))
    with Project.open(good) as p, pytest.raises(ProblemError) as err:
        p.answers()
    assert err.value.problems[0].column == "value_json"


def test_a_bad_json_cell_in_a_stored_table_names_table_and_row(good):
    table = frame_table(good, "provenance")  # object columns hold JSON per cell
    raw(good, f'UPDATE "{table}" SET "unit" = \'not json\' WHERE _row = 1')
    with Project.open(good) as p, pytest.raises(ProblemError) as err:
        p.load_data()
    problem = err.value.problems[0]
    assert (problem.code, problem.row, problem.column) == ("project_damaged", 1, "unit")
    assert f"table {table}, row 1" in problem.message_en


BAD_UTF8 = [
    # (table, column, where, call) — the byte 0xFF never occurs in UTF-8
    ("answers", "note", "", lambda p: p.answers()),
    ("settings", "key", "", lambda p: p.settings()),
    ("import_warnings", "message_zh", "", lambda p: p.load_data()),
    ("rule_profile_files", "text", "", lambda p: p.profile()),
    ("audit", "who", "", lambda p: p.audit_log()),
]


@pytest.mark.parametrize(
    "table, column, where, call", BAD_UTF8, ids=[f"{t}.{c}" for t, c, _, _ in BAD_UTF8]
)
def test_a_bad_utf8_byte_is_located(good, table, column, where, call):
    rowid = first_rowid(good, table, where)
    raw(good, f"UPDATE {table} SET {column} = CAST(X'41FF42' AS TEXT) WHERE rowid = {rowid}")
    with Project.open(good) as p:
        with pytest.raises(ProblemError) as err:
            call(p)
        problem = err.value.problems[0]
        assert (problem.code, problem.row, problem.column) == ("project_damaged", rowid, column)
        assert "not valid UTF-8 (byte 2 of 3)" in problem.message_en
        assert p.has_data()  # one bad value does not close the file


def test_a_bad_utf8_byte_in_a_stored_table_names_its_row(good):
    table = frame_table(good, "industry_data")
    raw(good, f"UPDATE \"{table}\" SET region_code = CAST(X'3333FF' AS TEXT) WHERE _row = 2")
    with Project.open(good) as p, pytest.raises(ProblemError) as err:
        p.load_data()
    problem = err.value.problems[0]
    assert (problem.row, problem.column) == (2, "region_code") and table in problem.message_en


def test_a_bad_utf8_byte_in_meta_is_located_on_open(good):
    raw(good, "UPDATE meta SET value = CAST(X'FF' AS TEXT) WHERE key = 'created_at'")
    p = refused(good)
    assert p.code == "project_damaged" and "table meta" in p.message_en and p.column == "value"


def test_a_bad_session_row_is_located_on_open(good):
    raw(
        good,
        "UPDATE sessions SET user = CAST(X'FF' AS TEXT)",
        "UPDATE sessions SET closed_at = NULL",
    )
    assert "table sessions" in refused(good).message_en


def test_a_bogus_severity_is_located(good):
    raw(good, "UPDATE import_warnings SET severity = 'catastrophic' WHERE position = 0")
    with Project.open(good) as p, pytest.raises(ProblemError) as err:
        p.load_data()
    problem = err.value.problems[0]
    assert (problem.column, problem.row) == ("severity", 0)
    assert "unknown severity 'catastrophic'" in problem.message_en


@pytest.mark.parametrize(
    "statement, column",
    [
        ("UPDATE rule_profile_files SET text = X'00FF'", "text"),  # a BLOB in a TEXT column
        ("UPDATE import_warnings SET row = 'seven'", "row"),
        ("UPDATE frame_columns SET dtype = 'complex128'", "dtype"),
        ("UPDATE frame_columns SET name_json = '{\"a\": 1}'", "name_json"),  # not a column name
    ],
)
def test_other_wrong_values_are_located(good, statement, column):
    raw(good, statement)
    with Project.open(good) as p, pytest.raises(ProblemError) as err:
        p.profile() if "profile" in statement else p.load_data()
    assert err.value.problems[0].column == column


def test_a_wrong_type_in_a_stored_table_names_its_row(good):
    table = frame_table(good, "industry_data")
    raw(good, f"UPDATE \"{table}\" SET year = 'MMXX' WHERE _row = 1")
    with Project.open(good) as p, pytest.raises(ProblemError) as err:
        p.load_data()
    problem = err.value.problems[0]
    assert (problem.row, problem.column) == (1, "year")
    assert "str where int values are expected" in problem.message_en


def test_a_change_over_a_damaged_value_is_refused_and_writes_nothing(good):
    raw(good, "UPDATE answers SET value_json = 'nope'")
    before = counts(good)
    with Project.open(good) as p:
        with pytest.raises(ProblemError) as err:
            p.set_answer(("roles", ""), "R1", 4)
        assert err.value.problems[0].column == "value_json"
        p.set_answer(("roles", ""), "R9", 1)  # other answers can still be given
    after = counts(good)
    assert after["answers"] == before["answers"] + 1
    assert after["answer_history"] == before["answer_history"] + 1
