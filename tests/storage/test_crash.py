"""kill -9 while notes are written: the store stays whole and every committed note is there."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.storage.queries import live_notes
from kiosk.storage.store import open_store

WRITER = r"""
import sys
from kiosk.core.clock import utcnow
from kiosk.plan.model import load_plan
from kiosk.storage.queries import add_note, setup_table
from kiosk.storage.store import open_store

store = open_store(sys.argv[1])
with store.begin() as session:
    at = setup_table(session, load_plan(sys.argv[2]), 1, utcnow())
print("ready", flush=True)
i = 0
while True:
    with store.begin() as session:
        add_note(session, at, text=f"note {i}", kind="insight", round_number=1,
                 x=0, y=0, now=utcnow())
    # Only after the commit returned does the note count as shown to the host.
    print(f"committed {i}", flush=True)
    i += 1
"""


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_during_writes_loses_no_committed_note(tmp_path: Path, demo_plan_path, seed):
    db = tmp_path / "t.sqlite"
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(demo_plan_path)],
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        # Wait for a random number of commits (not a random time), then kill mid-stream.
        target = random.Random(seed).randint(5, 60)
        committed: list[int] = []
        while len(committed) < target:
            committed.append(int(child.stdout.readline().split()[1]))
        os.kill(child.pid, signal.SIGKILL)
        rest = child.stdout.read()
        child.wait(timeout=30)
    committed += [int(line.split()[1]) for line in rest.splitlines() if line.strip()]

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with open_store(db) as store, store.begin() as session:
        texts = {n.text for n in live_notes(session, "2022-03-31-ondersteuningsplan", 1)}
    assert {f"note {i}" for i in committed} <= texts
    assert len(texts) <= len(committed) + 1, "at most the one in flight may also have landed"
