"""The start screen, shown while this laptop serves no table yet.

Load a plan from a USB stick (removable drives are searched first, off the UI thread) or from a
folder the host picks; pick the table, seeing its theme; choose a 4-digit host PIN. Or try the
demo event. The composition root does the setup when `setupChosen` arrives.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import resources
from kiosk.core.drives import removable_drives
from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.core.platforms import launch_stick
from kiosk.plan.files import FoundPlan, find_plans
from kiosk.plan.model import Plan, load_plan
from kiosk.table.host_pin import PIN_DIGITS, is_pin
from kiosk.ui.common import style
from kiosk.ui.common.runner import in_background


def ask_folder(parent: QWidget | None) -> Path | None:
    """The folder picker (patched in tests)."""
    folder = QFileDialog.getExistingDirectory(parent, _("Folder with the plan"))
    return Path(folder) if folder else None


def _page(title: str, lead: str = "") -> tuple[QWidget, QVBoxLayout]:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setSpacing(style.px(14))
    heading = QLabel(title)
    heading.setObjectName("bigTitle")
    heading.setWordWrap(True)
    layout.addWidget(heading)
    if lead:
        text = QLabel(lead)
        text.setObjectName("lead")
        text.setWordWrap(True)
        layout.addWidget(text)
    return page, layout


class StartScreen(QWidget):
    setupChosen = Signal(object, int, str)  # Plan, table number, host PIN
    quitRequested = Signal()

    def __init__(self, parent: QWidget | None = None, store: Path | None = None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("startScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(_("Table kiosk: set up this laptop"))
        self.plan: Plan | None = None
        self.table_number: int | None = None
        self.found: list[FoundPlan] = []

        self.pages = QStackedWidget()
        self._build_welcome()
        self._build_plans()
        self._build_tables()
        self._build_pin()
        column = QWidget()
        column.setMaximumWidth(style.px(980))
        inner = QVBoxLayout(column)
        inner.addWidget(self.pages)
        outer = QHBoxLayout(self)
        margin = style.px(40)
        outer.setContentsMargins(margin, margin, margin, margin)
        outer.addStretch(1)
        outer.addWidget(column, 6)
        outer.addStretch(1)

    # -- pages --------------------------------------------------------------------------------

    def _build_welcome(self) -> None:
        page, layout = _page(
            _("Welcome to the table kiosk"),
            _(
                "This laptop does not serve a table yet. Load the event plan from the USB "
                "stick the organiser gave you, or try the demo event first."
            ),
        )
        if self.store is not None:
            # A host running the kiosk from the organiser's stick should know the notes stay on
            # this laptop (and where, for whoever looks after it).
            self.store_label = QLabel(
                _(
                    "This table's notes will be kept on this laptop, in {folder}; "
                    "never on the USB stick."
                ).format(folder=self.store.parent)
            )
            self.store_label.setWordWrap(True)
            self.store_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(self.store_label)
        self.load_button = QPushButton(_("Load a plan from a USB stick or folder"))
        self.demo_button = QPushButton(_("Try the demo event"))
        self.quit_button = QPushButton(_("Stop"))
        for button in (self.load_button, self.demo_button):
            button.setObjectName("bigChoice")
            layout.addWidget(button)
        self.load_button.setObjectName("primary")
        self.load_button.setProperty("big", True)
        layout.addStretch(1)
        layout.addWidget(self.quit_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.load_button.clicked.connect(self.show_plans)
        self.demo_button.clicked.connect(self.choose_demo)
        self.quit_button.clicked.connect(self.quitRequested)
        self.pages.addWidget(page)
        self.welcome_page = page

    def _build_plans(self) -> None:
        page, layout = _page(_("Choose the plan"))
        self.plans_status = QLabel()
        self.plans_status.setObjectName("lead")
        self.plans_status.setWordWrap(True)
        self.plan_list = QListWidget()
        self.plan_list.setAccessibleName(_("Plans found"))
        self.plan_list.setWordWrap(True)
        self.plan_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.folder_button = QPushButton(_("Choose a folder…"))
        self.rescan_button = QPushButton(_("Search the USB sticks again"))
        self.plans_next = QPushButton(_("Next"))
        self.plans_next.setObjectName("primary")
        self.plans_back = QPushButton(_("Back"))
        layout.addWidget(self.plans_status)
        layout.addWidget(self.plan_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.plans_back)
        row.addStretch(1)
        row.addWidget(self.rescan_button)
        row.addWidget(self.folder_button)
        row.addWidget(self.plans_next)
        layout.addLayout(row)
        self.folder_button.clicked.connect(self.choose_folder)
        self.rescan_button.clicked.connect(self.scan_drives)
        self.plans_next.clicked.connect(self.take_plan)
        self.plans_back.clicked.connect(lambda: self.pages.setCurrentWidget(self.welcome_page))
        self.plan_list.itemActivated.connect(lambda _item: self.take_plan())
        self.plan_list.currentRowChanged.connect(self._plan_selected)
        self.pages.addWidget(page)
        self.plans_page = page

    def _build_tables(self) -> None:
        page, layout = _page(_("Choose your table"))
        self.event_label = QLabel()
        self.event_label.setObjectName("lead")
        self.event_label.setWordWrap(True)
        self.table_list = QListWidget()
        self.table_list.setAccessibleName(_("Tables of the event"))
        self.table_list.setWordWrap(True)
        self.table_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tables_next = QPushButton(_("Next"))
        self.tables_next.setObjectName("primary")
        self.tables_back = QPushButton(_("Back"))
        layout.addWidget(self.event_label)
        layout.addWidget(self.table_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.tables_back)
        row.addStretch(1)
        row.addWidget(self.tables_next)
        layout.addLayout(row)
        self.tables_next.clicked.connect(self.take_table)
        self.tables_back.clicked.connect(lambda: self.pages.setCurrentWidget(self.welcome_page))
        self.table_list.itemActivated.connect(lambda _item: self.take_table())
        self.pages.addWidget(page)
        self.tables_page = page

    def _build_pin(self) -> None:
        page, layout = _page(
            _("Choose a host PIN"),
            _(
                "Four digits that only the host knows. The kiosk asks for them to exit, to "
                "change settings or to switch tables, so nobody closes the wall by accident."
            ),
        )
        self.pin_first = QLineEdit()
        self.pin_second = QLineEdit()
        for field in (self.pin_first, self.pin_second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(PIN_DIGITS)
            field.setObjectName("entryText")
            field.setMaximumWidth(style.px(220))
        self.pin_first.setAccessibleName(_("Host PIN"))
        self.pin_second.setAccessibleName(_("Host PIN again"))
        form = QFormLayout()
        form.addRow(_("PIN ({count} digits)").format(count=PIN_DIGITS), self.pin_first)
        form.addRow(_("Once more"), self.pin_second)
        self.pin_message = QLabel()
        self.pin_message.setObjectName("pinMessage")
        self.pin_message.setWordWrap(True)
        self.start_button = QPushButton(_("Start the kiosk"))
        self.start_button.setObjectName("primary")
        self.pin_back = QPushButton(_("Back"))
        layout.addLayout(form)
        layout.addWidget(self.pin_message)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.pin_back)
        row.addStretch(1)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        self.pin_second.returnPressed.connect(self.finish)
        self.pin_first.returnPressed.connect(self.pin_second.setFocus)
        self.start_button.clicked.connect(self.finish)
        self.pin_back.clicked.connect(lambda: self.pages.setCurrentWidget(self.tables_page))
        self.pages.addWidget(page)
        self.pin_page = page

    # -- plans --------------------------------------------------------------------------------

    def show_plans(self) -> None:
        self.pages.setCurrentWidget(self.plans_page)
        self.scan_drives()

    def scan_drives(self) -> None:
        """Look for plans on every USB stick, off the UI thread."""
        self.plans_status.setText(_("Looking for plans on USB sticks…"))
        self.plan_list.clear()
        self.plans_next.setEnabled(False)

        def scan() -> list[FoundPlan]:
            # The stick the kiosk itself runs from first: its plan is the one meant.
            here = launch_stick()
            drives = [d.path for d in removable_drives() if d.path != here]
            return find_plans(([here] if here is not None else []) + drives)

        self._run(scan)

    def choose_folder(self) -> None:
        folder = ask_folder(self)
        if folder is None:
            return
        self.plans_status.setText(_("Looking for plans in {folder}…").format(folder=folder))
        self.plan_list.clear()
        self.plans_next.setEnabled(False)
        self._run(lambda: find_plans([folder], depth=2))

    def _run(self, fn) -> None:
        in_background(self, fn, success=self.show_found, failure=self.plans_status.setText)

    def show_found(self, found: list[FoundPlan]) -> None:
        self.found = found
        self.plan_list.clear()
        for entry in found:
            if entry.plan is not None:
                count = len(entry.plan.tables)
                tables = _("tables: {count}").format(count=count)
                text = f"{entry.plan.event.title}\n{entry.path} · {tables}"
            else:
                text = _("{file}: cannot be used: {problem}").format(
                    file=entry.path, problem=entry.problem
                )
            item = QListWidgetItem(text)
            if entry.plan is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.plan_list.addItem(item)
        usable = [i for i, e in enumerate(found) if e.plan is not None]
        if usable:
            self.plans_status.setText(_("Choose the plan of today's event."))
            self.plan_list.setCurrentRow(usable[0])
            self.plan_list.setFocus()
        else:
            self.plans_status.setText(
                _(
                    "No plan found. Put the organiser's USB stick in, then search again, or "
                    "choose a folder."
                )
            )
            self.folder_button.setFocus()

    def _plan_selected(self, row: int) -> None:
        self.plans_next.setEnabled(0 <= row < len(self.found) and self.found[row].plan is not None)

    def take_plan(self) -> None:
        row = self.plan_list.currentRow()
        if 0 <= row < len(self.found) and self.found[row].plan is not None:
            self.show_tables(self.found[row].plan)

    def choose_demo(self) -> None:
        self.show_tables(load_plan(resources.path("demo", "plan.json")))

    # -- tables and PIN -----------------------------------------------------------------------

    def show_tables(self, plan: Plan) -> None:
        self.plan = plan
        self.event_label.setText(plan.event.title)
        self.table_list.clear()
        for table in plan.tables:
            theme = plan.theme(table.theme)
            text = _("Table {number}: {theme}").format(number=table.number, theme=theme.title)
            if theme.description:
                text += "\n" + theme.description
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, table.number)
            self.table_list.addItem(item)
        self.table_list.setCurrentRow(0)
        self.pages.setCurrentWidget(self.tables_page)
        self.table_list.setFocus()

    def take_table(self) -> None:
        item = self.table_list.currentItem()
        if item is None:
            return
        self.table_number = int(item.data(Qt.ItemDataRole.UserRole))
        self.pin_first.clear()
        self.pin_second.clear()
        self.pin_message.setText("")
        self.pages.setCurrentWidget(self.pin_page)
        self.pin_first.setFocus()

    def finish(self) -> None:
        first, second = self.pin_first.text().strip(), self.pin_second.text().strip()
        if not is_pin(first):
            self.show_error(_("A host PIN is {count} digits.").format(count=PIN_DIGITS))
        elif first != second:
            self.show_error(_("The two PINs differ. Type the same PIN twice."))
        elif self.plan is not None and self.table_number is not None:
            self.setupChosen.emit(self.plan, self.table_number, first)

    def show_error(self, text: str) -> None:
        self.pin_message.setText(text)
        self.pin_message.setStyleSheet(f"color: {style.DANGER};")

    def show_setup_error(self, error: KioskError) -> None:
        self.show_error(str(error))
