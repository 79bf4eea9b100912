"""The host's export dialog: a temp folder plays the stick; a failing writer plays a bad one."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kiosk.core import sticks
from kiosk.core.drives import Drive
from kiosk.core.i18n import translator
from kiosk.exchange.format import read_export_file
from kiosk.table.snapshot import read_snapshot
from kiosk.table.wall import TableWall
from kiosk.ui.table.export_dialog import ExportDialog
from tests.builders import Laptop, dump, make_laptop

nl = translator("nl")


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: a temp folder, or docs/ when KIOSK_SHOTS=docs refreshes them."""
    if os.environ.get("KIOSK_SHOTS") == "docs":
        return Path(__file__).resolve().parents[2] / "docs"
    return tmp_path


@pytest.fixture
def laptop(tmp_path: Path, demo_plan):
    made = make_laptop(tmp_path / "table.sqlite", demo_plan, 1)
    for text in ("Geef ongelijkheid een naam", "Luister naar jongeren", "weg"):
        made.add(text)
    made.edit(made.notes[-1], deleted=True)
    yield made
    made.store.close()


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "KINGSTON"
    folder.mkdir()
    return folder


def dialog_for(qtbot, laptop: Laptop, drives: list[Drive]) -> ExportDialog:
    snapshot = read_snapshot(laptop.store.path)
    assert snapshot is not None
    wall = TableWall(snapshot, laptop.clock.now, store=laptop.store)
    dialog = ExportDialog(wall, find_drives=lambda: drives)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.look_again.isEnabled())
    return dialog


def drive(path: Path) -> Drive:
    return Drive(path=path, label=path.name, free_bytes=7_500_000_000, total_bytes=8_000_000_000)


def test_export_to_a_stick_shows_name_count_and_safe_to_remove(qtbot, laptop, stick, shots):
    dialog = dialog_for(qtbot, laptop, [drive(stick)])
    assert dialog.drives.count() == 1 and dialog.target() == stick
    assert "7.5" in dialog.drives.item(0).text()
    assert dialog.export_button.isEnabled()

    with qtbot.waitSignal(dialog.exported, timeout=10_000) as done:
        dialog.export_button.click()

    result = done.args[0]
    assert result.path.parent == stick and result.note_count == 2
    assert read_export_file(result.path).doc.table_number == 1
    text = dialog.status.text()
    assert result.path.name in text
    assert nl("Notes: {count}").format(count=2) in text
    assert dialog.safe.text() == "Veilig om te verwijderen" and not dialog.safe.isHidden()
    assert dialog.close_button.isEnabled()
    dialog.show()
    assert dialog.grab().save(str(shots / "export-dialog.png"))


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        (errno.ENOSPC, "De USB-stick is vol."),
        (errno.EROFS, "alleen-lezen"),
        (errno.EIO, "De USB-stick is verwijderd"),
    ],
)
def test_a_bad_stick_gives_one_sentence_and_a_retry(
    qtbot, laptop, stick, monkeypatch, shots, code, sentence
):
    before = dump(laptop.store.path)

    def failing(fd, data):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(sticks, "write_chunk", failing)
    dialog = dialog_for(qtbot, laptop, [drive(stick)])
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        dialog.export_button.click()

    assert sentence in failed.args[0]
    assert dialog.status.text() == failed.args[0] and "\n" not in failed.args[0]
    assert not dialog.progress.isVisible() and dialog.safe.isHidden()
    assert list(stick.iterdir()) == []
    assert dump(laptop.store.path) == before
    if code == errno.ENOSPC:
        dialog.show()
        assert dialog.grab().save(str(shots / "export-dialog-full.png"))

    monkeypatch.undo()
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_button.click()
    assert len(list(stick.iterdir())) == 1


def test_no_stick_found_offers_a_folder(qtbot, laptop, tmp_path, monkeypatch):
    dialog = dialog_for(qtbot, laptop, [])
    dialog.show()
    assert dialog.empty.isVisible() and not dialog.export_button.isEnabled()
    folder = tmp_path / "elders"
    folder.mkdir()
    monkeypatch.setattr(ExportDialog, "ask_folder", staticmethod(lambda parent: folder))
    dialog.other_folder.click()
    assert dialog.target() == folder and not dialog.empty.isVisible()
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as done:
        dialog.export_button.click()
    assert done.args[0].path.parent == folder


def test_a_cancelled_folder_picker_changes_nothing(qtbot, laptop, monkeypatch):
    dialog = dialog_for(qtbot, laptop, [])
    monkeypatch.setattr(ExportDialog, "ask_folder", staticmethod(lambda parent: None))
    dialog.other_folder.click()
    assert dialog.target() is None and dialog.drives.count() == 0


def test_the_dialog_stays_open_while_writing(qtbot, laptop, stick):
    dialog = dialog_for(qtbot, laptop, [drive(stick)])
    dialog.show()
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.start_export()
        assert dialog.busy and not dialog.close_button.isEnabled()
        dialog.reject()
        assert dialog.isVisible()
    dialog.reject()
    assert not dialog.isVisible()
