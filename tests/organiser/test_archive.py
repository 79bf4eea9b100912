"""The organiser's Archive facade: the console's use cases, one transaction each, plain records
out, and the console's tabs reaching the archive only through it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kiosk.core.errors import KioskError
from kiosk.core.jobs import JobControl
from kiosk.organiser import console_settings
from kiosk.organiser.archive import Archive, TextKey
from kiosk.organiser.curate import NoteFilter, PlanTexts
from kiosk.organiser.printing import PrintOrder
from tests.builders import NOTES, demo_archive, dump, export_of

UI_ORGANISER = Path(__file__).resolve().parents[2] / "kiosk" / "ui" / "organiser"


@pytest.fixture
def archive(tmp_path: Path, demo_plan, clock):
    store, ids = demo_archive(tmp_path / "archive.sqlite", demo_plan, clock)
    made = Archive(store, clock.now)
    yield made, ids, demo_plan.event_id
    made.close()


def test_curating_returns_plain_rows_stamped_with_the_archives_clock(archive, clock):
    made, ids, event = archive
    assert [e.id for e in made.events()] == [event]
    note_id = ids[NOTES[0].text]
    clock.advance(3600)
    starred = made.set_starred(note_id, True)
    hidden = made.set_hidden(note_id, True)
    fixed = made.fix_text(note_id, "Kleinere klassen helpen.")
    assert (starred.starred, hidden.hidden, fixed.text) == (True, True, "Kleinere klassen helpen.")
    assert fixed.revision == starred.revision + 1
    assert made.counts(event) == (len(NOTES), 3, 1)
    rows = made.find_notes(NoteFilter(event, hidden_only=True))
    assert [r.text for r in rows] == ["Kleinere klassen helpen."]  # usable with no session open
    with made.store.begin() as session:
        from kiosk.storage.models import Note

        assert session.get(Note, note_id).updated_at == clock.now()


def test_a_refused_action_leaves_the_archive_as_it_was(archive, tmp_path):
    made, _ids, event = archive
    before = dump(tmp_path / "archive.sqlite")
    with pytest.raises(KioskError, match="not in the archive"):
        made.fix_text("no-such-note", "anders")
    with pytest.raises(KioskError, match="outside"):
        made.set_count(event, 1, "Docent", -4)
    with pytest.raises(KioskError):
        made.plan("another-event")
    assert dump(tmp_path / "archive.sqlite") == before


def test_texts_counts_and_remembered_folders(archive, demo_plan, tmp_path):
    made, _ids, event = archive
    key = TextKey.theme(demo_plan.themes[0].key)
    assert made.read_text(event, key) == ""
    assert made.save_text(event, key, "  Wat we hoorden.  ") == made.read_text(event, key) != ""
    made.set_count(event, 1, "Docent", 12)
    assert made.entered_counts(event) == {(1, "Docent"): 12}
    assert made.print_defaults(event) == (demo_plan.event.language, None)
    made.remember([event], console_settings.PRINT_FOLDER, tmp_path / "afdruk")
    assert made.print_defaults(event)[1] == tmp_path / "afdruk"
    assert made.remembered(event, console_settings.PRINT_FOLDER) == tmp_path / "afdruk"
    assert made.adopt_plan_texts(demo_plan) is PlanTexts.SAME


def test_collect_and_print_are_jobs_on_this_archive(archive, demo_plan, tmp_path):
    made, _ids, event = archive
    stick = tmp_path / "STICK"
    stick.mkdir()
    export_of(tmp_path, demo_plan, 2, ["Van de stick."], stick)
    before = made.totals(event).notes
    results = made.collect([stick])(JobControl())
    assert [r.accepted for r in results] == [True]
    assert made.totals(event).notes == before + 1

    order = PrintOrder(made.path, event, tmp_path / "print", handouts=False, summary=False)
    written = made.print(order)(JobControl())
    assert [p.suffix for p in written] == [".csv"]
    assert "Van de stick." in written[0].read_text(encoding="utf-8")


def test_the_console_tabs_never_reach_storage_or_a_session():
    offenders = []
    for path in sorted(UI_ORGANISER.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Attribute) and node.attr == "begin":
                names = ["<archive>.begin()"]
            else:
                continue
            offenders += [
                f"{path.name}: {name}"
                for name in names
                if name.startswith(("kiosk.storage", "sqlalchemy")) or name.endswith("begin()")
            ]
    assert offenders == []
