"""The start screen and the composition root: demo, plans on a stick or in a folder, relaunch."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from kiosk.cli import main
from kiosk.core.drives import Drive
from kiosk.core.i18n import language
from kiosk.table.wall import TableWall
from kiosk.ui import app as kiosk_app
from kiosk.ui.table import dialogs, start_screen
from kiosk.ui.table.start_screen import StartScreen
from kiosk.ui.table.window import KioskWindow


@pytest.fixture
def screen(qtbot) -> StartScreen:
    widget = StartScreen()
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def no_drives(monkeypatch, *paths):
    monkeypatch.setattr(
        start_screen,
        "removable_drives",
        lambda: [Drive(path=p, label=p.name, free_bytes=1, total_bytes=2) for p in paths],
    )


def test_demo_event_to_a_pin(qtbot, screen):
    qtbot.mouseClick(screen.demo_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is screen.tables_page
    first = screen.table_list.item(0).text()
    assert first.startswith("Tafel 1: Dekkend aanbod en inclusie")
    screen.table_list.setCurrentRow(2)
    qtbot.mouseClick(screen.tables_next, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is screen.pin_page
    qtbot.keyClicks(screen.pin_first, "12a")
    qtbot.keyClick(screen.pin_first, Qt.Key.Key_Return)
    qtbot.keyClicks(screen.pin_second, "12")
    with qtbot.assertNotEmitted(screen.setupChosen):
        qtbot.keyClick(screen.pin_second, Qt.Key.Key_Return)
    assert "4 cijfers" in screen.pin_message.text()
    screen.pin_first.setText("2468")
    screen.pin_second.setText("2469")
    with qtbot.assertNotEmitted(screen.setupChosen):
        screen.finish()
    assert "verschillen" in screen.pin_message.text()
    screen.pin_second.setText("2468")
    with qtbot.waitSignal(screen.setupChosen) as chosen:
        qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    plan, table, pin = chosen.args
    assert (plan.event.title, table, pin) == (
        "Van diplomagericht naar toekomstgericht onderwijs",
        3,
        "2468",
    )


def test_plans_on_a_stick_are_listed_first(qtbot, screen, tmp_path, monkeypatch, demo_plan_path):
    stick = tmp_path / "KINGSTON"
    stick.mkdir()
    (stick / "thematafels.json").write_bytes(demo_plan_path.read_bytes())
    (stick / "export.json").write_text('{"format": "kiosk-export/1"}', encoding="utf-8")
    no_drives(monkeypatch, stick)
    qtbot.mouseClick(screen.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.plan_list.count() == 1)
    assert "thematafels.json" in screen.plan_list.item(0).text()
    assert screen.plans_next.isEnabled()
    qtbot.mouseClick(screen.plans_next, Qt.MouseButton.LeftButton)
    assert screen.table_list.count() == 6


def test_no_stick_then_a_folder(qtbot, screen, tmp_path, monkeypatch, plan_data):
    no_drives(monkeypatch)
    qtbot.mouseClick(screen.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Geen plan gevonden" in screen.plans_status.text())
    folder = tmp_path / "plannen"
    (folder / "oud").mkdir(parents=True)
    (folder / "plan.json").write_text(json.dumps(plan_data), encoding="utf-8")
    broken = dict(plan_data, rounds=[])
    (folder / "oud" / "kapot.json").write_text(json.dumps(broken), encoding="utf-8")
    monkeypatch.setattr(start_screen, "ask_folder", lambda parent: folder)
    qtbot.mouseClick(screen.folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.plan_list.count() == 2)
    assert "niet bruikbaar" in screen.plan_list.item(1).text()
    assert not screen.plan_list.item(1).flags() & Qt.ItemFlag.ItemIsEnabled
    screen.plan_list.setCurrentRow(0)
    screen.take_plan()
    assert screen.event_label.text() == "Thematafels"
    assert screen.table_list.count() == 3


# -- the composition root -----------------------------------------------------------------------


@pytest.fixture
def kiosk(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(kiosk_app.Kiosk, "_present", lambda self, widget: widget.show())
    made = kiosk_app.Kiosk(qapp, tmp_path / "table.sqlite", windowed=True, started=0.0)
    yield made
    if made.window is not None:
        made.window.unlock()
        made.window.close()
    if made.start_screen is not None:
        made.start_screen.close()
    made.close()


def test_first_launch_sets_up_a_table_then_later_launches_open_its_wall(
    qtbot, kiosk, tmp_path, demo_plan_path
):
    from kiosk.plan.model import load_plan

    assert kiosk_app.open_wall(kiosk.db) is None
    kiosk.show_start()
    assert kiosk.start_screen is not None
    kiosk.start_screen.setupChosen.emit(load_plan(demo_plan_path), 1, "1357")
    assert isinstance(kiosk.window, KioskWindow) and kiosk.start_screen is None
    window = kiosk.window
    window.model.wall.add_note("blijft staan", "insight")
    window.entry.text.setText("half getypt")
    window.flush_draft()
    kiosk.close()
    again = kiosk_app.open_wall(kiosk.db)
    assert again is not None and again.check_pin("1357").ok
    assert [n.text for n in again.notes] == ["blijft staan"]
    assert again.draft.text == "half getypt"
    again.close()


def test_setup_refusal_is_shown_on_the_start_screen(qtbot, kiosk, demo_plan_path):
    from kiosk.plan.model import load_plan

    kiosk.db.mkdir()  # a folder where the store should be
    kiosk.show_start()
    kiosk.start_screen.setupChosen.emit(load_plan(demo_plan_path), 1, "1357")
    assert kiosk.window is None
    assert "is a folder" in kiosk.start_screen.pin_message.text()


def test_language_change_rebuilds_the_window_in_english(qtbot, kiosk, table_store, monkeypatch):
    store, _at = table_store
    store.close()
    kiosk.db = store.path
    wall = kiosk_app.open_wall(store.path)
    wall.add_note("Hallo", "insight")
    kiosk.show_wall(wall)
    first = kiosk.window
    wall.set_language("en")
    first.languageChosen.emit("en")
    assert kiosk.window is not first and language() == "en"
    assert kiosk.window.entry.text.placeholderText() == "Type a note — no names, only roles"
    assert kiosk.window.wall_view.note_item(wall.notes[0].id) is not None
    assert kiosk.window.timer_panel.timer is first.timer_panel.timer
    # Qt's own texts (pickers, standard buttons, key names) follow: English, then Dutch again.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    kiosk.window.languageChosen.emit("nl")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuleren"


def test_released_table_goes_back_to_the_start_screen(qtbot, kiosk, table_store, monkeypatch):
    store, _at = table_store
    store.close()
    kiosk.db = store.path
    kiosk.show_wall(kiosk_app.open_wall(store.path))
    monkeypatch.setattr(dialogs.PinDialog, "ask", staticmethod(lambda *a: True))
    monkeypatch.setattr(dialogs.Confirm, "ask", staticmethod(lambda *a: True))
    kiosk.wall.set_pin("1357")
    kiosk.window.switch_table()
    assert kiosk.start_screen is not None and kiosk.window is None
    assert TableWall.open(store.path) is None


def test_export_on_the_host_menu_opens_the_export_dialog(qtbot, kiosk, table_store, monkeypatch):
    from kiosk.ui.table.export_dialog import ExportDialog

    store, _at = table_store
    store.close()
    kiosk.db = store.path
    kiosk.show_wall(kiosk_app.open_wall(store.path))
    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda dialog: opened.append(dialog.wall))
    qtbot.waitUntil(lambda: kiosk.window.finished)  # the host menu is made after the first frame
    assert kiosk.window.export_action.isEnabled()
    kiosk.window.export_action.trigger()
    assert opened == [kiosk.wall] and kiosk.wall.path == store.path


def test_newer_store_is_refused_before_any_window(tmp_path, table_store):
    import sqlite3

    from kiosk.core.errors import KioskError

    store, _at = table_store
    store.close()
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00d'")
    conn.close()
    with pytest.raises(KioskError, match="newer version"):
        kiosk_app.open_wall(store.path)


def test_store_of_an_older_kiosk_is_migrated_then_shown(table_store):
    """A store at an older schema is brought to head before its wall is read (one read of
    its revision: the snapshot's)."""
    import sqlite3

    from kiosk.storage.schema import SCHEMA_HEAD
    from tests.builders import downgrade

    store, _at = table_store
    path = store.path
    downgrade(store, "0003")
    store.close()
    wall = kiosk_app.open_wall(path)
    assert wall is not None
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
    conn.close()


# -- the command line ---------------------------------------------------------------------------


def test_kiosk_without_a_command_runs_the_kiosk(monkeypatch, tmp_path):
    calls = []

    def run_kiosk(db, windowed):
        calls.append((db, windowed, gc.isenabled()))

    monkeypatch.setattr(kiosk_app, "run_kiosk", run_kiosk)
    assert main(["--db", str(tmp_path / "t.sqlite"), "--windowed"]) == 0
    # The collector is off while the kiosk launches, and on again whatever happens after.
    assert calls == [(tmp_path / "t.sqlite", True, False)]
    assert gc.isenabled()


def test_the_collector_comes_back_after_the_first_frame(qtbot, kiosk, table_store):
    store, _at = table_store
    store.close()
    kiosk.db = store.path
    gc.disable()  # as cmd_kiosk does
    try:
        kiosk.show_wall(kiosk_app.open_wall(store.path))
        qtbot.waitUntil(gc.isenabled)
        assert gc.get_freeze_count() > 0  # what launch made is left out of later collections
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_store_opens_after_the_first_frame_its_code_loaded_off_the_ui_thread(
    qtbot, kiosk, table_store, monkeypatch
):
    """SQLAlchemy and the queries load on a thread (the window answers meanwhile); the store
    itself opens on the UI thread, which writes to it."""
    store, _at = table_store
    store.close()
    kiosk.db = store.path
    on_ui_thread = []
    load = TableWall.load_store_code

    def spy() -> None:
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        load()

    monkeypatch.setattr(TableWall, "load_store_code", staticmethod(spy))
    wall = kiosk_app.open_wall(store.path)
    kiosk.show_wall(wall)
    qtbot.waitUntil(lambda: wall._store is not None)  # opened without anyone asking
    assert on_ui_thread[0] is False
    assert wall.add_note("meteen", "insight").text == "meteen"


def test_headless_commands_never_load_qt(demo_plan_path):
    code = (
        "import sys\nfrom kiosk.cli import main\n"
        f"main(['plan', 'check', {str(demo_plan_path)!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_stick_the_kiosk_runs_from_is_searched_first(
    qtbot, screen, tmp_path, monkeypatch, plan_data, demo_plan_path
):
    own, other = tmp_path / "OWN", tmp_path / "OTHER"
    own.mkdir()
    other.mkdir()
    (own / "kiosk-plan-thematafels.json").write_text(json.dumps(plan_data), encoding="utf-8")
    (other / "plan.json").write_bytes(demo_plan_path.read_bytes())
    monkeypatch.setattr(start_screen, "launch_stick", lambda: own)
    no_drives(monkeypatch, other, own)  # the kiosk's own stick is a removable drive too
    qtbot.mouseClick(screen.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.plan_list.count() == 2)
    assert screen.plan_list.item(0).text().startswith("Thematafels\n")
    assert str(own) in screen.plan_list.item(0).text()
    assert screen.plan_list.currentRow() == 0


def test_the_start_screen_says_where_the_notes_are_kept(qtbot, kiosk, tmp_path):
    kiosk.show_start()
    text = kiosk.start_screen.store_label.text()
    assert text == (
        f"De notities van deze tafel worden bewaard op deze laptop, in {tmp_path}; "
        "nooit op de USB-stick."
    )
    assert kiosk.start_screen.store_label.isVisible()
