"""The launch snapshot (sqlite3 only) reads exactly what the ORM reads."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.storage.queries import (
    add_cluster,
    add_note,
    bump_tally,
    live_clusters,
    live_notes,
    set_setting,
    table_tallies,
    update_note,
)
from kiosk.storage.store import open_store
from kiosk.table.snapshot import read_snapshot


def test_no_snapshot_without_a_table(tmp_path, store):
    assert read_snapshot(tmp_path / "missing.sqlite") is None
    assert read_snapshot(store.path) is None


def test_snapshot_matches_the_orm(table_store, clock):
    store, at = table_store
    with store.begin() as session:
        cluster = add_cluster(
            session, at, label="Samen", x=0, y=400, width=500, height=300, now=clock.now()
        )
        for i, text in enumerate(["één", "<b>twee</b> & 3", "drie\nregels"]):
            note = add_note(
                session,
                at,
                text=text,
                kind="quote",
                role="Ouder" if i else None,
                round_number=1 + i % 2,
                x=i * 264.0,
                y=0,
                now=clock.now(),
                starred=bool(i),
            )
        update_note(session, at, note.id, clock.now(), cluster_id=cluster.id, votes=2)
        gone = add_note(
            session, at, text="weg", kind="insight", round_number=1, x=0, y=0, now=clock.now()
        )
        update_note(session, at, gone.id, clock.now(), deleted=True)
        bump_tally(session, at, 1, "Jongere", 3, clock.now())
        set_setting(session, "draft", {"text": "half"})
    snapshot = read_snapshot(store.path)
    assert snapshot is not None and snapshot.station == at
    with store.begin() as session:
        notes = live_notes(session, at.event_id, at.table_number)
        clusters = live_clusters(session, at.event_id, at.table_number)
        tallies = table_tallies(session, at.event_id, at.table_number)
    fields = ("id", "round_number", "kind", "role", "text", "starred", "votes", "x", "y")
    assert [tuple(getattr(n, f) for f in (*fields, "cluster_id")) for n in snapshot.notes] == [
        tuple(getattr(n, f) for f in (*fields, "cluster_id")) for n in notes
    ]
    assert [(c.id, c.label, c.x, c.y, c.width, c.height) for c in snapshot.clusters] == [
        (c.id, c.label, c.x, c.y, c.width, c.height) for c in clusters
    ]
    assert snapshot.tallies == {(t.round_number, t.role): t.count for t in tallies}
    assert snapshot.settings["draft"] == {"text": "half"}
    assert snapshot.setup.theme_title == "Dekkend aanbod en inclusie"
    assert snapshot.setup.kinds[0].key == "insight" and "Jongere" in snapshot.setup.roles


def test_snapshot_wants_a_store_at_head(table_store):
    store, _at = table_store
    store.close()
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000'")
    conn.close()
    with pytest.raises(ValueError, match="not at head"):
        read_snapshot(store.path)


def test_snapshot_reads_without_sqlalchemy(table_store):
    import subprocess
    import sys

    store, _at = table_store
    code = (
        "import sys\nfrom pathlib import Path\nfrom kiosk.table.snapshot import read_snapshot\n"
        f"s = read_snapshot(Path({str(store.path)!r}))\n"
        "assert s is not None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'pydantic')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    open_store(store.path).close()
