"""The bundled knowledge base loads, is complete and cites seed lines that exist; broken files
give errors located by file and line."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from clusterpolicy.knowledge import load_answers, load_profile
from clusterpolicy.knowledge.schema import parse_line_ranges
from clusterpolicy.messages import ProblemError

# the same rule as tests/conftest.py's SHARED: $CLUSTERPOLICY_SHARED, else ../shared
SHARED = Path(
    os.environ.get("CLUSTERPOLICY_SHARED", Path(__file__).resolve().parents[2].parent / "shared")
)
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def test_default_profile_loads_with_meta(profile):
    assert profile.meta() == {
        "profile_id": "cn-default",
        "profile_version": "1.0",
        "profile_date": "2026-11-22",
        "profile_title_zh": "全国通用默认规则配置",
        "profile_title_en": "China default rule profile",
    }
    assert not profile.is_local
    assert len(profile.checklist("technology").items) >= 20
    assert len(profile.checklist("brand").items) >= 15
    assert [f["id"] for f in profile.red_flags()] == [f"N{i}" for i in range(1, 8)]
    assert {lv["stage"] for lv in profile.levers("stage")} == {
        "emergence",
        "growth",
        "maturity",
        "decline",
        "renewal",
    }
    assert len(profile.levers("endogenous")) == 6 and len(profile.levers("exogenous")) >= 3
    tiers = sorted(
        lv["central_share"] for lv in profile.levers("transfer") if "central_share" in lv
    )
    assert tiers == [0.1, 0.3, 0.5, 0.6, 0.8]
    t = profile.threshold("identification.miit.national.output_min_yuan")
    assert t["value"] == 4e9 and "[V" in t["label_en"]
    table = profile.thresholds_table()
    assert list(table.columns[:6]) == [
        "threshold_id",
        "value",
        "unit",
        "label_zh",
        "label_en",
        "source",
    ]
    assert table.attrs["profile_id"] == "cn-default"
    assert len(table) == len(profile.threshold_values())


def test_every_item_has_source_texts_and_action(profile):
    actions = profile.actions()
    for iid, it in profile.items_by_id.items():
        assert it.get("source"), iid
        for k in ("text_zh", "text_en", "label_zh", "label_en", "question_zh", "question_en"):
            if k in it:
                assert it[k].strip(), (iid, k)
    for cid in ("existence", "technology", "brand", "roles", "policy_quality"):
        for it in profile.checklist(cid).items:
            assert it["action"] in actions, it["id"]
            assert it["evidence_hint_zh"] and it["evidence_hint_en"]
    for it in profile.checklist("technology").items + profile.checklist("brand").items:
        assert it["upgrading_type"] in ("process", "product", "functional", "chain")


def test_cited_seed_lines_exist_in_seed_files(profile):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    counts = {
        p.name[:3]: len(p.read_text(encoding="utf-8").splitlines())
        for p in SEEDS.glob("[0-9][0-9][0-9]_*.txt")
    }
    cited = 0
    for iid, it in profile.items_by_id.items():
        src = it["source"]
        if "seed" in src:
            assert src["seed"] in counts, iid
            for a, b in parse_line_ranges(src["lines"]):
                assert 1 <= a <= b <= counts[src["seed"]], (iid, src)
            cited += 1
    assert cited > 50


def test_example_province_overrides(profile):
    from clusterpolicy.knowledge import knowledge_dir

    p = load_profile(knowledge_dir() / "profiles" / "example-province.yaml")
    assert p.threshold_values()["upgrading.type_reached_min"] == 0.7
    assert p.threshold("upgrading.type_reached_min")["overridden"] is True
    assert profile.threshold_values()["upgrading.type_reached_min"] == 0.6


def test_cost_sharing_tiers_and_band_readings_are_data(profile):
    tiers = profile.cost_sharing_tiers()
    assert sorted(tiers) == [1, 2, 3, 4, 5] and "2102" in tiers[4] and "11" in tiers[5]
    low = profile.value("equalization.agglomeration.band_low")
    assert f"{low:g}" in profile.reading("below", "zh", low=low, high=4.56)
    moved = profile.with_overrides({"equalization.agglomeration.band_low": 1.5})
    assert "1.5" in moved.reading("within", "en", low=1.5, high=4.56)
    assert profile.value("equalization.agglomeration.band_low") == low  # the copy only


def test_knowledge_tests_follow_clusterpolicy_shared(monkeypatch, tmp_path):
    import importlib
    import sys

    monkeypatch.setenv("CLUSTERPOLICY_SHARED", str(tmp_path))
    mod = importlib.reload(sys.modules[__name__])
    assert mod.SEEDS == tmp_path / "seeds"


def _write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return p


GOOD_THRESHOLDS = """
schema: clusterpolicy.thresholds/1
id: thresholds.test
version: "1.0"
title_zh: 测试
title_en: Test
items:
  - id: test.a
    value: 0.5
    min: 0
    max: 1
    label_zh: 甲
    label_en: A
    source: {method: "methods.md §4.1"}
"""


def _profile(tmp: Path, includes: list[str], overrides: str = "{}") -> Path:
    inc = "\n".join(f"  - {i}" for i in includes)
    return _write(
        tmp,
        "p.yaml",
        f"""
schema: clusterpolicy.profile/1
id: test
version: "1"
date: "2026-11-22"
title_zh: 测试
title_en: Test
includes:
{inc}
overrides: {overrides}
""",
    )


def _problems(path: Path):
    with pytest.raises(ProblemError) as ei:
        load_profile(path)
    return ei.value.problems


@pytest.mark.parametrize(
    "broken, code, line",
    [
        (
            GOOD_THRESHOLDS.replace("    min: 0", "      min: 0"),
            "kb_yaml_syntax",
            9,
        ),  # bad indentation
        (GOOD_THRESHOLDS.replace("    max: 1", "    max: 1\n    maximum: 2"), "kb_unknown_key", 11),
        (
            GOOD_THRESHOLDS.replace('    source: {method: "methods.md §4.1"}\n', ""),
            "kb_missing_source",
            7,
        ),
        (GOOD_THRESHOLDS.replace("value: 0.5", "value: 1.5"), "kb_value_range", 8),
        (GOOD_THRESHOLDS.replace("label_en: A", 'label_en: ""'), "kb_missing_text", 12),
        (GOOD_THRESHOLDS.replace("/1", "/2", 1), "kb_schema_future", 1),
    ],
)
def test_broken_file_gives_located_error(tmp_path, broken, code, line):
    _write(tmp_path, "t.yaml", broken)
    probs = _problems(_profile(tmp_path, ["t.yaml"]))
    hit = [p for p in probs if p.code == code]
    assert hit, [p.text("en") for p in probs]
    assert hit[0].row == line and hit[0].file.endswith("t.yaml")
    msg = str(ProblemError(probs))
    assert "t.yaml" in msg and f"row {line}" in msg


def test_duplicate_id_across_files_and_missing_include(tmp_path):
    _write(tmp_path, "a.yaml", GOOD_THRESHOLDS)
    _write(tmp_path, "b.yaml", GOOD_THRESHOLDS.replace("thresholds.test", "thresholds.other"))
    probs = _problems(_profile(tmp_path, ["a.yaml", "b.yaml", "nope.yaml"]))
    dup = [p for p in probs if p.code == "kb_duplicate_id"]
    assert (
        dup and dup[0].file.endswith("b.yaml") and dup[0].row == 7 and "a.yaml" in dup[0].message_en
    )
    miss = [p for p in probs if p.code == "kb_include_missing"]
    assert miss and miss[0].row == 10 and miss[0].file.endswith("p.yaml")


def test_override_out_of_range_and_unknown(tmp_path):
    _write(tmp_path, "a.yaml", GOOD_THRESHOLDS)
    probs = _problems(_profile(tmp_path, ["a.yaml"], "\n  test.a: 3\n  test.zz: 1"))
    assert {p.code for p in probs} == {"kb_value_range", "kb_unknown_threshold"}
    assert sorted(p.row for p in probs) == [10, 11]


def test_bands_not_ascending_and_weight_not_positive(tmp_path):
    _write(
        tmp_path,
        "c.yaml",
        """
schema: clusterpolicy.checklist/1
id: checklist.t
version: "1"
title_zh: 测
title_en: T
items:
  - id: X-1
    dimension: d
    text_zh: 甲
    text_en: A
    weight: 0
    mode: data
    formula: rd_intensity
    bands: [[0, 0], [0.02, 0.5], [0.01, 1]]
    evidence_hint_zh: 甲
    evidence_hint_en: A
    source: {seed: "001", lines: "135-180"}
""",
    )
    probs = _problems(_profile(tmp_path, ["c.yaml"]))
    by = {p.code: p.row for p in probs}
    assert by["kb_bad_weight"] == 11 and by["kb_bands_order"] == 14


def test_answers_file_round_trip_and_located_errors(tmp_path, profile):
    good = {
        "schema": "clusterpolicy.answers/1",
        "region_code": "330782",
        "clusters": {
            "C18": {
                "existence": {
                    "EX-01": {"answer": "yes", "note": "visit", "who": "Li", "when": "2026-10-01"},
                    "EX-02": "no",
                },
                "technology": {"TECH-26": 3},
            }
        },
        "red_flags": {"N1": {"answer": "yes"}},
    }
    p = tmp_path / "a.json"
    p.write_text(json.dumps(good, indent=2), encoding="utf-8")
    a = load_answers(p, profile)
    assert a.by_cluster("existence") == {"C18": {"EX-01": "yes", "EX-02": "no"}}
    assert a.get("technology", "C18")["TECH-26"]["answer"] == 3
    assert a.values("red_flags") == {"N1": "yes"}
    bad = json.loads(json.dumps(good))
    bad["clusters"]["C18"]["existence"]["EX-02"] = "maybe"
    p.write_text(json.dumps(bad, indent=2), encoding="utf-8")
    with pytest.raises(ProblemError) as ei:
        load_answers(p)
    pr = ei.value.problems[0]
    text = p.read_text(encoding="utf-8").splitlines()
    assert '"EX-02"' in text[pr.row - 1]
    p.write_text('{"clusters": {,}}', encoding="utf-8")
    with pytest.raises(ProblemError) as ei:
        load_answers(p)
    assert ei.value.problems[0].row == 1
