"""Writing a file so that it is either all there under its final name or not there at all.

Temp file in the target folder, flush, fsync, `os.replace`, fsync the folder (where the OS allows);
on a removable drive the caller can also read the file back and compare its hash.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from kiosk.errors import KioskError


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write data to path atomically; raise KioskError naming the file if the disk refuses."""
    path = Path(path)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except FileNotFoundError:
        raise KioskError(f"{path.parent}: no such folder") from None
    except OSError as exc:
        raise KioskError(f"{path}: cannot be written ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        _remove(temp)
        raise KioskError(f"{path}: cannot be written ({exc.strerror})") from None
    except BaseException:
        _remove(temp)
        raise
    _fsync_folder(path.parent)
    return path


def write_verified(path: str | Path, data: bytes) -> Path:
    """Write atomically, then read the file back and compare: sticks may lie about syncs."""
    path = write_atomic(path, data)
    try:
        found = hashlib.sha256(path.read_bytes()).digest()
    except OSError as exc:
        raise KioskError(f"{path}: cannot be read back ({exc.strerror})") from None
    if found != hashlib.sha256(data).digest():
        raise KioskError(f"{path}: the copy on the drive differs from what was written")
    return path


def _remove(temp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp)


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; Windows cannot open a folder for fsync.
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
