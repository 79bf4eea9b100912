"""Store operations, each run inside a session the caller owns (one transaction per user action)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import bindparam, delete, func, insert, literal_column, select, update
from sqlalchemy.orm import Session

from kiosk.core.errors import KioskError
from kiosk.plan.model import Plan, parse_plan
from kiosk.storage.models import (
    MAX_NOTE_CHARS,
    Cluster,
    Event,
    EventTable,
    Note,
    Round,
    Setting,
    Tally,
    Theme,
)
from kiosk.storage.station import DEVICE, STATION, Station

# A record the merge compares by (revision, updated_at, device_id).
R = TypeVar("R", Note, Cluster, Tally)


def get_setting(session: Session, key: str) -> dict[str, Any] | None:
    row = session.get(Setting, key)
    return dict(row.value) if row else None


def set_setting(session: Session, key: str, value: dict[str, Any]) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def device_id(session: Session) -> str:
    """This store's device id, made once; it marks every record this store writes."""
    found = get_setting(session, DEVICE)
    if found:
        return str(found["id"])
    new = uuid.uuid4().hex
    set_setting(session, DEVICE, {"id": new})
    return new


def organiser_station(session: Session, event_id: str) -> Station:
    """The writer of organiser edits: one stable device id per archive, marked as the organiser's.

    The table number is unused by `update_note`; 0 says no table wrote it.
    """
    return Station(event_id=event_id, table_number=0, device_id=f"organiser-{device_id(session)}")


def signing_key(session: Session) -> str:
    """This laptop's private signing key (`kiosk.core.signing`), made once when first needed."""
    from kiosk.core.signing import SETTING, new_private_key

    found = get_setting(session, SETTING)
    if found:
        return str(found["private"])
    new = new_private_key()
    set_setting(session, SETTING, {"private": new})
    return new


def install_plan(session: Session, plan: Plan, now: datetime) -> Event:
    """Create or update the event, its themes, tables and rounds from a plan.

    Never removes a table or round, so notes already written keep their place.
    """
    event = session.get(Event, plan.event_id)
    if event is None:
        event = Event(id=plan.event_id, created_at=now)
        session.add(event)
    event.title = plan.event.title
    event.date = plan.event.date.isoformat() if plan.event.date else None
    event.location = plan.event.location
    event.language = plan.event.language
    event.plan_json = plan.to_json()
    event.updated_at = now
    session.flush()

    themes = {t.key: t for t in event.themes}
    for position, theme in enumerate(plan.themes):
        row = themes.get(theme.key) or Theme(event_id=event.id, key=theme.key)
        row.title, row.description = theme.title, theme.description
        row.questions, row.position = list(theme.questions), position
        session.add(row)
    session.flush()
    tables = {t.number: t for t in event.tables}
    for table in plan.tables:
        row = tables.get(table.number) or EventTable(event_id=event.id, number=table.number)
        row.theme_key = table.theme
        session.add(row)
    rounds = {r.number: r for r in event.rounds}
    for rnd in plan.rounds:
        row = rounds.get(rnd.number) or Round(event_id=event.id, number=rnd.number)
        row.minutes, row.starts_at = rnd.minutes, rnd.starts_at
        session.add(row)
    session.flush()
    return event


def setup_table(
    session: Session, plan: Plan, table_number: int, now: datetime, db: object = "store"
) -> Station:
    """Bind this store to one table of one event. Harmless to repeat; never mixes events."""
    if plan.table(table_number) is None:
        numbers = ", ".join(str(t.number) for t in plan.tables)
        raise KioskError(f"--table {table_number}: not a table of the plan (its tables: {numbers})")
    current = get_setting(session, STATION)
    if current and (current["event_id"], current["table_number"]) != (
        plan.event_id,
        table_number,
    ):
        raise KioskError(
            f"{db}: already set up for table {current['table_number']} of event "
            f"{current['event_id']!r}; use another --db for table {table_number} of "
            f"{plan.event_id!r}"
        )
    install_plan(session, plan, now)
    set_setting(session, STATION, {"event_id": plan.event_id, "table_number": table_number})
    signing_key(session)
    return Station(plan.event_id, table_number, device_id(session))


def station(session: Session) -> Station | None:
    current = get_setting(session, STATION)
    if not current:
        return None
    return Station(current["event_id"], int(current["table_number"]), device_id(session))


def require_station(session: Session, db: object) -> Station:
    found = station(session)
    if found is None:
        raise KioskError(f"{db}: no table set up yet (run: kiosk table setup --db {db} ...)")
    return found


def event_plan(session: Session, event_id: str) -> Plan:
    event = session.get(Event, event_id)
    if event is None:
        raise KioskError(f"event {event_id!r}: not in this store")
    return parse_plan(event.plan_json, source=f"event {event_id}")


def check_note_text(text: str) -> str | None:
    """Why a note's text cannot be stored, or None if it can."""
    if not text.strip():
        return "text is empty"
    if len(text) > MAX_NOTE_CHARS:
        return f"text has {len(text):,} characters (at most {MAX_NOTE_CHARS:,})"
    return None


def add_note(
    session: Session,
    at: Station,
    *,
    text: str,
    kind: str,
    round_number: int,
    x: float,
    y: float,
    now: datetime,
    role: str | None = None,
    starred: bool = False,
    note_id: str | None = None,
    votes: int = 0,
    cluster_id: str | None = None,
) -> Note:
    """A new note, verbatim. The caller has validated kind, role and round against the plan."""
    problem = check_note_text(text)
    if problem:
        raise KioskError(f"note: {problem}")
    values = {
        "id": note_id or str(uuid.uuid4()),
        "event_id": at.event_id,
        "table_number": at.table_number,
        "round_number": round_number,
        "kind": kind,
        "role": role or None,
        "text": text,
        "starred": starred,
        "votes": votes,
        "x": x,
        "y": y,
        "cluster_id": cluster_id,
        "deleted": False,
        "hidden": False,
        "created_at": now,
        "updated_at": now,
        "revision": 1,
        "device_id": at.device_id,
    }
    # A Core insert: this is the hot path of the wall (one durable transaction per note), and the
    # ORM's unit of work costs more than the insert itself. The returned note is detached.
    session.execute(insert(Note.__table__), values)
    return Note(**values)


EDITABLE = frozenset(
    {"text", "kind", "role", "starred", "votes", "x", "y", "cluster_id", "deleted", "round_number"}
)


def update_note(session: Session, at: Station, note_id: str, now: datetime, **changes: Any) -> Note:
    """Change a note as a new revision (so a later export wins over an earlier one in the merge)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "text" in changes:
        problem = check_note_text(changes["text"])
        if problem:
            raise KioskError(f"note: {problem}")
    note = session.get(Note, note_id)
    if note is None:
        raise KioskError(f"note {note_id}: not found")
    return new_revision(note, at, now, changes)


def place_notes(
    session: Session, at: Station, now: datetime, places: dict[str, tuple[float, float, str | None]]
) -> None:
    """Move many notes (x, y, group) in one statement, each as a new revision: what a tidy-up
    writes. Quicker than `update_note` per note by a factor of ten at 200 notes."""
    if not places:
        return
    statement = (
        update(Note)
        .where(Note.id == bindparam("b_id"))
        .values(
            x=bindparam("b_x"),
            y=bindparam("b_y"),
            cluster_id=bindparam("b_cluster"),
            revision=Note.revision + 1,
            updated_at=now,
            device_id=at.device_id,
        )
        .execution_options(synchronize_session=False)
    )
    rows = [
        {"b_id": note_id, "b_x": x, "b_y": y, "b_cluster": cluster}
        for note_id, (x, y, cluster) in places.items()
    ]
    session.connection().execute(statement, rows)


def new_revision(record: R, at: Station, now: datetime, changes: dict[str, Any]) -> R:
    """Apply changes as the record's next revision by this device: what the merge compares."""
    for name, value in changes.items():
        setattr(record, name, value)
    record.revision += 1
    record.updated_at = now
    record.device_id = at.device_id
    return record


def live_notes(session: Session, event_id: str, table_number: int) -> list[Note]:
    query = (
        select(Note)
        .where(Note.event_id == event_id, Note.table_number == table_number, ~Note.deleted)
        # rowid keeps the order of a batch written in one moment (a CSV import).
        .order_by(Note.created_at, literal_column("notes.rowid"))
    )
    return list(session.scalars(query))


def note_count(session: Session, event_id: str, table_number: int) -> int:
    """Every note this store holds for a table, tombstones included."""
    query = select(func.count()).where(Note.event_id == event_id, Note.table_number == table_number)
    return int(session.scalar(query) or 0)


def release_station(session: Session, keys: tuple[str, ...] = ()) -> None:
    """Unbind the store from its table (and drop the given per-table settings) to set up another.

    The caller checks first that the table has no notes, so nothing of the day is left behind.
    """
    session.execute(delete(Setting).where(Setting.key.in_((STATION, *keys))))


# -- clusters -----------------------------------------------------------------------------------

MAX_CLUSTER_LABEL = 200
CLUSTER_EDITABLE = frozenset({"label", "x", "y", "width", "height", "deleted"})


def check_cluster_label(label: str) -> str | None:
    """Why a cluster label cannot be stored, or None if it can."""
    if not label.strip():
        return "label is empty"
    if len(label) > MAX_CLUSTER_LABEL:
        return f"label has {len(label):,} characters (at most {MAX_CLUSTER_LABEL})"
    return None


def add_cluster(
    session: Session,
    at: Station,
    *,
    label: str,
    x: float,
    y: float,
    width: float,
    height: float,
    now: datetime,
    cluster_id: str | None = None,
) -> Cluster:
    """A new labelled group on the wall."""
    problem = check_cluster_label(label)
    if problem:
        raise KioskError(f"group: {problem}")
    cluster = Cluster(
        id=cluster_id or str(uuid.uuid4()),
        event_id=at.event_id,
        table_number=at.table_number,
        label=label.strip(),
        x=x,
        y=y,
        width=width,
        height=height,
        deleted=False,
        created_at=now,
        updated_at=now,
        revision=1,
        device_id=at.device_id,
    )
    session.add(cluster)
    session.flush()
    return cluster


def update_cluster(
    session: Session, at: Station, cluster_id: str, now: datetime, **changes: Any
) -> Cluster:
    """Change a cluster as a new revision, like `update_note`."""
    unknown = set(changes) - CLUSTER_EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "label" in changes:
        problem = check_cluster_label(changes["label"])
        if problem:
            raise KioskError(f"group: {problem}")
        changes["label"] = changes["label"].strip()
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        raise KioskError(f"group {cluster_id}: not found")
    return new_revision(cluster, at, now, changes)


def live_clusters(session: Session, event_id: str, table_number: int) -> list[Cluster]:
    query = (
        select(Cluster)
        .where(Cluster.event_id == event_id, Cluster.table_number == table_number, ~Cluster.deleted)
        .order_by(Cluster.created_at, literal_column("clusters.rowid"))
    )
    return list(session.scalars(query))


# -- participant tallies ------------------------------------------------------------------------


def bump_tally(
    session: Session, at: Station, round_number: int, role: str, delta: int, now: datetime
) -> Tally:
    """Add delta to how many participants of a role sit at the table this round (never below 0)."""
    query = select(Tally).where(
        Tally.event_id == at.event_id,
        Tally.table_number == at.table_number,
        Tally.round_number == round_number,
        Tally.role == role,
    )
    tally = session.scalars(query).one_or_none()
    if tally is None:
        tally = Tally(
            event_id=at.event_id,
            table_number=at.table_number,
            round_number=round_number,
            role=role,
            count=max(0, delta),
            updated_at=now,
            revision=1,
            device_id=at.device_id,
        )
        session.add(tally)
        session.flush()
        return tally
    return new_revision(tally, at, now, {"count": max(0, tally.count + delta)})


def table_tallies(session: Session, event_id: str, table_number: int) -> list[Tally]:
    query = select(Tally).where(Tally.event_id == event_id, Tally.table_number == table_number)
    return list(session.scalars(query))
