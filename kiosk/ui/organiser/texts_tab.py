"""The Texts tab: the organiser's own words for the summary, with the notes beside them.

On the left the parts of the summary (introduction, a synthesis per theme and per table, the
closing, the participant counts); in the middle the text being written; on the right the notes of
that theme or table, starred first, so a quote can be picked while writing (double-click or Enter
puts it in at the cursor). A text is saved as a new revision when the organiser saves or moves to
another part; an unchanged text is not saved again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.organiser.archive import CLOSING, INTRO, Archive, TextKey
from kiosk.organiser.curate import NoteFilter, NoteRow
from kiosk.plan.model import Plan
from kiosk.ui.organiser import dialogs

COUNTS = "counts"
KEY = Qt.ItemDataRole.UserRole


def quoted(note: NoteRow) -> str:
    """A note as the newsletter quotes it: `Jongere: ‘…’`."""
    text = " ".join(note.text.split())
    return f"{note.role}: ‘{text}’" if note.role else f"‘{text}’"


class TextsTab(QWidget):
    message = Signal(str)

    def __init__(self, archive: Archive):
        super().__init__()
        self.archive = archive
        self.event_id: str | None = None
        self.plan: Plan | None = None
        self.current: TextKey | None = None
        self.saved_text = ""
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        layout.addWidget(self.heading)
        splitter = QSplitter()
        self.parts = QListWidget()
        self.parts.currentItemChanged.connect(self._part_chosen)
        splitter.addWidget(self.parts)

        self.pages = QStackedWidget()
        writing = QWidget()
        column = QVBoxLayout(writing)
        column.setContentsMargins(0, 0, 0, 0)
        self.part_title = QLabel()
        self.part_title.setProperty("role", "subheading")
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._update_state)
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        self.save_button = QPushButton()
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.state = QLabel()
        self.state.setProperty("role", "hint")
        row.addWidget(self.save_button)
        row.addWidget(self.state, 1)
        column.addWidget(self.part_title)
        column.addWidget(self.editor, 1)
        column.addWidget(self.hint)
        column.addLayout(row)
        self.pages.addWidget(writing)

        self.counts_page = QWidget()
        counts_column = QVBoxLayout(self.counts_page)
        counts_column.setContentsMargins(0, 0, 0, 0)
        self.counts_title = QLabel()
        self.counts_title.setProperty("role", "subheading")
        self.counts_hint = QLabel()
        self.counts_hint.setProperty("role", "hint")
        self.counts_hint.setWordWrap(True)
        self.counts = QTableWidget()
        self.counts.itemChanged.connect(self._count_edited)
        counts_column.addWidget(self.counts_title)
        counts_column.addWidget(self.counts_hint)
        counts_column.addWidget(self.counts, 1)
        self.pages.addWidget(self.counts_page)
        splitter.addWidget(self.pages)

        notes = QWidget()
        notes_column = QVBoxLayout(notes)
        notes_column.setContentsMargins(0, 0, 0, 0)
        self.notes_label = QLabel()
        self.notes_label.setProperty("role", "subheading")
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        # Long notes wrap whole: items are laid out again at the list's width, never elided.
        self.notes.setResizeMode(QListView.ResizeMode.Adjust)
        self.notes.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.notes.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.notes.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.notes.itemActivated.connect(self.insert_quote)
        self.notes_hint = QLabel()
        self.notes_hint.setProperty("role", "hint")
        self.notes_hint.setWordWrap(True)
        notes_column.addWidget(self.notes_label)
        notes_column.addWidget(self.notes, 1)
        notes_column.addWidget(self.notes_hint)
        splitter.addWidget(notes)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 4)
        splitter.setSizes([260, 620, 480])
        layout.addWidget(splitter, 1)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.activated.connect(self.save)

    def retranslate(self) -> None:
        self.heading.setText(_("The organiser's texts for the summary"))
        self.parts.setAccessibleName(_("Parts of the summary"))
        self.editor.setAccessibleName(_("Text"))
        self.hint.setText(
            _(
                "A blank line starts a new paragraph. *Italic* and **bold** as shown; "
                "nothing else is markup. Only texts with words in them are printed."
            )
        )
        self.save_button.setText(_("&Save text"))
        self.notes_hint.setText(
            _("Double-click a note (or press Enter) to quote it at the cursor. Starred first.")
        )
        self.notes.setAccessibleName(_("Notes to quote from"))
        self.counts_title.setText(_("Participants per round and role"))
        self.counts_hint.setText(
            _(
                "Fill in how many people of each role took part in each round, over all tables. "
                "A count here replaces what the tables counted; leave a cell empty to use theirs."
            )
        )
        self.counts.setAccessibleName(_("Participants per round and role"))
        self._fill_parts()
        self._update_state()

    def set_event(self, event_id: str | None) -> None:
        self._save_quietly()
        self.event_id = event_id
        self.plan = None
        if event_id is not None:
            self.plan = self.archive.plan(event_id)
        self.current = None
        self._fill_parts()

    # -- the parts list ---------------------------------------------------------------------

    def _fill_parts(self) -> None:
        keep = self.current
        self.parts.blockSignals(True)
        self.parts.clear()
        if self.plan is not None:
            entries: list[tuple[str, object]] = [(_("Introduction"), TextKey(INTRO))]
            themes = {t.key: t.title for t in self.plan.themes}
            for theme in self.plan.themes:
                entries.append(
                    (_("Theme: {title}").format(title=theme.title), TextKey.theme(theme.key))
                )
            for table in self.plan.tables:
                label = _("Table {number}").format(number=table.number)
                entries.append((f"{label}: {themes[table.theme]}", TextKey.table(table.number)))
            entries.append((_("What next?"), TextKey(CLOSING)))
            entries.append((_("Participants per round and role"), COUNTS))
            for label, key in entries:
                item = QListWidgetItem(label)
                item.setData(KEY, key)
                self.parts.addItem(item)
        self.parts.blockSignals(False)
        # Wide enough for "Tafel 6: Samenwerking onderwijs en kernpartners", within reason.
        self.parts.setMinimumWidth(min(max(self.parts.sizeHintForColumn(0) + 32, 200), 380))
        target = next(
            (i for i in range(self.parts.count()) if self.parts.item(i).data(KEY) == keep), 0
        )
        if self.parts.count():
            self.parts.setCurrentRow(target)
            self._show_part(self.parts.item(target).data(KEY))
        else:
            self.editor.clear()
            self.notes.clear()
        self.setEnabled(self.plan is not None)

    def _part_chosen(self, item: QListWidgetItem | None, previous: object = None) -> None:
        if item is None:
            return
        if not self._save_quietly():
            # Saving failed (reported): stay on the part being written.
            self.parts.blockSignals(True)
            self.parts.setCurrentItem(previous)  # type: ignore[arg-type]
            self.parts.blockSignals(False)
            return
        self._show_part(item.data(KEY))

    def _show_part(self, key: object) -> None:
        if key == COUNTS:
            self.current = None
            self.pages.setCurrentWidget(self.counts_page)
            self._fill_counts()
            self._fill_notes(None)
            return
        assert isinstance(key, TextKey)
        self.pages.setCurrentIndex(0)
        self.current = key
        assert self.event_id is not None
        self.saved_text = self.archive.read_text(self.event_id, key)
        self.part_title.setText(self.parts.currentItem().text())
        self.editor.blockSignals(True)
        self.editor.setPlainText(self.saved_text)
        self.editor.blockSignals(False)
        self._fill_notes(key)
        self._update_state()

    # -- writing ----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.current is not None and self.editor.toPlainText().strip() != (
            self.saved_text.strip()
        )

    def _update_state(self) -> None:
        self.save_button.setEnabled(self.dirty)
        if self.current is None:
            self.state.clear()
        elif self.dirty:
            self.state.setText(_("Not saved yet."))
        elif self.saved_text:
            self.state.setText(_("Saved."))
        else:
            self.state.setText(_("Not written yet: left out of the summary."))

    def save(self) -> bool:
        """Keep the text as a new revision; False (after saying why) if it cannot be kept."""
        if self.current is None or self.event_id is None or not self.dirty:
            return True
        text = self.editor.toPlainText()
        try:
            self.saved_text = self.archive.save_text(self.event_id, self.current, text)
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return False
        self._update_state()
        self.message.emit(_("Text saved."))
        return True

    def _save_quietly(self) -> bool:
        return self.save() if self.dirty else True

    def insert_quote(self, item: QListWidgetItem) -> None:
        if self.current is None:
            return
        cursor = self.editor.textCursor()
        cursor.insertText(item.data(KEY))
        self.editor.setFocus()

    def _fill_notes(self, key: TextKey | None) -> None:
        self.notes.clear()
        wanted: NoteFilter | None = None
        if key is not None and self.event_id is not None:
            if key.scope == "theme":
                wanted = NoteFilter(event_id=self.event_id, theme=key.subject)
                self.notes_label.setText(_("Notes of this theme"))
            elif key.scope == "table":
                wanted = NoteFilter(event_id=self.event_id, table=int(key.subject))
                self.notes_label.setText(_("Notes of this table"))
            else:
                wanted = NoteFilter(event_id=self.event_id, starred_only=True)
                self.notes_label.setText(_("Starred notes of the event"))
        if wanted is None:
            self.notes_label.setText("")
            return
        rows = [r for r in self.archive.find_notes(wanted) if not r.hidden]
        rows.sort(key=lambda r: not r.starred)
        for note in rows:
            where = _("table {table}, round {round}").format(
                table=note.table_number, round=note.round_number
            )
            if note.starred:
                where += " · " + _("starred")
            item = QListWidgetItem(f"{quoted(note)}\n{where}")
            item.setData(KEY, quoted(note))
            if note.starred:
                # Bold rather than a star glyph: a glyph from the fallback font makes the
                # list measure the item short and cut its last line.
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.notes.addItem(item)

    # -- participant counts -----------------------------------------------------------------

    def _fill_counts(self) -> None:
        if self.plan is None or self.event_id is None:
            return
        entered = self.archive.entered_counts(self.event_id)
        rounds = [r.number for r in self.plan.rounds]
        roles = list(self.plan.roles)
        self.counts.blockSignals(True)
        self.counts.clear()
        self.counts.setRowCount(len(roles))
        self.counts.setColumnCount(len(rounds))
        self.counts.setHorizontalHeaderLabels(
            [_("Round {number}").format(number=n) for n in rounds]
        )
        self.counts.setVerticalHeaderLabels(roles)
        for row, role in enumerate(roles):
            for column, number in enumerate(rounds):
                count = entered.get((number, role))
                item = QTableWidgetItem("" if count is None else str(count))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(KEY, (number, role))
                self.counts.setItem(row, column, item)
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.counts.blockSignals(False)

    def _count_edited(self, item: QTableWidgetItem) -> None:
        if self.event_id is None:
            return
        number, role = item.data(KEY)
        typed = item.text().strip()
        try:
            if typed and not typed.isdigit():
                raise KioskError(_("‘{text}’ is not a number of participants.").format(text=typed))
            self.archive.set_count(self.event_id, number, role, int(typed) if typed else None)
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            self._fill_counts()
            return
        self.message.emit(_("Participants saved."))
