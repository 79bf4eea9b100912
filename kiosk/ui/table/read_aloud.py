"""The read-aloud view: one note, or one group's notes, large in the middle of the wall.

For the moment the host reads a remark out to the table: the text as large as fits the wall
(never smaller than the notes), its kind's colour, its role. Esc, Enter, F5 or a click closes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from kiosk.core.i18n import _
from kiosk.table.records import WallNote
from kiosk.ui.common import style

if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent

LARGEST, SMALLEST = 72, 20  # type size in pixels at scale 1 (style.px scales them)


class Shown(NamedTuple):
    title: str  # the group's label, or the note's kind
    text: str
    footer: str  # role, or how many notes
    color: str


class ReadAloud(QWidget):
    closed = Signal()

    def __init__(self, shown: Shown, parent: QWidget | None = None):
        super().__init__(parent)
        self.shown = shown
        self.setObjectName("readAloud")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("Read aloud"))
        self.setAccessibleDescription(f"{shown.title}. {shown.text}. {shown.footer}")

    @staticmethod
    def for_note(note: WallNote, color: str, kind_label: str) -> Shown:
        footer = "— " + note.role if note.role else ""
        if note.starred:
            footer = ("★ " + footer).strip()
        return Shown(kind_label, note.text, footer, color)

    @staticmethod
    def for_group(label: str, notes: list[WallNote]) -> Shown:
        lines = [f"• {n.text}" + (f" — {n.role}" if n.role else "") for n in notes]
        footer = _("{count} notes").format(count=len(notes))
        return Shown(label, "\n".join(lines), footer, "#FFFFFF")

    def card(self) -> QRect:
        margin = max(style.px(16), self.width() // 20)
        return self.rect().adjusted(margin, margin, -margin, -margin)

    def text_size(self) -> int:
        """The largest type size (pixels) at which the whole text fits the card."""
        from PySide6.QtGui import QFontMetrics

        inner = self._text_rect()
        flags = int(Qt.TextFlag.TextWordWrap)
        size = style.px(LARGEST)
        while size > style.px(SMALLEST):
            metrics = QFontMetrics(style.font(size))
            needed = metrics.boundingRect(inner, flags, self.shown.text)
            if needed.height() <= inner.height() and needed.width() <= inner.width():
                break
            size -= max(1, size // 12)
        return size

    def _text_rect(self) -> QRect:
        card = self.card()
        pad = style.px(28)
        top = style.px(72)
        bottom = style.px(64)
        return card.adjusted(pad, top, -pad, -bottom)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(17, 24, 39, 200))
        card = self.card()
        painter.setPen(QPen(QColor(style.INK), style.px(3)))
        painter.setBrush(QColor(self.shown.color))
        painter.drawRoundedRect(card, style.px(14), style.px(14))
        pad = style.px(28)
        painter.setPen(QColor(style.INK))
        painter.setFont(style.font(style.px(26), bold=True))
        painter.drawText(
            card.adjusted(pad, style.px(16), -pad, 0),
            int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft),
            self.shown.title,
        )
        painter.setFont(style.font(self.text_size()))
        painter.drawText(
            self._text_rect(),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            self.shown.text,
        )
        painter.setFont(style.font(style.px(26), bold=True))
        painter.drawText(
            card.adjusted(pad, 0, -pad, -style.px(18)),
            int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight),
            self.shown.footer,
        )
        painter.setFont(style.font(style.px(15)))
        painter.setPen(QColor("white"))
        painter.drawText(
            self.rect().adjusted(0, 0, 0, -style.px(2)),
            int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter),
            _("Esc closes"),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (
            Qt.Key.Key_Escape,
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_F5,
            Qt.Key.Key_Space,
        ):
            self.closed.emit()
            event.accept()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.closed.emit()
        event.accept()
