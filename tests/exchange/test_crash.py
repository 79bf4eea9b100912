"""kill -9 while exporting or merging: no half file under a final name, no half file merged."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.exchange.format import read_export_file
from kiosk.plan.model import Plan
from kiosk.storage.models import Exchange, Note
from kiosk.storage.store import open_store
from tests.exchange.helpers import integrity, make_laptop

ROOT = Path(__file__).resolve().parents[2]

# Exports the table, killing itself with SIGKILL at a chosen moment: after N bytes reached the
# device, or at the k-th call of fsync or replace (the steps of a durable write).
EXPORTER = r"""
import os, signal, sys
from pathlib import Path
from kiosk.exchange import media
from kiosk.exchange.export import export_table
from kiosk.storage.store import open_store

db, stick, mode, at = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if mode == "bytes":
    written = 0
    def write(fd, data):
        global written
        if written + len(data) > at:
            os.write(fd, data[: at - written])
            die()
        written += len(data)
        return os.write(fd, data)
    media.write_chunk = write
else:
    real = getattr(os, mode)
    calls = 0
    def step(*args):
        global calls
        calls += 1
        if calls == at:
            die()
        return real(*args)
    setattr(os, mode, step)
media.CHUNK_BYTES = 4096
export_table(open_store(db), stick)
print("done", flush=True)
"""


@pytest.fixture
def table_db(tmp_path: Path, demo_plan: Plan) -> Path:
    laptop = make_laptop(tmp_path / "table.sqlite", demo_plan, 1)
    for i in range(60):
        laptop.add(f"notitie {i} " + "tekst " * 40)
    laptop.store.close()
    return laptop.store.path


def run_exporter(db: Path, stick: Path, mode: str, at: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", EXPORTER, str(db), str(stick), mode, str(at)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_kill_during_export_leaves_no_file_under_a_final_name(table_db: Path, tmp_path: Path):
    rng = random.Random(11)
    trials = [("bytes", rng.randint(1, 20_000)) for _ in range(6)]
    # fsync: 1 = the file, 2 = the folder; replace: 1 = the rename itself.
    trials += [("fsync", 1), ("fsync", 2), ("replace", 1)]
    for number, (mode, at) in enumerate(trials):
        stick = tmp_path / f"stick{number}"
        stick.mkdir()
        result = run_exporter(table_db, stick, mode, at)
        assert result.returncode == -signal.SIGKILL, (mode, at, result.stderr)
        finals = [p for p in stick.iterdir() if p.name.endswith(".kiosk")]
        if (mode, at) == ("fsync", 2):
            # Killed after the rename: the file is there and whole.
            assert len(finals) == 1 and read_export_file(finals[0]).doc.notes
        else:
            assert finals == [], (mode, at)
    with open_store(table_db) as store, store.begin() as session:
        assert session.scalars(select(Exchange)).all() == [], "nothing recorded as exported"


# Merges the files given one by one and prints each after its commit; optionally kills itself
# inside the transaction of the k-th file, after its notes were written but before the commit.
MERGER = r"""
import os, signal, sys
from pathlib import Path
from kiosk.exchange import merge
from kiosk.storage.store import open_store

archive, kill_in = sys.argv[1], int(sys.argv[2])
files = [Path(p) for p in sys.argv[3:]]
real = merge._merge_tallies
count = 0
def tallies(*args):
    global count
    count += 1
    if count == kill_in:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args)
merge._merge_tallies = tallies
store = open_store(archive)
for path in files:
    result = merge.merge_file(store, path)
    print(result.path, flush=True)
"""


@pytest.fixture
def export_files(tmp_path: Path, demo_plan: Plan) -> list[Path]:
    """Six exports of six tables, each with its own notes, so a file's notes are all its own."""
    files = []
    for table in range(1, 7):
        laptop = make_laptop(tmp_path / f"t{table}.sqlite", demo_plan, table)
        for i in range(40):
            laptop.add(f"tafel {table} notitie {i}")
        files.append(laptop.export(tmp_path / "stick").path)
        laptop.store.close()
    return files


def whole_files_only(archive: Path, files: list[Path]) -> set[Path]:
    """Check each file is in the archive entirely or not at all; return those that are."""
    assert integrity(archive) == "ok"
    with open_store(archive) as store, store.begin() as session:
        stored = {n.id: n.revision for n in session.scalars(select(Note))}
        recorded = {e.export_id for e in session.scalars(select(Exchange))}
    present = set()
    for path in files:
        doc = read_export_file(path).doc
        ids = {str(n.id) for n in doc.notes}
        there = ids & stored.keys()
        assert there in (set(), ids), f"{path.name}: {len(there)} of {len(ids)} notes"
        assert (str(doc.export_id) in recorded) == bool(there)
        if there:
            present.add(path)
    return present


@pytest.mark.parametrize("kill_in", [1, 3, 6])
def test_kill_inside_a_merge_transaction_lands_whole_files_only(
    tmp_path: Path, export_files: list[Path], kill_in: int
):
    archive = tmp_path / "archive.sqlite"
    result = subprocess.run(
        [sys.executable, "-c", MERGER, str(archive), str(kill_in), *map(str, export_files)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    done = [Path(line) for line in result.stdout.splitlines()]
    assert done == export_files[: kill_in - 1]
    assert whole_files_only(archive, export_files) == set(done)


@pytest.mark.parametrize("seed", [1, 2])
def test_kill_at_a_random_moment_of_a_merge(tmp_path: Path, export_files: list[Path], seed):
    archive = tmp_path / "archive.sqlite"
    with subprocess.Popen(
        [sys.executable, "-c", MERGER, str(archive), "0", *map(str, export_files)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as child:
        assert child.stdout is not None
        wait_for = random.Random(seed).randint(1, len(export_files) - 1)
        done = [Path(child.stdout.readline().strip()) for _ in range(wait_for)]
        os.kill(child.pid, signal.SIGKILL)
        done += [Path(line) for line in child.stdout.read().splitlines() if line.strip()]
        child.wait(timeout=30)
    present = whole_files_only(archive, export_files)
    assert set(done) <= present <= set(done) | {export_files[len(done)]}
