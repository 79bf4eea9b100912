"""One table set-up for the command line, the start screen and the demo: PIN and notes with it."""

from __future__ import annotations

import pytest

from kiosk.core.errors import KioskError
from kiosk.table.notes_csv import read_notes_csv
from kiosk.table.setup import set_up_table
from kiosk.table.wall import TableWall


def open_wall(db):
    wall = TableWall.open(db)
    assert wall is not None
    return wall


def test_table_pin_and_notes_in_one_go(tmp_path, demo_plan):
    csv = tmp_path / "notes.csv"
    csv.write_text(
        "round,kind,role,starred,text\n1,insight,Docent,0,Een notitie van de tafel\n",
        encoding="utf-8",
    )
    rows = read_notes_csv(csv, demo_plan).rows
    at = set_up_table(tmp_path / "t.sqlite", demo_plan, 2, "4321", rows)
    assert at is not None and (at.event_id, at.table_number) == (demo_plan.event_id, 2)
    wall = open_wall(tmp_path / "t.sqlite")
    assert wall.setup.table_number == 2 and wall.check_pin("4321").ok
    assert [note.text for note in wall.notes] == ["Een notitie van de tafel"]
    wall.close()


def test_another_table_is_refused_and_changes_nothing(tmp_path, demo_plan):
    db = tmp_path / "t.sqlite"
    set_up_table(db, demo_plan, 2, "4321")
    with pytest.raises(KioskError, match="already set up for table 2"):
        set_up_table(db, demo_plan, 3, "0000")
    wall = open_wall(db)
    assert wall.setup.table_number == 2 and wall.check_pin("4321").ok
    wall.close()


def test_keep_existing_leaves_a_table_alone(tmp_path, demo_plan):
    db = tmp_path / "t.sqlite"
    set_up_table(db, demo_plan, 2, "4321")
    assert set_up_table(db, demo_plan, 1, "0000", keep_existing=True) is None
    wall = open_wall(db)
    assert wall.setup.table_number == 2 and wall.check_pin("4321").ok
    wall.close()
