"""The Collect tab: a folder with good and bad exports merges the good, shows both rows, and
marks the plan tables that have not handed in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk import collect
from kiosk.keyfiles import create_key_files, open_key_file
from kiosk.sealing import new_key_pair
from kiosk.storage.queries import install_plan
from kiosk.storage.store import open_store
from kiosk.ui.organiser import dialogs, look, window
from kiosk.ui.organiser.window import OrganiserWindow
from tests.archive_data import export_of
from tests.ui.conftest import unexpected_refusal


@pytest.fixture
def empty_console(qtbot, qapp, tmp_path, clock, monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", lambda parent, question: True)
    monkeypatch.setattr(dialogs, "refuse", unexpected_refusal)
    look.apply(qapp)
    store = open_store(tmp_path / "archive.sqlite")
    made = OrganiserWindow(store, now=clock.now)
    qtbot.addWidget(made)
    made.show()
    yield made
    made.runner.shutdown()
    store.close()


def test_merge_a_folder_with_good_and_bad_exports(
    qtbot, empty_console, tmp_path, demo_plan, monkeypatch
):
    stick = tmp_path / "STICK"
    stick.mkdir()
    export_of(tmp_path, demo_plan, 1, ["Kleinere klassen.", "Eén loket.", "Meer tijd."], stick)
    export_of(tmp_path, demo_plan, 3, ["Welbevinden eerst."], stick)
    (stick / "kapot.kiosk").write_bytes(b"not an export at all")
    monkeypatch.setattr(window, "removable_drives", lambda: [])
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title: stick)
    tab = empty_console.collect_tab
    empty_console.tabs.setCurrentWidget(tab)
    with qtbot.waitSignal(empty_console.runner.idle, timeout=20_000):
        qtbot.mouseClick(tab.collect_button, Qt.MouseButton.LeftButton)

    rows = {
        tab.results_table.item(r, 0).text(): [
            tab.results_table.item(r, c).text() for c in range(1, 6)
        ]
        for r in range(tab.results_table.rowCount())
    }
    assert len(rows) == 3
    assert rows["kapot.kiosk"][:4] == ["", "", "", ""]
    assert rows["kapot.kiosk"][4].startswith("✗ geweigerd: ")
    assert "geweigerd: geweigerd" not in rows["kapot.kiosk"][4]
    good = sorted(v for k, v in rows.items() if k != "kapot.kiosk")
    assert good == [["1", "3", "0", "0", "✓ ingelezen"], ["3", "1", "0", "0", "✓ ingelezen"]]

    assert empty_console.event_choice.currentData() == demo_plan.event_id
    assert tab.missing_label.text() == "⚠ Nog niet binnen: tafel 2, 4, 5, 6"
    totals = tab.totals_table
    assert [totals.item(r, totals.columnCount() - 1).text() for r in range(6)] == [
        "1",
        "ontbreekt",
        "1",
        "ontbreekt",
        "ontbreekt",
        "ontbreekt",
    ]
    assert totals.item(1, 0).background().color().name().upper() == look.MISSING
    assert totals.item(0, 0).background().style() == Qt.BrushStyle.NoBrush
    assert [totals.item(6, c).text() for c in range(2, 5)] == ["3", "1", "4"]  # rounds, total

    # The same stick again changes nothing.
    with qtbot.waitSignal(empty_console.runner.idle, timeout=20_000):
        qtbot.mouseClick(tab.collect_button, Qt.MouseButton.LeftButton)
    again = [tab.results_table.item(r, 5).text() for r in range(tab.results_table.rowCount())]
    assert sorted(again)[:2] == ["✓ al eerder ingelezen", "✓ al eerder ingelezen"]
    assert empty_console.curate_tab.model.rowCount() == 4


def test_sealed_exports_open_with_the_organisers_key(
    qtbot, empty_console, tmp_path, demo_plan, monkeypatch
):
    keys = tmp_path / "keys"
    keys.mkdir()
    private, _public, text = create_key_files(keys, "correct paard", n=2**10)
    plan = demo_plan.model_copy(update={"organiser_key": text})
    stick = tmp_path / "STICK"
    stick.mkdir()
    export_of(tmp_path, plan, 2, ["Verzegeld."], stick)
    monkeypatch.setattr(window, "removable_drives", lambda: [])
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title: stick)
    tab = empty_console.collect_tab

    def collect() -> list[str]:
        with qtbot.waitSignal(empty_console.runner.idle, timeout=20_000):
            qtbot.mouseClick(tab.collect_button, Qt.MouseButton.LeftButton)
        return [tab.results_table.item(r, 5).text() for r in range(tab.results_table.rowCount())]

    assert collect()[0].startswith("✗ geweigerd: ")  # no key yet
    monkeypatch.setattr(dialogs, "key_file", lambda parent: private)
    monkeypatch.setattr(dialogs, "passphrase", lambda parent: "correct paard")
    with qtbot.waitSignal(empty_console.runner.idle, timeout=20_000):
        qtbot.mouseClick(tab.key_button, Qt.MouseButton.LeftButton)
    assert tab.key_button.text() == f"Sleutel: {private.name}"
    assert collect() == ["✓ ingelezen"]
    assert empty_console.curate_tab.model.rowCount() == 1


def test_the_key_is_opened_once_per_session_and_asked_again_after_a_wrong_passphrase(
    qtbot, empty_console, tmp_path, demo_plan, monkeypatch
):
    keys = tmp_path / "keys"
    keys.mkdir()
    private, _public, text = create_key_files(keys, "correct paard", n=2**10)
    plan = demo_plan.model_copy(update={"organiser_key": text})
    sticks = [tmp_path / "STICK-1", tmp_path / "STICK-2"]
    for number, stick in enumerate(sticks, start=1):
        stick.mkdir()
        export_of(tmp_path, plan, number, [f"Verzegeld {number}."], stick)
    opened: list[Path] = []

    def counting_open(path, passphrase):
        opened.append(path)
        return open_key_file(path, passphrase)

    monkeypatch.setattr(collect, "open_key_file", counting_open)
    monkeypatch.setattr(window, "removable_drives", lambda: [])
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "refuse", lambda parent, message: refused.append(message))
    answers = iter(["verkeerd!", "correct paard"])
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "key_file", lambda parent: private)
    monkeypatch.setattr(dialogs, "passphrase", lambda parent: asked.append("?") or next(answers))
    tab = empty_console.collect_tab

    def open_key() -> None:
        with qtbot.waitSignal(empty_console.runner.idle, timeout=20_000):
            qtbot.mouseClick(tab.key_button, Qt.MouseButton.LeftButton)

    open_key()
    assert len(refused) == 1 and "verkeerde wachtwoordzin" in refused[0]
    assert empty_console.key is None
    assert tab.key_button.text() == "Sleutel voor verzegelde exports…"
    open_key()
    assert len(asked) == 2 and len(refused) == 1
    assert empty_console.key is not None and empty_console.key.public_text == text
    assert tab.key_button.text() == f"Sleutel: {private.name}"

    for stick in sticks:
        monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title, s=stick: s)
        with qtbot.waitSignal(empty_console.runner.idle, timeout=20_000):
            qtbot.mouseClick(tab.collect_button, Qt.MouseButton.LeftButton)
        assert [tab.results_table.item(0, 5).text()] == ["✓ ingelezen"]
    assert opened == [private, private]  # the wrong try and the right one; no merge re-opens it
    assert len(asked) == 2
    # The passphrase is not kept anywhere in the console.
    assert all("correct paard" not in repr(value) for value in vars(empty_console).values())


def test_unsealed_exports_of_a_keyed_event_only_when_the_organiser_allows(
    qtbot, empty_console, tmp_path, demo_plan, clock, monkeypatch
):
    keyed = demo_plan.model_copy(update={"organiser_key": new_key_pair().public_text})
    with empty_console.archive.begin() as session:
        install_plan(session, keyed, clock.now())
    stick = tmp_path / "STICK"
    stick.mkdir()
    export_of(tmp_path, demo_plan, 1, ["Niet verzegeld."], stick)  # a laptop with an old plan
    monkeypatch.setattr(window, "removable_drives", lambda: [])
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title: stick)
    tab = empty_console.collect_tab
    empty_console.tabs.setCurrentWidget(tab)
    box = tab.allow_unsealed_box
    assert box.text() == "Ook onversleutelde exports inlezen" and not box.isChecked()
    assert "organisatorsleutel" in box.toolTip()

    def collect() -> str:
        with qtbot.waitSignal(empty_console.runner.idle, timeout=20_000):
            qtbot.mouseClick(tab.collect_button, Qt.MouseButton.LeftButton)
        assert tab.results_table.rowCount() == 1
        return tab.results_table.item(0, 5).text()

    refusal = collect()
    assert refusal.startswith("✗ geweigerd: ") and "niet verzegeld" in refusal
    assert empty_console.curate_tab.model.rowCount() == 0
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked()
    assert collect() == "✓ ingelezen"
    assert empty_console.curate_tab.model.rowCount() == 1
