"""The one way to run slow work off the UI thread: a job, its progress, cancel and its outcome.

Modelled on Anki's operations (`CollectionOp`/`QueryOp` over its task manager): a `Runner` runs
one job (`kiosk.core.jobs`: a callable taking a `JobControl`) at a time on a worker thread. The
job's result, its failure as one sentence, or its cancellation comes back on the UI thread: to
the callbacks given with the job, then as the runner's signals, which a window uses for its busy
state. The job touches no Qt object; what it reports crosses to the UI thread as queued signals.

Given a title, the runner shows a progress dialog with Cancel once the job has taken longer than
`delay_ms` (half a second), so quick jobs do not flash a window; without one, the caller shows
the progress its own way (the export dialog's bar) or not at all (loads at launch).
`in_background` runs a job on a runner of its own that goes away when the job is done, for
loads that may overlap.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.core.jobs import Cancelled, Job, JobControl, Progress

log = logging.getLogger("kiosk.ui.runner")

Success = Callable[[Any], object]
Failure = Callable[[str], object]
Stopped = Callable[[], object]


class Outcome(enum.Enum):
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


def one_sentence(error: BaseException) -> str:
    """What the user reads when a job fails: a refusal's own sentence, else a pointer to the log
    (which has the traceback of the bug)."""
    if isinstance(error, KioskError):
        return str(error)
    return _("Something went wrong; the details are in the log file.")


class Runner(QObject):
    """Runs one job at a time on a worker thread; `run` refuses a second while `busy`."""

    started = Signal()
    progressed = Signal(object)  # Progress
    finished = Signal(object)  # the job's result
    failed = Signal(str)  # one sentence
    cancelled = Signal()
    idle = Signal()  # after any of finished, failed, cancelled
    # From the worker thread; connected queued, so their slots run on the UI thread.
    _stepped = Signal(object)
    _ended = Signal(object, object)

    def __init__(
        self,
        parent: QObject,
        delay_ms: int = 500,
        explain: Callable[[BaseException], str] = one_sentence,
    ):
        super().__init__(parent)
        self.parent_widget = parent
        self.delay_ms = delay_ms
        self.explain = explain
        self.dialog: QProgressDialog | None = None
        self.last_progress: Progress | None = None
        self._thread: threading.Thread | None = None
        self._control: JobControl | None = None
        self._callbacks: tuple[Success | None, Failure | None, Stopped | None] = (None,) * 3
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.show_progress)
        queued = Qt.ConnectionType.QueuedConnection
        self._stepped.connect(self._progressed, queued)
        self._ended.connect(self._end, queued)

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def run(
        self,
        job: Job,
        title: str | None = None,
        *,
        success: Success | None = None,
        failure: Failure | None = None,
        cancelled: Stopped | None = None,
    ) -> bool:
        """Start job; False (and nothing started) while another runs. With a title, a progress
        dialog with Cancel shows after `delay_ms`. The callbacks run on the UI thread, before
        the signal of the same outcome."""
        if self.busy:
            return False
        self.last_progress = None
        control = JobControl(self._report)
        self._control = control
        self._callbacks = (success, failure, cancelled)
        if title is not None:
            self.dialog = self._make_dialog(title)
            self._timer.start(self.delay_ms)
        self._thread = threading.Thread(
            target=self._work, args=(job, control), name="kiosk-job", daemon=True
        )
        self.started.emit()
        self._thread.start()
        return True

    # -- on the worker thread -------------------------------------------------------------------

    def _work(self, job: Job, control: JobControl) -> None:
        try:
            outcome, value = Outcome.DONE, job(control)
        except Cancelled:
            outcome, value = Outcome.CANCELLED, None
        except Exception as exc:
            if not isinstance(exc, KioskError):  # a bug: to the log with its traceback
                log.exception("job failed")
            outcome, value = Outcome.FAILED, exc
        self._post(self._ended, outcome, value)

    def _report(self, progress: Progress) -> None:
        self._post(self._stepped, progress)

    @staticmethod
    def _post(signal: Any, *values: object) -> None:
        # RuntimeError: the runner went with its window; nobody waits for the answer.
        with contextlib.suppress(RuntimeError):
            signal.emit(*values)

    # -- on the UI thread -----------------------------------------------------------------------

    def _make_dialog(self, title: str) -> QProgressDialog:
        parent = self.parent_widget if isinstance(self.parent_widget, QWidget) else None
        dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(440)
        dialog.setAccessibleName(title)
        dialog.canceled.connect(self.cancel)
        dialog.hide()
        return dialog

    def show_progress(self) -> None:
        if self.dialog is not None and self.busy:
            self.dialog.show()

    def cancel(self) -> None:
        """Ask the job to stop at its next step; its outcome is then `cancelled`."""
        if self._control is not None:
            self._control.cancel()
            if self.dialog is not None:
                self.dialog.setLabelText(_("Stopping…"))
                self.dialog.setCancelButton(None)

    def _progressed(self, progress: Progress) -> None:
        if self._control is None:
            return
        self.last_progress = progress
        self.progressed.emit(progress)
        # Last: a window-modal dialog's setValue processes events, so a newer step may run first.
        control, dialog = self._control, self.dialog
        if dialog is not None and control is not None and not control.cancelled:
            dialog.setMaximum(max(progress.total, 1))
            if progress.message:
                dialog.setLabelText(progress.message)
            dialog.setValue(progress.done)

    def _end(self, outcome: Outcome, value: Any) -> None:
        self._timer.stop()
        if self._thread is not None:
            self._thread.join()  # it posted its outcome last: this returns at once
            self._thread = None
        self._control = None
        success, failure, stopped = self._callbacks
        self._callbacks = (None,) * 3
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        try:
            if outcome is Outcome.DONE:
                if success is not None:
                    success(value)
                self.finished.emit(value)
            elif outcome is Outcome.FAILED:
                sentence = self.explain(value)
                if failure is not None:
                    failure(sentence)
                self.failed.emit(sentence)
            else:
                if stopped is not None:
                    stopped()
                self.cancelled.emit()
        finally:
            self.idle.emit()

    def shutdown(self) -> None:
        """On closing the window: stop the job and wait for it, so no file is left half done."""
        if self._thread is not None and self._control is not None:
            self._control.cancel()
            self._thread.join()


def in_background(
    parent: QObject,
    fn: Callable[[], object],
    success: Success,
    failure: Failure,
) -> Runner:
    """Run fn on a runner of its own, which is deleted once fn is done: for work that may overlap
    other work (the store's code and the hyphenation both load at the kiosk's first frame)."""
    runner = Runner(parent)
    runner.idle.connect(runner.deleteLater)
    runner.run(lambda control: fn(), success=success, failure=failure)
    return runner
