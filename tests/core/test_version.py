"""`kiosk --version` and the host menu's "About": the version, and for a bundle its build date."""

from __future__ import annotations

import json

import pytest

from kiosk import __version__
from kiosk.cli import main
from kiosk.core import resources, version
from kiosk.core.i18n import set_language


@pytest.fixture
def built(tmp_path, monkeypatch):
    info = tmp_path / "build.json"
    info.write_text(json.dumps({"built": "2026-11-30", "platform": "linux"}), encoding="utf-8")
    monkeypatch.setattr(
        resources, "optional", lambda *parts: info if parts == ("build.json",) else None
    )


def test_from_python_the_version_says_so(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == (
        f"kiosk {__version__} (run from Python, not a standalone build)"
    )


def test_a_bundle_gives_its_build_date(built, capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"kiosk {__version__}, built 2026-11-30"
    set_language("nl")
    assert version.about_text() == f"Kiosk {__version__}, gebouwd op 2026-11-30"


def test_a_damaged_build_file_is_no_date(tmp_path, monkeypatch):
    info = tmp_path / "build.json"
    info.write_text("{", encoding="utf-8")
    monkeypatch.setattr(resources, "optional", lambda *parts: info)
    assert version.build_date() is None
