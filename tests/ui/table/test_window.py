"""The kiosk window, driven as a host would: keys, clicks and the (patched) dialogs."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QCloseEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QGraphicsItem, QWidget

from kiosk.storage.models import Note
from kiosk.table.layout import NOTE_HEIGHT, NOTE_WIDTH
from kiosk.table.wall import TableWall
from kiosk.ui.table import dialogs
from kiosk.ui.table.timer_view import TimerPanel
from kiosk.ui.table.wall_items import ClusterItem, NoteItem
from kiosk.ui.table.wall_model import QtTableWall
from kiosk.ui.table.wall_view import WallView
from kiosk.ui.table.window import KioskWindow
from tests.ui.conftest import (
    NO_TICKS,
    SilentChime,
    make_timer,
    make_window,
    record_wipe_steps,
    run_probe,
)


def type_note(qtbot, window: KioskWindow, text: str) -> None:
    window.entry.text.setFocus()
    qtbot.keyClicks(window.entry.text, text)
    qtbot.keyClick(window.entry.text, Qt.Key.Key_Return)


def stored(wall: TableWall, note_id: str) -> Note:
    with wall.transaction() as session:
        note = session.get(Note, note_id)
        session.expunge(note)
        return note


def select(window: KioskWindow, *note_ids: str) -> None:
    window.wall_view.scene().clearSelection()
    for note_id in note_ids:
        window.wall_view.note_item(note_id).setSelected(True)
    window.wall_view.setFocus()


@pytest.fixture
def pin_ok(monkeypatch):
    asked = []

    def ask(parent, reason, check, wait):
        asked.append(reason)
        return True

    monkeypatch.setattr(dialogs.PinDialog, "ask", staticmethod(ask))
    return asked


# -- the lock -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "keys",
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    ],
    ids=["Esc", "Ctrl+Q", "Ctrl+W", "Alt+F4"],
)
def test_lock_keys_do_not_close_the_kiosk(qtbot, window, keys):
    closed = []
    window.exitRequested.connect(lambda: closed.append(True))
    for target in (window.entry.text, window.wall_view):
        target.setFocus()
        qtbot.keyClick(target, keys[0], keys[1])
    assert window.isVisible() and not closed


def test_closing_the_window_is_refused_until_the_host_unlocks(qtbot, window):
    assert not window.close()  # the window manager's close button and Alt+F4 end up here
    event = QCloseEvent()
    QApplication.sendEvent(window, event)
    assert not event.isAccepted() and window.isVisible()
    assert "hostmenu" in window.status.text()
    window.unlock()
    assert window.close()


def test_exit_asks_for_the_pin(qtbot, window, monkeypatch):
    window.model.wall.set_pin("1357")
    monkeypatch.setattr(dialogs.PinDialog, "ask", staticmethod(lambda *a: False))
    with qtbot.assertNotEmitted(window.exitRequested):
        window.exit_action.trigger()
    assert not window.unlocked
    monkeypatch.setattr(dialogs.PinDialog, "ask", staticmethod(lambda *a: True))
    with qtbot.waitSignal(window.exitRequested):
        window.exit_action.trigger()
    assert window.close()


def test_a_table_without_pin_has_the_host_choose_one(qtbot, window, monkeypatch):
    assert not window.model.wall.has_pin
    monkeypatch.setattr(dialogs.NewPinDialog, "ask", staticmethod(lambda parent: "2580"))
    with qtbot.waitSignal(window.exitRequested):
        window.exit_action.trigger()
    assert window.model.wall.check_pin("2580").ok


# -- the PIN pad --------------------------------------------------------------------------------


def test_pin_pad_right_wrong_and_slowed_down(qtbot, wall, clock):
    wall.set_pin("1357")
    dialog = dialogs.PinDialog("Host-PIN om af te sluiten", wall.check_pin, wall.pin_wait)
    qtbot.addWidget(dialog)
    dialog.show()
    for _attempt in range(3):
        qtbot.keyClicks(dialog.pad, "0000")
        assert dialog.result() == 0
    assert not dialog.pad.isEnabled()
    assert "10 s" in dialog.message.text()
    qtbot.keyClicks(dialog.pad, "1357")  # the pad is off: nothing is heard
    assert dialog.pad.digits == "" and dialog.result() == 0
    clock.advance(10)
    dialog.refresh()
    assert dialog.pad.isEnabled()
    qtbot.keyClicks(dialog.pad, "1357")
    assert dialog.result() == dialogs.PinDialog.DialogCode.Accepted


def test_pin_pad_wrong_pin_says_so(qtbot, wall):
    wall.set_pin("1357")
    dialog = dialogs.PinDialog("Host-PIN", wall.check_pin, wall.pin_wait)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.pad, "12")
    qtbot.keyClick(dialog.pad, Qt.Key.Key_Backspace)
    assert dialog.pad.digits == "1"
    qtbot.keyClicks(dialog.pad, "999")
    assert dialog.message.text() == "Onjuiste PIN. Probeer het opnieuw."


# -- notes --------------------------------------------------------------------------------------


def test_enter_adds_a_committed_note_with_kind_role_and_star(qtbot, window):
    wall = window.model.wall
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    window.entry.role.setCurrentIndex(window.entry.role.findData("Ouder"))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    type_note(qtbot, window, "Vraag ouders wat ze nodig hebben")
    [note] = wall.notes
    assert (note.kind, note.role, note.starred) == ("quote", "Ouder", True)
    with sqlite3.connect(wall.path) as conn:
        assert conn.execute("SELECT text FROM notes").fetchall() == [(note.text,)]
    conn.close()
    assert isinstance(window.wall_view.note_item(note.id), NoteItem)
    assert window.entry.text.text() == "" and not window.entry.star.isChecked()
    assert window.entry.draft().kind == "quote"  # kind and role stay for the next note


def test_placeholder_says_no_names(window):
    assert window.entry.text.placeholderText() == "Typ een notitie — geen namen, alleen rollen"


def test_empty_text_adds_nothing(qtbot, window):
    type_note(qtbot, window, "   ")
    assert window.model.wall.notes == []


def test_double_click_edits(qtbot, window, monkeypatch):
    note = window.model.wall.add_note("oud", "insight")
    monkeypatch.setattr(
        dialogs.NoteDialog,
        "ask",
        staticmethod(lambda parent, setup, n: {"text": "nieuw", "kind": "question", "role": None}),
    )
    view = window.wall_view
    centre = view.mapFromScene(QPointF(note.x + NOTE_WIDTH / 2, note.y + NOTE_HEIGHT / 2))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    edited = window.model.wall.note(note.id)
    assert (edited.text, edited.kind) == ("nieuw", "question")
    assert view.note_item(note.id).note.text == "nieuw"


def test_enter_on_a_chosen_note_edits_it(qtbot, window, monkeypatch):
    note = window.model.wall.add_note("oud", "insight")
    asked = []
    monkeypatch.setattr(dialogs.NoteDialog, "ask", staticmethod(lambda *a: asked.append(a) or None))
    select(window, note.id)
    qtbot.keyClick(window.wall_view, Qt.Key.Key_Return)
    assert len(asked) == 1 and window.model.wall.note(note.id).text == "oud"


def test_delete_then_ctrl_z(qtbot, window):
    wall = window.model.wall
    note = wall.add_note("weg", "insight")
    select(window, note.id)
    qtbot.keyClick(window.wall_view, Qt.Key.Key_Delete)
    assert not wall.has_note(note.id) and stored(wall, note.id).deleted
    assert window.wall_view.note_item(note.id) is None
    assert window.undo_button.isVisible()
    qtbot.keyClick(window.wall_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert wall.has_note(note.id) and not stored(wall, note.id).deleted
    assert window.wall_view.note_item(note.id) is not None


def test_ctrl_z_in_the_entry_undoes_typing_first(qtbot, window):
    wall = window.model.wall
    note = wall.add_note("weg", "insight")
    wall.delete_note(note.id)
    window.entry.text.setFocus()
    qtbot.keyClicks(window.entry.text, "abc")
    qtbot.keyClick(window.entry.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.entry.text.text() == "" and not wall.has_note(note.id)
    qtbot.keyClick(window.entry.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert wall.has_note(note.id)


def _drag(view, start: QPoint, end: QPoint) -> None:
    viewport = view.viewport()
    left = Qt.MouseButton.LeftButton
    for kind, pos, buttons in (
        (QEvent.Type.MouseButtonPress, start, left),
        (QEvent.Type.MouseMove, start + QPoint(5, 5), left),
        (QEvent.Type.MouseMove, end, left),
        (QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton),
    ):
        global_pos = QPointF(viewport.mapToGlobal(pos))
        event = QMouseEvent(
            kind, QPointF(pos), global_pos, left, buttons, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(viewport, event)


def test_drag_moves_a_note_and_the_spot_is_kept(qtbot, window, clock):
    wall = window.model.wall
    notes = [wall.add_note(f"n{i}", "insight") for i in range(3)]
    view = window.wall_view
    first = notes[0]
    start = view.mapFromScene(QPointF(first.x + 60, first.y + 60))
    end = view.mapFromScene(QPointF(first.x + 60, first.y + 60 + 2 * (NOTE_HEIGHT + 24)))
    _drag(view, start, end)
    moved = wall.note(first.id)
    assert moved.y > first.y + NOTE_HEIGHT
    assert (stored(wall, first.id).x, stored(wall, first.id).y) == (moved.x, moved.y)
    wall.close()
    again = TableWall.open(wall.path, clock.now)
    assert (again.note(first.id).x, again.note(first.id).y) == (moved.x, moved.y)
    again.close()


def test_ctrl_arrow_moves_the_chosen_note(qtbot, window):
    wall = window.model.wall
    note = wall.add_note("schuif", "insight")
    select(window, note.id)
    qtbot.keyClick(window.wall_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert wall.note(note.id).y == note.y + NOTE_HEIGHT + 24


def test_arrow_keys_choose_neighbours(qtbot, window):
    wall = window.model.wall
    a, b = wall.add_note("a", "insight"), wall.add_note("b", "insight")
    window.wall_view.setFocus()
    qtbot.keyClick(window.wall_view, Qt.Key.Key_Right)
    assert window.wall_view.selected_note_ids() == [a.id]
    qtbot.keyClick(window.wall_view, Qt.Key.Key_Right)
    assert window.wall_view.selected_note_ids() == [b.id]
    assert "b" in window.wall_view.accessibleDescription()


def test_votes_and_star_from_the_keyboard_beat_the_timer_keys(qtbot, window):
    wall = window.model.wall
    note = wall.add_note("stem", "insight")
    timer = window.timer_panel.timer
    duration = timer.duration()
    select(window, note.id)
    for key in (Qt.Key.Key_Plus, Qt.Key.Key_Plus, Qt.Key.Key_Minus):
        qtbot.keyClick(window.wall_view, key)
    qtbot.keyClick(window.wall_view, Qt.Key.Key_S)
    assert (wall.note(note.id).votes, wall.note(note.id).starred) == (1, True)
    assert timer.duration() == duration
    window.wall_view.scene().clearSelection()
    qtbot.keyClick(window.wall_view, Qt.Key.Key_Plus)  # the wall's keys are the wall's
    assert timer.duration() == duration
    qtbot.keyClick(window, Qt.Key.Key_F9)  # to the timer: its keys act
    assert window.keys_zone == "timer"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Plus)
    assert timer.duration() == duration + 60


def test_group_rename_put_in_and_take_out(qtbot, window, monkeypatch):
    wall = window.model.wall
    notes = [wall.add_note(f"n{i}", "insight") for i in range(3)]
    labels = iter(["Samen doen", "Samen verder"])
    monkeypatch.setattr(dialogs.LabelDialog, "ask", staticmethod(lambda *a: next(labels)))
    select(window, notes[0].id, notes[1].id)
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    [cluster] = wall.clusters
    assert cluster.label == "Samen doen"
    assert isinstance(window.wall_view.cluster_item(cluster.id), ClusterItem)
    assert {n.id for n in wall.members(cluster.id)} == {notes[0].id, notes[1].id}
    window.wall_view.scene().clearSelection()
    window.wall_view.cluster_item(cluster.id).setSelected(True)
    qtbot.keyClick(window.wall_view, Qt.Key.Key_F2)
    assert wall.cluster(cluster.id).label == "Samen verder"
    window.wall_view.putInClusterRequested.emit([notes[2].id], cluster.id)
    assert wall.note(notes[2].id).cluster_id == cluster.id
    select(window, notes[2].id)
    qtbot.keyClick(
        window,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert wall.note(notes[2].id).cluster_id is None


def test_dragging_a_group_takes_its_notes_along(qtbot, window, monkeypatch):
    wall = window.model.wall
    notes = [wall.add_note(f"n{i}", "insight") for i in range(2)]
    monkeypatch.setattr(dialogs.LabelDialog, "ask", staticmethod(lambda *a: "Groep"))
    window.group_notes([n.id for n in notes])
    [cluster] = wall.clusters
    before = {n.id: (n.x, n.y) for n in wall.members(cluster.id)}
    view = window.wall_view
    window.wall_view.auto_fit = False
    start = view.mapFromScene(QPointF(cluster.x + 60, cluster.y + 30))
    end = view.mapFromScene(QPointF(cluster.x + 60 + 400, cluster.y + 30))
    _drag(view, start, end)
    dx = wall.cluster(cluster.id).x - cluster.x
    assert dx > 300
    for member in wall.members(cluster.id):
        assert member.x == pytest.approx(before[member.id][0] + dx)
        assert view.note_item(member.id).x() == pytest.approx(member.x)


def test_filter_by_round(qtbot, window):
    wall = window.model.wall
    first = wall.add_note("ronde 1", "insight")
    wall.set_round(2)
    second = wall.add_note("ronde 2", "insight")
    window.round_filter.setCurrentIndex(window.round_filter.findData(2))
    view = window.wall_view
    assert not view.note_item(first.id).isVisible() and view.note_item(second.id).isVisible()
    rebuilt = WallView(window.model)  # as after a change of language: the filter stays
    qtbot.addWidget(rebuilt)
    assert not rebuilt.note_item(first.id).isVisible() and rebuilt.note_item(second.id).isVisible()
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.round_filter.currentData() is None and view.note_item(first.id).isVisible()


def test_tally_counts_participants_of_the_current_round(qtbot, window):
    wall = window.model.wall
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert window.tally_box.isVisible()
    qtbot.mouseClick(window.tally.buttons[("Jongere", +1)], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.tally.buttons[("Jongere", +1)], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.tally.buttons[("Ouder", +1)], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.tally.buttons[("Jongere", -1)], Qt.MouseButton.LeftButton)
    assert window.tally.counts["Jongere"].text() == "1"
    assert window.tally.title.text() == "Deelnemers in ronde 1: 2"
    with sqlite3.connect(wall.path) as conn:
        rows = conn.execute("SELECT role, count FROM tallies ORDER BY role").fetchall()
    conn.close()
    assert rows == [("Jongere", 1), ("Ouder", 1)]


def test_timer_round_is_the_round_of_new_notes(qtbot, window, monkeypatch):
    monkeypatch.setattr("kiosk.ui.table.timer_view.ask", lambda parent, question: True)
    panel = window.timer_panel
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert window.model.wall.current_round == 2
    note = window.model.wall.add_note("tweede ronde", "insight")
    assert note.round_number == 2
    assert window.model.wall.timer_state["round"] == 2


def test_a_long_note_opens_on_click(qtbot, window):
    text = " ".join(["Het samenwerkingsverband gebruikt de uitkomsten als basis."] * 4)
    note = window.model.wall.add_note(text, "insight")
    item = window.wall_view.note_item(note.id)
    assert item.shortened and not item.opened
    closed_height = item.boundingRect().height()
    view = window.wall_view
    centre = view.mapFromScene(QPointF(note.x + 40, note.y + 40))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert item.opened and item.boundingRect().height() > closed_height
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not item.opened and window.isVisible()


def test_export_waits_for_its_handler(qtbot, window):
    assert not window.export_action.isEnabled()
    assert window.export_action.toolTip()
    calls = []
    window.set_export_handler(lambda: calls.append(True))
    window.export_action.trigger()
    assert calls == [True]


def test_settings_change_language_behind_the_pin(qtbot, window, pin_ok, monkeypatch):
    window.model.wall.set_pin("1357")
    monkeypatch.setattr(
        dialogs.SettingsDialog,
        "ask",
        staticmethod(lambda parent, language: dialogs.SettingsChoice("en", new_pin=False)),
    )
    with qtbot.waitSignal(window.languageChosen) as signal:
        window.settings_action.trigger()
    assert signal.args == ["en"] and pin_ok == ["Host-PIN voor de instellingen"]
    assert window.model.wall.language == "en"


def test_switch_table_only_without_notes(qtbot, window, pin_ok, monkeypatch):
    """Refused before the PIN and the question, in a box that stays until read (issue 13)."""
    window.model.wall.set_pin("1357")
    asked, told = [], []
    monkeypatch.setattr(dialogs.Confirm, "ask", staticmethod(lambda *a: asked.append(a)))
    monkeypatch.setattr(dialogs.Notice, "show_text", staticmethod(lambda p, t: told.append(t)))
    note = window.model.wall.add_note("blijft", "insight")
    with qtbot.assertNotEmitted(window.tableReleased):
        window.switch_action.trigger()
    assert pin_ok == [] and asked == []
    assert len(told) == 1 and "Exporteer" in told[0]
    assert window.model.wall.has_note(note.id)


def test_switch_table_releases_an_empty_table(qtbot, window, pin_ok, monkeypatch, clock):
    window.model.wall.set_pin("1357")
    monkeypatch.setattr(dialogs.Confirm, "ask", staticmethod(lambda *a: True))
    with qtbot.waitSignal(window.tableReleased):
        window.switch_action.trigger()
    assert TableWall.open(window.model.wall.path, clock.now) is None


def test_draft_is_kept_and_comes_back(qtbot, window, clock):
    wall = window.model.wall
    window.entry.text.setFocus()
    qtbot.keyClicks(window.entry.text, "Ouders als pedagogisch partner")
    assert window.draft_timer.isActive()
    window.draft_timer.timeout.emit()  # the debounce, without waiting for it
    wall.close()
    again = TableWall.open(wall.path, clock.now)
    assert again.draft.text == "Ouders als pedagogisch partner"
    second = make_window(qtbot, again, clock)
    assert second.entry.text.text() == "Ouders als pedagogisch partner"


def test_restart_restores_wall_and_timer(qtbot, window, clock):
    wall = window.model.wall
    notes = [wall.add_note(f"n{i}", "insight") for i in range(4)]
    wall.move_note(notes[0].id, 1500.0, 900.0)
    panel = window.timer_panel
    qtbot.keyClick(window, Qt.Key.Key_F9)  # to the timer
    qtbot.keyClick(panel, Qt.Key.Key_Space)  # start the round
    clock.advance(600)
    qtbot.mouseClick(panel.plus_five_button, Qt.MouseButton.LeftButton)
    remaining = panel.timer.remaining()
    wall.close()
    clock.advance(30)  # the laptop restarts
    again = TableWall.open(wall.path, clock.now)
    second = make_window(qtbot, again, clock)
    assert [n.id for n in again.notes] == [n.id for n in notes]
    assert (again.note(notes[0].id).x, again.note(notes[0].id).y) == (1500.0, 900.0)
    assert second.wall_view.note_item(notes[0].id).pos() == QPointF(1500.0, 900.0)
    assert second.timer_panel.timer.running
    assert second.timer_panel.timer.remaining() == pytest.approx(remaining - 30)


def test_building_the_window_opens_no_stray_windows(qtbot, wall, clock):
    """Nothing shows up on screen by itself while the kiosk window is being put together."""
    shown = []

    class Spy(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
                shown.append(obj.objectName() or type(obj).__name__)
            return False

    spy = Spy()
    QApplication.instance().installEventFilter(spy)
    try:
        window = make_window(qtbot, wall, clock)
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert shown == ["KioskWindow"]
    assert window.next_question.isVisible() and window.previous_question.isVisible()


LAUNCH_PROBE = """
import os, sys
from pathlib import Path
from kiosk.ui import app

def first_paint(self):
    import PySide6.QtWidgets as widgets
    print(" ".join(k for k, v in vars(widgets).items() if isinstance(v, type)), flush=True)
    os._exit(0)

app.Kiosk._first_paint = first_paint
app.run_kiosk(Path(sys.argv[1]), windowed=True)
"""


def test_the_first_frame_makes_only_the_widget_classes_it_uses(wall):
    """PySide6 makes each class on first use. A widget that Qt made by itself, once handed to
    Python (the wall's viewport, to every note's paint), makes them all: about 7 ms at launch."""
    for number in range(3):
        wall.add_note(f"notitie {number}", "insight")
    output = run_probe(LAUNCH_PROBE, str(wall.path))
    made = set(output.split())
    assert {"QGraphicsView", "QLineEdit", "QStyleOptionGraphicsItem"} <= made  # painted notes
    assert not made & {"QCalendarWidget", "QFileDialog", "QMdiArea", "QWizard", "QTreeView"}


def test_what_the_first_frame_does_not_show_is_built_right_after_it(qtbot, wall, clock):
    wall.add_note("er staat al iets", "insight")
    panel = TimerPanel(make_timer(wall, clock), chime=SilentChime(), tick_ms=NO_TICKS)
    window = KioskWindow(QtTableWall(wall), panel)
    qtbot.addWidget(window, before_close_func=lambda w: w.unlock())
    window.set_export_handler(lambda: None, "naar de stick")
    assert not window.finished and not window.actions() and not panel.shortcuts
    items = [window.wall_view.note_item(n.id) for n in wall.notes]
    assert items and all(i.cacheMode() == QGraphicsItem.CacheMode.NoCache for i in items)
    window.show()
    qtbot.waitUntil(lambda: window.finished)
    assert window.lock_action in window.actions()
    assert window.host_button.menu() is window.host_menu
    assert window.export_action.isEnabled() and window.export_action.toolTip() == "naar de stick"
    assert window.entry.text.isClearButtonEnabled()
    assert panel.shortcuts and "(Spatiebalk)" in panel.start_button.toolTip()  # Qt's Dutch
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    assert all(i.cacheMode() == cached for i in items)
    assert window.model.wall.add_note("daarna", "insight")
    assert window.wall_view.note_item(window.model.wall.notes[-1].id).cacheMode() == cached
    window.finish()  # harmless when repeated
    assert window.actions().count(window.lock_action) == 1


def test_a_window_that_is_never_painted_is_finished_all_the_same(qtbot, wall, clock):
    panel = TimerPanel(make_timer(wall, clock), chime=SilentChime(), tick_ms=NO_TICKS)
    window = KioskWindow(QtTableWall(wall), panel)
    qtbot.addWidget(window, before_close_func=lambda w: w.unlock())
    qtbot.waitUntil(lambda: window.finished, timeout=5_000)  # never shown, so never painted
    assert window.lock_action in window.actions() and panel.shortcuts


def test_participant_counters_are_made_when_first_shown(qtbot, window):
    assert window._tally is None
    qtbot.keyClick(window.entry.text, Qt.Key.Key_F7)
    assert window.tally_box.isVisible() and window._tally is window.tally
    assert window.tally.isVisible()


def test_header_texts_are_shortened_only_when_they_do_not_fit(qtbot, wall, clock):
    """Sized before it is shown (as the kiosk is, full screen), the header still uses its room."""
    panel = TimerPanel(make_timer(wall, clock), chime=SilentChime(), tick_ms=NO_TICKS)
    window = KioskWindow(QtTableWall(wall), panel)
    qtbot.addWidget(window, before_close_func=lambda w: w.unlock())
    window.setGeometry(0, 0, 1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.finished)
    setup = wall.setup
    assert window.title.text() == f"Tafel {setup.table_number} · {setup.theme_title}"
    assert window.question.text().startswith("Vraag 1/3: " + setup.questions[0][:20])
    window.resize(700, 768)  # now it does not fit: shortened, the whole text in the tooltip
    qtbot.waitUntil(lambda: window.question.text().endswith("…"))
    assert setup.questions[0] in window.question.toolTip()


def test_guiding_questions_step_with_f3_and_shift_f3(qtbot, window):
    questions = window.model.wall.setup.questions
    assert len(questions) > 1
    assert questions[0] in window.question.toolTip()
    qtbot.keyClick(window.entry.text, Qt.Key.Key_F3)
    assert questions[1] in window.question.toolTip()
    qtbot.keyClick(window.entry.text, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.entry.text, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert questions[-1] in window.question.toolTip()  # round and round


def test_every_header_control_has_a_name_or_text(window):
    for widget in (
        window.round_filter,
        window.fit_button,
        window.group_button,
        window.tally_button,
        window.host_button,
        window.entry.text,
        window.entry.role,
        window.entry.star,
        window.wall_view,
    ):
        assert widget.accessibleName() or widget.text()


def test_readable_from_three_metres_at_1366x768(qtbot, wall, clock):
    """30 notes zoomed to fit: note text at least about 20 px; timer digits at least 12%."""
    import csv

    from kiosk.core import resources

    with resources.path("demo", "wall.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            wall.add_note(row["text"], row["kind"], row["role"] or None)
    window = make_window(qtbot, wall, clock, size=(1366, 768))
    window.wall_view.fit_all()
    scale = window.wall_view.scale_factor()
    assert len(wall.notes) == 30
    sizes = window.wall_view.look.sizes
    assert sizes.text[-1] * scale >= 20 and sizes.role * scale >= 14
    assert window.timer_panel.view.digit_height() >= 0.12 * 768


def exported_and_merged(window: KioskWindow, tmp_path, clock):
    """The table's export merged by the organiser: the receipt it leaves beside the file."""
    from kiosk.exchange.export import export_table
    from kiosk.exchange.merge import merge_file
    from kiosk.storage.store import open_store

    clock.advance(5)
    stick = tmp_path / "stick"
    stick.mkdir(exist_ok=True)
    result = export_table(window.model.wall.store(), stick, clock=clock.now)
    with open_store(tmp_path / "archive.sqlite") as archive:
        merged = merge_file(archive, result.path, clock=clock.now)
    assert merged.receipt is not None
    return merged.receipt


def test_wipe_with_the_organisers_receipt(qtbot, window, monkeypatch, clock, tmp_path):
    """The receipt is asked and checked first, then the PIN, then the last question."""
    wall = window.model.wall
    wall.set_pin("1357")
    wall.add_note("Geheime opmerking over een leerling", "insight")
    receipt = exported_and_merged(window, tmp_path, clock)
    steps = record_wipe_steps(monkeypatch, receipt)
    with qtbot.waitSignal(window.tableReleased):
        window.wipe_action.trigger()
    assert steps == [
        ("receipt",),
        ("pin", "Host-PIN om deze laptop te wissen"),
        (
            "confirm",
            "Alle notities van tafel 1 definitief van deze laptop verwijderen? Het "
            "ontvangstbewijs van de organisator laat zien dat zij ze hebben.",
        ),
        (
            "notice",
            "Tafel 1 is van deze laptop gewist: 1 notities en 0 groepen verwijderd. "
            "Het archief van de organisator bewaart ze.",
        ),
    ]
    assert TableWall.open(wall.path, clock.now) is None
    for path in wall.path.parent.glob(wall.path.name + "*"):
        assert b"Geheime opmerking" not in path.read_bytes()


def test_wipe_cancelled_at_the_last_question_keeps_everything(
    qtbot, window, monkeypatch, clock, tmp_path
):
    wall = window.model.wall
    wall.set_pin("1357")
    note = wall.add_note("Blijft staan", "insight")
    receipt = exported_and_merged(window, tmp_path, clock)
    steps = record_wipe_steps(monkeypatch, receipt, confirm=False)
    with qtbot.assertNotEmitted(window.tableReleased):
        window.wipe_action.trigger()
    assert [step[0] for step in steps] == ["receipt", "pin", "confirm"]
    assert wall.has_note(note.id)


def test_wipe_refused_after_a_later_note(qtbot, window, monkeypatch, clock, tmp_path):
    """Known without a receipt: refused at once, before the receipt or the PIN is asked."""
    wall = window.model.wall
    wall.set_pin("1357")
    exported_and_merged(window, tmp_path, clock)
    clock.advance(5)
    note = wall.add_note("Nog na de export geschreven", "insight")
    steps = record_wipe_steps(monkeypatch, None)
    with qtbot.assertNotEmitted(window.tableReleased):
        window.wipe_action.trigger()
    assert steps == [
        (
            "notice",
            "Er is niets gewist: de wand is na de laatste export veranderd; exporteer opnieuw, "
            "laat die inlezen en wis daarna met het nieuwe ontvangstbewijs.",
        )
    ]
    assert window.status_bar.isHidden()
    assert wall.has_note(note.id)
    assert TableWall.open(wall.path, clock.now) is not None


def test_wipe_refused_before_any_export_without_asking(qtbot, window, monkeypatch):
    wall = window.model.wall
    wall.add_note("Nooit geexporteerd", "insight")
    steps = record_wipe_steps(monkeypatch, None)
    window.wipe_action.trigger()
    assert steps == [
        (
            "notice",
            "Er is niets gewist: deze laptop heeft nog niets geëxporteerd; maak eerst een export.",
        )
    ]


def test_a_receipt_for_another_export_is_refused_before_the_pin(
    qtbot, window, monkeypatch, clock, tmp_path
):
    """The receipt of an earlier export: refused as soon as it is chosen, no PIN asked."""
    from kiosk.exchange.export import export_table

    wall = window.model.wall
    wall.add_note("Eerste", "insight")
    earlier = exported_and_merged(window, tmp_path, clock)
    wall.add_note("Tweede", "insight")
    clock.advance(5)
    export_table(wall.store(), tmp_path / "stick", clock=clock.now)  # not merged yet
    steps = record_wipe_steps(monkeypatch, earlier)
    with qtbot.assertNotEmitted(window.tableReleased):
        window.wipe_action.trigger()
    assert [step[0] for step in steps] == ["receipt", "notice"]
    assert steps[1][1].startswith("Er is niets gewist: bevestigt export ")
    assert len(wall.notes) == 2
