"""Importing notes from a CSV file into a table store: every bad row named, all or nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError, ProblemsError
from kiosk.files import read_capped
from kiosk.i18n import _
from kiosk.plan import Plan
from kiosk.storage.models import MAX_NOTE_CHARS, Cluster, Note
from kiosk.storage.queries import Station, add_note
from kiosk.wall import WallLayout

COLUMNS = ("round", "kind", "role", "starred", "text")
MAX_CSV_BYTES = 50 * 1024 * 1024
STARRED = {"1": True, "0": False, "": False}


@dataclass(frozen=True)
class NoteRow:
    line: int
    round_number: int
    kind: str
    role: str | None
    starred: bool
    text: str


def read_notes_csv(path: Path, plan: Plan) -> list[NoteRow]:
    """Parse and check every row against the plan; raise ProblemsError listing each bad row."""
    raw = read_capped(path, MAX_CSV_BYTES, _("a notes CSV file"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise KioskError(f"{path}: line {line}: not UTF-8 text") from None
    return parse_notes_csv(text, plan, str(path))


def parse_notes_csv(text: str, plan: Plan, source: str) -> list[NoteRow]:
    # The csv module wants a field size limit above our longest allowed note.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_NOTE_CHARS * 4 + 1024))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise KioskError(
            f"{source}: empty file (expected the header {','.join(COLUMNS)})"
        ) from None
    except csv.Error as exc:
        raise KioskError(f"{source}: line 1: {exc}") from None
    names = [h.strip().lower() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise KioskError(
            f"{source}: line 1: missing column {', '.join(missing)} "
            f"(expected the header {','.join(COLUMNS)})"
        )
    index = {name: names.index(name) for name in COLUMNS}
    rounds = {r.number for r in plan.rounds}
    kinds = {k.key for k in plan.kinds}

    rows: list[NoteRow] = []
    problems: list[str] = []
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"line {line}: {exc}")
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(f"line {start}: {len(record)} cells, the header has {len(header)}")
            continue
        cell = {name: record[i] for name, i in index.items()}
        row_problems: list[str] = []

        round_number: int | None = None
        try:
            round_number = int(cell["round"].strip())
            if round_number not in rounds:
                row_problems.append(f"round {round_number} is not a round of the plan")
        except ValueError:
            row_problems.append(f"round {cell['round']!r} is not a number")

        kind = cell["kind"].strip()
        if kind not in kinds:
            row_problems.append(f"unknown kind {kind!r} (known: {', '.join(sorted(kinds))})")

        role: str | None = None
        if cell["role"].strip():
            role = plan.canonical_role(cell["role"])
            if role is None:
                row_problems.append(f"unknown role {cell['role'].strip()!r}")

        starred = STARRED.get(cell["starred"].strip())
        if starred is None:
            row_problems.append(f"starred {cell['starred']!r} is not 1, 0 or empty")

        note_text = cell["text"]
        if not note_text.strip():
            row_problems.append("text is empty")
        elif len(note_text) > MAX_NOTE_CHARS:
            row_problems.append(
                f"text has {len(note_text):,} characters (at most {MAX_NOTE_CHARS:,})"
            )

        if row_problems:
            problems.extend(f"line {start}: {p}" for p in row_problems)
        else:
            assert round_number is not None and starred is not None
            rows.append(NoteRow(start, round_number, kind, role, starred, note_text))
    if problems:
        raise ProblemsError(source, problems)
    return rows


def import_notes(session: Session, at: Station, rows: list[NoteRow], now: datetime) -> int:
    """Add the rows as new notes with fresh ids, each on a free spot of the wall."""
    taken = session.execute(
        select(Note.x, Note.y).where(
            Note.event_id == at.event_id, Note.table_number == at.table_number, ~Note.deleted
        )
    )
    frames = session.execute(
        select(Cluster.x, Cluster.y, Cluster.width, Cluster.height).where(
            Cluster.event_id == at.event_id,
            Cluster.table_number == at.table_number,
            ~Cluster.deleted,
        )
    )
    # Imported notes never land on a group's frame.
    layout = WallLayout(
        ((x, y) for x, y in taken), rects=[(x, y, x + w, y + h) for x, y, w, h in frames]
    )
    for row in rows:
        x, y = layout.place()
        add_note(
            session,
            at,
            text=row.text,
            kind=row.kind,
            round_number=row.round_number,
            role=row.role,
            starred=row.starred,
            x=x,
            y=y,
            now=now,
        )
    return len(rows)
