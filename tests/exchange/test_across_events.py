"""An archive of many events: `kiosk events`, `kiosk csv --since/--event`, `kiosk archive copy`.

Each runs on a file archive and on a PostgreSQL server (the `archive` fixture).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.exchange.merge import merge_paths
from kiosk.plan.model import Plan
from kiosk.storage.store import open_store
from tests.exchange.helpers import dump, make_laptop

# (event id, date, live notes, deleted notes)
EVENTS = (
    ("voorjaar-2024", date(2024, 3, 1), 2, 0),
    ("najaar-2025", date(2025, 10, 9), 3, 1),
    ("winter-2026", date(2026, 1, 15), 1, 0),
)


def event_plan(plan: Plan, event_id: str, held: date) -> Plan:
    event = plan.event.model_copy(update={"id": event_id, "date": held, "title": f"Dag {event_id}"})
    return plan.model_copy(update={"event": event})


def fill(archive: Path | str, tmp_path: Path, plan: Plan) -> None:
    """Merge one table's export of each event into the archive."""
    exports = []
    for event_id, held, live, deleted in EVENTS:
        laptop = make_laptop(tmp_path / f"{event_id}.sqlite", event_plan(plan, event_id, held), 2)
        for number in range(live):
            laptop.add(f"{event_id} notitie {number}")
        for number in range(deleted):
            laptop.edit(laptop.add(f"{event_id} weg {number}"), deleted=True)
        exports.append(laptop.export(tmp_path / "stick" / event_id).path)
        laptop.store.close()
    with open_store(archive) as store:
        assert all(result.accepted for result in merge_paths(store, exports))


def csv_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def test_events_lists_every_event_with_date_tables_and_notes(
    archive: Path | str, tmp_path: Path, demo_plan: Plan, capsys
):
    fill(archive, tmp_path, demo_plan)
    capsys.readouterr()
    assert main(["events", "--archive", str(archive)]) == 0
    tables = len(demo_plan.tables)
    assert capsys.readouterr().out.splitlines() == [
        f"winter-2026  2026-01-15  {tables} tables  1 notes  Dag winter-2026",
        f"najaar-2025  2025-10-09  {tables} tables  3 notes  Dag najaar-2025",
        f"voorjaar-2024  2024-03-01  {tables} tables  2 notes  Dag voorjaar-2024",
    ]


def test_csv_across_events_since_a_date_and_by_event(
    archive: Path | str, tmp_path: Path, demo_plan: Plan, capsys
):
    fill(archive, tmp_path, demo_plan)
    out = tmp_path / "notes.csv"

    assert main(["csv", "--archive", str(archive), "--out", str(out), "--since", "2025-01-01"]) == 0
    assert sorted(csv_texts(out)) == [
        "najaar-2025 notitie 0",
        "najaar-2025 notitie 1",
        "najaar-2025 notitie 2",
        "winter-2026 notitie 0",
    ]
    chosen = ["--event", "voorjaar-2024", "--event", "winter-2026"]
    assert main(["csv", "--archive", str(archive), "--out", str(out), *chosen]) == 0
    assert sorted(csv_texts(out)) == [
        "voorjaar-2024 notitie 0",
        "voorjaar-2024 notitie 1",
        "winter-2026 notitie 0",
    ]
    since = ["--since", "2025-01-01", "--event", "voorjaar-2024"]
    assert main(["csv", "--archive", str(archive), "--out", str(out), *since]) == 0
    assert csv_texts(out) == []
    capsys.readouterr()

    unknown = ["--event", "zomer-2025"]
    assert main(["csv", "--archive", str(archive), "--out", str(out), *unknown]) == 1
    assert "no event 'zomer-2025'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["csv", "--archive", str(archive), "--out", str(out), "--since", "31-03-2025"])
    assert usage.value.code == 2
    assert "'31-03-2025' is not a date (YYYY-MM-DD)" in capsys.readouterr().err


def test_archive_copy_there_and_back_is_idempotent_and_counts(
    archive: Path | str, tmp_path: Path, demo_plan: Plan, capsys
):
    original = tmp_path / "origineel.sqlite"
    fill(original, tmp_path, demo_plan)
    capsys.readouterr()

    assert main(["archive", "copy", str(original), str(archive)]) == 0
    first = capsys.readouterr().out.splitlines()
    assert "notes: 7 in the source; 0 -> 7 in the target" in first
    assert "events: 3 in the source; 0 -> 3 in the target" in first
    copied = dump(archive)

    assert main(["archive", "copy", str(original), str(archive)]) == 0
    again = capsys.readouterr().out.splitlines()
    assert "notes: 7 in the source; 7 -> 7 in the target" in again
    assert "exchanges: 3 in the source; 3 -> 3 in the target" in again
    assert dump(archive) == copied

    back = tmp_path / "terug.sqlite"
    assert main(["archive", "copy", str(archive), str(back)]) == 0
    assert dump(back) == dump(original)
    # The copy is a working archive: merging the same exports again changes nothing.
    with open_store(archive) as store:
        results = merge_paths(store, [tmp_path / "stick"])
    assert [r.already for r in results] == [True, True, True]


def test_archive_copy_refuses_a_missing_source_and_itself(tmp_path: Path, capsys):
    missing = tmp_path / "nergens.sqlite"
    assert main(["archive", "copy", str(missing), str(tmp_path / "doel.sqlite")]) == 1
    assert capsys.readouterr().err.strip() == f"{missing}: no such store"
    assert not (tmp_path / "doel.sqlite").exists()
    assert main(["archive", "copy", str(missing), str(missing)]) == 1
    assert "is the archive to copy from" in capsys.readouterr().err
