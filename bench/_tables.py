"""Set-up the benchmarks share: the demo plan, table stores as the kiosk makes them, a bare table.

Each benchmark measures the kiosk against a bare baseline; what it builds first is the same
everywhere, so it lives here once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from kiosk.core import resources
from kiosk.plan.model import Plan, load_plan
from kiosk.storage.queries import Station
from kiosk.storage.store import PRAGMAS
from kiosk.table.notes_csv import read_notes_csv
from kiosk.table.setup import set_up_table

DEMO_PLAN = resources.path("demo", "plan.json")


def demo_plan() -> Plan:
    return load_plan(DEMO_PLAN)


def make_table(db: Path, notes: int = 0, pin: str | None = "1234") -> Station:
    """Table 1 of the demo event, set up as the kiosk does, with `notes` notes (the demo's 30,
    repeated, each on a free spot of the wall) and the host PIN."""
    plan = demo_plan()
    samples = read_notes_csv(resources.path("demo", "wall.csv"), plan).rows
    # Copies, not the same rows again: the import places each row (object) on a spot of its own.
    rows = [replace(samples[i % len(samples)]) for i in range(notes)]
    at = set_up_table(db, plan, 1, pin, rows)
    assert at is not None
    return at


def bare_notes_table(path: Path, indexes: bool = False) -> sqlite3.Connection:
    """The baseline: a notes table with the store's columns and pragmas, and nothing else."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    conn.execute(
        "CREATE TABLE notes (id VARCHAR(36) PRIMARY KEY, event_id VARCHAR(80), table_number INT, "
        "round_number INT, kind VARCHAR(40), role VARCHAR(500), text TEXT, starred BOOLEAN, "
        "votes INT, x FLOAT, y FLOAT, cluster_id VARCHAR(36), deleted BOOLEAN, hidden BOOLEAN, "
        "created_at VARCHAR(27), updated_at VARCHAR(27), revision INT, device_id VARCHAR(64))"
    )
    if indexes:
        conn.execute("CREATE INDEX ix_notes_event_id ON notes (event_id)")
        conn.execute("CREATE INDEX ix_notes_cluster_id ON notes (cluster_id)")
    return conn
