"""Slow work (merging sticks, printing, writing an export) as jobs: progress out, cancel in, no Qt.

A job is a callable taking a `JobControl`. It reports progress through `control.step(...)`, which
also raises `Cancelled` once the user has pressed cancel, so the job stops at its next step and
writes nothing more. This is the one progress protocol: the exchange's stick writer reports its
bytes through it as the organiser's print job reports its documents. The Qt side
(`kiosk.ui.common.runner`) runs a job on a worker thread and shows its progress.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    message: str = ""


class Cancelled(Exception):
    """The user cancelled the job; whatever it had not finished is not written."""


class JobControl:
    """What a running job sees: where to report progress, and whether to stop."""

    def __init__(self, report: Callable[[Progress], None] = lambda progress: None):
        self._report = report
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise Cancelled()

    def step(self, done: int, total: int, message: str = "") -> None:
        """Report progress; raise Cancelled if the job should stop here."""
        self.check()
        self._report(Progress(done, total, message))


Job = Callable[[JobControl], Any]
