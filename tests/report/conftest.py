"""Archives built for the report tests straight from the storage layer, and PDF reading helpers."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.plan.model import Plan
from kiosk.storage.models import Cluster, Note, Tally
from kiosk.storage.queries import Station, add_note, install_plan, update_note
from kiosk.storage.store import open_store

START = datetime(2022, 3, 31, 9, 0, tzinfo=UTC)


@dataclass
class Spec:
    """One note to put in a test archive."""

    table: int
    text: str
    kind: str = "insight"
    round: int = 1
    role: str | None = None
    starred: bool = False
    votes: int = 0
    cluster: str | None = None
    hidden: bool = False
    deleted: bool = False
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


def build_archive(
    path: Path,
    plan: Plan,
    notes: list[Spec],
    tallies: dict[tuple[int, int, str], int] | None = None,
) -> Path:
    """An archive as the merge leaves it: the plan, every table's notes, clusters and tallies."""
    moment = iter(START + timedelta(seconds=i) for i in range(10**6))
    with open_store(path) as store, store.begin() as session:
        install_plan(session, plan, next(moment))
        clusters: dict[tuple[int, str], str] = {}
        for spec in notes:
            at = Station(plan.event_id, spec.table, f"device-{spec.table}")
            add_note(
                session,
                at,
                text=spec.text,
                kind=spec.kind,
                round_number=spec.round,
                role=spec.role,
                starred=spec.starred,
                x=0,
                y=0,
                now=next(moment),
                note_id=spec.id,
            )
            changes: dict[str, object] = {}
            if spec.cluster:
                key = (spec.table, spec.cluster)
                if key not in clusters:
                    clusters[key] = str(uuid.uuid4())
                    session.add(
                        Cluster(
                            id=clusters[key],
                            event_id=plan.event_id,
                            table_number=spec.table,
                            label=spec.cluster,
                            created_at=START,
                            updated_at=START,
                            device_id=at.device_id,
                        )
                    )
                    session.flush()
                changes["cluster_id"] = clusters[key]
            if spec.votes:
                changes["votes"] = spec.votes
            if spec.deleted:
                changes["deleted"] = True
            if changes:
                update_note(session, at, spec.id, next(moment), **changes)
            if spec.hidden:
                # The organiser's choice in the archive; not a field a table can edit.
                session.flush()
                session.get(Note, spec.id).hidden = True
        for (table, rnd, role), count in (tallies or {}).items():
            session.add(
                Tally(
                    event_id=plan.event_id,
                    table_number=table,
                    round_number=rnd,
                    role=role,
                    count=count,
                    updated_at=START,
                    device_id=f"device-{table}",
                )
            )
    return path


def pdf_pages(data: bytes | Path) -> list[str]:
    raw = data.read_bytes() if isinstance(data, Path) else data
    return [page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages]


PAGE_LINE = re.compile(r"^(pagina|page) \d+ (van|of) \d+$")


def body_text(pages: list[str], furniture: set[str]) -> str:
    """The pages' text without the running header and footer lines, so that a note that runs on
    to the next page reads as one piece."""
    kept = []
    for page in pages:
        kept += [
            line
            for line in page.splitlines()
            if line.strip() not in furniture and not PAGE_LINE.match(line.strip())
        ]
    return "\n".join(kept)


def squeeze(text: str) -> str:
    """Text with all whitespace removed: line breaks in the PDF fall anywhere in a note."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def archive_of(tmp_path: Path) -> Callable[..., Path]:
    def make(plan: Plan, notes: list[Spec], name: str = "archive.sqlite", **kwargs) -> Path:
        return build_archive(tmp_path / name, plan, notes, **kwargs)

    return make
