"""Running one slow job at a time off the UI thread, with a progress dialog and cancel.

The dialog appears only when the job takes longer than `delay_ms` (half a second), so quick jobs
do not flash a window. Cancel asks the job to stop at its next step (`kiosk.core.jobs`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.core.jobs import Cancelled, Job, JobControl, Progress

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger("kiosk.organiser")


class _Worker(QThread):
    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    stopped = Signal()

    def __init__(self, job: Job):
        super().__init__()
        self.job = job
        self.control = JobControl(self.progressed.emit)

    def run(self) -> None:
        try:
            result = self.job(self.control)
        except Cancelled:
            self.stopped.emit()
        except KioskError as exc:
            self.failed.emit(str(exc))
        except Exception:  # a bug: to the log with its traceback, one sentence to the organiser
            log.exception("organiser job failed")
            self.failed.emit(_("Something went wrong; the details are in the log file."))
        else:
            self.succeeded.emit(result)


class JobRunner(QObject):
    """One worker; the console disables its start buttons while `busy`."""

    started = Signal()
    progressed = Signal(object)  # Progress
    finished = Signal(object)  # the job's result
    failed = Signal(str)
    cancelled = Signal()
    idle = Signal()  # after any of finished, failed, cancelled

    def __init__(self, parent: QWidget, delay_ms: int = 500):
        super().__init__(parent)
        self.parent_widget = parent
        self.delay_ms = delay_ms
        self.worker: _Worker | None = None
        self.dialog: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.show_progress)
        self.last_progress: Progress | None = None

    @property
    def busy(self) -> bool:
        return self.worker is not None

    def start(self, job: Job, title: str) -> bool:
        if self.busy:
            return False
        self.last_progress = None
        worker = _Worker(job)
        # Queued explicitly: the worker emits from its own thread, the slots touch widgets.
        queued = Qt.ConnectionType.QueuedConnection
        worker.progressed.connect(self._progressed, queued)
        worker.succeeded.connect(self._succeeded, queued)
        worker.failed.connect(self._failed, queued)
        worker.stopped.connect(self._stopped, queued)
        self.worker = worker
        self.dialog = self._make_dialog(title)
        self._timer.start(self.delay_ms)
        self.started.emit()
        worker.start()
        return True

    def _make_dialog(self, title: str) -> QProgressDialog:
        dialog = QProgressDialog(title, _("Cancel"), 0, 0, self.parent_widget)
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
        if self.dialog is not None and self.worker is not None:
            self.dialog.show()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.control.cancel()
            if self.dialog is not None:
                self.dialog.setLabelText(_("Stopping…"))
                self.dialog.setCancelButton(None)

    def _progressed(self, progress: Progress) -> None:
        self.last_progress = progress
        self.progressed.emit(progress)
        # Last: a window-modal dialog's setValue processes events, so a newer step may run first.
        worker, dialog = self.worker, self.dialog
        if dialog is not None and worker is not None and not worker.control.cancelled:
            dialog.setMaximum(max(progress.total, 1))
            if progress.message:
                dialog.setLabelText(progress.message)
            dialog.setValue(progress.done)

    def _succeeded(self, result: object) -> None:
        self._done(self.finished, result)

    def _failed(self, message: str) -> None:
        self._done(self.failed, message)

    def _stopped(self) -> None:
        self._done(self.cancelled, None)

    def _done(self, signal: Any, value: Any) -> None:
        self._timer.stop()
        if self.worker is not None:
            self.worker.wait()
            self.worker.deleteLater()
            self.worker = None
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        if signal is self.cancelled:
            signal.emit()
        else:
            signal.emit(value)
        self.idle.emit()

    def shutdown(self) -> None:
        """On closing the window: stop the job and wait for it, so no file is left half done."""
        if self.worker is not None:
            self.worker.control.cancel()
            self.worker.wait()
