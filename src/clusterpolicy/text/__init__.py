"""What the user reads, in one place: the bilingual label catalogue and ``tr()``
(:mod:`.catalogue`, :mod:`.labels`) and the number formatters (:mod:`.formats`).

A bottom-layer package: it imports nothing else of the app, so the engines (evidence sentences),
the report, the results workbook and the GUI all say the same thing the same way.
"""
