"""Merging exports into the organiser's archive: each file all or nothing, in any order, repeatable.

Every record carries `(revision, updated_at, device_id)`; the larger tuple wins, tombstones
included, so merging a set of exports gives the same archive whatever the order and however often
a file is merged. A laptop's clock decides nothing but a tie between equal revisions: a laptop in
the year 2000 or a day ahead still has all its notes merged. `Note.hidden` is the organiser's own
curation and no merge touches it.

Before any record is written, a file must pass the archive's own rules (docs/exchange-format.md,
"How a merge decides"), each in its own function below:
- `check_plan`: the first export of an event brings its plan; every later one must carry the same
  plan except the texts the organiser may edit, and never changes the archive's plan;
- `check_laptop`: a signed export's key must be the one pinned for its table (or accepted);
- `_upsert`: a revision may rise by at most the changes the laptop made since its last merge.

Performance: a file is one transaction of Core bulk statements (`executemany`) over rows whose
current versions were fetched in one query per chunk; no ORM objects per note.

Several organisers may merge into one server archive at once: each file's transaction first
takes the archive's lock (`kiosk.storage.server.lock_archive`), so the files merge one after
another and the archive is the one a sequential merge gives.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from kiosk.core.clock import WallClock, utcnow
from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.core.jobs import JobControl
from kiosk.core.signing import fingerprint
from kiosk.exchange.format import EXTENSION, Export, quoted, read_export_file, refused, utc
from kiosk.exchange.receipts import FORMAT as RECEIPT_FORMAT
from kiosk.exchange.receipts import Receipt, write_receipt
from kiosk.exchange.sealing import KeyPair
from kiosk.plan.model import Plan, parse_plan
from kiosk.storage.failures import storage_error
from kiosk.storage.models import Cluster, Event, Exchange, LaptopKey, Note, Tally, store_time
from kiosk.storage.queries import install_plan
from kiosk.storage.server import driver_sql, flag_of, lock_archive
from kiosk.storage.store import Store

# SQLite allows at least 999 parameters in one statement on every build we may meet.
CHUNK = 900
# An export made before signing carries no change counter; its revisions are held to this.
LEGACY_MAX_REVISION = 1_000
# The namespace of `scoped_id`.
SCOPE = uuid.UUID("6b1d0c55-8f0e-4a57-9d43-3c1f2f0a9e14")
# The plan's texts the organiser may edit (in the console or the plan file) while laptops still
# hold the older wording; any other difference means another event under the same id.
EDITABLE_TEXTS = {
    "event": ("title", "location"),
    "themes": ("title", "description", "questions"),
    "kinds": ("label",),
}


def _stamp(moment: datetime) -> str:
    """A time as the store keeps it (`store_time`), made fast: this runs for every note."""
    text = moment.isoformat(timespec="microseconds")
    if len(text) == 32 and text.endswith("+00:00"):
        return text[:26] + "Z"
    return store_time(moment)


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
    accept_laptop: bool = False,
    control: JobControl | None = None,
) -> list[MergeResult]:
    """Merge every export file found under paths, each whole or not at all, in order.

    With a control, each file is a step (named by the file) and a cancel stops before the next
    one; every file merged so far stays merged.
    """
    found = list(find_exports(paths))
    results: list[MergeResult] = []
    for done, item in enumerate(found):
        if isinstance(item, MergeResult):  # refused before reading (too big, a link)
            results.append(item)
            continue
        if control is not None:
            control.step(done, len(found), item.name)
        results.append(
            merge_file(
                store,
                item,
                clock,
                key=key,
                allow_unsealed=allow_unsealed,
                accept_laptop=accept_laptop,
            )
        )
    if control is not None:
        control.step(len(found), len(found))
    return results


def merge_file(
    store: Store,
    path: Path,
    clock: WallClock = utcnow,
    *,
    key: KeyPair | None = None,
    allow_unsealed: bool = False,
    receipts: bool = True,
    accept_laptop: bool = False,
) -> MergeResult:
    """Verify, validate and merge one file in one transaction; refusal leaves the archive as is.

    The transaction takes the archive's write lock first (`BEGIN IMMEDIATE`), so a second merge
    into the same archive waits its turn instead of failing. With accept_laptop, the organiser
    accepts an export signed by a laptop the archive does not know yet for a table that already
    has one (a second laptop for the table, or a replaced one).
    An accepted file gets a receipt beside it, so its table laptop may be wiped; a receipt that
    cannot be written (read-only stick) is reported but does not undo the merge.
    """
    try:
        export = read_export_file(path, key=key)
    except KioskError as exc:
        return MergeResult(path, False, str(exc))
    try:
        with store.begin(immediate=True, bulk=True) as session:
            lock_archive(session)
            if not export.sealed and not allow_unsealed:
                _refuse_unsealed(session, export, path)
            result = merge_export(session, export, path, clock(), accept_laptop)
    except KioskError as exc:
        return MergeResult(path, False, str(exc))
    except OperationalError as exc:
        raise storage_error(store.path, exc, _("the archive")) from None
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


def merge_export(
    session: Session,
    export: Export,
    path: Path,
    now: datetime,
    accept_laptop: bool = False,
) -> MergeResult:
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

    check_plan(session, export, path)
    allowance = check_laptop(session, export, path, now, accept_laptop)
    where = (doc.event_id, doc.table_number)
    clusters = _merge_clusters(session, export, where, path, allowance)
    counts = _merge_notes(session, export, where, path, allowance, clusters)
    _merge_tallies(session, export, where, path, allowance)
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
            laptop_key=doc.laptop_key,
            changes=doc.changes,
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


def check_plan(session: Session, export: Export, path: Path) -> None:
    """The first export of an event installs its plan; later ones must agree with it.

    The archive's plan changes only from the organiser (plan file, console), never because an
    export is dated later. An export whose plan differs only in the organiser-editable texts
    (`EDITABLE_TEXTS`) merges into the event and leaves the archive's texts as they are; any
    other difference is another event under the same id, refused naming the field.
    """
    exported_at = utc(export.doc.exported_at)
    event = session.get(Event, export.doc.event_id)
    if event is None:
        event = install_plan(session, export.plan, exported_at)
    else:
        difference = plan_difference(parse_plan(event.plan_json), export.plan)
        if difference is not None:
            reason = _(
                "its plan differs from the archive's plan of event {event} in {field}; "
                "an export can only join the event with the same plan"
            ).format(event=quoted(export.doc.event_id), field=difference)
            raise refused(str(path), reason)
    # Times that do not depend on the order the files came in (shown, never compared).
    event.created_at = min(event.created_at, exported_at)
    event.updated_at = max(event.updated_at, exported_at)


def _structure(plan: Plan) -> dict[str, Any]:
    """The plan without the texts the organiser may edit, and without the organiser's key (the
    archive's own decides about sealing; laptops set up before the key was made lack it)."""
    data = plan.model_dump(mode="json")
    data.pop("organiser_key", None)
    data["event"] = {k: v for k, v in data["event"].items() if k not in EDITABLE_TEXTS["event"]}
    for part in ("themes", "kinds"):
        data[part] = [
            {k: v for k, v in item.items() if k not in EDITABLE_TEXTS[part]} for item in data[part]
        ]
    return data


def plan_difference(ours: Plan, theirs: Plan) -> str | None:
    """The first field (as `tables[2].theme`) where two plans differ beyond the editable texts."""
    return _first_difference(_structure(ours), _structure(theirs), "")


def _first_difference(ours: Any, theirs: Any, where: str) -> str | None:
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs)):
            found = _first_difference(ours.get(key), theirs.get(key), f"{where}.{key}".lstrip("."))
            if found:
                return found
        return None
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            return where
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            found = _first_difference(a, b, f"{where}[{index}]")
            if found:
                return found
        return None
    return None if ours == theirs else where


# -- the laptop ---------------------------------------------------------------------------------


def check_laptop(
    session: Session,
    export: Export,
    path: Path,
    now: datetime,
    accept_laptop: bool = False,
) -> int:
    """Pin or check the signing laptop's key; return how far a revision may rise in this file.

    The first signed export of a table pins its key. Another key is refused, naming it as another
    laptop, unless the organiser accepts new laptops for this merge (`--accept-laptop`).
    An unsigned export (made before signing) is taken only while its table has no pinned key.
    A revision rises by one per change and the laptop's change counter by at least one, so no
    record may rise above the archive's version by more than the counter grew since the
    laptop's export merged before it (the one with the largest counter up to this file's; files
    may come in any order).
    """
    doc = export.doc
    pins = {
        row.public_key: row
        for row in session.scalars(
            select(LaptopKey).where(
                LaptopKey.event_id == doc.event_id, LaptopKey.table_number == doc.table_number
            )
        )
    }
    if doc.laptop_key is None or doc.changes is None:
        if pins:
            reason = _(
                "not signed, but this archive knows the laptop of table {number} by its key; "
                "an unsigned file may come from any laptop"
            ).format(number=doc.table_number)
            raise refused(str(path), reason)
        return LEGACY_MAX_REVISION
    if doc.laptop_key not in pins:
        mark = fingerprint(doc.laptop_key)
        if pins and not accept_laptop:
            reason = _(
                "signed by another laptop (key {mark}) than the one this archive knows for "
                "table {number}; if it serves table {number}, merge with --accept-laptop"
            ).format(mark=mark, number=doc.table_number)
            raise refused(str(path), reason)
        session.add(
            LaptopKey(
                event_id=doc.event_id,
                table_number=doc.table_number,
                public_key=doc.laptop_key,
                accepted_at=now,
            )
        )
        session.flush()
    before = session.scalar(
        select(func.max(Exchange.changes)).where(
            Exchange.direction == "import",
            Exchange.event_id == doc.event_id,
            Exchange.table_number == doc.table_number,
            Exchange.laptop_key == doc.laptop_key,
            Exchange.changes < doc.changes,
        )
    )
    return doc.changes - (before or 0)


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


def scoped_id(where: tuple[str, int], record_id: str) -> str:
    """The archive's id for a record whose own id another table already holds.

    Ids are scoped to (event, table): a file for one table can never claim, change or lock out
    another table's records. The first table to bring an id keeps it; any other table's record
    with that id is stored under this id, derived from event, table and id (so every merge of
    that record finds it again).
    """
    return str(uuid.uuid5(SCOPE, f"{where[0]}/{where[1]}/{record_id}"))


def _scope(
    session: Session, table: str, rows: list[tuple[str, tuple[Any, ...]]], where: tuple[str, int]
) -> tuple[
    list[tuple[str, tuple[Any, ...]]],
    dict[str, tuple[str, int, tuple[int, str, str]]],
    dict[str, str],
]:
    """The rows under their archive ids, the stored versions of those ids, and the renamed ids."""
    current = _current(session, table, [row_id for row_id, _values in rows])
    renamed = {
        row_id: scoped_id(where, row_id)
        for row_id, _values in rows
        if row_id in current and (current[row_id][0], current[row_id][1]) != where
    }
    if not renamed:
        return rows, current, renamed
    current.update(_current(session, table, list(renamed.values())))
    return [(renamed.get(row_id, row_id), values) for row_id, values in rows], current, renamed


def _upsert(
    session: Session,
    table: str,
    columns: Sequence[str],
    rows: list[tuple[str, tuple[Any, ...]]],
    where: tuple[str, int],
    path: Path,
    allowance: int,
) -> tuple[_Counts, dict[str, str]]:
    """Insert rows not yet stored; overwrite those whose version tuple is larger; count both.

    Each row is (id, values in `columns` order, ending with updated_at, revision, device_id),
    with values as the database returns them (`flag_of`) so stored and incoming compare.
    A row whose id another table holds is stored under its `scoped_id`; the renamed ids are
    returned with the counts. A row that would win with a revision more than `allowance` above
    the stored one is refused.
    """
    counts = _Counts()
    rows, current, renamed = _scope(session, table, rows, where)
    inserts, updates, ties = [], [], []
    for row_id, values in rows:
        version = (values[-2], values[-3], values[-1])
        stored = current.get(row_id)
        _check_rise(version[0], 0 if stored is None else stored[2][0], allowance, row_id, path)
        if stored is None:
            inserts.append((row_id, *where, *values))
            counts.new += 1
            continue
        if (stored[0], stored[1]) != where:
            # Even the scoped id is taken by another table: only a file made to collide does so.
            reason = _("{record} {id} is held by another table of the archive twice over").format(
                record=table[:-1], id=row_id
            )
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
    return counts, renamed


def _check_rise(revision: int, stored: int, allowance: int, record: str, path: Path) -> None:
    """A revision at most `allowance` above the stored one (or equal or below: it then loses)."""
    if revision - stored > allowance:
        reason = _(
            "{record}: revision {revision} rises more than the {changes} changes its laptop "
            "made since its last merged export"
        ).format(record=record, revision=revision, changes=allowance)
        raise refused(str(path), reason)


def _merge_clusters(
    session: Session, export: Export, where: tuple[str, int], path: Path, allowance: int
) -> dict[str, str]:
    """Merge the file's clusters; return the ids stored under another id (`scoped_id`)."""
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
    return _upsert(session, Cluster.__tablename__, CLUSTER_COLUMNS, rows, where, path, allowance)[1]


def _cluster_ref(cluster_id: uuid.UUID | None, renamed: dict[str, str]) -> str | None:
    """A note's cluster as the archive stores it (its `scoped_id` if it was renamed)."""
    if cluster_id is None:
        return None
    return renamed.get(str(cluster_id), str(cluster_id))


def _merge_notes(
    session: Session,
    export: Export,
    where: tuple[str, int],
    path: Path,
    allowance: int,
    clusters: dict[str, str],
) -> _Counts:
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
                _cluster_ref(n.cluster_id, clusters),
                flag(n.deleted),
                _stamp(n.created_at),
                _stamp(n.updated_at),
                n.revision,
                n.device_id,
            ),
        )
        for n in export.doc.notes
    ]
    return _upsert(session, Note.__tablename__, NOTE_COLUMNS, rows, where, path, allowance)[0]


def _merge_tallies(
    session: Session, export: Export, where: tuple[str, int], path: Path, allowance: int
) -> None:
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
        record = f"tally {tally.round_number}/{quoted(tally.role)}"
        if row is None or tally.revision > row.revision:
            _check_rise(tally.revision, 0 if row is None else row.revision, allowance, record, path)
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
