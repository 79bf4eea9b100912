"""`make demo`: the organiser's pipeline run headless on the bundled demo event, output in demo/.

The demo notes are one CSV per table (`resources/demo/notes/table-N.csv`, the notes CSV format
with two extra columns that `kiosk notes import` ignores: `cluster`, the group the host made on
the wall, and `votes`, the dots the table gave). `tallies.json` holds the participants a host
counted per round and role.
"""

from __future__ import annotations

import argparse
import csv
import json
import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from kiosk.clock import utcnow
from kiosk.notes_csv import import_notes, read_notes_csv
from kiosk.plan import Plan, load_plan
from kiosk.report.cards import write_cards
from kiosk.report.handouts import write_handouts
from kiosk.report.summary import write_summary
from kiosk.storage.models import Cluster, Tally
from kiosk.storage.queries import Station, install_plan, live_notes, update_note
from kiosk.storage.store import open_store

DEMO = Path(__file__).with_name("resources") / "demo"
PLAN = DEMO / "plan.json"


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


def build_archive(archive: Path, plan: Plan) -> None:
    """Every table's notes, walls and tallies straight into the archive.

    This stands in for the tables' exports merged by `kiosk merge` until that command exists
    on this branch: it writes what the merge would, with one device id per table.
    """
    tallies = json.loads((DEMO / "tallies.json").read_text(encoding="utf-8"))["tables"]
    archive.unlink(missing_ok=True)
    with open_store(archive) as store:
        with store.begin() as session:
            install_plan(session, plan, utcnow())
        for table in plan.tables:
            notes = DEMO / "notes" / f"table-{table.number}.csv"
            at = Station(plan.event_id, table.number, f"demo-table-{table.number}")
            rows = read_notes_csv(notes, plan)
            with store.begin() as session:
                import_notes(session, at, rows, utcnow())
            with store.begin() as session:
                arrange_wall(session, at, wall_of(notes))
                count_participants(session, at, tallies.get(str(table.number), {}))


def run(out: Path) -> list[Path]:
    plan = load_plan(PLAN)
    out.mkdir(parents=True, exist_ok=True)
    archive = out / "archive.sqlite"
    build_archive(archive, plan)
    written = [archive]
    written.append(write_summary(archive, out / "summary.pdf"))
    written += write_handouts(archive, out / "handouts")
    written.append(write_cards(PLAN, out / "table-cards.pdf"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("demo"))
    args = parser.parse_args()
    for path in run(args.out):
        print(path)


if __name__ == "__main__":
    main()
