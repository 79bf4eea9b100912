"""Wiping a table laptop after the organiser confirmed its export: no note text left on disk.

Refused unless a receipt matches this laptop's last export and nothing changed after it, so a
wipe can never lose a note the organiser does not have. "Changed" is the store's change count
(`change_count`: every change raises one revision by one), never a clock: a laptop whose clock
went back still counts its new notes. The check and the delete are one write transaction, so a note
written in between is either seen by the check or waits for the wipe to end. The wipe then checks
the store's files themselves for the texts it removed before it reports success.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.exchange.export import change_count
from kiosk.exchange.receipts import Receipt
from kiosk.storage.models import Cluster, Exchange, Note
from kiosk.storage.store import Store

# Every table that can hold the day's content; the schema version and nothing else stays.
WIPED_TABLES = (
    "notes",
    "clusters",
    "tallies",
    "exchanges",
    "settings",
    "rounds",
    "event_tables",
    "themes",
    "events",
)
# How long the wipe waits for another program reading the store to finish (milliseconds).
READER_WAIT_MS = 5_000
# Shorter texts may occur in any file by chance (a note "notes" is in the schema itself).
MIN_SEARCHED_BYTES = 12
STORE_SUFFIXES = ("", "-wal", "-journal", "-shm")


def last_export(session: Session) -> Exchange | None:
    """The last export written, by the order they were recorded (not by any clock)."""
    return session.scalars(
        select(Exchange).where(Exchange.direction == "export").order_by(Exchange.id.desc()).limit(1)
    ).first()


class ReceiptRefused(KioskError):
    """A receipt that must not wipe this laptop; `reason` says why in words for the host."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.reason = reason


def _not_exported() -> str:
    return _("this laptop has not exported anything yet; export first")


def _changed(session: Session, last: Exchange) -> bool:
    return last.changes is None or change_count(session) != last.changes


def _changed_reason() -> str:
    return _(
        "the wall changed after the last export; export again, merge it, "
        "then wipe with the new receipt"
    )


def refusal_before_receipt(session: Session) -> str | None:
    """Why no receipt can let this laptop be wiped now (nothing exported yet, or the wall
    changed since the last export), or None; known without the receipt, so said before any
    receipt or PIN is asked for."""
    last = last_export(session)
    if last is None:
        return _not_exported()
    if _changed(session, last):
        return _changed_reason()
    return None


def check_receipt(session: Session, receipt: Receipt, source: str = "receipt") -> Exchange:
    """The export the receipt confirms, or a KioskError saying why the wipe must not happen."""
    last = last_export(session)
    if last is None:
        raise ReceiptRefused(source, _not_exported())
    if receipt.export_id != last.export_id or receipt.sha256 != last.sha256:
        reason = _(
            "confirms export {export_id}, but this laptop's last export is {last_id} ({file}); "
            "merge that one and use its receipt"
        ).format(export_id=receipt.export_id, last_id=last.export_id, file=last.file_name)
        raise ReceiptRefused(source, reason)
    if _changed(session, last):
        raise ReceiptRefused(source, _changed_reason())
    return last


def wipe_store(
    store: Store,
    receipt: Receipt | None = None,
    source: str = "receipt",
    wait_ms: int = READER_WAIT_MS,
) -> None:
    """Check the receipt and delete every record in one transaction, with secure_delete on;
    rebuild the file, empty the WAL, and make sure no note text is left in the store's files.

    Another program reading the store would keep old pages in the WAL: the wipe waits up to
    wait_ms for it and otherwise refuses before deleting anything, saying so. (receipt None:
    the caller has no receipt to check, as in tests of the deleting itself.)
    """
    _wait_for_readers(store, wait_ms, before=True)
    with store.begin(immediate=True) as session:
        session.connection().exec_driver_sql("PRAGMA secure_delete=ON")
        if receipt is not None:
            check_receipt(session, receipt, source)
        texts = _texts(session)
        for table in WIPED_TABLES:
            session.execute(text(f"DELETE FROM {table}"))
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA secure_delete=ON")
        # VACUUM rebuilds the file from live pages only; TRUNCATE empties the WAL, which may
        # still hold old page images with note text.
        cursor.execute("VACUUM")
        cursor.close()
    finally:
        raw.close()
    _wait_for_readers(store, wait_ms, before=False)
    store.engine.dispose()
    _verify_gone(store.path, texts)


def _texts(session: Session) -> list[bytes]:
    """The note texts and group labels about to be deleted, as the files would hold them."""
    found = [*session.scalars(select(Note.text)), *session.scalars(select(Cluster.label))]
    return [t.encode("utf-8") for t in found if len(t.encode("utf-8")) >= MIN_SEARCHED_BYTES]


def _wait_for_readers(store: Store, wait_ms: int, before: bool) -> None:
    """Checkpoint the WAL into the store and truncate it, waiting up to wait_ms for readers."""
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
        if before:
            # A reader of the store file alone (an empty WAL) does not hold up a checkpoint of
            # nothing; rewriting the header's (unused) user version gives it one frame to wait
            # for, so the reader shows itself before anything is deleted.
            version = cursor.execute("PRAGMA user_version").fetchone()[0]
            cursor.execute(f"PRAGMA user_version={int(version)}")
        busy, _log, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
    finally:
        raw.close()
    if not busy:
        return
    if before:
        reason = _(
            "another program is reading the store, so its notes could stay in its files; "
            "close that program and wipe again (nothing was deleted)"
        )
    else:
        reason = _(
            "the notes are deleted, but another program still reads the store, so their text "
            "may remain in its files; close that program and wipe again"
        )
    raise KioskError(f"{store.path}: {reason}")


def _verify_gone(path: Path, texts: list[bytes]) -> None:
    """Read every file of the store and refuse to report success if any removed text is there."""
    for suffix in STORE_SUFFIXES:
        part = Path(f"{path}{suffix}")
        data = b""
        with contextlib.suppress(FileNotFoundError):
            data = part.read_bytes()
        if any(t in data for t in texts):
            reason = _("note text is still in {file} after the wipe; wipe again").format(
                file=part.name
            )
            raise KioskError(f"{path}: {reason}")
