"""Merging exports into the organiser's archive: each file all or nothing, in any order, repeatable.

Every record carries `(revision, updated_at, device_id)`; the larger tuple wins, tombstones
included, so merging a set of exports gives the same archive whatever the order and however often
a file is merged. The event's plan is the one of the newest export, by `(exported_at, export_id)`;
tables, themes and rounds only older plans name are added, never removed. `Note.hidden` is the
organiser's own curation and no merge touches it.

Performance: a file is one transaction of Core bulk statements (`executemany`) over rows whose
current versions were fetched in one query per chunk; no ORM objects per note.

Several organisers may merge into one server archive at once: each file's transaction first
takes the archive's lock (`kiosk.storage.server.lock_archive`), so the files merge one after
another and the archive is the one a sequential merge gives.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from kiosk.clock import WallClock, utcnow
from kiosk.errors import KioskError
from kiosk.exchange.format import EXTENSION, Export, read_export_file, refused, utc
from kiosk.i18n import _
from kiosk.plan import Plan
from kiosk.receipts import FORMAT as RECEIPT_FORMAT
from kiosk.receipts import Receipt, write_receipt
from kiosk.sealing import KeyPair
from kiosk.storage.models import (
    Cluster,
    Event,
    EventTable,
    Exchange,
    Note,
    Round,
    Tally,
    Theme,
    UTCDateTime,
)
from kiosk.storage.queries import install_plan
from kiosk.storage.server import driver_sql, flag_of, lock_archive
from kiosk.storage.store import Store

# SQLite allows at least 999 parameters in one statement on every build we may meet.
CHUNK = 900
_store_time = UTCDateTime().process_bind_param


def _stamp(moment: datetime) -> str:
    """A time as the store keeps it (`UTCDateTime`), made fast: this runs for every note."""
    text = moment.isoformat(timespec="microseconds")
    if len(text) == 32 and text.endswith("+00:00"):
        return text[:26] + "Z"
    return str(_store_time(moment, None))


NOTE_COLUMNS = (
    "round_number",
    "kind",
    "role",
    "text",
    "starred",
    "votes",
    "x",
    "y",
    "cluster_id",
    "deleted",
    "created_at",
    "updated_at",
    "revision",
    "device_id",
)
CLUSTER_COLUMNS = (
    "label",
    "x",
    "y",
    "width",
    "height",
    "deleted",
    "created_at",
    "updated_at",
    "revision",
    "device_id",
)


@dataclass(frozen=True)
class MergeResult:
    """What happened to one file: accepted (with note counts) or refused (with one reason)."""

    path: Path
    accepted: bool
    reason: str = ""
    already: bool = False
    event_id: str = ""
    table_number: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # Set once the receipt beside the file is written, or why it could not be.
    receipt: Path | None = None
    receipt_problem: str = ""

    def line(self) -> str:
        if not self.accepted:
            return self.reason
        counts = _("notes {new} new, {updated} updated, {unchanged} unchanged").format(
            new=self.new, updated=self.updated, unchanged=self.unchanged
        )
        where = _("table {number} of {event}").format(number=self.table_number, event=self.event_id)
        state = _("already merged") if self.already else _("accepted")
        note = ""
        if self.receipt_problem:
            note = "; " + _("no receipt: {problem}").format(problem=self.receipt_problem)
        return f"{self.path}: {state} ({where}; {counts}){note}"


@dataclass
class _Counts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


def find_exports(paths: Iterable[Path]) -> Iterator[Path | MergeResult]:
    """The files to merge: each path given, and every `.kiosk` file under each folder given.

    A path that is neither yields a refused result. Partial files left by an interrupted export
    (`.kiosk.partial`) and links inside folders are skipped.
    """
    for path in paths:
        if path.is_dir():
            found = sorted(_walk_exports(path))
            if not found:
                reason = _("no {extension} files found").format(extension=EXTENSION)
                yield MergeResult(path, False, str(refused(str(path), reason)))
            yield from found
        elif path.exists():
            yield path
        else:
            yield MergeResult(path, False, f"{path}: " + _("no such file or folder"))


def _walk_exports(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            path = Path(root) / name
            if name.casefold().endswith(EXTENSION) and not path.is_symlink():
                yield path


def merge_paths(
    store: Store,
    paths: Sequence[Path],
    clock: WallClock = utcnow,
    key: KeyPair | None = None,
    allow_unsealed: bool = False,
) -> list[MergeResult]:
    results: list[MergeResult] = []
    for item in find_exports(paths):
        results.append(
            item
            if isinstance(item, MergeResult)
            else merge_file(store, item, clock, key=key, allow_unsealed=allow_unsealed)
        )
    return results


def merge_file(
    store: Store,
    path: Path,
    clock: WallClock = utcnow,
    *,
    key: KeyPair | None = None,
    allow_unsealed: bool = False,
    receipts: bool = True,
) -> MergeResult:
    """Verify, validate and merge one file in one transaction; refusal leaves the archive as is.

    An accepted file gets a receipt beside it, so its table laptop may be wiped; a receipt that
    cannot be written (read-only stick) is reported but does not undo the merge.
    """
    try:
        export = read_export_file(path, key=key)
    except KioskError as exc:
        return MergeResult(path, False, str(exc))
    try:
        with store.begin() as session:
            lock_archive(session)
            if not export.sealed and not allow_unsealed:
                _refuse_unsealed(session, export, path)
            result = merge_export(session, export, path, clock())
    except KioskError as exc:
        return MergeResult(path, False, str(exc))
    except OperationalError as exc:
        reason = _("the archive cannot be written ({detail})").format(detail=exc.orig)
        raise KioskError(f"{store.path}: {reason}") from None
    if not receipts:
        return result
    receipt = Receipt(
        format=RECEIPT_FORMAT,
        export_id=str(export.doc.export_id),
        sha256=export.sha256,
        event_id=export.doc.event_id,
        table_number=export.doc.table_number,
        merged_at=clock(),
    )
    try:
        return replace(result, receipt=write_receipt(path, receipt))
    except KioskError as exc:
        return replace(result, receipt_problem=str(exc))


def _refuse_unsealed(session: Session, export: Export, path: Path) -> None:
    """An event with an organiser key only takes sealed exports, unless the organiser allows."""
    keyed = export.plan.organiser_key is not None
    event = session.get(Event, export.doc.event_id)
    if not keyed and event is not None:
        keyed = bool(json.loads(event.plan_json).get("organiser_key"))
    if keyed:
        reason = _(
            "not sealed, but its event has an organiser key; "
            "merge with --allow-unsealed only if you know where this file comes from"
        )
        raise refused(str(path), reason)


def merge_export(session: Session, export: Export, path: Path, now: datetime) -> MergeResult:
    """Merge one verified export inside the caller's transaction."""
    doc = export.doc
    export_id = str(doc.export_id)
    done = session.scalar(
        select(Exchange).where(Exchange.export_id == export_id, Exchange.direction == "import")
    )
    if done is not None:
        if done.sha256 != export.sha256:
            reason = _(
                "export {export_id} was merged before from a file with other content ({file})"
            ).format(export_id=export_id, file=done.file_name)
            raise refused(str(path), reason)
        live = done.note_count
        return MergeResult(path, True, "", True, doc.event_id, doc.table_number, 0, 0, live)

    _refresh_event(session, export.plan, doc.event_id, utc(doc.exported_at), export_id)
    where = (doc.event_id, doc.table_number)
    _merge_clusters(session, export, where, path)
    counts = _merge_notes(session, export, where, path)
    _merge_tallies(session, export, where)
    session.add(
        Exchange(
            export_id=export_id,
            direction="import",
            event_id=doc.event_id,
            table_number=doc.table_number,
            device_id=doc.device_id,
            file_name=path.name[:255],
            sha256=export.sha256,
            exported_at=utc(doc.exported_at),
            recorded_at=now,
            note_count=sum(1 for n in doc.notes if not n.deleted),
            notes_new=counts.new,
            notes_updated=counts.updated,
            notes_unchanged=counts.unchanged,
        )
    )
    return MergeResult(
        path,
        True,
        "",
        False,
        doc.event_id,
        doc.table_number,
        counts.new,
        counts.updated,
        counts.unchanged,
    )


# -- the event ----------------------------------------------------------------------------------


def _refresh_event(
    session: Session, plan: Plan, event_id: str, exported_at: datetime, export_id: str
) -> None:
    """Install the plan if this is the newest export of the event, else only add what is new."""
    newest = session.execute(
        select(Exchange.exported_at, Exchange.export_id)
        .where(Exchange.event_id == event_id, Exchange.direction == "import")
        .order_by(Exchange.exported_at.desc(), Exchange.export_id.desc())
        .limit(1)
    ).first()
    event = session.get(Event, event_id)
    if event is None or newest is None or (exported_at, export_id) > tuple(newest):
        event = install_plan(session, plan, exported_at)
    else:
        _add_missing_parts(session, event, plan)
    # Times that do not depend on the order the files came in.
    event.created_at = min(event.created_at, exported_at)
    event.updated_at = max(event.updated_at, exported_at)


def _add_missing_parts(session: Session, event: Event, plan: Plan) -> None:
    """Themes, tables and rounds an older plan names that the archive lacks; nothing changed."""
    themes = {t.key for t in event.themes}
    for theme in plan.themes:
        if theme.key not in themes:
            session.add(
                Theme(
                    event_id=event.id,
                    key=theme.key,
                    title=theme.title,
                    description=theme.description,
                    questions=list(theme.questions),
                    position=len(themes),
                )
            )
            themes.add(theme.key)
    session.flush()
    tables = {t.number for t in event.tables}
    for table in plan.tables:
        if table.number not in tables:
            session.add(EventTable(event_id=event.id, number=table.number, theme_key=table.theme))
    rounds = {r.number for r in event.rounds}
    for rnd in plan.rounds:
        if rnd.number not in rounds:
            session.add(
                Round(
                    event_id=event.id,
                    number=rnd.number,
                    minutes=rnd.minutes,
                    starts_at=rnd.starts_at,
                )
            )
    session.flush()


# -- replicated records -------------------------------------------------------------------------


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _current(
    session: Session, table: str, ids: Sequence[str]
) -> dict[str, tuple[str, int, tuple[int, str, str]]]:
    """For each id already stored: its event, table number and version tuple."""
    found: dict[str, tuple[str, int, tuple[int, str, str]]] = {}
    connection = session.connection()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = connection.exec_driver_sql(
            driver_sql(
                connection,
                f"SELECT id, event_id, table_number, revision, updated_at, device_id FROM {table} "
                f"WHERE id IN ({marks})",
            ),
            tuple(chunk),
        )
        for row_id, event_id, number, revision, updated_at, device_id in rows:
            found[row_id] = (event_id, number, (revision, updated_at, device_id))
    return found


def _stored_values(
    session: Session, table: str, columns: Sequence[str], ids: Sequence[str]
) -> dict[str, tuple[Any, ...]]:
    found: dict[str, tuple[Any, ...]] = {}
    connection = session.connection()
    names = ", ".join(columns)
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = connection.exec_driver_sql(
            driver_sql(connection, f"SELECT id, {names} FROM {table} WHERE id IN ({marks})"),
            tuple(chunk),
        )
        for row in rows:
            found[row[0]] = tuple(row[1:])
    return found


def _upsert(
    session: Session,
    table: str,
    columns: Sequence[str],
    rows: list[tuple[str, tuple[Any, ...]]],
    where: tuple[str, int],
    path: Path,
    clash: str,
) -> _Counts:
    """Insert rows not yet stored; overwrite those whose version tuple is larger; count both.

    Each row is (id, values in `columns` order, ending with updated_at, revision, device_id),
    with values as the database returns them (`flag_of`) so stored and incoming compare.
    A row whose id belongs to another table or event is a forged or broken file: refused, with
    `clash` (a translated sentence with {id}, {number} and {event}) as the reason.
    """
    counts = _Counts()
    current = _current(session, table, [row_id for row_id, _values in rows])
    inserts, updates, ties = [], [], []
    for row_id, values in rows:
        version = (values[-2], values[-3], values[-1])
        stored = current.get(row_id)
        if stored is None:
            inserts.append((row_id, *where, *values))
            counts.new += 1
            continue
        if (stored[0], stored[1]) != where:
            reason = clash.format(id=row_id, number=stored[1], event=repr(stored[0]))
            raise refused(str(path), reason)
        if version > stored[2]:
            updates.append((*values, row_id))
            counts.updated += 1
        elif version == stored[2]:
            ties.append((row_id, values))
        else:
            counts.unchanged += 1
    if ties:
        # The same version with other content (a copied store, a forged file): the larger
        # content wins, so the outcome still does not depend on the order of the files.
        stored_values = _stored_values(
            session, table, columns, [row_id for row_id, _values in ties]
        )
        for row_id, values in ties:
            if repr(values) > repr(stored_values[row_id]):
                updates.append((*values, row_id))
                counts.updated += 1
            else:
                counts.unchanged += 1
    connection = session.connection()
    if inserts:
        names = ", ".join(("id", "event_id", "table_number", *columns))
        marks = ", ".join("?" * (len(columns) + 3))
        extra = ", hidden" if table == "notes" else ""
        extra_value = ", FALSE" if table == "notes" else ""
        connection.exec_driver_sql(
            driver_sql(
                connection, f"INSERT INTO {table} ({names}{extra}) VALUES ({marks}{extra_value})"
            ),
            inserts,
        )
    if updates:
        assignments = ", ".join(f"{name} = ?" for name in columns)
        connection.exec_driver_sql(
            driver_sql(connection, f"UPDATE {table} SET {assignments} WHERE id = ?"), updates
        )
    return counts


def _merge_clusters(session: Session, export: Export, where: tuple[str, int], path: Path) -> None:
    flag = flag_of(session.connection())
    rows = [
        (
            str(c.id),
            (
                c.label,
                c.x,
                c.y,
                c.width,
                c.height,
                flag(c.deleted),
                _stamp(c.created_at),
                _stamp(c.updated_at),
                c.revision,
                c.device_id,
            ),
        )
        for c in export.doc.clusters
    ]
    clash = _("cluster {id} belongs to table {number} of event {event} in the archive")
    _upsert(session, Cluster.__tablename__, CLUSTER_COLUMNS, rows, where, path, clash)


def _merge_notes(session: Session, export: Export, where: tuple[str, int], path: Path) -> _Counts:
    flag = flag_of(session.connection())
    rows = [
        (
            str(n.id),
            (
                n.round_number,
                n.kind,
                n.role,
                n.text,
                flag(n.starred),
                n.votes,
                n.x,
                n.y,
                None if n.cluster_id is None else str(n.cluster_id),
                flag(n.deleted),
                _stamp(n.created_at),
                _stamp(n.updated_at),
                n.revision,
                n.device_id,
            ),
        )
        for n in export.doc.notes
    ]
    clash = _("note {id} belongs to table {number} of event {event} in the archive")
    return _upsert(session, Note.__tablename__, NOTE_COLUMNS, rows, where, path, clash)


def _merge_tallies(session: Session, export: Export, where: tuple[str, int]) -> None:
    """Tallies are keyed by round and role; the same version rule picks the count."""
    stored = {
        (t.round_number, t.role): t
        for t in session.scalars(
            select(Tally).where(Tally.event_id == where[0], Tally.table_number == where[1])
        )
    }
    for tally in export.doc.tallies:
        updated_at = utc(tally.updated_at)
        row = stored.get((tally.round_number, tally.role))
        if row is None:
            session.add(
                Tally(
                    event_id=where[0],
                    table_number=where[1],
                    round_number=tally.round_number,
                    role=tally.role,
                    count=tally.count,
                    updated_at=updated_at,
                    revision=tally.revision,
                    device_id=tally.device_id,
                )
            )
        elif (tally.revision, updated_at, tally.device_id) > (
            row.revision,
            row.updated_at.astimezone(UTC),
            row.device_id,
        ):
            row.count, row.updated_at = tally.count, updated_at
            row.revision, row.device_id = tally.revision, tally.device_id
    session.flush()
