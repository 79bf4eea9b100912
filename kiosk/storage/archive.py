"""Looking across an archive's events, and copying a whole archive (file <-> server).

An organisation's archive holds every event of the year: `event_summaries` lists them with their
dates, tables and note counts (`kiosk events`, the console's event chooser). `copy_archive`
moves an archive from a file to a PostgreSQL server or back (`kiosk archive copy`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, select, tuple_
from sqlalchemy.orm import Session

from kiosk.storage.models import (
    Base,
    Cluster,
    Event,
    EventTable,
    Exchange,
    Note,
    Round,
    Setting,
    Tally,
    Theme,
)
from kiosk.storage.server import lock_archive
from kiosk.storage.store import Store


@dataclass(frozen=True)
class EventSummary:
    id: str
    title: str
    date: str | None
    tables: int
    notes: int

    def line(self) -> str:
        return (
            f"{self.id}  {self.date or '-'}  {self.tables} tables  {self.notes} notes  {self.title}"
        )


def event_summaries(session: Session) -> list[EventSummary]:
    """Every event, newest date first: its tables in the plan and its live notes."""
    tables = (
        select(EventTable.event_id, func.count().label("n"))
        .group_by(EventTable.event_id)
        .subquery()
    )
    notes = (
        select(Note.event_id, func.count().label("n"))
        .where(~Note.deleted)
        .group_by(Note.event_id)
        .subquery()
    )
    query = (
        select(
            Event.id,
            Event.title,
            Event.date,
            func.coalesce(tables.c.n, 0),
            func.coalesce(notes.c.n, 0),
        )
        .outerjoin(tables, tables.c.event_id == Event.id)
        .outerjoin(notes, notes.c.event_id == Event.id)
        .order_by(Event.date.desc(), Event.id)
    )
    return [
        EventSummary(row[0], row[1], row[2], int(row[3]), int(row[4]))
        for row in session.execute(query)
    ]


# -- copying ------------------------------------------------------------------------------------

# Parents before children; each record by the key that names it in any archive. Surrogate
# integer ids are left out: the target numbers its own rows.
COPY_ORDER: tuple[tuple[type[Base], tuple[str, ...]], ...] = (
    (Event, ("id",)),
    (Theme, ("event_id", "key")),
    (EventTable, ("event_id", "number")),
    (Round, ("event_id", "number")),
    (Cluster, ("id",)),
    (Note, ("id",)),
    (Tally, ("event_id", "table_number", "round_number", "role")),
    (Exchange, ("export_id", "direction")),
    (Setting, ("key",)),
)
# Key lookups stay under SQLite's smallest limit of 999 parameters (four key columns at most).
BATCH = 240


@dataclass
class CopyCounts:
    """Rows per table: in the source, and in the target before and after the copy."""

    source: dict[str, int] = field(default_factory=dict)
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)

    def lines(self) -> Iterator[str]:
        for name in self.source:
            yield (
                f"{name}: {self.source[name]} in the source; "
                f"{self.before[name]} -> {self.after[name]} in the target"
            )


def _count(session: Session, table: Table) -> int:
    return int(session.scalar(select(func.count()).select_from(table)) or 0)


def _batches(rows: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def copy_archive(source: Store, target: Store) -> CopyCounts:
    """Add every record of source that target lacks, in one transaction of the target.

    A record target already holds (the same note, event, receipt of a merge…) is kept as it is,
    so copying again adds nothing and a copy interrupted halfway leaves the target as before.
    """
    counts = CopyCounts()
    with source.begin() as reading, target.begin() as writing:
        lock_archive(writing)
        for model, key in COPY_ORDER:
            table: Table = model.__table__  # type: ignore[assignment]
            name = table.name
            columns = [c for c in table.columns if c.name in _copied(model)]
            rows = [row._asdict() for row in reading.execute(select(*columns))]
            counts.source[name] = len(rows)
            counts.before[name] = _count(writing, table)
            key_columns = [table.c[k] for k in key]
            present: set[tuple[Any, ...]] = set()
            for batch in _batches(rows):
                wanted = [tuple(row[k] for k in key) for row in batch]
                found = writing.execute(
                    select(*key_columns).where(tuple_(*key_columns).in_(wanted))
                )
                present.update(tuple(row) for row in found)
            missing = [row for row in rows if tuple(row[k] for k in key) not in present]
            for batch in _batches(missing):
                writing.execute(table.insert(), list(batch))
            counts.after[name] = _count(writing, table)
    return counts


def _copied(model: type[Base]) -> set[str]:
    """The columns copied: all but a surrogate integer id."""
    table: Table = model.__table__  # type: ignore[assignment]
    natural = {name for _model, key in COPY_ORDER if _model is model for name in key}
    return {
        c.name
        for c in table.columns
        if not (c.primary_key and c.name == "id" and "id" not in natural)
    }
