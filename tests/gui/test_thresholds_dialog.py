"""The 规则与阈值 dialog: edit one identification threshold in place, save it as a local profile
with a reason, and see the identification result change (its fit to 1366×768 is in
test_fit_screen.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDoubleSpinBox  # noqa: E402

from clusterpolicy.gui.main_window import MainWindow  # noqa: E402

pytestmark = pytest.mark.gui
LQ = "identification.lq.pass_min"


def _idle(qtbot, win, timeout=120000):
    qtbot.waitUntil(lambda: not win.runner.busy, timeout=timeout)


def _open(qtbot, win):
    win.open_thresholds()
    qtbot.waitUntil(lambda: win.thresholds_dialog is not None, timeout=60000)
    return win.thresholds_dialog


def test_edit_an_lq_threshold_save_with_a_reason_and_identification_changes(qtbot, sample_data):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    win.data = sample_data
    win.data_page.show_data(sample_data)
    win.run_assessment()  # the window's own run with the default profile
    qtbot.waitUntil(lambda: win.result is not None and not win.runner.busy, timeout=180000)
    before = win.result
    baseline = before.tables["clusters"]
    passing = sorted(baseline.loc[baseline["simple_lq_pass"].astype(bool), "lq"], reverse=True)
    assert len(passing) >= 2 and passing[0] > passing[-1] >= 1.5  # LQ ≥ 1.5 passes by default
    new_value = round((passing[0] + passing[-1]) / 2, 2)  # a stricter floor, between the two
    # independent expectation: the industries whose LQ reaches the new floor
    expected = sorted(baseline.loc[baseline["lq"] >= new_value, "industry_code"].astype(str))
    assert 0 < len(expected) < int(baseline["simple_lq_pass"].sum())  # the change matters

    dlg = _open(qtbot, win)
    model = dlg.model
    assert model.rowCount() == len(model.rows) > 100
    assert not dlg.save_button.isEnabled()  # nothing changed yet

    # edit the cell in place: the spin box of the delegate, held to the range
    index = model.index_of(LQ)
    dlg.table.scrollTo(index)
    dlg.table.setCurrentIndex(index)
    dlg.table.edit(index)
    box = dlg.table.findChild(QDoubleSpinBox)
    assert box is not None and (box.minimum(), box.maximum()) == (0.0, 100.0)
    box.setValue(new_value)
    dlg.delegate.commitData.emit(box)  # what Return or leaving the cell does
    dlg.delegate.closeEditor.emit(box)
    assert model.edits == {LQ: new_value}
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None  # highlighted
    assert "集群识别" in dlg.status.text() and "政策建议" in dlg.status.text()
    assert not model.setData(index, 150.0)  # out of range: refused

    # save: name and reason are required
    dlg.save_button.click()
    save = dlg.save_dialog
    assert save is not None and not save.ok_button.isEnabled()
    save.name.setText("严格识别口径")
    assert not save.ok_button.isEnabled()
    save.reason.setPlainText("依据省里通知，候选集群须高度专业化")
    assert save.ok_button.isEnabled()
    save.ok_button.click()

    qtbot.waitUntil(lambda: win.result is not before and not win.runner.busy, timeout=180000)
    assert win.profile.is_local and win.profile.value(LQ) == new_value
    assert win.profile.reason == "依据省里通知，候选集群须高度专业化"
    clusters = win.result.tables["clusters"]
    got = sorted(clusters.loc[clusters["simple_lq_pass"].astype(bool), "industry_code"].astype(str))
    assert got == expected
    assert win.result.meta["profile_id"] == win.profile.id
    assert win.result.meta["profile_reason"].startswith("依据省里通知")
    # the dialog now shows the local profile in force, chosen in the combo
    assert dlg.chooser.currentData() == str(win.profile.path)
    assert dlg.chooser.count() == 2 and dlg.local_info.text()
    assert not dlg.model.edits and dlg.model.rows.set_index("threshold_id").loc[LQ, "overridden"]

    # back to the default profile from the combo: the run uses 1.5 again
    dlg.chooser.setCurrentIndex(0)
    dlg.chooser.activated.emit(0)
    after = win.result
    qtbot.waitUntil(lambda: not win.profile.is_local, timeout=60000)
    qtbot.waitUntil(lambda: win.result is not after and not win.runner.busy, timeout=180000)
    assert win.result.tables["clusters"]["simple_lq_pass"].sum() == baseline["simple_lq_pass"].sum()
    dlg.close()
    win.ask_on_close = False


def test_reopening_a_project_brings_back_its_local_profile(qtbot, sample_data, tmp_path):
    from clusterpolicy.app.assessment import assess
    from clusterpolicy.app.profiles import save_local_profile
    from clusterpolicy.app.projects import save_assessment
    from clusterpolicy.assess.settings import AssessmentSettings
    from clusterpolicy.knowledge import load_profile
    from clusterpolicy.model.answers import Answers

    path = save_local_profile(load_profile(), {LQ: 2.5}, "严格识别", "试点", "张三")
    local = load_profile(path)
    settings = AssessmentSettings()
    result = assess(sample_data, settings, local)
    cpa = save_assessment(tmp_path / "p.cpa", sample_data, result, settings, local, Answers())

    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    assert win.open_project(str(cpa))
    qtbot.waitUntil(lambda: win.result is not None and not win.runner.busy, timeout=60000)
    assert win.profile.id == local.id and win.profile.value(LQ) == 2.5
    assert win.banner.isHidden()
    win.close_project()

    path.unlink()  # the file is gone: the project's own copy, and a notice in the banner
    assert win.open_project(str(cpa))
    qtbot.waitUntil(lambda: win.result is not None and not win.runner.busy, timeout=60000)
    assert win.profile.id == local.id and win.profile.value(LQ) == 2.5
    assert not win.banner.isHidden()
    assert str(path) in win.banner.text() and "项目中保存的副本" in win.banner.text()
    dlg = _open(qtbot, win)  # the dialog shows the profile in force
    assert dlg.local_info.text() and "试点" in dlg.local_info.text()
    assert dlg.chooser.currentData() == str(path) and "当前采用" in dlg.chooser.currentText()
    dlg.close()
    win.ask_on_close = False
