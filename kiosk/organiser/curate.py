"""Curating the archive: find notes by theme, table, round, kind, star and text; star, hide, fix;
take the texts of the organiser's own plan.

Each function takes the caller's session: `kiosk.organiser.archive.Archive` opens one transaction
per organiser action. Starring and fixing a typo are edits of the note: a new revision written by
the organiser's device, so the merge's rule (revision, then update time, then device) keeps them
over the export they came from, and a table that later edits the same note again wins. Hiding is
the organiser's alone: the merge never touches `hidden`, so it needs no new revision. An edit
reads the note after taking the archive's lock (`lock_archive`), so on a server archive a merge
running in another organiser's console or terminal never overwrites it with what it read
before, nor it the merge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.exchange.merge import plan_difference
from kiosk.plan.model import Plan, parse_plan
from kiosk.plan.words import field_words
from kiosk.storage.models import Event, EventTable, Note
from kiosk.storage.queries import install_plan, organiser_station, update_note
from kiosk.storage.server import insertion_order, lock_archive


@dataclass(frozen=True)
class EventChoice:
    id: str
    title: str
    date: str | None

    def label(self) -> str:
        return f"{self.date} · {self.title}" if self.date else self.title


@dataclass(frozen=True)
class NoteFilter:
    """What the organiser is looking for; None or empty means any."""

    event_id: str
    theme: str | None = None
    table: int | None = None
    round: int | None = None
    kind: str | None = None
    starred_only: bool = False
    hidden_only: bool = False
    text: str = ""


@dataclass(frozen=True)
class NoteRow:
    """One note as the curate list shows it (a plain record, detached from any session)."""

    id: str
    table_number: int
    round_number: int
    theme: str
    kind: str
    role: str | None
    text: str
    starred: bool
    hidden: bool
    revision: int


def events(session: Session) -> list[EventChoice]:
    """The events in the archive, newest date first."""
    rows = session.execute(select(Event.id, Event.title, Event.date))
    found = [EventChoice(*row) for row in rows]
    return sorted(found, key=lambda e: (e.date or "", e.title), reverse=True)


def _rows() -> Select[tuple]:
    return select(
        Note.id,
        Note.table_number,
        Note.round_number,
        EventTable.theme_key,
        Note.kind,
        Note.role,
        Note.text,
        Note.starred,
        Note.hidden,
        Note.revision,
    ).join(
        EventTable,
        and_(EventTable.event_id == Note.event_id, EventTable.number == Note.table_number),
    )


def find_notes(session: Session, wanted: NoteFilter) -> list[NoteRow]:
    """Live notes (not deleted) matching the filter, by table, round and time of writing.

    Text matches case-insensitively in any script (Python's casefold, which SQLite's LIKE lacks).
    """
    query = _rows().where(Note.event_id == wanted.event_id, ~Note.deleted)
    if wanted.theme:
        query = query.where(EventTable.theme_key == wanted.theme)
    if wanted.table is not None:
        query = query.where(Note.table_number == wanted.table)
    if wanted.round is not None:
        query = query.where(Note.round_number == wanted.round)
    if wanted.kind:
        query = query.where(Note.kind == wanted.kind)
    if wanted.starred_only:
        query = query.where(Note.starred)
    if wanted.hidden_only:
        query = query.where(Note.hidden)
    query = query.order_by(
        Note.table_number, Note.round_number, Note.created_at, insertion_order(session, "notes")
    )
    rows = [NoteRow(*row) for row in session.execute(query)]
    needle = wanted.text.strip().casefold()
    if needle:
        rows = [r for r in rows if needle in f"{r.text}\n{r.role or ''}".casefold()]
    return rows


def note_row(session: Session, note_id: str) -> NoteRow:
    row = session.execute(_rows().where(Note.id == note_id)).one_or_none()
    if row is None:
        raise KioskError(f"note {note_id}: not in the archive")
    return NoteRow(*row)


def set_starred(session: Session, note_id: str, starred: bool, now: datetime) -> NoteRow:
    note = _live(session, note_id)
    if note.starred != starred:
        station = organiser_station(session, note.event_id)
        update_note(session, station, note_id, now, starred=starred)
        session.flush()
    return note_row(session, note_id)


def set_hidden(session: Session, note_id: str, hidden: bool) -> NoteRow:
    """Keep a note but never print it (a remark that names a person)."""
    note = _live(session, note_id)
    note.hidden = hidden
    session.flush()
    return note_row(session, note_id)


def fix_text(session: Session, note_id: str, text: str, now: datetime) -> NoteRow:
    """Correct a note's text, kept as a new revision by the organiser."""
    note = _live(session, note_id)
    if note.text != text:
        update_note(session, organiser_station(session, note.event_id), note_id, now, text=text)
        session.flush()
    return note_row(session, note_id)


def counts(session: Session, event_id: str) -> tuple[int, int, int]:
    """Live notes, starred and hidden, for the event."""
    query = select(
        func.count(), func.count().filter(Note.starred), func.count().filter(Note.hidden)
    ).where(Note.event_id == event_id, ~Note.deleted)
    total, starred, hidden = session.execute(query).one()
    return int(total), int(starred), int(hidden)


def _live(session: Session, note_id: str) -> Note:
    """The note to edit, read after every merge committed before it (see the module's doc)."""
    lock_archive(session)
    note = session.get(Note, note_id, populate_existing=True)
    if note is None or note.deleted:
        raise KioskError(f"note {note_id}: not in the archive")
    return note


class PlanTexts(Enum):
    """What saving the organiser's plan did to the archive's event with the same code."""

    NOT_IN_ARCHIVE = "not in archive"
    SAME = "same"
    ADOPTED = "adopted"


class PlanDiffers(KioskError):
    """The archive holds the plan's event with another plan beyond the editable texts."""


def adopt_plan_texts(session: Session, plan: Plan, now: datetime) -> PlanTexts:
    """Give the archive's event the organiser's plan's editable texts (the newest plan wins).

    An export never changes the archive's plan (`kiosk.exchange.merge.check_plan`); the
    organiser's own plan, saved in the console, does, but only in the texts the organiser may
    edit after the sticks went out (`EDITABLE_TEXTS` and the organiser key). A plan that differs
    in anything else (rounds, tables, theme keys, roles, kinds' keys) changes nothing and
    raises `PlanDiffers` naming the first such field in the form's words.
    """
    lock_archive(session)
    event = session.get(Event, plan.event_id, populate_existing=True)
    if event is None:
        return PlanTexts.NOT_IN_ARCHIVE
    theirs = parse_plan(event.plan_json, source=f"event {event.id}")
    difference = plan_difference(theirs, plan)
    if difference is not None:
        data = json.loads(plan.to_json())
        raise PlanDiffers(
            _(
                "The archive holds event {event} with another plan: the plans differ in {field}. "
                "The archive keeps its texts, and exports made with this plan would be refused."
            ).format(event=plan.event_id, field=field_words(difference, data))
        )
    text = plan.to_json()
    if text == event.plan_json:
        return PlanTexts.SAME
    # The plans agree beyond the editable texts, so installing changes only those texts.
    install_plan(session, plan, now)
    return PlanTexts.ADOPTED
