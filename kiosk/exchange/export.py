"""Exporting a table: its whole state read in one transaction, written to a stick, recorded.

The store is never copied: one read transaction (one snapshot of the WAL store) builds the export
document, the file goes to the stick by way of `kiosk.core.sticks`, and only once it has been
read back and verified is the export recorded in the store. If recording fails, the file is
removed again: a file on the stick is always one this laptop knows it wrote. Every export is
signed with the laptop's key (`kiosk.core.signing`), sealed or not.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import msgspec
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk import __version__
from kiosk.core.clock import WallClock, utcnow
from kiosk.core.errors import KioskError
from kiosk.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, translator
from kiosk.core.jobs import JobControl
from kiosk.core.signing import public_text, sign
from kiosk.core.sticks import remove_written, write_new_file
from kiosk.exchange.format import (
    EXTENSION,
    ExportCluster,
    ExportDoc,
    ExportNote,
    ExportTally,
    TimerState,
    encode_export,
    frame,
    parse_export,
    seal_export,
    utc,
)
from kiosk.storage.models import Cluster, Event, Exchange, Note, Tally
from kiosk.storage.queries import require_station, signing_key
from kiosk.storage.store import Store
from kiosk.storage.timer_state import load_timer_state


@dataclass(frozen=True)
class ExportResult:
    path: Path
    export_id: str
    note_count: int
    sha256: str
    size: int
    sealed: bool


def build_export(
    session: Session, now: datetime, db: object = "store", key: str | None = None
) -> ExportDoc:
    """The document for this store's table; run it inside one (read) transaction.

    With key (the laptop's private signing key), the document names its public half and the
    store's change counter, which the signature then vouches for.
    """
    at = require_station(session, db)
    event = session.get(Event, at.event_id)
    if event is None:
        reason = _("the event {event} of this table is missing").format(event=repr(at.event_id))
        raise KioskError(f"{db}: {reason}")
    where_table = (Note.event_id == at.event_id, Note.table_number == at.table_number)
    notes = [
        ExportNote(
            id=uuid.UUID(n.id),
            round_number=n.round_number,
            kind=n.kind,
            role=n.role,
            text=n.text,
            starred=n.starred,
            votes=n.votes,
            x=n.x,
            y=n.y,
            cluster_id=uuid.UUID(n.cluster_id) if n.cluster_id else None,
            deleted=n.deleted,
            created_at=n.created_at,
            updated_at=n.updated_at,
            revision=n.revision,
            device_id=n.device_id,
        )
        for n in session.scalars(select(Note).where(*where_table).order_by(Note.id))
    ]
    clusters = [
        ExportCluster(
            id=uuid.UUID(c.id),
            label=c.label,
            x=c.x,
            y=c.y,
            width=c.width,
            height=c.height,
            deleted=c.deleted,
            created_at=c.created_at,
            updated_at=c.updated_at,
            revision=c.revision,
            device_id=c.device_id,
        )
        for c in session.scalars(
            select(Cluster)
            .where(Cluster.event_id == at.event_id, Cluster.table_number == at.table_number)
            .order_by(Cluster.id)
        )
    ]
    tallies = [
        ExportTally(
            round_number=t.round_number,
            role=t.role,
            count=t.count,
            updated_at=t.updated_at,
            revision=t.revision,
            device_id=t.device_id,
        )
        for t in session.scalars(
            select(Tally)
            .where(Tally.event_id == at.event_id, Tally.table_number == at.table_number)
            .order_by(Tally.round_number, Tally.role)
        )
    ]
    return ExportDoc(
        format="kiosk-export/1",
        export_id=uuid.uuid4(),
        exported_at=utc(now),
        app_version=__version__,
        device_id=at.device_id,
        event_id=at.event_id,
        table_number=at.table_number,
        plan=json.loads(event.plan_json),
        timer=_timer_state(session),
        notes=notes,
        clusters=clusters,
        tallies=tallies,
        laptop_key=None if key is None else public_text(key),
        changes=None if key is None else change_count(session),
    )


def change_count(session: Session) -> int:
    """How many changes this store's notes, groups and tallies have seen, without any clock.

    A record is written at revision 1 and every change raises its revision by one (nothing is
    ever deleted but by the wipe), so the sum of all revisions grows by one with every change:
    the wipe compares it with the sum at the last export, and no revision can exceed it, which
    is the bound the archive holds an export to.
    """
    total = 0
    for model in (Note, Cluster, Tally):
        total += session.scalar(select(func.coalesce(func.sum(model.revision), 0))) or 0
    return int(total)


def _timer_state(session: Session) -> dict[str, object] | None:
    """The timer's saved state if it fits the format's bounds; otherwise it is left out."""
    state = load_timer_state(session)
    if state is None:
        return None
    try:
        return msgspec.convert(state, TimerState)
    except msgspec.ValidationError:
        return None


def export_stem(doc: ExportDoc) -> str:
    """`<event>_<table word>-<NN>_<UTC time>_<8 hex of the export id>`: says what it is.

    The table word is in the event's language (the plan's), so a stick holds the same names
    whether the kiosk or the English command line wrote them.
    """
    at = doc.exported_at
    stamp = f"{at.year:04d}{at.month:02d}{at.day:02d}-{at:%H%M%S}"
    event = doc.plan.get("event") if isinstance(doc.plan, dict) else None
    language = event.get("language") if isinstance(event, dict) else None
    table = translator(language if language in LANGUAGES else DEFAULT_LANGUAGE)("table")
    event_part = shorten_code(doc.event_id, 48)
    return f"{event_part}_{table}-{doc.table_number:02d}_{stamp}_{doc.export_id.hex[:8]}"


def shorten_code(code: str, limit: int) -> str:
    """The event code cut to limit at a `-`, so no word is cut in half (`...-toekomstgericht`
    or nothing of it, never `...-toekomstgeric`)."""
    if len(code) <= limit:
        return code
    cut = code[: limit + 1].rsplit("-", 1)[0]
    return cut if cut and len(cut) <= limit else code[:limit]


def export_table(
    store: Store,
    folder: Path,
    clock: WallClock = utcnow,
    control: JobControl | None = None,
) -> ExportResult:
    """Write this store's table to a new file in folder; the store changes only on success.

    A laptop set up before signing existed makes its key here, on its first export. The bytes
    written to the stick are reported to control (`kiosk.core.jobs`).
    """
    with store.begin() as session:
        key = signing_key(session)
        doc = build_export(session, clock(), db=store.path, key=key)
    plain = frame(encode_export(doc), sign=lambda digest: sign(key, digest))
    # What this laptop writes must be what the organiser's kiosk accepts: check before writing.
    parse_export(plain, source="this export")
    # With the organiser's key in the plan, the stick only ever sees the sealed file.
    data = seal_export(plain, doc)
    digest = hashlib.sha256(data).hexdigest()
    path = write_new_file(folder, export_stem(doc), EXTENSION, data, control)
    live = sum(1 for n in doc.notes if not n.deleted)
    try:
        with store.begin() as session:
            session.add(
                Exchange(
                    export_id=str(doc.export_id),
                    direction="export",
                    event_id=doc.event_id,
                    table_number=doc.table_number,
                    device_id=doc.device_id,
                    file_name=path.name,
                    sha256=digest,
                    exported_at=doc.exported_at,
                    recorded_at=utc(clock()),
                    note_count=live,
                    changes=doc.changes,
                )
            )
    except BaseException:
        # Unrecorded, the file could never be confirmed by a receipt: it must not stay.
        remove_written(path)
        raise
    return ExportResult(
        path=path,
        export_id=str(doc.export_id),
        note_count=live,
        sha256=digest,
        size=len(data),
        sealed=data is not plain,
    )
