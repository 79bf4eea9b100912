"""Collect totals: notes per table, round and theme; a plan table without an accepted export."""

from __future__ import annotations

from pathlib import Path

from kiosk.collect import event_totals
from kiosk.storage.models import Exchange
from tests.archive_data import demo_archive


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
