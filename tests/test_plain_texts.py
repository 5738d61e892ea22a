"""The app's tables show engine prose as the report prints it."""

from __future__ import annotations

from clusterpolicy.app.plain_texts import plain_cell
from clusterpolicy.report import plain


def test_prose_and_sources_take_the_report_forms_and_other_columns_stay():
    reading = "与种子000不一致（种子000 L84）：集聚的福利效应为负。"
    assert plain_cell("reading_zh", reading, "zh") == plain.clean(reading, "zh")
    assert "种子" not in plain_cell("reading_zh", reading, "zh")
    src = "seed 000, lines 78-84"
    assert plain_cell("source", src, "zh") == plain.source(src, "zh") != src
    code = "seed 000"
    assert plain_cell("industry_code", code, "zh") is code  # not prose: the same object
