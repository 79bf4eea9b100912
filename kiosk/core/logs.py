"""Logging to a file in the user log folder: bugs land there with their traceback."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
from pathlib import Path

from kiosk.core.paths import log_dir

LOG_NAME = "kiosk.log"


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that, when it cannot be written (full disk, removed folder), says nothing.

    The standard handler prints "--- Logging error ---" and a traceback to stderr instead; the log
    is for finding bugs later and must never break or clutter a command.
    """

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        return

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            super().flush()

    def close(self) -> None:
        try:
            super().close()
        except (OSError, ValueError):
            self.stream = None  # type: ignore[assignment]


def setup_logging() -> Path | None:
    """Send kiosk's log to a rotating file; returns its path, or None if no folder could be made."""
    root = logging.getLogger("kiosk")
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler = QuietFileHandler(
            folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return Path(handler.baseFilename)
