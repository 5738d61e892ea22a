"""Import workbooks into canonical data — for the command line and the desktop app alike.

:func:`import_data` reads the files with the given (confirmed) mappings or the remembered /
detected ones and, with a project, replaces the project's data and keeps the mappings and the
file names, all in the project's transactions (a cancel from ``progress`` leaves the file as it
was). The mapping review the GUI shows before importing is :mod:`.mapping_review`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from clusterpolicy.io.importer import ImportResult, import_files
from clusterpolicy.io.mapping import MappingStore
from clusterpolicy.paths import user_data_dir
from clusterpolicy.progress import ProgressCallback, ensure, sub_progress

__all__ = ["ImportResult", "import_data", "save_mappings_to", "user_mapping_store"]


def user_mapping_store() -> MappingStore:
    """The per-user store of confirmed mappings (``user_data_dir() / "mappings"``)."""
    return MappingStore(user_data_dir() / "mappings")


def save_mappings_to(project, mappings: Iterable) -> int:
    """Keep the confirmed column mappings of an import in ``project``, keyed by their layout
    signature (mappings without one are not kept); returns how many were stored."""
    n = 0
    for m in mappings or ():
        d = m.to_dict() if hasattr(m, "to_dict") else dict(m)
        sig = d.get("signature")
        if sig:
            project.save_mapping(str(sig), d)
            n += 1
    return n


def import_data(
    files: Sequence[str | Path],
    *,
    mappings=None,
    mapping_store: MappingStore | None = None,
    reference_code: str | None = None,
    year: int | None = None,
    project=None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import ``files``; with ``project`` also store the data, the mappings used and the file
    names. ``year`` dates the tables that state no year of their own. Bad input raises a located
    :class:`~clusterpolicy.messages.ProblemError` (carrying the proposed ``.mappings``)."""
    report = ensure(progress)
    end = 0.8 if project is not None else 1.0
    result = import_files(
        [str(f) for f in files],
        mappings=mappings,
        mapping_store=mapping_store,
        reference_code=reference_code,
        year=year,
        progress=sub_progress(progress, 0.0, end),
    )
    if project is not None:
        report(0.8, "写入项目 / saving to the project")
        project.save_data(result.data, progress=sub_progress(progress, 0.8, 0.97))
        save_mappings_to(project, result.mappings)
        project.set_setting("input_files", [Path(f).name for f in files])
    report(1.0, "")
    return result
