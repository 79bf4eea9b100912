"""The Plan tab's Tables page: each table's number and the theme it discusses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QPushButton

from kiosk.core.i18n import _
from kiosk.ui.organiser.plan.form import Page, heading, hint, small_button, spin_box

if TYPE_CHECKING:
    from PySide6.QtWidgets import QVBoxLayout


class TablesPage(Page):
    def fill(self, layout: QVBoxLayout) -> None:
        layout.addWidget(heading(_("Tables")))
        layout.addWidget(hint(_("Each table discusses one theme; two tables may share a theme.")))
        layout.addWidget(self.spots.add("tables"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.addWidget(hint(_("Table")), 0, 0)
        grid.addWidget(hint(_("Theme")), 0, 1)
        themes = self.editor.theme_titles()
        for i, table in enumerate(self.editor.tables):
            number = spin_box(
                table.get("number"),
                0,
                9999,
                _("Table number"),
                lambda v, i=i: self.editor.set_table(i, "number", v),
            )
            theme = QComboBox()
            theme.setAccessibleName(_("Theme of table {number}").format(number=table.get("number")))
            for key, title in themes:
                theme.addItem(f"{title}  ({key})", key)
            current = theme.findData(table.get("theme"))
            if current < 0:
                theme.addItem(_("unknown theme {key}").format(key=table.get("theme")), None)
                current = theme.count() - 1
            theme.setCurrentIndex(current)
            theme.currentIndexChanged.connect(
                lambda index, i=i, box=theme: self._theme(i, box.itemData(index))
            )
            remove = small_button(
                "−",
                _("Remove table {number}").format(number=table.get("number")),
                lambda i=i: self._remove(i),
            )
            self.list_row(
                grid, "tables", i, (number, theme, remove), {"number": number, "theme": theme}
            )
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        add = QPushButton(_("Add a table"))
        add.clicked.connect(self._add)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)

    def _theme(self, index: int, key: str | None) -> None:
        if key is not None:
            self.editor.set_table(index, "theme", key)

    def _add(self) -> None:
        index = self.editor.add_table()
        self.build()
        self.spots.focus(f"tables[{index}].theme")

    def _remove(self, index: int) -> None:
        self.editor.remove_table(index)
        self.build()
