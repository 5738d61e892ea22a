"""The equalization chapter prints the assumptions of the run's (chosen) scenario: pool, rule,
target indicator, and the horizon with its growth rates — or that it is a static calculation."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from clusterpolicy.report import build_report_bytes

from .fixtures import demo_results

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
NAME = "转移支付增加10%（示例）/ transfers +10% (illustrative)"


def _flat(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", "", out)


@pytest.fixture(scope="module")
def demo():
    tables, meta, _ = demo_results()
    keep = ("equalization", "inequality", "scenario", "transfers", "profile", "clusters")
    return {k: tables[k] for k in keep if k in tables}, meta


def _meta(meta, **scenario):
    base = {"name": NAME, "year": 2024, "kind": "pool", "transfer_pool_yuan": 3e8,
            "allocation": "per_capita", "target_indicator": "education_exp_pc",
            "horizon_years": 0.0, "pool_growth_pct": 0.0, "target_growth_pct": 0.0,
            "population_growth_pct": 0.0, "horizon_year": 2024}  # fmt: skip
    return {**meta, "scenario": {**base, **scenario}}


def test_horizon_and_growth_rates_are_printed(demo):
    tables, meta = demo
    m = _meta(meta, horizon_years=5.0, pool_growth_pct=3.0, target_growth_pct=4.5,
              population_growth_pct=-0.5, horizon_year=2029)  # fmt: skip
    zh = _flat(build_report_bytes(tables, m, lang="zh"))
    assert "情景假设：资金池3.00亿元，按人口分配，目标指标为人均教育支出。" in zh
    assert "展望5年至2029年：资金池年增长3.0%，目标指标年增长4.5%，人口年下降0.5%" in zh
    assert "“调整前”为2024年的值" in zh
    en = _flat(build_report_bytes(tables, m, lang="en"))
    assert "Assumptions:apoolof300.00millionyuan,allocatedpercapita" in en
    assert "Looking5yearsaheadto2029:thepool+3.0%ayear" in en
    assert "population−0.5%ayear" in en


def test_a_static_scenario_says_so_and_another_name_prints_nothing(demo):
    tables, meta = demo
    zh = _flat(build_report_bytes(tables, _meta(meta, allocation="gap"), lang="zh"))
    assert "按差距分配（补足到参照值）" in zh and "以2024年数据静态测算" in zh
    other = _flat(build_report_bytes(tables, _meta(meta, name="另一个"), lang="zh"))
    assert "情景假设" not in other  # the assumptions belong to the scenario that was run
