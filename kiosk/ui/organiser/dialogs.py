"""The console's questions to the organiser, one small function each, so tests can patch them.

Tests replace these (monkeypatch) instead of clicking real modal boxes.
"""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QCalendarWidget,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from kiosk.core.drives import Drive, plain_labels
from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.organiser.archive_choice import try_archive

if TYPE_CHECKING:
    from PySide6.QtWidgets import (
        QWidget,
    )

    from kiosk.organiser.archive import ArchiveTarget

PLAN_FILTER = "kiosk plan (*.json)"


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def open_plan_file(parent: QWidget) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(parent, _("Open a plan"), "", PLAN_FILTER)
    return Path(name) if name else None


def save_plan_file(parent: QWidget, suggested: str) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save the plan"), suggested, PLAN_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".json")


def folder(parent: QWidget, title: str, start: Path | None = None) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, str(start or ""))
    return Path(name) if name else None


def save_file(parent: QWidget, title: str, suggested: str, pattern: str) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
    return Path(name) if name else None


def key_file(parent: QWidget, start: Path | None = None) -> Path | None:
    """The organiser's key file, the picker opening in start (where the key was made)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, _("The organiser's key file"), str(start or ""), "kiosk key (*.kioskkey);;* (*)"
    )
    return Path(name) if name else None


class PassphraseDialog(QDialog):
    """The key file's passphrase; after a wrong one, the reason above the field."""

    def __init__(self, parent: QWidget | None, problem: str = ""):
        super().__init__(parent)
        self.setWindowTitle(_("The organiser's key file"))
        layout = QVBoxLayout(self)
        self.problem = QLabel("⚠ " + problem if problem else "")
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        self.problem.setAccessibleName(problem)
        layout.addWidget(self.problem)
        label = QLabel(_("Passphrase of the key file:"))
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(label.text().rstrip(":"))
        label.setBuddy(self.edit)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(ok_cancel(self))
        self.setMinimumWidth(420)


def passphrase(parent: QWidget, problem: str = "") -> str | None:
    """The key file's passphrase; problem says why it is asked again. None when cancelled."""
    dialog = PassphraseDialog(parent, problem)
    return dialog.edit.text() if dialog.exec() == QDialog.DialogCode.Accepted else None


MIN_PASSPHRASE = 8


def passphrase_problem(first: str, second: str) -> str:
    """Why these two entries cannot protect a new key ("" when they can)."""
    if len(first) < MIN_PASSPHRASE:
        return _("Use at least {count} characters.").format(count=MIN_PASSPHRASE)
    if first != second:
        return _("The two entries differ.")
    return ""


class NewPassphraseDialog(QDialog):
    """A new key's passphrase, typed twice; what is wrong shows under the fields, not in a box."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Passphrase for the new key"))
        layout = QVBoxLayout(self)
        explain = QLabel(
            _(
                "The passphrase protects the private key file. Without it no sealed export can "
                "be opened: keep it somewhere safe, away from the sticks."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.first = QLineEdit()
        self.second = QLineEdit()
        form = QFormLayout()
        for edit, label in (
            (self.first, _("Passphrase:")),
            (self.second, _("Same passphrase again:")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(label.rstrip(":"))
            edit.textEdited.connect(lambda _text: self.problem.hide())
            form.addRow(label, edit)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = ok_cancel(self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        problem = passphrase_problem(self.first.text(), self.second.text())
        if problem:
            self.problem.setText("⚠ " + problem)
            self.problem.setAccessibleName(problem)
            self.problem.show()
            # Grow to hold the new line instead of squeezing the text above it.
            self.adjustSize()
            self.first.setFocus()
            return
        super().accept()

    def passphrase(self) -> str:
        return self.first.text()


def new_passphrase(parent: QWidget) -> str | None:
    """A passphrase for a new key, typed twice; None when cancelled."""
    dialog = NewPassphraseDialog(parent)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ArchiveDialog(QDialog):
    """The archive the console works on: a file or the organisation's PostgreSQL server, with a
    connection test. The password is only held in memory; it is never stored."""

    def __init__(self, current: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Archive"))
        self.chosen: ArchiveTarget | None = None
        layout = QVBoxLayout(self)
        explain = QLabel(
            _(
                "An archive file on this computer, or the organisation's server: "
                "postgresql://user@server/database. Several organisers may use one server "
                "archive at the same time."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.location = QLineEdit(current)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        for edit, label in (
            (self.location, _("File or server:")),
            (self.password, _("Password:")),
        ):
            edit.setAccessibleName(label.rstrip(":"))
            edit.textEdited.connect(lambda _text: self.result.hide())
            form.addRow(label, edit)
        layout.addLayout(form)
        hint = QLabel(
            _("The password is never stored. Leave it empty when PGPASSWORD or ~/.pgpass gives it.")
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.test_button = QPushButton(_("&Test connection"))
        self.test_button.clicked.connect(self.test)
        layout.addWidget(self.test_button)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.hide()
        layout.addWidget(self.result)
        buttons = ok_cancel(self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def test(self) -> bool:
        """Check the archive named; say what answered, or why not, under the fields."""
        try:
            self.chosen, said = try_archive(self.location.text(), self.password.text())
        except KioskError as exc:
            self.chosen = None
            self.result.setProperty("role", "problem")
            said = "⚠ " + str(exc)
        else:
            self.result.setProperty("role", "hint")
        self.result.setText(said)
        self.result.setAccessibleName(said)
        self.result.style().polish(self.result)
        self.result.show()
        return self.chosen is not None

    def accept(self) -> None:
        if self.test():
            super().accept()


def archive(parent: QWidget, current: str) -> ArchiveTarget | None:
    """The archive to work on, tested; None when cancelled."""
    dialog = ArchiveDialog(current, parent)
    return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None


def password(parent: QWidget | None, where: str) -> str | None:
    text, ok = QInputDialog.getText(
        parent,
        _("Archive"),
        _("Password for {archive} (never stored):").format(archive=where),
        QLineEdit.EchoMode.Password,
    )
    return text if ok else None


def pick_date(parent: QWidget, current: Date | None) -> Date | None:
    """A day chosen on a calendar (a click or Enter); None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Date"))
    layout = QVBoxLayout(dialog)
    calendar = QCalendarWidget()
    calendar.setAccessibleName(_("Date"))
    calendar.setGridVisible(True)
    if current is not None:
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
    calendar.clicked.connect(dialog.accept)
    calendar.activated.connect(dialog.accept)
    layout.addWidget(calendar)
    layout.addWidget(ok_cancel(dialog))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return calendar.selectedDate().toPython()


def colour(parent: QWidget, current: str) -> str | None:
    chosen = QColorDialog.getColor(QColor(current), parent, _("Colour of the sticky note"))
    return chosen.name().upper() if chosen.isValid() else None


def confirm(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, "kiosk", question)
    return answer == QMessageBox.StandardButton.Yes


def tell(parent: QWidget, message: str) -> None:
    QMessageBox.information(parent, "kiosk", message)


def refuse(parent: QWidget, message: str) -> None:
    QMessageBox.warning(parent, "kiosk", message)


def note_text(parent: QWidget, current: str) -> str | None:
    """Ask for a corrected note text; None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Fix the note's text"))
    layout = QVBoxLayout(dialog)
    hint = QLabel(_("The note keeps its place; the correction is stored as a new revision."))
    hint.setWordWrap(True)
    edit = QPlainTextEdit(current)
    edit.setAccessibleName(_("Note text"))
    edit.setTabChangesFocus(True)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(hint)
    layout.addWidget(edit)
    layout.addWidget(buttons)
    dialog.resize(560, 320)
    return edit.toPlainText() if dialog.exec() == QDialog.DialogCode.Accepted else None


def drive_or_folder(
    parent: QWidget, drives: list[Drive], title: str, start: Path | None = None
) -> Path | None:
    """Pick one of the USB sticks found, or any folder (a card reader the OS calls fixed);
    the folder picker opens in start (the folder used last time)."""
    if not drives:
        return folder(parent, title, start)
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(_("USB sticks found:")))
    choices = QListWidget()
    choices.setAccessibleName(_("USB sticks found"))
    for drive, label in zip(drives, plain_labels(drives), strict=True):
        item = QListWidgetItem(f"{label}  —  {drive.path}")
        item.setData(256, str(drive.path))
        choices.addItem(item)
    choices.setCurrentRow(0)
    layout.addWidget(choices)
    other = QPushButton(_("Another folder…"))
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
    picked: list[Path] = []

    def pick_folder() -> None:
        found = folder(dialog, title, start)
        if found:
            picked.append(found)
            dialog.accept()

    other.clicked.connect(pick_folder)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    choices.itemActivated.connect(lambda _item: dialog.accept())
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if picked:
        return picked[0]
    item = choices.currentItem()
    return Path(item.data(256)) if item else None


def open_path(path: Path) -> bool:
    """Show a folder in the file manager, or a file in its usual program; False if none could."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def tell_saved(parent: QWidget, message: str, folder: Path) -> None:
    """Say where something was saved, with a button that opens its folder."""
    box = QMessageBox(QMessageBox.Icon.Information, "kiosk", message, parent=parent)
    open_button = box.addButton(_("Open folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    if box.clickedButton() is open_button:
        open_path(folder)
