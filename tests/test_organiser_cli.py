"""`kiosk organiser [--archive A]`: the archive given, or the default one, goes to the console."""

from __future__ import annotations

from pathlib import Path

from kiosk import app, cli
from kiosk.paths import default_archive


def test_organiser_opens_the_archive_given_or_the_default(monkeypatch, tmp_path: Path):
    opened: list[Path] = []
    monkeypatch.setattr(app, "run_organiser", lambda archive: opened.append(archive) or 0)
    assert cli.main(["organiser", "--archive", str(tmp_path / "a.sqlite")]) == 0
    assert cli.main(["organiser"]) == 0
    assert opened == [tmp_path / "a.sqlite", default_archive()]
