"""`kiosk wipe`: the path a table laptop takes at the end of the day, from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.storage.queries import set_setting
from kiosk.storage.store import open_store
from kiosk.table.host_pin import PIN_KEY, pin_record

SECRET = "Mijn zoon werd pas écht gezien toen hij bij mensen terechtkwam die luisterden"


@pytest.fixture
def day(tmp_path: Path, demo_plan_path: Path, capsys):
    """A table laptop that wrote a note, exported it, and an organiser who merged it."""
    db, stick = tmp_path / "laptop" / "t.sqlite", tmp_path / "stick"
    stick.mkdir()
    assert (
        main(["table", "setup", "--db", str(db), "--plan", str(demo_plan_path), "--table", "4"])
        == 0
    )
    with open_store(db) as store, store.begin() as session:
        set_setting(session, PIN_KEY, pin_record("2468"))
    notes = tmp_path / "notes.csv"
    notes.write_text(f"round,kind,role,starred,text\n1,quote,Ouder,1,{SECRET}\n", "utf-8")
    assert main(["notes", "import", "--db", str(db), str(notes)]) == 0
    assert main(["export", "--db", str(db), "--to", str(stick)]) == 0
    export = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert main(["merge", "--archive", str(tmp_path / "archive.sqlite"), str(export)]) == 0
    capsys.readouterr()
    return db, export


def store_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_wipe_with_receipt_and_pin(day, monkeypatch, capsys):
    db, export = day
    assert SECRET.encode() in store_bytes(db)
    monkeypatch.setenv("KIOSK_HOST_PIN", "2468")
    assert main(["wipe", "--db", str(db), "--receipt", f"{export}.receipt"]) == 0
    assert capsys.readouterr().out.strip() == f"{db}: table 4 wiped; no notes remain on this laptop"
    assert SECRET.encode() not in store_bytes(db)
    assert b"Ouder" not in store_bytes(db)


def test_wrong_pin_wipes_nothing(day, monkeypatch, capsys):
    db, export = day
    monkeypatch.setenv("KIOSK_HOST_PIN", "1111")
    assert main(["wipe", "--db", str(db), "--receipt", f"{export}.receipt"]) == 1
    assert capsys.readouterr().err.strip() == "host PIN: wrong"
    assert SECRET.encode() in store_bytes(db)


def test_no_receipt_wipes_nothing(day, monkeypatch, capsys, tmp_path):
    db, export = day
    monkeypatch.setenv("KIOSK_HOST_PIN", "2468")
    missing = tmp_path / "none.receipt"
    assert main(["wipe", "--db", str(db), "--receipt", str(missing)]) == 1
    assert capsys.readouterr().err.strip() == f"{missing}: no such file"
    assert SECRET.encode() in store_bytes(db)


def test_a_later_export_needs_its_own_receipt(day, monkeypatch, capsys, tmp_path):
    db, export = day
    assert main(["export", "--db", str(db), "--to", str(export.parent)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("KIOSK_HOST_PIN", "2468")
    assert main(["wipe", "--db", str(db), "--receipt", f"{export}.receipt"]) == 1
    assert "but this laptop's last export is" in capsys.readouterr().err
    assert SECRET.encode() in store_bytes(db)
