"""Qt's own texts in the UI's language: file pickers, standard buttons, key names in menus.

PySide6 ships Qt's translations (`qtbase_nl.qm` in `QLibraryInfo`'s translations folder). The
kiosk and the organiser console load the one for their language at start, and again whenever the
language is switched (the kiosk's settings, the console's language choice); English is Qt's own,
so English removes the translator.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QTranslator

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

_installed: QTranslator | None = None


def use_language(app: QCoreApplication, language: str) -> bool:
    """Show Qt's own texts in this language from now on. False (and English texts, logged)
    should the installed Qt lack a translation for it."""
    global _installed
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language == "en":
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        log.warning(
            "Qt has no translation qtbase_%s in %s: its own texts stay English", language, folder
        )
        return False
    app.installTranslator(translator)
    _installed = translator
    return True
