"""The UI's composition root: paths, logging, the store, the language and the windows, for the
table kiosk (`run_kiosk`) and the organiser console (`run_organiser`).

Launch is kept short: the wall is read from a sqlite3 snapshot and the window drawn before
SQLAlchemy is imported; the store opens right after the first paint (`TableWall.warm_up`).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.errors import KioskError
from kiosk.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, language, set_language
from kiosk.table.snapshot import NotAtHead
from kiosk.table.timer import RoundPlan, RoundTimer  # before Qt: PySide6 inspects each later import
from kiosk.table.wall import TableWall

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from kiosk.organiser.archive import DatabaseUrl
    from kiosk.plan.model import Plan
    from kiosk.ui.table.start_screen import StartScreen
    from kiosk.ui.table.window import KioskWindow

log = logging.getLogger("kiosk.ui.app")

# Set by the launch benchmark: print a line when the first frame is on screen.
REPORT_VISIBLE = "KIOSK_REPORT_VISIBLE"
WINDOWED_SIZE = (1366, 768)
LAUNCH_GC_PAUSE_MS = 10_000  # the longest the garbage collector stays off at launch


def open_wall(db: Path) -> TableWall | None:
    """The wall of the table this store serves; None if it serves none (or does not exist yet).

    A store from an older kiosk is migrated first; one from a newer kiosk is refused.
    """
    if db.is_dir():
        raise KioskError(f"{db}: is a folder; give a file name for the store")
    try:
        return TableWall.open(db)
    except NotAtHead:
        from kiosk.storage.store import open_store

        open_store(db).close()
    return TableWall.open(db)


def setup_new_table(db: Path, plan: Plan, table_number: int, pin: str) -> TableWall:
    """Bind the store to a table of the plan and keep the host PIN, in one transaction."""
    from kiosk.table.setup import set_up_table

    set_up_table(db, plan, table_number, pin)
    wall = TableWall.open(db)
    if wall is None:
        raise KioskError(f"{db}: the table was set up but cannot be read back")
    return wall


class Kiosk:
    """Shows the start screen or the wall, and moves between them."""

    def __init__(self, app: QApplication, db: Path, windowed: bool, started: float):
        self.app = app
        self.db = db
        self.windowed = windowed
        self.started = started
        self.wall: TableWall | None = None
        self.timer: RoundTimer | None = None
        self.window: KioskWindow | None = None
        self.start_screen: StartScreen | None = None

    # -- screens ------------------------------------------------------------------------------

    def _present(self, widget: QWidget) -> None:
        if self.windowed:
            screen = widget.screen().availableGeometry()
            widget.resize(
                min(WINDOWED_SIZE[0], int(screen.width() * 0.9)),
                min(WINDOWED_SIZE[1], int(screen.height() * 0.9)),
            )
            widget.show()
        else:
            # At its final size from the start: laid out once, not first at its size hint.
            widget.setGeometry(widget.screen().geometry())
            widget.showFullScreen()

    def show_start(self) -> None:
        from kiosk.ui.table.start_screen import StartScreen

        screen = StartScreen(store=self.db)
        screen.setupChosen.connect(self._set_up)
        screen.quitRequested.connect(self.app.quit)
        self._replace(screen)
        self.start_screen = screen
        self._present(screen)
        self._launched()

    def _set_up(self, plan: Plan, table_number: int, pin: str) -> None:
        assert self.start_screen is not None
        try:
            wall = setup_new_table(self.db, plan, table_number, pin)
        except KioskError as exc:
            self.start_screen.show_setup_error(exc)
            return
        log.info("set up table %d of %s in %s", table_number, plan.event_id, self.db)
        self.show_wall(wall)

    def show_wall(self, wall: TableWall) -> None:
        from kiosk.ui.table.timer_view import TimerPanel
        from kiosk.ui.table.wall_items import defer_hyphenation
        from kiosk.ui.table.wall_model import QtTableWall
        from kiosk.ui.table.window import KioskWindow

        defer_hyphenation()  # loaded right after the first frame (`_load_hyphenation`)

        if self.wall is not wall or self.timer is None:
            rounds = [RoundPlan(r.number, r.minutes, r.starts_at) for r in wall.setup.rounds]
            self.timer = RoundTimer(rounds, time.time, state=wall.timer_state)
        self.wall = wall
        model = QtTableWall(wall)
        window = KioskWindow(model, TimerPanel(self.timer))
        model.setParent(window)
        window.languageChosen.connect(self._change_language)
        window.tableReleased.connect(self._table_released)
        window.exitRequested.connect(self.app.quit)
        window.set_export_handler(self._export)
        self._replace(window)
        self.window = window
        window.firstFrameShown.connect(self._first_paint)
        self._present(window)

    def _export(self) -> None:
        """Host menu → Export to USB: the export dialog on this table's wall."""
        from kiosk.ui.table.export_dialog import ExportDialog

        if self.wall is None or self.window is None:
            return
        dialog = ExportDialog(self.wall, parent=self.window)
        dialog.exec()
        dialog.deleteLater()

    def _replace(self, widget: QWidget) -> None:
        """Close whatever was on screen (the kiosk window is unlocked for it) for widget."""
        old_window, old_start = self.window, self.start_screen
        self.window = self.start_screen = None
        if old_window is not None:
            old_window.unlock()
            old_window.model.detach()
            old_window.close()
            old_window.deleteLater()
        if old_start is not None:
            old_start.close()
            old_start.deleteLater()

    def _launched(self) -> None:
        """Launch is over: the garbage collector, paused for it (`cmd_kiosk`), runs again."""
        if not gc.isenabled():
            gc.enable()
            gc.freeze()  # what launch built lives on: later collections need not walk it

    def _first_paint(self) -> None:
        elapsed = _report_visible("kiosk", self.started)
        self._launched()
        from kiosk.core.logs import setup_logging  # after the first frame: not needed to draw it

        setup_logging()
        log.info("kiosk window visible %.0f ms after launch", elapsed * 1000)
        if self.wall is not None:
            self._warm_up(self.wall)
        self._load_hyphenation()
        # A store set up from the command line starts its wall in the timer's round.
        timer, wall = self.timer, self.wall
        if self.window and timer and wall and timer.round_number != wall.current_round:
            self.window.timer_changed(timer.to_state())

    def _warm_up(self, wall: TableWall) -> None:
        """Load the store's code on a thread (about a quarter of a second: the window keeps
        answering keys and taps meanwhile), then open the store here, on the UI thread that
        writes to it. Should the loading fail, opening it says why, as it would have anyway."""
        from kiosk.ui.common.runner import in_background

        in_background(
            self.app,
            TableWall.load_store_code,
            success=lambda _result: self._store_code_loaded(wall),
            failure=lambda _sentence: self._store_code_loaded(wall),
        )

    def _load_hyphenation(self) -> None:
        """Dutch hyphenation (kept back for the first frame) is read on a thread, then the
        notes are laid out again with it."""
        from kiosk.ui.common.runner import in_background
        from kiosk.ui.table import wall_items

        if not wall_items.hyphenation_deferred():
            return
        in_background(
            self.app,
            wall_items.load_dutch,
            success=self._hyphenation_loaded,
            failure=self._hyphenation_failed,
        )

    @staticmethod
    def _hyphenation_failed(sentence: str) -> None:
        """The notes keep breaking at spaces only; the wall works as before."""
        log.error("Dutch hyphenation not loaded: %s", sentence)

    def _hyphenation_loaded(self, dictionary: object) -> None:
        from kiosk.ui.table import wall_items

        wall_items.use_dutch(dictionary)
        if self.window is not None:
            self.window.wall_view.hyphenation_loaded()

    def _store_code_loaded(self, wall: TableWall) -> None:
        if wall is self.wall:  # not released (another table) in the meantime
            wall.warm_up()

    def _change_language(self, language: str) -> None:
        """Rebuild the window in the new language; the wall model and its store stay."""
        from kiosk.ui.common import qt_texts

        set_language(language)
        qt_texts.use_language(self.app, language)
        if self.wall is not None:
            self.show_wall(self.wall)

    def _table_released(self) -> None:
        self.wall = self.timer = None
        self.show_start()

    def close(self) -> None:
        if self.wall is not None:
            self.wall.close()


def run_kiosk(db: Path, windowed: bool) -> int:
    """Run the table kiosk on the store at db until the host exits it (with the PIN)."""
    started = time.perf_counter()
    wall = open_wall(Path(db))
    stored = wall.language if wall else None
    set_language(stored if stored in LANGUAGES else DEFAULT_LANGUAGE)

    from PySide6.QtCore import QTimer

    stop_feature_scan()
    from kiosk.ui.common import style

    app = _application()
    style.apply(app)
    if wall is None:
        from kiosk.core.logs import setup_logging

        setup_logging()
    previous_hook = sys.excepthook
    sys.excepthook = _log_bug
    kiosk = Kiosk(app, Path(db), windowed, started)  # type: ignore[arg-type]
    try:
        if wall is None:
            kiosk.show_start()
        else:
            kiosk.show_wall(wall)
        # Should no frame ever be painted (a window manager that keeps it hidden, say), the
        # garbage collector still comes back.
        QTimer.singleShot(LAUNCH_GC_PAUSE_MS, kiosk._launched)
        return app.exec()
    finally:
        kiosk.close()
        sys.excepthook = previous_hook


def _application() -> QApplication:
    """The one QApplication, named, with Qt's own texts in the UI's language."""
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.common import qt_texts

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "kiosk"])
    app.setApplicationName("kiosk")
    app.setApplicationDisplayName("Kiosk")
    qt_texts.use_language(app, language())
    return app  # type: ignore[return-value]


def stop_feature_scan() -> None:
    """Stop PySide6 reading the source of every module imported after it, once it is imported.

    For its `__feature__` switches (snake_case, true_property), which apply per module, PySide6
    reads each newly imported module's source (`inspect.getsource`) to see whether it mentions
    PySide6: about 5 ms of the kiosk's launch (`bench/kiosk_launch.py`). The kiosk selects no
    feature, so every module may be marked as PySide6 marks a module that does not use it
    ("ignore": the current selection, which stays the default, applies). Nothing happens where
    a PySide6 version has no such hook.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _selects_no_feature


def _selects_no_feature(module: object) -> bool:
    return False


def run_organiser(archive: Path | DatabaseUrl) -> int:
    """Run the organiser console on the archive (created when new) until its window closes.

    A server that asks a password no URL, PGPASSWORD or ~/.pgpass gives gets it from a dialog.
    """

    from kiosk.core.logs import setup_logging
    from kiosk.organiser.archive import Archive, DatabaseUrl, PasswordNeeded
    from kiosk.ui.organiser import dialogs, look
    from kiosk.ui.organiser.window import OrganiserWindow, present
    from kiosk.ui.table.window import watch_first_paint

    started = time.perf_counter()

    setup_logging()
    app = _application()
    look.apply(app)
    try:
        opened = Archive.open(archive)
    except PasswordNeeded:
        assert isinstance(archive, DatabaseUrl)
        password = dialogs.password(None, str(archive))
        if password is None:
            return 1
        opened = Archive.open(archive.with_password(password))
    previous_hook = sys.excepthook
    sys.excepthook = _log_bug
    window = OrganiserWindow(opened)
    watch_first_paint(window, lambda: _report_visible("organiser", started))
    present(window)
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        window.archive.close()


def _report_visible(what: str, started: float) -> float:
    """Seconds since started; printed when REPORT_VISIBLE is set (the launch benchmark and the
    bundle's smoke test wait for this line: the first frame is on screen)."""
    elapsed = time.perf_counter() - started
    if os.environ.get(REPORT_VISIBLE):
        print(f"{what}: visible after {elapsed * 1000:.0f} ms", flush=True)
    return elapsed


def _log_bug(*exc_info) -> None:  # type: ignore[no-untyped-def]
    """A bug in a slot: log it with its traceback and keep the wall on screen."""
    log.error("unexpected error", exc_info=exc_info)
    sys.__excepthook__(*exc_info)
