"""The organiser console's window: the tabs, the event they work on, the language; the wiring."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import i18n
from kiosk.core.drives import removable_drives
from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.exchange.merge import MergeResult
from kiosk.exchange.sealing import KeyPair, WrongPassphrase
from kiosk.organiser import console_settings
from kiosk.organiser.archive import Archive
from kiosk.organiser.archive_choice import remember, without_password
from kiosk.organiser.collect import open_key_job, waits_for_key
from kiosk.organiser.curate import PlanDiffers, PlanTexts
from kiosk.plan.editor import PlanEditor
from kiosk.ui.common.runner import Runner
from kiosk.ui.organiser import dialogs
from kiosk.ui.organiser.collect_tab import CollectTab
from kiosk.ui.organiser.curate_tab import CurateTab
from kiosk.ui.organiser.plan.tab import PlanTab
from kiosk.ui.organiser.print_tab import PrintTab
from kiosk.ui.organiser.texts_tab import TextsTab

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

LANGUAGES = (("nl", "Nederlands"), ("en", "English"))


DESK_SIZE = (1366, 768)
TITLE_BAR_ROOM = 60  # a window manager's title bar and a task bar, which the frame must clear


def present(window: QMainWindow) -> None:
    """Show the console at its desk size, or maximised where that would not fit the screen with
    its frame (a 1366x768 laptop): never with its status bar below the screen's edge."""
    area = window.screen().availableGeometry()
    if area.width() < DESK_SIZE[0] or area.height() < DESK_SIZE[1] + TITLE_BAR_ROOM:
        window.showMaximized()
    else:
        window.show()


class OrganiserWindow(QMainWindow):
    """One window, four jobs: plan, collect, curate, print. Tabs never reach into each other."""

    def __init__(self, archive: Archive, editor: PlanEditor | None = None):
        super().__init__()
        self.archive = archive
        self.plan_tab = PlanTab(editor)
        self.collect_tab = CollectTab(archive)
        self.curate_tab = CurateTab(archive)
        self.texts_tab = TextsTab(archive)
        self.print_tab = PrintTab(archive)
        self.runner = Runner(self)
        # Opened once per console session and kept in memory only; the passphrase is not kept.
        self.key: KeyPair | None = None
        # Where a key was made in this session: the key picker starts there.
        self.key_made_at: Path | None = None
        self._build()
        self._connect_signals()
        self.reload_events()
        self.retranslate()
        self._tab_shown(0)

    def _build(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        top = QHBoxLayout()
        # The archive's event matters to every tab but Plan, which edits a plan file.
        self.event_bar = QWidget()
        event_row = QHBoxLayout(self.event_bar)
        event_row.setContentsMargins(0, 0, 0, 0)
        self.event_label = QLabel()
        self.event_choice = QComboBox()
        self.event_choice.setMinimumWidth(420)
        self.event_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.event_label.setBuddy(self.event_choice)
        self.archive_label = QLabel()
        self.archive_label.setProperty("role", "hint")
        # A server's address can be long: the label takes the room left and the tooltip shows all.
        self.archive_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.archive_button = QPushButton()
        self.archive_button.clicked.connect(self.choose_archive)
        self.language_label = QLabel()
        self.language_choice = QComboBox()
        for code, name in LANGUAGES:
            self.language_choice.addItem(name, code)
        self.language_choice.setCurrentIndex(max(0, self.language_choice.findData(i18n.language())))
        self.language_label.setBuddy(self.language_choice)
        self.language_choice.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        event_row.addWidget(self.event_label)
        event_row.addWidget(self.event_choice)
        event_row.addWidget(self.archive_label, 1)
        event_row.addWidget(self.archive_button)
        top.addWidget(self.event_bar, 1)
        top.addStretch(0)
        top.addWidget(self.language_label)
        top.addWidget(self.language_choice)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        for tab in (
            self.plan_tab,
            self.collect_tab,
            self.curate_tab,
            self.texts_tab,
            self.print_tab,
        ):
            self.tabs.addTab(tab, "")
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.resize(*DESK_SIZE)
        for index in range(self.tabs.count()):
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.activated.connect(lambda index=index: self.tabs.setCurrentIndex(index))

    def _connect_signals(self) -> None:
        self.language_choice.currentIndexChanged.connect(
            lambda i: self.set_language(self.language_choice.itemData(i))
        )
        self.event_choice.currentIndexChanged.connect(self._event_chosen)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.plan_tab.message.connect(self.say)
        self.plan_tab.saved.connect(self._plan_saved)
        self.curate_tab.message.connect(self.say)
        self.texts_tab.message.connect(self.say)
        self.collect_tab.collect_requested.connect(self.collect)
        self.print_tab.print_requested.connect(self.print_files)
        self.collect_tab.key_requested.connect(self.choose_key)
        self.plan_tab.key_made.connect(self._key_made)
        self.runner.started.connect(lambda: self._set_busy(True))
        # A job may start the next one as it finishes (a retry): busy until none runs.
        self.runner.idle.connect(lambda: self._set_busy(self.runner.busy))
        self.runner.failed.connect(lambda message: dialogs.refuse(self, message))
        self.runner.cancelled.connect(self._job_cancelled)

    def retranslate(self) -> None:
        # Qt adds the application's name ("— Kiosk") itself.
        self.setWindowTitle(_("Organiser console"))
        self.event_label.setText(_("&Event:"))
        self.event_choice.setAccessibleName(_("Event in the archive"))
        self.language_label.setText(_("&Language:"))
        self.language_choice.setAccessibleName(_("Language"))
        self.archive_label.setText(_("Archive: {path}").format(path=self.archive.path))
        self.archive_label.setToolTip(str(self.archive.path))
        self.archive_button.setText(_("Archive…"))
        self.archive_button.setAccessibleName(_("Choose the archive"))
        self.tabs.setTabText(self.tabs.indexOf(self.plan_tab), _("&Plan"))
        self.tabs.setTabText(self.tabs.indexOf(self.collect_tab), _("&Collect"))
        self.tabs.setTabText(self.tabs.indexOf(self.curate_tab), _("C&urate"))
        self.tabs.setTabText(self.tabs.indexOf(self.texts_tab), _("&Texts"))
        self.tabs.setTabText(self.tabs.indexOf(self.print_tab), _("P&rint"))
        if self.event_choice.count() == 0:
            self.event_choice.setPlaceholderText(_("no events in the archive yet"))
        for tab in (
            self.plan_tab,
            self.collect_tab,
            self.curate_tab,
            self.texts_tab,
            self.print_tab,
        ):
            tab.retranslate()

    def set_language(self, language: str) -> None:

        from kiosk.ui.common import qt_texts

        i18n.set_language(language)
        qt_texts.use_language(QApplication.instance(), language)  # pickers, standard buttons
        self.retranslate()

    def reload_events(self, prefer: str | None = None) -> None:
        """List the archive's events (a merge may have brought a new one); keep the one chosen,
        or else choose the one preferred."""
        current = self.event_choice.currentData() or prefer
        found = self.archive.events()
        self.event_choice.blockSignals(True)
        self.event_choice.clear()
        for event in found:
            self.event_choice.addItem(event.label(), event.id)
        index = self.event_choice.findData(current)
        self.event_choice.setCurrentIndex(index if index >= 0 else (0 if found else -1))
        self.event_choice.blockSignals(False)
        self._event_chosen()

    def choose_archive(self) -> None:
        """Another archive: a file or the organisation's server, tested in the dialog first."""
        target = dialogs.archive(self, without_password(self.archive.path))
        if target is None:
            return
        try:
            archive = Archive.open(target, self.archive.clock)
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        self.switch_archive(archive)
        try:
            remember(target)
        except KioskError as exc:  # works now, but the next start opens the one before
            self.say(str(exc))
            return
        self.say(_("Archive: {path}").format(path=archive.path))

    def switch_archive(self, archive: Archive) -> None:
        """Work on another archive from now on; the one before is closed (what was being written
        on the Texts tab is kept in it first)."""
        self.texts_tab.save()
        previous, self.archive = self.archive, archive
        for tab in (self.collect_tab, self.curate_tab, self.texts_tab, self.print_tab):
            tab.archive = archive
        previous.close()
        self.retranslate()
        self.reload_events()

    def _plan_saved(self, path: Path) -> None:
        """The organiser's saved plan is the newest: the archive's event with its code takes its
        texts (`adopt_plan_texts`); a plan with problems is not the event's plan yet."""
        try:
            plan = self.plan_tab.editor.plan()
        except KioskError:
            return
        try:
            done = self.archive.adopt_plan_texts(plan)
        except PlanDiffers as exc:
            dialogs.refuse(self, _("The plan is saved.") + " " + str(exc))
            return
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        if done is PlanTexts.ADOPTED:
            self.reload_events()
            saved = _("Saved {name}").format(name=path.name)
            self.say(f"{saved}. " + _("The archive now uses the texts of this plan"))

    def say(self, message: str) -> None:
        """A short confirmation in the status bar; it fades after a while."""
        self.statusBar().showMessage(message, 8000)

    def _tab_shown(self, _index: int) -> None:
        # Leaving the Texts tab keeps what was written (a revision, if it changed).
        if self.tabs.currentWidget() is not self.texts_tab:
            self.texts_tab.save()
        self.event_bar.setVisible(self.tabs.currentWidget() is not self.plan_tab)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.plan_tab.editor.dirty and not dialogs.confirm(
            self, _("The plan has unsaved changes. Close without saving?")
        ):
            event.ignore()
            return
        if not self.texts_tab.save():
            event.ignore()
            return
        self.runner.shutdown()
        event.accept()

    def _event_chosen(self, _index: int = 0) -> None:
        event_id = self.event_choice.currentData()
        for tab in (self.collect_tab, self.curate_tab, self.texts_tab, self.print_tab):
            tab.set_event(event_id)

    # -- what the console remembers per event -------------------------------------------------

    def remembered(self, name: str) -> Path | None:
        return self.archive.remembered(self.event_choice.currentData(), name)

    def remember(self, name: str, path: Path, event_ids: list[str] | None = None) -> None:
        current = self.event_choice.currentData()
        events = event_ids if event_ids is not None else ([current] if current else [])
        self.archive.remember(events, name, path)

    def _key_made(self, private: Path) -> None:
        self.key_made_at = private
        self.remember(console_settings.KEY_PATH, private, [self.plan_tab.editor.event_id()])

    # -- slow work ----------------------------------------------------------------------------

    def collect(self) -> None:
        source = dialogs.drive_or_folder(
            self,
            removable_drives(),
            _("Where are the exports of the tables?"),
            start=self.remembered(console_settings.STICK_FOLDER),
        )
        if source is None:
            return
        self._collect([source], retry=False)

    def _collect(self, sources: list[Path], retry: bool) -> None:
        job = self.archive.collect(
            sources,
            key=self.key,
            allow_unsealed=self.collect_tab.allow_unsealed_box.isChecked(),
            accept_laptop=self.collect_tab.accept_laptop_box.isChecked(),
        )
        self.runner.run(
            job,
            _("Merging the exports…"),
            success=lambda results: self._collected(results, sources, retry),
            failure=self.print_tab.show_stopped,
        )

    def choose_key(self) -> None:
        """Open the organiser's key file once, off the UI thread (scrypt takes a moment).

        The picker starts where the key was made (or last opened). The key pair stays in memory
        for the rest of this console session; a wrong passphrase asks again for the same file.
        """
        known = self.remembered(console_settings.KEY_PATH) or self.key_made_at
        path = dialogs.key_file(self, known.parent if known else None)
        if path is None:
            return
        self._ask_passphrase(path, "")

    def _ask_passphrase(self, path: Path, problem: str) -> None:
        passphrase = dialogs.passphrase(self, problem)
        if passphrase is None:
            return
        self.runner.run(
            open_key_job(path, passphrase),
            _("Opening the key…"),
            success=lambda result: self._key_opened(result, path),
        )

    def _key_opened(self, result: KeyPair | WrongPassphrase, path: Path) -> None:
        if isinstance(result, WrongPassphrase):
            self._ask_passphrase(path, _("Wrong passphrase; try again."))
            return
        self.key = result
        self.collect_tab.show_key(path.name)
        self.remember(console_settings.KEY_PATH, path)
        self.say(_("Key opened; it stays open until the console closes."))
        waiting = [r.path for r in self.collect_tab.results if waits_for_key(r)]
        if waiting:
            self._collect(waiting, retry=True)

    def _collected(self, results: list[MergeResult], sources: list[Path], retry: bool) -> None:
        if retry:
            again = {r.path for r in results}
            results = [r for r in self.collect_tab.results if r.path not in again] + results
        else:
            merged = sorted({r.event_id for r in results if r.accepted})
            self.remember(console_settings.STICK_FOLDER, sources[0], merged or None)
        self.collect_tab.show_results(results)
        self.reload_events(prefer=next((r.event_id for r in results if r.accepted), None))
        accepted = sum(1 for r in results if r.accepted)
        self.say(
            _("{accepted} of {count} file(s) merged.").format(accepted=accepted, count=len(results))
        )

    def print_files(self) -> None:
        order = self.print_tab.order()
        if order is None:
            return
        self.runner.run(
            self.archive.print(order),
            _("Printing…"),
            success=self.print_tab.show_written,
            failure=self.print_tab.show_stopped,
        )

    def _set_busy(self, busy: bool) -> None:
        self.collect_tab.collect_button.setEnabled(not busy)
        self.collect_tab.key_button.setEnabled(not busy)
        self.print_tab.print_button.setEnabled(not busy and self.print_tab.event_id is not None)

    def _job_cancelled(self) -> None:
        message = _("Stopped. Files already finished are complete; nothing is half written.")
        self.print_tab.show_stopped(message)
        self.say(message)
