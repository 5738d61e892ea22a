"""Logging for the command line and the desktop app: one rotating log file per user.

:func:`setup_logging` sends the ``clusterpolicy`` loggers to ``clusterpolicy.log`` in
:func:`clusterpolicy.paths.log_dir` (1 MB × 5 files, UTF-8) and returns the file's path, so a
message to the user can say where the details are. Modules log with
``logging.getLogger(__name__)``; unexpected errors are logged with their traceback
(:func:`log_exception`) and shown to the user only as a plain sentence.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from clusterpolicy.paths import log_dir

LOG_NAME = "clusterpolicy.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"
_handler: logging.Handler | None = None


def log_file() -> Path:
    """The path of the current log file."""
    return log_dir() / LOG_NAME


def setup_logging(front_end: str, level: int = logging.INFO) -> Path:
    """Configure the ``clusterpolicy`` logger once (again after the log folder changed);
    ``front_end`` ("cli", "gui") is written in the first line. Returns the log file."""
    global _handler
    path = log_file()
    root = logging.getLogger("clusterpolicy")
    if _handler is not None and getattr(_handler, "baseFilename", "") == str(path):
        return path
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    try:
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8", delay=True
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False
    _handler = handler
    from clusterpolicy import __version__

    root.info("start %s %s", front_end, __version__)
    return path


def log_exception(message: str) -> Path:
    """Log the exception being handled, with its traceback; returns the log file."""
    logging.getLogger("clusterpolicy").exception(message)
    if _handler is not None:
        _handler.flush()
    return log_file()
