"""Where kiosk keeps its data and logs by default (platformdirs); `--db` overrides everywhere."""

from pathlib import Path

import platformdirs

APP = "kiosk"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def default_table_db() -> Path:
    """The table laptop's store."""
    return data_dir() / "table.sqlite"


def default_archive() -> Path:
    """The organiser's archive of merged exports."""
    return data_dir() / "archive.sqlite"
