"""The what-if simulator on the equalization page: pool, rule and target as fields; 运行情景
re-runs the assessment and the 情景模拟 tab shows before/after."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from clusterpolicy.gui.main_window import MainWindow  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.mark.slow
def test_run_a_per_capita_transfer_from_the_page(qtbot, sample_data):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.data = sample_data
    win.data_page.show_data(sample_data)
    win.data_page.focal.setCurrentIndex(win.data_page.focal.findData("990105"))
    page = win.page("equalization")
    page.sc_name.setText("卫生转移支付")
    page.sc_pool.setValue(5000)  # 万元
    page.sc_rule.setCurrentIndex(page.sc_rule.findData("per_capita"))
    page.sc_target.setCurrentIndex(page.sc_target.findData("health_exp_pc"))
    with qtbot.waitSignal(win.runner.done, timeout=180000):
        page.sc_run.click()
    sc = win.result.tables["scenario"]
    assert set(sc["scenario"]) == {"卫生转移支付"}
    money = sc[sc["indicator"] == "transfer_yuan"]
    assert money["after"].sum() == pytest.approx(5000 * 1e4, rel=1e-9)  # the whole pool, no more
    health = sc[(sc["indicator"] == "health_exp_pc") & (sc["region_code"] != "ALL")]
    # per capita: every region's health spending per head rises by the same pool ÷ population
    rise = (health["after"] - health["before"]).round(6)
    assert rise.nunique() == 1 and rise.iloc[0] > 0
    table = page.table("scenario")
    assert table is not None and table.model().rowCount() == len(sc)
    win.ask_on_close = False


@pytest.mark.slow
def test_choose_the_clusters_assessed_in_depth(qtbot, sample_data, sample_result):
    from PySide6.QtCore import Qt

    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.data, win.result = sample_data, sample_result("zh")
    win.data_page.show_data(sample_data)
    win.data_page.focal.setCurrentIndex(win.data_page.focal.findData("990105"))
    page = win.page("identification")
    clusters = win.result.tables["clusters"]
    ticked = {page.choice.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.choice.count())
              if page.choice.item(i).checkState() == Qt.CheckState.Checked}  # fmt: skip
    assert ticked == set(clusters.loc[clusters["selected"].astype(bool), "industry_code"])
    for i in range(page.choice.count()):
        code = page.choice.item(i).data(Qt.ItemDataRole.UserRole)
        on = code in ("C17", "C39")
        page.choice.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
    with qtbot.waitSignal(win.runner.done, timeout=180000):
        page.choose_button.click()
    assert set(win.result.tables["lifecycle"]["industry_code"]) == {"C17", "C39"}
    assert win.settings().clusters == ["C17", "C39"]
    win.ask_on_close = False


def _idle(qtbot, win, timeout=180000):
    qtbot.waitUntil(lambda: not win.runner.busy, timeout=timeout)


@pytest.mark.slow
def test_scenarios_with_growth_are_kept_in_the_project_and_chosen_for_the_report(qtbot, tmp_path):
    path = tmp_path / "情景.cpa"
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    assert win.new_project(str(path), choose_data=False)
    win.load_sample()
    qtbot.waitUntil(lambda: win.data is not None and not win.runner.busy, timeout=120000)
    win.data_page.focal.setCurrentIndex(win.data_page.focal.findData("990105"))
    page = win.page("equalization")
    sample = "教育转移支付（示例）/ education transfer (illustrative)"
    assert win.scenarios.names() == [sample] and win.scenarios.chosen == sample
    # fill the fields, run
    page.sc_pick.setCurrentIndex(0)
    page.sc_new.click()
    page.sc_name.setText("卫生五年")
    page.sc_pool.setValue(8000)
    page.sc_rule.setCurrentIndex(page.sc_rule.findData("per_capita"))
    page.sc_target.setCurrentIndex(page.sc_target.findData("health_exp_pc"))
    page.sc_horizon.setValue(4)
    page.sc_growth["pool_growth_pct"].setValue(2.5)
    page.sc_growth["target_growth_pct"].setValue(6.0)
    page.sc_growth["population_growth_pct"].setValue(-1.0)
    fields = page.scenario()
    page.sc_run.click()
    _idle(qtbot, win)
    sc = win.result.tables["scenario"]
    assert set(sc["scenario"]) == {"卫生五年"}
    paid = sc.loc[sc["indicator"] == "transfer_yuan", "after"].sum()
    assert paid == pytest.approx(8000e4 * 1.025**4, rel=1e-9)  # the pool grown over 4 years
    table = page.table("scenario")
    assert table.model().rowCount() == len(sc) > 0
    assert win.result.meta["scenario"]["horizon_year"] == win.result.meta["scenario"]["year"] + 4
    assert "卫生五年" in page.sc_status.text() and "→" in page.sc_status.text()
    assert win.scenarios.chosen == "卫生五年"
    assert win.scenarios.names() == [sample, "卫生五年"]
    # save, close, reopen: both scenarios, the chosen one in the fields, the scenario sheet
    win.act_save.trigger()
    win.close()
    again = MainWindow(lang="zh")
    qtbot.addWidget(again)
    again.open_project(str(path))
    _idle(qtbot, again, 60000)
    assert again.scenarios.names() == [sample, "卫生五年"] and again.scenarios.chosen == "卫生五年"
    eq = again.page("equalization")
    assert eq.scenario() == fields
    assert eq.sc_pick.currentData() == "卫生五年"
    assert set(again.result.tables["scenario"]["scenario"]) == {"卫生五年"}
    assert eq.table("scenario").model().rowCount() == len(sc)
    # another saved scenario shows in the fields; deleting it leaves the chosen one
    eq.sc_pick.setCurrentIndex(eq.sc_pick.findData(sample))
    eq.sc_pick.activated.emit(eq.sc_pick.currentIndex())
    assert eq.sc_rule.currentData() == "gap" and eq.sc_horizon.value() == 0
    eq.sc_delete.click()
    assert again.scenarios.names() == ["卫生五年"] and again.scenarios.chosen == "卫生五年"
    again.close()


def test_scenarios_held_in_the_window_count_as_unsaved_and_go_into_a_new_project(qtbot, tmp_path):
    from clusterpolicy.app.projects import open_project
    from clusterpolicy.app.scenarios import Scenarios

    win = MainWindow(lang="en")
    qtbot.addWidget(win)
    page = win.page("equalization")
    assert not win.unsaved
    page.sc_name.setText("Health")
    page.sc_horizon.setValue(3)
    page.save_scenario()
    assert win.unsaved and "*" in win.windowTitle()  # closing would ask 保存 / 不保存 / 取消
    page.sc_growth["population_growth_pct"].setValue(-10.0)
    page.sc_growth["population_growth_pct"].setValue(-11.0)  # the field keeps to the range
    assert page.scenario()["population_growth_pct"] == -10.0
    assert win.save_project_as(str(tmp_path / "s.cpa"))
    assert not win.unsaved
    win.close()
    with open_project(tmp_path / "s.cpa") as project:
        book = Scenarios(project)
        assert book.names() == ["Health"] and book.get("Health")["horizon_years"] == 3


def test_a_damaged_saved_scenario_is_a_notice_in_the_banner(qtbot, tmp_path):
    from clusterpolicy.app.projects import create_project

    path = tmp_path / "d.cpa"
    with create_project(path, settings={}) as project:
        project.set_setting(
            "scenarios",
            {"items": [{"name": "坏", "transfer_pool_yuan": 1e8, "horizon_years": 99}]},
        )
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.open_project(str(path))
    _idle(qtbot, win, 60000)
    assert win.scenarios.names() == []
    assert win.banner.isVisibleTo(win) and "第1个情景“坏”未读取" in win.banner.text()
    assert "展望年数须为 0 至 30" in win.banner.text()
    win.close()


@pytest.mark.slow
def test_a_growth_by_region_scenario_is_run_not_overwritten(qtbot, sample_data):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.data = sample_data
    win.data_page.show_data(sample_data)
    win.data_page.focal.setCurrentIndex(win.data_page.focal.findData("990105"))
    by_region = {"name": "清溪增长", "growth": {"990105": 8.0}}
    win.scenario = by_region  # e.g. from a scenario file
    page = win.page("equalization")
    assert page.sc_name.text() == "清溪增长" and not page.sc_pool.isEnabled()
    assert not page.sc_save.isEnabled() and "按地区增长情景" in page.sc_status.text()
    with qtbot.waitSignal(win.runner.done, timeout=180000):
        page.sc_run.click()
    sc = win.result.tables["scenario"]
    assert set(sc["scenario"]) == {"清溪增长"}
    assert win.scenarios.get("清溪增长") == by_region  # kept as it was
    inc = sc[(sc["region_code"] == "990105") & (sc["indicator"] == "disposable_income_pc")]
    assert inc["after"].iloc[0] == pytest.approx(inc["before"].iloc[0] * 1.08)
    page.sc_new.click()
    assert page.sc_pool.isEnabled() and page.sc_save.isEnabled()
    win.ask_on_close = False
