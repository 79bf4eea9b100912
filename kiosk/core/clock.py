"""Time as an injected dependency: code takes a clock, tests hand it a fake one and never sleep."""

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

# Seconds on a monotonic scale; what the round timer runs on.
Clock = Callable[[], float]
# Wall-clock time in UTC; what gets stored in notes and exports.
WallClock = Callable[[], datetime]

monotonic: Clock = time.monotonic


def utcnow() -> datetime:
    return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to; both a monotonic and a wall clock."""

    def __init__(self, start: datetime | None = None):
        self.seconds = 1000.0
        self._start = start or datetime(2022, 3, 31, 9, 0, tzinfo=UTC)
        self._origin = self.seconds

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self.seconds - self._origin)
