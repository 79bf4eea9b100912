"""Sticky notes and groups as scene items: cheap to paint, text laid out once and cached.

A note picks the largest of a few type sizes at which its whole text fits; a longer note shows
its start at the smallest size with an ellipsis and opens to its full text on a click. Sizes are
in scene units: at the zoom that fits a 30-note wall on a 1366x768 laptop the smallest size is
still about 20 pixels on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject

from kiosk.i18n import _
from kiosk.storage.snapshot import WallCluster, WallNote
from kiosk.table_wall import CLUSTER_LABEL_HEIGHT
from kiosk.ui import style
from kiosk.wall import GAP, NOTE_HEIGHT, NOTE_WIDTH

if TYPE_CHECKING:
    from PySide6.QtGui import QFont, QPainter, QPainterPath, QPolygonF, QTextLayout
    from PySide6.QtWidgets import (
        QGraphicsSceneMouseEvent,
        QStyleOptionGraphicsItem,
        QWidget,
    )

TEXT_SIZES = (48, 42, 37)  # scene pixels, largest first
LONG_WORD_SIZE = 35  # for notes with a word too wide at the smallest size (Dutch compounds)
LINE_FACTOR = 1.14  # line pitch as a multiple of the type size (tighter than most fonts' own)
PAD = 8.0
FOOT = 31.0  # the bottom line: role and votes
FOOT_SIZE = 25
STAR_SPACE = 40.0
OPEN_WIDTH = 2 * NOTE_WIDTH + GAP  # an opened long note
OPEN_MAX_HEIGHT = 4 * NOTE_HEIGHT + 3 * GAP
ELLIPSIS = "…"

# Painting a wall of notes calls paint() hundreds of times: what it draws with is made once.
_INK = QColor(style.INK)
_EDGE = QPen(_INK, 1.5)
_EDGE_SELECTED = QPen(_INK, 6)
_BARS = QColor(0, 0, 0, 70)  # stand-ins for the text of a note drawn too small to read


def _bars(width: float) -> list[QRectF]:
    return [QRectF(PAD, PAD + i * 40, width - 2 * PAD - i * 50, 18) for i in range(3)]


_CLOSED = QRectF(0, 0, NOTE_WIDTH, NOTE_HEIGHT)
_CLOSED_BARS = _bars(NOTE_WIDTH)
_NOTE_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsMovable
    | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
)
# Below this zoom a note is a coloured card with grey lines: text would be unreadable anyway.
DETAIL_SCALE = 0.22


def _font(size: int, bold: bool = False) -> QFont:
    return style.font(size, bold)


class TextBlock(NamedTuple):
    """A laid-out piece of text: draw it at a point; whether it had to be shortened."""

    layout: QTextLayout
    font: QFont
    height: float
    shortened: bool
    fits: bool
    too_wide: bool  # a word of the lines drawn is wider than the note
    end: int  # where the text of the last line drawn ends
    last_line_start: int = 0  # where the last line drawn begins
    hyphens: tuple[QPointF, ...] = ()  # where a word broken over two lines gets its hyphen

    def draw(self, painter: QPainter, at: QPointF) -> None:
        self.layout.draw(painter, at)
        if self.hyphens:
            painter.setFont(self.font)
            for point in self.hyphens:
                painter.drawText(at + point, "-")


def _layout(
    text: str,
    font: QFont,
    width: float,
    max_height: float,
    first_width: float,
    anywhere: bool = False,
) -> TextBlock:
    """Lay text out in lines that fit max_height; `fits` says whether all of it did.

    Lines break between words; a word too long for a line makes the text not fit, unless
    `anywhere` allows breaking inside words (the last resort, for long compound words: the
    break gets a hyphen).
    """
    # Imported here, like the other classes only some frames need: PySide6 makes a class, and
    # its enums, when it is first used, and a wall zoomed out to fit shows no text at all.
    from PySide6.QtGui import QTextLayout, QTextOption

    shown = text.replace("\n", "\u2028")
    layout = QTextLayout(shown, font)
    option = QTextOption()
    option.setWrapMode(
        QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
        if anywhere
        else QTextOption.WrapMode.WordWrap
    )
    layout.setTextOption(option)
    hyphen = QFontMetricsF(font).horizontalAdvance("-") if anywhere else 0.0
    pitch = font.pixelSize() * LINE_FACTOR
    y, fits, too_wide, end, last_start = 0.0, True, False, 0, 0
    hyphens: list[QPointF] = []
    layout.beginLayout()
    index = 0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line_width = (first_width if index == 0 else width) - hyphen
        line.setLineWidth(line_width)
        if y + pitch > max_height + 0.5:
            fits = False
            line.setPosition(QPointF(0, -10_000))  # laid out but never drawn
        else:
            if line.naturalTextWidth() > line_width + 0.5:
                fits, too_wide = False, True
            top = y - (line.ascent() + line.descent() - pitch) / 2
            line.setPosition(QPointF(0, top))
            last_start = line.textStart()
            end = last_start + line.textLength()
            if (
                anywhere
                and 0 < end < len(shown)
                and shown[end - 1].isalnum()
                and shown[end].isalnum()
            ):
                hyphens.append(QPointF(line.naturalTextWidth(), top + line.ascent()))
            y += pitch
        index += 1
    layout.endLayout()
    if hyphens and end < len(shown):
        hyphens = [h for h in hyphens if h.y() < y - pitch]  # the last line drawn gets "…"
    return TextBlock(layout, font, y, False, fits, too_wide, end, last_start, tuple(hyphens))


def _cannot_fit(text: str, size: int, width: float, height: float) -> bool:
    """A cheap first look: clearly more characters than lines of this size can hold."""
    lines = max(1, int(height // (size * LINE_FACTOR)))
    per_line = width / (size * 0.48)  # a generous average character width
    return len(text) > lines * per_line * 1.15


def note_text(text: str, width: float, height: float, first_width: float) -> TextBlock:
    """The note's text at the largest size that fits whole, or its start at the smallest."""
    for size in TEXT_SIZES[:-1]:
        if _cannot_fit(text, size, width, height):
            continue
        block = _layout(text, _font(size), width, height, first_width)
        if block.fits:
            return block
    font = _font(TEXT_SIZES[-1])
    # A word wider than a line first gets a slightly smaller size; if it is still too wide it
    # breaks with a hyphen.
    start = _layout(text, font, width, height, first_width)
    if start.fits:
        return start
    if start.too_wide:
        font = _font(LONG_WORD_SIZE)
        start = _layout(text, font, width, height, first_width)
        if start.fits:
            return start
        if start.too_wide:
            start = _layout(text, font, width, height, first_width, anywhere=True)
            if start.fits:
                return start
    anywhere = start.too_wide or bool(start.hyphens)
    # Shortened: the lines that fit, the last one cut to end in an ellipsis.
    shown = text.replace("\n", "\u2028")
    last = start.last_line_start
    rest = shown[last:].replace("\u2028", " ")
    line_width = first_width if last == 0 else width
    metrics = QFontMetricsF(font)
    tail = metrics.elidedText(rest + ELLIPSIS, Qt.TextElideMode.ElideRight, line_width - 2)
    body = tail[:-1] if tail.endswith(ELLIPSIS) else tail
    if len(body) < len(rest) and rest[len(body)].isalnum():
        # Cut inside a word: drop a short stub ("te v…"); a long word keeps its start.
        space = body.rfind(" ")
        if space > 0 and len(body) - space <= 4:
            body = body[:space]
    tail = body.rstrip(" ,;:.-") + ELLIPSIS
    cut = shown[:last] + tail
    block = _layout(cut, font, width, height, first_width, anywhere=anywhere)
    while not block.fits and len(tail) > 1:  # rare: a break moved; shorten until it fits
        tail = tail[:-2].rstrip() + ELLIPSIS
        block = _layout(shown[:last] + tail, font, width, height, first_width, anywhere=anywhere)
    return block._replace(shortened=True)


@lru_cache(maxsize=512)
def _elided(text: str, size: int, bold: bool, width: float) -> str:
    return QFontMetricsF(_font(size, bold)).elidedText(text, Qt.TextElideMode.ElideRight, width)


def star_polygon(centre: QPointF, radius: float) -> QPolygonF:
    import math

    from PySide6.QtGui import QPolygonF

    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle)))
    return QPolygonF(points)


class NoteItem(QGraphicsItem):
    """One sticky note. Its owner (the wall view) is told of clicks through `on_click`."""

    def __init__(self, note: WallNote, color: str, kind_label: str, cached: bool = True):
        super().__init__()
        self.note = note
        self.color = QColor(color)
        self.kind_label = kind_label
        self.opened = False
        self._blocks: dict[bool, TextBlock] = {}  # laid out once per state (closed, opened)
        self.on_click: Callable[[NoteItem], None] | None = None
        self._press_pos: QPointF | None = None
        self.setFlags(_NOTE_FLAGS)
        if cached:
            self.cache()
        self.setPos(note.x, note.y)
        self.setZValue(1)

    def cache(self) -> None:
        """Keep the painted note as a pixmap: repainting the wall then only copies it. (Making
        the pixmaps costs more than painting the notes once, so the first frame goes without.)"""
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    # -- data ---------------------------------------------------------------------------------

    def set_note(self, note: WallNote, color: str, kind_label: str) -> None:
        if (note.x, note.y) != (self.note.x, self.note.y):
            self.setPos(note.x, note.y)
        if note != self.note or QColor(color) != self.color:
            self.prepareGeometryChange()
            if (note.text, note.starred) != (self.note.text, self.note.starred):
                self._blocks.clear()
            self.note, self.color, self.kind_label = note, QColor(color), kind_label
            self.update()

    def _text(self, opened: bool) -> TextBlock:
        block = self._blocks.get(opened)
        if block is None:
            width = OPEN_WIDTH if opened else NOTE_WIDTH
            height = (OPEN_MAX_HEIGHT if opened else NOTE_HEIGHT) - PAD - FOOT
            inner = width - 2 * PAD
            first = inner - STAR_SPACE if self.note.starred else inner
            block = self._blocks[opened] = note_text(self.note.text, inner, height, first)
        return block

    @property
    def shortened(self) -> bool:
        return self._text(False).shortened

    def set_opened(self, opened: bool) -> None:
        opened = opened and self.shortened
        if opened != self.opened:
            self.prepareGeometryChange()
            self.opened = opened
            self.setZValue(10 if opened else 1)
            self.update()

    def _size(self) -> tuple[float, float]:
        """A closed note has its fixed size: its text is laid out only when it is painted."""
        if not self.opened:
            return NOTE_WIDTH, NOTE_HEIGHT
        block = self._text(True)
        return OPEN_WIDTH, max(NOTE_HEIGHT, PAD + block.height + FOOT + PAD / 2)

    def boundingRect(self) -> QRectF:
        width, height = self._size()
        return QRectF(-4, -4, width + 8, height + 8)

    def shape(self) -> QPainterPath:
        width, height = self._size()
        from PySide6.QtGui import QPainterPath

        path = QPainterPath()
        path.addRect(QRectF(0, 0, width, height))
        return path

    # -- painting -----------------------------------------------------------------------------

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        width, height = self._size()
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setPen(_EDGE_SELECTED if self.isSelected() else _EDGE)
        painter.setBrush(self.color)
        painter.drawRect(_CLOSED if not self.opened else QRectF(0, 0, width, height))
        if detail < DETAIL_SCALE:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_BARS)
            painter.drawRects(_CLOSED_BARS if not self.opened else _bars(width))
            return
        self._paint_text(painter, width, height)

    def _paint_text(self, painter: QPainter, width: float, height: float) -> None:
        painter.setPen(_INK)
        self._text(self.opened).draw(painter, QPointF(PAD, PAD))
        self._paint_foot(painter, width, height)
        if self.note.starred:
            painter.setPen(QPen(QColor(style.INK), 2.5))
            painter.setBrush(QColor("#F97316"))
            painter.drawPolygon(star_polygon(QPointF(width - PAD - 16, PAD + 18), 19))

    def _paint_foot(self, painter: QPainter, width: float, height: float) -> None:
        base = height - PAD + 2
        votes = self.note.votes
        votes_width = 0.0
        if votes:
            text = "●" * min(votes, 3) + f" {votes}"
            font = _font(FOOT_SIZE, bold=True)
            votes_width = QFontMetricsF(font).horizontalAdvance(text)
            painter.setFont(font)
            painter.drawText(QPointF(width - PAD - votes_width, base), text)
        if self.note.role:
            room = width - 2 * PAD - votes_width - (12 if votes else 0)
            painter.setFont(_font(FOOT_SIZE, bold=True))
            painter.drawText(QPointF(PAD, base), _elided(self.note.role, FOOT_SIZE, True, room))

    # -- mouse --------------------------------------------------------------------------------

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._press_pos = event.scenePos()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._press_pos = self._press_pos, None
        still = pressed is not None and (event.scenePos() - pressed).manhattanLength() < 6
        if still and event.button() == Qt.MouseButton.LeftButton and self.on_click:
            self.on_click(self)

    def accessible_text(self) -> str:
        parts = [self.kind_label, self.note.role or "", self.note.text]
        if self.note.starred:
            parts.append(_("starred"))
        if self.note.votes:
            parts.append(_("{count} votes").format(count=self.note.votes))
        return ". ".join(p for p in parts if p)


class ClusterItem(QGraphicsObject):
    """A labelled group: a rectangle behind its notes with its label on a band at the top."""

    def __init__(self, cluster: WallCluster):
        super().__init__()
        self.cluster = cluster
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        self.setPos(cluster.x, cluster.y)
        self.setZValue(0)

    def set_cluster(self, cluster: WallCluster) -> None:
        if (cluster.x, cluster.y) != (self.cluster.x, self.cluster.y):
            self.setPos(cluster.x, cluster.y)
        if cluster != self.cluster:
            self.prepareGeometryChange()
            self.cluster = cluster
            self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-4, -4, self.cluster.width + 8, self.cluster.height + 8)

    def shape(self) -> QPainterPath:
        # Only the label band grabs the mouse: clicks inside the group reach the notes or the wall.
        from PySide6.QtGui import QPainterPath

        path = QPainterPath()
        path.addRect(QRectF(0, 0, self.cluster.width, CLUSTER_LABEL_HEIGHT))
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        width, height = self.cluster.width, self.cluster.height
        selected = self.isSelected()
        painter.setPen(QPen(QColor(style.INK), 6 if selected else 3, Qt.PenStyle.SolidLine))
        painter.setBrush(QColor(255, 255, 255, 150))
        painter.drawRoundedRect(QRectF(0, 0, width, height), 14, 14)
        painter.setBrush(QColor(style.HEADER))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(QRectF(0, 0, width, CLUSTER_LABEL_HEIGHT), 14, 14)
        painter.drawRect(QRectF(0, CLUSTER_LABEL_HEIGHT / 2, width, CLUSTER_LABEL_HEIGHT / 2))
        painter.setPen(QColor(style.HEADER_INK))
        painter.setFont(_font(40, bold=True))
        label = _elided(self.cluster.label, 40, True, width - 2 * PAD - 8)
        painter.drawText(
            QRectF(PAD + 4, 0, width - 2 * PAD, CLUSTER_LABEL_HEIGHT),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            label,
        )
