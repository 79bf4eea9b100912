"""The Print tab: a hidden note is absent from the summary PDF; cancel leaves no file behind."""

from __future__ import annotations

import io
import threading

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.organiser import printing
from kiosk.ui.organiser import dialogs, window
from kiosk.ui.organiser.curate_tab import TEXT
from kiosk.ui.organiser.window import OrganiserWindow
from tests.builders import export_of

HIDDEN = "Meneer Jansen van De Brug doet dit al goed."
KEPT = "Welbevinden eerst, dan prestaties."


def pdf_text(path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_a_hidden_note_is_left_out_of_the_summary(qtbot, console, tmp_path, monkeypatch):
    curate = console.curate_tab
    texts = [curate.model.index(r, TEXT).data() for r in range(curate.model.rowCount())]
    curate.view.setCurrentIndex(curate.model.index(texts.index(HIDDEN), TEXT))
    qtbot.mouseClick(curate.hide_button, Qt.MouseButton.LeftButton)

    opened = []
    monkeypatch.setattr(dialogs, "open_path", opened.append)
    tab = console.print_tab
    console.tabs.setCurrentWidget(tab)
    tab.folder_edit.setText(str(tmp_path / "uit"))
    tab.handouts_check.setChecked(False)
    with qtbot.waitSignal(console.runner.idle, timeout=60_000):
        qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    summary = tmp_path / "uit" / "samenvatting-2022-03-31-ondersteuningsplan.pdf"
    assert [tab.files.item(i).text() for i in range(tab.files.count())] == [
        str(summary),
        str(tmp_path / "uit" / "notities-2022-03-31-ondersteuningsplan.csv"),
    ]
    text = pdf_text(summary)
    assert KEPT in text
    assert "Jansen" not in text
    assert "Jansen" not in (
        tmp_path / "uit" / "notities-2022-03-31-ondersteuningsplan.csv"
    ).read_text(encoding="utf-8-sig")
    assert tab.open_button.isVisible()
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert opened == [tmp_path / "uit"]


def test_cancel_while_the_summary_is_built_writes_nothing(qtbot, console, tmp_path, monkeypatch):
    building = threading.Event()
    release = threading.Semaphore(0)
    real = printing.summary_pdf

    pages: list[int] = []

    def slow_summary(event, language, on_page=None, **options):
        building.set()
        release.acquire()  # the test decides when the build goes on

        def page_done(page: int) -> None:
            pages.append(page)
            on_page(page)

        return real(event, language, on_page=page_done, **options)

    monkeypatch.setattr(printing, "summary_pdf", slow_summary)
    tab = console.print_tab
    tab.folder_edit.setText(str(tmp_path / "uit"))
    console.runner.delay_ms = 0
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(building.is_set)
    qtbot.waitUntil(lambda: console.runner.dialog is not None and console.runner.dialog.isVisible())
    with qtbot.waitSignal(console.runner.cancelled, timeout=60_000):
        qtbot.mouseClick(console.runner.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        release.release()
    assert pages == [1]  # the build stopped at the end of its first page
    assert list((tmp_path / "uit").rglob("*")) == []
    assert "niets is half geschreven" in tab.status.text()
    assert tab.print_button.isEnabled()


def test_the_chosen_print_folder_survives_collecting_and_a_new_session(
    qtbot, console, tmp_path, clock, demo_plan, monkeypatch
):
    chosen = tmp_path / "Verslag thematafels"
    monkeypatch.setattr(dialogs, "open_path", lambda path: True)
    monkeypatch.setattr(dialogs, "folder", lambda parent, title, start=None: chosen)
    tab = console.print_tab
    console.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.folder_button, Qt.MouseButton.LeftButton)
    tab.handouts_check.setChecked(False)
    with qtbot.waitSignal(console.runner.idle, timeout=60_000):
        qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert all(path.parent == chosen for path in tab.written)

    # Collecting a stick again reloads the events: the folder stays.
    stick = tmp_path / "STICK"
    stick.mkdir()
    export_of(tmp_path, demo_plan, 2, ["Nog een notitie."], stick)
    monkeypatch.setattr(window, "removable_drives", lambda: [])
    monkeypatch.setattr(dialogs, "drive_or_folder", lambda parent, drives, title, start=None: stick)
    console.tabs.setCurrentWidget(console.collect_tab)
    with qtbot.waitSignal(console.runner.idle, timeout=20_000):
        qtbot.mouseClick(console.collect_tab.collect_button, Qt.MouseButton.LeftButton)
    console.tabs.setCurrentWidget(tab)
    assert tab.folder_edit.text() == str(chosen)
    assert tab.order().folder == chosen

    later = OrganiserWindow(console.archive)
    qtbot.addWidget(later)
    assert later.print_tab.folder_edit.text() == str(chosen)
