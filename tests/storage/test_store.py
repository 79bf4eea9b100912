"""The table store: durable settings, migrations, refusing newer stores, tombstones."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

from kiosk.core import resources
from kiosk.core.errors import KioskError
from kiosk.storage.models import Base, Event, Note
from kiosk.storage.queries import add_note, live_notes, setup_table, station, update_note
from kiosk.storage.store import BULK_CHECKPOINT, SCHEMA_HEAD, migrate, open_store
from tests.builders import downgrade


def test_pragmas_on_every_connection(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        # An archive's note id index stays in memory through a merge (64 MiB, not 2 MiB).
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -65536


def test_a_bulk_write_checkpoints_less_often_and_only_itself(store):
    def checkpoint_pages(session):
        return session.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()

    with store.begin(immediate=True, bulk=True) as session:
        assert checkpoint_pages(session) == BULK_CHECKPOINT
    # The pooled connection goes back to SQLite's default for every other write.
    with store.begin(immediate=True) as session:
        assert checkpoint_pages(session) == 1000
    with store.begin() as session:
        assert checkpoint_pages(session) == 1000


def test_schema_head_constant_matches_alembic():
    assert ScriptDirectory(str(resources.migrations())).get_current_head() == SCHEMA_HEAD


def test_migrations_build_exactly_the_models(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_reopening_and_migrating_keep_data(table_store, clock, tmp_path):
    store, at = table_store
    with store.begin() as session:
        add_note(
            session, at, text="blijft", kind="insight", round_number=1, x=0, y=0, now=clock.now()
        )
    migrate(store.engine)
    store.close()
    with open_store(store.path) as again, again.begin() as session:
        assert [n.text for n in live_notes(session, at.event_id, at.table_number)] == ["blijft"]
        assert station(session) == at


def test_newer_store_refused_untouched(store, tmp_path):
    store.close()
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00d'")
    conn.close()
    before = hashlib.sha256(store.path.read_bytes()).hexdigest()
    with pytest.raises(KioskError, match=r"written by a newer version of kiosk \(schema 'f00d'\)"):
        open_store(store.path)
    assert hashlib.sha256(store.path.read_bytes()).hexdigest() == before


def test_foreign_sqlite_file_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE x (y)")
    conn.close()
    with pytest.raises(KioskError, match="not a kiosk store"):
        open_store(path)


def test_random_bytes_refused(tmp_path):
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(KioskError, match="not a kiosk store"):
        open_store(path)


def test_setup_is_harmless_to_repeat_and_never_mixes(table_store, demo_plan, clock):
    store, at = table_store
    with store.begin() as session:
        assert setup_table(session, demo_plan, 1, clock.now()) == at
    with pytest.raises(KioskError, match="already set up for table 1"), store.begin() as session:
        setup_table(session, demo_plan, 2, clock.now())
    refused = pytest.raises(KioskError, match="--table 9: not a table of the plan")
    with refused, store.begin() as session:
        setup_table(session, demo_plan, 9, clock.now())
    with store.begin() as session:
        assert station(session) == at
        assert session.scalar(select(Event.id)) == demo_plan.event_id


def test_delete_is_a_tombstone(table_store, clock):
    store, at = table_store
    with store.begin() as session:
        note = add_note(
            session, at, text="weg", kind="quote", round_number=2, x=0, y=0, now=clock.now()
        )
    clock.advance(60)
    with store.begin() as session:
        update_note(session, at, note.id, clock.now(), deleted=True)
    with store.begin() as session:
        assert live_notes(session, at.event_id, at.table_number) == []
        row = session.get(Note, note.id)
        assert row is not None and row.deleted and row.text == "weg"
        assert row.revision == 2
        assert row.updated_at > row.created_at


def test_edit_makes_a_new_revision_by_this_device(table_store, clock):
    store, at = table_store
    with store.begin() as session:
        note = add_note(
            session, at, text="eerst", kind="insight", round_number=1, x=0, y=0, now=clock.now()
        )
    with store.begin() as session:
        update_note(session, at, note.id, clock.now(), text="daarna", starred=True)
    with store.begin() as session:
        row = session.get(Note, note.id)
        assert (row.text, row.starred, row.revision, row.device_id) == (
            "daarna",
            True,
            2,
            at.device_id,
        )


def test_note_text_limits(table_store, clock):
    store, at = table_store
    with pytest.raises(KioskError, match="text is empty"), store.begin() as session:
        add_note(
            session, at, text="  \n", kind="insight", round_number=1, x=0, y=0, now=clock.now()
        )
    with pytest.raises(KioskError, match="10,001 characters"), store.begin() as session:
        add_note(
            session,
            at,
            text="x" * 10_001,
            kind="insight",
            round_number=1,
            x=0,
            y=0,
            now=clock.now(),
        )
    with store.begin() as session:
        add_note(
            session,
            at,
            text="x" * 10_000,
            kind="insight",
            round_number=1,
            x=0,
            y=0,
            now=clock.now(),
        )


def test_a_failed_action_leaves_nothing_behind(table_store, clock):
    store, at = table_store
    with pytest.raises(RuntimeError), store.begin() as session:
        add_note(
            session, at, text="half", kind="insight", round_number=1, x=0, y=0, now=clock.now()
        )
        session.flush()
        raise RuntimeError("power cut mid-action")
    with store.begin() as session:
        assert live_notes(session, at.event_id, at.table_number) == []


def test_times_stored_as_utc(table_store, clock):
    store, at = table_store
    with store.begin() as session:
        add_note(session, at, text="t", kind="insight", round_number=1, x=0, y=0, now=clock.now())
    with store.engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT created_at FROM notes").scalar()
    assert raw == "2022-03-31T09:00:00.000000Z"


def test_database_errors_do_not_quote_note_text(table_store, clock):
    from sqlalchemy.exc import IntegrityError

    store, at = table_store
    with store.begin() as session:
        note = add_note(
            session, at, text="eerste", kind="insight", round_number=1, x=0, y=0, now=clock.now()
        )
    with pytest.raises(IntegrityError) as caught, store.begin() as session:
        add_note(
            session,
            at,
            text="Vertrouwelijk over Sam",
            kind="insight",
            round_number=1,
            x=0,
            y=0,
            now=clock.now(),
            note_id=note.id,
        )
    assert "Vertrouwelijk" not in str(caught.value)


def test_a_store_before_the_exchanges_index_is_upgraded(store):
    """An archive of 0003 gets the index by event and table, which a merge's laptop check uses."""
    downgrade(store, "0003")
    store.close()
    lookup = (
        "EXPLAIN QUERY PLAN SELECT max(changes) FROM exchanges WHERE direction = 'import' "
        "AND event_id = 'e' AND table_number = 1 AND laptop_key = 'k' AND changes <= 9"
    )
    with sqlite3.connect(store.path) as conn:
        assert "ix_exchanges_event_id_table_number" not in str(conn.execute(lookup).fetchall())
    conn.close()
    with open_store(store.path, create=False):
        pass
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
        assert "ix_exchanges_event_id_table_number" in str(conn.execute(lookup).fetchall())
    conn.close()
