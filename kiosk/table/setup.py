"""Setting a table laptop up: its store bound to one table of the plan, in one transaction.

The command line (`kiosk table setup`), the kiosk's start screen and the demo table all set a
table up here; what differs is only what comes with it (the host PIN, the demo's notes).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.clock import utcnow
from kiosk.storage.queries import set_setting, setup_table, station
from kiosk.storage.store import open_store
from kiosk.table.host_pin import PIN_KEY, pin_record
from kiosk.table.notes_csv import import_notes

if TYPE_CHECKING:
    from kiosk.plan.model import Plan
    from kiosk.storage.station import Station
    from kiosk.table.notes_csv import NoteRow


def set_up_table(
    db: Path,
    plan: Plan,
    table_number: int,
    pin: str | None = None,
    notes: Sequence[NoteRow] = (),
    keep_existing: bool = False,
) -> Station | None:
    """Bind the store at db to table_number of the plan, with the host PIN and notes if given.

    All in one transaction: a failure leaves the store as it was. Setting up the same table
    again is harmless; another table or event is refused (`kiosk.storage.queries.setup_table`).
    With keep_existing, a store that already serves a table is left alone and None returned.
    """
    now = utcnow()
    with open_store(db) as store, store.begin() as session:
        if keep_existing and station(session) is not None:
            return None
        at = setup_table(session, plan, table_number, now, db=store.path)
        if pin is not None:
            set_setting(session, PIN_KEY, pin_record(pin))
        if notes:
            import_notes(session, at, list(notes), now)
    return at
