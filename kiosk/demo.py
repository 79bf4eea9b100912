"""`make demo`: the whole pipeline run headless on the bundled demo event, output in demo/.

Each table laptop is a store in a temporary folder: `kiosk table setup`, `kiosk notes import`,
the host's wall work, `kiosk export` to a folder standing in for the USB stick. Then, as the
organiser: `kiosk merge` into `demo/archive.sqlite`, `kiosk report`, `kiosk handouts`,
`kiosk cards` and `kiosk csv`. Every step goes through the command line, as a script would.

The demo notes are one CSV per table (`resources/demo/notes/table-N.csv`, the notes CSV format
with two extra columns that `kiosk notes import` ignores: `cluster`, the group the host made on
the wall, and `votes`, the dots the table gave). `tallies.json` holds the participants a host
counted per round and role.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import tempfile
import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from kiosk import bundled, cli
from kiosk.clock import utcnow
from kiosk.errors import KioskError
from kiosk.plan import load_plan
from kiosk.storage.models import Cluster, Tally
from kiosk.storage.queries import Station, live_notes, require_station, update_note
from kiosk.storage.store import open_store


def demo_file(*parts: str) -> Path:
    """A file of the bundled demo event (`plan.json`, `notes/table-1.csv`, `tallies.json`)."""
    return bundled.path("demo", *parts)


def wall_of(csv_path: Path) -> list[tuple[str, int]]:
    """The (cluster label, votes) of each row of a demo CSV, in file order."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        return [(row["cluster"].strip(), int(row["votes"] or 0)) for row in csv.DictReader(handle)]


def arrange_wall(session: Session, at: Station, wall: list[tuple[str, int]]) -> None:
    """What the host did on the wall after the notes went up: grouped them and counted votes."""
    now = utcnow()
    clusters: dict[str, str] = {}
    for note, (label, votes) in zip(
        live_notes(session, at.event_id, at.table_number), wall, strict=True
    ):
        changes: dict[str, object] = {}
        if label:
            if label not in clusters:
                clusters[label] = str(uuid.uuid4())
                session.add(
                    Cluster(
                        id=clusters[label],
                        event_id=at.event_id,
                        table_number=at.table_number,
                        label=label,
                        created_at=now,
                        updated_at=now,
                        device_id=at.device_id,
                    )
                )
                session.flush()
            changes["cluster_id"] = clusters[label]
        if votes:
            changes["votes"] = votes
        if changes:
            update_note(session, at, note.id, now, **changes)


def count_participants(session: Session, at: Station, counts: dict[str, dict[str, int]]) -> None:
    now = utcnow()
    for round_number, roles in counts.items():
        for role, count in roles.items():
            session.add(
                Tally(
                    event_id=at.event_id,
                    table_number=at.table_number,
                    round_number=int(round_number),
                    role=role,
                    count=count,
                    updated_at=now,
                    device_id=at.device_id,
                )
            )


def kiosk(*args: str | Path) -> str:
    """Run one kiosk command as an organiser's script would; its output, or stop the demo."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    if code != 0:
        raise KioskError(f"kiosk {' '.join(map(str, args))}: {err.getvalue().strip()}")
    return out.getvalue()


def run_table(folder: Path, number: int, counts: dict[str, dict[str, int]], stick: Path) -> Path:
    """One table laptop's day: set up, notes in, the host's wall work, an export to the stick."""
    db = folder / f"table-{number}.sqlite"
    notes = demo_file("notes", f"table-{number}.csv")
    kiosk("table", "setup", "--db", db, "--plan", demo_file("plan.json"), "--table", number)
    kiosk("notes", "import", "--db", db, notes)
    with open_store(db, create=False) as store, store.begin() as session:
        at = require_station(session, db)
        arrange_wall(session, at, wall_of(notes))
        count_participants(session, at, counts)
    return Path(kiosk("export", "--db", db, "--to", stick).strip())


def run(out: Path) -> list[Path]:
    plan = load_plan(demo_file("plan.json"))
    out.mkdir(parents=True, exist_ok=True)
    archive = out / "archive.sqlite"
    for old in (
        archive,
        archive.with_name(archive.name + "-wal"),
        archive.with_name(archive.name + "-shm"),
    ):
        old.unlink(missing_ok=True)
    tallies = json.loads(demo_file("tallies.json").read_text(encoding="utf-8"))["tables"]
    with tempfile.TemporaryDirectory() as tmp:
        stick = Path(tmp) / "stick"
        stick.mkdir()
        exports = [
            run_table(Path(tmp), t.number, tallies.get(str(t.number), {}), stick)
            for t in plan.tables
        ]
        kiosk("merge", "--archive", archive, *exports)
    written = [archive]
    written.append(
        Path(kiosk("report", "--archive", archive, "--out", out / "summary.pdf").strip())
    )
    written += [
        Path(p)
        for p in kiosk("handouts", "--archive", archive, "--out", out / "handouts").splitlines()
    ]
    cards = kiosk("cards", "--plan", demo_file("plan.json"), "--out", out / "table-cards.pdf")
    written.append(Path(cards.strip()))
    kiosk("csv", "--archive", archive, "--out", out / "notes.csv")
    written.append(out / "notes.csv")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("demo"))
    args = parser.parse_args()
    for path in run(args.out):
        print(path)


if __name__ == "__main__":
    main()
