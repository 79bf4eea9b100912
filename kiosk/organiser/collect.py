"""What the organiser has collected so far: notes per table, round and theme, tables still missing.

A plan table with no accepted export is missing: its stick has not come in yet (or was refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.core.clock import WallClock
from kiosk.core.jobs import Job, JobControl
from kiosk.exchange.keyfiles import open_key_file
from kiosk.exchange.merge import MergeResult, merge_paths
from kiosk.exchange.sealing import KeyPair, WrongPassphrase, is_sealed
from kiosk.storage.models import EventTable, Exchange, Note
from kiosk.storage.queries import event_plan
from kiosk.storage.store import open_store


@dataclass(frozen=True)
class TableTotal:
    number: int
    theme: str
    theme_title: str
    by_round: dict[int, int]
    exports: int

    @property
    def total(self) -> int:
        return sum(self.by_round.values())

    @property
    def missing(self) -> bool:
        return self.exports == 0


@dataclass(frozen=True)
class ThemeTotal:
    key: str
    title: str
    tables: tuple[int, ...]
    notes: int
    missing: tuple[int, ...]


@dataclass(frozen=True)
class EventTotals:
    rounds: list[int]
    tables: list[TableTotal]

    @property
    def missing(self) -> list[int]:
        return [t.number for t in self.tables if t.missing]

    def by_round(self) -> dict[int, int]:
        return {r: sum(t.by_round.get(r, 0) for t in self.tables) for r in self.rounds}

    def by_theme(self) -> list[ThemeTotal]:
        groups: dict[str, list[TableTotal]] = {}
        for table in self.tables:
            groups.setdefault(table.theme, []).append(table)
        return [
            ThemeTotal(
                key=key,
                title=tables[0].theme_title,
                tables=tuple(t.number for t in tables),
                notes=sum(t.total for t in tables),
                missing=tuple(t.number for t in tables if t.missing),
            )
            for key, tables in groups.items()
        ]

    @property
    def notes(self) -> int:
        return sum(t.total for t in self.tables)


def event_totals(session: Session, event_id: str) -> EventTotals:
    """Live notes per table and round, and accepted exports per table, for the event's plan."""
    plan = event_plan(session, event_id)
    titles = {t.key: t.title for t in plan.themes}
    counts: dict[tuple[int, int], int] = {}
    rows = session.execute(
        select(Note.table_number, Note.round_number, func.count())
        .where(Note.event_id == event_id, ~Note.deleted)
        .group_by(Note.table_number, Note.round_number)
    )
    for table, rnd, count in rows:
        counts[(table, rnd)] = count
    exports = dict(
        session.execute(
            select(Exchange.table_number, func.count())
            .where(Exchange.event_id == event_id, Exchange.direction == "import")
            .group_by(Exchange.table_number)
        ).all()
    )
    # Tables of older plans the archive still knows keep their notes in view.
    known = dict(
        session.execute(
            select(EventTable.number, EventTable.theme_key).where(EventTable.event_id == event_id)
        ).all()
    )
    planned = {t.number: t.theme for t in plan.tables}
    numbers = sorted(set(planned) | set(known) | {table for table, _rnd in counts})
    rounds = sorted({r.number for r in plan.rounds} | {rnd for _table, rnd in counts})
    tables = []
    for number in numbers:
        theme = planned.get(number) or known.get(number, "")
        tables.append(
            TableTotal(
                number=number,
                theme=theme,
                theme_title=titles.get(theme, theme),
                by_round={r: counts.get((number, r), 0) for r in rounds},
                exports=int(exports.get(number, 0)),
            )
        )
    return EventTotals(rounds=rounds, tables=tables)


def open_key_job(path: Path, passphrase: str) -> Job:
    """A job that opens the organiser's key file once (scrypt takes a moment) for the session.

    The passphrase lives only in this closure; the key pair it returns stays in memory. A wrong
    passphrase is returned, not raised, so the console can ask again for the same file.
    """

    def run(control: JobControl) -> KeyPair | WrongPassphrase:
        control.check()
        try:
            return open_key_file(path, passphrase)
        except WrongPassphrase as exc:
            return exc

    return run


def waits_for_key(result: MergeResult) -> bool:
    """A file refused because it is sealed and no key was open: merge it again once one is."""
    if result.accepted:
        return False
    try:
        with result.path.open("rb") as handle:
            return is_sealed(handle.read(64))
    except OSError:
        return False


def collect_job(
    archive: Path,
    sources: list[Path],
    clock: WallClock,
    key: KeyPair | None = None,
    allow_unsealed: bool = False,
    accept_laptop: bool = False,
) -> Job:
    """A job that merges every export found under the sources, one file per step.

    It opens the archive itself: it runs on a worker thread, apart from the console's
    connection. Cancel stops before the next file; each file merged so far stays merged, whole.
    Sealed exports open with the key already opened for the session; unsealed exports of an
    event with an organiser key are refused unless the organiser allows them, and so are
    exports signed by a laptop the archive does not know for its table, unless accept_laptop.
    """

    def run(control: JobControl) -> list[MergeResult]:
        with open_store(archive) as store:
            return merge_paths(
                store,
                sources,
                clock,
                key=key,
                allow_unsealed=allow_unsealed,
                accept_laptop=accept_laptop,
                control=control,
            )

    return run
