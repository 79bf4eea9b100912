"""The Plan tab's Rounds page: how many rounds, and each one's minutes and optional start time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel

from kiosk.core.i18n import _
from kiosk.ui.organiser.plan.form import Page, heading, hint, line_edit, spin_box

if TYPE_CHECKING:
    from PySide6.QtWidgets import QVBoxLayout


class RoundsPage(Page):
    def fill(self, layout: QVBoxLayout) -> None:
        layout.addWidget(heading(_("Rounds")))
        count_row = QHBoxLayout()
        count = spin_box(len(self.editor.rounds), 1, 20, _("Number of rounds"), self._count)
        count_label = QLabel(_("Number of rounds"))
        count_label.setBuddy(count)
        count_row.addWidget(count_label)
        count_row.addWidget(count)
        count_row.addStretch(1)
        layout.addLayout(count_row)
        layout.addWidget(self.spots.add("rounds", count))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.addWidget(hint(_("Minutes")), 0, 1)
        grid.addWidget(hint(_("Starts at (optional)")), 0, 2)
        for i, rnd in enumerate(self.editor.rounds):
            name = _("Round {number}").format(number=i + 1)
            minutes = spin_box(
                rnd.get("minutes"),
                0,
                999,
                _("{round}: minutes").format(round=name),
                lambda v, i=i: self.editor.set_round_minutes(i, v),
            )
            minutes.setSuffix(" min")
            start = line_edit(
                rnd.get("starts_at"),
                _("{round}: starts at").format(round=name),
                lambda v, i=i: self.editor.set_round_start(i, v),
            )
            start.setPlaceholderText("10:15")
            start.setMaximumWidth(120)
            # The problems also span the stretching fourth column, so they wrap late.
            self.list_row(
                grid,
                "rounds",
                i,
                (QLabel(name), minutes, start),
                {"minutes": minutes, "starts_at": start},
                span=4,
            )
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)

    def _count(self, count: int) -> None:
        self.editor.set_round_count(count)
        self.tab.rebuild_keeping_focus(self, f"{_('Number of rounds')}")
