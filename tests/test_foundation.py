"""The package skeleton: paths, model, messages, progress, CLI dispatch."""

from __future__ import annotations

import pandas as pd
import pytest

from clusterpolicy import cli, paths, progress
from clusterpolicy.messages import Problem, ProblemError, Severity, column_letter
from clusterpolicy.model import TABLES, CanonicalData, coerce_table, empty_table


def test_resources_found_from_checkout():
    root = paths.resources_dir()
    assert (root / "codes").is_dir()
    assert paths.resource("codes").is_dir()


def test_resources_override(tmp_path, monkeypatch):
    (tmp_path / "codes").mkdir()
    monkeypatch.setenv("CLUSTERPOLICY_RESOURCES", str(tmp_path))
    paths.resources_dir.cache_clear()
    try:
        assert paths.resources_dir() == tmp_path
    finally:
        paths.resources_dir.cache_clear()


@pytest.mark.parametrize("name", list(TABLES))
def test_empty_tables_have_canonical_dtypes(name):
    df = empty_table(name)
    spec = TABLES[name]
    assert list(df.columns) == spec.names
    for c in spec.columns:
        assert str(df[c.name].dtype) == c.dtype


def test_coerce_keeps_codes_as_strings_and_adds_missing_measures():
    df = pd.DataFrame(
        {"region_code": ["08111"], "industry_code": ["C13"], "year": [2020], "employment": ["5"]}
    )
    out = coerce_table(df, "industry_data")
    assert out.loc[0, "region_code"] == "08111"
    assert out.loc[0, "employment"] == 5.0
    assert out["output"].isna().all()
    with pytest.raises(ValueError):
        coerce_table(df.drop(columns="year"), "industry_data")


def test_dataset_summary_counts():
    d = CanonicalData(
        industry_data=coerce_table(
            pd.DataFrame(
                {
                    "region_code": ["a", "b"],
                    "industry_code": ["x", "x"],
                    "year": [2020, 2021],
                    "employment": [1, 2],
                }
            ),
            "industry_data",
        )
    )
    s = d.summary()
    assert s["regions"] == 2 and s["industries"] == 1 and s["years"] == [2020, 2021]
    assert s["measures"] == ["employment"]


def test_problem_location_and_text():
    p = Problem(
        "negative_value",
        Severity.ERROR,
        "从业人员不能为负数",
        "Employment cannot be negative",
        "改为非负数",
        "enter a non-negative number",
        file="a.xlsx",
        sheet="2020",
        row=12,
        column="C",
    )
    assert p.location("zh") == "a.xlsx / 工作表“2020” / 第12行 / C列"
    assert "row 12" in p.text("en") and "How to fix" in p.text("en")
    assert column_letter(0) == "A" and column_letter(25) == "Z" and column_letter(26) == "AA"


def test_sub_progress_maps_range_and_cancel_propagates():
    seen = []
    cb = progress.sub_progress(lambda f, m: seen.append(round(f, 3)), 0.5, 1.0)
    cb(0.0, ""), cb(0.5, ""), cb(1.0, "")
    assert seen == [0.5, 0.75, 1.0]

    def cancelling(f, m):
        raise progress.Cancelled()

    with pytest.raises(progress.Cancelled):
        progress.sub_progress(cancelling, 0, 1)(0.1, "x")


def test_cli_turns_problems_into_exit_2(monkeypatch, capsys):
    def boom(args):
        raise ProblemError([Problem("x", Severity.ERROR, "坏", "bad", file="f.csv", row=3)])

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda argv=None: parser)
    args = parser.parse_args([])
    args.command, args._run = "fake", boom
    monkeypatch.setattr(parser, "parse_args", lambda argv=None: args)
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert "f.csv" in err and "第3行" in err and "row 3" in err
    assert "Traceback" not in err


def test_user_data_dir_override_and_creation(tmp_path, monkeypatch):
    target = tmp_path / "u" / "v"
    monkeypatch.setenv("CLUSTERPOLICY_USER_DIR", str(target))
    assert paths.user_data_dir() == target and target.is_dir()


def test_reference_areas_are_not_counted_as_regions():
    rd = pd.DataFrame(
        {"region_code": ["990100", "990105"], "year": [2024, 2024], "population": [7e6, 7e5]}
    )
    regions = pd.DataFrame({"region_code": ["990100", "990105"], "is_reference": [True, False]})
    d = CanonicalData(
        region_data=coerce_table(rd, "region_data"), regions=coerce_table(regions, "regions")
    )
    assert d.region_codes() == ["990105"]
    assert d.region_codes(include_reference=True) == ["990100", "990105"]
    assert d.summary()["regions"] == 1
