"""A table's wall as stored, read with sqlite3 and explicit columns: what the kiosk draws at launch.

The kiosk shows its window from this snapshot before SQLAlchemy is imported (that import alone
costs more than drawing the window); the wall model opens the full store for its first write.
`tests/table/test_snapshot.py` checks the snapshot reads what the ORM reads.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from kiosk.core.errors import KioskError
from kiosk.plan.table_setup import TableSetup
from kiosk.storage.schema import SCHEMA_HEAD, schema_revision
from kiosk.storage.station import DEVICE, STATION, Station
from kiosk.table.records import WallCluster, WallNote


class TableSnapshot(NamedTuple):
    path: Path
    station: Station
    setup: TableSetup
    notes: tuple[WallNote, ...]
    clusters: tuple[WallCluster, ...]
    tallies: dict[tuple[int, str], int]
    settings: dict[str, dict[str, Any]]


class NotAtHead(ValueError):
    """The store is at another schema revision than this kiosk's: `open_store` migrates an older
    one (and refuses a newer one, saying so)."""


NOTE_COLUMNS = "id, round_number, kind, role, text, starred, votes, x, y, cluster_id"
CLUSTER_COLUMNS = "id, label, x, y, width, height"


def read_snapshot(path: Path) -> TableSnapshot | None:
    """The table's wall, or None when the store is missing, empty or set up for no table yet.

    The store must be at the current schema (open it with `open_store` first to migrate it).
    """
    if not path.is_file() or path.stat().st_size == 0:
        return None
    revision = schema_revision(path)
    if revision is None:
        return None
    if revision != SCHEMA_HEAD:
        raise NotAtHead(f"{path}: schema {revision!r} is not at head; open_store migrates it")
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise KioskError(f"{path}: cannot be opened ({exc})") from None
    try:
        conn.execute("PRAGMA query_only=ON")
        conn.execute("BEGIN")  # one read transaction: a consistent snapshot
        settings = {
            key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM settings")
        }
        station = settings.get(STATION)
        device = settings.get(DEVICE)
        if not station or not device:
            return None
        at = Station(str(station["event_id"]), int(station["table_number"]), str(device["id"]))
        row = conn.execute("SELECT plan_json FROM events WHERE id = ?", (at.event_id,)).fetchone()
        if row is None:
            raise KioskError(f"{path}: event {at.event_id!r} of this table is missing")
        where = "event_id = ? AND table_number = ?"
        key = (at.event_id, at.table_number)
        notes = tuple(
            WallNote(
                id=r[0],
                round_number=r[1],
                kind=r[2],
                role=r[3],
                text=r[4],
                starred=bool(r[5]),
                votes=r[6],
                x=r[7],
                y=r[8],
                cluster_id=r[9],
            )
            for r in conn.execute(
                f"SELECT {NOTE_COLUMNS} FROM notes WHERE {where} AND NOT deleted "
                "ORDER BY created_at, rowid",
                key,
            )
        )
        clusters = tuple(
            WallCluster(*r)
            for r in conn.execute(
                f"SELECT {CLUSTER_COLUMNS} FROM clusters WHERE {where} AND NOT deleted "
                "ORDER BY created_at, rowid",
                key,
            )
        )
        tallies = {
            (r[0], r[1]): r[2]
            for r in conn.execute(
                f"SELECT round_number, role, count FROM tallies WHERE {where}", key
            )
        }
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        raise KioskError(f"{path}: cannot be read ({exc})") from None
    finally:
        conn.close()
    return TableSnapshot(
        path=path,
        station=at,
        setup=TableSetup.from_plan_json(row[0], at.event_id, at.table_number),
        notes=notes,
        clusters=clusters,
        tallies=tallies,
        settings=settings,
    )
