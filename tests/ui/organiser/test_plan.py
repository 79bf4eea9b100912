"""The Plan tab: problems appear next to their field as you type and go when fixed; save, reload."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPushButton

from kiosk.exchange.keyfiles import PRIVATE_NAME, PUBLIC_NAME, open_key_file
from kiosk.plan.model import load_plan
from kiosk.ui.organiser import dialogs, plan_tab


def field(window, cls, name):
    found = [w for w in window.plan_tab.findChildren(cls) if w.accessibleName() == name]
    assert len(found) == 1, [w.accessibleName() for w in window.plan_tab.findChildren(cls)]
    return found[0]


def shown_problems(window, path):
    label = window.plan_tab.spots.labels[path]
    return label.text() if label.isVisible() else ""


def test_an_emptied_title_shows_the_forms_words_until_typed_again(qtbot, console):
    tab = console.plan_tab
    tab.show_section("event")
    title = field(console, QLineEdit, "Titel")
    title.setFocus()
    title.selectAll()
    qtbot.keyClick(title, Qt.Key.Key_Delete)
    assert shown_problems(console, "event.title") == "⚠ De titel mag niet leeg zijn"
    assert title.property("problem") is True
    assert not tab.usb_button.isEnabled()
    assert [tab.problem_list.item(i).text() for i in range(tab.problem_list.count())] == [
        "De titel mag niet leeg zijn"
    ]
    assert "⚠ 1" in tab.nav.item(0).text()
    qtbot.keyClicks(title, "Thematafels")
    assert shown_problems(console, "event.title") == ""
    assert title.property("problem") is False
    assert tab.usb_button.isEnabled() and tab.problem_list.isHidden()
    assert tab.editor.data["event"]["title"] == "Thematafels"


def test_removing_a_theme_names_the_table_and_choosing_another_fixes_it(qtbot, console):
    tab = console.plan_tab
    tab.show_section("themes")
    themes = tab.pages["themes"]
    themes.list.setCurrentRow(4)  # Samenwerking onderwijs en kernpartners, table 6
    remove = field(console, QPushButton, "Verwijder dit thema")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    unknown = "Tafel 6: het thema 'kernpartners' bestaat niet; kies een van de thema's"
    assert [tab.problem_list.item(i).text() for i in range(tab.problem_list.count())] == [unknown]
    tab.show_section("tables")
    assert shown_problems(console, "tables[5].theme") == "⚠ " + unknown
    theme = field(console, QComboBox, "Thema van tafel 6")
    theme.setFocus()
    qtbot.keyClick(theme, Qt.Key.Key_Home)  # the first theme, by keyboard
    assert tab.editor.tables[5]["theme"] == "inclusie"
    assert shown_problems(console, "tables[5].theme") == ""
    assert tab.editor.problems() == []


def test_save_and_reload(qtbot, console, tmp_path: Path, monkeypatch):
    tab = console.plan_tab
    monkeypatch.setattr(dialogs, "confirm", lambda parent, question: True)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    tab.show_section("rounds")
    start = field(console, QLineEdit, "Ronde 1: begint om")
    qtbot.keyClicks(start, "10:15")
    target = tmp_path / "plan.json"
    monkeypatch.setattr(dialogs, "save_plan_file", lambda parent, suggested: target)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert load_plan(target).rounds[0].starts_at == "10:15"
    assert "(gewijzigd)" not in tab.file_label.text() and str(target) in tab.file_label.text()

    saved = json.loads(target.read_text(encoding="utf-8"))
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(dialogs, "open_plan_file", lambda parent: target)
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert tab.editor.data == saved and tab.editor.path == target


def test_an_unreadable_plan_is_refused_with_its_name(qtbot, console, tmp_path, monkeypatch):
    bad = tmp_path / "kapot.json"
    bad.write_text("{", encoding="utf-8")
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "open_plan_file", lambda parent: bad)
    monkeypatch.setattr(dialogs, "refuse", lambda parent, message: refused.append(message))
    before = console.plan_tab.editor
    qtbot.mouseClick(console.plan_tab.open_button, Qt.MouseButton.LeftButton)
    assert refused and str(bad) in refused[0] and "geen geldige JSON" in refused[0]
    assert console.plan_tab.editor is before


def test_write_to_a_stick_checks_the_copy(qtbot, console, tmp_path, monkeypatch):
    stick = tmp_path / "STICK"
    stick.mkdir()
    told: list[str] = []
    monkeypatch.setattr(plan_tab, "removable_drives", lambda: [])
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title, start=None: stick)
    monkeypatch.setattr(dialogs, "tell", lambda parent, message: told.append(message))
    qtbot.mouseClick(console.plan_tab.usb_button, Qt.MouseButton.LeftButton)
    written = stick / "kiosk-plan-2022-03-31-ondersteuningsplan.json"
    assert load_plan(written).event.title.startswith("Van diplomagericht")
    assert told and written.name in told[0]


def test_colour_picker_sets_the_kind_colour(qtbot, console, monkeypatch):
    tab = console.plan_tab
    tab.show_section("kinds")
    monkeypatch.setattr(dialogs, "colour", lambda parent, current: "#ABCDEF")
    pick = field(console, QPushButton, "Kies de kleur van soort 2")
    qtbot.mouseClick(pick, Qt.MouseButton.LeftButton)
    assert tab.editor.kinds[1]["color"] == "#ABCDEF"
    assert field(console, QLineEdit, "Kleur van soort 2").text() == "#ABCDEF"


def test_language_switch_retranslates_the_console(qtbot, console):
    assert console.tabs.tabText(0) == "&Plan"
    assert console.plan_tab.save_button.text() == "Plan opslaan"
    console.language_choice.setCurrentIndex(console.language_choice.findData("en"))
    assert console.plan_tab.save_button.text() == "Save plan"
    assert console.tabs.tabText(2) == "C&urate"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"  # Qt's own too
    console.language_choice.setCurrentIndex(console.language_choice.findData("nl"))
    assert console.tabs.tabText(1) == "&Ophalen" and console.tabs.tabText(2) == "Na&kijken"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuleren"


def test_closing_with_unsaved_changes_asks_first(qtbot, console, monkeypatch):
    asked: list[str] = []

    def decline(parent, question):
        asked.append(question)
        return False

    monkeypatch.setattr(dialogs, "confirm", decline)
    console.plan_tab.editor.set_event("location", "Alkmaar")
    assert not console.close()
    assert console.isVisible() and "niet zijn opgeslagen" in asked[0]
    monkeypatch.setattr(dialogs, "confirm", lambda parent, question: True)
    assert console.close()


def test_table_cards_are_saved_and_opened(qtbot, console, tmp_path, monkeypatch):
    target = tmp_path / "kaarten.pdf"
    opened = []
    told: list[tuple[str, object]] = []
    monkeypatch.setattr(dialogs, "save_file", lambda parent, title, suggested, pattern: target)
    monkeypatch.setattr(dialogs, "open_path", lambda path: opened.append(path) or True)
    monkeypatch.setattr(
        dialogs, "tell_saved", lambda parent, text, folder: told.append((text, folder))
    )
    qtbot.mouseClick(console.plan_tab.cards_button, Qt.MouseButton.LeftButton)
    assert opened == [target]
    assert told == [(f"De tafelkaarten zijn opgeslagen als {target}.", tmp_path)]
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(target).pages)
    assert "Dekkend aanbod en inclusie" in text and "Transitiemomenten als kans" in text


def test_make_a_key_puts_its_public_half_in_the_plan_and_remove_takes_it_out(
    qtbot, console, tmp_path, monkeypatch
):
    keys = tmp_path / "keys"
    keys.mkdir()
    told: list[str] = []
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "folder", lambda parent, title: keys)
    monkeypatch.setattr(dialogs, "new_passphrase", lambda parent: "correct paard")
    monkeypatch.setattr(dialogs, "tell", lambda parent, message: told.append(message))
    monkeypatch.setattr(dialogs, "refuse", lambda parent, message: refused.append(message))
    tab = console.plan_tab
    assert tab.key_value.text() == "" and tab.key_value.isReadOnly()
    assert tab.key_value.placeholderText() == "geen — exports worden niet versleuteld"
    assert not tab.remove_key_button.isEnabled()

    qtbot.mouseClick(tab.make_key_button, Qt.MouseButton.LeftButton)
    public = (keys / PUBLIC_NAME).read_text().strip()
    assert tab.key_value.text() == public == tab.editor.data["organiser_key"]
    assert public.startswith("kiosk-pub-1:")
    assert open_key_file(keys / PRIVATE_NAME, "correct paard").public_text == public
    assert tab.editor.dirty and tab.file_label.text().endswith(" (gewijzigd)")
    assert tab.editor.problems() == [] and tab.key_problem.isHidden()
    assert str(keys / PRIVATE_NAME) in told[0] and "op deze computer blijven" in told[0]
    assert refused == []

    # A second key into the same folder is refused before a passphrase is asked.
    monkeypatch.setattr(dialogs, "new_passphrase", lambda parent: pytest.fail("asked"))
    qtbot.mouseClick(tab.make_key_button, Qt.MouseButton.LeftButton)
    assert len(refused) == 1 and "bestaat al" in refused[0]
    assert tab.editor.data["organiser_key"] == public

    monkeypatch.setattr(dialogs, "confirm", lambda parent, question: False)
    qtbot.mouseClick(tab.remove_key_button, Qt.MouseButton.LeftButton)
    assert tab.editor.organiser_key() == public
    monkeypatch.setattr(dialogs, "confirm", lambda parent, question: True)
    qtbot.mouseClick(tab.remove_key_button, Qt.MouseButton.LeftButton)
    assert tab.key_value.text() == "" and not tab.remove_key_button.isEnabled()
    saved = tab.editor.save(tmp_path / "plan.json")
    assert load_plan(saved).organiser_key is None


def test_a_bad_organiser_key_in_an_opened_plan_shows_under_the_key_row(qtbot, console):
    tab = console.plan_tab
    tab.editor.set_organiser_key("kiosk-pub-1:kapot")
    assert tab.key_problem.isVisible()
    assert tab.key_problem.text() == (
        "⚠ De organisatorsleutel is beschadigd; maak een nieuwe sleutel of haal hem weg"
    )
    assert tab.key_value.property("problem") is True and not tab.usb_button.isEnabled()


def test_the_new_passphrase_dialog_says_what_is_wrong_in_place(qtbot):
    dialog = dialogs.NewPassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.show()

    def try_with(first: str, second: str) -> str:
        dialog.first.setText(first)
        dialog.second.setText(second)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.problem.text() if dialog.problem.isVisible() else ""

    assert dialog.first.echoMode() == QLineEdit.EchoMode.Password
    assert try_with("kort", "kort") == "⚠ Gebruik minstens 8 tekens."
    assert try_with("correct paard", "correct paart") == "⚠ De twee invoeren verschillen."
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert try_with("correct paard", "correct paard") == ""
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.passphrase() == "correct paard"


def test_a_new_plan_gets_its_event_code_when_first_saved_and_keeps_it_when_retitled(
    qtbot, console, tmp_path, monkeypatch
):
    tab = console.plan_tab
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    title = field(console, QLineEdit, "Titel")
    code = field(console, QLineEdit, "Evenementcode")
    title.selectAll()
    qtbot.keyClicks(title, "Thematafels")
    # The code to be follows the title as it is typed, not only after leaving the section.
    assert code.placeholderText() == "thematafels"
    qtbot.keyClicks(field(console, QLineEdit, "Datum"), "31 maart 2022")
    assert tab.editor.data["event"]["date"] == "2022-03-31"
    assert code.placeholderText() == "2022-03-31-thematafels"
    target = tmp_path / "plan.json"
    monkeypatch.setattr(dialogs, "save_plan_file", lambda parent, suggested: target)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert json.loads(target.read_text())["event"]["id"] == "2022-03-31-thematafels"

    tab.show_section("event")
    title = field(console, QLineEdit, "Titel")
    title.end(False)
    qtbot.keyClicks(title, " in Noord-Kennemerland")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    saved = load_plan(target)
    assert saved.event.title == "Thematafels in Noord-Kennemerland"
    assert saved.event_id == "2022-03-31-thematafels"


def test_an_older_plan_gets_its_code_when_it_goes_to_a_stick_and_the_console_says_so(
    qtbot, console, tmp_path, monkeypatch, demo_plan_path
):
    data = json.loads(demo_plan_path.read_text(encoding="utf-8"))
    del data["event"]["id"]
    older = tmp_path / "oud-plan.json"
    older.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(dialogs, "open_plan_file", lambda parent: older)
    qtbot.mouseClick(console.plan_tab.open_button, Qt.MouseButton.LeftButton)
    stick = tmp_path / "STICK"
    stick.mkdir()
    told: list[str] = []
    monkeypatch.setattr(plan_tab, "removable_drives", lambda: [])
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title, start=None: stick)
    monkeypatch.setattr(dialogs, "tell", lambda parent, message: told.append(message))
    qtbot.mouseClick(console.plan_tab.usb_button, Qt.MouseButton.LeftButton)
    code = "2022-03-31-van-diplomagericht-naar-toekomstgericht-onderwijs"
    assert json.loads(older.read_text())["event"]["id"] == code  # in the organiser's file too
    assert load_plan(stick / f"kiosk-plan-{code}.json").event.id == code
    assert f"vaste evenementcode: {code}" in told[0] and "oud-plan.json" in told[0]


def test_plan_problems_are_dutch_in_the_forms_words_counted_from_one(qtbot, console):
    tab = console.plan_tab
    tab.show_section("themes")
    key = field(console, QLineEdit, "Korte naam")
    key.selectAll()
    qtbot.keyClicks(key, "Dekkend aanbod")
    expected = (
        "Thema 1: de korte naam mag alleen kleine letters, cijfers, - of _ bevatten "
        "(niet 'Dekkend aanbod')"
    )
    assert shown_problems(console, "themes[0].key") == "⚠ " + expected
    assert tab.problem_list.item(0).text() == expected
    # Activating the problem goes to its field.
    tab.show_section("event")
    tab.problem_list.itemActivated.emit(tab.problem_list.item(0))
    assert tab.stack.currentWidget() is tab.pages["themes"]
    console.language_choice.setCurrentIndex(console.language_choice.findData("en"))
    assert tab.problem_list.item(0).text() == (
        "Theme 1: the short name may only hold lower-case letters, digits, - or _ "
        "(not 'Dekkend aanbod')"
    )


@pytest.mark.parametrize("typed", ["31-03-2022", "31 maart 2022", "31/3/2022", "2022-03-31"])
def test_a_date_is_taken_as_people_type_it(qtbot, console, typed):
    tab = console.plan_tab
    tab.show_section("event")
    date = field(console, QLineEdit, "Datum")
    date.selectAll()
    qtbot.keyClicks(date, typed)
    assert tab.editor.data["event"]["date"] == "2022-03-31"
    assert shown_problems(console, "event.date") == ""
    tab.show_section("event")
    assert field(console, QLineEdit, "Datum").text() == "31-03-2022"


def test_a_wrong_date_says_how_to_type_it_and_the_calendar_sets_one(qtbot, console, monkeypatch):
    tab = console.plan_tab
    tab.show_section("event")
    date = field(console, QLineEdit, "Datum")
    date.selectAll()
    qtbot.keyClicks(date, "31 februari 2022")
    assert shown_problems(console, "event.date") == (
        "⚠ De datum is geen datum ('31 februari 2022'); typ die als 31-03-2022"
    )
    shown: list[object] = []
    monkeypatch.setattr(
        dialogs, "pick_date", lambda parent, current: shown.append(current) or dt.date(2022, 3, 30)
    )
    qtbot.mouseClick(tab.pages["event"].date_button, Qt.MouseButton.LeftButton)
    assert shown == [None]  # nothing readable typed: the calendar opens on today
    assert tab.editor.data["event"]["date"] == "2022-03-30"
    assert date.text() == "30-03-2022" and shown_problems(console, "event.date") == ""


def test_ready_for_the_tables_only_when_every_theme_has_a_table_and_nothing_is_a_placeholder(
    qtbot, console, monkeypatch
):
    tab = console.plan_tab
    assert tab.summary.text() == "✓ Geen problemen: het plan is klaar voor de tafels."
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    warnings = [tab.problem_list.item(i).text() for i in range(tab.problem_list.count())]
    assert "klaar voor de tafels" not in tab.summary.text()
    assert tab.summary.text() == "Geen problemen, maar nog niet af (2):"
    assert warnings == [
        "⚠ De titel is nog “Nieuw evenement”.",
        "⚠ Thema 1 heet nog “Thema 1”.",
    ]
    assert tab.usb_button.isEnabled()  # a warning, not a refusal
    tab.editor.set_event("title", "Thematafels")
    tab.editor.set_theme(0, "title", "Inclusie")
    for _theme in range(4):
        tab.editor.add_theme("Ander thema")
    for _table in range(4):
        tab.editor.add_table()  # new tables take the theme of the one before
    assert tab.summary.text() == "Geen problemen, maar nog niet af (1):"
    assert tab.problem_list.item(0).text().startswith("⚠ Geen tafel bespreekt “Ander thema”")
    for index, key in enumerate(tab.editor.theme_keys()):
        tab.editor.set_table(index, "theme", key)
    assert tab.summary.text() == "✓ Geen problemen: het plan is klaar voor de tafels."


def test_table_cards_say_where_they_went_when_they_cannot_be_opened(
    qtbot, console, tmp_path, monkeypatch
):
    target = tmp_path / "kaarten" / "tafelkaarten.pdf"
    target.parent.mkdir()
    told: list[tuple[str, object]] = []
    monkeypatch.setattr(dialogs, "save_file", lambda parent, title, suggested, pattern: target)
    monkeypatch.setattr(dialogs, "open_path", lambda path: False)  # no PDF viewer here
    monkeypatch.setattr(
        dialogs, "tell_saved", lambda parent, text, folder: told.append((text, folder))
    )
    qtbot.mouseClick(console.plan_tab.cards_button, Qt.MouseButton.LeftButton)
    assert target.exists()
    ((text, folder),) = told
    assert str(target) in text and "open de map" in text and folder == target.parent


def test_the_saved_message_has_an_open_folder_button(qtbot, tmp_path, monkeypatch):
    opened: list[object] = []
    monkeypatch.setattr(dialogs, "open_path", lambda path: opened.append(path) or True)

    def click_open_folder(box):
        button = next(b for b in box.buttons() if b.text() == "Map openen")
        button.click()
        return 0

    monkeypatch.setattr(dialogs.QMessageBox, "exec", click_open_folder)
    dialogs.tell_saved(None, "Opgeslagen.", tmp_path)
    assert opened == [tmp_path]


def test_the_window_title_names_the_console_once(console):
    assert console.windowTitle() == "Organisatieconsole"
    assert "kiosk" not in console.windowTitle().casefold()


def test_the_new_passphrase_dialog_grows_for_its_problem_line(qtbot):
    dialog = dialogs.NewPassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first, "kort")
    dialog.accept()
    assert dialog.problem.isVisible()
    # Every label is as tall as its wrapped text needs: nothing clipped.
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_a_date_picked_on_the_calendar_is_returned(qtbot, monkeypatch):
    from PySide6.QtWidgets import QCalendarWidget

    def choose(dialog):
        calendar = dialog.findChild(QCalendarWidget)
        assert calendar.selectedDate().toPython() == dt.date(2022, 3, 31)
        calendar.setSelectedDate(calendar.selectedDate().addDays(-1))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", choose)
    assert dialogs.pick_date(None, dt.date(2022, 3, 31)) == dt.date(2022, 3, 30)


def test_saving_a_retitled_plan_gives_the_archive_its_texts_and_the_report_prints_them(
    qtbot, console, tmp_path, monkeypatch, demo_plan_path
):
    """The organiser's saved plan is the newest: the archive's event takes its title."""
    from kiosk.cli import main
    from kiosk.core.i18n import set_language

    copy = tmp_path / "plan.json"
    copy.write_bytes(demo_plan_path.read_bytes())
    monkeypatch.setattr(dialogs, "open_plan_file", lambda parent: copy)
    tab = console.plan_tab
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    tab.show_section("event")
    title = field(console, QLineEdit, "Titel")
    title.end(False)
    qtbot.keyClicks(title, " in Noord-Kennemerland")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert console.statusBar().currentMessage() == (
        "plan.json opgeslagen. Het archief gebruikt nu de teksten van dit plan"
    )
    new_title = "Van diplomagericht naar toekomstgericht onderwijs in Noord-Kennemerland"
    assert console.event_choice.currentText() == f"2022-03-31 · {new_title}"

    # Saved again unchanged: nothing to say about the archive.
    console.statusBar().clearMessage()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert console.statusBar().currentMessage() == "plan.json opgeslagen"

    out = tmp_path / "report.pdf"
    archive = console.archive.path
    try:
        assert main(["report", "--archive", str(archive), "--out", str(out)]) == 0
    finally:
        set_language("nl")
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages)
    assert new_title in text


def test_a_saved_plan_with_other_tables_leaves_the_archive_and_says_which_field(
    qtbot, console, tmp_path, monkeypatch, demo_plan_path
):
    copy = tmp_path / "plan.json"
    copy.write_bytes(demo_plan_path.read_bytes())
    monkeypatch.setattr(dialogs, "open_plan_file", lambda parent: copy)
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "refuse", lambda parent, message: refused.append(message))
    tab = console.plan_tab
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    tab.editor.set_event("title", "Een nieuwe titel")
    tab.editor.set_table(2, "theme", "inclusie")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert load_plan(copy).tables[2].theme == "inclusie"  # the file is saved all the same
    assert refused == [
        "Het plan is opgeslagen. Het archief heeft evenement 2022-03-31-ondersteuningsplan met "
        "een ander plan: de plannen verschillen in Tafel 3, het thema. Het archief houdt zijn "
        "teksten, en exports die met dit plan gemaakt zijn, zouden geweigerd worden."
    ]
    assert "Een nieuwe titel" not in console.event_choice.currentText()


def test_an_unreadable_plan_is_refused_in_dutch_and_in_english_when_chosen(
    qtbot, console, tmp_path, monkeypatch
):
    bad = tmp_path / "kapot.json"
    bad.write_text('{"format": "kiosk-plan/1",}', encoding="utf-8")
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "open_plan_file", lambda parent: bad)
    monkeypatch.setattr(dialogs, "refuse", lambda parent, message: refused.append(message))
    qtbot.mouseClick(console.plan_tab.open_button, Qt.MouseButton.LeftButton)
    console.language_choice.setCurrentIndex(console.language_choice.findData("en"))
    qtbot.mouseClick(console.plan_tab.open_button, Qt.MouseButton.LeftButton)
    assert refused == [
        f"{bad}: geen geldige JSON (regel 1, kolom 27: er hoort een naam tussen dubbele "
        "aanhalingstekens)",
        f"{bad}: not valid JSON (line 1, column 27: a name in double quotes was expected)",
    ]


def test_a_plan_with_problems_is_not_copied_and_the_console_says_so_in_dutch(
    qtbot, console, tmp_path, monkeypatch
):
    stick = tmp_path / "STICK"
    stick.mkdir()
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "refuse", lambda parent, message: refused.append(message))
    monkeypatch.setattr(plan_tab, "removable_drives", lambda: [])
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title, start=None: stick)
    console.plan_tab.editor.set_event("title", "")
    console.plan_tab.write_to_stick()
    assert refused == ["het plan heeft nog 1 probleem; los het op voordat je het plan kopieert"]
    assert list(stick.iterdir()) == []
