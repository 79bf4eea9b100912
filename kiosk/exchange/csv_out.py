"""The organiser's CSV of an archive: one row per live note, safe to open in a spreadsheet, then
a row per text the organiser wrote (introduction, synthesis, closing; only those written).

UTF-8 with a BOM so Excel reads the accents and scripts right; a cell a spreadsheet would run as a
formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading apostrophe.
Notes the organiser hid are left out, as in print. The file is replaced in one step.

The same rows as an `.xlsx` workbook (openpyxl): every cell a text cell holding exactly what was
typed (`0612345678`, `1/2`, `31-3`, `-2`, `=SUM(A1)`; no apostrophe needed, none shown), a bold
header row with filters, frozen under the header.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from kiosk.core.atomic import write_atomic
from kiosk.core.errors import KioskError
from kiosk.core.i18n import translator
from kiosk.storage.models import Cluster, Event, EventTable, Note, OrganiserText, Theme, store_time
from kiosk.storage.store import Store
from kiosk.storage.texts import CLOSING, INTRO, TABLE, THEME

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
    "created_local",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell that cannot run as a formula: a leading apostrophe where one might."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def local_time(moment: datetime, zone: tzinfo | None) -> str:
    """The moment in zone (this computer's unless given) with its offset; empty for a moment the
    zone cannot show (a laptop's clock at year 1, moved west of UTC)."""
    try:
        return moment.astimezone(zone).isoformat(sep=" ", timespec="seconds")
    except (OverflowError, ValueError):
        return ""


def note_rows(
    session: Session,
    since: str | None = None,
    events: Sequence[str] | None = None,
    zone: tzinfo | None = None,
) -> list[tuple[Any, ...]]:
    """Every live, not hidden note of every event, in event, table, round and creation order;
    only of events held on or after `since` (an ISO date), only of the `events` named.

    `created` is UTC (with its `Z`); `created_local` the same moment in zone (this computer's
    unless given) with its offset, which is what a policy writer reads the day by.
    """
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
        .where(~Note.deleted, ~Note.hidden, *_chosen(since, events))
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
                local_time(created, zone),
            )
        )
    return rows


def _chosen(since: str | None, events: Sequence[str] | None) -> list[ColumnElement[bool]]:
    """The events wanted. An event without a date counts by the day its first export was made."""
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        held = func.coalesce(Event.date, func.substr(Event.created_at, 1, 10))
        conditions.append(held >= since)
    if events:
        conditions.append(Event.id.in_(list(events)))
    return conditions


def check_events(session: Session, events: Sequence[str], where: object) -> None:
    """Refuse an event id the archive does not hold, naming it."""
    known = set(session.scalars(select(Event.id).where(Event.id.in_(list(events)))))
    for event_id in events:
        if event_id not in known:
            raise KioskError(f"{where}: no event {event_id!r} (kiosk events lists them)")


def text_rows(
    session: Session,
    since: str | None = None,
    events: Sequence[str] | None = None,
    zone: tzinfo | None = None,
) -> list[tuple[Any, ...]]:
    """The organiser's texts at their newest revision, where written: per event the
    introduction, the theme syntheses, the table syntheses, the closing. The kind column names
    the text in the plan's language; the text is as typed, emphasis marks and all."""
    newest: dict[tuple[str, str, str], OrganiserText] = {}
    for row in session.scalars(select(OrganiserText).order_by(OrganiserText.revision)):
        newest[(row.event_id, row.scope, row.subject)] = row
    chosen = select(Event).where(*_chosen(since, events)).order_by(Event.id)
    rows = []
    for event in session.scalars(chosen):
        event_id = event.id
        _ = translator(json.loads(event.plan_json).get("event", {}).get("language", "nl"))
        themes = {t.key: (t.position, t.title) for t in event.themes}
        table_theme = {t.number: t.theme_key for t in event.tables}
        labels = {
            INTRO: _("Introduction"),
            THEME: _("Synthesis"),
            TABLE: _("Synthesis"),
            CLOSING: _("What next?"),
        }

        written = [t for (e, _s, _k), t in newest.items() if e == event_id and t.text.strip()]
        positions = {key: position for key, (position, _title) in themes.items()}
        for text in sorted(written, key=partial(_place, positions)):
            theme_key = text.subject if text.scope == THEME else None
            table = int(text.subject) if text.scope == TABLE else ""
            if text.scope == TABLE:
                theme_key = table_theme.get(int(text.subject))
            theme = themes.get(theme_key, (0, ""))[1] if theme_key else ""
            rows.append(
                (
                    event.title,
                    theme,
                    table,
                    "",
                    labels[text.scope],
                    "",
                    "",
                    "",
                    "",
                    text.text,
                    store_time(text.updated_at)[:19] + "Z",
                    local_time(text.updated_at, zone),
                )
            )
    return rows


_ORDER = {INTRO: 0, THEME: 1, TABLE: 2, CLOSING: 3}


def _place(positions: dict[str, int], text: OrganiserText) -> tuple[int, int, str]:
    """Introduction, then the themes in the plan's order, then the tables, then the closing."""
    if text.scope == THEME:
        return _ORDER[THEME], positions.get(text.subject, 0), text.subject
    if text.scope == TABLE:
        return _ORDER[TABLE], int(text.subject), ""
    return _ORDER[text.scope], 0, ""


def render_csv(rows: list[tuple[Any, ...]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([neutralise(cell) if isinstance(cell, str) else cell for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def render_xlsx(rows: list[tuple[Any, ...]]) -> bytes:
    """The rows as a workbook in which every cell is text, exactly as typed."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "notes"
    bold = Font(bold=True)
    for column, name in enumerate(HEADER, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.font = bold
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column)
            text = "" if value is None else str(value)
            if text:
                # Set as a string, typed as a string: openpyxl would read `=SUM(A1)` as a formula.
                cell.value = text
                cell.data_type = TYPE_STRING
            # The cell's format is Text too, so a spreadsheet keeps an edited value as typed.
            cell.number_format = "@"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.freeze_panes = "A2"
    widths = {"text": 80, "theme": 30, "event": 30, "cluster": 20, "created": 21}
    for column, name in enumerate(HEADER, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = widths.get(
            name, 12
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _all_rows(
    store: Store,
    since: str | None = None,
    events: Sequence[str] | None = None,
    zone: tzinfo | None = None,
) -> tuple[list[tuple[Any, ...]], int]:
    with store.begin() as session:
        if events:
            check_events(session, events, store.path)
        notes = note_rows(session, since, events, zone)
        texts = text_rows(session, since, events, zone)
    return notes + texts, len(notes)


def write_csv(
    store: Store,
    out: Path,
    since: str | None = None,
    events: Sequence[str] | None = None,
    zone: tzinfo | None = None,
) -> int:
    """Write the archive's notes (and the organiser's texts) of the events chosen to out;
    return the number of notes."""
    rows, notes = _all_rows(store, since, events, zone)
    write_atomic(out, render_csv(rows))
    return notes


def write_xlsx(
    store: Store, out: Path, since: str | None = None, events: Sequence[str] | None = None
) -> int:
    """The same rows as `write_csv`, as an .xlsx workbook; return the number of notes."""
    rows, notes = _all_rows(store, since, events)
    write_atomic(out, render_xlsx(rows))
    return notes
