"""Groups laid out, not drawn over (issue 13, problem 3): geometry of the model, no display."""

from __future__ import annotations

import itertools

import pytest

from kiosk.table import layout
from kiosk.table.layout import NOTE_HEIGHT, NOTE_WIDTH
from kiosk.table.wall import TableWall

LABEL = 72.0  # the label band of a group


def overlaps(a, b) -> bool:
    eps = 1e-6
    return a[0] < b[2] - eps and b[0] < a[2] - eps and a[1] < b[3] - eps and b[1] < a[3] - eps


def note_box(note):
    return note.x, note.y, note.x + NOTE_WIDTH, note.y + NOTE_HEIGHT


def cluster_box(cluster):
    return cluster.x, cluster.y, cluster.x + cluster.width, cluster.y + cluster.height


def frames_hold_exactly_their_notes(wall: TableWall) -> None:
    """Every frame encloses its notes below its label, and nothing else overlaps anything."""
    for cluster in wall.clusters:
        box = cluster_box(cluster)
        members = wall.members(cluster.id)
        assert (cluster.width, cluster.height) == layout.group_size(len(members))
        for note in members:
            left, top, right, bottom = note_box(note)
            assert box[0] <= left and right <= box[2] and bottom <= box[3]
            assert top >= cluster.y + LABEL  # below the label band
    for a, b in itertools.combinations(wall.clusters, 2):
        assert not overlaps(cluster_box(a), cluster_box(b)), (a.label, b.label)
    for note in wall.notes:
        for cluster in wall.clusters:
            if note.cluster_id != cluster.id:
                assert not overlaps(note_box(note), cluster_box(cluster)), cluster.label
    for a, b in itertools.combinations(wall.notes, 2):
        assert not overlaps(note_box(a), note_box(b))


def notes(wall: TableWall, count: int, start: int = 0) -> list[str]:
    return [wall.add_note(f"notitie {start + i}", "insight").id for i in range(count)]


def test_put_in_group_grows_it_without_covering_another_group(wall):
    ids = notes(wall, 12)
    rust = wall.create_cluster("Rust", ids[:2])
    wall.create_cluster("Pauze", ids[2:4])
    wall.put_in_cluster(ids[4:10], rust.id)  # the menu's "Put in group → Rust"
    assert len(wall.members(rust.id)) == 8
    frames_hold_exactly_their_notes(wall)


def test_taking_notes_out_shrinks_the_frame(wall):
    ids = notes(wall, 6)
    group = wall.create_cluster("Rust", ids)
    before = wall.cluster(group.id)
    wall.take_out_of_cluster(ids[:4])  # Ctrl+Shift+G
    after = wall.cluster(group.id)
    assert after.width < before.width or after.height < before.height
    assert (after.width, after.height) == layout.group_size(2)
    frames_hold_exactly_their_notes(wall)


def test_new_notes_never_land_on_a_group(wall):
    ids = notes(wall, 5)
    wall.create_cluster("Rust", ids[1:4])
    notes(wall, 20, start=5)
    frames_hold_exactly_their_notes(wall)


def test_imported_notes_never_land_on_a_group(wall, tmp_path, demo_plan, clock):
    from kiosk.table.notes_csv import import_notes, read_notes_csv
    from kiosk.table.snapshot import read_snapshot

    ids = notes(wall, 4)
    wall.create_cluster("Rust", ids[:3])
    source = tmp_path / "notes.csv"
    rows = "".join(f"1,insight,,0,geimporteerd {i}\n" for i in range(12))
    source.write_text("round,kind,role,starred,text\n" + rows, encoding="utf-8")
    with wall.transaction() as session:
        import_notes(session, wall.station, read_notes_csv(source, demo_plan).rows, clock.now())
    reopened = TableWall(read_snapshot(wall.path), clock.now, store=wall.store())
    frames_hold_exactly_their_notes(reopened)


def test_a_note_dragged_into_a_group_sits_below_its_label(wall):
    ids = notes(wall, 4)
    group = wall.create_cluster("Rust", ids[:2])
    # dropped with its centre just inside the frame, over the label band
    wall.move_note(ids[3], group.x + 10, group.y - NOTE_HEIGHT / 2 + 20)
    moved = wall.note(ids[3])
    assert moved.cluster_id == group.id
    frames_hold_exactly_their_notes(wall)


def test_tidy_up_lays_everything_out_and_is_undone_in_one_step(wall):
    ids = notes(wall, 14)
    wall.create_cluster("Rust", ids[:3])
    wall.create_cluster("Pauze", ids[3:8])
    wall.move_note(ids[10], 5000, 3000)  # a note dragged far away
    wall.move_note(ids[11], 30, 20)  # and one dropped on top of others
    before = {n.id: (n.x, n.y) for n in wall.notes}
    wall.tidy_up()
    frames_hold_exactly_their_notes(wall)
    assert max(n.x for n in wall.notes) < 5000
    assert wall.undo()
    assert {n.id: (n.x, n.y) for n in wall.notes} == before
    assert wall.redo()
    frames_hold_exactly_their_notes(wall)


def test_undo_and_redo_of_a_delete(wall):
    (note,) = notes(wall, 1)
    wall.delete_note(note)
    assert wall.undo() and wall.has_note(note)
    assert wall.redo() and not wall.has_note(note)
    assert wall.undo() and wall.has_note(note)


@pytest.mark.parametrize(("cells", "columns"), [(1, 1), (4, 2), (30, 6)])
def test_the_wall_grows_to_the_shape_of_the_screen(cells, columns):
    assert layout.columns_for(cells, 910 / 560) == columns


def test_tidy_plan_shelves_never_overlap():
    plan = layout.tidy([("g1", ["a", "b", "c"]), ("g2", ["d"])], [f"n{i}" for i in range(9)])
    boxes = [(g.x, g.y, g.x + g.width, g.y + g.height) for g in plan.groups.values()]
    free = [(x, y, x + NOTE_WIDTH, y + NOTE_HEIGHT) for i, (x, y) in plan.notes.items() if "n" in i]
    for a, b in itertools.combinations(boxes + free, 2):
        assert not overlaps(a, b)


@pytest.mark.parametrize(
    ("scale", "text_px", "role_px"),
    [(0.57, 20, 14), (0.39, 16, 14), (1.5, 20, 14)],
    ids=["30 notes", "60 notes", "4 notes"],
)
def test_type_sizes_stay_readable_at_the_zoom(scale, text_px, role_px):
    sizes = layout.type_sizes(scale)
    assert min(sizes.text) * scale >= text_px
    assert sizes.role * scale >= role_px
