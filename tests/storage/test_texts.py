"""The organiser's texts and counts: revisions, the emphasis subset, never touched by a merge,
and an archive from before them upgraded in place."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from kiosk.core.errors import KioskError
from kiosk.exchange.merge import merge_paths
from kiosk.report.data import read_archive
from kiosk.storage.models import OrganiserText
from kiosk.storage.queries import install_plan
from kiosk.storage.store import SCHEMA_HEAD, open_store
from kiosk.storage.texts import (
    CLOSING,
    INTRO,
    TextKey,
    entered_counts,
    load_texts,
    paragraphs,
    plain,
    read_text,
    revisions,
    save_text,
    set_count,
)
from tests.builders import EVENT, downgrade, make_laptop

NOW = datetime(2022, 4, 1, 9, tzinfo=UTC)


@pytest.fixture
def archive(tmp_path, demo_plan):
    store = open_store(tmp_path / "archive.sqlite")
    with store.begin() as session:
        install_plan(session, demo_plan, NOW)
    yield store
    store.close()


def test_every_save_is_a_revision_and_the_newest_is_read(archive):
    with archive.begin() as session:
        assert save_text(session, EVENT, TextKey(INTRO), "Eerste versie.", NOW)
        assert save_text(session, EVENT, TextKey(INTRO), "Tweede versie.\r\n", NOW)
        # The same words again (line ends and trailing blanks aside) add nothing.
        assert not save_text(session, EVENT, TextKey(INTRO), "Tweede versie.  \n", NOW)
        assert read_text(session, EVENT, TextKey(INTRO)) == "Tweede versie."
        assert revisions(session, EVENT, TextKey(INTRO)) == 2
        kept = session.scalars(select(OrganiserText.text).order_by(OrganiserText.revision))
        assert list(kept) == ["Eerste versie.", "Tweede versie."]
        device = session.scalars(select(OrganiserText.device_id)).first()
        assert device.startswith("organiser-")


def test_only_written_texts_are_loaded(archive):
    with archive.begin() as session:
        save_text(session, EVENT, TextKey.table(2), "Kansengelijkheid.", NOW)
        save_text(session, EVENT, TextKey.theme("welbevinden"), "Welbevinden.", NOW)
        save_text(session, EVENT, TextKey(CLOSING), "Tot slot.", NOW)
        # Cleared again: a revision with no words, so nothing is printed.
        save_text(session, EVENT, TextKey(CLOSING), "", NOW)
        texts = load_texts(session, EVENT)
    assert texts.tables == ((2, "Kansengelijkheid."),)
    assert texts.themes == (("welbevinden", "Welbevinden."),)
    assert texts.introduction == "" and texts.closing == ""


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (TextKey.table(99), "table '99': not in event"),
        (TextKey.theme("nope"), "theme 'nope': not in event"),
        (TextKey("preface"), "text 'preface': not one of"),
    ],
)
def test_unknown_subjects_are_refused_by_name(archive, key, message):
    with archive.begin() as session, pytest.raises(KioskError, match=message):
        save_text(session, EVENT, key, "tekst", NOW)


def test_a_text_too_long_is_refused(archive):
    with archive.begin() as session, pytest.raises(KioskError, match="at most 20,000"):
        save_text(session, EVENT, TextKey(INTRO), "x" * 20_001, NOW)


def test_emphasis_subset():
    text = (
        "Een **vet** woord en *schuin*.\nNieuwe regel.\n\n  \nTweede alinea: 3 * 4 * 5, a*b, <b>&"
    )
    assert paragraphs(text) == [
        [
            ("Een ", False, False),
            ("vet", True, False),
            (" woord en ", False, False),
            ("schuin", False, True),
            (".\nNieuwe regel.", False, False),
        ],
        [("Tweede alinea: 3 * 4 * 5, a*b, <b>&", False, False)],
    ]
    assert plain("**Let op**: *nu*") == "Let op: nu"


def test_entered_counts_replace_the_tables_tallies(archive):
    with archive.begin() as session:
        set_count(session, EVENT, 1, "Jongere", 12, NOW)
        set_count(session, EVENT, 2, "Ouder", 7, NOW)
        set_count(session, EVENT, 2, "Ouder", None, NOW)
        assert entered_counts(session, EVENT) == {(1, "Jongere"): 12}
        with pytest.raises(KioskError, match="outside 0..10,000"):
            set_count(session, EVENT, 1, "Docent", -1, NOW)


def test_a_merge_never_touches_the_organisers_words(tmp_path, demo_plan):
    laptop = make_laptop(tmp_path / "table-1.sqlite", demo_plan, 1)
    laptop.add("Eerste notitie")
    laptop.tally(1, "Jongere", 3)
    first = laptop.export(tmp_path / "stick")
    archive = open_store(tmp_path / "archive.sqlite")
    merge_paths(archive, [first.path], clock=lambda: NOW)
    with archive.begin() as session:
        save_text(session, EVENT, TextKey.table(1), "De synthese van tafel 1.", NOW)
        set_count(session, EVENT, 1, "Jongere", 9, NOW)
    laptop.add("Tweede notitie")
    laptop.tally(2, "Jongere", 4)
    second = laptop.export(tmp_path / "stick")
    merge_paths(archive, [second.path], clock=lambda: NOW + timedelta(hours=1))
    with archive.begin() as session:
        assert load_texts(session, EVENT).tables == ((1, "De synthese van tafel 1."),)
        assert entered_counts(session, EVENT) == {(1, "Jongere"): 9}
    archive.close()
    event = read_archive(tmp_path / "archive.sqlite", None)
    assert dict(event.participants)["Jongere"] == 9
    assert event.merged_at == NOW + timedelta(hours=1)


def test_an_archive_from_before_the_texts_is_upgraded(tmp_path, demo_plan):
    path = tmp_path / "old.sqlite"
    store = open_store(path)
    with store.begin() as session:
        install_plan(session, demo_plan, NOW)
    downgrade(store, "0001")
    store.close()
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "organiser_texts" not in names
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    with open_store(path, create=False) as again, again.begin() as session:
        save_text(session, EVENT, TextKey(INTRO), "Na de upgrade.", NOW)
        assert load_texts(session, EVENT).introduction == "Na de upgrade."
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
