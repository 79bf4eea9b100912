"""Importing notes from a CSV file into a table store: every bad row named, all or nothing.

Takes what spreadsheets write: `,` or `;` between fields, UTF-8 or Windows-1252, kinds by key
or by label, "ja"/"nee" for starred; optional `cluster` (a group label) and `votes` columns.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.errors import KioskError, ProblemsError
from kiosk.core.files import read_capped
from kiosk.core.i18n import _
from kiosk.plan.model import Plan
from kiosk.storage.models import MAX_NOTE_CHARS, Cluster, Note
from kiosk.storage.queries import Station, add_cluster, add_note, check_cluster_label
from kiosk.table.layout import WallLayout, group_size, member_spots

COLUMNS = ("round", "kind", "role", "starred", "text")
OPTIONAL = ("cluster", "votes")
MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_VOTES = 999
# What spreadsheets write for a tick: Dutch and English words, 1/0, or nothing.
STARRED = {
    "1": True, "ja": True, "yes": True, "true": True, "waar": True, "j": True, "y": True,
    "0": False, "nee": False, "no": False, "false": False, "onwaar": False, "n": False, "": False,
}  # fmt: skip
ENCODINGS = ("UTF-8", "Windows-1252")


@dataclass(frozen=True)
class NoteRow:
    line: int
    round_number: int
    kind: str
    role: str | None
    starred: bool
    text: str
    cluster: str = ""
    votes: int = 0


@dataclass(frozen=True)
class NotesCsv:
    """The checked rows of a notes CSV and how the file was written (said back to the user)."""

    rows: list[NoteRow]
    encoding: str
    delimiter: str

    def dialect(self) -> str:
        """`UTF-8, ';'-separated`: for the summary line, so a surprise is seen at once."""
        return f"{self.encoding}, {self.delimiter!r}-separated"


def read_notes_csv(path: Path, plan: Plan) -> NotesCsv:
    """Parse and check every row against the plan; raise ProblemsError listing each bad row.

    The file may be UTF-8 (with or without a BOM) or Windows-1252 (what Excel on a Dutch
    Windows saves as "CSV"), separated by `,` or `;`; both are detected.
    """
    raw = read_capped(path, MAX_CSV_BYTES, _("a notes CSV file"))
    try:
        text, encoding = raw.decode("utf-8-sig"), ENCODINGS[0]
    except UnicodeDecodeError:
        try:
            text, encoding = raw.decode("cp1252"), ENCODINGS[1]
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise KioskError(
                f"{path}: line {line}: neither UTF-8 nor Windows-1252 text; "
                "save the file as CSV UTF-8"
            ) from None
    rows, delimiter = parse_notes_csv(text, plan, str(path))
    return NotesCsv(rows, encoding, delimiter)


def sniff_delimiter(header_line: str) -> str:
    """`;` when the header is split by semicolons rather than commas, else `,`."""
    try:
        return csv.Sniffer().sniff(header_line, delimiters=",;").delimiter
    except csv.Error:
        return ";" if header_line.count(";") > header_line.count(",") else ","


def parse_notes_csv(text: str, plan: Plan, source: str) -> tuple[list[NoteRow], str]:
    """The checked rows and the delimiter found."""
    # The csv module wants a field size limit above our longest allowed note.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_NOTE_CHARS * 4 + 1024))
    delimiter = sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
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
            f"(expected the header {','.join(COLUMNS)}, optionally with cluster and votes)"
        )
    index = {name: names.index(name) for name in (*COLUMNS, *OPTIONAL) if name in names}
    rounds = {r.number for r in plan.rounds}
    # A kind by its key or by its label ("Inzicht"), in any case; a key wins over a label.
    kinds = {k.label.strip().casefold(): k.key for k in plan.kinds}
    kinds.update({k.key.casefold(): k.key for k in plan.kinds})

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

        given = cell["kind"].strip()
        kind = kinds.get(given.casefold())
        if kind is None:
            known = ", ".join(f"{k.key} ({k.label})" for k in plan.kinds)
            row_problems.append(f"unknown kind {given!r} (known: {known})")

        role: str | None = None
        if cell["role"].strip():
            role = plan.canonical_role(cell["role"])
            if role is None:
                row_problems.append(f"unknown role {cell['role'].strip()!r}")

        starred = STARRED.get(cell["starred"].strip().casefold())
        if starred is None:
            row_problems.append(
                f"starred {cell['starred']!r} is not 1/0, ja/nee, yes/no, true/false or empty"
            )

        cluster = cell.get("cluster", "").strip()
        if cluster:
            problem = check_cluster_label(cluster)
            if problem:
                row_problems.append(f"cluster {problem}")

        votes = 0
        given_votes = cell.get("votes", "").strip()
        if given_votes:
            try:
                votes = int(given_votes)
            except ValueError:
                votes = -1
            if not 0 <= votes <= MAX_VOTES:
                row_problems.append(f"votes {given_votes!r} is not a number from 0 to {MAX_VOTES}")

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
            assert round_number is not None and starred is not None and kind is not None
            rows.append(
                NoteRow(start, round_number, kind, role, starred, note_text, cluster, votes)
            )
    if problems:
        raise ProblemsError(source, problems)
    return rows, delimiter


def import_notes(session: Session, at: Station, rows: list[NoteRow], now: datetime) -> int:
    """Add the rows as new notes with fresh ids, each on a free spot of the wall.

    Notes without a cluster take the first free cells; then each cluster label of the file
    becomes a new group on the first free block of cells, its notes in a grid inside it (as the
    wall's own "group" does). Nothing lands on a note or a group's frame already on the wall.
    """
    where = (Note.event_id == at.event_id, Note.table_number == at.table_number)
    taken = session.execute(select(Note.x, Note.y).where(*where, ~Note.deleted))
    frames = session.execute(
        select(Cluster.x, Cluster.y, Cluster.width, Cluster.height).where(
            Cluster.event_id == at.event_id,
            Cluster.table_number == at.table_number,
            ~Cluster.deleted,
        )
    )
    layout = WallLayout(
        ((x, y) for x, y in taken), rects=[(x, y, x + w, y + h) for x, y, w, h in frames]
    )
    spots: dict[int, tuple[float, float]] = {}
    for row in rows:
        if not row.cluster:
            spots[id(row)] = layout.place()
    groups: dict[str, list[NoteRow]] = {}
    for row in rows:
        if row.cluster:
            groups.setdefault(row.cluster, []).append(row)
    group_of: dict[int, str] = {}
    for label, members in groups.items():
        width, height = group_size(len(members))
        x, y = layout.place_block(width, height)
        group = add_cluster(session, at, label=label, x=x, y=y, width=width, height=height, now=now)
        for row, spot in zip(members, member_spots(x, y, len(members)), strict=True):
            spots[id(row)] = spot
            group_of[id(row)] = group.id
    for row in rows:
        x, y = spots[id(row)]
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
            votes=row.votes,
            cluster_id=group_of.get(id(row)),
        )
    return len(rows)
