"""The organiser console's window: the tabs, the event they work on, the language; the wiring."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.clock import WallClock, utcnow
from kiosk.curate import events
from kiosk.i18n import _
from kiosk.plan_editor import PlanEditor
from kiosk.storage.store import Store
from kiosk.ui.organiser import dialogs
from kiosk.ui.organiser.curate_tab import CurateTab
from kiosk.ui.organiser.plan_tab import PlanTab

LANGUAGES = (("nl", "Nederlands"), ("en", "English"))


class OrganiserWindow(QMainWindow):
    """One window, four jobs: plan, collect, curate, print. Tabs never reach into each other."""

    def __init__(self, archive: Store, now: WallClock = utcnow, editor: PlanEditor | None = None):
        super().__init__()
        self.archive = archive
        self.now = now
        self.plan_tab = PlanTab(editor)
        self.curate_tab = CurateTab(archive, now)
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
        self.event_label.setBuddy(self.event_choice)
        self.archive_label = QLabel()
        self.archive_label.setProperty("role", "hint")
        self.language_label = QLabel()
        self.language_choice = QComboBox()
        for code, name in LANGUAGES:
            self.language_choice.addItem(name, code)
        self.language_choice.setCurrentIndex(max(0, self.language_choice.findData(i18n.language())))
        self.language_label.setBuddy(self.language_choice)
        event_row.addWidget(self.event_label)
        event_row.addWidget(self.event_choice)
        event_row.addWidget(self.archive_label, 1)
        top.addWidget(self.event_bar, 1)
        top.addWidget(self.language_label)
        top.addWidget(self.language_choice)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.plan_tab, "")
        self.tabs.addTab(self.curate_tab, "")
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
        self.plan_tab.message.connect(self.statusBar().showMessage)
        self.curate_tab.message.connect(self.statusBar().showMessage)

    def retranslate(self) -> None:
        self.setWindowTitle(_("kiosk — organiser console"))
        self.event_label.setText(_("&Event:"))
        self.event_choice.setAccessibleName(_("Event in the archive"))
        self.language_label.setText(_("&Language:"))
        self.language_choice.setAccessibleName(_("Language"))
        self.archive_label.setText(_("Archive: {path}").format(path=self.archive.path))
        self.tabs.setTabText(self.tabs.indexOf(self.plan_tab), _("&Plan"))
        self.tabs.setTabText(self.tabs.indexOf(self.curate_tab), _("C&urate"))
        if self.event_choice.count() == 0:
            self.event_choice.setPlaceholderText(_("no events in the archive yet"))
        self.plan_tab.retranslate()
        self.curate_tab.retranslate()

    def set_language(self, language: str) -> None:
        i18n.set_language(language)
        self.retranslate()

    def reload_events(self) -> None:
        """List the archive's events (after a merge may have brought a new one)."""
        current = self.event_choice.currentData()
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

    def _tab_shown(self, _index: int) -> None:
        self.event_bar.setVisible(self.tabs.currentWidget() is not self.plan_tab)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.plan_tab.editor.dirty and not dialogs.confirm(
            self, _("The plan has unsaved changes. Close without saving?")
        ):
            event.ignore()
            return
        event.accept()

    def _event_chosen(self, _index: int = 0) -> None:
        self.curate_tab.set_event(self.event_choice.currentData())
