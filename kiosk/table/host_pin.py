"""The host PIN: four digits kept as a salted scrypt hash; wrong attempts make the host wait.

Pure functions on the stored record (a settings value), so the rules are tested without a store
or a display. Time comes from the caller (POSIX seconds), never from sleeping: a lockout is a
moment before which every attempt is refused without even hashing.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from typing import Any

from kiosk.storage.station import PIN_KEY as PIN_KEY  # the settings key of the record

PIN_DIGITS = 4
# scrypt cost: about 50 ms and 16 MiB per check, stored with the hash so it can change later.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
# Two slips are free; from the third wrong PIN in a row the host waits, twice as long each time.
FREE_FAILURES = 2
FIRST_WAIT = 10.0
MAX_WAIT = 300.0


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    wait: float = 0.0  # seconds before the next attempt is heard; 0 when none
    failures: int = 0

    @property
    def locked(self) -> bool:
        return self.wait > 0


def is_pin(text: str) -> bool:
    return re.fullmatch(rf"[0-9]{{{PIN_DIGITS}}}", text) is not None


def pin_record(pin: str, salt: bytes | None = None) -> dict[str, Any]:
    """A new record for a PIN: salt, hash and the scrypt cost, with no failures."""
    if not is_pin(pin):
        raise ValueError(f"a host PIN is {PIN_DIGITS} digits")
    salt = salt or os.urandom(16)
    return {
        "salt": salt.hex(),
        "hash": _hash(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).hex(),
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "failures": 0,
        "locked_until": 0.0,
    }


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024)


def wait_after(failures: int) -> float:
    """Seconds to wait after this many wrong PINs in a row."""
    if failures <= FREE_FAILURES:
        return 0.0
    return min(MAX_WAIT, FIRST_WAIT * 2 ** (failures - FREE_FAILURES - 1))


def remaining_wait(record: dict[str, Any], now: float) -> float:
    """Seconds until the next attempt is heard. A clock set back never locks out longer."""
    left = float(record.get("locked_until", 0.0)) - now
    return max(0.0, min(left, MAX_WAIT))


def check_pin(record: dict[str, Any], pin: str, now: float) -> tuple[PinCheck, dict[str, Any]]:
    """Check an attempt; returns the verdict and the record to store (failures counted)."""
    failures = int(record.get("failures", 0))
    wait = remaining_wait(record, now)
    if wait > 0:
        return PinCheck(ok=False, wait=wait, failures=failures), record
    expected = bytes.fromhex(record["hash"])
    salt = bytes.fromhex(record["salt"])
    given = _hash(pin, salt, int(record["n"]), int(record["r"]), int(record["p"]))
    if is_pin(pin) and hmac.compare_digest(given, expected):
        return PinCheck(ok=True), {**record, "failures": 0, "locked_until": 0.0}
    failures += 1
    wait = wait_after(failures)
    updated = {**record, "failures": failures, "locked_until": now + wait if wait else 0.0}
    return PinCheck(ok=False, wait=wait, failures=failures), updated
