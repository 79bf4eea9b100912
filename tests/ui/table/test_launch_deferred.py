"""What the first frame does not show is made on first use, and works the first time."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import make_window


def test_first_frame_makes_no_message_bar_or_counter_sheet(qtbot, wall, clock):
    window = make_window(qtbot, wall, clock)
    assert window._status_bar is None and window._tally_box is None


def test_first_message_after_launch_shows_with_its_undo_button(qtbot, wall, clock):
    note = wall.add_note("weg", "insight")
    window = make_window(qtbot, wall, clock)
    assert window._status_bar is None
    window.wall_view.note_item(note.id).setSelected(True)
    window.wall_view.setFocus()
    qtbot.keyClick(window.wall_view, Qt.Key.Key_Delete)  # says so, and offers to undo it
    assert not wall.has_note(note.id)
    assert window.status_bar.isVisible() and window.status.text()
    assert window.undo_button.isVisible()
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert wall.has_note(note.id) and not window.undo_button.isVisible()


def test_first_message_without_undo_shows_no_undo_button(qtbot, wall, clock):
    window = make_window(qtbot, wall, clock)
    window.say("Hallo")
    assert window.status_bar.isVisible() and window.status.text() == "Hallo"
    assert not window.undo_button.isVisible()


def test_participant_counters_open_with_f7_on_first_use(qtbot, wall, clock):
    window = make_window(qtbot, wall, clock)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert window.tally_box.isVisible() and window.tally.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert not window.tally_box.isVisible()
