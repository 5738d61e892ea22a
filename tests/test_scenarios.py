"""Named what-if scenarios kept in the project (app/scenarios.py): save, list, choose, delete,
reopen, and damaged saved values read as located notices."""

from __future__ import annotations

import sqlite3

import pytest

from clusterpolicy.app.projects import create_project, open_project
from clusterpolicy.app.scenarios import SETTING, Scenarios
from clusterpolicy.messages import ProblemError

EDU = {
    "name": "教育转移支付",
    "transfer_pool_yuan": 3e8,
    "allocation": "gap",
    "target_indicator": "education_exp_pc",
    "horizon_years": 5,
    "pool_growth_pct": 3.0,
    "target_growth_pct": 4.5,
    "population_growth_pct": -0.5,
}
HEALTH = {"name": "卫生", "transfer_pool_yuan": 5e7, "allocation": "per_capita",
          "target_indicator": "health_exp_pc"}  # fmt: skip


def test_save_list_choose_delete_and_reopen(tmp_path):
    path = tmp_path / "p.cpa"
    with create_project(path, settings={}) as project:
        book = Scenarios(project)
        assert book.names() == [] and book.chosen_scenario() is None and not book.notices
        assert book.save(EDU) == "教育转移支付"
        book.save(HEALTH)
        book.choose("卫生")
        book.save({**HEALTH, "transfer_pool_yuan": 6e7})  # same name: replaced, still chosen
        assert book.names() == ["教育转移支付", "卫生"]
        assert book.chosen_scenario()["transfer_pool_yuan"] == 6e7
    with open_project(path) as project:
        again = Scenarios(project)
        assert again.names() == ["教育转移支付", "卫生"] and again.chosen == "卫生"
        assert again.get("教育转移支付") == EDU  # every field, the growth assumptions included
        assert again.delete("卫生") and not again.delete("卫生")
        assert again.chosen is None  # the chosen one was deleted
    with open_project(path) as project:
        assert Scenarios(project).names() == ["教育转移支付"]
        assert project.setting(SETTING)["chosen"] is None


def test_a_bad_scenario_is_refused_with_its_field_named(tmp_path):
    with create_project(tmp_path / "p.cpa", settings={}) as project:
        book = Scenarios(project)
        with pytest.raises(ProblemError) as err:
            book.save({**EDU, "horizon_years": 45})
        (p,) = err.value.problems
        assert "horizon_years" in p.text("zh") and "展望年数须为 0 至 30" in p.text("zh")
        assert "horizon must be a whole number from 0 to 30" in p.text("en")
        with pytest.raises(ProblemError):
            book.save({**EDU, "name": "  "})
        assert book.names() == [] and project.setting(SETTING) is None  # nothing was kept
        with pytest.raises(KeyError):
            book.choose("nowhere")


def test_in_memory_until_the_session_is_a_project(tmp_path):
    book = Scenarios()
    assert not book.unsaved
    book.save(EDU)
    book.choose("教育转移支付")
    assert book.unsaved
    snap = book.snapshot()
    book.save({**EDU, "horizon_years": 9})
    assert snap.get("教育转移支付")["horizon_years"] == 5 and snap.chosen == "教育转移支付"
    book.save(EDU)
    with create_project(tmp_path / "s.cpa", settings={}) as project:
        book.copy_into(project)
        assert not book.unsaved and book.project is project
        book.save(HEALTH)  # now written through
    with open_project(tmp_path / "s.cpa") as project:
        again = Scenarios(project)
        assert again.names() == ["教育转移支付", "卫生"] and again.chosen == "教育转移支付"


def test_damaged_saved_scenarios_are_notices_not_a_crash(tmp_path):
    path = tmp_path / "d.cpa"
    with create_project(path, settings={}) as project:
        project.set_setting(
            SETTING,
            {
                "items": [EDU, {**HEALTH, "population_growth_pct": 40}, "junk", {"x": 1}],
                "chosen": "卫生",
            },
        )
        book = Scenarios(project)
        assert book.names() == ["教育转移支付"] and book.chosen is None
        texts = [p.text("zh") for p in book.notices]
        assert len(texts) == 4, texts
        assert "第2个情景“卫生”未读取" in texts[0] and "人口年增长率须为 -10 至 10" in texts[0]
        assert "population_growth_pct" in texts[0]
        assert "第3个情景" in texts[1] and "第4个情景" in texts[2]
        assert "选用的情景“卫生”不在已保存的情景中" in texts[3]
        assert all("scenario" in p.text("en") for p in book.notices)
        project.set_setting(SETTING, ["not", "an", "object"])
        other = Scenarios(project)
        assert other.names() == [] and "已损坏" in other.notices[0].text("zh")
        for hostile in ({"items": [EDU], "chosen": [1]}, {"items": 7, "chosen": {"a": 1}}):
            project.set_setting(SETTING, hostile)  # an unhashable choice, items not a list
            book = Scenarios(project)
            assert book.chosen is None and book.notices
    con = sqlite3.connect(path)  # a cell that is not JSON at all
    con.execute("UPDATE settings SET value_json = '{broken' WHERE key = ?", (SETTING,))
    con.commit()
    con.close()
    with open_project(path) as project:
        book = Scenarios(project)
        assert book.names() == [] and len(book.notices) == 1
        assert "settings" in book.notices[0].text("en")  # the store names table, row, column
        assert "value_json" in book.notices[0].text("zh")
