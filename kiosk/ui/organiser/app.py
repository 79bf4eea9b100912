"""Starting the organiser console: the archive, the application, its look, the window."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.storage.store import open_store


def run_organiser(archive: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from kiosk.ui import style
    from kiosk.ui.organiser.window import OrganiserWindow

    with open_store(archive) as store:
        app = QApplication.instance() or QApplication(sys.argv[:1])
        app.setApplicationName("kiosk")
        style.apply(app)
        window = OrganiserWindow(store)
        window.show()
        return app.exec()
