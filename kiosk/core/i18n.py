"""One translation catalogue for the UI and the PDFs: English message ids, Dutch by default.

The catalogue is `kiosk/resources/locale/<lang>/LC_MESSAGES/kiosk.po`; the compiled `.mo` beside it
is committed so an installed kiosk needs no build step. `python -m kiosk.core.i18n compile` (or
`make i18n`) regenerates it; a test fails when it is out of date or a marked string lacks Dutch.
"""

from __future__ import annotations

import gettext
import struct
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from kiosk.core import resources
from kiosk.core.resources import MissingResource

LANGUAGES = ("nl", "en")
SOURCE_LANGUAGE = "en"  # the message ids themselves: no catalogue
DEFAULT_LANGUAGE = "nl"
DOMAIN = "kiosk"

_current = DEFAULT_LANGUAGE


@cache
def translations(language: str) -> gettext.NullTranslations:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    # The catalogue is read from where it is known to be: gettext.translation() would first
    # look for every spelling of the locale (importing `locale`), which is half of the time.
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    try:
        catalogue = resources.path("locale", language, "LC_MESSAGES", f"{DOMAIN}.mo")
        with catalogue.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except (MissingResource, OSError, ValueError, LookupError, struct.error):
        # A missing, unreadable or damaged catalogue must not stop a command or the kiosk: the
        # messages then show in English, their ids, which says more than any error could.
        return gettext.NullTranslations()


def translator(language: str) -> Callable[[str], str]:
    """A gettext function for one language, for code (like the PDFs) that is told its language."""
    return translations(language).gettext


def set_language(language: str) -> None:
    global _current
    translations(language)
    _current = language


def language() -> str:
    return _current


def _(message: str) -> str:
    """Translate into the current language (Dutch unless set otherwise)."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current).ngettext(singular, plural, n)


def number(value: int) -> str:
    """A whole number grouped as the current language writes it: 1.895 in Dutch, 1,895 English."""
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if _current == "nl" else grouped


def compile_catalogues() -> list[Path]:
    """Compile every .po into its .mo (needs Babel, a test/development dependency)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(resources.path("locale").glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo)
    return written


if __name__ == "__main__":
    if sys.argv[1:] != ["compile"]:
        sys.exit("usage: python -m kiosk.core.i18n compile")
    for path in compile_catalogues():
        print(path)
