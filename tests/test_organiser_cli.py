"""`kiosk organiser [--archive A]`: the archive given, or the default one, goes to the console."""

from __future__ import annotations

from pathlib import Path

from kiosk import cli
from kiosk.core.paths import default_archive
from kiosk.ui import app


def test_organiser_opens_the_archive_given_or_the_default(monkeypatch, tmp_path: Path):
    opened: list[Path] = []
    monkeypatch.setattr(app, "run_organiser", lambda archive: opened.append(archive) or 0)
    assert cli.main(["organiser", "--archive", str(tmp_path / "a.sqlite")]) == 0
    assert cli.main(["organiser"]) == 0
    assert opened == [tmp_path / "a.sqlite", default_archive()]


def test_organiser_opens_the_archive_chosen_last_time_unless_told(monkeypatch, tmp_path: Path):
    from kiosk.organiser.archive_choice import remember
    from kiosk.storage.server import parse_url

    opened: list[object] = []
    monkeypatch.setattr(app, "run_organiser", lambda archive: opened.append(archive) or 0)
    server = parse_url("postgresql://anna:geheim@db.example.org/kiosk")
    remember(server)
    assert cli.main(["organiser"]) == 0
    assert cli.main(["organiser", "--archive", str(tmp_path / "a.sqlite")]) == 0
    assert opened == [parse_url("postgresql://anna@db.example.org/kiosk"), tmp_path / "a.sqlite"]


def test_a_server_password_is_asked_on_a_terminal_only(monkeypatch, tmp_path: Path, capsys):
    """Neither URL, PGPASSWORD nor ~/.pgpass gives one: a terminal is asked, a script is told."""
    import getpass
    import sys

    from kiosk.core.errors import KioskError
    from kiosk.storage import server

    tried: list[str | None] = []

    def check(target):
        tried.append(target.url.password)
        if target.url.password is None:
            raise server.PasswordNeeded(f"{target}: the server asks a password")
        raise KioskError(f"{target}: checked with a password")

    monkeypatch.setattr(server, "check_connection", check)
    url = "postgresql://anna@db.example.org/kiosk"
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert cli.main(["events", "--archive", url]) == 1
    told = capsys.readouterr().err
    assert "set PGPASSWORD, put it in ~/.pgpass or run this in a terminal" in told
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: "geheim")
    assert cli.main(["events", "--archive", url]) == 1
    # The password went to the server, and nowhere into what is printed.
    said = capsys.readouterr().err.strip()
    assert said == "postgresql://anna:***@db.example.org/kiosk: checked with a password"
    assert tried == [None, None, "geheim"]
