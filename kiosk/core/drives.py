"""Finding USB sticks: mounted removable drives on Linux, Windows and macOS, without Qt.

The kiosk lists these first when loading a plan or exporting; a folder picker is the fallback for
anything this misses (a card reader that reports itself as fixed, a network share).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Filesystems a stick or card carries; anything else under /media is unlikely to be one.
STICK_FILESYSTEMS = frozenset(
    {"vfat", "exfat", "ntfs", "ntfs3", "fuseblk", "msdos", "ext4", "hfsplus"}
)


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str
    free_bytes: int
    total_bytes: int


def removable_drives() -> list[Drive]:
    """Mounted removable drives, sorted by label; empty when none (or the OS is unknown)."""
    if sys.platform.startswith("linux"):
        mounts = _linux_removable_mounts(_read("/proc/mounts"), Path("/sys/class/block"))
    elif sys.platform == "win32":
        mounts = _windows_removable_roots()
    elif sys.platform == "darwin":
        mounts = [p for p in Path("/Volumes").glob("*") if p.is_dir() and not p.is_symlink()]
    else:
        mounts = []
    drives = [d for d in (_describe(p) for p in mounts) if d is not None]
    return sorted(drives, key=lambda d: d.label.casefold())


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def _unescape(field: str) -> str:
    """/proc/mounts escapes space, tab, newline and backslash as octal."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _linux_removable_mounts(mounts: str, sys_block: Path) -> list[Path]:
    found = []
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3 or not parts[0].startswith("/dev/"):
            continue
        device, mount_point, fs_type = parts[0], _unescape(parts[1]), parts[2]
        if fs_type not in STICK_FILESYSTEMS:
            continue
        if _linux_is_removable(Path(device).name, sys_block):
            found.append(Path(mount_point))
    return found


def _linux_is_removable(name: str, sys_block: Path) -> bool:
    """A partition's disk says `removable` = 1, or it hangs off the USB bus."""
    entry = sys_block / name
    try:
        resolved = entry.resolve()
    except OSError:
        return False
    # A partition (sdb1) sits inside its disk's folder (sdb); the flag lives on the disk.
    for candidate in (resolved, resolved.parent):
        flag = candidate / "removable"
        if flag.is_file():
            return _read(str(flag)).strip() == "1" or "/usb" in candidate.as_posix()
    return "/usb" in resolved.as_posix()


def _windows_removable_roots() -> list[Path]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    removable = 2  # DRIVE_REMOVABLE
    mask = kernel32.GetLogicalDrives()
    roots = []
    for index in range(26):
        if mask & (1 << index):
            root = f"{chr(ord('A') + index)}:\\"
            if kernel32.GetDriveTypeW(root) == removable:
                roots.append(Path(root))
    return roots


def _describe(path: Path) -> Drive | None:
    try:
        usage = shutil.disk_usage(path)
    except OSError:
        return None  # pulled out between listing and asking, or not readable
    label = path.name or str(path)
    return Drive(path=path, label=label, free_bytes=usage.free, total_bytes=usage.total)


def writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def plain_labels(drives: Iterable[Drive]) -> list[str]:
    """Short descriptions for a list: `KINGSTON (12.3 GB free)`."""
    return [f"{d.label} ({d.free_bytes / 1e9:.1f} GB free)" for d in drives]
