"""Frozen migrations: the saved schema-1 file upgrades to the current schema with its data intact."""

from __future__ import annotations

import ast
import hashlib
import shutil
import sqlite3
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusterpolicy.store import SCHEMA_VERSION, Project, migrations
from clusterpolicy.store.migrations import m0002_sessions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "projects"
MIGRATIONS_DIR = Path(migrations.__file__).parent


@pytest.fixture
def v1(tmp_path) -> Path:
    path = tmp_path / "旧项目.cpa"
    shutil.copy(FIXTURES / "v1.cpa", path)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def schema_of(path: Path) -> dict[str, list[tuple]]:
    """Columns (name, type, notnull, default, pk) of every non-frame table."""
    conn = sqlite3.connect(path)
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'f0%' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    out = {
        n: [tuple(r[1:]) for r in conn.execute(f'PRAGMA table_info("{n}")')] for n in sorted(names)
    }
    out["__indexes__"] = sorted(
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='index' AND name NOT LIKE 'sqlite_%'"
        )
    )
    conn.close()
    return out


def test_fixture_is_schema_1_and_small():
    path = FIXTURES / "v1.cpa"
    assert path.stat().st_size < 200_000
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    out = list(conn.iterdump()) + [str(conn.execute("PRAGMA user_version").fetchone()[0])]
    conn.close()
    return out


def test_v1_upgrades_with_backup_and_data_survive(v1):
    original = dump(v1)
    with Project.open(v1, user="升级者") as p:
        assert p.upgraded_from == 1 and p.schema_version == SCHEMA_VERSION == 2
        assert p.backup_path.name == "旧项目.v1-backup.cpa" and dump(p.backup_path) == original
        assert p.recover_info().unclean is False  # schema 1 had no sessions: not a "crash"
        d = p.load_data()
        ind = d.industry_data
        assert ind["region_code"].tolist() == ["330782", "330782", "010101"]
        assert ind["industry_code"].tolist() == ["0811", "C13", "0811"]
        assert ind["year"].dtype == "int64" and ind["employment"].tolist() == [1250.0, 980.0, 0.0]
        assert np.isnan(ind.loc[0, "value_added"]) and ind.loc[0, "wages"] == 61000.5
        assert str(ind["region_code"].dtype) == "string"
        assert d.regions["is_reference"].tolist() == [False, True]
        assert pd.isna(d.regions.loc[1, "name_en"])
        assert d.firm_data.loc[0, "firm_id"] == "00042"
        assert d.region_data.loc[0, "group"] == "东部"
        assert d.provenance.loc[0, "factor"] == 10000.0 and d.provenance.loc[0, "n_values"] == 3
        assert d.warnings[0].code == "blank_cell" and d.warnings[0].row == 7
        assert p.settings()["preparing_unit"] == "义乌市发展和改革局"
        assert p.settings()["years"] == [2018, 2022]
        assert p.mapping("sig:3f2a") == {"地区代码": "region_code", "从业人员(万人)": "employment"}
        prof = p.profile()
        assert (prof.profile_id, prof.version, prof.main_file) == (
            "cn-default",
            "2026.1",
            "profile.yaml",
        )
        assert "区位熵" in prof.files["lq.yaml"]
        assert p.answer(("existence", "0811"), "proximity").value == "yes"
        assert [h.new_value for h in p.answer_history(("existence", "0811"))] == ["partial", "yes"]
        assert p.override("lifecycle_stage", "0811").reason == "调研显示企业数下降"
        res = p.load_results()
        assert (res.result_id, res.info.profile_version, res.meta["step"]) == (
            1,
            "2026.1",
            "identification",
        )
        lq = res.tables["lq"]
        assert lq.index.name == "industry_code" and lq.index.tolist() == ["0811", "C13"]
        assert lq["strong"].tolist() == [True, False] and np.isnan(lq.loc["C13", "lq"])
        assert res.tables["by_year"].columns.tolist() == [2019, 2020]
        assert res.tables["by_year"].iloc[0, 0] == -np.inf
        log = p.audit_log()
        assert log[-1].action == "upgrade" and log[-1].details["from_schema"] == 1
        assert log[0].who == "张科长"
        # the upgraded file is fully writable
        p.set_answer(("roles", ""), "R1", 4, "复核")
        assert p.answer_history(("roles", ""), "R1")[-1].old_value == 3
    with Project.open(v1) as p:
        assert p.upgraded_from is None and p.recover_info().unclean is False


def test_upgraded_v1_has_the_same_schema_as_a_new_file(v1, tmp_path):
    Project.open(v1).close()
    fresh = tmp_path / "new.cpa"
    Project.create(fresh, settings={}).close()
    assert schema_of(v1) == schema_of(fresh)


def test_read_only_open_of_v1_upgrades_in_memory_only(v1):
    before = sha(v1)
    with Project.open(v1, read_only=True) as p:
        assert p.upgraded_from == 1 and p.schema_version == SCHEMA_VERSION
        assert p.load_data().industry_data["industry_code"].tolist() == ["0811", "C13", "0811"]
        assert p.backup_path is None
    assert sha(v1) == before
    assert not list(v1.parent.glob("*backup*"))


def test_interrupted_upgrade_leaves_the_file_at_the_old_version(v1, monkeypatch):
    def broken(conn):
        conn.execute(m0002_sessions.STATEMENTS[0])
        raise RuntimeError("power cut in the middle of the upgrade")

    monkeypatch.setattr(m0002_sessions, "apply", broken)
    with pytest.raises(RuntimeError):
        Project.open(v1)
    conn = sqlite3.connect(v1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sessions'").fetchall()
    conn.close()
    monkeypatch.undo()
    with Project.open(v1) as p:  # the next attempt succeeds
        assert p.schema_version == SCHEMA_VERSION


def test_upgrade_runs_every_step_in_order():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    assert migrations.upgrade(conn, target=1) == [1]
    assert migrations.upgrade(conn) == list(range(2, SCHEMA_VERSION + 1))
    assert migrations.upgrade(conn) == []
    with pytest.raises(ValueError):
        migrations.upgrade(conn, target=1)


@pytest.mark.parametrize(
    "module", sorted(MIGRATIONS_DIR.glob("m[0-9][0-9][0-9][0-9]_*.py")), ids=lambda p: p.name
)
def test_migrations_are_frozen_stdlib_only(module):
    """A migration may import only the standard library: never model/, engine or live store code."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported
    assert "pickle" not in imported and "eval(" not in module.read_text(encoding="utf-8")


def test_every_step_has_a_module_and_required_tables():
    versions = [s.VERSION for s in migrations.STEPS]
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    assert set(migrations.REQUIRED_TABLES) == set(versions)
    files = sorted(p.name for p in MIGRATIONS_DIR.glob("m[0-9][0-9][0-9][0-9]_*.py"))
    assert [int(f[1:5]) for f in files] == versions


def test_read_only_v1_can_be_saved_as_a_current_file(v1, tmp_path):
    before = sha(v1)
    copy = tmp_path / "copy.cpa"
    with Project.open(v1, read_only=True) as p:
        p.save_as(copy, switch=False)
    assert sha(v1) == before
    with Project.open(copy) as p:
        assert p.upgraded_from is None and p.schema_version == SCHEMA_VERSION
        assert p.answer(("existence", "0811"), "proximity").value == "yes"
