"""The Collect tab: a folder with good and bad exports merges the good, shows both rows, and
marks the plan tables that have not handed in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.exchange.keyfiles import create_key_files, open_key_file
from kiosk.exchange.sealing import new_key_pair
from kiosk.organiser import collect
from kiosk.organiser.archive import Archive
from kiosk.storage.queries import install_plan
from kiosk.storage.store import open_store
from kiosk.ui.organiser import dialogs, look, window
from kiosk.ui.organiser.window import OrganiserWindow
from tests.builders import export_of
from tests.ui.conftest import unexpected_refusal


@pytest.fixture
def empty_console(qtbot, qapp, tmp_path, clock, monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", lambda parent, question: True)
    monkeypatch.setattr(dialogs, "refuse", unexpected_refusal)
    look.apply(qapp)
    store = open_store(tmp_path / "archive.sqlite")
    made = OrganiserWindow(Archive(store, clock.now))
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
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title, start=None: stick)
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
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title, start=None: stick)
    tab = empty_console.collect_tab

    def collect() -> list[str]:
        with qtbot.waitSignal(empty_console.runner.idle, timeout=20_000):
            qtbot.mouseClick(tab.collect_button, Qt.MouseButton.LeftButton)
        return [tab.results_table.item(r, 5).text() for r in range(tab.results_table.rowCount())]

    assert collect()[0].startswith("✗ geweigerd: ")  # no key yet
    monkeypatch.setattr(dialogs, "key_file", lambda parent, start=None: private)
    monkeypatch.setattr(dialogs, "passphrase", lambda parent, problem="": "correct paard")
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
    picked: list[object] = []
    monkeypatch.setattr(
        dialogs, "key_file", lambda parent, start=None: picked.append(start) or private
    )
    monkeypatch.setattr(
        dialogs, "passphrase", lambda parent, problem="": asked.append(problem) or next(answers)
    )
    tab = empty_console.collect_tab

    # A wrong passphrase asks again for the same file, saying why; the file is picked once.
    qtbot.mouseClick(tab.key_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: empty_console.key is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not empty_console.runner.busy, timeout=20_000)
    assert asked == ["", "Verkeerde wachtwoordzin; probeer het opnieuw."]
    assert len(picked) == 1 and refused == []
    assert empty_console.key.public_text == text
    assert tab.key_button.text() == f"Sleutel: {private.name}"

    for stick in sticks:
        monkeypatch.setattr(
            dialogs, "drive_or_folder", lambda parent, drives, title, start=None, s=stick: s
        )
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
    with empty_console.archive.store.begin() as session:
        install_plan(session, keyed, clock.now())
    stick = tmp_path / "STICK"
    stick.mkdir()
    export_of(tmp_path, demo_plan, 1, ["Niet verzegeld."], stick)  # a laptop with an old plan
    monkeypatch.setattr(window, "removable_drives", lambda: [])
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title, start=None: stick)
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


def test_a_refusal_reason_is_shown_whole_with_dutch_numbers(
    qtbot, empty_console, tmp_path, demo_plan, monkeypatch
):
    stick = tmp_path / "STICK"
    stick.mkdir()
    made = export_of(tmp_path, demo_plan, 1, ["Kleinere klassen."] * 40, tmp_path)
    data = made.read_bytes()
    (stick / "afgebroken.kiosk").write_bytes(data[: len(data) - 1000])  # a stick pulled too soon
    monkeypatch.setattr(window, "removable_drives", lambda: [])
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title, start=None: stick)
    tab = empty_console.collect_tab
    empty_console.tabs.setCurrentWidget(tab)
    empty_console.resize(1000, 700)
    with qtbot.waitSignal(empty_console.runner.idle, timeout=20_000):
        qtbot.mouseClick(tab.collect_button, Qt.MouseButton.LeftButton)
    table = tab.results_table
    cell = table.item(0, 5)
    body = len(data) - data.index(b"\n") - 1
    expected = f"{body:,}".replace(",", ".")
    assert f"van {expected} bytes" in cell.text()  # Dutch grouping, not 1,895
    # Wrapped over as many lines as it needs: the row holds the whole reason, nothing elided.
    rect = table.visualItemRect(cell)
    needed = table.fontMetrics().boundingRect(
        0, 0, rect.width() - 8, 10_000, int(Qt.TextFlag.TextWordWrap), cell.text()
    )
    assert needed.height() > table.fontMetrics().height()  # the reason is longer than a line
    assert rect.height() >= needed.height()
    assert table.maximumHeight() >= table.verticalHeader().length()


def test_sealed_files_refused_for_want_of_a_key_merge_once_it_is_opened(
    qtbot, empty_console, tmp_path, demo_plan, monkeypatch
):
    keys = tmp_path / "keys"
    keys.mkdir()
    private, _public, text = create_key_files(keys, "correct paard", n=2**10)
    plan = demo_plan.model_copy(update={"organiser_key": text})
    stick = tmp_path / "STICK"
    stick.mkdir()
    export_of(tmp_path, plan, 2, ["Verzegeld."], stick)
    (stick / "kapot.kiosk").write_bytes(b"not an export at all")
    monkeypatch.setattr(window, "removable_drives", lambda: [])
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title, start=None: stick)
    tab = empty_console.collect_tab
    with qtbot.waitSignal(empty_console.runner.idle, timeout=20_000):
        qtbot.mouseClick(tab.collect_button, Qt.MouseButton.LeftButton)
    assert [r.accepted for r in tab.results] == [False, False]

    monkeypatch.setattr(dialogs, "key_file", lambda parent, start=None: private)
    monkeypatch.setattr(dialogs, "passphrase", lambda parent, problem="": "correct paard")
    qtbot.mouseClick(tab.key_button, Qt.MouseButton.LeftButton)
    # No second trip to the stick: the sealed file is merged as soon as the key is open.
    qtbot.waitUntil(lambda: any(r.accepted for r in tab.results), timeout=20_000)
    qtbot.waitUntil(lambda: not empty_console.runner.busy, timeout=20_000)
    rows = {
        tab.results_table.item(r, 0).text(): tab.results_table.item(r, 5).text() for r in (0, 1)
    }
    assert rows["kapot.kiosk"].startswith("✗ geweigerd: ")
    assert [v for k, v in rows.items() if k != "kapot.kiosk"] == ["✓ ingelezen"]
    assert empty_console.curate_tab.model.rowCount() == 1
    assert tab.collect_button.isEnabled()


def test_the_key_picker_starts_where_the_key_was_made_and_the_console_remembers_it(
    qtbot, empty_console, tmp_path, clock, monkeypatch
):
    keys = tmp_path / "sleutels"
    keys.mkdir()
    monkeypatch.setattr(dialogs, "folder", lambda parent, title, start=None: keys)
    monkeypatch.setattr(dialogs, "new_passphrase", lambda parent: "correct paard")
    monkeypatch.setattr(dialogs, "tell", lambda parent, message: None)
    qtbot.mouseClick(empty_console.plan_tab.make_key_button, Qt.MouseButton.LeftButton)
    starts: list[object] = []
    monkeypatch.setattr(dialogs, "key_file", lambda parent, start=None: starts.append(start))
    tab = empty_console.collect_tab
    qtbot.mouseClick(tab.key_button, Qt.MouseButton.LeftButton)
    assert starts == [keys]

    # Another console session on the same archive starts there too.
    later = OrganiserWindow(empty_console.archive)
    qtbot.addWidget(later)
    qtbot.mouseClick(later.collect_tab.key_button, Qt.MouseButton.LeftButton)
    assert starts == [keys, keys]


def test_the_stick_folder_is_remembered_for_the_next_collect(
    qtbot, empty_console, tmp_path, demo_plan, monkeypatch
):
    stick = tmp_path / "STICK"
    stick.mkdir()
    export_of(tmp_path, demo_plan, 1, ["Eén loket."], stick)
    starts: list[object] = []

    def pick(parent, drives, title, start=None):
        starts.append(start)
        return stick

    monkeypatch.setattr(window, "removable_drives", lambda: [])
    monkeypatch.setattr(dialogs, "drive_or_folder", pick)
    tab = empty_console.collect_tab
    for _time in range(2):
        with qtbot.waitSignal(empty_console.runner.idle, timeout=20_000):
            qtbot.mouseClick(tab.collect_button, Qt.MouseButton.LeftButton)
    assert starts == [None, stick]
