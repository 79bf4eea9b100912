"""A full wall's first frame: its notes drawn as one sketch, then as items of their own, with the
same pixels (issues 12 and 13: launch within 1.5x of a bare PySide6 window)."""

from __future__ import annotations

from kiosk.table.wall import TableWall
from kiosk.ui.table.wall_model import QtTableWall
from kiosk.ui.table.wall_view import WallView


def fill(wall: TableWall, count: int) -> list[str]:
    kinds = [kind.key for kind in wall.setup.kinds]
    return [wall.add_note(f"notitie {i}", kinds[i % len(kinds)]).id for i in range(count)]


def shown(qtbot, wall: TableWall, size: tuple[int, int] = (900, 600)) -> WallView:
    view = WallView(QtTableWall(wall), sketch_first=True)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_a_full_wall_is_sketched_then_drawn_by_its_notes_pixel_for_pixel(qtbot, wall):
    ids = fill(wall, 200)
    first = wall.note(ids[0])
    wall.move_note(ids[1], first.x + 40, first.y + 30)  # overlapping: the later one on top
    view = shown(qtbot, wall)
    assert view.sketching  # zoomed out to fit: every note a card with grey bars
    sketched = view.viewport().grab().toImage()
    assert view.note_item(ids[0]) is not None  # looking at a note makes the items
    assert not view.sketching and len(view.visible_items()) == 200
    assert view.viewport().grab().toImage() == sketched


def test_the_first_frame_of_a_full_wall_is_the_sketch_and_the_items_follow_it(qtbot, wall):
    fill(wall, 200)
    view = shown(qtbot, wall)
    assert view.sketching
    view.finish()  # right after the first frame
    assert not view.sketching and len(view.visible_items()) == 200


def test_notes_large_enough_to_read_are_never_sketched(qtbot, wall):
    """The sketch draws no text: a wall zoomed in that far shows its notes themselves."""
    fill(wall, 3)
    view = shown(qtbot, wall)
    assert not view.sketching and len(view.visible_items()) == 3


def test_changing_the_round_shown_while_sketched_shows_the_notes_of_that_round(qtbot, wall):
    fill(wall, 150)
    wall.set_round(2)
    later = fill(wall, 50)
    view = shown(qtbot, wall)
    assert view.sketching
    wall.set_filter(2)
    assert not view.sketching
    assert sorted(item.note.id for item in view.visible_items()) == sorted(later)


def test_a_note_added_while_sketched_gets_one_item_like_every_other(qtbot, wall):
    fill(wall, 200)
    view = shown(qtbot, wall)
    assert view.sketching
    added = wall.add_note("nieuw", wall.setup.kinds[0].key)
    assert not view.sketching
    items = [item for item in view.scene().items() if hasattr(item, "note")]
    assert len(items) == 201 and [i for i in items if i.note.id == added.id] == [
        view.note_item(added.id)
    ]
