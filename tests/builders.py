"""Archives and table laptops for tests, built one way: plan, notes, clusters and tallies.

`build_archive` and `fill_archive` write an organiser's archive straight from the storage layer,
as the merge leaves it; `Laptop` is a table laptop that writes notes and exports them;
`dump` reads an archive back without what depends on the order files were merged in.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.core.clock import FakeClock
from kiosk.exchange.export import ExportResult, export_table
from kiosk.plan.model import Plan
from kiosk.storage.models import Cluster, Note, Tally
from kiosk.storage.queries import Station, add_note, install_plan, setup_table, update_note
from kiosk.storage.store import Store, open_store

START = datetime(2022, 3, 31, 9, 0, tzinfo=UTC)


def downgrade(store: Store, revision: str) -> None:
    """Take the store back to an older schema revision, as an older kiosk left it."""
    from alembic import command
    from alembic.config import Config

    from kiosk.core import resources

    config = Config()
    config.set_main_option("script_location", str(resources.migrations()))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@dataclass
class Spec:
    """One note to put in a test archive."""

    table: int
    text: str
    kind: str = "insight"
    round: int = 1
    role: str | None = None
    starred: bool = False
    votes: int = 0
    cluster: str | None = None
    hidden: bool = False
    deleted: bool = False
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


def build_archive(
    path: Path,
    plan: Plan,
    notes: list[Spec],
    tallies: dict[tuple[int, int, str], int] | None = None,
) -> Path:
    """An archive as the merge leaves it: the plan, every table's notes, clusters and tallies."""
    with open_store(path) as store:
        fill_archive(store, plan, notes, tallies)
    return path


def fill_archive(
    store: Store,
    plan: Plan,
    notes: Iterable[Spec],
    tallies: dict[tuple[int, int, str], int] | None = None,
    start: datetime = START,
) -> dict[str, str]:
    """Install the plan and write the notes as their tables would; returns text -> note id."""
    moment = iter(start + timedelta(seconds=i) for i in range(10**6))
    ids = {}
    with store.begin() as session:
        install_plan(session, plan, next(moment))
        clusters: dict[tuple[int, str], str] = {}
        for spec in notes:
            at = Station(plan.event_id, spec.table, f"device-{spec.table}")
            add_note(
                session,
                at,
                text=spec.text,
                kind=spec.kind,
                round_number=spec.round,
                role=spec.role,
                starred=spec.starred,
                x=0,
                y=0,
                now=next(moment),
                note_id=spec.id,
            )
            ids[spec.text] = spec.id
            changes: dict[str, object] = {}
            if spec.cluster:
                key = (spec.table, spec.cluster)
                if key not in clusters:
                    clusters[key] = str(uuid.uuid4())
                    session.add(
                        Cluster(
                            id=clusters[key],
                            event_id=plan.event_id,
                            table_number=spec.table,
                            label=spec.cluster,
                            created_at=START,
                            updated_at=START,
                            device_id=at.device_id,
                        )
                    )
                    session.flush()
                changes["cluster_id"] = clusters[key]
            if spec.votes:
                changes["votes"] = spec.votes
            if spec.deleted:
                changes["deleted"] = True
            if changes:
                update_note(session, at, spec.id, next(moment), **changes)
            if spec.hidden:
                # The organiser's choice in the archive; not a field a table can edit.
                session.flush()
                session.get(Note, spec.id).hidden = True
        for (table, rnd, role), count in (tallies or {}).items():
            session.add(
                Tally(
                    event_id=plan.event_id,
                    table_number=table,
                    round_number=rnd,
                    role=role,
                    count=count,
                    updated_at=start,
                    device_id=f"device-{table}",
                )
            )
    return ids


# A few notes per table of the demo event.
NOTES = [
    Spec(1, "Kleinere klassen helpen echt.", "insight", 1, "Docent"),
    Spec(1, "Ik wil gewoon gezien worden.", "quote", 1, "Jongere", starred=True),
    Spec(1, "Maak één loket voor ouders.", "suggestion", 2, "Ouder"),
    Spec(2, "Wie betaalt de extra begeleiding?", "question", 1),
    Spec(2, "Meneer Jansen van De Brug doet dit al goed.", "insight", 2, "Wethouder"),
    Spec(3, "Welbevinden eerst, dan prestaties.", "insight", 1, "Jeugdhulpverlener", True),
    Spec(3, "Ça va? Straße, İstanbul, عربي <b>&", "quote", 2, "Jongere"),
    Spec(4, "Tijd voor intervisie inroosteren.", "suggestion", 1, "Docent"),
]


def demo_archive(path: Path, plan: Plan, clock: FakeClock) -> tuple[Store, dict[str, str]]:
    """An open archive of the plan with `NOTES`, made at the clock's time; and text -> note id."""
    store = open_store(path)
    return store, fill_archive(store, plan, NOTES, start=clock.now())


def export_of(tmp_path: Path, plan: Plan, table: int, texts: list[str], out: Path) -> Path:
    """A table laptop's export file with these notes (rounds 1, 2, 1, ...), written into out."""
    laptop = make_laptop(tmp_path / f"table-{table}.sqlite", plan, table)
    with laptop.store:
        for i, text in enumerate(texts):
            laptop.add(text, round_number=1 + i % 2)
        return laptop.export(out).path


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
