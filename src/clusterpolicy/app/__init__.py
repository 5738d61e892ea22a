"""The application layer (Qt-free): the use cases the command line and the desktop app share.

``commands/`` and ``gui/`` call only this layer (and the bottom-layer helpers: messages,
progress, paths, text); it calls the engines and the data layers. One use case, one function:

* :mod:`.inputs` — the user's side files: answers (JSON or workbook), overrides, scenarios,
  saved mappings;
* :mod:`.imports` — import workbooks (with the mapping review of :mod:`.mapping_review`),
  optionally into a project;
* :mod:`.assessment` — assess imported data; :func:`~.assessment.run_job` is ``clusterpolicy
  assess``: import → assess → write the requested outputs;
* :mod:`.projects` — create, open, save and read ``.cpa`` projects;
* :mod:`.judgements` — the officials' answers and stage overrides, written through to a project;
* :mod:`.outputs` — results workbook, canonical-tables workbook, PDF report, blank templates;
* :mod:`.sample` — the bundled sample assessment;
* :mod:`.steps` — the desktop app's step model (which steps exist, their state, what each needs).

Nothing here imports Qt; every long function takes a ``progress(fraction, message)`` callback.
"""
