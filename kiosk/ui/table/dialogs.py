"""The kiosk's dialogs: host PIN, editing a note, naming a group, settings, confirming.

Each has a small `ask()` that runs it modally and returns the answer; tests patch `ask()` rather
than clicking real modal boxes, and drive the dialog objects themselves where the dialog has
rules of its own (the PIN pad).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import _
from kiosk.plan.table_setup import TableSetup
from kiosk.table.host_pin import PIN_DIGITS, PinCheck, is_pin
from kiosk.table.records import MAX_NOTE_CHARS, WallNote
from kiosk.ui.common import style
from kiosk.ui.common.controls import DropDown

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QKeyEvent


def fit(dialog: QDialog, width: int, height: int = 0) -> None:
    """Size a dialog: this wide and at least this tall (pixels at 1366x768), as tall as its
    wrapped text needs at that width, and never larger than the screen."""
    area = style.screen().availableGeometry()
    dialog.ensurePolished()
    layout = dialog.layout()
    wide = min(max(style.px(width), layout.totalMinimumSize().width()), area.width())
    needed = (
        layout.totalHeightForWidth(wide)
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    dialog.resize(wide, min(max(needed, style.px(height)), area.height()))


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName("primary")
    ok.setDefault(True)
    box.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


# -- host PIN -----------------------------------------------------------------------------------


class PinPad(QWidget):
    """Four boxes and a number pad; typing digits works too. Emits the PIN when complete."""

    entered = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.digits = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("Host PIN, {count} digits").format(count=PIN_DIGITS))
        boxes = QHBoxLayout()
        boxes.addStretch(1)
        self.boxes: list[QLabel] = []
        for _i in range(PIN_DIGITS):
            box = QLabel()
            box.setObjectName("pinBox")
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            boxes.addWidget(box)
            self.boxes.append(box)
        boxes.addStretch(1)
        keys = QGridLayout()
        keys.setSpacing(style.px(8))
        self.keys: list[QPushButton] = []
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", ""]
        for index, label in enumerate(labels):
            if not label:
                continue
            key = QPushButton(label)
            key.setObjectName("pinKey")
            key.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the pad itself takes the keyboard
            if label == "⌫":
                key.setAccessibleName(_("Erase a digit"))
                key.clicked.connect(self.erase)
            else:
                key.clicked.connect(lambda _c=False, d=label: self.type_digit(d))
            keys.addWidget(key, index // 3, index % 3)
            self.keys.append(key)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(boxes)
        layout.addSpacing(style.px(10))
        pad = QHBoxLayout()
        pad.addStretch(1)
        pad.addLayout(keys)
        pad.addStretch(1)
        layout.addLayout(pad)
        self._show()

    def type_digit(self, digit: str) -> None:
        if not self.isEnabled() or len(self.digits) >= PIN_DIGITS:
            return
        self.digits += digit
        self._show()
        if len(self.digits) == PIN_DIGITS:
            self.entered.emit(self.digits)

    def erase(self) -> None:
        self.digits = self.digits[:-1]
        self._show()

    def clear(self) -> None:
        self.digits = ""
        self._show()

    def _show(self) -> None:
        for index, box in enumerate(self.boxes):
            box.setText("●" if index < len(self.digits) else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and text.isascii():
            self.type_digit(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.erase()
        else:
            super().keyPressEvent(event)


class PinDialog(QDialog):
    """Ask for the host PIN. Wrong PINs are counted by the checker; while it makes the host
    wait, the pad is off and a countdown shows (from the model's clock, refreshed each second)."""

    def __init__(
        self,
        reason: str,
        check: Callable[[str], PinCheck],
        wait: Callable[[], float],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Host PIN"))
        self.setModal(True)
        self._check = check
        self._wait = wait
        title = QLabel(reason)
        title.setObjectName("pinTitle")
        title.setWordWrap(True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(_("Type the {count}-digit host PIN.").format(count=PIN_DIGITS))
        self.message.setObjectName("pinMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pad = PinPad()
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        margin = style.px(28)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(style.px(14))
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addWidget(self.pad)
        layout.addWidget(cancel, alignment=Qt.AlignmentFlag.AlignCenter)
        self.pad.entered.connect(self.try_pin)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.refresh)
        self.refresh()
        self.pad.setFocus()
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetFixedSize)  # never squeezed

    def try_pin(self, pin: str) -> None:
        verdict = self._check(pin)
        self.pad.clear()
        if verdict.ok:
            self.accept()
            return
        if verdict.locked:
            self.refresh()
        else:
            self.message.setText(_("Wrong PIN. Try again."))
            self.message.setStyleSheet(f"color: {style.DANGER};")

    def refresh(self) -> None:
        """Show the wait, or end it when the clock says it is over."""
        wait = self._wait()
        locked = wait > 0
        self.pad.setEnabled(not locked)
        if locked:
            self.message.setText(
                _("Too many wrong PINs. Try again in {seconds} s.").format(
                    seconds=round(wait + 0.49)
                )
            )
            self.message.setStyleSheet(f"color: {style.DANGER};")
            if not self.ticker.isActive():
                self.ticker.start()
        elif self.ticker.isActive():
            self.ticker.stop()
            self.message.setText(_("Type the {count}-digit host PIN.").format(count=PIN_DIGITS))
            self.message.setStyleSheet("")
            self.pad.setFocus()

    @staticmethod
    def ask(
        parent: QWidget | None,
        reason: str,
        check: Callable[[str], PinCheck],
        wait: Callable[[], float],
    ) -> bool:
        dialog = PinDialog(reason, check, wait, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted


class NewPinDialog(QDialog):
    """Choose a host PIN: four digits, typed twice."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Choose a host PIN"))
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(PIN_DIGITS)
            field.setInputMask("9999;_")
        self.first.setAccessibleName(_("New host PIN"))
        self.second.setAccessibleName(_("New host PIN again"))
        self.message = QLabel(
            _("Only the host needs it: to leave the kiosk, change settings or switch tables.")
        )
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("PIN ({count} digits)").format(count=PIN_DIGITS), self.first)
        form.addRow(_("Once more"), self.second)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        box = _buttons(self, _("Save PIN"))
        box.accepted.disconnect()
        box.accepted.connect(self.submit)
        layout.addWidget(box)
        fit(self, 560)

    def pin(self) -> str | None:
        first, second = self.first.text().strip(), self.second.text().strip()
        if not is_pin(first):
            self.message.setText(_("A host PIN is {count} digits.").format(count=PIN_DIGITS))
            return None
        if first != second:
            self.message.setText(_("The two PINs differ. Type the same PIN twice."))
            return None
        return first

    def submit(self) -> None:
        if self.pin() is not None:
            self.accept()
        else:
            self.message.setStyleSheet(f"color: {style.DANGER};")

    @staticmethod
    def ask(parent: QWidget | None) -> str | None:
        dialog = NewPinDialog(parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.pin()
        return None


# -- notes and groups ---------------------------------------------------------------------------


class NoteDialog(QDialog):
    """Edit a note: all its text, kind, role and star."""

    def __init__(self, setup: TableSetup, note: WallNote, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Edit note"))
        self.note = note
        self.text = QPlainTextEdit(note.text)
        self.text.setAccessibleName(_("Text of the note"))
        self.text.setTabChangesFocus(True)
        self.kind = DropDown()
        for kind in setup.kinds:
            self.kind.addItem(kind.label, kind.key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(note.kind)))
        self.role = DropDown()
        self.role.addItem(_("Role (none)"), None)
        for role in setup.roles:
            self.role.addItem(role, role)
        self.role.setCurrentIndex(max(0, self.role.findData(note.role)) if note.role else 0)
        self.star = QCheckBox(_("Starred"))
        self.star.setChecked(note.starred)
        self.message = QLabel()
        form = QFormLayout()
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Role"), self.role)
        form.addRow("", self.star)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        box = _buttons(self, _("Save (Ctrl+Enter)"))
        box.accepted.disconnect()
        box.accepted.connect(self.submit)
        layout.addWidget(box)
        # Enter adds a line to the text; Ctrl+Enter saves, from the text or anywhere else.
        self.text.installEventFilter(self)
        fit(self, 720, 460)

    @staticmethod
    def _saves(event: QKeyEvent) -> bool:
        return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self._saves(event):
            self.submit()
            return True
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._saves(event):
            self.submit()
        else:
            super().keyPressEvent(event)

    def changes(self) -> dict[str, object]:
        return {
            "text": self.text.toPlainText(),
            "kind": self.kind.currentData(),
            "role": self.role.currentData(),
            "starred": self.star.isChecked(),
        }

    def submit(self) -> None:
        text = self.text.toPlainText()
        if not text.strip():
            self.message.setText(_("A note needs some text."))
        elif len(text) > MAX_NOTE_CHARS:
            self.message.setText(
                _("A note has at most {count} characters.").format(count=MAX_NOTE_CHARS)
            )
        else:
            self.accept()

    @staticmethod
    def ask(parent: QWidget | None, setup: TableSetup, note: WallNote) -> dict[str, object] | None:
        dialog = NoteDialog(setup, note, parent)
        return dialog.changes() if dialog.exec() == QDialog.DialogCode.Accepted else None


class LabelDialog(QDialog):
    """Name a group."""

    def __init__(self, title: str, label: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.field = QLineEdit(label)
        self.field.setMaxLength(200)
        self.field.setAccessibleName(_("Name of the group"))
        self.field.setPlaceholderText(_("For example: Samen doen"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(title))
        layout.addWidget(self.field)
        box = _buttons(self, _("Save"))
        layout.addWidget(box)
        fit(self, 560)

    @staticmethod
    def ask(parent: QWidget | None, title: str, label: str = "") -> str | None:
        dialog = LabelDialog(title, label, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.field.text().strip():
            return dialog.field.text().strip()
        return None


# -- settings and confirmations -----------------------------------------------------------------


@dataclass(frozen=True)
class SettingsChoice:
    language: str
    new_pin: bool


class SettingsDialog(QDialog):
    """Language of the kiosk, and changing the host PIN."""

    def __init__(self, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.dutch = QRadioButton("Nederlands")
        self.english = QRadioButton("English")
        (self.english if language == "en" else self.dutch).setChecked(True)
        self.change_pin = QCheckBox(_("Choose a new host PIN"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Language of the kiosk")))
        layout.addWidget(self.dutch)
        layout.addWidget(self.english)
        layout.addSpacing(style.px(12))
        layout.addWidget(self.change_pin)
        layout.addWidget(_buttons(self, _("Apply")))
        fit(self, 460)

    def choice(self) -> SettingsChoice:
        language = "en" if self.english.isChecked() else "nl"
        return SettingsChoice(language=language, new_pin=self.change_pin.isChecked())

    @staticmethod
    def ask(parent: QWidget | None, language: str) -> SettingsChoice | None:
        dialog = SettingsDialog(language, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


class Confirm(QDialog):
    """A question before something that cannot be taken back: Enter (the default) is Cancel."""

    def __init__(self, question: str, yes: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Are you sure?"))
        label = QLabel(question)
        label.setWordWrap(True)
        box = QDialogButtonBox()
        self.yes = box.addButton(yes, QDialogButtonBox.ButtonRole.AcceptRole)
        self.yes.setAutoDefault(False)
        self.cancel = box.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel.setObjectName("primary")
        self.cancel.setDefault(True)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(box)
        self.cancel.setFocus()
        fit(self, 560)

    @staticmethod
    def ask(parent: QWidget | None, question: str, yes: str) -> bool:
        return Confirm(question, yes, parent).exec() == QDialog.DialogCode.Accepted


class Notice(QDialog):
    """A message that stays until the host has read it and pressed OK."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Note"))
        label = QLabel(text)
        label.setWordWrap(True)
        ok = QPushButton(_("OK"))
        ok.setObjectName("primary")
        ok.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(ok, alignment=Qt.AlignmentFlag.AlignRight)
        fit(self, 560)

    @staticmethod
    def show_text(parent: QWidget | None, text: str) -> None:
        Notice(text, parent).exec()


def ask_receipt_file(parent: QWidget | None) -> Path | None:
    """The organiser's receipt (`*.kiosk.receipt`), on a stick if one is in (patched in tests)."""
    from kiosk.core.drives import removable_drives

    drives = removable_drives()
    start = str(drives[0].path) if drives else ""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("The organiser's receipt"), start, _("Receipts (*.receipt)")
    )
    return Path(chosen) if chosen else None
