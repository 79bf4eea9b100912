"""The demo event (`kiosk --demo`): table 1 with its 30 notes in a store of its own, PIN 1234."""

from __future__ import annotations

from kiosk.cli import main
from kiosk.table.demo import DEMO_PIN, demo_db, prepare_demo
from kiosk.table.wall import TableWall
from kiosk.ui import app as kiosk_app


def test_demo_is_set_up_once(tmp_path):
    db = tmp_path / "demo.sqlite"
    assert prepare_demo(db)
    wall = TableWall.open(db)
    assert wall is not None and len(wall.notes) == 30
    wall.add_note("eigen notitie", "insight")
    assert wall.check_pin(DEMO_PIN).ok
    wall.close()
    assert not prepare_demo(db)  # a second launch keeps what was added
    again = TableWall.open(db)
    assert len(again.notes) == 31 and again.setup.table_number == 1


def test_kiosk_demo_uses_its_own_store(monkeypatch):
    calls = []
    monkeypatch.setattr(kiosk_app, "run_kiosk", lambda db, windowed: calls.append((db, windowed)))
    assert main(["--demo"]) == 0
    assert calls == [(demo_db(), False)]
    assert TableWall.open(demo_db()) is not None
