"""Writing a file so that it is either wholly there under its name or not there at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from kiosk.core.errors import KioskError


def fsync_folder(folder: Path) -> None:
    """Make a rename durable where the OS allows opening a folder (not on Windows)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(target: Path, data: bytes, *, overwrite: bool = True, mode: int = 0o644) -> Path:
    """Temp file in the same folder, write, flush, fsync, rename; the folder fsynced after."""
    if not overwrite and target.exists():
        raise KioskError(f"{target}: already exists; not overwritten")
    try:
        fd, temp = tempfile.mkstemp(prefix=".kiosk-", suffix=".tmp", dir=target.parent)
    except FileNotFoundError:
        raise KioskError(f"{target.parent}: no such folder") from None
    except OSError as exc:
        raise KioskError(f"{target.parent}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if not overwrite and target.exists():
            raise KioskError(f"{target}: already exists; not overwritten")
        os.replace(temp, target)
    except OSError as exc:
        raise KioskError(f"{target}: cannot be written ({exc.strerror})") from None
    finally:
        Path(temp).unlink(missing_ok=True)
    fsync_folder(target.parent)
    return target
