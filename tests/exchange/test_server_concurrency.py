"""Several organisers on one PostgreSQL archive at once: the archive a sequential merge gives.

These run real `kiosk merge` processes against the test server (KIOSK_TEST_POSTGRES; skipped
without one). Waiting for another process is done by asking the server what it is doing, with
a deadline; nothing here sleeps.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text

from kiosk.core.clock import FakeClock
from kiosk.exchange.format import read_export_file
from kiosk.exchange.merge import merge_paths
from kiosk.exchange.receipts import read_receipt, receipt_path
from kiosk.organiser.curate import fix_text, set_hidden, set_starred
from kiosk.plan.model import Plan
from kiosk.storage.models import Event, Exchange, Note
from kiosk.storage.queries import DEVICE, set_setting
from kiosk.storage.server import parse_url
from kiosk.storage.store import Store, open_store
from tests.exchange.helpers import Laptop, dump, make_laptop

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 120.0


def kiosk_merge(url: str, paths: list[Path]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        # Two laptops serve table 1 in these files: the organiser accepts the second one.
        [sys.executable, "-m", "kiosk", "merge", "--accept-laptop", "--archive", url]
        + [str(path) for path in paths],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


@pytest.fixture
def watcher(pg_server: Engine) -> Engine:
    return pg_server


def wait_until(engine: Engine, query: str, what: str) -> None:
    """Ask the server until the query returns a row (another process got somewhere)."""
    deadline = time.monotonic() + DEADLINE
    with engine.connect() as connection:
        while connection.execute(text(query)).first() is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"gave up waiting: {what}")


def overlapping_exports(tmp_path: Path, plan: Plan) -> list[Path]:
    """Exports of three laptops, each table exported several times as its wall changed (edits,
    deletions, tallies), and one export copied under another name: files that overlap."""
    files: list[Path] = []

    def export(laptop: Laptop) -> None:
        files.append(laptop.export(tmp_path / f"stick-{len(files)}").path)

    first = make_laptop(tmp_path / "a.sqlite", plan, 1, FakeClock())
    second = make_laptop(tmp_path / "b.sqlite", plan, 1, FakeClock())
    third = make_laptop(tmp_path / "c.sqlite", plan, 2, FakeClock())
    try:
        for laptop, count in ((first, 40), (second, 25), (third, 30)):
            for number in range(count):
                laptop.add(f"notitie {number} van {laptop.at.device_id[:6]}")
            laptop.tally(1, "Jongere", 3)
            export(laptop)
            for note in laptop.notes[::3]:
                laptop.edit(note, text="bijgewerkt", starred=True)
            for note in laptop.notes[1::7]:
                laptop.edit(note, deleted=True)
            laptop.tally(2, "Ouder", 5)
            laptop.add("nieuw na de eerste export")
            export(laptop)
        for note in first.notes[::5]:
            first.edit(note, votes=4)
        export(first)
    finally:
        for laptop in (first, second, third):
            laptop.store.close()
    copy = tmp_path / "copy" / ("kopie-" + files[0].name)
    copy.parent.mkdir()
    copy.write_bytes(files[0].read_bytes())
    files.append(copy)
    return files


@pytest.mark.parametrize("seed", [19, 2022])
def test_concurrent_merges_give_the_sequential_archive(
    tmp_path: Path, demo_plan: Plan, new_pg_archive: Callable[[], str], seed: int
):
    files = overlapping_exports(tmp_path, demo_plan)
    sequential, concurrent = new_pg_archive(), new_pg_archive()
    with open_store(sequential) as store:
        assert all(r.accepted for r in merge_paths(store, files, accept_laptop=True))
    # Create the schema first, so the processes race on merging, not on creating tables.
    open_store(concurrent).close()

    shuffle = random.Random(seed)
    orders = [shuffle.sample(files, len(files)) for _process in range(4)]
    processes = [kiosk_merge(concurrent, order) for order in orders]
    outputs = [process.communicate(timeout=DEADLINE) for process in processes]
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert err == ""

    assert dump(concurrent) == dump(sequential)
    # Each export accepted by exactly one process; every other sight of it "already merged".
    export_of = {path: str(read_export_file(path).doc.export_id) for path in files}
    accepted: Counter[str] = Counter()
    already: Counter[str] = Counter()
    for out, _err in outputs:
        for line in out.splitlines():
            path = next(p for p in files if line.startswith(f"{p}: "))
            if ": accepted (" in line:
                accepted[export_of[path]] += 1
            else:
                assert ": already merged (" in line, line
                already[export_of[path]] += 1
    exports = set(export_of.values())
    assert accepted == Counter(dict.fromkeys(exports, 1))
    assert sum(already.values()) == 4 * len(files) - len(exports)
    for path in files:
        receipt = read_receipt(receipt_path(path))
        assert str(receipt.export_id) == export_of[path]
        assert receipt.sha256 == read_export_file(path).sha256


def test_a_merge_killed_mid_file_leaves_nothing_of_it(
    tmp_path: Path, demo_plan: Plan, pg_url: str, watcher: Engine
):
    laptop = make_laptop(tmp_path / "a.sqlite", demo_plan, 1, FakeClock())
    for number in range(200):
        laptop.add(f"notitie {number}")
    laptop.tally(1, "Jongere", 3)
    path = laptop.export(tmp_path / "stick").path
    laptop.store.close()
    open_store(pg_url).close()
    schema = pg_url.rsplit("%3D", 1)[1]

    # Hold the merge at its last write (the record of the merge) after every note is written.
    holder = create_engine(parse_url(pg_url).url)
    with holder.connect() as hold:
        hold.execute(text("LOCK TABLE exchanges IN EXCLUSIVE MODE"))
        merging = kiosk_merge(pg_url, [path])
        wait_until(
            watcher,
            "SELECT 1 FROM pg_stat_activity WHERE application_name = 'kiosk' "
            "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO exchanges%'",
            "the merge to reach the record of the merge",
        )
        # The notes are written, in its transaction, when it is killed.
        wait_until(
            watcher,
            f"SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            f"JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE n.nspname = '{schema}' AND c.relname = 'notes' "
            f"AND l.mode = 'RowExclusiveLock' AND l.granted",
            "the merge to write notes",
        )
        merging.send_signal(signal.SIGKILL)
        merging.communicate(timeout=DEADLINE)
        hold.rollback()
    holder.dispose()
    wait_until(
        watcher,
        "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = "
        "'kiosk' AND state <> 'idle')",
        "the killed merge's transaction to end",
    )

    with open_store(pg_url) as store:
        with store.begin() as session:
            for model in (Event, Note, Exchange):
                assert session.scalar(select(func.count()).select_from(model)) == 0
        [result] = merge_paths(store, [path])
    assert result.accepted and not result.already and result.new == 200


@pytest.fixture
def curated(tmp_path: Path, demo_plan: Plan) -> Iterator[tuple[list[Path], list[str]]]:
    laptop = make_laptop(tmp_path / "a.sqlite", demo_plan, 1, FakeClock())
    for number in range(20):
        laptop.add(f"notitie {number}")
    first = laptop.export(tmp_path / "one").path
    for note in laptop.notes[:10]:
        laptop.edit(note, text="van de tafel")
    second = laptop.export(tmp_path / "two").path
    laptop.store.close()
    yield [first, second], laptop.notes


def same_organiser(store: Store) -> None:
    """Both archives' organiser edits carry one device id, so their contents compare."""
    with store.begin() as session:
        set_setting(session, DEVICE, {"id": "organiser-laptop"})


def curate(url: str, notes: list[str], now: FakeClock) -> None:
    """The organiser stars one note the merge brings a new version of, fixes another's typo
    and hides a third."""
    with open_store(url) as store, store.begin() as session:
        set_starred(session, notes[0], True, now.now())
        fix_text(session, notes[1], "door de organisator", now.now())
        set_hidden(session, notes[2], True)


def test_curating_while_another_merges_loses_neither(
    curated: tuple[list[Path], list[str]],
    new_pg_archive: Callable[[], str],
    watcher: Engine,
):
    (first, second), notes = curated
    clock = FakeClock()
    clock.advance(3600)  # the organiser curates after the tables closed

    sequential = new_pg_archive()
    with open_store(sequential) as store:
        merge_paths(store, [first])
        same_organiser(store)
    curate(sequential, notes, clock)
    with open_store(sequential) as store:
        merge_paths(store, [second])

    concurrent = new_pg_archive()
    with open_store(concurrent) as store:
        merge_paths(store, [first])
        same_organiser(store)
    # The curation's transaction is open when the other organiser's merge starts.
    with open_store(concurrent) as store, store.begin() as session:
        set_starred(session, notes[0], True, clock.now())
        fix_text(session, notes[1], "door de organisator", clock.now())
        set_hidden(session, notes[2], True)
        merging = kiosk_merge(concurrent, [second])
        wait_until(
            watcher,
            "SELECT 1 FROM pg_stat_activity WHERE application_name = 'kiosk' "
            "AND wait_event = 'advisory'",
            "the merge to wait for the curation",
        )
    out, err = merging.communicate(timeout=DEADLINE)
    assert merging.returncode == 0, err
    assert ": accepted (" in out

    assert dump(concurrent) == dump(sequential)
    with open_store(concurrent) as store, store.begin() as session:
        starred, fixed, hidden = (session.get(Note, note) for note in notes[:3])
        assert starred.starred and starred.device_id.startswith("organiser-")
        assert fixed.text == "door de organisator"
        assert hidden.hidden and hidden.text == "van de tafel"
