"""Small controls of the kiosk's own, where Qt's look does not carry the kiosk's style."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox

from kiosk.ui.common import style

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent


class DropDown(QComboBox):
    """A drop-down list whose arrow is a plain triangle in the text's colour, at any scale.

    The style sheet hides Qt's own arrow: drawn in its small grey box, it looked like a part of
    another program on the kiosk's large, high-contrast fields.
    """

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtGui import QColor, QPainter, QPolygonF

        room = style.px(style.ARROW_ROOM)  # the style sheet keeps it free, right of the text
        half = max(4.0, room * 0.2)
        x = self.width() - room / 2 - 2  # centred in the room, inside the 2-pixel border
        y = self.height() / 2
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(style.INK if self.isEnabled() else style.DISABLED))
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(x - half, y - half / 2),
                    QPointF(x + half, y - half / 2),
                    QPointF(x, y + half * 0.75),
                ]
            )
        )
        painter.end()
