"""The Plan tab's Event page: title, date (typed or on a calendar), place, language, code."""

from __future__ import annotations

from datetime import date as Date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from kiosk.core.i18n import _
from kiosk.plan.words import parse_date, show_date
from kiosk.ui.organiser import dialogs
from kiosk.ui.organiser.plan.form import Form, Page, heading, line_edit

if TYPE_CHECKING:
    from PySide6.QtWidgets import QVBoxLayout


class EventPage(Page):
    def fill(self, layout: QVBoxLayout) -> None:
        event = self.editor.data.get("event") or {}
        layout.addWidget(heading(_("Event")))
        form = Form(self.spots, "event")

        def edit(field: str, name: str) -> QLineEdit:
            return line_edit(event.get(field), name, lambda v: self.editor.set_event(field, v))

        title = edit("title", _("Title"))
        title.textEdited.connect(lambda _text: self._show_code())
        form.row(_("Title"), "title", title)
        form.row(
            _("Date"),
            "date",
            self._date_row(event.get("date")),
            _("For example 31-03-2022 or 31 maart 2022; may stay empty."),
        )
        self.spots.widgets["event.date"] = [self.date_edit]  # outline the field, not its row
        form.row(_("Location"), "location", edit("location", _("Location")))
        language = QComboBox()
        language.setAccessibleName(_("Language of the printed output"))
        language.addItem("Nederlands", "nl")
        language.addItem("English", "en")
        index = language.findData(event.get("language", "nl"))
        if index < 0:
            language.addItem(str(event.get("language")), event.get("language"))
            index = language.count() - 1
        language.setCurrentIndex(index)
        language.currentIndexChanged.connect(
            lambda i: self.editor.set_event("language", language.itemData(i))
        )
        form.row(_("Language of the printed output"), "language", language)
        self.code_edit = edit("id", _("Event code"))
        self._show_code()
        form.row(
            _("Event code"),
            "id",
            self.code_edit,
            _(
                "Every laptop with this plan files its notes under this code. It is fixed when "
                "the plan is first saved, and stays when the title changes."
            ),
        )
        layout.addLayout(form.layout)

    def _show_code(self) -> None:
        """The code the plan will get, shown greyed until it is fixed (follows the title live)."""
        self.code_edit.setPlaceholderText(self.editor.event_id())

    def _date_row(self, stored: object) -> QWidget:
        """A field that takes a date as people type it, and a button with a calendar."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        text = str(stored or "")
        day = parse_date(text)
        self.date_edit = QLineEdit(show_date(day) if day else text)
        self.date_edit.setAccessibleName(_("Date"))
        self.date_edit.setPlaceholderText(show_date(parse_date("2022-03-31")))  # type: ignore[arg-type]
        self.date_edit.textEdited.connect(self._date_typed)
        self.date_button = QPushButton(_("Calendar…"))
        self.date_button.setAccessibleName(_("Choose the date on a calendar"))
        self.date_button.clicked.connect(self._pick_date)
        row.addWidget(self.date_edit, 1)
        row.addWidget(self.date_button)
        return box

    def _date_typed(self, text: str) -> None:
        day = parse_date(text)
        # A date read is stored as the plan writes it; anything else as typed, so it shows why.
        self.editor.set_event("date", day.isoformat() if day else text)
        self._show_code()

    def _pick_date(self) -> None:
        chosen = dialogs.pick_date(self, parse_date(self.date_edit.text()))
        if chosen is not None:
            self.set_date(chosen)

    def set_date(self, day: Date) -> None:
        self.date_edit.setText(show_date(day))
        self.editor.set_event("date", day.isoformat())
        self._show_code()
