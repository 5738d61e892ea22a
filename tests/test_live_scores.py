"""Live upgrading scores (app.live_scores): re-scoring the checklists of a finished run gives the
same sheets as the whole assessment run again with the same answers, and leaves the run alone."""

from __future__ import annotations

import copy
import math

import pandas as pd
import pytest

from clusterpolicy.app.assessment import assess
from clusterpolicy.app.inputs import load_scenario
from clusterpolicy.app.live_scores import LIVE_SHEETS, LiveResult, can_rescore, rescore, run_of
from clusterpolicy.app.sample import SAMPLE_FOCAL, sample_files
from clusterpolicy.assess.settings import AssessmentSettings
from clusterpolicy.knowledge import load_answers, load_profile


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def _changed_answers(profile):
    """The sample's answers with a few technology and brand answers changed: no → yes, one
    answer withdrawn, one note added, one cluster answered that had no upgrading answers."""
    answers = load_answers(sample_files()[1], profile)
    tech = answers.clusters["C21"]["technology"]
    flipped = next(k for k, v in tech.items() if v["answer"] == "no")
    tech[flipped] = {**tech[flipped], "answer": "yes"}
    brand = answers.clusters["C38"]["brand"]
    gone = next(iter(brand))
    del brand[gone]
    c19 = answers.clusters["C19"]["technology"]
    noted = next(iter(c19))
    c19[noted] = {**c19[noted], "note": "园区调查 2026"}
    first_brand = profile.checklist("brand").items[0]["id"]
    answers.clusters["C17"]["brand"] = {
        first_brand: {"answer": "partial", "note": "", "who": "t", "when": "2026-12-03"}
    }
    return answers, (flipped, gone, noted)


def test_live_rescore_equals_a_full_run_with_the_same_answers(sample_result, sample_data, profile):
    base = sample_result("zh")
    before = {n: base.tables[n].copy() for n in LIVE_SHEETS}
    base_meta = copy.deepcopy(base.meta)
    answers, (flipped, _gone, noted) = _changed_answers(profile)
    assert can_rescore(base, sample_data)

    live = rescore(base, sample_data, profile, answers)

    workbook, _answers, scenario = sample_files()
    full = assess(
        sample_data,
        AssessmentSettings(focal_region=SAMPLE_FOCAL, lang="zh", created="2026-11-22"),
        profile,
        answers=answers,
        scenario=load_scenario(scenario),
        inputs=[workbook.name],
    )
    assert isinstance(live, LiveResult) and run_of(live) is base
    assert set(live.updated) == set(LIVE_SHEETS)
    for name in LIVE_SHEETS:  # the independent check: the whole pipeline, run again
        pd.testing.assert_frame_equal(live.tables[name], full.tables[name], obj=name)
    for name in set(base.tables) - set(LIVE_SHEETS):  # the rest is the run's own
        assert live.tables[name] is base.tables[name]

    # the answers did move the scores (the check above is not of two unchanged copies)
    up = live.tables["upgrading"]
    row = up[(up.industry_code == "C21") & (up.item_id == flipped)].iloc[0]
    old = before["upgrading"]
    old_row = old[(old.industry_code == "C21") & (old.item_id == flipped)].iloc[0]
    assert (old_row.score, row.score) == (0.0, 1.0)
    c17 = live.tables["upgrading_summary"]
    c17 = c17[(c17.industry_code == "C17") & (c17.checklist == "brand") & (c17.dimension == "ALL")]
    assert int(c17.answered.iloc[0]) == 1
    assert (
        up[(up.industry_code == "C19") & (up.item_id == noted)]
        .evidence.iloc[0]
        .endswith("note: 园区调查 2026")
    )
    # the stored run is untouched
    for name in LIVE_SHEETS:
        pd.testing.assert_frame_equal(base.tables[name], before[name], obj=name)
    assert base.meta == base_meta and live.meta is not base.meta


def test_a_live_result_is_rescored_again_from_its_run(sample_result, sample_data, profile):
    base = sample_result("zh")
    answers, (flipped, *_r) = _changed_answers(profile)
    once = rescore(base, sample_data, profile, answers)
    tech = answers.clusters["C21"]["technology"]
    tech[flipped] = {**tech[flipped], "answer": "no"}  # back to the sample's answer
    twice = rescore(once, sample_data, profile, load_answers(sample_files()[1], profile))
    assert run_of(twice) is base
    for name in ("upgrading", "upgrading_summary", "actions"):
        pd.testing.assert_frame_equal(twice.tables[name], base.tables[name], obj=name)


def test_nothing_to_rescore_without_a_run_or_data(sample_result, sample_data):
    assert not can_rescore(None, sample_data)
    assert not can_rescore(sample_result("zh"), None)
    assert math.isfinite(float(sample_result("zh").meta["end_year"]))


def test_a_result_read_back_from_a_project_rescores_the_same(
    sample_result, sample_data, profile, tmp_path
):
    """The window re-scores what it shows, also a project's stored result set."""
    from clusterpolicy.app.projects import create_project, read_project

    base = sample_result("zh")
    project = create_project(tmp_path / "p.cpa", settings={})
    with project:
        project.save_data(sample_data)
        project.save_results(base.tables, base.meta)
        contents = read_project(project)
    answers, _ids = _changed_answers(profile)
    direct = rescore(base, sample_data, profile, answers)
    stored = rescore(contents.result, contents.data, profile, answers)
    assert run_of(stored) is contents.result
    for name in ("upgrading", "upgrading_summary"):
        pd.testing.assert_frame_equal(stored.tables[name], direct.tables[name], obj=name)
    pd.testing.assert_frame_equal(
        stored.tables["actions"], direct.tables["actions"], check_dtype=False
    )
