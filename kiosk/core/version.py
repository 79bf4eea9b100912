"""The kiosk's version and, for the standalone bundle, when it was built (`kiosk --version`, the
host menu's "About").

`make bundle` writes `build.json` into the bundle's resources (`kiosk.spec`); a checkout or an
installed wheel has none, and says it runs from Python instead.
"""

from __future__ import annotations

import json

from kiosk import __version__
from kiosk.core import resources
from kiosk.core.i18n import _

BUILD_INFO = "build.json"  # in the bundle's resources: {"built": "YYYY-MM-DD", "platform": ...}


def build_date() -> str | None:
    """The day the bundle was built (ISO date), or None when not running from a bundle."""
    found = resources.optional(BUILD_INFO)
    if found is None:
        return None
    try:
        return str(json.loads(found.read_text(encoding="utf-8"))["built"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def version_line() -> str:
    """For `kiosk --version` (English, as every command's output)."""
    built = build_date()
    if built is None:
        return f"kiosk {__version__} (run from Python, not a standalone build)"
    return f"kiosk {__version__}, built {built}"


def about_text() -> str:
    """For the host menu's "About", in the kiosk's language."""
    built = build_date()
    if built is None:
        return _("Kiosk {version}, run from Python").format(version=__version__)
    return _("Kiosk {version}, built on {date}").format(version=__version__, date=built)
