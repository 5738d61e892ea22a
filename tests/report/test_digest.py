"""Short printed forms of the engines' traces: evidence lines, action chains, warning groups."""

from __future__ import annotations

import pytest

from clusterpolicy.report.digest import (
    compact_chain,
    evidence_lines,
    group_warnings,
    parse_evidence,
    row_evidence,
    warning_kind,
)

# an evidence_for trace as the life-cycle engine writes it (demo, 家具制造业)
TRACE = (
    "renewal (转型更新期) score 1.27, next growth 0.92; "
    "[renewal 1.00] LQ fell -11.86% from 2015 to trough 2019 / 区位熵先降; "
    "[renewal +0.20] questionnaire LC-Q12 = yes / 问卷; "
    "[renewal 0.00] not met / 未满足; "
    "[emergence cap 0.00] essential condition caps the score / 必要条件限制得分; "
    "[renewal 1.00] LQ recovered 26.26% from 2019 to 2024 / 区位熵回升"
)
AGAINST = (
    "competing growth: [growth 1.00] ΔLQ 0.523 > 0 / 区位熵上升; "
    "competing growth: [growth 1.00] LQ end 5.158 > 1"
)


def test_parse_evidence_reads_tags_weights_and_both_languages():
    items = parse_evidence(TRACE)
    # the summary item and the "cap" note are not conditions
    assert [(e.stage, e.weight) for e in items] == [
        ("renewal", 1.0),
        ("renewal", 0.2),
        ("renewal", 0.0),
        ("renewal", 1.0),
    ]
    assert (
        items[0].zh == "区位熵先降"
        and items[0].detail == "LQ fell -11.86% from 2015 to trough 2019"
    )
    against = parse_evidence(AGAINST)
    assert all(e.competing and e.stage == "growth" for e in against)
    assert against[1].zh == "" and against[1].text("zh") == "LQ end 5.158 > 1"
    assert parse_evidence(None) == [] and parse_evidence("") == []


def test_evidence_lines_strongest_first_without_unmet_conditions():
    lines, rest = evidence_lines(TRACE, "zh", limit=2)
    assert lines == [
        "区位熵先降：LQ fell -11.86% from 2015 to trough 2019",
        "区位熵回升：LQ recovered 26.26% from 2019 to 2024",
    ]
    assert rest == 1  # the questionnaire item (0.20); the unmet one (0.00) is not evidence
    en, rest_en = evidence_lines(TRACE, "en", limit=5)
    assert en[-1] == "questionnaire LC-Q12 = yes" and rest_en == 0


def test_row_evidence_reads_the_language_column_first_and_falls_back_to_the_trace():
    row = {
        "evidence_for": TRACE,
        "evidence_against": AGAINST,
        "evidence_for_zh": "区位熵由2015年的4.64降至2019年的低点4.09（−11.9%）\n"
        "区位熵自2019年的4.09回升至2024年的5.16（+26.3%）\n\n"
        "区位熵由2015年的4.64降至2019年的低点4.09（−11.9%）\n问卷LC-Q12回答“是”",
        "evidence_for_en": "LQ fell from 4.64 in 2015 to a low of 4.09 in 2019 (−11.9%)",
    }
    lines, rest = row_evidence(row, "for", "zh", limit=2)
    assert lines == [
        "区位熵由2015年的4.64降至2019年的低点4.09（−11.9%）",
        "区位熵自2019年的4.09回升至2024年的5.16（+26.3%）",
    ]
    assert rest == 1  # blank line and the repeated sentence do not count
    assert row_evidence(row, "for", "en") == (
        ["LQ fell from 4.64 in 2015 to a low of 4.09 in 2019 (−11.9%)"],
        0,
    )
    # no language column (results written before it existed) or an empty one: the trace digest
    assert row_evidence(row, "against", "zh", 1) == evidence_lines(AGAINST, "zh", 1)
    assert row_evidence({**row, "evidence_for_zh": float("nan")}, "for", "zh", 2) == evidence_lines(
        TRACE, "zh", 2
    )
    assert row_evidence({}, "for", "zh") == ([], 0)
    with pytest.raises(ValueError):
        row_evidence(row, "pro", "zh")


def test_compact_chain_drops_only_the_action_segment():
    chain = (
        "发现：集群 C21 处于更新期 → 规则：生命周期阶段 renewal → 阶段措施 LEV-ST-RE-3 → "
        "措施：随集群阶段调整集群政策。 → 依据：种子文献004 第115-117行"
    )
    assert compact_chain(chain) == (
        "发现：集群 C21 处于更新期 → 规则：生命周期阶段 renewal → "
        "阶段措施 LEV-ST-RE-3 → 依据：种子文献004 第115-117行"
    )
    assert compact_chain("Finding: x → Action: do y → Source: z") == "Finding: x → Source: z"
    assert compact_chain(None) == ""


def test_warnings_grouped_by_kind_with_counts_sheets_and_first_example():
    w = [
        f"a.xlsx / 工作表“{y}年” / D列: 按单位“万元”换算为标准单位（×10000）：D, G列。"
        for y in (2015, 2016, 2016)
    ]
    w += [
        "a.xlsx / 工作表“2015年” / C列: 符号 — 按缺失值处理（C, D列）。",
        "a.xlsx / 工作表“2016年” / C列: 符号 ...、— 按缺失值处理（C列）。",
        "a.xlsx / 工作表“说明”: 该工作表没有数据表格，已跳过。",
        "工作表“2020”第12行：数值以文本存储，已转换",
    ]
    groups = group_warnings(w)
    assert [(g.kind, g.count) for g in groups] == [
        ("按单位“万元”换算为标准单位", 3),
        ("按缺失值处理", 2),
        ("该工作表没有数据表格，已跳过", 1),
        ("数值以文本存储，已转换", 1),
    ]
    assert groups[0].sheets == ["2015年", "2016年"] and groups[0].example == w[0]
    assert groups[3].sheets == []  # no "file / sheet: message" location
    assert (
        warning_kind("2018年纺织业企业数缺失，按前后年份插补")
        == "2018年纺织业企业数缺失，按前后年份插补"
    )
