"""Test helpers for the exchange: table laptops that write notes, and a canonical archive dump."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.clock import FakeClock
from kiosk.exchange.export import ExportResult, export_table
from kiosk.plan.model import Plan
from kiosk.storage.models import Cluster, Tally
from kiosk.storage.queries import Station, add_note, setup_table, update_note
from kiosk.storage.store import Store, open_store

EVENT = "2022-03-31-ondersteuningsplan"


@dataclass
class Laptop:
    """A table laptop: its store, the table it serves and a clock that only moves when told."""

    store: Store
    at: Station
    clock: FakeClock
    notes: list[str] = field(default_factory=list)

    def add(self, text: str = "een notitie", **values: Any) -> str:
        self.clock.advance(1)
        with self.store.begin() as session:
            note = add_note(
                session,
                self.at,
                text=text,
                kind=values.pop("kind", "insight"),
                round_number=values.pop("round_number", 1),
                x=0.0,
                y=0.0,
                now=self.clock.now(),
                **values,
            )
        self.notes.append(note.id)
        return note.id

    def edit(self, note_id: str, **changes: Any) -> None:
        self.clock.advance(1)
        with self.store.begin() as session:
            update_note(session, self.at, note_id, self.clock.now(), **changes)

    def add_cluster(self, label: str) -> str:
        self.clock.advance(1)
        cluster_id = str(uuid.uuid4())
        with self.store.begin() as session:
            session.add(
                Cluster(
                    id=cluster_id,
                    event_id=self.at.event_id,
                    table_number=self.at.table_number,
                    label=label,
                    created_at=self.clock.now(),
                    updated_at=self.clock.now(),
                    device_id=self.at.device_id,
                )
            )
        return cluster_id

    def tally(self, round_number: int, role: str, count: int, revision: int = 1) -> None:
        self.clock.advance(1)
        with self.store.begin() as session:
            session.add(
                Tally(
                    event_id=self.at.event_id,
                    table_number=self.at.table_number,
                    round_number=round_number,
                    role=role,
                    count=count,
                    updated_at=self.clock.now(),
                    revision=revision,
                    device_id=self.at.device_id,
                )
            )

    def export(self, folder: Path) -> ExportResult:
        self.clock.advance(1)
        folder.mkdir(parents=True, exist_ok=True)
        return export_table(self.store, folder, clock=self.clock.now)


def make_laptop(path: Path, plan: Plan, table: int, clock: FakeClock | None = None) -> Laptop:
    clock = clock or FakeClock()
    store = open_store(path)
    with store.begin() as session:
        at = setup_table(session, plan, table, clock.now())
    return Laptop(store, at, clock)


# Surrogate ids and merge-time bookkeeping depend on the order files came in; content does not.
DUMP = {
    "events": "id, title, date, location, language, plan_json, created_at, updated_at",
    "themes": "event_id, key, title, description, questions, position",
    "event_tables": "event_id, number, theme_key",
    "rounds": "event_id, number, minutes, starts_at",
    "notes": "*",
    "clusters": "*",
    "tallies": "event_id, table_number, round_number, role, count, updated_at, revision, device_id",
    "exchanges": "export_id, direction, event_id, table_number, device_id, sha256, exported_at, "
    "note_count",
}


def dump(path: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """The archive's content, sorted, without anything that depends on merge order."""
    if isinstance(path, str):
        return _dump_server(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table: sorted(conn.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
            for table, columns in DUMP.items()
        }
    finally:
        conn.close()


def _dump_server(url: str) -> dict[str, list[tuple[Any, ...]]]:
    from sqlalchemy import create_engine, text

    from kiosk.storage.server import parse_url

    engine = create_engine(parse_url(url).url)
    try:
        with engine.connect() as connection:
            return {
                table: sorted(
                    (tuple(row) for row in connection.execute(text(f"SELECT {cols} FROM {table}"))),
                    key=repr,
                )
                for table, cols in DUMP.items()
            }
    finally:
        engine.dispose()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
