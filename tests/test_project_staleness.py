"""A reopened project says when its stored results predate its answers (answers re-scored live
in the desktop app are saved at once; the scores are not)."""

from __future__ import annotations

import pandas as pd

from clusterpolicy.app.projects import create_project, open_project, read_project


def test_answers_after_the_stored_result_mark_it_out_of_date(tmp_path):
    path = tmp_path / "p.cpa"
    with create_project(path, settings={}) as p:
        p.set_answer(("policy_quality", ""), "PQ-03", "yes", "", who="甲")
        p.save_results({"clusters": pd.DataFrame({"industry_code": ["C21"]})}, {})
    with open_project(path) as p:
        assert read_project(p).judged_since is False  # the run came after the answer
        p.set_answer(("policy_quality", ""), "PQ-05", "no", "", who="甲")
    with open_project(path) as p:
        assert read_project(p).judged_since is True
        p.save_results({"clusters": pd.DataFrame({"industry_code": ["C21"]})}, {})
    with open_project(path) as p:
        assert read_project(p).judged_since is False
