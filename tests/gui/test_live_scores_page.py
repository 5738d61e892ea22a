"""四、升级评估: the scores follow the answers given on the page, without a full re-run."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from clusterpolicy.app.live_scores import LiveResult  # noqa: E402
from clusterpolicy.app.sample import SAMPLE_FOCAL, sample_files  # noqa: E402
from clusterpolicy.gui.main_window import MainWindow  # noqa: E402
from clusterpolicy.knowledge import load_answers  # noqa: E402

pytestmark = pytest.mark.gui


def _window(qtbot, sample_data, sample_result, lang="zh"):
    """The sample's data, its run and the answers that run was made with."""
    win = MainWindow(lang=lang)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    win.judgements.merge_answers(load_answers(sample_files()[1], win.profile), "示例")
    win.data = sample_data
    win.data_page.show_data(sample_data)
    win.data_page.apply_settings({"focal_region": SAMPLE_FOCAL})
    win.result = sample_result(lang)
    win.refresh_pages()
    return win


def _judged_no(win, code: str) -> tuple[str, float]:
    """A technology item of ``code`` answered 否 and scored from that answer, with its weight
    in the rule profile's technology checklist."""
    up = win.result.tables["upgrading"]
    rows = up[(up.industry_code == code) & (up.checklist == "technology")]
    item = rows[(rows.answer == "no") & (rows.basis == "judgement")].item_id.iloc[0]
    weight = next(
        float(it.get("weight", 1.0))
        for it in win.profile.checklist("technology").items
        if it["id"] == item
    )
    return item, weight


def _score(frame, code: str, dimension: str = "ALL") -> float:
    row = frame[
        (frame.industry_code == code)
        & (frame.checklist == "technology")
        & (frame.dimension == dimension)
    ]
    return float(row.score.iloc[0])


def test_an_answer_moves_the_score_live_and_a_full_run_agrees(qtbot, sample_data, sample_result):
    win = _window(qtbot, sample_data, sample_result)
    win.show_step("policy")  # built: its action plan follows the answers too
    win.show_step("upgrading")
    page = win.pages["upgrading"]
    summary = page.table("upgrading_summary")  # the score table, shown before the answer
    charts = page._fill(page._names.index("__charts__"))
    qtbot.waitUntil(lambda: bool(charts.images), timeout=30000)
    radar_before = [p.cacheKey() for p in charts._pixmaps]
    code = "C21"
    item, weight = _judged_no(win, code)
    before = _score(summary.model().frame, code)
    dim = (
        win.result.tables["upgrading"]
        .set_index(["industry_code", "item_id"])
        .loc[(code, item), "dimension"]
    )
    dim_before = _score(summary.model().frame, code, dim)
    expected = before + weight  # 否 → 是: the item's score 0 → 1, worth its weight

    page.tabs.setCurrentWidget(page.answers)
    answers = page.answers
    answers.select("technology", code)
    box = answers.answer_box(answers.row_of(item))
    assert box.currentData() == "no"
    box.setCurrentIndex(box.findData("yes"))

    assert win.judgements.answer(("technology", code), item).value == "yes"  # saved at once
    assert not win.stale  # nothing for 重新运行评估 to do
    qtbot.waitUntil(
        lambda: abs(_score(summary.model().frame, code) - expected) < 1e-9, timeout=15000
    )
    assert page.table("upgrading_summary") is summary  # updated in place
    assert _score(summary.model().frame, code, dim) == pytest.approx(dim_before + weight)
    assert isinstance(win.result, LiveResult)
    assert win.pages["policy"].tables["actions"] is win.result.tables["actions"]
    assert not page.rerun.isVisible()
    assert "已按最新答案更新" in page.live_status.text()
    qtbot.waitUntil(lambda: [p.cacheKey() for p in charts._pixmaps] != radar_before, timeout=30000)

    win.run_assessment()  # the independent check: the whole assessment with the same answers
    qtbot.waitUntil(
        lambda: not win.runner.busy and not isinstance(win.result, LiveResult), timeout=120000
    )
    assert _score(win.result.tables["upgrading_summary"], code) == pytest.approx(expected)
    assert not win.stale and not page.rerun.isVisible()
    win.ask_on_close = False


def test_a_newer_answer_supersedes_a_pending_one(qtbot, sample_data, sample_result, monkeypatch):
    win = _window(qtbot, sample_data, sample_result, lang="en")
    win.show_step("upgrading")
    page = win.pages["upgrading"]
    applied = []
    real = win.apply_live_result
    monkeypatch.setattr(win, "apply_live_result", lambda live: (applied.append(live), real(live)))
    code = "C38"
    item, weight = _judged_no(win, code)
    before = _score(win.result.tables["upgrading_summary"], code)
    answers = page.answers
    answers.select("technology", code)
    box = answers.answer_box(answers.row_of(item))
    box.setCurrentIndex(box.findData("yes"))
    box.setCurrentIndex(box.findData("partial"))  # within the debounce: one re-score
    qtbot.waitUntil(lambda: not page.busy() and bool(applied), timeout=15000)
    qtbot.wait(300)
    assert len(applied) == 1
    assert _score(win.result.tables["upgrading_summary"], code) == pytest.approx(
        before + weight / 2
    )
    assert "follow the latest answers" in page.live_status.text()
    win.ask_on_close = False


def test_without_a_run_an_answer_is_only_saved(qtbot, sample_data):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.data = sample_data
    win.data_page.show_data(sample_data)
    win.show_step("upgrading")
    page = win.pages["upgrading"]
    answers = page.answers
    answers.select("technology", "C21")
    box = answers.answer_box(0)
    box.setCurrentIndex(box.findData("yes"))
    assert win.judgements.answer(("technology", "C21"), answers.items[0].id).value == "yes"
    assert not page.busy() and win.result is None
    win.ask_on_close = False


def test_in_a_project_the_rerun_saves_the_live_scores(qtbot, sample_data, sample_result, tmp_path):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    assert win.new_project(str(tmp_path / "live.cpa"), choose_data=False)
    win.judgements.merge_answers(load_answers(sample_files()[1], win.profile), "示例")
    win.data = sample_data
    win.data_page.show_data(sample_data)
    win.data_page.apply_settings({"focal_region": SAMPLE_FOCAL})
    win.result = sample_result("zh")
    win.refresh_pages()
    win.show_step("upgrading")
    page = win.pages["upgrading"]
    code = "C21"
    item, weight = _judged_no(win, code)
    before = _score(win.result.tables["upgrading_summary"], code)
    page.answers.select("technology", code)
    box = page.answers.answer_box(page.answers.row_of(item))
    box.setCurrentIndex(box.findData("yes"))
    assert win.project.answer(("technology", code), item).value == "yes"  # in the file at once
    qtbot.waitUntil(lambda: isinstance(win.result, LiveResult), timeout=15000)
    assert _score(win.result.tables["upgrading_summary"], code) == pytest.approx(before + weight)
    assert not win.stale
    assert page.rerun.isVisible() and "保存到项目" in page.rerun.text()
    assert "项目文件中保存的仍是上次运行的结果" in page.live_status.text()
    win.ask_on_close = False
