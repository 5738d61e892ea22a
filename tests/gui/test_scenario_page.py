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
