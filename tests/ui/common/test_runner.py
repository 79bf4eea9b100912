"""One job at a time off the UI thread: progress, a dialog only when slow, cancel that stops."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.core.atomic import write_atomic
from kiosk.core.errors import KioskError
from kiosk.core.jobs import JobControl
from kiosk.ui.common.runner import JobRunner


class SteppedJob:
    """A long job that does one step each time the test lets it; then writes its file."""

    def __init__(self, out: Path, steps: int = 100):
        self.out = out
        self.steps = steps
        self.gate = threading.Semaphore(0)
        self.reached = 0

    def __call__(self, control: JobControl) -> Path:
        for step in range(1, self.steps + 1):
            self.gate.acquire()
            control.step(step, self.steps, f"step {step}")
            self.reached = step
        return write_atomic(self.out, b"done")

    def let(self, steps: int = 1) -> None:
        for _ in range(steps):
            self.gate.release()


@pytest.fixture
def runner(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    made = JobRunner(parent, delay_ms=60_000)  # the dialog is shown on demand in these tests
    yield made
    made.shutdown()


def test_cancel_stops_a_long_job_and_leaves_no_file(qtbot, runner, tmp_path):
    job = SteppedJob(tmp_path / "summary.pdf")
    seen = []
    runner.progressed.connect(seen.append)
    assert runner.start(job, "Printing")
    assert not runner.dialog.isVisible()  # not before the delay
    job.let(3)
    qtbot.waitUntil(lambda: runner.last_progress is not None and runner.last_progress.done == 3)
    runner.show_progress()
    assert runner.dialog.isVisible() and runner.dialog.value() == 3
    assert not runner.start(job, "again")  # one worker only
    with qtbot.waitSignal(runner.cancelled):
        qtbot.mouseClick(runner.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        job.let()  # the job reaches its next step, sees the cancel and stops there
    assert job.reached == 3
    assert [p.done for p in seen] == [1, 2, 3]
    assert not runner.busy and runner.dialog is None
    assert list(tmp_path.iterdir()) == []


def test_a_finished_job_hands_back_its_result(qtbot, runner, tmp_path):
    job = SteppedJob(tmp_path / "summary.pdf", steps=2)
    runner.start(job, "Printing")
    with qtbot.waitSignal(runner.finished) as finished:
        job.let(2)
    assert finished.args == [tmp_path / "summary.pdf"]
    assert (tmp_path / "summary.pdf").read_bytes() == b"done"


def test_a_refused_job_reports_its_sentence(qtbot, runner):
    def refused(control: JobControl) -> None:
        raise KioskError("/media/STICK: cannot write here (Read-only file system)")

    with qtbot.waitSignal(runner.failed) as failed:
        runner.start(refused, "Printing")
    assert failed.args == ["/media/STICK: cannot write here (Read-only file system)"]
    assert not runner.busy
