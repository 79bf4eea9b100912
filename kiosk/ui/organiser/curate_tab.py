"""The Curate tab: browse an event's notes, star them, hide them from print, fix a typo.

A `QAbstractTableModel` over plain `NoteRow` records from `kiosk.organiser.curate`, so thousands of
notes list quickly; each action is one transaction and updates only its own row.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.organiser.archive import Archive
from kiosk.organiser.curate import NoteFilter, NoteRow
from kiosk.plan.model import Plan
from kiosk.ui.organiser import dialogs, look

Index = QModelIndex | QPersistentModelIndex
STAR, TABLE, ROUND, THEME, KIND, ROLE, TEXT, PRINT = range(8)


def headers() -> list[str]:
    return ["★", _("Table"), _("Round"), _("Theme"), _("Kind"), _("Role"), _("Text"), _("Print")]


TOOLTIP_CHARS = 600


def note_tooltip(text: str) -> str:
    """A note's text for its tooltip, bounded: at most TOOLTIP_CHARS characters, wrapped.

    Rich text (`<qt>`) makes Qt wrap the tooltip to a readable width; a plain one would run as
    wide as the screen. The text is escaped, so a note is shown as typed, never as markup.
    """
    shown = text if len(text) <= TOOLTIP_CHARS else text[:TOOLTIP_CHARS].rstrip() + " …"
    body = html.escape(shown).replace("\n", "<br>")
    return f"<qt>{body}</qt>"


class NotesModel(QAbstractTableModel):
    """The notes found, as rows; knows the plan to show theme titles and kind colours."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[NoteRow] = []
        self.plan: Plan | None = None

    def reset(self, rows: list[NoteRow], plan: Plan | None) -> None:
        self.beginResetModel()
        self.rows, self.plan = rows, plan
        self.endResetModel()

    def replace(self, row: int, note: NoteRow) -> None:
        self.rows[row] = note
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 8

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return headers()[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return _("Starred") if section == STAR else None
        return None

    def _theme(self, key: str) -> str:
        if self.plan is not None:
            found = next((t for t in self.plan.themes if t.key == key), None)
            if found:
                return found.title
        return key

    def _kind(self, key: str) -> tuple[str, str | None]:
        found = self.plan.kind(key) if self.plan is not None else None
        return (found.label, found.color) if found else (key, None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        note = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(note, column, accessible=role != Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ToolTipRole and column == TEXT:
            return note_tooltip(note.text)
        if role == Qt.ItemDataRole.DecorationRole and column == KIND:
            colour = self._kind(note.kind)[1]
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STAR and note.starred:
                return QColor("#B8860B")
            if note.hidden:
                return QColor(look.MUTED)
        if role == Qt.ItemDataRole.FontRole and note.hidden:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (STAR, TABLE, ROUND):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, note: NoteRow, column: int, accessible: bool) -> str:
        if column == STAR:
            if accessible:
                return _("starred") if note.starred else _("not starred")
            return "★" if note.starred else ""
        if column == TABLE:
            return str(note.table_number)
        if column == ROUND:
            return str(note.round_number)
        if column == THEME:
            return self._theme(note.theme)
        if column == KIND:
            return self._kind(note.kind)[0]
        if column == ROLE:
            return note.role or ""
        if column == TEXT:
            # One line per note keeps thousands of rows fast; the tooltip has it all.
            return note.text.replace("\n", " ⏎ ")
        return _("hidden") if note.hidden else _("yes")


class CurateTab(QWidget):
    message = Signal(str)

    def __init__(self, archive: Archive):
        super().__init__()
        self.archive = archive
        self.event_id: str | None = None
        self.plan: Plan | None = None
        self.model = NotesModel()
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.theme_choice = QComboBox()
        self.table_choice = QComboBox()
        self.round_choice = QComboBox()
        self.kind_choice = QComboBox()
        self.theme_choice.setMinimumWidth(220)
        self.starred_only = QCheckBox()
        self.hidden_only = QCheckBox()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        for widget in (
            self.theme_choice,
            self.table_choice,
            self.round_choice,
            self.kind_choice,
            self.starred_only,
            self.hidden_only,
        ):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        layout.addLayout(filters)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(30)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((STAR, 34), (TABLE, 56), (ROUND, 60), (THEME, 220), (KIND, 140)):
            self.view.setColumnWidth(column, width)
        self.view.setColumnWidth(ROLE, 150)
        self.view.setColumnWidth(PRINT, 90)
        layout.addWidget(self.view, 1)

        actions = QHBoxLayout()
        self.star_button = QPushButton()
        self.hide_button = QPushButton()
        self.fix_button = QPushButton()
        self.counts_label = QLabel()
        self.counts_label.setProperty("role", "hint")
        for button in (self.star_button, self.hide_button, self.fix_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.counts_label)
        layout.addLayout(actions)
        self.empty_label = QLabel()
        self.empty_label.setProperty("role", "hint")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)

        # Single keys act on the selected note while the list has the focus.
        for key, action in (("S", self.toggle_star), ("H", self.toggle_hidden), ("F2", self.fix)):
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(action)

    def _connect_signals(self) -> None:
        for box in (self.theme_choice, self.table_choice, self.round_choice, self.kind_choice):
            box.currentIndexChanged.connect(self.reload)
        self.starred_only.toggled.connect(self.reload)
        self.hidden_only.toggled.connect(self.reload)
        self.search.textChanged.connect(self.reload)
        self.star_button.clicked.connect(self.toggle_star)
        self.hide_button.clicked.connect(self.toggle_hidden)
        self.fix_button.clicked.connect(self.fix)
        self.view.activated.connect(lambda _index: self.fix())
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)

    def retranslate(self) -> None:
        self.starred_only.setText(_("Starred only"))
        self.hidden_only.setText(_("Hidden only"))
        self.search.setPlaceholderText(_("Search in the text or role…"))
        self.search.setAccessibleName(_("Search in the text or role"))
        self.theme_choice.setAccessibleName(_("Filter by theme"))
        self.table_choice.setAccessibleName(_("Filter by table"))
        self.round_choice.setAccessibleName(_("Filter by round"))
        self.kind_choice.setAccessibleName(_("Filter by kind"))
        self.view.setAccessibleName(_("Notes"))
        self.fix_button.setText(_("Fix the text… (F2)"))
        self.empty_label.setText(
            _("No notes in the archive yet: collect the exports from the sticks first.")
        )
        self._fill_filters()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 7)
        self._update_buttons()

    # -- event and filters --------------------------------------------------------------------

    def set_event(self, event_id: str | None) -> None:
        self.event_id = event_id
        self.plan = None
        if event_id is not None:
            self.plan = self.archive.plan(event_id)
        self._fill_filters()

    def _fill_filters(self) -> None:
        plan = self.plan

        def fill(box: QComboBox, everything: str, items: list[tuple[str, Any]]) -> None:
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            for text, value in items:
                box.addItem(text, value)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)

        fill(
            self.theme_choice,
            _("All themes"),
            [(t.title, t.key) for t in plan.themes] if plan else [],
        )
        fill(
            self.table_choice,
            _("All tables"),
            [(_("Table {number}").format(number=t.number), t.number) for t in plan.tables]
            if plan
            else [],
        )
        fill(
            self.round_choice,
            _("All rounds"),
            [(_("Round {number}").format(number=r.number), r.number) for r in plan.rounds]
            if plan
            else [],
        )
        fill(
            self.kind_choice, _("All kinds"), [(k.label, k.key) for k in plan.kinds] if plan else []
        )
        self.reload()

    def current_filter(self) -> NoteFilter | None:
        if self.event_id is None:
            return None
        return NoteFilter(
            event_id=self.event_id,
            theme=self.theme_choice.currentData(),
            table=self.table_choice.currentData(),
            round=self.round_choice.currentData(),
            kind=self.kind_choice.currentData(),
            starred_only=self.starred_only.isChecked(),
            hidden_only=self.hidden_only.isChecked(),
            text=self.search.text(),
        )

    def reload(self) -> None:
        wanted = self.current_filter()
        if wanted is None:
            self.model.reset([], None)
        else:
            self.model.reset(self.archive.find_notes(wanted), self.plan)
        self._update_counts()
        self.empty_label.setVisible(self.event_id is None)
        if self.model.rows:
            self.view.selectRow(0)
        self._update_buttons()

    def _update_counts(self) -> None:
        if self.event_id is None:
            self.counts_label.clear()
            return
        total, starred, hidden = self.archive.counts(self.event_id)
        self.counts_label.setText(
            _(
                "{shown} shown · {total} notes · {starred} starred · {hidden} hidden from print"
            ).format(shown=len(self.model.rows), total=total, starred=starred, hidden=hidden)
        )

    # -- actions ------------------------------------------------------------------------------

    def selected(self) -> tuple[int, NoteRow] | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return index.row(), self.model.rows[index.row()]

    def _update_buttons(self, *_args: object) -> None:
        found = self.selected()
        for button in (self.star_button, self.hide_button, self.fix_button):
            button.setEnabled(found is not None)
        note = found[1] if found else None
        self.star_button.setText(
            _("Remove the star (S)") if note and note.starred else _("Star (S)")
        )
        self.hide_button.setText(
            _("Print again (H)") if note and note.hidden else _("Hide from print (H)")
        )

    def _apply(self, action, done: str) -> None:
        found = self.selected()
        if found is None:
            return
        row, note = found
        try:
            updated = action(note)
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        self.model.replace(row, updated)
        self._update_counts()
        self._update_buttons()
        self.message.emit(done)

    def toggle_star(self) -> None:
        self._apply(
            lambda note: self.archive.set_starred(note.id, not note.starred),
            _("Star changed."),
        )

    def toggle_hidden(self) -> None:
        found = self.selected()
        hide = found is not None and not found[1].hidden
        self._apply(
            lambda note: self.archive.set_hidden(note.id, hide),
            _("Note hidden from print.") if hide else _("Note back in print."),
        )

    def fix(self) -> None:
        found = self.selected()
        if found is None:
            return
        text = dialogs.note_text(self, found[1].text)
        if text is None or text == found[1].text:
            return
        self._apply(
            lambda note: self.archive.fix_text(note.id, text),
            _("Text corrected; kept as a new revision."),
        )
