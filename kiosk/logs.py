"""Logging to a file in the user log folder: bugs land there with their traceback."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from kiosk.paths import log_dir

LOG_NAME = "kiosk.log"


def setup_logging() -> Path | None:
    """Send kiosk's log to a rotating file; returns its path, or None if no folder could be made."""
    root = logging.getLogger("kiosk")
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return Path(handler.baseFilename)
