"""Where kiosk keeps its data and logs by default (platformdirs); `--db` overrides everywhere.

A table laptop starts the kiosk without --db, so its store's folder is found at every launch.
Importing platformdirs costs about 5 ms of a launch of under 200 ms (issue 12's bound), so on
Linux the data folder is read from the XDG base directory variables platformdirs itself follows
($XDG_DATA_HOME when absolute, else ~/.local/share); anything else (Windows, macOS, Android, an
unusual HOME) asks platformdirs. `tests/core/test_paths.py` holds the two to the same answer.
"""

import os
import sys
from pathlib import Path

APP = "kiosk"


def data_dir() -> Path:
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg) / APP
        home = os.environ.get("HOME", "")
        if os.path.isabs(home):
            return Path(home) / ".local" / "share" / APP
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def log_dir() -> Path:
    import platformdirs  # after the first frame (`kiosk.core.logs`): its import time is no cost

    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def default_table_db() -> Path:
    """The table laptop's store."""
    return data_dir() / "table.sqlite"


def default_archive() -> Path:
    """The organiser's archive of merged exports."""
    return data_dir() / "archive.sqlite"
