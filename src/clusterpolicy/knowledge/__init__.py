"""Knowledge base (知识库): rule profiles, thresholds, checklists, questionnaires, levers, red flags.

The files live in ``resources/knowledge/`` as YAML (safe-loaded, validated with errors by file and
line). Engines never read YAML: they take ``Profile.threshold_values()`` and plain item lists.

Public API::

    load_profile(path=None) -> Profile        # None = bundled profiles/default.yaml
    load_answers(path, profile=None) -> model.answers.Answers
    Profile.threshold(id), .threshold_values(), .thresholds_table(), .checklist(id),
    .questionnaire(id), .levers(kind=None), .red_flags(), .actions(), .items_by_id, .meta()
"""

from clusterpolicy.knowledge.answers import answers_from_dict, load_answers
from clusterpolicy.knowledge.profile import (
    KBFile,
    Profile,
    knowledge_dir,
    load_profile,
    source_text,
)

__all__ = [
    "KBFile",
    "answers_from_dict",
    "Profile",
    "knowledge_dir",
    "load_answers",
    "load_profile",
    "source_text",
]
