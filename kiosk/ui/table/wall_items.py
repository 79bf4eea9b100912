"""Sticky notes and groups as scene items: cheap to paint, text laid out once and cached.

A note picks the largest of its type sizes at which its whole text fits; a longer note shows its
start at the smallest size with an ellipsis and opens to its full text on a click, inside the
visible wall. The sizes follow the zoom (`kiosk.table.layout.type_sizes`, through a shared `Look`),
so a wall of a few notes shows them large and whole, and a full one keeps its text readable. Long
Dutch words break where Dutch hyphenates them (pyphen), never anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject

from kiosk.core.i18n import _
from kiosk.table.layout import (
    CLUSTER_LABEL_HEIGHT,
    GAP,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    TypeSizes,
    type_sizes,
)
from kiosk.table.records import WallCluster, WallNote
from kiosk.ui.common import style

if TYPE_CHECKING:
    from PySide6.QtGui import QFont, QPainter, QPainterPath, QPolygonF, QTextLayout
    from PySide6.QtWidgets import (
        QGraphicsSceneMouseEvent,
        QStyleOptionGraphicsItem,
        QWidget,
    )

LINE_FACTOR = 1.14  # line pitch as a multiple of the type size (tighter than most fonts' own)
PAD = 8.0
FOOT_FACTOR = 1.2  # the bottom line (role, round, votes) is this times its type size high
STAR_SPACE = 40.0
OPEN_WIDTH = 2 * NOTE_WIDTH + GAP  # an opened long note, at least
OPEN_MARGIN = 12.0  # between an opened note and the edge of the visible wall
ELLIPSIS = "…"
SOFT_HYPHEN = "\u00ad"
LONG_WORD = 8  # words this long or longer get Dutch hyphenation points when one is too wide


class Look:
    """What every note of a wall is drawn with; the view changes it as zoom and wall change."""

    def __init__(self) -> None:
        self.sizes: TypeSizes = type_sizes(0.57)
        self.rounds = False  # more than one round on the wall: each note shows its own

    def foot(self) -> float:
        return self.sizes.role * FOOT_FACTOR


class _Dutch:
    """pyphen's Dutch dictionary: loaded on first use, or (the kiosk at launch) kept back until
    the first frame is on screen and then loaded on a thread: importing pyphen and reading its
    patterns takes about 65 ms, which the first frame should not wait for."""

    dictionary: Any = None
    deferred = False


def load_dutch() -> Any:
    """Read the Dutch hyphenation patterns (safe on a worker thread: nothing of Qt)."""
    import pyphen

    return pyphen.Pyphen(lang="nl_NL")


def defer_hyphenation() -> None:
    """Until `use_dutch`, notes are laid out without hyphenation points (launch only)."""
    _Dutch.deferred = _Dutch.dictionary is None


def hyphenation_deferred() -> bool:
    return _Dutch.deferred


def use_dutch(dictionary: Any) -> None:
    _Dutch.dictionary, _Dutch.deferred = dictionary, False


def hyphenated(text: str) -> str:
    """The text with soft hyphens where Dutch breaks its long words ("pedagogisch" →
    "pe-da-go-gisch"); Qt breaks a line there only when it must, and draws the hyphen."""
    import re

    if _Dutch.dictionary is None:
        if _Dutch.deferred:
            return text
        use_dutch(load_dutch())
    dic = _Dutch.dictionary
    return re.sub(
        rf"\w{{{LONG_WORD},}}", lambda m: dic.inserted(m.group(0), hyphen=SOFT_HYPHEN), text
    )


# Painting a wall of notes calls paint() hundreds of times: what it draws with is made once.
_INK = QColor(style.INK)
_EDGE = QPen(_INK, 1.5)
_EDGE_SELECTED = QPen(_INK, 6)
_BARS = QColor(0, 0, 0, 70)  # stand-ins for the text of a note drawn too small to read


def _bars(width: float) -> list[QRectF]:
    return [QRectF(PAD, PAD + i * 40, width - 2 * PAD - i * 50, 18) for i in range(3)]


_CLOSED = QRectF(0, 0, NOTE_WIDTH, NOTE_HEIGHT)
_CLOSED_BOUNDS = _CLOSED.adjusted(-4, -4, 4, 4)
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


def draw_card(
    painter: QPainter, color: QColor, box: QRectF = _CLOSED, selected: bool = False
) -> None:
    """A note drawn too small to read (below DETAIL_SCALE): its card, with grey bars standing
    in for its text."""
    painter.setPen(_EDGE_SELECTED if selected else _EDGE)
    painter.setBrush(color)
    painter.drawRect(box)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_BARS)
    if box is _CLOSED:
        painter.drawRects(_CLOSED_BARS)
    else:
        painter.translate(box.topLeft())
        painter.drawRects(_bars(box.width()))
        painter.translate(-box.topLeft())


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

    def draw(self, painter: QPainter, at: QPointF) -> None:
        self.layout.draw(painter, at)


def _layout(
    text: str, font: QFont, width: float, max_height: float, first_width: float
) -> TextBlock:
    """Lay text out in lines that fit max_height; `fits` says whether all of it did.

    Lines break between words, and at soft hyphens when the text has them; a word too long
    for a line makes the text not fit.
    """
    # Imported here, like the other classes only some frames need: PySide6 makes a class, and
    # its enums, when it is first used, and a wall zoomed out to fit shows no text at all.
    from PySide6.QtGui import QTextLayout, QTextOption

    shown = text.replace("\n", "\u2028")
    layout = QTextLayout(shown, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    pitch = font.pixelSize() * LINE_FACTOR
    y, fits, too_wide, end, last_start = 0.0, True, False, 0, 0
    layout.beginLayout()
    index = 0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line_width = first_width if index == 0 else width
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
            y += pitch
        index += 1
    layout.endLayout()
    return TextBlock(layout, font, y, False, fits, too_wide, end, last_start)


def _cannot_fit(text: str, size: int, width: float, height: float) -> bool:
    """A cheap first look: clearly more characters than lines of this size can hold."""
    lines = max(1, int(height // (size * LINE_FACTOR)))
    per_line = width / (size * 0.48)  # a generous average character width
    return len(text) > lines * per_line * 1.15


def note_text(
    text: str, width: float, height: float, first_width: float, sizes: tuple[int, ...]
) -> TextBlock:
    """The note's text at the largest of `sizes` at which it fits whole (long Dutch words
    hyphenated if one is wider than a line), or its start at the smallest, ending in "…"."""
    hyphens: str | None = None
    start: TextBlock | None = None
    for size in sizes:
        if size != sizes[-1] and _cannot_fit(text, size, width, height):
            continue
        font = _font(size)
        start = _layout(text, font, width, height, first_width)
        if start.too_wide:
            hyphens = hyphens if hyphens is not None else hyphenated(text)
            if hyphens != text:
                start = _layout(hyphens, font, width, height, first_width)
        if start.fits:
            return start
    assert start is not None
    shown = (hyphens if start.layout.text().count(SOFT_HYPHEN) else text).replace("\n", "\u2028")
    # Shortened: the lines that fit, the last one cut to end in an ellipsis.
    last = start.last_line_start
    rest = shown[last:].replace("\u2028", " ").replace(SOFT_HYPHEN, "")
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
    block = _layout(shown[:last] + tail, font, width, height, first_width)
    while not block.fits and len(tail) > 1:  # rare: a break moved; shorten until it fits
        tail = tail[:-2].rstrip() + ELLIPSIS
        block = _layout(shown[:last] + tail, font, width, height, first_width)
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

    def __init__(
        self,
        note: WallNote,
        color: str,
        kind_label: str,
        cached: bool = True,
        look: Look | None = None,
    ):
        super().__init__()
        self.note = note
        self.color = QColor(color)
        self.kind_label = kind_label
        self.look = look or Look()
        self.opened = False
        self._open_box = QRectF(0, 0, NOTE_WIDTH, NOTE_HEIGHT)  # where it opens, from its spot
        self._open_bounds = _CLOSED_BOUNDS
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

    def restyle(self) -> None:
        """The look changed (type sizes, round marks): lay the text out again when painted."""
        self._blocks.clear()
        self.update()

    def _text(self, opened: bool) -> TextBlock:
        block = self._blocks.get(opened)
        if block is None:
            width = self._open_box.width() if opened else NOTE_WIDTH
            height = (self._open_box.height() if opened else NOTE_HEIGHT) - PAD - self.look.foot()
            inner = width - 2 * PAD
            first = inner - STAR_SPACE if self.note.starred else inner
            block = self._blocks[opened] = note_text(
                self.note.text, inner, height, first, self.look.sizes.text
            )
        return block

    @property
    def shortened(self) -> bool:
        return self._text(False).shortened

    def set_opened(self, opened: bool, bounds: QRectF | None = None) -> None:
        """Open to the full text (a long note), within `bounds` (the visible wall, in scene
        coordinates): as wide as reads well, moved left or up as far as it must to stay inside."""
        opened = opened and self.shortened
        if opened == self.opened:
            return
        self.prepareGeometryChange()
        self.opened = opened
        self.setZValue(10 if opened else 1)
        self._blocks.pop(True, None)
        if opened:
            self._open_box = self._opening(bounds)
            self._open_bounds = self._open_box.adjusted(-4, -4, 4, 4)
        self.update()

    def _opening(self, bounds: QRectF | None) -> QRectF:
        if bounds is None or bounds.isEmpty():
            bounds = QRectF(self.x() - 2 * NOTE_WIDTH, self.y(), 5 * NOTE_WIDTH, 5 * NOTE_HEIGHT)
        room = bounds.adjusted(OPEN_MARGIN, OPEN_MARGIN, -OPEN_MARGIN, -OPEN_MARGIN)
        width = min(room.width(), max(OPEN_WIDTH, room.width() * 0.55))
        self._open_box = QRectF(0, 0, width, room.height())
        block = self._text(True)
        height = max(NOTE_HEIGHT, PAD + block.height + self.look.foot() + PAD / 2)
        height = min(height, room.height())
        left = min(max(self.x(), room.left()), room.right() - width) - self.x()
        top = min(max(self.y(), room.top()), room.bottom() - height) - self.y()
        return QRectF(left, top, width, height)

    def _box(self) -> QRectF:
        """Where the note is drawn, in its own coordinates."""
        return self._open_box if self.opened else _CLOSED

    def boundingRect(self) -> QRectF:
        return self._open_bounds if self.opened else _CLOSED_BOUNDS  # asked often: kept made

    def shape(self) -> QPainterPath:
        from PySide6.QtGui import QPainterPath

        path = QPainterPath()
        path.addRect(self._box())
        return path

    # -- painting -----------------------------------------------------------------------------

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        box = self._box()
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        if detail < DETAIL_SCALE:
            draw_card(painter, self.color, box, self.isSelected())
            return
        painter.setPen(_EDGE_SELECTED if self.isSelected() else _EDGE)
        painter.setBrush(self.color)
        painter.drawRect(box)
        if self.opened:
            painter.translate(box.topLeft())
        self._paint_text(painter, box.width(), box.height())

    def _paint_text(self, painter: QPainter, width: float, height: float) -> None:
        painter.setPen(_INK)
        self._text(self.opened).draw(painter, QPointF(PAD, PAD))
        self._paint_foot(painter, width, height)
        if self.note.starred:
            painter.setPen(QPen(QColor(style.INK), 2.5))
            painter.setBrush(QColor("#F97316"))
            painter.drawPolygon(star_polygon(QPointF(width - PAD - 16, PAD + 18), 19))

    def _paint_foot(self, painter: QPainter, width: float, height: float) -> None:
        size = self.look.sizes.role
        base = height - PAD + 2
        font = _font(size, bold=True)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        right = width - PAD
        votes = self.note.votes
        if votes:
            text = "●" * min(votes, 3) + f" {votes}"
            right -= metrics.horizontalAdvance(text)
            painter.drawText(QPointF(right, base), text)
            right -= 12
        if self.look.rounds:
            # Which round, where more than one is on the wall: "R1", boxed, left of the votes.
            text = _("R{number}").format(number=self.note.round_number)
            mark = metrics.horizontalAdvance(text) + 10
            right -= mark
            painter.save()
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(_INK, 2))
            painter.drawRect(QRectF(right, base - size * 0.95, mark, size * 1.1))
            painter.drawText(QPointF(right + 5, base), text)
            painter.restore()
            right -= 10
        if self.note.role:
            room = right - PAD
            painter.drawText(QPointF(PAD, base), _elided(self.note.role, size, True, room))

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


class WallSketch(QGraphicsItem):
    """The notes of a wall zoomed out to fit, as one item: the kiosk's first frame.

    Zoomed out that far, each note is a card with grey bars (`draw_card`). Drawn by one item
    instead of one item per note, the first frame does without making a couple of hundred
    Python items and calling each one's paint (about 3 ms of the launch with 200 notes,
    `bench/kiosk_launch.py`). The wall view puts the real notes in its place right after that
    frame, or before it when the notes turn out large enough to read: the same pixels either way
    (`tests/ui/table/test_wall_sketch.py`).
    """

    def __init__(self, cards: list[tuple[float, float, QColor]]):
        super().__init__()
        self.cards = cards  # (x, y, colour) of each note shown, bottom one first
        bounds = QRectF()
        for x, y, _colour in cards:
            bounds = bounds.united(_CLOSED_BOUNDS.translated(x, y))
        self._bounds = bounds
        self.setZValue(1)  # where the notes are: above the groups

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        # Each card under the transform the view would give a note item at that spot.
        from PySide6.QtGui import QTransform

        base = painter.worldTransform()
        for x, y, colour in self.cards:
            painter.setWorldTransform(QTransform(base).translate(x, y))
            draw_card(painter, colour)
        painter.setWorldTransform(base)


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
        # Its rounded frame is slow to draw large; kept as a pixmap like the notes.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

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
