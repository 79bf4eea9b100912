"""The Texts tab: write a synthesis beside the table's notes, quote one, keep it as a revision;
enter participant counts; the Print tab's choices reach the print job."""

from __future__ import annotations

from docx import Document as read_docx
from PySide6.QtCore import Qt

from kiosk.report.data import read_archive
from kiosk.storage.texts import INTRO, TextKey, entered_counts, read_text, revisions
from kiosk.ui.organiser import dialogs
from kiosk.ui.organiser.texts_tab import COUNTS, KEY

EVENT = "2022-03-31-ondersteuningsplan"


def choose(tab, key) -> None:
    row = next(i for i in range(tab.parts.count()) if tab.parts.item(i).data(KEY) == key)
    tab.parts.setCurrentRow(row)


def test_parts_of_the_summary_are_listed_with_tables_of_their_own(console):
    tab = console.texts_tab
    console.tabs.setCurrentWidget(tab)
    labels = [tab.parts.item(i).text() for i in range(tab.parts.count())]
    assert labels[0] == "Inleiding"
    assert "Tafel 1: Dekkend aanbod en inclusie" in labels
    assert "Tafel 2: Dekkend aanbod en inclusie" in labels
    assert labels[-2:] == ["Hoe nu verder?", "Deelnemers per ronde en rol"]


def test_write_a_synthesis_with_a_quote_picked_from_the_tables_notes(qtbot, console, archive):
    store, _ids = archive
    tab = console.texts_tab
    console.tabs.setCurrentWidget(tab)
    choose(tab, TextKey.table(1))
    notes = [tab.notes.item(i).data(KEY) for i in range(tab.notes.count())]
    # Table 1's notes only, the starred one first, quoted with its role.
    assert notes == [
        "Jongere: ‘Ik wil gewoon gezien worden.’",
        "Docent: ‘Kleinere klassen helpen echt.’",
        "Ouder: ‘Maak één loket voor ouders.’",
    ]
    tab.editor.setPlainText("Aan tafel 1 werd **veel** gedeeld. ")
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    tab.notes.setCurrentRow(0)
    tab.insert_quote(tab.notes.item(0))
    assert tab.state.text() == "Nog niet bewaard."
    assert tab.save_button.isEnabled()
    qtbot.keyClick(tab.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    expected = "Aan tafel 1 werd **veel** gedeeld. Jongere: ‘Ik wil gewoon gezien worden.’"
    with store.begin() as session:
        assert read_text(session, EVENT, TextKey.table(1)) == expected
        assert revisions(session, EVENT, TextKey.table(1)) == 1
    assert tab.state.text() == "Bewaard." and not tab.save_button.isEnabled()
    # Moving to another part keeps what was typed, as a second revision.
    tab.editor.appendPlainText("\nNog een alinea.")
    choose(tab, TextKey(INTRO))
    with store.begin() as session:
        assert revisions(session, EVENT, TextKey.table(1)) == 2
    assert tab.editor.toPlainText() == ""
    assert tab.state.text() == "Nog niet geschreven: blijft uit de samenvatting."
    event = read_archive(store.path, None)
    assert event.texts.table(1).endswith("Nog een alinea.")


def test_participant_counts_entered_and_a_bad_one_refused(qtbot, console, archive, monkeypatch):
    store, _ids = archive
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "refuse", lambda parent, message: refused.append(message))
    tab = console.texts_tab
    console.tabs.setCurrentWidget(tab)
    choose(tab, COUNTS)
    assert tab.pages.currentWidget() is tab.counts_page
    roles = [tab.counts.verticalHeaderItem(r).text() for r in range(tab.counts.rowCount())]
    row = roles.index("Jongere")
    tab.counts.item(row, 0).setText("12")
    tab.counts.item(row, 1).setText("veel")
    assert refused == ["‘veel’ is geen aantal deelnemers."]
    assert tab.counts.item(row, 1).text() == ""
    with store.begin() as session:
        assert entered_counts(session, EVENT) == {(1, "Jongere"): 12}
    tab.counts.item(row, 0).setText("")
    with store.begin() as session:
        assert entered_counts(session, EVENT) == {}


def test_print_tab_choices_reach_the_files(qtbot, console, tmp_path):
    tab = console.print_tab
    console.tabs.setCurrentWidget(tab)
    tab.folder_edit.setText(str(tmp_path / "uit"))
    tab.summary_check.setChecked(False)
    tab.handouts_check.setChecked(False)
    tab.csv_check.setChecked(False)
    tab.word_check.setChecked(True)
    tab.xlsx_check.setChecked(True)
    tab.by_choice.setCurrentIndex(tab.by_choice.findData("table"))
    tab.version_choice.setCurrentIndex(tab.version_choice.findData(True))
    with qtbot.waitSignal(console.runner.idle, timeout=60_000):
        qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    names = [tab.files.item(i).text() for i in range(tab.files.count())]
    assert names == [
        str(tmp_path / "uit" / f"samenvatting-{EVENT}-per-tafel-kort.docx"),
        str(tmp_path / "uit" / f"notities-{EVENT}.xlsx"),
    ]
    doc = read_docx(names[0])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Ik wil gewoon gezien worden." in text
    assert "Kleinere klassen helpen echt." not in text  # not starred: not in the short version
