"""Where a bundle started from a stick finds itself and the stick."""

from __future__ import annotations

from pathlib import Path

from kiosk.core import platforms


def test_a_bundle_on_a_stick_knows_the_stick(tmp_path: Path):
    executable = tmp_path / "KINGSTON" / "kiosk" / "kiosk"
    executable.parent.mkdir(parents=True)
    executable.touch()
    assert platforms.bundle_folder(executable) == tmp_path / "KINGSTON" / "kiosk"
    assert platforms.launch_stick(executable) == tmp_path / "KINGSTON"


def test_a_macos_app_on_a_stick_knows_the_stick(tmp_path: Path):
    executable = tmp_path / "KINGSTON" / "kiosk" / "Kiosk.app" / "Contents" / "MacOS" / "kiosk"
    executable.parent.mkdir(parents=True)
    executable.touch()
    assert platforms.bundle_folder(executable) == tmp_path / "KINGSTON" / "kiosk"
    assert platforms.launch_stick(executable) == tmp_path / "KINGSTON"


def test_run_from_python_there_is_no_stick():
    assert not platforms.frozen()
    assert platforms.bundle_folder() is None
    assert platforms.launch_stick() is None
