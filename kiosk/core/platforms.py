"""What differs between Windows, macOS and Linux for the standalone kiosk, in one place.

The bundle (`kiosk.spec`, `make bundle`) is one PyInstaller onedir build on every system; what
differs is the executable's name, how a host starts it (a macOS `.app`), where the stick it runs
from is, and how to tell a host to start it. The spec and the stick layout ask this module.
"""

from __future__ import annotations

import sys
from pathlib import Path

WINDOWS = sys.platform == "win32"
MACOS = sys.platform == "darwin"

# Linux: strip debug symbols from the bundle's libraries (the Python library alone carries 20 MB of
# them). Not on macOS, where it breaks the libraries' signatures, nor on Windows (no strip tool).
STRIP_BINARIES = not WINDOWS and not MACOS
BUNDLE_FOLDER = "kiosk"  # dist/kiosk/ and, on a stick, <stick>/kiosk/
APP_NAME = "Kiosk.app"  # macOS only: the bundle as an application a host double-clicks


def executable_name() -> str:
    return "kiosk.exe" if WINDOWS else "kiosk"


def frozen() -> bool:
    """True when running from the PyInstaller bundle rather than from Python."""
    return bool(getattr(sys, "frozen", False))


def bundle_folder(executable: Path | None = None) -> Path | None:
    """The folder a host copies or runs: `kiosk/` (or, on macOS, the folder holding Kiosk.app);
    None when not running from a bundle."""
    if executable is None:
        if not frozen():
            return None
        executable = Path(sys.executable)
    folder = executable.resolve().parent
    # macOS: Kiosk.app/Contents/MacOS/kiosk; the app itself is what sits in the bundle folder.
    if folder.name == "MacOS" and folder.parent.name == "Contents":
        return folder.parent.parent.parent
    return folder


def launch_stick(executable: Path | None = None) -> Path | None:
    """The folder the bundle folder sits in (the stick's root, as `make stick` lays it out):
    the first place the start screen looks for the plan. None when not running from a bundle."""
    folder = bundle_folder(executable)
    return folder.parent if folder is not None else None


def start_instruction() -> str:
    """How a host starts the kiosk from the stick, in Dutch, for LEESMIJ.txt."""
    if WINDOWS:
        return "Open de map kiosk op de stick en dubbelklik op kiosk.exe."
    if MACOS:
        return (
            "Open de map kiosk op de stick, klik met de rechtermuisknop op Kiosk.app en kies "
            "Open (de eerste keer vraagt macOS of u het zeker weet: kies weer Open)."
        )
    return "Open de map kiosk op de stick en dubbelklik op kiosk (of start ./kiosk/kiosk)."


def hide_console_when_double_clicked() -> None:
    """Windows: the one executable is a console program (so `kiosk.exe merge ...` prints in the
    terminal), so a double-click opens a console window behind the kiosk. When no terminal
    started it (the console has only this process), hide that window."""
    if not WINDOWS:
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    processes = (ctypes.c_uint32 * 2)()
    if kernel32.GetConsoleProcessList(processes, 2) == 1:
        window = kernel32.GetConsoleWindow()
        if window:
            ctypes.windll.user32.ShowWindow(window, 0)  # type: ignore[attr-defined]  # SW_HIDE
