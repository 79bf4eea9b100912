"""The Plan tab's Kinds page: the kinds of note, each with its name, short name and colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QPushButton

from kiosk.core.i18n import _
from kiosk.ui.organiser import dialogs
from kiosk.ui.organiser.plan.form import Page, colour_icon, heading, hint, line_edit, small_button

if TYPE_CHECKING:
    from PySide6.QtWidgets import QVBoxLayout

    from kiosk.ui.organiser.plan.tab import PlanTab


class KindsPage(Page):
    def __init__(self, tab: PlanTab):
        super().__init__(tab)
        self.swatches: dict[int, QPushButton] = {}

    def fill(self, layout: QVBoxLayout) -> None:
        self.swatches = {}
        layout.addWidget(heading(_("Kinds of note")))
        layout.addWidget(hint(_("Each kind has its own sticky-note colour on the wall.")))
        layout.addWidget(self.spots.add("kinds"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for column, text in enumerate((_("Name"), _("Short name"), _("Colour"))):
            grid.addWidget(hint(text), 0, column)
        for i, kind in enumerate(self.editor.kinds):
            label = line_edit(
                kind.get("label"),
                _("Name of kind {number}").format(number=i + 1),
                lambda v, i=i: self.editor.set_kind(i, "label", v),
            )
            key = line_edit(
                kind.get("key"),
                _("Short name of kind {number}").format(number=i + 1),
                lambda v, i=i: self.editor.set_kind(i, "key", v),
            )
            colour = line_edit(
                kind.get("color"),
                _("Colour of kind {number}").format(number=i + 1),
                lambda v, i=i: self._colour(i, v),
            )
            colour.setMaximumWidth(110)
            pick = QPushButton(colour_icon(str(kind.get("color", ""))), _("Choose…"))
            self.swatches[i] = pick
            pick.setAccessibleName(_("Choose the colour of kind {number}").format(number=i + 1))
            pick.clicked.connect(lambda _checked=False, i=i: self._pick(i))
            remove = small_button(
                "−", _("Remove kind {number}").format(number=i + 1), lambda i=i: self._remove(i)
            )
            self.list_row(
                grid,
                "kinds",
                i,
                (label, key, colour, pick, remove),
                {"label": label, "key": key, "color": colour},
            )
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        add = QPushButton(_("Add a kind"))
        add.clicked.connect(self._add)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)

    def _colour(self, index: int, value: str) -> None:
        self.editor.set_kind(index, "color", value)
        self.swatches[index].setIcon(colour_icon(value))

    def _pick(self, index: int) -> None:
        chosen = dialogs.colour(self, str(self.editor.kinds[index].get("color", "#FFFFFF")))
        if chosen:
            self.editor.set_kind(index, "color", chosen)
            self.build()
            self.spots.focus(f"kinds[{index}].color")

    def _add(self) -> None:
        index = self.editor.add_kind()
        self.build()
        self.spots.focus(f"kinds[{index}].label")

    def _remove(self, index: int) -> None:
        self.editor.remove_kind(index)
        self.build()
