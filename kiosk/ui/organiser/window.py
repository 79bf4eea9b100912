"""The organiser console's window: the tabs, the event they work on, the language; the wiring."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.clock import WallClock, utcnow
from kiosk.collect import collect_job, open_key_job
from kiosk.curate import events
from kiosk.drives import removable_drives
from kiosk.exchange.merge import MergeResult
from kiosk.i18n import _
from kiosk.plan_editor import PlanEditor
from kiosk.printing import print_job
from kiosk.sealing import KeyPair
from kiosk.storage.store import Store
from kiosk.ui.organiser import dialogs
from kiosk.ui.organiser.collect_tab import CollectTab
from kiosk.ui.organiser.curate_tab import CurateTab
from kiosk.ui.organiser.plan_tab import PlanTab
from kiosk.ui.organiser.print_tab import PrintTab
from kiosk.ui.organiser.runner import JobRunner

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

LANGUAGES = (("nl", "Nederlands"), ("en", "English"))


class OrganiserWindow(QMainWindow):
    """One window, four jobs: plan, collect, curate, print. Tabs never reach into each other."""

    def __init__(self, archive: Store, now: WallClock = utcnow, editor: PlanEditor | None = None):
        super().__init__()
        self.archive = archive
        self.now = now
        self.plan_tab = PlanTab(editor)
        self.collect_tab = CollectTab(archive)
        self.curate_tab = CurateTab(archive, now)
        self.print_tab = PrintTab(archive)
        self.runner = JobRunner(self)
        # Opened once per console session and kept in memory only; the passphrase is not kept.
        self.key: KeyPair | None = None
        self._after_job: Callable[[Any], None] = lambda result: None
        self._after_failure: Callable[[str], None] = lambda message: None
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
        top.addWidget(self.event_bar, 1)
        top.addStretch(0)
        top.addWidget(self.language_label)
        top.addWidget(self.language_choice)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        for tab in (self.plan_tab, self.collect_tab, self.curate_tab, self.print_tab):
            self.tabs.addTab(tab, "")
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.resize(1366, 768)
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
        self.curate_tab.message.connect(self.say)
        self.collect_tab.collect_requested.connect(self.collect)
        self.print_tab.print_requested.connect(self.print_files)
        self.collect_tab.key_requested.connect(self.choose_key)
        self.runner.started.connect(lambda: self._set_busy(True))
        self.runner.idle.connect(lambda: self._set_busy(False))
        self.runner.finished.connect(lambda result: self._after_job(result))
        self.runner.failed.connect(self._job_failed)
        self.runner.cancelled.connect(self._job_cancelled)

    def retranslate(self) -> None:
        self.setWindowTitle(_("kiosk — organiser console"))
        self.event_label.setText(_("&Event:"))
        self.event_choice.setAccessibleName(_("Event in the archive"))
        self.language_label.setText(_("&Language:"))
        self.language_choice.setAccessibleName(_("Language"))
        self.archive_label.setText(_("Archive: {path}").format(path=self.archive.path))
        self.tabs.setTabText(self.tabs.indexOf(self.plan_tab), _("&Plan"))
        self.tabs.setTabText(self.tabs.indexOf(self.collect_tab), _("&Collect"))
        self.tabs.setTabText(self.tabs.indexOf(self.curate_tab), _("C&urate"))
        self.tabs.setTabText(self.tabs.indexOf(self.print_tab), _("P&rint"))
        if self.event_choice.count() == 0:
            self.event_choice.setPlaceholderText(_("no events in the archive yet"))
        for tab in (self.plan_tab, self.collect_tab, self.curate_tab, self.print_tab):
            tab.retranslate()

    def set_language(self, language: str) -> None:
        i18n.set_language(language)
        self.retranslate()

    def reload_events(self, prefer: str | None = None) -> None:
        """List the archive's events (a merge may have brought a new one); keep the one chosen,
        or else choose the one preferred."""
        current = self.event_choice.currentData() or prefer
        with self.archive.begin() as session:
            found = events(session)
        self.event_choice.blockSignals(True)
        self.event_choice.clear()
        for event in found:
            self.event_choice.addItem(event.label(), event.id)
        index = self.event_choice.findData(current)
        self.event_choice.setCurrentIndex(index if index >= 0 else (0 if found else -1))
        self.event_choice.blockSignals(False)
        self._event_chosen()

    def say(self, message: str) -> None:
        """A short confirmation in the status bar; it fades after a while."""
        self.statusBar().showMessage(message, 8000)

    def _tab_shown(self, _index: int) -> None:
        self.event_bar.setVisible(self.tabs.currentWidget() is not self.plan_tab)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.plan_tab.editor.dirty and not dialogs.confirm(
            self, _("The plan has unsaved changes. Close without saving?")
        ):
            event.ignore()
            return
        self.runner.shutdown()
        event.accept()

    def _event_chosen(self, _index: int = 0) -> None:
        event_id = self.event_choice.currentData()
        for tab in (self.collect_tab, self.curate_tab, self.print_tab):
            tab.set_event(event_id)

    # -- slow work ----------------------------------------------------------------------------

    def collect(self) -> None:
        source = dialogs.drive_or_folder(
            self, removable_drives(), _("Where are the exports of the tables?")
        )
        if source is None:
            return
        self._after_job = self._collected
        self._after_failure = self.print_tab.show_stopped
        job = collect_job(
            self.archive.path,
            [source],
            self.now,
            key=self.key,
            allow_unsealed=self.collect_tab.allow_unsealed_box.isChecked(),
            accept_laptop=self.collect_tab.accept_laptop_box.isChecked(),
        )
        self.runner.start(job, _("Merging the exports…"))

    def choose_key(self) -> None:
        """Open the organiser's key file once, off the UI thread (scrypt takes a moment).

        The key pair stays in memory for the rest of this console session; a wrong passphrase
        is reported and the key stays unopened, so the next attempt asks again.
        """
        path = dialogs.key_file(self)
        if path is None:
            return
        passphrase = dialogs.passphrase(self)
        if passphrase is None:
            return
        self._after_job = lambda pair: self._key_opened(pair, path.name)
        self._after_failure = lambda message: None
        self.runner.start(open_key_job(path, passphrase), _("Opening the key…"))

    def _key_opened(self, pair: KeyPair, name: str) -> None:
        self.key = pair
        self.collect_tab.show_key(name)
        self.say(_("Key opened; it stays open until the console closes."))

    def _collected(self, results: list[MergeResult]) -> None:
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
        self._after_job = self.print_tab.show_written
        self._after_failure = self.print_tab.show_stopped
        self.runner.start(print_job(order), _("Printing…"))

    def _set_busy(self, busy: bool) -> None:
        self.collect_tab.collect_button.setEnabled(not busy)
        self.collect_tab.key_button.setEnabled(not busy)
        self.print_tab.print_button.setEnabled(not busy and self.print_tab.event_id is not None)

    def _job_failed(self, message: str) -> None:
        self._after_failure(message)
        dialogs.refuse(self, message)

    def _job_cancelled(self) -> None:
        message = _("Stopped. Files already finished are complete; nothing is half written.")
        self.print_tab.show_stopped(message)
        self.say(message)
