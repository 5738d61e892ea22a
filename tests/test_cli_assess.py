"""The command line end to end: assess, demo, and located errors (exit 2) — never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from clusterpolicy.cli import main
from clusterpolicy.paths import resource

SAMPLE = str(resource("samples", "sample_prefecture.xlsx"))


@pytest.mark.slow
def test_assess_writes_results_project_and_report(tmp_path, capsys):
    rc = main(
        [
            "assess",
            SAMPLE,
            "--region",
            "990105",
            "--clusters",
            "C38,C17",
            "--results",
            str(tmp_path / "r.xlsx"),
            "--project",
            str(tmp_path / "p.cpa"),
            "--report",
            str(tmp_path / "r.pdf"),
            "--date",
            "2026-11-22",
            "--answers",
            str(resource("samples", "sample_answers.json")),
            "--quiet",
        ]
    )
    assert rc == 0
    out = capsys.readouterr().out
    assert "C38: growth" in out and "C17: decline" in out
    lc = pd.read_excel(
        tmp_path / "r.xlsx", sheet_name="lifecycle", engine="calamine", dtype={"region_code": str}
    )
    assert list(lc.columns[:7]) == [
        "region_code",
        "industry_code",
        "base_year",
        "end_year",
        "stage",
        "quadrant",
        "confidence",
    ]
    assert set(lc["industry_code"]) == {"C38", "C17"}
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"

    from clusterpolicy.store import Project

    with Project.open(tmp_path / "p.cpa", read_only=True) as p:
        saved = p.load_results()
        assert set(saved.tables["lifecycle"]["stage"]) == {"growth", "decline"}
        assert saved.meta["profile_id"] == "cn-default"
        assert p.answers()  # the officials' answers are kept with the project
        assert len(p.load_data().industry_data) > 2000


def test_assess_bad_answers_file_gives_located_error(tmp_path, capsys):
    bad = tmp_path / "answers.json"
    bad.write_text(
        '{"schema": "clusterpolicy.answers/1", "clusters": {"C38": {"existence": {"EX-99": "yes"}}}}',
        encoding="utf-8",
    )
    rc = main(["assess", SAMPLE, "--answers", str(bad), "--results", str(tmp_path / "r.xlsx")])
    err = capsys.readouterr().err
    assert rc == 2
    assert "answers.json" in err and "EX-99" in err and "Traceback" not in err


def test_override_without_reason_is_refused(tmp_path, capsys):
    ov = tmp_path / "ov.json"
    ov.write_text(json.dumps({"C17": {"stage": "renewal"}}), encoding="utf-8")
    rc = main(["assess", SAMPLE, "--overrides", str(ov), "--results", str(tmp_path / "r.xlsx")])
    assert rc == 2
    assert "reason" in capsys.readouterr().err


def test_missing_input_file_exit_2(tmp_path, capsys):
    rc = main(["assess", str(tmp_path / "nope.xlsx"), "--results", str(tmp_path / "r.xlsx")])
    assert rc == 2
    assert "nope.xlsx" in capsys.readouterr().err


@pytest.mark.slow
def test_demo_command_as_a_user_runs_it(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "clusterpolicy",
            "demo",
            "--out",
            str(tmp_path),
            "--date",
            "2026-11-22",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("report.pdf", "results.xlsx", "demo.cpa"):
        assert (tmp_path / name).stat().st_size > 10_000
    assert "C21: renewal" in proc.stdout and "C27: emergence" in proc.stdout


def _long_csv(path, rows):
    lines = ["地区代码,地区,行业代码,年份,从业人员(人)"] + [",".join(map(str, r)) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_reference_data_beside_the_local_tables(tmp_path, capsys):
    """``--reference-data``: the province's own figures are the LQ reference, and its "合计" row
    (a total name in the industry-code column) is read as the province's all-industry total."""
    local = [
        (f"33010{i}", f"城{i}", code, 2020, emp)
        for i in range(6)
        for code, emp in (("C17", 400 if i == 0 else 100), ("C38", 900))
    ]
    province = [
        ("330000", "浙江省", "C17", 2020, 1000),
        ("330000", "浙江省", "C38", 2020, 9000),
        ("330000", "浙江省", "合计", 2020, 20000),
    ]
    out = tmp_path / "r.xlsx"
    rc = main(
        [
            "assess",
            _long_csv(tmp_path / "local.csv", local),
            "--reference-data",
            _long_csv(tmp_path / "province.csv", province),
            "--region",
            "330100",
            "--results",
            str(out),
            "--quiet",
        ]
    )
    assert rc == 0
    c = pd.read_excel(out, sheet_name="clusters", engine="calamine").set_index("industry_code")
    # LQ = (local C17 / local total) / (province C17 / province total)
    assert c.loc["C17", "lq"] == pytest.approx((400 / 1300) / (1000 / 20000))
    assert c.loc["C38", "lq"] == pytest.approx((900 / 1300) / (9000 / 20000))
    assert c.loc["C17", "reference_name_zh"] == "浙江省（330000，省级）"
    assert "合计" not in set(c.index)


def test_a_bad_boundary_file_stops_at_once_with_its_message(tmp_path, capsys):
    bad = tmp_path / "边界.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    rc = main(["assess", SAMPLE, "--report", str(tmp_path / "r.pdf"), "--boundaries", str(bad)])
    assert rc == 2
    err = capsys.readouterr()
    text = err.out + err.err
    assert "边界.geojson" in text and "GeoJSON" in text
    assert not (tmp_path / "r.pdf").exists()


def test_a_bad_growth_assumption_in_a_scenario_file_is_a_located_exit_2(tmp_path, capsys):
    bad = tmp_path / "情景.json"
    bad.write_text(
        json.dumps({"transfer_pool_yuan": 1e8, "horizon_years": 3, "pool_growth_pct": 300}),
        encoding="utf-8",
    )
    rc = main(["assess", SAMPLE, "--region", "990105", "--scenario", str(bad), "--quiet"])
    assert rc == 2
    err = capsys.readouterr().err
    assert "情景.json" in err and "pool_growth_pct" in err
    assert "资金池年增长率须为 -50 至 100" in err and "pool growth must be a number" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_the_scenario_of_a_run_is_saved_and_chosen_in_the_project(tmp_path):
    from clusterpolicy.app.projects import open_project
    from clusterpolicy.app.scenarios import Scenarios

    sc = {"name": "五年", "transfer_pool_yuan": 2e8, "allocation": "per_capita",
          "horizon_years": 5, "target_growth_pct": 4.0}  # fmt: skip
    path = tmp_path / "s.json"
    path.write_text(json.dumps(sc, ensure_ascii=False), encoding="utf-8")
    project = tmp_path / "p.cpa"
    rc = main(["assess", SAMPLE, "--region", "990105", "--scenario", str(path),
               "--project", str(project), "--quiet"])  # fmt: skip
    assert rc == 0
    with open_project(project) as p:
        book = Scenarios(p)
        assert book.chosen == "五年" and book.get("五年") == sc
        meta = p.load_results().meta
        assert meta["scenario"]["horizon_year"] == meta["scenario"]["year"] + 5
