"""Write a file so that the previous one survives any failure: the new content goes to a
temporary file beside the target, which replaces the target only when it is complete.

``with replacing(path) as tmp: write(tmp)`` — on success ``tmp`` becomes ``path`` (an atomic
rename on the same file system); on any error the temporary file is removed, the old ``path`` is
untouched, and an :class:`OSError` (disk full, permission denied, a folder that vanished, the file
open in Excel) becomes a located :class:`~clusterpolicy.messages.ProblemError` saying so.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from clusterpolicy.messages import ProblemError, cannot_write


def _umask() -> int:
    """The process's umask, read without changing it (setting it to read it back would race
    with other threads creating files): Linux states it in /proc; elsewhere 022 is assumed
    (on Windows chmod only sets or clears the read-only flag)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


@contextmanager
def replacing(path: str | os.PathLike[str], *, make_folder: bool = False) -> Iterator[Path]:
    """``make_folder``: create the target's folder when missing (outputs the app names itself,
    such as the demo's); otherwise a missing folder is reported, not silently created."""
    target = Path(path)
    try:
        if make_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent
        )
        os.close(fd)
    except OSError as exc:
        raise ProblemError([cannot_write(target, exc)]) from exc
    tmp = Path(name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); a report or workbook gets the permissions any
        # new file of the user's gets (0666 less the umask), as saving it from Excel would
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ProblemError([cannot_write(target, exc)]) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
