"""The Plan tab: edit a plan in forms, see each problem next to its field, save, copy to sticks.

The tab is a view of a `PlanEditor`: every edit goes to the editor, which re-checks the plan and
tells the tab, which puts each problem under the field it names, in the form's own words
(`kiosk.plan.words`: "Thema 1: de korte naam ...", counted from 1, in the console's language).
Pages are rebuilt only when rows come or go, so typing never loses focus. Each page is a module
beside this one (`event_page`, `rounds_page`, ...), built from the parts in `form`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.atomic import write_atomic
from kiosk.core.drives import removable_drives
from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.exchange.keyfiles import create_key_files, refuse_key_folder
from kiosk.plan.editor import PlanEditor
from kiosk.plan.words import describe, readiness_warnings
from kiosk.report.cards import cards_pdf
from kiosk.ui.organiser import dialogs, look
from kiosk.ui.organiser.plan.event_page import EventPage
from kiosk.ui.organiser.plan.form import Page, ProblemLabel, Spots, hint
from kiosk.ui.organiser.plan.kinds_page import KindsPage
from kiosk.ui.organiser.plan.roles_page import RolesPage
from kiosk.ui.organiser.plan.rounds_page import RoundsPage
from kiosk.ui.organiser.plan.tables_page import TablesPage
from kiosk.ui.organiser.plan.themes_page import ThemesPage

SECTIONS = ("event", "rounds", "themes", "tables", "roles", "kinds")


def section_title(section: str) -> str:
    return {
        "event": _("Event"),
        "rounds": _("Rounds"),
        "themes": _("Themes"),
        "tables": _("Tables"),
        "roles": _("Roles"),
        "kinds": _("Kinds of note"),
    }[section]


def section_of(path: str) -> str:
    head = path.split(".", 1)[0].split("[", 1)[0]
    return head if head in SECTIONS else ""


class PlanTab(QWidget):
    """Create or open a plan, edit it section by section, save it, put it on sticks."""

    message = Signal(str)
    # The plan was saved to this file (the console lets the archive take its texts).
    saved = Signal(Path)
    # A new organiser key's private file: the console remembers where, to open it there.
    key_made = Signal(Path)

    def __init__(self, editor: PlanEditor | None = None):
        super().__init__()
        self.editor = editor or PlanEditor()
        self.spots = Spots()
        self.pages: dict[str, Page] = {}
        self._build()
        self._watch(self.editor)

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton()
        self.open_button = QPushButton()
        self.save_button = QPushButton()
        self.save_as_button = QPushButton()
        self.cards_button = QPushButton()
        self.usb_button = QPushButton()
        self.usb_button.setProperty("primary", True)
        for button in (self.new_button, self.open_button, self.save_button, self.save_as_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.cards_button)
        bar.addWidget(self.usb_button)
        outer.addLayout(bar)
        self.file_label = hint("")
        outer.addWidget(self.file_label)
        outer.addLayout(self._key_row())

        body = QHBoxLayout()
        self.nav = QListWidget()
        self.nav.setMaximumWidth(230)
        self.nav.setMinimumWidth(190)
        self.nav.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.stack = QStackedWidget()
        kinds = (EventPage, RoundsPage, ThemesPage, TablesPage, RolesPage, KindsPage)
        for section, page_class in zip(SECTIONS, kinds, strict=True):
            page = page_class(self)
            self.pages[section] = page
            self.stack.addWidget(page)
            self.nav.addItem(QListWidgetItem())
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problem_list = QListWidget()
        self.problem_list.setMaximumHeight(96)
        outer.addWidget(self.summary)
        outer.addWidget(self.problem_list)

        self.new_button.clicked.connect(self.new_plan)
        self.open_button.clicked.connect(self.open_plan)
        self.save_button.clicked.connect(self.save)
        self.save_as_button.clicked.connect(self.save_as)
        self.usb_button.clicked.connect(self.write_to_stick)
        self.cards_button.clicked.connect(self.print_cards)
        self.nav.currentRowChanged.connect(self._show_section)
        self.problem_list.itemActivated.connect(self._go_to_problem)
        self.retranslate()
        self.nav.setCurrentRow(0)

    def _key_row(self) -> QVBoxLayout:
        """The plan's organiser key (read-only: only made or removed here, never typed)."""
        self.key_caption = QLabel()
        self.key_value = QLineEdit()
        self.key_value.setReadOnly(True)
        self.key_caption.setBuddy(self.key_value)
        self.make_key_button = QPushButton()
        self.remove_key_button = QPushButton()
        self.make_key_button.clicked.connect(self.make_key)
        self.remove_key_button.clicked.connect(self.remove_key)
        row = QHBoxLayout()
        row.addWidget(self.key_caption)
        row.addWidget(self.key_value, 1)
        row.addWidget(self.make_key_button)
        row.addWidget(self.remove_key_button)
        self.key_problem = ProblemLabel()
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addLayout(row)
        box.addWidget(self.key_problem)
        return box

    def retranslate(self) -> None:
        self.key_caption.setText(_("Organiser key:"))
        self.key_value.setAccessibleName(_("Organiser key"))
        self.key_value.setPlaceholderText(_("none — exports are not sealed"))
        self.key_value.setToolTip(
            _(
                "With an organiser key in the plan, every table seals its exports for it: a lost "
                "stick shows no notes. Only the private key file on this computer opens them."
            )
        )
        self.make_key_button.setText(_("Make a key…"))
        self.remove_key_button.setText(_("Remove the key"))
        self.remove_key_button.setAccessibleName(_("Remove the organiser key from the plan"))
        self.remove_key_button.setToolTip(self.remove_key_button.accessibleName())
        self.new_button.setText(_("New plan"))
        self.open_button.setText(_("Open…"))
        self.save_button.setText(_("Save plan"))
        self.save_as_button.setText(_("Save as…"))
        self.usb_button.setText(_("Write to USB stick…"))
        self.cards_button.setText(_("Print table cards…"))
        self.nav.setAccessibleName(_("Parts of the plan"))
        self.problem_list.setAccessibleName(_("Problems in the plan"))
        self.save_button.setShortcut("Ctrl+S")
        self.open_button.setShortcut("Ctrl+O")
        self.current_page().build()
        self._refresh()

    def current_page(self) -> Page:
        return self.pages[SECTIONS[max(0, self.nav.currentRow())]]

    def show_section(self, section: str) -> None:
        row = SECTIONS.index(section)
        if self.nav.currentRow() == row:
            self._show_section(row)  # shown already: rebuild from the editor all the same
        else:
            self.nav.setCurrentRow(row)

    def _show_section(self, row: int) -> None:
        if row < 0:
            return
        page = self.pages[SECTIONS[row]]
        page.build()
        self.stack.setCurrentWidget(page)
        self._refresh()

    def rebuild_keeping_focus(self, page: Page, accessible_name: str) -> None:
        page.build()
        self._refresh()
        for widget in page.findChildren(QWidget):
            if widget.accessibleName() == accessible_name:
                widget.setFocus()
                break

    # -- the editor ---------------------------------------------------------------------------

    def _watch(self, editor: PlanEditor) -> None:
        editor.subscribe(self._refresh)

    def set_editor(self, editor: PlanEditor) -> None:
        self.editor = editor
        self._watch(editor)
        self.current_page().build()
        self._refresh()

    def _refresh(self) -> None:
        problems = self.editor.plan_problems()
        data = self.editor.data
        self.spots.show(problems, data)
        counts = {section: 0 for section in SECTIONS}
        for problem in problems:
            section = section_of(problem.path)
            if section:
                counts[section] += 1
        for row, section in enumerate(SECTIONS):
            item = self.nav.item(row)
            n = counts[section]
            item.setText(f"{section_title(section)}  ⚠ {n}" if n else section_title(section))
            item.setForeground(QColor(look.PROBLEM if n else look.INK))
        self.problem_list.clear()
        for problem in problems:
            entry = QListWidgetItem(describe(problem, data))
            entry.setData(Qt.ItemDataRole.UserRole, problem.path)
            self.problem_list.addItem(entry)
        warnings = [] if problems else readiness_warnings(data)
        for warning in warnings:
            self.problem_list.addItem(QListWidgetItem("⚠ " + warning))
        self.problem_list.setVisible(bool(problems or warnings))
        if problems:
            self.summary.setProperty("role", "problem")
            self.summary.setText(
                _("To fix before the plan can go to the tables ({count}):").format(
                    count=len(problems)
                )
            )
        elif warnings:
            # Not a refusal: a plan may go out unfinished, but the organiser should know.
            self.summary.setProperty("role", "warning")
            self.summary.setText(
                _("No problems, but not finished yet ({count}):").format(count=len(warnings))
            )
        else:
            self.summary.setProperty("role", "ok")
            self.summary.setText(_("✓ No problems: the plan is ready for the tables."))
        look.repolish(self.summary)
        self.usb_button.setEnabled(not problems)
        self.cards_button.setEnabled(not problems)
        key = self.editor.organiser_key()
        self.key_value.setText(key or "")
        self.remove_key_button.setEnabled(key is not None)
        key_problems = [describe(p, data) for p in problems if p.path == "organiser_key"]
        self.key_problem.show_problems(key_problems)
        if self.key_value.property("problem") != bool(key_problems):
            self.key_value.setProperty("problem", bool(key_problems))
            look.repolish(self.key_value)
        name = str(self.editor.path) if self.editor.path else _("not saved yet")
        changed = _(" (changed)") if self.editor.dirty else ""
        self.file_label.setText(_("Plan file: {name}").format(name=name) + changed)

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        path = str(item.data(Qt.ItemDataRole.UserRole) or "")
        section = section_of(path)
        if not section:
            return
        if section == "themes" and path.startswith("themes["):
            themes_page = self.pages["themes"]
            assert isinstance(themes_page, ThemesPage)
            themes_page.current = int(path[len("themes[") :].split("]", 1)[0])
        self.show_section(section)
        self.current_page().build()
        self._refresh()
        self.spots.focus(path)

    # -- file actions -------------------------------------------------------------------------

    def _may_discard(self) -> bool:
        return not self.editor.dirty or dialogs.confirm(
            self, _("The plan has unsaved changes. Discard them?")
        )

    def new_plan(self) -> None:
        if self._may_discard():
            self.set_editor(PlanEditor())
            self.show_section("event")

    def open_plan(self) -> None:
        if not self._may_discard():
            return
        path = dialogs.open_plan_file(self)
        if path is None:
            return
        try:
            self.set_editor(PlanEditor.open(path))
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        self.message.emit(_("Opened {name}").format(name=path.name))

    def save(self) -> bool:
        if self.editor.path is None:
            return self.save_as()
        return self._save_to(self.editor.path)

    def save_as(self) -> bool:
        path = dialogs.save_plan_file(self, f"{self.editor.event_id()}.json")
        return path is not None and self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        try:
            self.editor.save(path)
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return False
        self.message.emit(_("Saved {name}").format(name=path.name))
        self.saved.emit(path)
        return True

    def write_to_stick(self) -> None:
        target = dialogs.drive_or_folder(
            self, removable_drives(), _("Where should the plan go for the table laptops?")
        )
        if target is None:
            return
        existing = target / self.editor.drive_file_name()
        if existing.exists() and not dialogs.confirm(
            self, _("{name} is already there. Replace it?").format(name=existing.name)
        ):
            return
        try:
            fixed = self._fix_event_code()
            written = self.editor.write_to_drive(target)
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        dialogs.tell(
            self,
            fixed
            + _("The plan is on the stick as {name}, checked. The stick can be removed.").format(
                name=written.name
            ),
        )

    def _fix_event_code(self) -> str:
        """Give a plan without an event code (an older file) its code before it leaves the
        console; the sentence that says so, or "" when it had one."""
        code = self.editor.fix_event_id_in_file()
        if code is None:
            return ""
        if self.editor.path is not None:
            where = _("It is saved in {name}.").format(name=self.editor.path.name)
        else:
            where = _("Save the plan to keep it.")
        return (
            _(
                "The plan now has a fixed event code: {code}. The tables file their notes under "
                "it, also when the title changes later."
            ).format(code=code)
            + " "
            + where
            + "\n\n"
        )

    # -- organiser key ------------------------------------------------------------------------

    def make_key(self) -> None:
        """A new key pair in a folder on this computer; its public half goes into the plan."""
        if self.editor.organiser_key() is not None and not dialogs.confirm(
            self,
            _(
                "The plan already has an organiser key. Exports sealed for it open only with "
                "its own key file. Put a new key in its place?"
            ),
        ):
            return
        folder = dialogs.folder(
            self, _("Where should the key files go? Choose a folder on this computer.")
        )
        if folder is None:
            return
        try:
            refuse_key_folder(folder)  # before the passphrase is typed in vain
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        passphrase = dialogs.new_passphrase(self)
        if passphrase is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            private, _public, text = create_key_files(folder, passphrase)
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.editor.set_organiser_key(text)
        self.key_made.emit(private)
        dialogs.tell(
            self,
            _(
                "The key is made and is in the plan now; save the plan and put it on the sticks. "
                "The private key file is {path}. It must stay on this computer: with its "
                "passphrase it is the only way to open the sealed exports."
            ).format(path=private),
        )

    def remove_key(self) -> None:
        if self.editor.organiser_key() is None or not dialogs.confirm(
            self,
            _(
                "Take the organiser key out of the plan? Tables given the changed plan no "
                "longer seal their exports."
            ),
        ):
            return
        self.editor.set_organiser_key(None)

    def print_cards(self) -> None:
        """A card per table (number, theme, guiding questions) as a PDF, opened to print."""
        try:
            fixed = self._fix_event_code() if not self.editor.problems() else ""
            plan = self.editor.plan()
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        path = dialogs.save_file(
            self,
            _("Save the table cards"),
            _("table-cards") + f"-{plan.event_id}.pdf",
            "PDF (*.pdf)",
        )
        if path is None:
            return
        try:
            write_atomic(path, cards_pdf(plan))
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        self.message.emit(_("Table cards saved as {name}").format(name=path.name))
        opened = dialogs.open_path(path)
        said = _("The table cards are saved as {path}.").format(path=path)
        if not opened:
            said += " " + _("They could not be opened here; open the folder to print them.")
        dialogs.tell_saved(self, fixed + said, path.parent)
