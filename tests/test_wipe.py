"""Wiping a table laptop: only with a matching receipt, and then no note text in any file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.errors import KioskError
from kiosk.exchange.export import change_count
from kiosk.receipts import Receipt, read_receipt, receipt_path, write_receipt
from kiosk.storage.models import Exchange
from kiosk.storage.queries import add_note, update_note
from kiosk.wipe import check_receipt, wipe_store

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
