"""Participant counters for the current round: the host taps + or − per role."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.core.i18n import _
from kiosk.table.wall import Change, WallChange
from kiosk.ui.common import style
from kiosk.ui.table.wall_model import QtTableWall


class TallyPanel(QWidget):
    bumped = Signal(str, int)  # role, +1 or -1

    def __init__(self, model: QtTableWall, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.setAccessibleName(_("Participants per role"))
        self.title = QLabel()
        self.title.setObjectName("tallyTitle")
        self.title.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(style.px(6))
        grid.setVerticalSpacing(style.px(4))
        self.counts: dict[str, QLabel] = {}
        self.buttons: dict[tuple[str, int], QPushButton] = {}
        for row, role in enumerate(model.wall.setup.roles):
            name = QLabel(role)
            name.setWordWrap(True)  # between words; the longest word always fits
            name.setMinimumWidth(
                max(name.fontMetrics().horizontalAdvance(word) for word in role.split()) + 2
            )
            count = QLabel("0")
            count.setObjectName("tallyCount")
            count.setAlignment(Qt.AlignmentFlag.AlignCenter)
            less, more = QPushButton("–"), QPushButton("+")
            less.setAccessibleName(_("{role}: one fewer").format(role=role))
            more.setAccessibleName(_("{role}: one more").format(role=role))
            for button, delta in ((less, -1), (more, +1)):
                button.setObjectName("tallyStep")  # its width is in the style sheet
                button.clicked.connect(lambda _c=False, r=role, d=delta: self.bumped.emit(r, d))
                self.buttons[(role, delta)] = button
            grid.addWidget(name, row, 0)
            grid.addWidget(less, row, 1)
            grid.addWidget(count, row, 2)
            grid.addWidget(more, row, 3)
            self.counts[role] = count
        grid.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.refresh()
        model.changed.connect(self._on_change)

    def _on_change(self, change: WallChange) -> None:
        if change.what in (Change.TALLY, Change.ROUND):
            self.refresh()

    def refresh(self) -> None:
        wall = self.model.wall
        self.title.setText(
            _("Participants in round {number}: {total}").format(
                number=wall.current_round, total=wall.tally_total()
            )
        )
        for role, label in self.counts.items():
            label.setText(str(wall.tally(role)))
            label.setAccessibleName(_("{role}: {count}").format(role=role, count=wall.tally(role)))
