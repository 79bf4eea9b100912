"""Exporting a table: the whole table in one snapshot, a new verified file, recorded on success."""

from __future__ import annotations

import errno
import hashlib
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.cli import main
from kiosk.core import sticks
from kiosk.core.errors import KioskError
from kiosk.core.sticks import MediaError, Reason
from kiosk.exchange.export import export_table
from kiosk.exchange.format import read_export_file
from kiosk.storage.models import Exchange
from kiosk.storage.queries import set_setting
from kiosk.storage.store import open_store
from tests.builders import EVENT, Laptop, dump

NAME = re.compile(rf"^{EVENT}_tafel-01_\d{{8}}-\d{{6}}_[0-9a-f]{{8}}\.kiosk$")


def test_export_holds_the_whole_table(laptop: Laptop, tmp_path: Path):
    cluster = laptop.add_cluster("Thuis")
    kept = laptop.add("blijft", role="Jongere", starred=True)
    laptop.edit(kept, cluster_id=cluster, votes=3)
    gone = laptop.add("weg")
    laptop.edit(gone, deleted=True)
    laptop.tally(2, "Ouder", 5)
    with laptop.store.begin() as session:
        set_setting(session, "timer", {"version": 1, "round": 2, "started": True})

    result = laptop.export(tmp_path / "stick")

    assert NAME.match(result.path.name), result.path.name
    assert result.note_count == 1
    doc = read_export_file(result.path).doc
    assert (doc.event_id, doc.table_number, doc.device_id) == (EVENT, 1, laptop.at.device_id)
    assert doc.exported_at == laptop.clock.now()
    assert doc.timer == {"version": 1, "round": 2, "started": True}
    notes = {str(n.id): n for n in doc.notes}
    assert notes.keys() == {kept, gone}
    assert notes[gone].deleted and notes[gone].revision == 2
    assert str(notes[kept].cluster_id) == cluster and notes[kept].votes == 3
    assert [c.label for c in doc.clusters] == ["Thuis"]
    assert [(t.round_number, t.role, t.count) for t in doc.tallies] == [(2, "Ouder", 5)]
    assert doc.plan["event"]["title"].startswith("Van diplomagericht")


def test_each_export_is_recorded_and_a_new_file(laptop: Laptop, tmp_path: Path):
    laptop.add("een")
    first = laptop.export(tmp_path / "stick")
    second = laptop.export(tmp_path / "stick")
    assert first.path != second.path and first.export_id != second.export_id
    with laptop.store.begin() as session:
        rows = session.scalars(select(Exchange).order_by(Exchange.exported_at)).all()
    assert [(r.direction, r.file_name, r.note_count) for r in rows] == [
        ("export", first.path.name, 1),
        ("export", second.path.name, 1),
    ]
    # The whole file's hash, as the organiser's receipt names it (kiosk/exchange/receipts.py).
    assert rows[1].sha256 == hashlib.sha256(second.path.read_bytes()).hexdigest()


def test_two_exports_in_the_same_second_get_unique_names(laptop: Laptop, tmp_path: Path):
    stick = tmp_path / "stick"
    stick.mkdir()
    names = {export_table(laptop.store, stick, clock=laptop.clock.now).path.name for _ in range(5)}
    assert len(names) == 5
    assert len({n.casefold() for n in names}) == 5
    assert len({n.split("_")[2] for n in names}) == 1  # the same second, told apart by the id


def test_a_timer_state_out_of_bounds_is_left_out(laptop: Laptop, tmp_path: Path):
    with laptop.store.begin() as session:
        set_setting(session, "timer", {"rounds": [{"nested": "lists are not timer state"}]})
    doc = read_export_file(laptop.export(tmp_path / "stick").path).doc
    assert doc.timer is None


@pytest.mark.parametrize(
    ("code", "reason", "words"),
    [
        (errno.ENOSPC, Reason.FULL, "the stick is full"),
        (errno.EROFS, Reason.READ_ONLY, "read-only"),
        (errno.EIO, Reason.GONE, "was the stick removed"),
    ],
)
def test_a_failed_export_leaves_the_store_untouched(
    laptop: Laptop, tmp_path: Path, monkeypatch, code, reason, words
):
    laptop.add("een")
    before = dump(laptop.store.path)

    def fail(fd, data):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(sticks, "write_chunk", fail)
    stick = tmp_path / "stick"
    stick.mkdir()
    with pytest.raises(MediaError, match=words) as caught:
        export_table(laptop.store, stick, clock=laptop.clock.now)
    assert caught.value.reason is reason
    assert dump(laptop.store.path) == before
    assert list(stick.iterdir()) == []

    monkeypatch.undo()
    assert export_table(laptop.store, stick, clock=laptop.clock.now).path.exists()


def test_a_store_without_a_table_cannot_export(tmp_path: Path):
    with (
        open_store(tmp_path / "blank.sqlite") as store,
        pytest.raises(KioskError, match="no table"),
    ):
        export_table(store, tmp_path)


def test_cli_export_prints_the_path(laptop: Laptop, tmp_path: Path, capsys):
    laptop.add("een")
    laptop.store.close()
    stick = tmp_path / "stick"
    stick.mkdir()
    assert main(["export", "--db", str(laptop.store.path), "--to", str(stick)]) == 0
    out = capsys.readouterr().out.strip()
    assert Path(out).parent == stick and Path(out).is_file()
    assert read_export_file(Path(out)).doc.notes[0].text == "een"


def test_cli_export_to_a_missing_folder_is_one_line(laptop: Laptop, tmp_path: Path, capsys):
    laptop.store.close()
    code = main(["export", "--db", str(laptop.store.path), "--to", str(tmp_path / "nope")])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "nope" in err


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2022-03-31-ondersteuningsplan", "2022-03-31-ondersteuningsplan"),
        (
            "2022-03-31-van-diplomagericht-naar-toekomstgericht-onderwijs-in-noord-kennemerland",
            "2022-03-31-van-diplomagericht-naar",
        ),
        ("a" * 60, "a" * 48),  # one long word: cut all the same
    ],
)
def test_export_names_cut_the_event_code_between_words(code: str, expected: str):
    from kiosk.exchange.export import shorten_code

    assert shorten_code(code, 48) == expected
    assert not shorten_code(code, 48).endswith("toekomstgeric")
