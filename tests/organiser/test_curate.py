"""Curate queries: filters, star, hide and fix as the organiser, merge fields kept right."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.core.errors import KioskError
from kiosk.organiser.curate import (
    NoteFilter,
    counts,
    events,
    find_notes,
    fix_text,
    set_hidden,
    set_starred,
)
from kiosk.storage.models import Note
from tests.builders import NOTES, demo_archive


@pytest.fixture
def archive(archive_at: Path | str, demo_plan, clock):
    """The demo archive, in a file and on a PostgreSQL server (tests/conftest.py)."""
    store, ids = demo_archive(archive_at, demo_plan, clock)
    yield store, ids, demo_plan.event_id
    store.close()


def texts(store, **wanted):
    with store.begin() as session:
        return [r.text for r in find_notes(session, NoteFilter(**wanted))]


def test_events_and_all_notes_in_table_and_round_order(archive, demo_plan):
    store, _ids, event_id = archive
    with store.begin() as session:
        assert [e.id for e in events(session)] == [event_id]
        rows = find_notes(session, NoteFilter(event_id))
    assert [(r.table_number, r.round_number) for r in rows] == [(n.table, n.round) for n in NOTES]
    assert rows[3].theme == "inclusie" and rows[5].theme == "welbevinden"


def test_filters_combine(archive):
    store, _ids, event = archive
    assert texts(store, event_id=event, theme="inclusie", round=2) == [
        "Maak één loket voor ouders.",
        "Meneer Jansen van De Brug doet dit al goed.",
    ]
    assert texts(store, event_id=event, table=3, kind="quote") == [NOTES[6].text]
    assert texts(store, event_id=event, starred_only=True) == [NOTES[1].text, NOTES[5].text]
    assert texts(store, event_id="another-event") == []


def test_text_search_ignores_case_in_any_script_and_matches_roles(archive):
    store, _ids, event = archive
    assert texts(store, event_id=event, text="İSTANBUL".lower()) == [NOTES[6].text]
    assert texts(store, event_id=event, text="STRASSE") == [NOTES[6].text]
    assert texts(store, event_id=event, text="wethouder") == [NOTES[4].text]


def test_star_is_an_organiser_revision(archive, clock):
    store, ids, event = archive
    note_id = ids[NOTES[0].text]
    later = clock.now() + timedelta(hours=2)
    with store.begin() as session:
        row = set_starred(session, note_id, True, later)
    assert row.starred and row.revision == 2
    with store.begin() as session:
        note = session.get(Note, note_id)
        assert note.updated_at == later
        first_device = note.device_id
        assert first_device.startswith("organiser-")
        set_starred(session, note_id, False, later)
    with store.begin() as session:
        note = session.get(Note, note_id)
        assert (note.starred, note.revision, note.device_id) == (False, 3, first_device)
    assert counts_of(store, event) == (8, 2, 0)


def test_hide_keeps_the_note_and_its_revision(archive):
    store, ids, event = archive
    note_id = ids["Meneer Jansen van De Brug doet dit al goed."]
    with store.begin() as session:
        row = set_hidden(session, note_id, True)
    assert row.hidden and row.revision == 1
    assert texts(store, event_id=event, hidden_only=True) == [row.text]
    assert counts_of(store, event) == (8, 2, 1)
    with store.begin() as session:
        assert not set_hidden(session, note_id, False).hidden


def test_fix_text_is_a_new_revision_and_checks_the_text(archive, clock):
    store, ids, _event = archive
    note_id = ids["Kleinere klassen helpen echt."]
    with store.begin() as session:
        row = fix_text(session, note_id, "Kleinere klassen helpen echt!", clock.now())
    assert (row.text, row.revision) == ("Kleinere klassen helpen echt!", 2)
    with store.begin() as session:
        assert fix_text(session, note_id, row.text, clock.now()).revision == 2  # nothing changed
    with pytest.raises(KioskError, match="text is empty"), store.begin() as session:
        fix_text(session, note_id, "  ", clock.now())
    with store.begin() as session:
        assert session.get(Note, note_id).text == "Kleinere klassen helpen echt!"


def test_a_deleted_note_is_neither_listed_nor_editable(archive, clock):
    store, ids, event = archive
    note_id = ids[NOTES[0].text]
    with store.begin() as session:
        session.get(Note, note_id).deleted = True
    assert NOTES[0].text not in texts(store, event_id=event)
    with pytest.raises(KioskError, match="not in the archive"), store.begin() as session:
        set_hidden(session, note_id, True)


def counts_of(store, event):
    with store.begin() as session:
        return counts(session, event)
