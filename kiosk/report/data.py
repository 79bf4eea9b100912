"""What the printed output shows, read from an archive in one transaction into plain dataclasses.

The PDF code never touches the ORM: it gets an `EventContent` with every theme's printable notes
(live and not hidden from print), the plan's kinds and roles, and the participant tallies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.core.errors import KioskError
from kiosk.plan.model import Kind, parse_plan
from kiosk.storage.models import Cluster, Event, EventTable, Exchange, Note, Tally
from kiosk.storage.server import DatabaseUrl, archive_target
from kiosk.storage.store import open_store
from kiosk.storage.texts import Texts, entered_counts, load_texts


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
    # The organiser's synthesis of this section (a theme, or one table of it); empty if none.
    synthesis: str = ""
    # The table a per-table section is about; None for a section about a whole theme.
    table: int | None = None
    # The syntheses of this theme's tables, shown in a per-theme section after its own.
    table_syntheses: tuple[tuple[int, str], ...] = ()

    @property
    def in_short(self) -> bool:
        """Whether the short version prints this section: it has a synthesis or a starred note."""
        return bool(self.synthesis or self.table_syntheses or self.highlights)

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
    # The organiser's words (introduction, closing, syntheses) and who organised the day.
    texts: Texts = field(default_factory=Texts)
    organiser: str = ""
    # When an export was last merged in: the printed files' date, so reruns give the same bytes.
    merged_at: datetime | None = None

    @property
    def note_count(self) -> int:
        return sum(len(t.notes) for t in self.themes)

    @property
    def participant_count(self) -> int:
        return sum(count for _role, count in self.participants)

    def kind(self, key: str) -> Kind | None:
        return next((k for k in self.kinds if k.key == key), None)

    def sections(self, by: str = "theme") -> tuple[ThemeContent, ...]:
        """The summary's sections: a theme each (its tables merged), or with `by="table"` a
        table each, in table order, as the event's newsletter has it."""
        if by == "theme":
            return self.themes
        if by != "table":
            raise ValueError(f"sections by {by!r}")
        found = []
        for theme in self.themes:
            for table in theme.tables:
                own = self.texts.table(table)
                if not own and len(theme.tables) == 1:
                    # A theme of one table: its synthesis is the table's.
                    own = theme.synthesis
                found.append(
                    replace(
                        theme,
                        tables=(table,),
                        notes=tuple(n for n in theme.notes if n.table == table),
                        synthesis=own,
                        table=table,
                        table_syntheses=(),
                    )
                )
        return tuple(sorted(found, key=lambda s: s.table or 0))


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

    texts = load_texts(session, event_id)
    themes = []
    for theme in event.themes:
        tables = tuple(sorted(n for n, key in table_theme.items() if key == theme.key))
        themes.append(
            ThemeContent(
                key=theme.key,
                title=theme.title,
                description=theme.description,
                questions=tuple(theme.questions),
                tables=tables,
                notes=tuple(notes_by_theme.get(theme.key, ())),
                synthesis=texts.theme(theme.key),
                table_syntheses=tuple((n, texts.table(n)) for n in tables if texts.table(n)),
            )
        )
    merged_at = session.scalar(
        select(func.max(Exchange.recorded_at)).where(
            Exchange.event_id == event_id, Exchange.direction == "import"
        )
    )
    return EventContent(
        id=event.id,
        title=event.title,
        date=event.date,
        location=event.location,
        language=plan.event.language,
        rounds=tuple(r.number for r in event.rounds),
        tables=tuple(sorted(table_theme)),
        themes=tuple(themes),
        kinds=tuple(plan.kinds),
        roles=tuple(plan.roles),
        participants=_participants(session, event_id, plan.roles),
        texts=texts,
        organiser=plan.event.organiser,
        merged_at=merged_at,
    )


def _participants(session: Session, event_id: str, roles: list[str]) -> tuple[tuple[str, int], ...]:
    per_round: dict[tuple[str, int], int] = defaultdict(int)
    for role, rnd, count in session.execute(
        select(Tally.role, Tally.round_number, Tally.count).where(Tally.event_id == event_id)
    ):
        per_round[(role, rnd)] += count
    # The organiser's count of a round and role replaces what the tables' tallies add up to.
    for (rnd, role), count in entered_counts(session, event_id).items():
        per_round[(role, rnd)] = count
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
