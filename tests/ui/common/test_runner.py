"""One job at a time off the UI thread: progress, a dialog only when slow, cancel that stops,
failures as one sentence, and every outcome delivered on the UI thread."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.core.atomic import write_atomic
from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.core.jobs import JobControl
from kiosk.ui.common.runner import Runner, in_background


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
        for _step in range(steps):
            self.gate.release()


@pytest.fixture
def runner(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    made = Runner(parent, delay_ms=60_000)  # the dialog is shown on demand in these tests
    yield made
    made.shutdown()


def test_cancel_stops_a_long_job_and_leaves_no_file(qtbot, runner, tmp_path):
    job = SteppedJob(tmp_path / "summary.pdf")
    seen = []
    stopped = []
    runner.progressed.connect(seen.append)
    assert runner.run(job, "Printing", cancelled=lambda: stopped.append(runner.busy))
    assert not runner.dialog.isVisible()  # not before the delay
    job.let(3)
    qtbot.waitUntil(lambda: runner.last_progress is not None and runner.last_progress.done == 3)
    runner.show_progress()
    assert runner.dialog.isVisible() and runner.dialog.value() == 3
    assert runner.dialog.labelText() == "step 3"
    assert not runner.run(job, "again")  # one worker only
    with qtbot.waitSignal(runner.cancelled):
        qtbot.mouseClick(runner.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        job.let()  # the job reaches its next step, sees the cancel and stops there
    assert job.reached == 3
    assert [p.done for p in seen] == [1, 2, 3]
    assert stopped == [False]  # the job's own callback, once, with the runner free again
    assert not runner.busy and runner.dialog is None
    assert list(tmp_path.iterdir()) == []


def test_a_finished_job_hands_back_its_result_on_the_ui_thread(qtbot, runner, tmp_path):
    job = SteppedJob(tmp_path / "summary.pdf", steps=2)
    got: list[tuple[object, bool]] = []
    events: list[str] = []
    runner.finished.connect(lambda result: events.append("finished"))
    runner.idle.connect(lambda: events.append("idle"))

    def success(result: object) -> None:
        events.append("success")
        got.append((result, threading.current_thread() is threading.main_thread()))

    assert runner.run(job, success=success)
    assert runner.dialog is None  # no title: the caller shows progress its own way
    with qtbot.waitSignal(runner.idle):
        job.let(2)
    assert got == [(tmp_path / "summary.pdf", True)]
    assert events == ["success", "finished", "idle"]
    assert (tmp_path / "summary.pdf").read_bytes() == b"done"


def test_the_next_job_may_start_from_the_last_ones_callback(qtbot, runner):
    results: list[object] = []

    def first_done(result: object) -> None:
        results.append(result)
        assert runner.run(lambda control: "second", success=results.append)

    runner.run(lambda control: "first", success=first_done)
    qtbot.waitUntil(lambda: results == ["first", "second"])
    qtbot.waitUntil(lambda: not runner.busy)


def test_a_refused_job_reports_its_sentence(qtbot, runner):
    def refused(control: JobControl) -> None:
        raise KioskError("/media/STICK: cannot write here (Read-only file system)")

    said: list[str] = []
    with qtbot.waitSignal(runner.failed) as failed:
        runner.run(refused, "Printing", failure=said.append)
    assert failed.args == ["/media/STICK: cannot write here (Read-only file system)"]
    assert said == failed.args
    assert not runner.busy and runner.dialog is None


def test_a_bug_in_a_job_gives_one_sentence_and_its_traceback_goes_to_the_log(qtbot, runner, caplog):
    def broken(control: JobControl) -> None:
        raise ZeroDivisionError("division by zero")

    with caplog.at_level(logging.ERROR), qtbot.waitSignal(runner.failed) as failed:
        runner.run(broken)
    assert failed.args == [_("Something went wrong; the details are in the log file.")]
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_a_runner_can_say_its_own_sentences(qtbot):
    parent = QObject()
    runner = Runner(parent, explain=lambda error: f"Export failed: {type(error).__name__}")

    def broken(control: JobControl) -> None:
        raise OSError(5, "Input/output error")

    with qtbot.waitSignal(runner.failed) as failed:
        runner.run(broken)
    assert failed.args == ["Export failed: OSError"]


def test_in_background_runs_alongside_and_goes_away_when_done(qtbot):
    parent = QObject()
    gate = threading.Event()
    results: list[object] = []
    in_background(parent, lambda: gate.wait(10) and "slow", results.append, results.append)
    assert len(parent.findChildren(Runner)) == 1
    in_background(parent, lambda: "quick", results.append, results.append)
    qtbot.waitUntil(lambda: results == ["quick"])  # the second does not wait for the first
    gate.set()
    qtbot.waitUntil(lambda: results == ["quick", "slow"])
    qtbot.waitUntil(lambda: parent.findChildren(Runner) == [])
