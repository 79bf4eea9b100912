"""Slow work (reading a USB stick) off the UI thread: one thread per task, result by signal."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class BackgroundTask(QObject):
    """Runs fn on a thread; `finished(result)` or `failed(exception)` arrive on the UI thread."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[], object], parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self.thread = threading.Thread(target=self._run, name="kiosk-background", daemon=True)

    def start(self) -> BackgroundTask:
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the UI, which shows it or logs it
            log.exception("background task failed")
            self._emit(self.failed, exc)
        else:
            self._emit(self.finished, result)

    @staticmethod
    def _emit(signal: Signal, value: object) -> None:
        # RuntimeError: the screen that asked is gone; nobody waits for the answer.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)  # type: ignore[attr-defined]
