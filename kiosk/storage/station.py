"""What a table laptop serves, and the settings keys that record it (no SQLAlchemy here).

Kept apart from `queries.py` so the kiosk's launch path can name a station without importing
SQLAlchemy; `queries.py` re-exports it.
"""

from __future__ import annotations

from typing import NamedTuple

STATION = "station"
DEVICE = "device"
PIN_KEY = "host_pin"  # the host PIN's salted hash (kiosk/table/host_pin.py)


class Station(NamedTuple):
    """What a table laptop serves: one table of one event, written by one device."""

    event_id: str
    table_number: int
    device_id: str
