"""Reading a file that came from outside (a stick, a download), its size capped before reading."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _, number


def read_capped(path: Path, cap: int, what: str) -> bytes:
    """The file's bytes; refused with one sentence when missing, a folder, unreadable or too large.

    The size is checked by stat and again while reading (a file may grow in between): never more
    than cap + 1 bytes are read. `what` names the kind of file ("a plan", "a kiosk export").
    """
    try:
        size = path.stat().st_size
        if size > cap:
            reason = _("too large for {what} ({size} bytes; at most {cap})").format(
                what=what, size=number(size), cap=number(cap)
            )
            raise KioskError(f"{path}: {reason}")
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
    except FileNotFoundError:
        raise KioskError(f"{path}: " + _("no such file")) from None
    except IsADirectoryError:
        raise KioskError(f"{path}: " + _("is a folder, not {what}").format(what=what)) from None
    except OSError as exc:
        reason = _("cannot be read ({detail})").format(detail=exc.strerror)
        raise KioskError(f"{path}: {reason}") from None
    if len(data) > cap:
        reason = _("too large for {what} (more than {cap} bytes)").format(
            what=what, cap=number(cap)
        )
        raise KioskError(f"{path}: {reason}")
    return data
