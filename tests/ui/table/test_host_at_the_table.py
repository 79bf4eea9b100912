"""Issue 13: the kiosk in a host's hands. One section per problem the issue numbers."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.core import resources
from kiosk.table.layout import NOTE_HEIGHT
from kiosk.table.wall import Draft, TableWall
from kiosk.ui.table import dialogs, timer_view, wall_items
from tests.ui.conftest import make_window, record_wipe_steps

SENTENCES = [
    "Leerlingen willen vaker een vertrouwenspersoon in de school die ze zelf kunnen kiezen.",
    "Ouders als pedagogisch partner: vraag wat zij thuis zien en neem dat serieus mee.",
    "Geef de jongerenraad een vaste plek in het overleg van het samenwerkingsverband.",
    "Specialistische hulp moet dichter bij de klas komen, niet alleen op afspraak.",
]


def demo_rows() -> list[dict[str, str]]:
    with resources.path("demo", "wall.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def type_into_focus(qtbot, text: str) -> None:
    """Type as a host does: into whatever has the keyboard now."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def click_note(qtbot, window, note_id: str) -> None:
    view = window.wall_view
    item = view.note_item(note_id)
    pos = view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


# -- 1. typed text never goes to shortcuts after a click ----------------------------------------


@pytest.fixture
def reset_asked(monkeypatch):
    asked = []
    monkeypatch.setattr(timer_view, "ask", lambda parent, question: asked.append(question))
    return asked


def test_after_a_click_on_a_kind_typing_lands_in_the_entry(qtbot, window, reset_asked):
    qtbot.mouseClick(window.entry.kind_buttons[1], Qt.MouseButton.LeftButton)  # "Uitspraak"
    type_into_focus(qtbot, "Meer pauze, rust")
    assert window.entry.text.text() == "Meer pauze, rust"
    assert not window.timer_panel.timer.started and reset_asked == []


def test_after_choosing_a_role_with_the_mouse_typing_lands_in_the_entry(qtbot, window):
    role = window.entry.role
    role.setFocus(Qt.FocusReason.MouseFocusReason)
    role.setCurrentIndex(2)
    role.activated.emit(2)
    type_into_focus(qtbot, "Meer pauze")
    assert window.entry.text.text() == "Meer pauze"
    assert not window.timer_panel.timer.started


def test_after_a_click_on_a_note_typing_lands_in_the_entry(qtbot, window, reset_asked):
    wall = window.model.wall
    note = wall.add_note("Een notitie", "insight")
    click_note(qtbot, window, note.id)
    assert window.wall_view.selected_note_ids() == [note.id]
    type_into_focus(qtbot, "rust + stilte s")
    assert window.entry.text.text() == "rust + stilte s"
    assert (wall.note(note.id).votes, wall.note(note.id).starred) == (0, False)
    assert not window.timer_panel.timer.started and reset_asked == []


def test_f8_gives_the_wall_its_keys_and_shows_it(qtbot, window):
    wall = window.model.wall
    note = wall.add_note("Een notitie", "insight")
    click_note(qtbot, window, note.id)  # a click gives the wall the focus, not the keys
    assert window.keys_zone == "entry" and not window.wall_view.keys_active
    qtbot.keyClick(window.wall_view, Qt.Key.Key_F8)
    assert window.keys_zone == "wall" and window.wall_view.keys_active
    window.wall_view.scene().clearSelection()
    qtbot.keyClick(window.wall_view, Qt.Key.Key_Right)
    qtbot.keyClick(window.wall_view, Qt.Key.Key_Plus)
    assert wall.note(note.id).votes == 1
    window.wall_view.scene().clearSelection()
    qtbot.keyClick(window.wall_view, Qt.Key.Key_Escape)  # nothing to close: back to typing
    assert QApplication.focusWidget() is window.entry.text
    assert not window.wall_view.keys_active


def test_role_by_keyboard_and_it_says_it_stays(qtbot, window):
    entry = window.entry
    assert entry.role_kept.isHidden()
    qtbot.keyClick(entry.text, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert entry.role.currentData() == window.model.wall.setup.roles[1]
    assert not entry.role_kept.isHidden()
    qtbot.keyClicks(entry.text, "Notitie")
    qtbot.keyClick(entry.text, Qt.Key.Key_Return)
    assert entry.role.currentData() == window.model.wall.setup.roles[1]
    qtbot.keyClick(entry.text, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert entry.role.currentData() is None and entry.role_kept.isHidden()


# -- 2. notes readable across the table ---------------------------------------------------------


def test_four_notes_on_an_empty_wall_show_their_whole_text(qtbot, window):
    wall = window.model.wall
    ids = [wall.add_note(text, "insight").id for text in SENTENCES]
    window.wall_view.zoom_to_fit()
    assert not any(window.wall_view.note_item(i).shortened for i in ids)
    view = window.wall_view
    used = view.mapFromScene(view.content_rect()).boundingRect()
    assert used.width() >= 0.75 * view.viewport().width()  # the wall fills its width


def wall_of(wall: TableWall, count: int, groups: int = 0) -> None:
    rows = demo_rows()
    ids = []
    for i in range(count):
        row = rows[i % len(rows)]
        ids.append(wall.add_note(row["text"], row["kind"], row["role"] or None).id)
    for g in range(groups):
        wall.create_cluster(f"Groep {g + 1}", ids[g * 3 : g * 3 + 3])


@pytest.mark.parametrize(
    ("count", "groups", "tidied", "text_px", "role_px"),
    [
        (30, 0, False, 20, 14),
        (30, 3, False, 20, 14),
        (30, 3, True, 20, 14),
        (37, 3, True, 18, 14),
        (60, 0, False, 16, 14),
    ],
    ids=[
        "30 notes",
        "30 notes, 3 groups",
        "30 notes, 3 groups, tidied",
        "37 notes, 3 groups, tidied",
        "60 notes",
    ],
)
def test_note_text_size_on_a_1366x768_screen(
    qtbot, wall, clock, count, groups, tidied, text_px, role_px
):
    window = make_window(qtbot, wall, clock, size=(1366, 768))
    wall_of(wall, count, groups)
    if tidied:
        qtbot.keyClick(window.entry.text, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    view = window.wall_view
    scale = view.scale_factor()
    assert min(view.look.sizes.text) * scale >= text_px
    assert view.look.sizes.role * scale >= role_px


def test_dutch_words_break_only_where_dutch_hyphenates(qapp):
    text = "Specialistische pedagogische ondersteuning via de Jongerenraad"
    soft = "\u00ad"
    block = wall_items.note_text(text, 200, 600, 200, (40,))
    shown = block.layout.text()
    breaks = []
    for i in range(block.layout.lineCount()):
        line = block.layout.lineAt(i)
        end = line.textStart() + line.textLength()
        if 0 < end < len(shown) and shown[end - 1] not in " " + soft:
            breaks.append(shown[:end])
    assert breaks == []  # every line ends at a space or at a Dutch hyphenation point
    words = shown.replace(soft, "|")
    assert "Spe|ci|a|lis|ti|sche" in words and "Jon|ge|ren|raad" in words
    assert not block.shortened


def test_hyphenation_points_are_only_used_when_a_word_is_too_wide(qapp):
    font = wall_items.style.font(30)
    block = wall_items._layout("Ouders als pedagogisch partner", font, 600, 200, 600)
    assert "\u00ad" not in block.layout.text()


def test_an_opened_note_at_the_right_edge_stays_inside_the_wall(qtbot, window):
    wall = window.model.wall
    ids = [wall.add_note(f"kort {i}", "insight").id for i in range(7)]
    long_text = " ".join([SENTENCES[0]] * 5)
    wall.edit_note(ids[-1], text=long_text)
    view = window.wall_view
    view.zoom_to_fit()
    rightmost = max(ids, key=lambda i: wall.note(i).x)
    wall.edit_note(rightmost, text=long_text)
    item = view.note_item(rightmost)
    click_note(qtbot, window, rightmost)
    assert item.opened
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(item.sceneBoundingRect().adjusted(4, 4, -4, -4))
    assert not item._text(True).shortened  # its whole text
    assert min(view.look.sizes.text) * view.scale_factor() >= 16


def test_read_aloud_shows_the_chosen_note_large(qtbot, window):
    wall = window.model.wall
    note = wall.add_note(SENTENCES[1], "quote", wall.setup.roles[0])
    window.wall_view.select_note(note.id)
    qtbot.keyClick(window.wall_view, Qt.Key.Key_F5)
    reader = window.wall_view.reader
    assert reader is not None and reader.isVisible()
    assert reader.shown.text == SENTENCES[1] and wall.setup.roles[0] in reader.shown.footer
    assert reader.text_size() >= 40
    qtbot.keyClick(reader, Qt.Key.Key_Escape)
    assert window.wall_view.reader is None


# -- 3. groups never overlap (on screen too) ----------------------------------------------------


def test_put_in_group_from_the_menu_never_covers_another_group(qtbot, window):
    wall = window.model.wall
    ids = [wall.add_note(f"n{i}", "insight").id for i in range(10)]
    rust = wall.create_cluster("Rust", ids[:2])
    other = wall.create_cluster("Pauze", ids[2:4])
    window.wall_view.putInClusterRequested.emit(ids[4:9], rust.id)
    view = window.wall_view
    a = view.cluster_item(rust.id).sceneBoundingRect().adjusted(4, 4, -4, -4)
    b = view.cluster_item(other.id).sceneBoundingRect().adjusted(4, 4, -4, -4)
    assert not a.intersects(b)
    label = 72  # the label band
    for note in wall.members(rust.id):
        assert note.y >= wall.cluster(rust.id).y + label
        assert note.y + NOTE_HEIGHT <= wall.cluster(rust.id).y + wall.cluster(rust.id).height


def test_tidy_up_from_the_keyboard_and_undo(qtbot, window):
    wall = window.model.wall
    ids = [wall.add_note(f"n{i}", "insight").id for i in range(6)]
    wall.move_note(ids[0], 4000, 2500)
    qtbot.keyClick(window.entry.text, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert wall.note(ids[0]).x < 4000
    assert window.undo_button.isVisible()
    qtbot.keyClick(window.entry.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (wall.note(ids[0]).x, wall.note(ids[0]).y) == (4000, 2500)


# -- 4. rounds ----------------------------------------------------------------------------------


def test_round_two_starts_on_its_own_notes_and_marks_rounds(qtbot, window):
    wall = window.model.wall
    first = wall.add_note("ronde een", "insight")
    group = wall.create_cluster("Alleen ronde 1", [first.id])
    view = window.wall_view
    assert not view.look.rounds
    window.timer_changed({**(wall.timer_state or {}), "round": 2})
    assert wall.current_round == 2 and wall.round_filter == 2
    assert window.round_filter.currentData() == 2
    assert not view.note_item(first.id).isVisible()
    assert not view.cluster_item(group.id).isVisible()  # a group with no note of round 2
    second = wall.add_note("ronde twee", "insight")
    assert view.note_item(second.id).isVisible()
    wall.set_filter(None)
    assert view.look.rounds  # both rounds on the wall: each note shows its own
    assert view.cluster_item(group.id).isVisible()


# -- 5. honest confirmations --------------------------------------------------------------------


def test_destructive_questions_default_to_cancel(qtbot):
    box = dialogs.Confirm("Alles wissen?", "Wissen")
    qtbot.addWidget(box)
    assert box.cancel.isDefault() and not box.yes.isDefault()


def test_a_message_offers_undo_only_while_it_applies(qtbot, window):
    wall = window.model.wall
    a, b = wall.add_note("a", "insight"), wall.add_note("b", "insight")
    window.delete_notes([a.id])
    window.delete_notes([b.id])
    assert window.undo_button.isVisible()
    window.undo()
    assert wall.has_note(b.id) and wall.can_undo
    assert not window.undo_button.isVisible()  # "Undone." offers nothing to undo


def test_wipe_after_the_wall_changed_is_refused_before_the_pin_or_the_receipt(
    qtbot, window, monkeypatch, clock, tmp_path
):
    """Nothing is asked that would then be refused: the notice comes first and alone."""
    from kiosk.exchange.export import export_table

    wall = window.model.wall
    wall.set_pin("1357")
    wall.add_note("Voor de export", "insight")
    export_table(wall.store(), tmp_path, clock=clock.now)
    clock.advance(-600)  # the laptop's clock went back: the change still counts
    wall.add_note("Na de export", "insight")
    steps = record_wipe_steps(monkeypatch, tmp_path / "none.receipt")
    window.wipe_action.trigger()
    assert [step[0] for step in steps] == ["notice"]
    assert "de wand is na de laatste export veranderd" in steps[0][1]
    assert not window.undo_button.isVisible()  # a box that stays, not a toast with "Undo"
    assert len(wall.notes) == 2


def test_a_matching_receipt_is_checked_before_the_pin_and_cancel_is_the_default(
    qtbot, window, monkeypatch, clock, tmp_path
):
    from kiosk.exchange.export import export_table
    from kiosk.exchange.merge import merge_file
    from kiosk.storage.store import open_store

    wall = window.model.wall
    wall.set_pin("1357")
    wall.add_note("Bewaard in het archief", "insight")
    result = export_table(wall.store(), tmp_path, clock=clock.now)
    with open_store(tmp_path / "archive.sqlite") as archive:
        receipt = merge_file(archive, result.path, clock=clock.now).receipt
    steps = record_wipe_steps(monkeypatch, receipt, confirm=False)
    window.wipe_action.trigger()
    assert [step[0] for step in steps] == ["receipt", "pin", "confirm"]
    box = dialogs.Confirm(steps[2][1], "Wissen")
    qtbot.addWidget(box)
    assert box.cancel.isDefault()
    assert len(wall.notes) == 1


def test_a_refusal_is_one_sentence_without_the_path(qtbot, window):
    from kiosk.table.wipe import ReceiptRefused
    from kiosk.ui.table.window import wipe_refusal

    text = wipe_refusal(ReceiptRefused("/media/KINGSTON/a/b.receipt", "de wand is veranderd"))
    assert text == "Er is niets gewist: de wand is veranderd."


# -- 6. keyboard --------------------------------------------------------------------------------


def test_shift_arrows_extend_the_selection_and_ctrl_g_groups_them(qtbot, window, monkeypatch):
    wall = window.model.wall
    ids = [wall.add_note(f"n{i}", "insight").id for i in range(3)]
    view = window.wall_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert sorted(view.selected_note_ids()) == sorted(ids[:2])
    monkeypatch.setattr(dialogs.LabelDialog, "ask", staticmethod(lambda *a: "Samen"))
    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    (group,) = wall.clusters
    assert {n.id for n in wall.members(group.id)} == set(ids[:2])


def test_groups_are_reachable_with_the_arrows(qtbot, window):
    wall = window.model.wall
    ids = [wall.add_note(f"n{i}", "insight").id for i in range(3)]
    group = wall.create_cluster("Rust", ids[:1])
    view = window.wall_view
    view.setFocus()
    reached = set()
    for key in [Qt.Key.Key_Right] * 4 + [Qt.Key.Key_Down] * 3 + [Qt.Key.Key_Up] * 3:
        qtbot.keyClick(view, key)
        reached.add(view.selected_cluster_id())
    assert group.id in reached


def test_ctrl_enter_saves_the_edit_dialog_and_enter_adds_a_line(qtbot, wall):
    note = wall.add_note("eerste regel", "insight")
    dialog = dialogs.NoteDialog(wall.setup, note)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setFocus()
    dialog.text.moveCursor(dialog.text.textCursor().MoveOperation.End)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.text, "tweede")
    assert dialog.result() == 0
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialogs.NoteDialog.DialogCode.Accepted
    assert dialog.changes()["text"] == "eerste regel\ntweede"


def test_ctrl_z_in_the_empty_entry_undoes_the_last_wall_action_and_ctrl_y_redoes(qtbot, window):
    wall = window.model.wall
    entry = window.entry.text
    entry.setFocus()
    qtbot.keyClicks(entry, "Weg ermee")
    qtbot.keyClick(entry, Qt.Key.Key_Return)  # the entry is empty again
    (note,) = wall.notes
    window.delete_notes([note.id])
    entry.setFocus()
    qtbot.keyClick(entry, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert wall.has_note(note.id) and entry.text() == ""
    qtbot.keyClick(entry, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert not wall.has_note(note.id)
    qtbot.keyClick(entry, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(entry, Qt.Key.Key_Z, shift_ctrl)
    assert not wall.has_note(note.id)


# -- 7. the draft -------------------------------------------------------------------------------


def test_the_draft_is_written_within_200_ms_however_fast_the_host_types(qtbot, window, monkeypatch):
    starts = []
    timer = window.draft_timer
    original = timer.start
    monkeypatch.setattr(timer, "start", lambda *a: (starts.append(a), original(*a)))
    window.entry.text.setFocus()
    qtbot.keyClicks(window.entry.text, "De laatste woorden")  # faster than any interval
    assert timer.interval() <= 200
    assert len(starts) == 1  # not pushed back by each key: written 200 ms after the first
    timer.timeout.emit()
    wall = window.model.wall
    assert not wall.draft_pending
    assert TableWall.open(wall.path).draft == Draft(
        "De laatste woorden", wall.setup.kinds[0].key, None, False
    )
    qtbot.keyClicks(window.entry.text, "!")
    assert len(starts) == 2 and timer.isActive()


def test_the_layout_module_needs_no_display():
    import subprocess
    import sys

    probe = "import sys, kiosk.table.layout, kiosk.table.wall; print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "False"
