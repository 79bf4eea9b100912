"""Acknowledged notes survive kill -9: a process adds notes through `TableWall.add_note`, is killed.

A child process opens table 1 of the demo event and adds notes one after another, printing each
note's id only after `add_note` returned (the note is committed: the host saw it appear). The
parent reads those lines and kills the child with SIGKILL after a random number of them, in the
middle of whatever it is doing, then opens the store and checks `PRAGMA integrity_check` and that
every acknowledged note is there. Prints the number of kills and of acknowledged notes lost
(the bound is 0).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = """
import sys
from pathlib import Path
from kiosk.table.wall import TableWall

wall = TableWall.open(Path(sys.argv[1]))
wall.warm_up()
print("ready", flush=True)
i = 0
while True:
    note = wall.add_note(f"notitie {i} die blijft", "insight")
    print(note.id, flush=True)
    i += 1
"""


def make_store(db: Path) -> None:
    from kiosk.core.clock import utcnow
    from kiosk.plan.model import load_plan
    from kiosk.storage.queries import setup_table
    from kiosk.storage.store import open_store

    plan = load_plan(ROOT / "kiosk" / "resources" / "demo" / "plan.json")
    with open_store(db) as store, store.begin() as session:
        setup_table(session, plan, 1, utcnow())


def one_run(db: Path, rng: random.Random) -> list[str]:
    """Start the child, let it acknowledge a random number of notes, kill it; the ids it saw."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    acknowledged = []
    for _ in range(rng.randint(1, 40)):
        acknowledged.append(child.stdout.readline().strip())
    # Whatever the child is doing now (mid-transaction, mid-fsync), it dies.
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    return acknowledged


def check(db: Path, acknowledged: set[str]) -> tuple[str, int]:
    conn = sqlite3.connect(db)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        stored = {row[0] for row in conn.execute("SELECT id FROM notes")}
    finally:
        conn.close()
    return integrity, len(acknowledged - stored)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "table.sqlite"
        make_store(db)
        acknowledged: set[str] = set()
        lost = 0
        for _ in range(args.kills):
            acknowledged.update(one_run(db, rng))
            integrity, lost = check(db, acknowledged)
            if integrity != "ok":
                raise SystemExit(f"integrity_check: {integrity}")
        print(f"kill -9: {args.kills} kills of a process adding notes through TableWall.add_note")
        print(f"acknowledged notes: {len(acknowledged)}; lost: {lost} (bound: 0)")
        if lost:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
