"""Merging exports: all or nothing per file, order- and duplicate-independent, later wins."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import select, update

from kiosk.cli import main
from kiosk.exchange.format import ExportDoc, encode_export, frame, read_export_file
from kiosk.exchange.merge import merge_file, merge_paths
from kiosk.plan.model import Plan
from kiosk.storage.models import Cluster, Event, Exchange, Note, Theme
from kiosk.storage.store import open_store
from tests.exchange.helpers import EVENT, Laptop, dump, integrity, make_laptop


def merge(archive: Path, *paths: Path, accept_laptop: bool = False):
    with open_store(archive) as store:
        return merge_paths(store, list(paths), accept_laptop=accept_laptop)


def archive_notes(archive: Path) -> dict[str, Note]:
    with open_store(archive) as store, store.begin() as session:
        return {n.id: n for n in session.scalars(select(Note))}


def test_round_trip_keeps_every_field(laptop: Laptop, tmp_path: Path, archive: Path):
    cluster = laptop.add_cluster("Samen")
    note = laptop.add("tekst", role="Docent", starred=True, kind="quote", round_number=2)
    laptop.edit(note, cluster_id=cluster, votes=2, x=12.5, y=-3.0)
    gone = laptop.add("weg")
    laptop.edit(gone, deleted=True)
    laptop.tally(1, "Jongere", 7)
    path = laptop.export(tmp_path / "stick").path

    [result] = merge(archive, path)

    assert result.accepted and (result.new, result.updated, result.unchanged) == (2, 0, 0)
    assert "accepted" in result.line() and "2 new" in result.line()
    columns = [c.name for c in Note.__table__.c if c.name != "hidden"]
    with laptop.store.begin() as session:
        source = {n.id: n for n in session.scalars(select(Note))}
    merged = archive_notes(archive)
    assert merged.keys() == source.keys()
    for note_id, original in source.items():
        for column in columns:
            assert getattr(merged[note_id], column) == getattr(original, column), column
    archived = dump(archive)
    assert [row[:5] for row in archived["tallies"]] == [(EVENT, 1, 1, "Jongere", 7)]
    assert [row[2] for row in archived["clusters"]] == [1]
    assert archived["events"][0][0] == EVENT


def test_later_edits_and_deletes_win_in_any_order(laptop: Laptop, tmp_path: Path):
    a = laptop.add("eerste versie")
    b = laptop.add("blijft staan")
    early = laptop.export(tmp_path / "stick").path
    laptop.edit(a, text="tweede versie")
    laptop.edit(b, deleted=True)
    late = laptop.export(tmp_path / "stick").path

    for name, order in (("forward", (early, late)), ("backward", (late, early))):
        archive = tmp_path / f"{name}.sqlite"
        results = merge(archive, *order)
        assert all(r.accepted for r in results)
        notes = archive_notes(archive)
        assert notes[a].text == "tweede versie" and notes[a].revision == 2
        assert notes[b].deleted
    assert dump(tmp_path / "forward.sqlite") == dump(tmp_path / "backward.sqlite")


def test_counts_new_updated_unchanged(laptop: Laptop, tmp_path: Path, archive: Path):
    a = laptop.add("a")
    laptop.add("b")
    first = laptop.export(tmp_path / "stick").path
    laptop.edit(a, starred=True)
    laptop.add("c")
    second = laptop.export(tmp_path / "stick").path
    one, two = merge(archive, first, second)
    assert (one.new, one.updated, one.unchanged) == (2, 0, 0)
    assert (two.new, two.updated, two.unchanged) == (1, 1, 1)
    with open_store(archive) as store, store.begin() as session:
        rows = session.scalars(select(Exchange).order_by(Exchange.exported_at)).all()
        assert [(r.direction, r.notes_new, r.notes_updated, r.notes_unchanged) for r in rows] == [
            ("import", 2, 0, 0),
            ("import", 1, 1, 1),
        ]


def test_two_laptops_of_one_table_merge_into_one_table(
    laptop: Laptop, second_laptop: Laptop, tmp_path: Path, archive: Path
):
    laptop.add("voor de lege accu")
    first = laptop.export(tmp_path / "a").path
    second_laptop.add("na de wissel")
    second = second_laptop.export(tmp_path / "b").path
    [_first, refused] = merge(archive, first, second)
    assert not refused.accepted and "signed by another laptop" in refused.reason
    assert all(r.accepted for r in merge(archive, first, second, accept_laptop=True))
    notes = archive_notes(archive)
    assert {(n.table_number, n.text) for n in notes.values()} == {
        (1, "voor de lege accu"),
        (1, "na de wissel"),
    }
    assert {n.device_id for n in notes.values()} == {
        laptop.at.device_id,
        second_laptop.at.device_id,
    }


def test_merging_again_changes_nothing_and_says_so(
    laptop: Laptop, tmp_path: Path, archive: Path, capsys
):
    laptop.add("een")
    path = laptop.export(tmp_path / "stick").path
    assert main(["merge", "--archive", str(archive), str(path)]) == 0
    before = dump(archive)
    assert main(["merge", "--archive", str(archive), str(tmp_path / "stick")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == (
        f"{path}: already merged (table 1 of {EVENT}; notes 0 new, 0 updated, 1 unchanged)"
    )
    assert dump(archive) == before


def test_hidden_is_never_overwritten(laptop: Laptop, tmp_path: Path, archive: Path):
    note = laptop.add("noemt een naam")
    first = laptop.export(tmp_path / "stick").path
    merge(archive, first)
    with open_store(archive) as store, store.begin() as session:
        session.execute(update(Note).where(Note.id == note).values(hidden=True))
    laptop.edit(note, text="noemt nog steeds een naam")
    second = laptop.export(tmp_path / "stick").path
    [result] = merge(archive, second)
    assert result.updated == 1
    merged = archive_notes(archive)[note]
    assert merged.hidden and merged.text == "noemt nog steeds een naam"


def test_a_changed_copy_of_a_merged_export_is_refused(
    laptop: Laptop, tmp_path: Path, archive: Path
):
    laptop.add("echt")
    path = laptop.export(tmp_path / "stick").path
    merge(archive, path)
    header, body = path.read_bytes().split(b"\n", 1)
    doc = json.loads(body)
    doc["notes"][0]["text"] = "vervalst"
    content = encode_export(msgspec.convert(doc, ExportDoc))
    signature = header.split(b" signature=")[1].decode()
    forged = tmp_path / "forged.kiosk"
    forged.write_bytes(frame(content, sign=lambda _digest: signature))
    before = dump(archive)
    [result] = merge(archive, forged)
    assert not result.accepted
    assert "the signature does not match the content and its laptop key" in result.reason
    assert dump(archive) == before


@pytest.mark.parametrize("squatter_first", [True, False])
def test_a_note_id_of_another_table_neither_takes_over_nor_locks_out(
    laptop: Laptop, tmp_path: Path, archive: Path, demo_plan: Plan, squatter_first: bool
):
    """Finding 5: ids are scoped to (event, table); a table 2 file claiming table 1's note and
    cluster ids (signed by its own laptop) keeps its own copies, whichever file comes first."""
    cluster = laptop.add_cluster("Tafel 1")
    note = laptop.add("tafel 1")
    laptop.edit(note, cluster_id=cluster)
    genuine = laptop.export(tmp_path / "stick").path
    other = make_laptop(tmp_path / "other.sqlite", demo_plan, 2)
    with other.store.begin() as session:
        session.add(
            Cluster(
                id=cluster,
                event_id=EVENT,
                table_number=2,
                label="kraak",
                created_at=other.clock.now(),
                updated_at=other.clock.now(),
                device_id=other.at.device_id,
            )
        )
    other.add("kraak", note_id=note)
    other.edit(note, cluster_id=cluster, text="kraak 2")
    squatter = other.export(tmp_path / "other").path
    other.store.close()
    order = (squatter, genuine) if squatter_first else (genuine, squatter)
    assert [r.accepted for r in merge(archive, *order)] == [True, True]
    notes = {
        (n.table_number, n.text, n.cluster_id is not None) for n in archive_notes(archive).values()
    }
    assert notes == {(1, "tafel 1", True), (2, "kraak 2", True)}
    with open_store(archive) as store, store.begin() as session:
        labels = {(c.table_number, c.label) for c in session.scalars(select(Cluster))}
        pairs = {
            (n.table_number, session.get(Cluster, n.cluster_id).table_number)
            for n in session.scalars(select(Note))
        }
    assert labels == {(1, "Tafel 1"), (2, "kraak")}
    assert pairs == {(1, 1), (2, 2)}


def test_an_export_never_changes_the_archives_plan(
    laptop: Laptop, tmp_path: Path, demo_plan: Plan, archive: Path
):
    """Findings 6 and 7: the plan comes with an event's first export and then only from the
    organiser. A later export (even dated 9999) whose plan differs only in the texts the
    organiser may edit merges without changing them; any other difference is refused."""
    laptop.add("een")
    first = laptop.export(tmp_path / "stick").path
    new_plan = demo_plan.model_dump(mode="json", exclude_none=True)
    new_plan["themes"][0]["title"] = "Nieuwe titel"
    new_plan["event"]["location"] = "Elders"
    with laptop.store.begin() as session:
        session.get(Event, EVENT).plan_json = json.dumps(new_plan)
    laptop.clock.advance(
        (datetime(9999, 12, 31, 23, tzinfo=UTC) - laptop.clock.now()).total_seconds()
    )
    texts = laptop.export(tmp_path / "stick").path
    new_plan["roles"] = ["Hacker"]
    with laptop.store.begin() as session:
        session.get(Event, EVENT).plan_json = json.dumps(new_plan)
    roles = laptop.export(tmp_path / "stick").path
    results = merge(archive, first, texts, roles)
    assert [r.accepted for r in results] == [True, True, False]
    assert results[2].reason == (
        f"{roles}: refused: its plan differs from the archive's plan of event '{EVENT}' in "
        "roles; an export can only join the event with the same plan"
    )
    with open_store(archive) as store, store.begin() as session:
        assert session.scalars(select(Theme.title).order_by(Theme.position)).first() == (
            demo_plan.themes[0].title
        )
        event = session.get(Event, EVENT)
        assert event.location == demo_plan.event.location
        assert json.loads(event.plan_json)["roles"] == demo_plan.roles


def damaged_files(good: Path, folder: Path, demo_plan_path: Path) -> list[Path]:
    data = good.read_bytes()
    made = {
        "truncated.kiosk": data[: len(data) // 2],
        "changed-byte.kiosk": data[:-10] + bytes([data[-10] ^ 0x20]) + data[-9:],
        "empty.kiosk": b"",
        "random.kiosk": bytes(range(256)) * 40,
        "plan.kiosk": demo_plan_path.read_bytes(),
        "other-json.kiosk": json.dumps({"format": "something-else/3", "rows": [1]}).encode(),
    }
    folder.mkdir()
    paths = []
    for name, content in made.items():
        (folder / name).write_bytes(content)
        paths.append(folder / name)
    huge = folder / "huge.kiosk"
    with huge.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse
    paths.append(huge)
    return paths


def test_damaged_files_are_refused_by_name_and_change_nothing(
    laptop: Laptop, tmp_path: Path, archive: Path, demo_plan_path: Path, capsys
):
    laptop.add("goed")
    good = laptop.export(tmp_path / "stick").path
    merge(archive, good)
    before = dump(archive)
    bad = damaged_files(good, tmp_path / "bad", demo_plan_path)

    for path in bad:
        [result] = merge(archive, path)
        assert not result.accepted
        assert result.reason.startswith(f"{path}: ") and "\n" not in result.reason
        assert dump(archive) == before
    if isinstance(archive, Path):  # a file stays a sound SQLite file; a server keeps its own
        assert integrity(archive) == "ok"

    laptop.add("nieuw")
    later = laptop.export(tmp_path / "stick").path
    code = main(["merge", "--archive", str(archive), str(tmp_path / "bad"), str(later)])
    captured = capsys.readouterr()
    assert code == 1
    assert len(captured.err.splitlines()) == len(bad) and "Traceback" not in captured.err
    assert captured.out.splitlines() == [
        f"{later}: accepted (table 1 of {EVENT}; notes 1 new, 0 updated, 1 unchanged)"
    ]


def test_merge_takes_folders_recursively_and_skips_partial_files(
    laptop: Laptop, tmp_path: Path, archive: Path
):
    laptop.add("een")
    stick = tmp_path / "stick"
    first = laptop.export(stick / "tafel1").path
    second = laptop.export(stick / "tafel1" / "later").path
    (stick / "left-over.kiosk.partial").write_bytes(b"half")
    (stick / "readme.txt").write_text("not an export")
    results = merge(archive, stick)
    assert sorted(r.path for r in results) == sorted([first, second])
    assert all(r.accepted for r in results)


def test_missing_paths_and_empty_folders_are_refused(tmp_path: Path, archive: Path, capsys):
    (tmp_path / "empty").mkdir()
    code = main(
        ["merge", "--archive", str(archive), str(tmp_path / "nope"), str(tmp_path / "empty")]
    )
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err == [
        f"{tmp_path / 'nope'}: no such file or folder",
        f"{tmp_path / 'empty'}: refused: no .kiosk files found",
    ]


def test_merge_uses_the_default_archive(laptop: Laptop, tmp_path: Path):
    from kiosk.core.paths import default_archive

    laptop.add("een")
    path = laptop.export(tmp_path / "stick").path
    assert main(["merge", str(path)]) == 0
    assert default_archive().exists()


def test_accepted_files_land_when_others_are_refused(
    laptop: Laptop, second_laptop: Laptop, tmp_path: Path, archive: Path
):
    laptop.add("een")
    good = laptop.export(tmp_path / "a").path
    second_laptop.add("twee")
    other = second_laptop.export(tmp_path / "b").path
    broken = tmp_path / "broken.kiosk"
    broken.write_bytes(other.read_bytes()[:-1])
    results = merge(archive, good, broken, other, accept_laptop=True)
    assert [r.accepted for r in results] == [True, False, True]
    assert {n.text for n in archive_notes(archive).values()} == {"een", "twee"}


def test_text_survives_verbatim(laptop: Laptop, tmp_path: Path, archive: Path):
    texts = [
        "<b>vet</b> & <3",
        "regel 1\nregel 2\r\nregel 3",
        "emoji 😀👍🏽 en ğüşıİ (Turks) en العربية",
        "x" * 9_990 + " einde ✓",
    ]
    for text in texts:
        laptop.add(text)
    merge(archive, laptop.export(tmp_path / "stick").path)
    assert sorted(n.text for n in archive_notes(archive).values()) == sorted(texts)


def test_refused_file_in_merge_file_leaves_no_exchange_record(
    laptop: Laptop, tmp_path: Path, archive: Path
):
    laptop.add("een")
    path = laptop.export(tmp_path / "stick").path
    copy = tmp_path / "copy.kiosk"
    shutil.copy(path, copy)
    copy.write_bytes(copy.read_bytes()[:-3])
    with open_store(archive) as store:
        assert not merge_file(store, copy).accepted
        with store.begin() as session:
            assert session.scalars(select(Exchange)).all() == []
    assert read_export_file(path).doc.notes[0].text == "een"
