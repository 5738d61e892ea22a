"""Local rule profiles (app/profiles.py): thresholds as rows, affected steps, save → load with
the overrides applied, out-of-range values refused with a located message, the profile a
reopened project used, and the report naming a local profile."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from clusterpolicy.app import profiles as P
from clusterpolicy.knowledge import load_profile
from clusterpolicy.messages import ProblemError

LQ = "identification.lq.pass_min"


@pytest.fixture(scope="module")
def default():
    return load_profile()


def test_rows_list_every_threshold_with_meaning_range_source_and_default(default):
    rows = P.threshold_rows(default)
    n_items = sum(len(f.items) for f in default.files_of("thresholds"))
    assert len(rows) == n_items and rows["threshold_id"].is_unique
    r = rows.set_index("threshold_id").loc[LQ]
    assert r["step"] == "identification"
    assert r["value"] == r["default_value"] == 1.5
    assert (r["min"], r["max"]) == (0.0, 100.0)
    assert "区位熵" in r["label_zh"] and "LQ" in r["label_en"]
    assert r["source_zh"] and r["source_en"] and "methods.md" in r["citation"]
    assert not rows["overridden"].any()  # the default profile overrides nothing


def test_affected_steps_follow_the_pipeline():
    assert P.affected_steps([LQ]) == [
        "identification",
        "lifecycle",
        "upgrading",
        "equalization",
        "policy",
    ]
    assert P.affected_steps(["lifecycle.tol.lq", "equalization.transfer.x"]) == [
        "lifecycle",
        "equalization",
        "policy",
    ]
    assert P.affected_steps(["policy.plan_size"]) == ["policy"]
    assert P.affected_steps(["nonsense.x"]) == []
    assert P.step_names(["identification", "lifecycle"], "zh") == "集群识别、生命周期"
    assert P.step_names(["identification", "lifecycle"], "en") == "identification, life cycle"


def test_save_then_load_applies_the_overrides_and_records_name_reason_author(default):
    path = P.save_local_profile(
        default, {LQ: 3.0}, "放宽后的识别规则", "省厅要求提高门槛", "张三", today="2026-12-03"
    )
    assert path.parent == P.profile_folder() and path.suffix == ".yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["schema"] == "clusterpolicy.profile/2"
    assert doc["includes"] == [f.path for f in default.files]
    assert doc["overrides"] == {LQ: 3}
    p = load_profile(path)
    assert p.value(LQ) == 3.0 and p.overrides == {LQ: 3.0}
    assert p.title_zh == "放宽后的识别规则" and p.reason == "省厅要求提高门槛"
    assert p.author == "张三" and p.date == "2026-12-03" and p.version == "1"
    assert p.based_on == f"{default.id} {default.version}" and p.is_local
    meta = p.meta()
    assert meta["profile_reason"] == "省厅要求提高门槛" and meta["profile_author"] == "张三"
    # every other threshold keeps its default
    assert {k: v for k, v in p.threshold_values().items() if k != LQ} == {
        k: v for k, v in default.threshold_values().items() if k != LQ
    }
    # saving the same name again is the next version; a value back at its default is dropped
    again = P.save_local_profile(
        p, {LQ: 1.5, "policy.plan_size": 6}, "放宽后的识别规则", "再调", "李四"
    )
    assert again == path
    q = load_profile(again)
    assert q.version == "2" and q.overrides == {"policy.plan_size": 6.0}
    assert q.based_on == p.based_on  # still made from the default profile
    listed = P.local_profiles()
    assert [lp.path for lp in listed] == [path] and listed[0].reason == "再调"


def test_out_of_range_value_is_refused_with_a_located_message_and_nothing_written(default):
    with pytest.raises(ProblemError) as exc:
        P.save_local_profile(default, {LQ: 150}, "太高", "试一下", "张三")
    (p,) = exc.value.problems
    zh, en = p.text("zh"), p.text("en")
    assert "thresholds/identification.yaml" in zh and "第106行" in zh  # the threshold's line
    assert LQ in zh and "区位熵" in zh and "[0, 100]" in zh and "150" in zh
    assert "row 106" in en and "allowed range [0, 100]" in en
    assert list(P.profile_folder().glob("*.yaml")) == []


def test_name_and_reason_are_required(default):
    with pytest.raises(ProblemError) as exc:
        P.save_local_profile(default, {LQ: 2}, "  ", "", "张三")
    assert {p.code for p in exc.value.problems} == {"profile_no_name", "profile_no_reason"}


def test_a_v1_profile_may_not_carry_the_v2_keys(tmp_path):
    text = (P.knowledge_dir() / "profiles" / "default.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "p.yaml"
    bad.write_text(text.replace("overrides: {}", "overrides: {}\nreason: x"), encoding="utf-8")
    with pytest.raises(ProblemError) as exc:
        load_profile(bad)
    assert [p.code for p in exc.value.problems] == ["kb_unknown_key"]
    good = tmp_path / "q.yaml"
    good.write_text(
        text.replace("profile/1", "profile/2").replace("overrides: {}", "overrides: {}\nreason: x"),
        encoding="utf-8",
    )
    assert load_profile(good).reason == "x"


# --------------------------------------------------------------------- projects
@pytest.fixture(scope="module")
def sample_run():
    from clusterpolicy.app.imports import import_data
    from clusterpolicy.app.sample import sample_files, sample_settings

    data = import_data([sample_files()[0]]).data
    return data, sample_settings(created="2026-12-03")


def _local_run(tmp_path, sample_run, default):
    from clusterpolicy.app.assessment import assess
    from clusterpolicy.app.projects import save_assessment
    from clusterpolicy.model.answers import Answers

    data, settings = sample_run
    settings.welfare_effects = False
    path = P.save_local_profile(default, {LQ: 3.0}, "严格识别", "只看高度专业化的产业", "张三")
    local = load_profile(path)
    result = assess(data, settings, local)
    project = save_assessment(tmp_path / "a.cpa", data, result, settings, local, Answers())
    return path, local, result, project


def test_reopened_project_loads_its_local_profile_or_the_copy_it_keeps(
    tmp_path, sample_run, default
):
    from clusterpolicy.app.projects import open_project, read_project

    path, local, result, project = _local_run(tmp_path, sample_run, default)
    with open_project(project) as p:
        got = read_project(p, default_profile=default)
    assert got.profile.id == local.id and got.profile.value(LQ) == 3.0 and not got.profile_notices
    assert str(got.profile.path) == str(path)

    path.unlink()  # the local file is gone: the project's own copy is used, with a notice
    with open_project(project) as p:
        got = read_project(p, default_profile=default)
    assert got.profile.id == local.id and got.profile.value(LQ) == 3.0
    assert got.profile.reason == "只看高度专业化的产业"
    (n,) = got.profile_notices
    assert n.file == str(path) and "项目中保存的副本" in n.text("zh")
    assert "copy kept in the project" in n.text("en")


def test_a_session_saved_as_a_project_keeps_its_local_profile(tmp_path, sample_run, default):
    from clusterpolicy.app.assessment import AssessmentSettings, assess
    from clusterpolicy.app.judgements import Judgements
    from clusterpolicy.app.projects import open_project, read_project, save_session_as

    data, settings = sample_run
    settings.welfare_effects = False
    path = P.save_local_profile(default, {LQ: 3.0}, "会话规则", "会话中改过阈值", "张三")
    local = load_profile(path)
    result = assess(data, settings, local)
    project = save_session_as(
        tmp_path / "s.cpa",
        settings=AssessmentSettings(**{**settings.__dict__}),
        user="张三",
        data=data,
        mappings=[],
        judgements=Judgements(),
        result=result,
        profile=local,
    )
    project.close()
    with open_project(tmp_path / "s.cpa") as p:
        got = read_project(p, default_profile=default)
    assert got.profile.id == local.id and got.profile.value(LQ) == 3.0 and not got.profile_notices


def test_project_without_a_usable_copy_falls_back_to_the_default_with_a_notice(
    tmp_path, sample_run, default
):
    from clusterpolicy.app.projects import open_project, read_project

    path, local, _result, project = _local_run(tmp_path, sample_run, default)
    path.unlink()
    with open_project(project) as p:  # a project whose stored profile text is unusable
        rec = p.profile()
        files = {k: v for k, v in rec.files.items() if k != rec.main_file}
        p.save_profile(rec.profile_id, rec.version, files=files, main_file="", date=rec.date)
    with open_project(project) as p:
        got = read_project(p, default_profile=default)
    assert got.profile is default
    (n,) = got.profile_notices
    assert local.id in n.text("zh") and "默认规则配置" in n.text("zh")
    assert "default profile" in n.text("en")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_names_the_local_profile_and_lists_its_changes(tmp_path, sample_run, default, lang):
    from clusterpolicy.app.outputs import write_report

    _path, local, result, _project = _local_run(tmp_path, sample_run, default)
    pdf = write_report(tmp_path / f"r_{lang}.pdf", result, lang=lang)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = re.sub(r"\s+", "", text)
    cover = re.sub(r"\s+", "", text.split("\f")[0])
    assert "严格识别" in cover and local.id in cover
    assert ("张三" in cover) and ("cn-default1.0" in cover)
    if lang == "zh":
        assert "调整理由：只看高度专业化的产业" in flat
        assert "本地规则配置调整的阈值（共1项）" in flat
        # the row: meaning, default 1.5, used 3
        assert re.search(r"简单区位熵规则：候选集群区位熵下限 +1\.50? +3\n", text)
        assert "资料来源：本地规则配置“严格识别”" in flat
    else:
        assert "Reasongiven:只看高度专业化的产业" in flat
        assert "Thresholdschangedbythelocalruleprofile(1)" in flat
        assert re.search(r"minimum employment LQ of a candidate +1\.50? +3\n", text)


def test_threshold_units_and_numbers_read_plainly():
    from clusterpolicy.text import formats

    assert formats.unit_word("years", "zh") == "年" and formats.unit_word("years", "en") == "years"
    assert formats.unit_word("share", "zh").startswith("比例") and formats.unit_word("", "zh") == ""
    assert formats.unit_word("furlongs", "en") == "furlongs"
    assert formats.plain_value(1.5) == "1.5" and formats.plain_value(0.05) == "0.05"
    assert formats.plain_value(2.0) == "2" and formats.plain_value(-0.25) == "\u22120.25"
