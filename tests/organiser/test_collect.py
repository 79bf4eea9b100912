"""Collect totals: notes per table, round and theme; a plan table without an accepted export."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.jobs import Cancelled, JobControl
from kiosk.organiser.collect import collect_job, event_totals
from kiosk.storage.models import Exchange, Note
from kiosk.storage.store import open_store
from tests.builders import demo_archive, export_of


def record_import(session, event_id, table, now):
    session.add(
        Exchange(
            export_id=f"export-{table}",
            direction="import",
            event_id=event_id,
            table_number=table,
            device_id=f"table-{table}",
            file_name=f"table-{table}.kiosk",
            sha256="0" * 64,
            exported_at=now,
            recorded_at=now,
        )
    )


def test_totals_per_table_round_and_theme_with_missing_tables(tmp_path: Path, demo_plan, clock):
    store, _ids = demo_archive(tmp_path / "archive.sqlite", demo_plan, clock)
    with store.begin() as session:
        for table in (1, 2, 3):
            record_import(session, demo_plan.event_id, table, clock.now())
    with store.begin() as session:
        totals = event_totals(session, demo_plan.event_id)
    store.close()
    assert totals.rounds == [1, 2]
    assert [(t.number, t.by_round, t.exports) for t in totals.tables] == [
        (1, {1: 2, 2: 1}, 1),
        (2, {1: 1, 2: 1}, 1),
        (3, {1: 1, 2: 1}, 1),
        (4, {1: 1, 2: 0}, 0),
        (5, {1: 0, 2: 0}, 0),
        (6, {1: 0, 2: 0}, 0),
    ]
    # Table 4 has notes (written without an export in this test) but no accepted export.
    assert totals.missing == [4, 5, 6]
    assert totals.by_round() == {1: 5, 2: 3} and totals.notes == 8
    inclusie = totals.by_theme()[0]
    assert (inclusie.key, inclusie.tables, inclusie.notes, inclusie.missing) == (
        "inclusie",
        (1, 2),
        5,
        (),
    )
    assert [(t.key, t.missing) for t in totals.by_theme()[1:]] == [
        ("welbevinden", ()),
        ("professional", (4,)),
        ("transitie", (5,)),
        ("kernpartners", (6,)),
    ]


def test_collect_job_merges_each_file_and_stops_between_files(tmp_path: Path, demo_plan, clock):
    stick = tmp_path / "stick"
    stick.mkdir()
    export_of(tmp_path, demo_plan, 1, ["een", "twee"], stick)
    export_of(tmp_path, demo_plan, 2, ["drie"], stick)
    archive = tmp_path / "archive.sqlite"
    seen = []
    results = collect_job(archive, [stick], clock.now)(JobControl(seen.append))
    assert [(r.accepted, r.table_number, r.new) for r in results] == [(True, 1, 2), (True, 2, 1)]
    assert [(p.done, p.total) for p in seen] == [(0, 2), (1, 2), (2, 2)]

    other = tmp_path / "other.sqlite"
    control = JobControl(lambda progress: control.cancel())
    with pytest.raises(Cancelled):
        collect_job(other, [stick], clock.now)(control)
    with open_store(other) as store, store.begin() as session:
        # The first file is merged whole; the second never started.
        assert sorted(n.table_number for n in session.query(Note)) == [1, 1]
