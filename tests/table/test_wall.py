"""The wall model without Qt: every action one committed transaction, then listeners; undo; PIN."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.core.errors import KioskError
from kiosk.storage.models import Cluster, Note, Tally
from kiosk.storage.queries import add_note
from kiosk.table.layout import NOTE_HEIGHT, NOTE_WIDTH
from kiosk.table.records import Draft
from kiosk.table.wall import Change, TableWall


def reopen(wall: TableWall, clock) -> TableWall:
    wall.close()
    again = TableWall.open(wall.path, clock.now)
    assert again is not None
    return again


def stored_note(wall: TableWall, note_id: str) -> Note:
    with wall.transaction() as session:
        note = session.get(Note, note_id)
        assert note is not None
        session.expunge(note)
        return note


def overlapping(a, b) -> bool:
    return abs(a.x - b.x) < NOTE_WIDTH and abs(a.y - b.y) < NOTE_HEIGHT


def test_no_wall_before_a_table_is_set_up(store, clock):
    assert TableWall.open(store.path, clock.now) is None


def test_note_is_committed_before_listeners_hear_of_it(wall):
    seen = []

    def listener(change):
        with sqlite3.connect(wall.path) as conn:  # another connection sees only committed data
            rows = conn.execute("SELECT text FROM notes WHERE id = ?", change.ids).fetchall()
        conn.close()
        seen.append((change.what, rows))

    wall.listen(listener)
    wall.add_note("Geef ongelijkheid een naam en een gezicht.", "quote", "ouder")
    assert seen == [(Change.NOTES_ADDED, [("Geef ongelijkheid een naam en een gezicht.",)])]


def test_new_notes_take_free_spots_of_the_current_round(wall):
    notes = [wall.add_note(f"notitie {i}", "insight") for i in range(8)]
    for i, a in enumerate(notes):
        assert not any(overlapping(a, b) for b in notes[i + 1 :])
    assert {n.round_number for n in notes} == {1}


def test_kind_and_role_come_from_the_plan(wall):
    note = wall.add_note("tekst", "suggestion", "JONGERE")
    assert note.role == "Jongere"
    with pytest.raises(KioskError, match="kind 'idee'"):
        wall.add_note("tekst", "idee")
    with pytest.raises(KioskError, match="role 'Piet'"):
        wall.add_note("tekst", "insight", "Piet")
    with pytest.raises(KioskError, match="empty"):
        wall.add_note("   ", "insight")
    assert len(wall.notes) == 1


def test_failed_add_gives_its_spot_back(wall):
    with pytest.raises(KioskError):
        wall.add_note("", "insight")
    first = wall.add_note("eerste", "insight")
    assert (first.x, first.y) == (0, 0)


def test_round_is_kept_and_new_notes_belong_to_it(wall, clock):
    wall.set_round(2)
    note = wall.add_note("tweede ronde", "question")
    assert note.round_number == 2
    again = reopen(wall, clock)
    assert again.current_round == 2
    with pytest.raises(KioskError):
        again.set_round(7)


def test_filter_by_round(wall):
    first = wall.add_note("ronde 1", "insight")
    wall.set_round(2)
    second = wall.add_note("ronde 2", "insight")
    changes = []
    wall.listen(changes.append)
    wall.set_filter(2)
    assert wall.visible_notes == [second]
    wall.set_filter(None)
    assert wall.visible_notes == [first, second]
    assert [c.what for c in changes] == [Change.FILTER, Change.FILTER]


def test_edit_then_undo_is_a_new_revision(wall):
    note = wall.add_note("oud", "insight")
    wall.edit_note(note.id, text="nieuw", role="Docent", starred=True)
    assert wall.note(note.id).text == "nieuw" and stored_note(wall, note.id).revision == 2
    assert wall.undo_action == "edit"
    assert wall.undo()
    restored = stored_note(wall, note.id)
    assert (restored.text, restored.role, restored.starred, restored.revision) == (
        "oud",
        None,
        False,
        3,
    )
    assert not wall.undo()


def test_delete_is_a_tombstone_and_undo_brings_it_back(wall, clock):
    note = wall.add_note("weg ermee", "insight")
    clock.advance(5)
    wall.delete_note(note.id)
    assert not wall.has_note(note.id)
    gone = stored_note(wall, note.id)
    assert gone.deleted and gone.revision == 2
    clock.advance(5)
    assert wall.undo()
    back = stored_note(wall, note.id)
    assert not back.deleted and back.revision == 3 and back.updated_at == clock.now()
    assert back.device_id == wall.station.device_id
    assert wall.note(note.id).text == "weg ermee"
    assert reopen(wall, clock).has_note(note.id)


def test_undone_delete_finds_a_new_spot_if_its_own_was_taken(wall):
    note = wall.add_note("eerst", "insight")
    wall.delete_note(note.id)
    newer = wall.add_note("neemt de plek", "insight")
    assert (newer.x, newer.y) == (note.x, note.y)
    wall.undo()
    assert not overlapping(wall.note(note.id), newer)


def test_move_is_kept_and_undone(wall, clock):
    note = wall.add_note("sleep mij", "insight")
    wall.move_note(note.id, 900.0, 700.0)
    assert (stored_note(wall, note.id).x, stored_note(wall, note.id).y) == (900.0, 700.0)
    again = reopen(wall, clock)
    assert (again.note(note.id).x, again.note(note.id).y) == (900.0, 700.0)
    again.undo()  # undo is per session: nothing to undo after a restart
    assert again.note(note.id).x == 900.0
    again.move_note(note.id, 10.0, 10.0)
    again.undo()
    assert (again.note(note.id).x, again.note(note.id).y) == (900.0, 700.0)


def test_new_notes_avoid_a_dragged_note(wall):
    first = wall.add_note("een", "insight")
    wall.move_note(first.id, NOTE_WIDTH + 30, 0)  # onto the second cell
    placed = [wall.add_note(str(i), "insight") for i in range(3)]
    assert not any(overlapping(wall.note(first.id), p) for p in placed)


def test_votes_never_below_zero_and_star_toggles(wall):
    note = wall.add_note("stem", "insight")
    wall.vote(note.id, +1)
    wall.vote(note.id, +1)
    wall.vote(note.id, -1)
    assert wall.note(note.id).votes == 1
    wall.vote(note.id, -1)
    wall.vote(note.id, -1)
    assert stored_note(wall, note.id).votes == 0
    wall.toggle_star(note.id)
    assert stored_note(wall, note.id).starred


def test_group_gathers_notes_and_is_kept(wall, clock):
    notes = [wall.add_note(f"n{i}", "insight") for i in range(4)]
    cluster = wall.create_cluster("Samenwerken", [n.id for n in notes[:2]])
    members = wall.members(cluster.id)
    assert [m.id for m in members] == [n.id for n in notes[:2]]
    for member in members:
        assert cluster.x <= member.x and member.x + NOTE_WIDTH <= cluster.x + cluster.width
        assert cluster.y <= member.y and member.y + NOTE_HEIGHT <= cluster.y + cluster.height
    others = [wall.note(n.id) for n in notes[2:]]  # moved out of the frame's way
    assert not any(overlapping(m, n) for m in members for n in others)
    wall.rename_cluster(cluster.id, "  Samen doen ")
    with pytest.raises(KioskError, match="empty"):
        wall.rename_cluster(cluster.id, " ")
    again = reopen(wall, clock)
    assert again.cluster(cluster.id).label == "Samen doen"
    assert {n.id for n in again.members(cluster.id)} == {n.id for n in notes[:2]}
    with again.transaction() as session:
        assert session.get(Cluster, cluster.id).revision == 2


def test_new_notes_never_land_in_a_group(wall):
    cluster = wall.create_cluster("Leeg")
    placed = [wall.add_note(str(i), "insight") for i in range(20)]
    for note in placed:
        centre = (note.x + NOTE_WIDTH / 2, note.y + NOTE_HEIGHT / 2)
        assert not (
            cluster.x <= centre[0] <= cluster.x + cluster.width
            and cluster.y <= centre[1] <= cluster.y + cluster.height
        )


def test_drag_into_and_out_of_a_group(wall):
    note = wall.add_note("los", "insight")
    cluster = wall.create_cluster("Groep")
    # Its centre falls just inside the group's right edge; the rest sticks out.
    wall.move_note(note.id, cluster.x + cluster.width - NOTE_WIDTH / 2 - 20, cluster.y + 80)
    assert wall.note(note.id).cluster_id == cluster.id
    grown = wall.cluster(cluster.id)
    assert grown.x + grown.width >= wall.note(note.id).x + NOTE_WIDTH
    wall.move_note(note.id, 5000, 5000)
    assert wall.note(note.id).cluster_id is None


def test_put_in_take_out_move_and_dissolve_a_group(wall):
    notes = [wall.add_note(f"n{i}", "insight") for i in range(5)]
    cluster = wall.create_cluster("Groep", [notes[0].id])
    wall.put_in_cluster([n.id for n in notes[1:]], cluster.id)
    members = wall.members(cluster.id)
    assert len(members) == 5
    for i, a in enumerate(members):
        assert not any(overlapping(a, b) for b in members[i + 1 :])
    wall.take_out_of_cluster([notes[4].id])
    assert wall.note(notes[4].id).cluster_id is None
    before = {n.id: (n.x, n.y) for n in wall.members(cluster.id)}
    grown = wall.cluster(cluster.id)
    wall.move_cluster(cluster.id, grown.x + 100, grown.y + 50)
    for member in wall.members(cluster.id):
        assert (member.x, member.y) == (before[member.id][0] + 100, before[member.id][1] + 50)
    wall.dissolve_cluster(cluster.id)
    assert wall.clusters == [] and all(n.cluster_id is None for n in wall.notes)


def test_tallies_per_round_and_role(wall, clock):
    assert wall.bump_tally("jongere", +1) == 1
    wall.bump_tally("Jongere", +1)
    wall.bump_tally("Ouder", +1)
    wall.bump_tally("Docent", -1)  # stays at zero, writes nothing
    wall.set_round(2)
    wall.bump_tally("Jongere", +1)
    assert (wall.tally("Jongere", 1), wall.tally("Jongere", 2), wall.tally_total(1)) == (2, 1, 3)
    clock.advance(60)
    wall.set_round(1)
    wall.bump_tally("Jongere", -1)
    with wall.transaction() as session:
        tally = session.query(Tally).filter_by(round_number=1, role="Jongere").one()
        assert (tally.count, tally.revision, tally.updated_at) == (1, 3, clock.now())
        assert tally.device_id == wall.station.device_id
        assert session.query(Tally).filter_by(role="Docent").count() == 0
    assert reopen(wall, clock).tally("Jongere", 1) == 1


def test_draft_is_written_on_flush_and_restored(wall, clock):
    wall.set_draft(Draft(text="Ouders als pedagogisch", kind="quote", role="Ouder"))
    assert wall.draft_pending
    assert wall.flush_draft()
    assert not wall.flush_draft()
    again = reopen(wall, clock)
    assert again.draft == Draft(text="Ouders als pedagogisch", kind="quote", role="Ouder")
    again.add_note("Ouders als pedagogisch partner", "quote", "Ouder")
    assert reopen(again, clock).draft == Draft(kind="quote", role="Ouder")


def test_host_pin_right_wrong_and_slowed_down(wall, clock):
    assert not wall.has_pin
    wall.set_pin("1357")
    assert wall.check_pin("1357").ok
    assert not wall.check_pin("0000").ok
    assert not wall.check_pin("0000").locked
    verdict = wall.check_pin("0000")
    assert verdict.locked and wall.pin_wait() == 10
    again = reopen(wall, clock)  # a restart does not end the wait
    assert not again.check_pin("1357").ok
    clock.advance(10)
    assert again.pin_wait() == 0 and again.check_pin("1357").ok


def test_release_table_only_without_notes(wall, clock, store):
    wall.set_pin("1357")
    wall.release_table()
    assert TableWall.open(wall.path, clock.now) is None


def test_release_refused_when_the_table_has_notes(wall):
    note = wall.add_note("blijft", "insight")
    wall.delete_note(note.id)  # even a tombstone is part of the day
    with pytest.raises(KioskError, match="Export"):
        wall.release_table()


def test_snapshot_start_then_store_opened_lazily(table_store, clock):
    store, at = table_store
    with store.begin() as session:
        add_note(session, at, text="al", kind="insight", round_number=1, x=0, y=0, now=clock.now())
    wall = TableWall.open(store.path, clock.now)
    assert wall is not None and wall._store is None
    assert [n.text for n in wall.notes] == ["al"]
    wall.add_note("nieuw", "insight")
    assert wall._store is not None
    wall.close()
