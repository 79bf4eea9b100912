"""Storage failures as one sentence: what could not be done to which file, and why, in words.

SQLite reports a full disk, an I/O error or a lock as an exception whose text quotes the SQL and a
link; none of that helps the person at the laptop. `storage_error` keeps the file and the cause.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _


def cause(exc: BaseException) -> str:
    """Why a store or file operation failed, in a few plain words."""
    original = getattr(exc, "orig", None) or exc
    if isinstance(original, OSError):
        if original.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return _("the disk is full")
        if original.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return _("it may not be written (read-only or no permission)")
        if original.errno == errno.ENOENT:
            return _("it is not there (was the drive removed?)")
        return _("the disk reported an error ({detail})").format(
            detail=original.strerror or type(original).__name__
        )
    text = str(original).lower()
    if isinstance(original, sqlite3.Error) or "sqlite" in type(original).__module__:
        if "full" in text:
            return _("the disk is full")
        if "locked" in text or "busy" in text:
            return _("another program is using it; close that program and try again")
        if "readonly" in text or "read-only" in text:
            return _("it may not be written (read-only or no permission)")
        if "malformed" in text or "not a database" in text:
            return _("the file is damaged")
        if "unable to open" in text:
            return _("it cannot be opened (is the folder there and writable?)")
        return _("the disk reported an error")
    return _("the disk reported an error")


def storage_error(path: Path | str, exc: BaseException, what: str) -> KioskError:
    """`<path>: cannot write <what>: <cause>`, one line, no SQL."""
    sentence = _("cannot write {what}: {cause}").format(what=what, cause=cause(exc))
    return KioskError(f"{path}: {sentence}")
