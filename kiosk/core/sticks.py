"""Writing files to a USB stick durably: temp name, fsync, atomic rename, read back, compare.

FAT32/exFAT sticks have no journal, may lie about syncs and get pulled out early. A file under its
final name is therefore only ever a whole one: the data goes to a temp name in the target folder,
is flushed and fsynced, renamed, the folder is fsynced, and the file is read back and its SHA-256
compared before anyone is told it is safe to remove the stick. Exports go under a new name, never
replacing a file; the plan replaces its own older copy. Names are FAT-safe (the one rule for
exports, plans and handouts) and case-insensitively unique.

Failures become `MediaError` with a `reason` the UI turns into one sentence in the user's language.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import sys
import unicodedata
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.core.jobs import Cancelled, JobControl

CHUNK_BYTES = 256 * 1024
MAX_NAME_CHARS = 120
PARTIAL = ".partial"
# Windows refuses these as a name's stem, whatever the extension (CON.kiosk is CON).
RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"com{i}" for i in "123456789¹²³"}
    | {f"lpt{i}" for i in "123456789¹²³"}
)


class Reason(StrEnum):
    FULL = "full"
    READ_ONLY = "read-only"
    GONE = "gone"
    MISMATCH = "mismatch"
    OTHER = "other"


_REASONS = {
    errno.ENOSPC: Reason.FULL,
    errno.EDQUOT: Reason.FULL,
    errno.EFBIG: Reason.FULL,
    errno.EROFS: Reason.READ_ONLY,
    errno.EACCES: Reason.READ_ONLY,
    errno.EPERM: Reason.READ_ONLY,
    errno.ENOENT: Reason.GONE,
    errno.ENODEV: Reason.GONE,
    errno.ENXIO: Reason.GONE,
    errno.EIO: Reason.GONE,
    errno.ENOTDIR: Reason.GONE,
    errno.ESTALE: Reason.GONE,
}


def _explain(reason: Reason) -> str:
    """The reason in the current language (looked up when the error happens, not at import)."""
    return {
        Reason.FULL: _("the stick is full"),
        Reason.READ_ONLY: _("the stick is read-only or may not be written"),
        Reason.GONE: _("the folder cannot be reached (was the stick removed?)"),
        Reason.MISMATCH: _("the file read back from the stick differs from what was written"),
        Reason.OTHER: _("writing failed"),
    }[reason]


class MediaError(KioskError):
    """Writing to removable media failed; nothing is left under a final name.

    `what` names the file in the current language ("the export", "the plan"); by default the
    export, the file a table writes.
    """

    def __init__(self, target: Path, reason: Reason, detail: str = "", what: str | None = None):
        self.target = target
        self.reason = reason
        suffix = f" ({detail})" if detail else ""
        sentence = _("cannot write {what}: {reason}").format(
            what=_("the export") if what is None else what, reason=_explain(reason)
        )
        super().__init__(f"{target}: {sentence}{suffix}")


def _media_error(target: Path, exc: OSError, what: str | None) -> MediaError:
    reason = _REASONS.get(exc.errno or 0, Reason.OTHER)
    return MediaError(target, reason, exc.strerror or str(exc), what)


# -- names --------------------------------------------------------------------------------------


def fat_safe(text: str, fallback: str = "export", limit: int = MAX_NAME_CHARS) -> str:
    """ASCII letters, digits, `-`, `_` and `.` only, at most limit of them; fallback if none.

    Accents are dropped (é is e); runs of anything else become one `-`.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("-.")
    return cleaned[:limit].strip("-.") or fallback


def is_reserved(name: str) -> bool:
    """A name Windows treats as a device (CON, NUL, COM1, ...), with or without an extension."""
    return name.split(".", 1)[0].strip().casefold() in RESERVED


def unique_name(folder: Path, stem: str, extension: str) -> str:
    """A FAT-safe name for stem + extension that no file in folder has, ignoring case."""
    stem = fat_safe(stem)
    if is_reserved(stem):
        stem = f"{stem}-export"
    taken = {entry.casefold() for entry in os.listdir(folder)}
    name = f"{stem}{extension}"
    while name.casefold() in taken or f"{name}{PARTIAL}".casefold() in taken:
        name = f"{stem}-{secrets.token_hex(3)}{extension}"
    return name


# -- writing ------------------------------------------------------------------------------------

# The one place bytes go to the device; tests replace it to simulate a full or pulled-out stick.
write_chunk: Callable[[int, bytes | memoryview], int] = os.write


def _write_all(fd: int, data: bytes, control: JobControl | None) -> None:
    view = memoryview(data)
    done, total = 0, len(data)
    while done < total:
        written = write_chunk(fd, view[done : done + CHUNK_BYTES])
        if written <= 0:
            raise OSError(errno.EIO, _("the device accepted no bytes"))
        done += written
        if control is not None:
            control.step(done, total)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the OS lets a folder be fsynced (not on Windows).

    Unlike `kiosk.core.atomic.fsync_folder`, a stick that fails here (pulled out: EIO) is reported,
    since "safe to remove" must not follow it.
    """
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some filesystems do not support fsync on a folder; the file itself is already synced.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _read_back(path: Path, size: int) -> bytes:
    with path.open("rb") as handle:
        # Ask the OS to drop its cached copy so the read comes from the device where it can.
        if hasattr(os, "posix_fadvise"):
            with contextlib.suppress(OSError):
                os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        return handle.read(size + 1)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def remove_written(path: Path) -> None:
    """Take back a file this kiosk wrote when what should follow its writing failed."""
    _remove_quietly(path)
    with contextlib.suppress(OSError):
        _fsync_folder(path.parent)


def write_new_file(
    folder: Path, stem: str, extension: str, data: bytes, control: JobControl | None = None
) -> Path:
    """Write data durably under a new unique name in folder and verify it; return the path.

    Raises MediaError when the folder is full, read-only or gone, or the read-back differs; then
    no file is left under the final name (a leftover `.partial` file is possible if the stick
    went away mid-write; merging ignores those). The bytes written so far are reported to
    control, chunk by chunk (`kiosk.core.jobs`); a cancel there removes the partial file.
    """
    folder = Path(folder)
    try:
        if not folder.is_dir():
            raise MediaError(folder, Reason.GONE, _("no such folder"))
        name = unique_name(folder, stem, extension)
    except OSError as exc:
        raise _media_error(folder, exc, None) from None
    return _write_verified(folder / name, data, control, replace=False, what=None)


def write_file(path: Path, data: bytes, what: str) -> Path:
    """Write data durably to path, replacing a file there, and verify it; return the path.

    For a file with a fixed name (the plan a stick carries). Failures are MediaErrors as for
    `write_new_file`, `what` naming the file in them; a write that fails before its rename
    leaves the older file as it was.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise MediaError(path.parent, Reason.GONE, _("no such folder"), what)
    return _write_verified(path, data, None, replace=True, what=what)


def _write_verified(
    final: Path, data: bytes, control: JobControl | None, replace: bool, what: str | None
) -> Path:
    folder, name = final.parent, final.name
    partial = folder / f"{name}{PARTIAL}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    if replace:
        _remove_quietly(partial)  # left by an earlier write the stick did not survive
    try:
        fd = os.open(partial, flags, 0o644)
    except OSError as exc:
        raise _media_error(folder, exc, what) from None
    try:
        try:
            _write_all(fd, data, control)
            os.fsync(fd)
        finally:
            os.close(fd)
        # Another writer may have taken the name meanwhile: never replace an existing export.
        if not replace and name.casefold() in {e.casefold() for e in os.listdir(folder)}:
            raise FileExistsError(errno.EEXIST, _("an export with this name appeared"), str(final))
        os.replace(partial, final)
    except Cancelled:
        _remove_quietly(partial)
        raise
    except OSError as exc:
        _remove_quietly(partial)
        raise _media_error(folder, exc, what) from None
    try:
        _fsync_folder(folder)
        back = _read_back(final, len(data))
    except OSError as exc:
        # Not known to be whole on the stick: no file stays under the final name.
        _remove_quietly(final)
        raise _media_error(folder, exc, what) from None
    if hashlib.sha256(back).digest() != hashlib.sha256(data).digest():
        _remove_quietly(final)
        raise MediaError(folder, Reason.MISMATCH, what=what)
    return final
