"""Wiping a table laptop: only with a matching receipt, and then no note text in any file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from kiosk.core.errors import KioskError
from kiosk.exchange.export import change_count
from kiosk.exchange.receipts import Receipt, read_receipt, receipt_path, write_receipt
from kiosk.storage.models import Exchange, Note
from kiosk.storage.queries import add_note, update_note
from kiosk.storage.store import open_store
from kiosk.table.wipe import check_receipt, wipe_store

TEXTS = ["Geheime opmerking over Sam uit 3b", "ВторойТекст", "تعليم سري جدا"]
SHA = "ab" * 32


def record_export(session, at, when, export_id="x1", sha=SHA):
    session.add(
        Exchange(
            export_id=export_id,
            direction="export",
            event_id=at.event_id,
            table_number=at.table_number,
            device_id=at.device_id,
            file_name=f"{export_id}.kiosk",
            sha256=sha,
            exported_at=when,
            recorded_at=when,
            changes=change_count(session),
        )
    )


def receipt_for(at, export_id="x1", sha=SHA):
    return Receipt(
        format="kiosk-receipt/1",
        export_id=export_id,
        sha256=sha,
        event_id=at.event_id,
        table_number=at.table_number,
        merged_at=datetime(2022, 3, 31, 16, tzinfo=UTC),
    )


@pytest.fixture
def filled(table_store, clock):
    store, at = table_store
    with store.begin() as session:
        for i, text in enumerate(TEXTS):
            note = add_note(
                session,
                at,
                text=text * 20,
                kind="quote",
                role="Jongere",
                round_number=1,
                x=i * 300,
                y=0,
                now=clock.now(),
            )
        update_note(session, at, note.id, clock.now(), text="bewerkt " + TEXTS[0] * 20)
    clock.advance(60)
    with store.begin() as session:
        record_export(session, at, clock.now())
    return store, at


def store_files(store):
    return [p for p in store.path.parent.iterdir() if p.name.startswith(store.path.name)]


def test_no_export_no_wipe(table_store):
    store, at = table_store
    with pytest.raises(KioskError, match="has not exported anything yet"):
        with store.begin() as session:
            check_receipt(session, receipt_for(at))


def test_receipt_for_another_export_refused(filled):
    store, at = filled
    with pytest.raises(
        KioskError, match="confirms export old, but this laptop's last export is x1"
    ):
        with store.begin() as session:
            check_receipt(session, receipt_for(at, export_id="old"))
    with pytest.raises(KioskError, match="confirms export x1"), store.begin() as session:
        check_receipt(session, receipt_for(at, sha="cd" * 32))


def test_changes_after_the_export_refused(filled, clock):
    store, at = filled
    clock.advance(5)
    with store.begin() as session:
        add_note(
            session, at, text="nog een", kind="insight", round_number=2, x=0, y=900, now=clock.now()
        )
    with pytest.raises(KioskError, match="changed after the last export"):
        with store.begin() as session:
            check_receipt(session, receipt_for(at))


def test_wipe_leaves_no_note_text_in_any_file(filled):
    store, at = filled
    with store.begin() as session:
        check_receipt(session, receipt_for(at))
    before = b"".join(p.read_bytes() for p in store_files(store))
    assert TEXTS[0].encode() in before
    wipe_store(store)
    files = store_files(store)
    assert files, "the store file itself remains, empty"
    for path in files:
        data = path.read_bytes()
        for text in TEXTS:
            assert text.encode() not in data, path.name
        assert b"Jongere" not in data


def test_receipt_file_round_trip(tmp_path, filled):
    _store, at = filled
    export = tmp_path / "x1.kiosk"
    export.write_bytes(b"...")
    written = write_receipt(export, receipt_for(at))
    assert written == receipt_path(export) == tmp_path / "x1.kiosk.receipt"
    assert read_receipt(written) == receipt_for(at)
    written.write_text('{"format": "kiosk-receipt/1"}', encoding="utf-8")
    with pytest.raises(KioskError, match="not a kiosk receipt"):
        read_receipt(written)
    written.write_text("{", encoding="utf-8")
    with pytest.raises(KioskError, match=r"x1\.kiosk\.receipt: not valid JSON \(line 1, column 2"):
        read_receipt(written)


# -- issue 14: clocks, readers and one transaction ----------------------------------------------


def exported_and_merged(wall, clock, tmp_path):
    """The wall's table exported (by the wall's clock), merged, and the receipt it got."""
    from kiosk.exchange.export import export_table
    from kiosk.exchange.merge import merge_file

    wall.add_note("vóór de export", "insight")
    stick = tmp_path / "stick"
    stick.mkdir()
    result = export_table(wall.store(), stick, clock=clock.now)
    with open_store(tmp_path / "archive.sqlite") as archive:
        assert merge_file(archive, result.path, clock.now).accepted
    return read_receipt(receipt_path(result.path))


def test_a_note_written_with_the_clock_set_back_stops_the_wipe(wall, clock, tmp_path):
    """Finding 2: a note added after the export, with the clock 10 minutes earlier, counts."""
    receipt = exported_and_merged(wall, clock, tmp_path)
    clock.advance(-600)
    note = wall.add_note("na de export, klok terug", "insight")
    with pytest.raises(KioskError, match="the wall changed after the last export"):
        wipe_store(wall.store(), receipt)
    with wall.store().begin() as session:
        assert session.get(Note, note.id).text == "na de export, klok terug"


def test_a_wipe_holds_the_store_from_its_check_to_its_delete(wall, clock, tmp_path, monkeypatch):
    """Finding 2: nothing can be written between the receipt check and the delete."""
    import kiosk.table.wipe

    receipt = exported_and_merged(wall, clock, tmp_path)
    real = kiosk.table.wipe.check_receipt
    attempts = []

    def check_then_write(session, receipt, source):
        found = real(session, receipt, source)
        other = sqlite3.connect(wall.path, timeout=0)
        try:
            other.execute("UPDATE settings SET key = key")
            attempts.append("written")
        except sqlite3.OperationalError as exc:
            attempts.append(str(exc))
        finally:
            other.close()
        return found

    monkeypatch.setattr(kiosk.table.wipe, "check_receipt", check_then_write)
    wipe_store(wall.store(), receipt)
    assert attempts == ["database is locked"]


def test_a_reader_holding_the_store_stops_the_wipe_before_anything_is_deleted(filled, tmp_path):
    """Finding 8: a reader keeps old pages in the WAL; the wipe refuses instead of saying done."""
    store, at = filled
    reader = sqlite3.connect(store.path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM notes").fetchone()
    try:
        with pytest.raises(KioskError, match="another program is reading the store"):
            wipe_store(store, receipt_for(at), wait_ms=20)
        with store.begin() as session:
            assert len(session.scalars(select(Note)).all()) == len(TEXTS)
    finally:
        reader.rollback()
        reader.close()
    wipe_store(store, receipt_for(at), wait_ms=20)
    for path in store_files(store):
        for text in TEXTS:
            assert text.encode() not in path.read_bytes(), path.name
