"""Wiping a table laptop after the organiser confirmed its export: no note text left on disk.

Refused unless a receipt matches this laptop's last export and nothing changed after it, so a
wipe can never lose a note the organiser does not have.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.i18n import _
from kiosk.receipts import Receipt
from kiosk.storage.models import Cluster, Exchange, Note, Tally
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


def last_export(session: Session) -> Exchange | None:
    return session.scalars(
        select(Exchange)
        .where(Exchange.direction == "export")
        .order_by(Exchange.exported_at.desc(), Exchange.id.desc())
        .limit(1)
    ).first()


class ReceiptRefused(KioskError):
    """A receipt that must not wipe this laptop; `reason` says why in words for the host."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.reason = reason


def check_receipt(session: Session, receipt: Receipt, source: str = "receipt") -> Exchange:
    """The export the receipt confirms, or a KioskError saying why the wipe must not happen."""
    last = last_export(session)
    if last is None:
        reason = _("this laptop has not exported anything yet; export first")
        raise ReceiptRefused(source, reason)
    if receipt.export_id != last.export_id or receipt.sha256 != last.sha256:
        reason = _(
            "confirms export {export_id}, but this laptop's last export is {last_id} ({file}); "
            "merge that one and use its receipt"
        ).format(export_id=receipt.export_id, last_id=last.export_id, file=last.file_name)
        raise ReceiptRefused(source, reason)
    changed = [
        session.scalar(select(func.count()).where(model.updated_at > last.exported_at))
        for model in (Note, Cluster, Tally)
    ]
    if any(changed):
        reason = _(
            "the wall changed after the last export; export again, merge it, "
            "then wipe with the new receipt"
        )
        raise ReceiptRefused(source, reason)
    return last


def wipe_store(store: Store) -> None:
    """Delete every record with secure_delete on, rebuild the file and empty the WAL."""
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("BEGIN IMMEDIATE")
        try:
            for table in WIPED_TABLES:
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute("COMMIT")
        except Exception:
            cursor.execute("ROLLBACK")
            raise
        # VACUUM rebuilds the file from live pages only; TRUNCATE empties the WAL, which may
        # still hold old page images with note text.
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()
    store.engine.dispose()
