"""The data folder found without platformdirs (launch time) is the one platformdirs gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from kiosk.core import paths

CASES = {
    "XDG_DATA_HOME absolute": {"XDG_DATA_HOME": "/srv/school/data", "HOME": "/home/host"},
    "XDG_DATA_HOME with a trailing slash": {"XDG_DATA_HOME": "/srv/data/", "HOME": "/home/host"},
    "XDG_DATA_HOME relative": {"XDG_DATA_HOME": "data", "HOME": "/home/host"},
    "XDG_DATA_HOME empty": {"XDG_DATA_HOME": "", "HOME": "/home/host"},
    "XDG_DATA_HOME unset": {"HOME": "/home/host"},
    "HOME relative": {"HOME": "host"},
}


@pytest.mark.parametrize("env", CASES.values(), ids=CASES.keys())
def test_data_dir_is_platformdirs_choice(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]):
    for name in ("XDG_DATA_HOME", "HOME", "ANDROID_DATA", "ANDROID_ROOT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    expected = Path(platformdirs.user_data_dir(paths.APP, appauthor=False))
    assert paths.data_dir() == expected
    assert paths.default_table_db() == expected / "table.sqlite"


def test_finding_the_table_store_does_not_import_platformdirs():
    """The kiosk launches without --db: its store is found without paying for platformdirs."""
    code = (
        "import sys; from kiosk.core.paths import default_table_db; default_table_db(); "
        "print('platformdirs' in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    expected = "False" if sys.platform == "linux" else "True"
    assert found == expected
