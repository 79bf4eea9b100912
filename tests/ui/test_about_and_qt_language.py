"""The host menu's "About" (version, build date) and Qt's own words in the kiosk's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk import __version__
from kiosk.ui import qt_language


def test_about_in_the_host_menu_shows_the_version(window):
    assert window.about_action.text() == "Over"
    window.about_action.trigger()
    assert window.status.text() == f"Kiosk {__version__}, gestart vanuit Python"


def test_qt_speaks_dutch_with_the_kiosk_and_english_after_a_switch(qapp):
    def cancel() -> str:
        return QCoreApplication.translate("QPlatformTheme", "Cancel")

    try:
        qt_language.install(qapp, "nl")
        assert cancel() == "Annuleren"
        assert QCoreApplication.translate("QLineEdit", "&Copy") == "&Kopiëren"
        qt_language.install(qapp, "en")
        assert cancel() == "Cancel"
    finally:
        qt_language.install(qapp, "en")
