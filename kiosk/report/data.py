"""What the printed output shows, read from an archive in one transaction into plain dataclasses.

The PDF code never touches the ORM: it gets an `EventContent` with every theme's printable notes
(live and not hidden from print), the plan's kinds and roles, and the participant tallies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.plan import Kind, parse_plan
from kiosk.storage.models import Cluster, Event, EventTable, Note, Tally
from kiosk.storage.server import DatabaseUrl, archive_target
from kiosk.storage.store import open_store


@dataclass(frozen=True)
class PrintedNote:
    table: int
    round: int
    kind: str
    role: str | None
    text: str
    starred: bool
    votes: int
    # The label of the note's cluster as the table wrote it; None when not in a cluster.
    cluster: str | None


@dataclass(frozen=True)
class ThemeContent:
    key: str
    title: str
    description: str
    questions: tuple[str, ...]
    tables: tuple[int, ...]
    notes: tuple[PrintedNote, ...]

    @property
    def highlights(self) -> tuple[PrintedNote, ...]:
        return tuple(n for n in self.notes if n.starred)

    @property
    def others(self) -> tuple[PrintedNote, ...]:
        return tuple(n for n in self.notes if not n.starred)


@dataclass(frozen=True)
class EventContent:
    id: str
    title: str
    date: str | None
    location: str
    # The plan's language for the printed labels (nl unless the plan says en).
    language: str
    rounds: tuple[int, ...]
    tables: tuple[int, ...]
    themes: tuple[ThemeContent, ...]
    kinds: tuple[Kind, ...]
    roles: tuple[str, ...]
    # Participants per role: the most seen in any one round (people move between rounds).
    participants: tuple[tuple[str, int], ...]

    @property
    def note_count(self) -> int:
        return sum(len(t.notes) for t in self.themes)

    @property
    def participant_count(self) -> int:
        return sum(count for _role, count in self.participants)

    def kind(self, key: str) -> Kind | None:
        return next((k for k in self.kinds if k.key == key), None)


@dataclass(frozen=True)
class EventListing:
    id: str
    title: str
    date: str | None


def list_events(session: Session) -> list[EventListing]:
    rows = session.execute(select(Event.id, Event.title, Event.date).order_by(Event.date, Event.id))
    return [EventListing(*row) for row in rows]


def choose_event(session: Session, event_id: str | None, archive: object) -> str:
    """The event to print: the one asked for, or the only one; else a message listing them."""
    events = list_events(session)
    ids = [e.id for e in events]
    if not events:
        raise KioskError(f"{archive}: holds no event yet (merge exports into it first)")
    if event_id is not None:
        if event_id in ids:
            return event_id
        raise KioskError(f"{archive}: no event {event_id!r}; it holds:\n{_listing(events)}")
    if len(events) > 1:
        raise KioskError(
            f"{archive}: holds {len(events)} events; choose one with --event:\n{_listing(events)}"
        )
    return events[0].id


def _listing(events: list[EventListing]) -> str:
    return "\n".join(f"  {e.id}  {e.title}" + (f" ({e.date})" if e.date else "") for e in events)


def load_event(session: Session, event_id: str) -> EventContent:
    """Everything printable of one event (call inside one read transaction)."""
    event = session.get(Event, event_id)
    if event is None:
        raise KioskError(f"event {event_id!r}: not in this archive")
    plan = parse_plan(event.plan_json, source=f"event {event_id}")

    labels = dict(
        session.execute(
            select(Cluster.id, Cluster.label).where(Cluster.event_id == event_id, ~Cluster.deleted)
        ).all()
    )
    table_theme = dict(
        session.execute(
            select(EventTable.number, EventTable.theme_key).where(EventTable.event_id == event_id)
        ).all()
    )
    notes_by_theme: dict[str, list[PrintedNote]] = defaultdict(list)
    rows = session.execute(
        select(
            Note.table_number,
            Note.round_number,
            Note.kind,
            Note.role,
            Note.text,
            Note.starred,
            Note.votes,
            Note.cluster_id,
        )
        .where(Note.event_id == event_id, ~Note.deleted, ~Note.hidden)
        # A stable order, the same in every archive that holds the same notes.
        .order_by(Note.table_number, Note.round_number, Note.created_at, Note.id)
    )
    for table, rnd, kind, role, text, starred, votes, cluster_id in rows:
        label = labels.get(cluster_id) if cluster_id else None
        notes_by_theme[table_theme[table]].append(
            PrintedNote(table, rnd, kind, role, text, bool(starred), votes or 0, label)
        )

    themes = tuple(
        ThemeContent(
            key=theme.key,
            title=theme.title,
            description=theme.description,
            questions=tuple(theme.questions),
            tables=tuple(sorted(n for n, key in table_theme.items() if key == theme.key)),
            notes=tuple(notes_by_theme.get(theme.key, ())),
        )
        for theme in event.themes
    )
    return EventContent(
        id=event.id,
        title=event.title,
        date=event.date,
        location=event.location,
        language=plan.event.language,
        rounds=tuple(r.number for r in event.rounds),
        tables=tuple(sorted(table_theme)),
        themes=themes,
        kinds=tuple(plan.kinds),
        roles=tuple(plan.roles),
        participants=_participants(session, event_id, plan.roles),
    )


def _participants(session: Session, event_id: str, roles: list[str]) -> tuple[tuple[str, int], ...]:
    per_round: dict[tuple[str, int], int] = defaultdict(int)
    for role, rnd, count in session.execute(
        select(Tally.role, Tally.round_number, Tally.count).where(Tally.event_id == event_id)
    ):
        per_round[(role, rnd)] += count
    most: dict[str, int] = defaultdict(int)
    for (role, _rnd), count in per_round.items():
        most[role] = max(most[role], count)
    # The plan's roles in its order, then any other role a tally names.
    order = list(roles) + sorted(set(most) - set(roles))
    return tuple((role, most[role]) for role in order if most.get(role, 0) > 0)


def read_archive(archive: str | Path | DatabaseUrl, event_id: str | None) -> EventContent:
    """Open an archive (never creating one) and load the chosen event."""
    path = archive_target(archive)
    if isinstance(path, Path) and not path.exists():
        raise KioskError(f"{path}: no such archive")
    with open_store(path, create=False) as store, store.begin() as session:
        return load_event(session, choose_event(session, event_id, path))
