"""The organiser's CSV of an archive: one row per live note, safe to open in a spreadsheet.

UTF-8 with a BOM so Excel reads the accents and scripts right; a cell a spreadsheet would run as a
formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading apostrophe.
Notes the organiser hid are left out, as in print. The file is replaced in one step.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.atomic import write_atomic
from kiosk.storage.models import Cluster, Event, EventTable, Note, Theme, store_time
from kiosk.storage.store import Store

HEADER = (
    "event",
    "theme",
    "table",
    "round",
    "kind",
    "role",
    "starred",
    "votes",
    "cluster",
    "text",
    "created",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell that cannot run as a formula: a leading apostrophe where one might."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def note_rows(session: Session) -> list[tuple[Any, ...]]:
    """Every live, not hidden note of every event, in event, table, round and creation order."""
    cluster = select(Cluster.id, Cluster.label).where(~Cluster.deleted).subquery()
    query = (
        select(
            Event.id,
            Event.title,
            Event.plan_json,
            Theme.title,
            Note.table_number,
            Note.round_number,
            Note.kind,
            Note.role,
            Note.starred,
            Note.votes,
            cluster.c.label,
            Note.text,
            Note.created_at,
        )
        .join(Event, Event.id == Note.event_id)
        .join(
            EventTable,
            (EventTable.event_id == Note.event_id) & (EventTable.number == Note.table_number),
        )
        .join(Theme, (Theme.event_id == EventTable.event_id) & (Theme.key == EventTable.theme_key))
        .outerjoin(cluster, cluster.c.id == Note.cluster_id)
        .where(~Note.deleted, ~Note.hidden)
        .order_by(Event.id, Note.table_number, Note.round_number, Note.created_at, Note.id)
    )
    labels: dict[str, dict[str, str]] = {}
    rows = []
    for (
        event_id,
        event_title,
        plan_json,
        theme,
        table,
        rnd,
        kind,
        role,
        starred,
        votes,
        cluster_label,
        text,
        created,
    ) in session.execute(query):
        if event_id not in labels:
            kinds = json.loads(plan_json).get("kinds") or []
            labels[event_id] = {k["key"]: k["label"] for k in kinds}
        rows.append(
            (
                event_title,
                theme,
                table,
                rnd,
                labels[event_id].get(kind, kind),
                role or "",
                1 if starred else 0,
                votes,
                cluster_label or "",
                text,
                # Four-digit year whatever the year (strftime would write year 1 as "1").
                store_time(created)[:19] + "Z",
            )
        )
    return rows


def render_csv(rows: list[tuple[Any, ...]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([neutralise(cell) if isinstance(cell, str) else cell for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(store: Store, out: Path) -> int:
    """Write the archive's notes to out; return the number of rows."""
    with store.begin() as session:
        rows = note_rows(session)
    write_atomic(out, render_csv(rows))
    return len(rows)
