"""The quick-entry bar under the wall: type, press Enter, the note is on the wall.

Kind by coloured buttons (or Ctrl+1..9), role from the plan's list (or Alt+1..9, Alt+0 for none),
a star. Kind and role stay set for the next note, and the bar says so. A click on any of them
leaves the keyboard in the text field: what the host types next is the note. What is typed is
reported as a draft so the window can keep it through a crash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import _
from kiosk.table.records import MAX_NOTE_CHARS, Draft
from kiosk.ui.common import style
from kiosk.ui.common.controls import DropDown
from kiosk.ui.table.wall_model import QtTableWall

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent


class EntryLine(QLineEdit):
    """A line edit that lets Ctrl+Z (and redo) reach the wall when it is empty or has no typing
    of its own to undo: the host's last wall action is undone from where they type."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            from PySide6.QtGui import QKeyEvent  # not needed to draw the first frame

            if isinstance(event, QKeyEvent) and self._wall_undo_key(event):
                event.ignore()
                return False
        return super().event(event)

    def _wall_undo_key(self, event: QKeyEvent) -> bool:
        from PySide6.QtGui import QKeySequence

        ctrl = Qt.KeyboardModifier.ControlModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        mods = event.modifiers() & (ctrl | shift | Qt.KeyboardModifier.AltModifier)
        undo = event.key() == Qt.Key.Key_Z and mods == ctrl
        redo = (event.key() == Qt.Key.Key_Y and mods == ctrl) or (
            event.key() == Qt.Key.Key_Z and mods == ctrl | shift
        )
        undo = undo or event.matches(QKeySequence.StandardKey.Undo)
        if undo:
            return not self.text() or not self.isUndoAvailable()
        if redo:
            return not self.text() or not self.isRedoAvailable()
        return False


class EntryBar(QWidget):
    submitted = Signal(object)  # Draft: the note to add
    draftChanged = Signal(object)  # Draft: what is being typed

    def __init__(self, model: QtTableWall, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        setup = model.wall.setup
        self.setObjectName("entryBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # One style sheet for all kind buttons (a sheet per button costs a restyle each); set
        # before the buttons are made, and each part is made inside the bar, so none is styled
        # twice. (Parents by keyword: see TimerPanel._button.)
        self.setStyleSheet(
            "".join(
                f'QPushButton[kind="{k.key}"] {{ background: {k.color}; }}' for k in setup.kinds
            )
        )

        self.text = EntryLine(self)
        self.text.setObjectName("entryText")
        self.text.setMaxLength(MAX_NOTE_CHARS)
        self.text.setPlaceholderText(_("Type a note — no names, only roles"))
        self.text.setAccessibleName(_("New note"))
        self.add_button = QPushButton(_("Add (Enter)"), parent=self)
        self.add_button.setObjectName("primary")
        self.add_button.setAccessibleName(_("Add the note to the wall"))

        self.kinds = QButtonGroup(self)
        self.kinds.setExclusive(True)
        self.kind_buttons: list[QPushButton] = []
        kind_row = QHBoxLayout()
        kind_row.setSpacing(style.px(6))
        for index, kind in enumerate(setup.kinds):
            button = QPushButton(kind.label, parent=self)
            button.setCheckable(True)
            button.setProperty("kind", kind.key)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            shortcut = f"Ctrl+{index + 1}" if index < 9 else ""
            button.setToolTip(
                _("Kind: {kind}").format(kind=kind.label) + (f" ({shortcut})" if shortcut else "")
            )
            button.setAccessibleName(_("Kind: {kind}").format(kind=kind.label))
            self.kinds.addButton(button, index)
            self.kind_buttons.append(button)
            kind_row.addWidget(button)
        self.role = DropDown(self)
        self.role.setAccessibleName(_("Role of the speaker"))
        self.role.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.role.setMinimumContentsLength(10)
        self.role.addItem(_("Role (none)"), None)
        for role in setup.roles:
            self.role.addItem(role, role)
        # Beside the text being typed, where the host looks: the role the next note gets. (In
        # the row of kinds and roles it made the entry bar, and so the window, too wide.)
        self.role_kept = QLabel(self)
        self.role_kept.setObjectName("roleKept")
        self.star = QToolButton(self)
        self.star.setCheckable(True)
        self.star.setAccessibleName(_("Star this note"))
        self.star.setToolTip(_("Star: a striking remark (Ctrl+S)"))

        top = QHBoxLayout()
        top.addWidget(self.text, 1)
        top.addWidget(self.role_kept)
        top.addWidget(self.add_button)
        bottom = QHBoxLayout()
        bottom.addLayout(kind_row)
        bottom.addSpacing(style.px(12))
        bottom.addWidget(self.role)
        bottom.addWidget(self.star)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        margin = style.px(10)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(style.px(8))
        layout.addLayout(top)
        layout.addLayout(bottom)

        self.restore(model.wall.draft)
        self.text.returnPressed.connect(self.submit)
        self.add_button.clicked.connect(self.submit)
        self.text.textChanged.connect(self._report_draft)
        self.kinds.idToggled.connect(self._kind_toggled)
        self.role.currentIndexChanged.connect(self._report_draft)
        self.star.toggled.connect(self._star_toggled)
        # A click chooses; the keyboard stays with the text (typing is never lost to a button).
        for button in (*self.kind_buttons, self.star):
            button.clicked.connect(self.focus_text)
        self.role.activated.connect(self.focus_text)
        self.role.currentIndexChanged.connect(self._show_role_kept)
        self._show_role_kept()
        self._show_kind_marks()
        self._star_toggled(self.star.isChecked())

    def finish(self) -> None:
        """After the first frame: the clear button (its icon is looked up in the icon theme)."""
        self.text.setClearButtonEnabled(True)

    # -- state --------------------------------------------------------------------------------

    def draft(self) -> Draft:
        checked = self.kinds.checkedButton()
        kind = checked.property("kind") if checked else self.model.wall.setup.kinds[0].key
        return Draft(
            text=self.text.text(),
            kind=kind,
            role=self.role.currentData(),
            starred=self.star.isChecked(),
        )

    def restore(self, draft: Draft) -> None:
        """Show a draft (after a crash, or a language change that rebuilt the window)."""
        self.blockSignals(True)
        keys = [k.key for k in self.model.wall.setup.kinds]
        index = keys.index(draft.kind) if draft.kind in keys else 0
        self.kind_buttons[index].setChecked(True)
        role_index = self.role.findData(draft.role) if draft.role else 0
        self.role.setCurrentIndex(max(0, role_index))
        self.star.setChecked(draft.starred)
        self.text.setText(draft.text)
        self.blockSignals(False)

    def set_kind(self, index: int) -> None:
        if 0 <= index < len(self.kind_buttons):
            self.kind_buttons[index].setChecked(True)

    def set_role(self, index: int) -> None:
        """The plan's role number `index` (1-based), or none for 0."""
        if 0 <= index < self.role.count():
            self.role.setCurrentIndex(index)

    def _show_role_kept(self, *_args: object) -> None:
        role = self.role.currentData()
        self.role_kept.setHidden(role is None)
        if role is not None:
            said = _("Role stays: {role}").format(role=role)
            self.role_kept.setToolTip(said)
            self.role_kept.setText(
                self.role_kept.fontMetrics().elidedText(
                    said, Qt.TextElideMode.ElideRight, style.px(260)
                )
            )

    def toggle_star(self) -> None:
        self.star.toggle()

    def focus_text(self) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def note_added(self) -> None:
        """The note is on the wall: empty the field, keep kind and role, unstar."""
        self.star.setChecked(False)
        self.text.clear()
        self.focus_text()

    # -- reporting ----------------------------------------------------------------------------

    def submit(self) -> None:
        draft = self.draft()
        if draft.text.strip():
            self.submitted.emit(draft)

    def _report_draft(self, *_args: object) -> None:
        if not self.signalsBlocked():
            self.draftChanged.emit(self.draft())

    def _kind_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._show_kind_marks()
            self._report_draft()

    def _show_kind_marks(self) -> None:
        # A check mark, not only a border, shows the chosen kind (colour is never the only cue).
        for button, kind in zip(self.kind_buttons, self.model.wall.setup.kinds, strict=True):
            button.setText(("✓ " if button.isChecked() else "") + kind.label)

    def _star_toggled(self, checked: bool) -> None:
        self.star.setText("★ " + _("Star") if checked else "☆ " + _("Star"))
        self._report_draft()
