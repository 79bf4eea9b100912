"""An event's identity is fixed when its plan is first saved: a retitled plan stays one event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.plan.editor import PlanEditor
from kiosk.storage.models import Event
from kiosk.storage.store import open_store


def kiosk(*args: object) -> int:
    return main([str(a) for a in args])


@pytest.fixture
def first_plan(tmp_path: Path) -> Path:
    editor = PlanEditor()
    editor.set_event("title", "Thematafels")
    editor.set_event("date", "2022-03-31")
    editor.set_theme(0, "title", "Inclusie")
    editor.add_table()
    return editor.save(tmp_path / "plan.json")


def test_saving_a_new_plan_writes_its_code_and_retitling_keeps_it(first_plan: Path):
    assert json.loads(first_plan.read_text())["event"]["id"] == "2022-03-31-thematafels"
    editor = PlanEditor.open(first_plan)
    editor.set_event("title", "Thematafels in Noord-Kennemerland")
    editor.set_event("date", "2022-04-01")
    editor.save()
    assert editor.plan().event_id == "2022-03-31-thematafels"


def test_a_new_plan_saved_before_it_is_named_gets_a_code_of_its_own(tmp_path: Path):
    saved = [PlanEditor().save(tmp_path / f"{name}.json") for name in ("a", "b")]
    ids = {json.loads(path.read_text())["event"]["id"] for path in saved}
    assert len(ids) == 2 and all(i.startswith("new-event-") for i in ids)


def test_an_older_plan_without_a_code_gets_it_when_written_to_a_stick(tmp_path: Path):
    older = tmp_path / "oud.json"
    data = PlanEditor().data
    data["event"]["title"] = "Thematafels"
    older.write_text(json.dumps(data), encoding="utf-8")
    editor = PlanEditor.open(older)
    stick = tmp_path / "STICK"
    stick.mkdir()
    written = editor.write_to_drive(stick)
    assert json.loads(written.read_text())["event"]["id"] == "thematafels"
    assert json.loads(older.read_text())["event"]["id"] == "thematafels"
    assert not editor.dirty


def test_a_retitled_plan_merges_into_the_same_event_and_the_report_works(
    tmp_path: Path, first_plan: Path, capsys
):
    notes = tmp_path / "notes.csv"
    notes.write_text("round,kind,role,starred,text\n1,insight,Docent,0,Samen doen.\n")
    stick = tmp_path / "STICK"
    stick.mkdir()
    first = tmp_path / "table-1.sqlite"
    assert kiosk("table", "setup", "--db", first, "--plan", first_plan, "--table", 1) == 0
    assert kiosk("notes", "import", "--db", first, notes) == 0

    # The title changes after the plan went to the tables; the next laptop gets the new plan.
    editor = PlanEditor.open(first_plan)
    editor.set_event("title", "Thematafels in Noord-Kennemerland")
    second_plan = editor.save(tmp_path / "plan-2.json")
    second = tmp_path / "table-2.sqlite"
    assert kiosk("table", "setup", "--db", second, "--plan", second_plan, "--table", 2) == 0
    assert kiosk("notes", "import", "--db", second, notes) == 0
    # A laptop set up with the first plan takes the retitled one: it is the same event.
    assert kiosk("table", "setup", "--db", first, "--plan", second_plan, "--table", 1) == 0

    for db in (first, second):
        assert kiosk("export", "--db", db, "--to", stick) == 0
    archive = tmp_path / "archive.sqlite"
    assert kiosk("merge", "--archive", archive, stick) == 0
    with open_store(archive) as store, store.begin() as session:
        events = session.query(Event).all()
        assert [e.id for e in events] == ["2022-03-31-thematafels"]
    capsys.readouterr()
    assert kiosk("report", "--archive", archive, "--out", tmp_path / "report.pdf") == 0
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
