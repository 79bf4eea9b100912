"""The Plan tab's Themes page: the list of themes to add, remove and order, and the chosen one's
title, short name, description and guiding questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QPlainTextEdit, QVBoxLayout

from kiosk.core.i18n import _
from kiosk.ui.organiser.plan.form import Form, Page, heading, line_edit, lines_edit, small_button

if TYPE_CHECKING:
    from kiosk.ui.organiser.plan.tab import PlanTab


class ThemesPage(Page):
    def __init__(self, tab: PlanTab):
        super().__init__(tab)
        self.current = 0

    def fill(self, layout: QVBoxLayout) -> None:
        layout.addWidget(heading(_("Themes")))
        layout.addWidget(self.spots.add("themes"))
        body = QHBoxLayout()
        side = QVBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(_("Themes"))
        self.list.setMaximumWidth(320)
        self.list.setWordWrap(True)
        for key, title in self.editor.theme_titles():
            self.list.addItem(title or key)
        side.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for text, name, action in (
            ("+", _("Add a theme"), self._add),
            ("−", _("Remove this theme"), self._remove),
            ("↑", _("Move up"), lambda: self._move(-1)),
            ("↓", _("Move down"), lambda: self._move(1)),
        ):
            buttons.addWidget(small_button(text, name, action))
        side.addLayout(buttons)
        body.addLayout(side)
        self.detail = QVBoxLayout()
        body.addLayout(self.detail, 1)
        layout.addLayout(body, 1)
        self.current = min(self.current, len(self.editor.themes) - 1)
        if self.current >= 0:
            self.list.setCurrentRow(self.current)
            self._fill_detail()
        self.list.currentRowChanged.connect(self._select)

    def _select(self, row: int) -> None:
        if row >= 0 and row != self.current:
            self.current = row
            self.build()
            self.list.setFocus()

    def _fill_detail(self) -> None:
        i = self.current
        theme = self.editor.themes[i]
        form = Form(self.spots, f"themes[{i}]")
        title = line_edit(theme.get("title"), _("Theme title"), self._title)
        form.row(_("Title"), "title", title)
        key = line_edit(
            theme.get("key"), _("Short name"), lambda v: self.editor.set_theme(i, "key", v)
        )
        form.row(
            _("Short name"),
            "key",
            key,
            _("Used in the files: lower-case letters, digits, - or _. Tables follow a rename."),
        )
        description = QPlainTextEdit(str(theme.get("description", "")))
        description.setAccessibleName(_("Description"))
        description.setTabChangesFocus(True)
        description.setMaximumHeight(110)
        description.textChanged.connect(
            lambda: self.editor.set_theme(i, "description", description.toPlainText())
        )
        form.row(_("Description"), "description", description)
        questions = lines_edit(
            list(theme.get("questions") or []),
            _("Guiding questions"),
            lambda lines: self.editor.set_questions(i, lines),
        )
        form.row(_("Guiding questions"), "questions", questions, _("One question per line."))
        self.detail.addLayout(form.layout)
        self.detail.addWidget(self.spots.add(f"themes[{i}]"))

    def _title(self, value: str) -> None:
        self.editor.set_theme(self.current, "title", value)
        item = self.list.item(self.current)
        if item is not None:
            item.setText(value or self.editor.themes[self.current].get("key", ""))

    def _add(self) -> None:
        self.current = self.editor.add_theme()
        self.build()
        self.tab.spots.focus(f"themes[{self.current}].title")

    def _remove(self) -> None:
        if self.current < 0 or len(self.editor.themes) == 0:
            return
        self.editor.remove_theme(self.current)
        self.current = max(0, self.current - 1)
        self.build()
        self.list.setFocus()

    def _move(self, delta: int) -> None:
        if self.current >= 0:
            self.current = self.editor.move_theme(self.current, delta)
            self.build()
            self.list.setFocus()
