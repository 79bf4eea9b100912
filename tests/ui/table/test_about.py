"""The host menu's "About": the version and the build date."""

from __future__ import annotations

from kiosk import __version__


def test_about_in_the_host_menu_shows_the_version(window):
    assert window.about_action.text() == "Over"
    window.about_action.trigger()
    assert window.status.text() == f"Kiosk {__version__}, gestart vanuit Python"
