"""Qt's own words (a file dialog's buttons, a text field's context menu) in the kiosk's language.

Qt ships them as `qtbase_<lang>.qm` in its translations folder; the standalone bundle carries the
Dutch one only (`kiosk.spec`). English needs none: it is what Qt says without a translator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QTranslator

from kiosk.bundled import MissingResource
from kiosk.i18n import SOURCE_LANGUAGE

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

_installed: QTranslator | None = None


def install(app: QCoreApplication, language: str) -> None:
    """Replace Qt's translator with the one for language (none for English)."""
    global _installed
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language == SOURCE_LANGUAGE:
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load(f"qtbase_{language}", folder):
        raise MissingResource(f"missing resource: Qt's qtbase_{language}.qm (looked in {folder})")
    app.installTranslator(translator)
    _installed = translator
