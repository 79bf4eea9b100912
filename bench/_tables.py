"""A table store with n notes of the demo event, for the kiosk benchmarks."""

from __future__ import annotations

import csv
from pathlib import Path

from kiosk.core.clock import utcnow
from kiosk.plan.model import load_plan
from kiosk.storage.queries import add_note, set_setting, setup_table
from kiosk.storage.store import open_store
from kiosk.table.host_pin import PIN_KEY, pin_record
from kiosk.table.layout import WallLayout

DEMO = Path(__file__).resolve().parents[1] / "kiosk" / "resources" / "demo"


def make_table(db: Path, notes: int) -> None:
    """Table 1 of the demo event with `notes` notes (the demo's 30, repeated) and PIN 1234."""
    with (DEMO / "wall.csv").open(encoding="utf-8") as handle:
        samples = list(csv.DictReader(handle))
    layout = WallLayout()
    with open_store(db) as store, store.begin() as session:
        at = setup_table(session, load_plan(DEMO / "plan.json"), 1, utcnow())
        set_setting(session, PIN_KEY, pin_record("1234"))
        for i in range(notes):
            row = samples[i % len(samples)]
            x, y = layout.place()
            add_note(
                session,
                at,
                text=row["text"],
                kind=row["kind"],
                role=row["role"] or None,
                starred=row["starred"] == "1",
                round_number=int(row["round"]),
                x=x,
                y=y,
                now=utcnow(),
            )
