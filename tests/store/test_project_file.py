"""Project file round trips: data, settings, mappings, profile, answers, overrides, results, audit."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

from clusterpolicy import __version__
from clusterpolicy.messages import ProblemError
from clusterpolicy.model import TABLES
from clusterpolicy.progress import Cancelled
from clusterpolicy.store import SCHEMA_VERSION, Project

from .conftest import sample_data

SETTINGS = {
    "focal_region": "330782",
    "reference_area": "330000",
    "years": [2018, 2022],
    "language": "zh",
    "preparing_unit": "义乌市发展和改革局",
}


@pytest.fixture
def proj(tmp_path):
    p = Project.create(tmp_path / "a.cpa", settings=SETTINGS, user="李四")
    yield p
    p.close()


def actions(p: Project) -> list[str]:
    return [e.action for e in p.audit_log()]


def test_create_sets_identity_settings_and_refuses_to_overwrite(tmp_path):
    path = tmp_path / "项目.cpa"
    with Project.create(path, settings=SETTINGS, user="u") as p:
        assert p.schema_version == SCHEMA_VERSION
        assert p.settings() == SETTINGS
        assert p.meta()["format"] == "clusterpolicy-project"
        assert p.meta()["created_app_version"] == __version__
        assert p.journal_mode == "wal"
        assert p.recover_info().unclean is False
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == 0x43504100
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()
    with pytest.raises(ProblemError) as err:
        Project.create(path, settings={})
    assert err.value.problems[0].code == "project_exists"
    with pytest.raises(
        TypeError
    ):  # settings must be JSON values; nothing half-created is left behind
        Project.create(tmp_path / "b.cpa", settings={"x": object()})
    assert not (tmp_path / "b.cpa").exists()


def test_every_canonical_table_round_trips_with_provenance_and_warnings(tmp_path, data):
    path = tmp_path / "a.cpa"
    with Project.create(path, settings={}) as p:
        p.save_data(data)
    with Project.open(path) as p:
        back = p.load_data()
    for name in TABLES:
        pd.testing.assert_frame_equal(back.table(name), data.table(name), check_exact=True)
    ind = back.industry_data
    assert ind["region_code"].tolist() == ["010101", "330782", "330782", "000001"]
    assert ind["industry_code"].iloc[3] == "08111"
    assert np.isnan(ind["employment"].iloc[1]) and np.isinf(ind["output"].iloc[0])
    assert ind["output"].iloc[2] == 3.14159265358979  # exact doubles
    assert (
        ind["output"].iloc[1] == 0.0
    )  # -0.0 reads back as 0.0 (SQLite stores integral REALs as integers)
    assert list(ind.columns)[-1] == "custom_extra" and ind["custom_extra"].iloc[3] == "零"
    assert back.regions["is_reference"].tolist() == [False, True]
    assert str(back.industry_data["year"].dtype) == "int64"
    pd.testing.assert_frame_equal(back.provenance, data.provenance)
    assert (
        back.provenance["n_values"].tolist() == [3, 8]
        and type(back.provenance["factor"].iloc[1]) is int
    )
    assert back.warnings == data.warnings


def test_save_data_replaces_and_does_not_leak_tables(proj, data):
    proj.save_data(data)
    proj.save_data(data)
    conn = proj._connection()
    frame_tables = conn.execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name LIKE 'f0%'"
    ).fetchone()
    assert frame_tables[0] == len(TABLES) + 1  # seven canonical tables + provenance, no leftovers
    assert proj.has_data()


def test_settings_mappings_and_profile(tmp_path):
    path = tmp_path / "a.cpa"
    with Project.create(path, settings=SETTINGS) as p:
        assert p.set_setting("language", "en") is True
        assert p.set_setting("language", "en") is False  # unchanged: no write, no audit entry
        assert p.update_settings({"years": [2019, 2023], "focal_region": "330782"}) == 1
        p.save_mapping("sig:1", {"从业人员(万人)": "employment", "地区": "region_code"})
        p.save_profile(
            "cn-default",
            "2026.1",
            date="2026-10-01",
            main_file="profile.yaml",
            files={"profile.yaml": "id: cn-default\ninclude: [lq.yaml]\n", "lq.yaml": "lq: 1.25\n"},
        )
        with pytest.raises(ValueError):
            p.save_profile("x", "1", files={"a.yaml": ""}, main_file="b.yaml")
        with pytest.raises(TypeError):
            p.set_setting("bad", {1, 2})
        with pytest.raises(ValueError):
            p.set_setting("bad", float("nan"))  # strict JSON only
    with Project.open(path) as p:
        assert p.setting("language") == "en" and p.setting("missing", 7) == 7
        assert p.settings()["years"] == [2019, 2023]
        assert p.mapping("sig:1") == {"从业人员(万人)": "employment", "地区": "region_code"}
        assert p.mapping("nope") is None and list(p.mappings()) == ["sig:1"]
        prof = p.profile()
        assert (prof.profile_id, prof.version, prof.date, prof.main_file) == (
            "cn-default",
            "2026.1",
            "2026-10-01",
            "profile.yaml",
        )
        assert prof.files["lq.yaml"] == "lq: 1.25\n"
        assert actions(p) == ["create", "settings", "settings", "mapping", "profile"]
        changes = p.audit_log()[2].details["changes"]
        assert changes == {"years": {"old": [2018, 2022], "new": [2019, 2023]}}


def test_answers_keep_history(tmp_path):
    path = tmp_path / "a.cpa"
    scope = ("existence", "0811")
    with Project.create(path, settings={}, user="张三") as p:
        assert p.set_answer(scope, "proximity", "partial") is True
        assert p.set_answer(scope, "proximity", "partial") is False
        assert p.set_answer(scope, "proximity", "yes", "园区内 40 家企业", who="王五") is True
        p.set_answer(("technology", "0811"), "rd_intensity", 2.5)
        p.set_answer(("roles", ""), "R1", 3)
        p.set_answer(("roles", None), "R2", 1)
        assert p.set_answer(("roles", ""), "R2", None) is True  # removed
    with Project.open(path) as p:
        a = p.answer(scope, "proximity")
        assert (a.value, a.note, a.updated_by) == ("yes", "园区内 40 家企业", "王五")
        assert p.answer(("roles", ""), "R2") is None
        assert [x.item_id for x in p.answers(("roles", ""))] == ["R1"]
        assert len(p.answers()) == 3
        hist = p.answer_history(scope, "proximity")
        assert [(h.old_value, h.new_value, h.changed_by) for h in hist] == [
            (None, "partial", "张三"),
            ("partial", "yes", "王五"),
        ]
        assert hist[1].old_note == "" and hist[1].new_note == "园区内 40 家企业"
        assert [(h.old_value, h.new_value) for h in p.answer_history(("roles", ""), "R2")] == [
            (None, 1),
            (1, None),
        ]
        assert len(p.answer_history()) == 6
        assert actions(p).count("answer") == 6


def test_overrides_need_a_reason_and_keep_history(tmp_path):
    path = tmp_path / "a.cpa"
    with Project.create(path, settings={}) as p:
        with pytest.raises(ValueError):
            p.set_override("lifecycle_stage", "0811", "decline", reason="  ")
        p.set_override("lifecycle_stage", "0811", "decline", reason="企业数连续三年下降")
        p.set_override("lifecycle_stage", "0811", "renewal", reason="新引进龙头企业")
        p.set_override("lifecycle_stage", "C13", "growth", reason="调研")
        p.clear_override("lifecycle_stage", "C13", reason="数据更新后计算结果可信")
    with Project.open(path) as p:
        o = p.override("lifecycle_stage", "0811")
        assert (o.value, o.reason) == ("renewal", "新引进龙头企业")
        assert p.override("lifecycle_stage", "C13") is None
        assert [h.new_value for h in p.override_history("lifecycle_stage", "0811")] == [
            "decline",
            "renewal",
        ]
        last = p.override_history(subject="C13")[-1]
        assert (last.old_value, last.new_value, last.reason) == (
            "growth",
            None,
            "数据更新后计算结果可信",
        )
        assert actions(p)[-1] == "clear_override"


def test_results_latest_and_by_id_with_profile_and_app_version(tmp_path):
    path = tmp_path / "a.cpa"
    lq = pd.DataFrame(
        {"lq": [2.75, np.nan], "strong": [True, False]},
        index=pd.Index(["0811", "C13"], name="industry_code", dtype="string"),
    )
    wide = pd.DataFrame({2019: [1.0], 2020: [-np.inf]})
    with Project.create(path, settings={}) as p:
        p.save_profile("cn-default", "2026.1", files={"p.yaml": "x: 1\n"})
        r1 = p.save_results({"lq": lq}, {"step": "identification"})
        r2 = p.save_results(
            {"lq": lq * 2, "by_year": wide},
            {"step": "identification", "profile_id": "custom", "profile_version": "7"},
        )
    with Project.open(path) as p:
        latest = p.load_results()
        assert latest.result_id == r2 > r1
        assert latest.info.table_names == ("lq", "by_year")
        pd.testing.assert_frame_equal(latest.tables["by_year"], wide)
        assert (latest.info.profile_id, latest.info.profile_version) == ("custom", "7")
        first = p.load_results(r1)
        pd.testing.assert_frame_equal(first.tables["lq"], lq)
        assert (first.info.profile_id, first.info.profile_version, first.info.app_version) == (
            "cn-default",
            "2026.1",
            __version__,
        )
        assert first.meta == {"step": "identification"}
        with pytest.raises(KeyError):
            p.load_results(999)
        p.delete_results(r2)
        assert [i.result_id for i in p.list_results()] == [r1]
        assert p.load_results().result_id == r1
        assert actions(p) == ["create", "profile", "save_results", "save_results", "delete_results"]


def test_no_results_gives_none(proj):
    assert proj.load_results() is None and proj.list_results() == []


def test_cancelled_save_leaves_file_unchanged(proj, data):
    proj.save_data(data)
    bigger = sample_data()
    bigger.industry_data = pd.concat([data.industry_data] * 3, ignore_index=True)

    def cancel(fraction, message):
        if fraction > 0:
            raise Cancelled()

    with pytest.raises(Cancelled):
        proj.save_data(bigger, progress=cancel)
    with pytest.raises(Cancelled):
        proj.save_results({"x": pd.DataFrame({"a": [1]})}, {}, progress=cancel)
    assert len(proj.load_data().industry_data) == len(data.industry_data)
    assert proj.list_results() == []
    assert actions(proj) == ["create", "save_data"]


def test_read_only_refuses_writes_and_leaves_the_file_alone(tmp_path, data):
    path = tmp_path / "a.cpa"
    with Project.create(path, settings=SETTINGS) as p:
        p.save_data(data)
    before = path.read_bytes()
    with Project.open(path, read_only=True) as p:
        assert p.read_only and len(p.load_data().industry_data) == 4
        with pytest.raises(ProblemError) as err:
            p.set_setting("language", "en")
        assert err.value.problems[0].code == "project_read_only"
    assert path.read_bytes() == before


def test_closed_project_gives_a_clear_error(proj):
    proj.close()
    proj.close()  # idempotent
    with pytest.raises(ProblemError) as err:
        proj.settings()
    assert err.value.problems[0].code == "project_closed"


def test_save_as_copies_and_switches(tmp_path, data):
    a, b, c = tmp_path / "a.cpa", tmp_path / "b.cpa", tmp_path / "c.cpa"
    p = Project.create(a, settings=SETTINGS)
    p.save_data(data)
    p.save_as(c, switch=False)  # export a copy; keep working on a
    assert p.path == a
    p.save_as(b)
    assert p.path == b
    p.set_setting("language", "en")
    with pytest.raises(ProblemError):
        p.save_as(c)  # exists
    p.close()
    for path in (a, c):
        with Project.open(path) as q:
            assert q.setting("language") == "zh"
            assert (
                q.recover_info().unclean is False
            )  # the copy and the original were both closed cleanly
            pd.testing.assert_frame_equal(q.load_data().industry_data, data.industry_data)
    with Project.open(b) as q:
        assert q.setting("language") == "en" and q.recover_info().unclean is False
        assert "save_as" in actions(q)
    assert not list(tmp_path.glob("*.saving"))


def test_unclean_session_is_reported_once(tmp_path):
    path = tmp_path / "a.cpa"
    Project.create(path, settings={}).close()
    script = textwrap.dedent(f"""
        import os
        from clusterpolicy.store import Project
        p = Project.open({str(path)!r}, user="crash")
        p.set_answer(("roles", ""), "R1", 2)
        p.set_setting("language", "en")
        os._exit(0)   # no close(): like a crash or power cut after the edits were typed
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    with Project.open(path, read_only=True) as p:  # a viewer is told too, and changes nothing
        assert p.recover_info().unclean and p.recover_info().changes_kept == 2
    with Project.open(path) as p:
        info = p.recover_info()
        assert info.unclean and info.changes_kept == 2 and info.user == "crash"
        assert "恢复了上次未正常关闭的会话" in info.message_zh and "2" in info.message_en
        assert p.answer(("roles", ""), "R1").value == 2 and p.setting("language") == "en"
        assert actions(p)[-1] == "recovered_session"
    with Project.open(path) as p:
        assert p.recover_info().unclean is False


def test_audit_log_limit_and_free_log(proj):
    proj.log("report_exported", {"file": "报告.pdf"})
    proj.set_setting("language", "en")
    last = proj.audit_log(limit=2)
    assert [e.action for e in last] == ["report_exported", "settings"]
    assert last[0].details == {"file": "报告.pdf"} and last[0].who == "李四"
    assert proj.audit_log(limit=0) == []


def test_a_second_window_cannot_open_a_file_being_edited(tmp_path):
    path = tmp_path / "a.cpa"
    first = Project.create(path, settings={})
    for read_only in (False, True):
        with pytest.raises(ProblemError) as err:
            Project.open(path, read_only=read_only)
        assert err.value.problems[0].code == "project_locked"
    first.set_setting("language", "en")  # the first window is not disturbed
    first.close()
    with Project.open(path) as p:
        assert p.setting("language") == "en" and p.recover_info().unclean is False


def test_replaced_data_space_is_given_back_on_close(tmp_path, data):
    path = tmp_path / "a.cpa"
    big = sample_data()
    big.industry_data = pd.concat([data.industry_data] * 5000, ignore_index=True)
    with Project.create(path, settings={}) as p:
        p.save_data(big)
    size_big = path.stat().st_size
    with Project.open(path) as p:
        p.save_data(data)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    conn.close()
    assert path.stat().st_size < size_big / 4
    assert not (tmp_path / "a.cpa-wal").exists()  # closed cleanly: one self-contained file


def test_calls_from_several_threads_are_serialised(proj):
    from concurrent.futures import ThreadPoolExecutor

    def work(t):
        for i in range(20):
            proj.set_answer(("technology", f"{t:02d}"), "T1", i)
        return t

    with ThreadPoolExecutor(4) as pool:
        assert sorted(pool.map(work, range(4))) == [0, 1, 2, 3]
    assert [a.value for a in proj.answers()] == [19, 19, 19, 19]
    assert len(proj.answer_history()) == 80
    assert sum(e.action == "answer" for e in proj.audit_log()) == 80
