"""The one place kiosk finds the files it ships: fonts, sounds, translations, schema, demo event,
build information and the Alembic migrations, through `importlib.resources`.

The same lookup serves a source checkout, an installed wheel and the PyInstaller bundle (which
unpacks the package data beside its modules), so no module works out a path from its own file.
A file that should be there and is not raises `MissingResource` naming it: a bundle built without
it fails loudly, with the name, rather than somewhere later with a blank screen or a bare PDF.
"""

from __future__ import annotations

import atexit
import contextlib
import sys
from functools import cache
from pathlib import Path

from kiosk.core.errors import KioskError

PACKAGE = "kiosk"


class MissingResource(KioskError):
    """A file the kiosk ships with is not where it should be (an incomplete install or bundle)."""


@cache
def package_root() -> Path:
    """The `kiosk` package's folder on disk, wherever it was installed or unpacked."""
    # A checkout, a wheel, the bundle: the package is a plain folder on disk, named by its
    # import spec as `importlib.resources.files` would name it. Importing that module and its
    # readers costs the kiosk's launch about 5 ms, so it is left to the zipped install.
    for location in sys.modules[PACKAGE].__spec__.submodule_search_locations or ():
        if (folder := Path(location)).is_dir():
            return folder
    from importlib.resources import as_file, files

    root = files(PACKAGE)
    if isinstance(root, Path):
        return root
    # A zipped install: unpacked once into a temporary folder for Qt, ReportLab and Alembic,
    # which need real files; removed at exit.
    stack = contextlib.ExitStack()
    atexit.register(stack.close)
    return stack.enter_context(as_file(root))


def path(*parts: str) -> Path:
    """A shipped file or folder under `kiosk/resources/`, e.g. `path("fonts", "OFL.txt")`.

    Raises MissingResource when it does not exist.
    """
    return _existing(package_root().joinpath("resources", *parts), "/".join(parts))


def optional(*parts: str) -> Path | None:
    """A shipped file that only some installs have (the bundle's build information)."""
    found = package_root().joinpath("resources", *parts)
    return found if found.exists() else None


def migrations() -> Path:
    """The Alembic migrations folder (`env.py` and `versions/`), read as files by Alembic."""
    return _existing(package_root() / "storage" / "migrations", "storage/migrations")


def _existing(found: Path, name: str) -> Path:
    if not found.exists():
        raise MissingResource(
            f"missing resource: {name} (looked in {found.parent}); reinstall kiosk or rebuild "
            "the bundle"
        )
    return found


# Every file a working kiosk needs, relative to the package folder: the bundle's smoke test checks
# each by name. The fonts' licences travel with them (the OFL asks for it).
REQUIRED = (
    *(
        f"resources/fonts/{name}"
        for name in (
            "NotoSans-Regular.ttf",
            "NotoSans-Bold.ttf",
            "NotoSans-Italic.ttf",
            "NotoSans-BoldItalic.ttf",
            "NotoSerif-Regular.ttf",
            "NotoSerif-Bold.ttf",
            "NotoSerif-Italic.ttf",
            "NotoSansArabic-Regular.ttf",
            "NotoSansArabic-Bold.ttf",
            "Symbola-Symbols.ttf",
            "OFL.txt",
            "Symbola-LICENSE.txt",
        )
    ),
    "resources/sounds/chime.wav",
    "resources/locale/nl/LC_MESSAGES/kiosk.mo",
    "resources/schema/kiosk-export-1.schema.json",
    "resources/demo/plan.json",
    "resources/demo/wall.csv",
    "resources/demo/tallies.json",
    "resources/demo/texts.json",
    *(f"resources/demo/notes/table-{n}.csv" for n in range(1, 7)),
    "storage/migrations/env.py",
)
