"""Adding notes one durable transaction at a time: kiosk's store against bare sqlite3.

Both sides use the same PRAGMAs (WAL, synchronous=FULL) and write the same columns. They run
alternately in slices, in one process, so disk and CPU drift hit both alike. Prints the ratio;
the target for issue 2 is at most 3x.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.clock import utcnow  # noqa: E402
from kiosk.plan.model import load_plan  # noqa: E402
from kiosk.storage.queries import add_note, setup_table  # noqa: E402
from kiosk.storage.store import PRAGMAS, open_store  # noqa: E402
from kiosk.table.layout import WallLayout  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "kiosk" / "resources" / "demo" / "plan.json"
TEXT = "Geef ongelijkheid een naam en een gezicht. Vraag ouders wat ze nodig hebben."


def bare_setup(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    conn.execute(
        "CREATE TABLE notes (id TEXT PRIMARY KEY, event_id TEXT, table_number INT, "
        "round_number INT, kind TEXT, role TEXT, text TEXT, starred INT, votes INT, x REAL, "
        "y REAL, cluster_id TEXT, deleted INT, hidden INT, created_at TEXT, updated_at TEXT, "
        "revision INT, device_id TEXT)"
    )
    return conn


def bare_add(conn: sqlite3.Connection, layout: WallLayout, i: int) -> None:
    x, y = layout.place()
    now = utcnow().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            str(uuid.uuid4()),
            "e",
            1,
            1,
            "insight",
            "Ouder",
            f"{TEXT} {i}",
            0,
            0,
            x,
            y,
            None,
            0,
            0,
            now,
            now,
            1,
            "dev",
        ),
    )
    conn.execute("COMMIT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--slices", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        conn = bare_setup(folder / "bare.sqlite")
        store = open_store(folder / "kiosk.sqlite")
        with store.begin() as session:
            at = setup_table(session, load_plan(DEMO), 1, utcnow())
        bare_layout, kiosk_layout = WallLayout(), WallLayout()

        per_slice = args.notes // args.slices
        bare_times: list[float] = []
        kiosk_times: list[float] = []
        done = 0
        for _ in range(args.slices):
            start = time.perf_counter()
            for i in range(done, done + per_slice):
                bare_add(conn, bare_layout, i)
            bare_times.append(time.perf_counter() - start)

            start = time.perf_counter()
            for i in range(done, done + per_slice):
                x, y = kiosk_layout.place()
                with store.begin() as session:
                    add_note(
                        session,
                        at,
                        text=f"{TEXT} {i}",
                        kind="insight",
                        role="Ouder",
                        round_number=1,
                        x=x,
                        y=y,
                        now=utcnow(),
                    )
            kiosk_times.append(time.perf_counter() - start)
            done += per_slice
        conn.close()
        store.close()

    bare, ours = sum(bare_times), sum(kiosk_times)
    ratios = [k / b for k, b in zip(kiosk_times, bare_times, strict=True)]
    print(f"notes added one durable transaction each: {done}")
    print(f"bare sqlite3: {bare:.3f} s ({bare / done * 1000:.3f} ms per note)")
    print(f"kiosk store:  {ours:.3f} s ({ours / done * 1000:.3f} ms per note)")
    print(
        f"ratio kiosk/bare: {ours / bare:.2f}x (median slice {statistics.median(ratios):.2f}x; "
        "target <= 3x)"
    )


if __name__ == "__main__":
    main()
