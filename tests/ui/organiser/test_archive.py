"""The console's archive setting: a file or a PostgreSQL server, tested first; no password kept."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from kiosk.core.i18n import _
from kiosk.organiser.archive import Archive
from kiosk.organiser.archive_choice import remembered, settings_file
from kiosk.storage.queries import install_plan
from kiosk.storage.server import DatabaseUrl, parse_url
from kiosk.storage.store import open_store
from kiosk.ui.organiser import dialogs, look
from kiosk.ui.organiser.dialogs import ArchiveDialog
from kiosk.ui.organiser.window import OrganiserWindow
from tests.ui.conftest import unexpected_refusal


@pytest.fixture
def empty_console(qtbot, qapp, tmp_path, clock, monkeypatch):
    monkeypatch.setattr(dialogs, "refuse", unexpected_refusal)
    look.apply(qapp)
    made = OrganiserWindow(Archive.open(tmp_path / "archive.sqlite", clock.now))
    qtbot.addWidget(made)
    made.show()
    yield made
    made.runner.shutdown()
    made.archive.close()


def test_the_connection_test_says_what_answered_or_why_not(qtbot, tmp_path):
    dialog = ArchiveDialog("")
    qtbot.addWidget(dialog)
    dialog.location.setText(str(tmp_path / "nieuw.sqlite"))
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.result.text() == _("A new archive file will be made here.")
    assert dialog.chosen == tmp_path / "nieuw.sqlite"

    dialog.location.setText(f"postgresql://niemand@/kiosk?host={tmp_path}&port=1")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen is None
    assert dialog.result.property("role") == "problem"
    assert "cannot connect" in dialog.result.text()

    (tmp_path / "ander.sqlite").write_bytes(b"no database at all, but a text file" * 100)
    dialog.location.setText(str(tmp_path / "ander.sqlite"))
    dialog.accept()
    assert dialog.chosen is None and "not a kiosk store" in dialog.result.text()


def test_choosing_another_archive_lists_its_events_and_is_remembered(
    qtbot, empty_console, tmp_path, demo_plan, clock, monkeypatch
):
    other = tmp_path / "organisatie.sqlite"
    with open_store(other) as store, store.begin() as session:
        install_plan(session, demo_plan, clock.now())
    before = empty_console.archive
    monkeypatch.setattr(dialogs, "archive", lambda parent, current: other)
    assert empty_console.event_choice.count() == 0

    qtbot.mouseClick(empty_console.archive_button, Qt.MouseButton.LeftButton)

    assert empty_console.archive.path == other
    assert empty_console.curate_tab.archive is empty_console.archive
    assert empty_console.event_choice.currentData() == demo_plan.event_id
    assert str(other) in empty_console.archive_label.text()
    assert remembered() == other
    assert before.store.engine.pool.checkedout() == 0


def test_a_server_archive_is_tested_and_its_password_never_stored(
    qtbot, empty_console, pg_url, monkeypatch
):
    dialog = ArchiveDialog("")
    qtbot.addWidget(dialog)
    dialog.location.setText(pg_url)
    dialog.password.setText("geheim")  # the test server trusts local logins
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.result.text().startswith(_("Connected: {server}").format(server="PostgreSQL"))
    target = dialog.chosen
    assert isinstance(target, DatabaseUrl) and target.url.password == "geheim"
    assert "geheim" not in str(target)

    monkeypatch.setattr(dialogs, "archive", lambda parent, current: target)
    qtbot.mouseClick(empty_console.archive_button, Qt.MouseButton.LeftButton)
    assert isinstance(empty_console.archive.path, DatabaseUrl)
    saved = settings_file().read_text(encoding="utf-8")
    assert "geheim" not in saved
    assert parse_url(json.loads(saved)["archive"]).url.password is None
    assert remembered() == parse_url(pg_url)


def test_the_console_fits_a_laptop_screen_with_its_frame(qtbot, console):
    """At 1366x768 the desk size plus a title bar would put the status bar off the screen."""
    from kiosk.ui.organiser.window import present

    console.hide()
    present(console)
    area = console.screen().availableGeometry()
    # Maximised, the window manager fits the frame to the screen (offscreen has none to ask).
    assert area.width() == 1366 and console.isMaximized()
