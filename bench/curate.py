"""The Curate tab's note list: kiosk.organiser.curate.find_notes against bare sqlite3.

Builds an archive with the demo plan and 5,000 notes over six tables, then lists them all and
searches their text both ways, alternating in one process so drift hits both alike. The bare
side runs the same join, ordering and search into plain tuples; kiosk builds NoteRow records
through SQLAlchemy. Prints the ratio.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.clock import utcnow  # noqa: E402
from kiosk.organiser.curate import NoteFilter, find_notes  # noqa: E402
from kiosk.plan.model import load_plan  # noqa: E402
from kiosk.storage.queries import Station, add_note, install_plan  # noqa: E402
from kiosk.storage.store import open_store  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "kiosk" / "resources" / "demo" / "plan.json"
NOTES = 5_000
ROUNDS = 30
BARE = (
    "SELECT n.id, n.table_number, n.round_number, t.theme_key, n.kind, n.role, n.text, "
    "n.starred, n.hidden, n.revision FROM notes n JOIN event_tables t "
    "ON t.event_id = n.event_id AND t.number = n.table_number "
    "WHERE n.event_id = ? AND NOT n.deleted "
    "ORDER BY n.table_number, n.round_number, n.created_at, n.rowid"
)


def build(path: Path) -> str:
    plan = load_plan(DEMO)
    start = utcnow()
    with open_store(path) as store:
        with store.begin() as session:
            install_plan(session, plan, start)
            for i in range(NOTES):
                table = 1 + i % 6
                add_note(
                    session,
                    Station(plan.event_id, table, f"table-{table}"),
                    text=f"Notitie {i}: kleinere klassen, meer tijd voor elke leerling.",
                    kind="insight",
                    round_number=1 + i % 2,
                    x=0.0,
                    y=0.0,
                    now=start + timedelta(seconds=i),
                    role="Docent",
                )
    return plan.event_id


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive.sqlite"
        event_id = build(path)
        bare = sqlite3.connect(path)
        kiosk_times, bare_times = [], []
        with open_store(path) as store:
            for _ in range(ROUNDS):
                begin = time.perf_counter()
                rows = bare.execute(BARE, (event_id,)).fetchall()
                again = bare.execute(BARE, (event_id,)).fetchall()
                found = [r for r in again if "notitie 49" in f"{r[6]}\n{r[5]}".casefold()]
                bare_times.append(time.perf_counter() - begin)

                begin = time.perf_counter()
                with store.begin() as session:
                    listed = find_notes(session, NoteFilter(event_id))
                    searched = find_notes(session, NoteFilter(event_id, text="NOTITIE 49"))
                kiosk_times.append(time.perf_counter() - begin)
                assert len(listed) == len(rows) == NOTES and len(searched) == len(found) == 111
        bare.close()
    k, b = statistics.median(kiosk_times), statistics.median(bare_times)
    print(
        f"curate: list {NOTES} notes, then search them: kiosk {k * 1000:.1f} ms, "
        f"bare sqlite3 {b * 1000:.1f} ms, ratio {k / b:.2f}x"
    )


if __name__ == "__main__":
    main()
