"""Checklist scoring: hand-computed dimension scores and band edges."""

from __future__ import annotations

import math

import pytest

from clusterpolicy.assess.checklists import (
    band_score,
    existence_status,
    score_checklist,
)
from clusterpolicy.model.vocabulary import answer_value

ITEMS = [
    {
        "id": "A1",
        "dimension": "a",
        "text_zh": "甲",
        "text_en": "A",
        "weight": 2,
        "mode": "judgement",
        "scale": "yes_partial_no",
        "source": {"method": "m"},
        "action": "X",
    },
    {
        "id": "A2",
        "dimension": "a",
        "text_zh": "乙",
        "text_en": "B",
        "weight": 1,
        "mode": "judgement",
        "scale": "likert_0_4",
        "source": {"method": "m"},
        "action": "Y",
    },
    {
        "id": "B1",
        "dimension": "b",
        "text_zh": "丙",
        "text_en": "C",
        "weight": 3,
        "mode": "data",
        "formula": "rd_intensity",
        "bands": [[0, 0], [0.01, 0.25], [0.02, 0.5], [0.03, 0.75], [0.05, 1]],
        "scale": "yes_partial_no",
        "source": {"method": "m"},
        "action": "Z",
    },
    {
        "id": "B2",
        "dimension": "b",
        "text_zh": "丁",
        "text_en": "D",
        "weight": 1,
        "mode": "judgement",
        "scale": "yes_partial_no",
        "source": {"method": "m"},
        "action": "Z",
    },
]


def test_dimension_scores_by_hand():
    answers = {"A1": {"answer": "partial"}, "A2": {"answer": 3}, "B2": "no"}
    res = score_checklist(ITEMS, answers, {"rd_intensity": 0.025})
    # a: (2*0.5 + 1*0.75) / 3 = 1.75/3 ; b: (3*0.5 + 1*0) / 4 = 0.375 ; all: 3.25/7
    d = res.dimension_scores()
    assert d["a"] == pytest.approx(1.75 / 3)
    assert d["b"] == pytest.approx(0.375)
    assert d["ALL"] == pytest.approx(3.25 / 7)
    gaps = [(i.item_id, round(i.gap, 6)) for i in res.gaps()]
    assert gaps == [("B1", 1.5), ("A1", 1.0), ("B2", 1.0), ("A2", 0.25)]  # ties keep item order


def test_unanswered_items_are_nan_and_excluded():
    res = score_checklist(ITEMS, {"A1": "yes"})
    rows = {r["dimension"]: r for r in res.dimension_rows()}
    assert rows["a"]["pct"] == pytest.approx(100.0) and rows["a"]["coverage"] == pytest.approx(
        2 / 3
    )
    assert math.isnan(rows["b"]["pct"]) and rows["b"]["coverage"] == 0
    assert {i.item_id for i in res.unanswered()} == {"A2", "B1", "B2"}


def test_data_item_falls_back_to_judgement_without_data():
    res = score_checklist(ITEMS, {"B1": "partial"}, {})
    b1 = next(i for i in res.items if i.item_id == "B1")
    assert b1.score == 0.5 and "no data" in b1.evidence


@pytest.mark.parametrize(
    "value, expected",
    [
        (0.0099999, 0.0),
        (0.01, 0.25),
        (0.0199999, 0.25),
        (0.02, 0.5),
        (0.0299999, 0.5),
        (0.03, 0.75),
        (0.0499999, 0.75),
        (0.05, 1.0),
        (0.2, 1.0),
        (-0.1, 0.0),
    ],
)
def test_band_edges(value, expected):
    assert band_score(value, ITEMS[2]["bands"]) == expected


def test_answer_values_and_scale_errors():
    assert answer_value("yes") == 1 and answer_value("Partial") == 0.5 and answer_value("否") == 0
    assert answer_value(2, "likert_0_4") == 0.5
    assert math.isnan(answer_value(None))
    with pytest.raises(ValueError):
        answer_value(3, "yes_partial_no")
    with pytest.raises(ValueError):
        answer_value("maybe")


def test_existence_verdicts():
    items = ITEMS[:2]
    assert existence_status(items, {"A1": "yes", "A2": 4}) == "yes"
    assert existence_status(items, {"A1": "yes", "A2": None}) == "unanswered"
    assert existence_status(items, {"A1": "no"}) == "no"
