"""The Curate tab: filter the notes, star, hide from print and fix a typo, stored in the archive."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.storage.models import Note
from kiosk.ui.organiser import dialogs
from kiosk.ui.organiser.curate_tab import PRINT, STAR, TEXT


def shown(tab, column=TEXT):
    model = tab.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def select(tab, text):
    row = shown(tab).index(text)
    tab.view.setCurrentIndex(tab.model.index(row, TEXT))
    return row


def stored(archive, text):
    store, ids = archive
    with store.begin() as session:
        note = session.get(Note, ids[text])
        return note.starred, note.hidden, note.revision, note.text


def test_lists_every_note_of_the_event_and_filters(qtbot, console):
    tab = console.curate_tab
    console.tabs.setCurrentWidget(tab)
    assert len(shown(tab)) == 8
    tab.theme_choice.setCurrentIndex(tab.theme_choice.findData("welbevinden"))
    assert shown(tab) == [
        "Welbevinden eerst, dan prestaties.",
        "Ça va? Straße, İstanbul, عربي <b>&",
    ]
    tab.theme_choice.setCurrentIndex(0)
    tab.round_choice.setCurrentIndex(tab.round_choice.findData(2))
    tab.kind_choice.setCurrentIndex(tab.kind_choice.findData("insight"))
    assert shown(tab) == ["Meneer Jansen van De Brug doet dit al goed."]
    tab.round_choice.setCurrentIndex(0)
    tab.kind_choice.setCurrentIndex(0)
    qtbot.keyClicks(tab.search, "LOKET")
    assert shown(tab) == ["Maak één loket voor ouders."]
    tab.search.clear()
    qtbot.mouseClick(tab.starred_only, Qt.MouseButton.LeftButton)
    assert shown(tab) == ["Ik wil gewoon gezien worden.", "Welbevinden eerst, dan prestaties."]
    assert "8 notities · 2 met ster" in tab.counts_label.text()


def test_star_with_the_button_is_stored_as_a_revision(qtbot, console, archive):
    tab = console.curate_tab
    row = select(tab, "Kleinere klassen helpen echt.")
    assert tab.star_button.text() == "Ster geven (S)"
    qtbot.mouseClick(tab.star_button, Qt.MouseButton.LeftButton)
    assert tab.model.index(row, STAR).data() == "★"
    assert stored(archive, "Kleinere klassen helpen echt.")[:3] == (True, False, 2)
    assert tab.star_button.text() == "Ster weghalen (S)"


def test_hide_from_print_with_the_keyboard_keeps_the_note(qtbot, console, archive):
    tab = console.curate_tab
    console.tabs.setCurrentWidget(tab)
    text = "Meneer Jansen van De Brug doet dit al goed."
    row = select(tab, text)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_H)
    assert tab.model.index(row, PRINT).data() == "verborgen"
    assert stored(archive, text)[:3] == (False, True, 1)
    assert "1 verborgen voor afdruk" in tab.counts_label.text()
    qtbot.mouseClick(tab.hidden_only, Qt.MouseButton.LeftButton)
    assert shown(tab) == [text]


def test_fix_a_typo(qtbot, console, archive, monkeypatch):
    tab = console.curate_tab
    console.tabs.setCurrentWidget(tab)
    monkeypatch.setattr(dialogs, "note_text", lambda parent, current: current + "!")
    row = select(tab, "Tijd voor intervisie inroosteren.")
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    assert tab.model.index(row, TEXT).data() == "Tijd voor intervisie inroosteren.!"
    assert stored(archive, "Tijd voor intervisie inroosteren.")[2:] == (
        2,
        "Tijd voor intervisie inroosteren.!",
    )


def test_an_empty_fix_is_refused_and_nothing_changes(qtbot, console, archive, monkeypatch):
    tab = console.curate_tab
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "note_text", lambda parent, current: "   ")
    monkeypatch.setattr(dialogs, "refuse", lambda parent, message: refused.append(message))
    select(tab, "Tijd voor intervisie inroosteren.")
    qtbot.mouseClick(tab.fix_button, Qt.MouseButton.LeftButton)
    assert refused == ["note: text is empty"]
    assert stored(archive, "Tijd voor intervisie inroosteren.")[2] == 1


def test_a_long_notes_tooltip_is_bounded_and_wrapped(qtbot, console):
    from PySide6.QtCore import Qt as QtNS
    from PySide6.QtGui import Qt as QtGuiNS
    from PySide6.QtGui import QTextDocument

    from kiosk.ui.organiser.curate_tab import note_tooltip

    long = "Een lange notitie over inclusie <b>en</b> samenwerking. " * 200
    tip = note_tooltip(long)
    assert QtGuiNS.mightBeRichText(tip)  # so Qt wraps it to a readable width
    document = QTextDocument()
    document.setHtml(tip)
    shown_text = document.toPlainText()
    assert shown_text.startswith("Een lange notitie over inclusie <b>en</b>")  # as typed
    assert len(shown_text) <= 602 and shown_text.endswith("…")
    assert note_tooltip("kort\nen klaar") == "<qt>kort<br>en klaar</qt>"
    tab = console.curate_tab
    index = tab.model.index(0, TEXT)
    assert tab.model.data(index, QtNS.ItemDataRole.ToolTipRole).startswith("<qt>")
