"""The round timer: a plain-Python state machine on an injected wall clock, saved and restored.

The clock returns POSIX seconds (a wall clock, not a monotonic one) so that a restart or a crash
resumes with the right remaining time: the state stores when the running stretch began, not how
much was left. Should the wall clock step backwards while a round runs, elapsed time holds still
instead of going back (the hall has no network, but a host may correct the laptop's clock).

The timer never ends a round by itself; only the host moves on (`next_round`). Every command calls
the listeners, so the caller can persist `to_state()`; so does `take_chime()` when it fires, since
"already chimed" is part of the state.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from datetime import time as clock_time
from enum import StrEnum
from typing import Any, NamedTuple

from kiosk.core.events import Listeners

log = logging.getLogger(__name__)

STATE_VERSION = 1
AMBER_SECONDS = 5 * 60
RED_SECONDS = 60
MIN_DURATION = 60.0


class RoundPlan(NamedTuple):
    """One round as the plan gives it."""

    number: int
    minutes: int
    starts_at: str | None = None  # "HH:MM" local time


def rounds_from_plan(plan: Any) -> tuple[RoundPlan, ...]:
    """The timer's rounds from a `kiosk.plan.model.Plan` (anything with `.rounds` of that shape)."""
    return tuple(RoundPlan(r.number, r.minutes, r.starts_at) for r in plan.rounds)


class Phase(StrEnum):
    READY = "ready"  # not started yet in this round
    CALM = "calm"  # more than 5 minutes left
    AMBER = "amber"  # 5 minutes down to 1 minute left
    RED = "red"  # the last minute
    OVERRUN = "overrun"  # past zero; keeps counting up, shown in red


def format_remaining(seconds: float) -> str:
    """`mm:ss` as a countdown shows it: whole seconds rounded up, so `00:00` only at zero; the
    overrun as `+mm:ss` counted in whole seconds past zero."""
    if seconds > 0:
        whole = math.ceil(seconds)
        return f"{whole // 60:02d}:{whole % 60:02d}"
    over = math.floor(-seconds)
    if over == 0:
        return "00:00"
    return f"+{over // 60:02d}:{over % 60:02d}"


class RoundTimer:
    """Start, pause, resume, add or remove minutes, reset and move between a plan's rounds."""

    def __init__(
        self,
        rounds: Sequence[RoundPlan],
        clock: Callable[[], float] = time.time,
        state: Mapping[str, Any] | None = None,
    ):
        if not rounds:
            raise ValueError("a round timer needs at least one round")
        self.rounds: tuple[RoundPlan, ...] = tuple(rounds)
        self.clock = clock
        self._listeners: Listeners[[]] = Listeners()
        self._index = 0
        self._clear_round()
        if state is not None and not self._restore(state):
            log.warning("timer state not usable, starting at round 1: %r", state)
            self._index = 0
            self._clear_round()

    # --- reading --------------------------------------------------------------------------------

    @property
    def round_number(self) -> int:
        return self.rounds[self._index].number

    @property
    def round(self) -> RoundPlan:
        return self.rounds[self._index]

    @property
    def is_first_round(self) -> bool:
        return self._index == 0

    @property
    def is_last_round(self) -> bool:
        return self._index == len(self.rounds) - 1

    @property
    def running(self) -> bool:
        return self._since is not None

    @property
    def started(self) -> bool:
        return self._started

    @property
    def paused(self) -> bool:
        return self._started and self._since is None

    def duration(self) -> float:
        return max(MIN_DURATION, self.round.minutes * 60.0 + self._extra)

    def elapsed(self) -> float:
        if self._since is None:
            return self._banked
        now = self.clock()
        if self._last_now is not None and now < self._last_now:
            # The wall clock stepped back: shift the stretch's start with it so elapsed holds.
            self._since -= self._last_now - now
        self._last_now = now
        return self._banked + max(0.0, now - self._since)

    def remaining(self) -> float:
        return self.duration() - self.elapsed()

    def phase(self) -> Phase:
        if not self._started:
            return Phase.READY
        left = self.remaining()
        if left <= 0:
            return Phase.OVERRUN
        if left <= RED_SECONDS:
            return Phase.RED
        if left <= AMBER_SECONDS:
            return Phase.AMBER
        return Phase.CALM

    def fraction_left(self) -> float:
        return min(1.0, max(0.0, self.remaining() / self.duration()))

    def scheduled_start(self, today: date) -> datetime | None:
        """When the plan says this round starts, on `today`, as an aware local time."""
        if not self.round.starts_at:
            return None
        try:
            hours, minutes = (int(part) for part in self.round.starts_at.split(":"))
            at = clock_time(hours, minutes)
        except ValueError:
            return None
        return datetime.combine(today, at).astimezone()

    # --- commands -------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the round, or resume it when paused; harmless while running."""
        if self._since is None:
            self._started = True
            self._since = self.clock()
            self._last_now = self._since
        self._changed()

    def pause(self) -> None:
        if self._since is not None:
            self._banked = self.elapsed()
            self._since = None
            self._last_now = None
        self._changed()

    def resume(self) -> None:
        self.start()

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.start()

    def add_minutes(self, n: int) -> None:
        """Add (or with a negative n remove) minutes; the round never gets shorter than a minute.

        When minutes added after zero bring time back, the new zero chimes again.
        """
        floor = MIN_DURATION - self.round.minutes * 60.0
        self._extra = max(floor, self._extra + 60.0 * n)
        if self._chimed and self.remaining() > 0:
            self._chimed = False
        self._changed()

    def reset(self) -> None:
        """This round back to its planned minutes, not running."""
        self._clear_round()
        self._changed()

    def next_round(self) -> None:
        if not self.is_last_round:
            self._index += 1
            self._clear_round()
        self._changed()

    def previous_round(self) -> None:
        if not self.is_first_round:
            self._index -= 1
            self._clear_round()
        self._changed()

    def take_chime(self) -> bool:
        """True exactly once when the running round reaches zero (and the state records it)."""
        if self._chimed or self._since is None or self.remaining() > 0:
            return False
        self._chimed = True
        self._changed()
        return True

    # --- listeners and state --------------------------------------------------------------------

    def add_listener(self, fn: Callable[[], None]) -> None:
        self._listeners.add(fn)

    def remove_listener(self, fn: Callable[[], None]) -> None:
        self._listeners.remove(fn)

    def to_state(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "round": self.round_number,
            "extra_seconds": self._extra,
            "banked_seconds": self._banked,
            "running_since": self._since,
            "seen_at": self._last_now,
            "started": self._started,
            "chimed": self._chimed,
        }

    def _changed(self) -> None:
        self._listeners.notify()

    def _clear_round(self) -> None:
        self._extra = 0.0
        self._banked = 0.0
        self._since: float | None = None
        self._last_now: float | None = None
        self._started = False
        self._chimed = False

    def _restore(self, state: Mapping[str, Any]) -> bool:
        """Take a saved state if every field makes sense for this plan; False leaves it unused."""
        try:
            if state.get("version") != STATE_VERSION:
                return False
            number = state["round"]
            extra, banked = state["extra_seconds"], state["banked_seconds"]
            since, started, chimed = state["running_since"], state["started"], state["chimed"]
            seen = state.get("seen_at")
        except (AttributeError, KeyError, TypeError):
            return False
        numbers = [r.number for r in self.rounds]
        if type(number) is not int or number not in numbers:
            return False
        if not all(_is_number(v) for v in (extra, banked)) or banked < 0:
            return False
        if any(v is not None and not _is_number(v) for v in (since, seen)):
            return False
        if type(started) is not bool or type(chimed) is not bool:
            return False
        if since is not None and not started:
            return False
        self._index = numbers.index(number)
        self._extra = max(MIN_DURATION - self.round.minutes * 60.0, float(extra))
        self._banked = float(banked)
        self._since = None if since is None else float(since)
        self._last_now = None if since is None or seen is None else float(seen)
        self._started = started
        self._chimed = chimed
        return True


def _is_number(value: object) -> bool:
    return type(value) in (int, float) and math.isfinite(value)  # type: ignore[arg-type]
