"""The round timer's saved state, kept as the "timer" setting in the table store."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kiosk.storage.queries import get_setting, set_setting

TIMER = "timer"


def load_timer_state(session: Session) -> dict[str, Any] | None:
    """What `RoundTimer.to_state()` last saved, or None; `RoundTimer` itself vets the fields.

    A row that is not even a mapping (a damaged store) counts as nothing saved: the timer then
    starts at round 1 instead of the kiosk failing to open.
    """
    try:
        return get_setting(session, TIMER)
    except (TypeError, ValueError):
        return None


def save_timer_state(session: Session, state: dict[str, Any]) -> None:
    set_setting(session, TIMER, dict(state))
