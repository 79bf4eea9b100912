"""UI test fixtures: kiosk windows on a fake clock, and the organiser console over an archive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from kiosk.core.clock import FakeClock
from kiosk.core.i18n import set_language
from kiosk.organiser.archive import Archive
from kiosk.plan.editor import PlanEditor
from kiosk.table.timer import RoundPlan, RoundTimer
from kiosk.table.wall import TableWall
from kiosk.ui.common import qt_texts, style
from kiosk.ui.organiser import dialogs, look
from kiosk.ui.organiser.window import OrganiserWindow
from kiosk.ui.table.timer_view import Chime, TimerPanel
from kiosk.ui.table.wall_model import QtTableWall
from kiosk.ui.table.window import KioskWindow
from tests.builders import demo_archive

NO_TICKS = 3_600_000  # tests refresh the timer view themselves


class SilentChime(Chime):
    def prepare(self) -> None:
        pass

    def play(self) -> None:
        pass


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch):
    """A real modal dialog would wait forever for a click: tests patch the `ask()` instead."""

    def refuse(dialog, *args):
        raise AssertionError(f"a modal {type(dialog).__name__} opened; patch its ask()")

    monkeypatch.setattr(QDialog, "exec", refuse)
    monkeypatch.setattr(QMessageBox, "exec", refuse)


@pytest.fixture(autouse=True)
def _dutch_and_styled(qapp):
    """Every UI test starts in Dutch (Qt's own texts too) with the kiosk's fonts and style
    sheet, as the app runs."""
    set_language("nl")
    qt_texts.use_language(qapp, "nl")
    style.apply(qapp, 1.0)
    yield
    set_language("nl")
    qt_texts.use_language(qapp, "nl")


def make_timer(wall: TableWall, clock: FakeClock) -> RoundTimer:
    rounds = [RoundPlan(r.number, r.minutes, r.starts_at) for r in wall.setup.rounds]
    return RoundTimer(rounds, clock, state=wall.timer_state)


def make_window(qtbot, wall: TableWall, clock: FakeClock, size=(1366, 768)) -> KioskWindow:
    panel = TimerPanel(make_timer(wall, clock), chime=SilentChime(), tick_ms=NO_TICKS)
    window = KioskWindow(QtTableWall(wall), panel)
    qtbot.addWidget(window, before_close_func=lambda w: w.unlock())
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.finished)  # shortcuts and menu come right after the first frame
    return window


@pytest.fixture
def window(qtbot, wall: TableWall, clock: FakeClock) -> KioskWindow:
    return make_window(qtbot, wall, clock)


@pytest.fixture
def archive(tmp_path: Path, demo_plan, clock):
    """An organiser's archive with the demo event and a few notes per table."""
    store, ids = demo_archive(tmp_path / "archive.sqlite", demo_plan, clock)
    yield store, ids
    store.close()


def unexpected_refusal(parent, message: str) -> None:
    """A real message box would wait for a click forever; fail the test with its words instead."""
    raise AssertionError(f"unexpected refusal: {message}")


@pytest.fixture
def console(qtbot, qapp, archive, clock, demo_plan_path, monkeypatch):
    """The organiser console over that archive, with the demo plan open."""
    # Closing the window with an edited plan asks first; no real modal box in tests.
    monkeypatch.setattr(dialogs, "confirm", lambda parent, question: True)
    monkeypatch.setattr(dialogs, "refuse", unexpected_refusal)
    look.apply(qapp)
    store, _ids = archive
    window = OrganiserWindow(Archive(store, clock.now), editor=PlanEditor.open(demo_plan_path))
    qtbot.addWidget(window)
    window.show()
    return window


def record_wipe_steps(monkeypatch, receipt: Path | None, confirm: bool = True) -> list[tuple]:
    """Patch every question and message of the wipe and record them in the order asked:
    ("receipt",), ("pin", reason), ("confirm", question), ("notice", text). The PIN is right."""
    from kiosk.ui.table import dialogs as kiosk_dialogs

    steps: list[tuple] = []

    def receipt_file(parent):
        steps.append(("receipt",))
        return receipt

    def pin(parent, reason, check, wait):
        steps.append(("pin", reason))
        return True

    def ask(parent, question, yes):
        steps.append(("confirm", question))
        return confirm

    monkeypatch.setattr(kiosk_dialogs, "ask_receipt_file", receipt_file)
    monkeypatch.setattr(kiosk_dialogs.PinDialog, "ask", staticmethod(pin))
    monkeypatch.setattr(kiosk_dialogs.Confirm, "ask", staticmethod(ask))
    monkeypatch.setattr(
        kiosk_dialogs.Notice, "show_text", staticmethod(lambda p, t: steps.append(("notice", t)))
    )
    return steps


def run_probe(code: str, *args: str) -> str:
    """Run a launch probe (Python code that starts the kiosk) in a fresh process; its output."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
