"""What the organiser console remembers per event in the archive: folders and the key file.

The print folder, the folder (stick) last collected from and the organiser's key file are kept in
the archive's settings table under one key, per event, so choosing them once is enough: they
survive collecting again, switching events and restarting the console. The last stick folder and
key file set for any event are kept too, as the starting point for an event that has none yet.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from kiosk.storage.queries import get_setting, set_setting

SETTING = "console"
PRINT_FOLDER = "print_folder"
STICK_FOLDER = "stick_folder"
KEY_PATH = "key_path"
NAMES = (PRINT_FOLDER, STICK_FOLDER, KEY_PATH)


def remembered(session: Session, event_id: str | None, name: str) -> Path | None:
    """The path remembered for this event; for the stick and the key, else the last one
    remembered for any event (one organiser, one key, one stick). A print folder is the
    event's own: another event's files are not put beside it."""
    if name not in NAMES:
        raise ValueError(f"unknown console setting {name!r}")
    stored = get_setting(session, SETTING) or {}
    per_event = stored.get("events", {}).get(event_id or "", {})
    value = per_event.get(name)
    if not value and name != PRINT_FOLDER:
        value = stored.get("last", {}).get(name)
    return Path(value) if value else None


def remember(session: Session, event_ids: list[str], name: str, path: Path) -> None:
    """Remember path for each of these events (and as the last one), inside the caller's
    transaction."""
    if name not in NAMES:
        raise ValueError(f"unknown console setting {name!r}")
    stored = get_setting(session, SETTING) or {}
    events = dict(stored.get("events", {}))
    for event_id in event_ids:
        events[event_id] = {**events.get(event_id, {}), name: str(path)}
    last = {**stored.get("last", {}), name: str(path)}
    # A new dict: the JSON column notices a replaced value, not one changed in place.
    set_setting(session, SETTING, {"events": events, "last": last})
