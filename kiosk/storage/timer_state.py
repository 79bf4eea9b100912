"""The round timer's saved state, kept as the "timer" setting in the table store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The key is read at the kiosk's launch from a sqlite3 snapshot, before SQLAlchemy is imported;
# so this module imports the query helpers only when it reads or writes through a session.
TIMER = "timer"


def load_timer_state(session: Session) -> dict[str, Any] | None:
    """What `RoundTimer.to_state()` last saved, or None; `RoundTimer` itself vets the fields.

    A row that is not even a mapping (a damaged store) counts as nothing saved: the timer then
    starts at round 1 instead of the kiosk failing to open.
    """
    from kiosk.storage.queries import get_setting

    try:
        return get_setting(session, TIMER)
    except (TypeError, ValueError):
        return None


def save_timer_state(session: Session, state: dict[str, Any]) -> None:
    from kiosk.storage.queries import set_setting

    set_setting(session, TIMER, dict(state))
