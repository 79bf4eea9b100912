"""The wall: sticky notes and groups on a QGraphicsView, driven by mouse or keyboard.

The view listens to the wall model and mirrors it; what the host does (drag, edit, delete, vote,
group) leaves as signals that the kiosk window wires to the model. It never writes by itself.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from kiosk.core.i18n import _
from kiosk.table.layout import GAP, NOTE_HEIGHT, NOTE_WIDTH, type_sizes
from kiosk.table.records import WallCluster, WallNote
from kiosk.table.wall import Change, WallChange
from kiosk.ui.common import style
from kiosk.ui.table.wall_items import DETAIL_SCALE, ClusterItem, Look, NoteItem, WallSketch
from kiosk.ui.table.wall_model import QtTableWall

if TYPE_CHECKING:
    from PySide6.QtGui import (
        QAction,
        QContextMenuEvent,
        QKeyEvent,
        QMouseEvent,
        QResizeEvent,
        QWheelEvent,
    )
    from PySide6.QtWidgets import QGraphicsItem, QMenu

FIT_MARGIN = 12.0
ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.05, 3.0


class WallView(QGraphicsView):
    """The notes of one table, coloured by kind; groups as labelled rectangles behind them."""

    editRequested = Signal(str)  # note id
    deleteRequested = Signal(object)  # list of note ids
    voteRequested = Signal(str, int)  # note id, +1 or -1
    starRequested = Signal(str)  # note id
    notesMoved = Signal(object)  # {note id: (x, y)}
    clusterMoved = Signal(str, float, float)
    renameRequested = Signal(str)  # cluster id
    groupRequested = Signal(object)  # list of note ids (may be empty: a new empty group)
    ungroupRequested = Signal(object)  # list of note ids
    putInClusterRequested = Signal(object, str)  # note ids, cluster id
    dissolveRequested = Signal(str)  # cluster id
    tidyRequested = Signal()
    readAloudRequested = Signal()
    leaveRequested = Signal()  # Esc with nothing to close: back to typing
    zoomChanged = Signal()
    resized = Signal()  # the view has another size (messages over it are placed again)

    def __init__(
        self, model: QtTableWall, parent: QWidget | None = None, sketch_first: bool = False
    ):
        """sketch_first: draw the notes as one `WallSketch` until `finish` (the kiosk's first
        frame), or until they are zoomed in far enough to read."""
        super().__init__(parent)
        # The viewport is made here, in Python. Every note's paint() is handed it, and a widget
        # that Qt made on its own is first looked up among all of PySide6's widget classes, which
        # makes every one of them (calendars, wizards, file dialogs: about 7 ms at launch).
        self.setViewport(QWidget(self))
        self.model = model
        self.setObjectName("wall")
        self.setAccessibleName(_("Wall of notes"))
        self.setAccessibleDescription(
            _("Arrow keys choose a note; Enter edits, Delete removes, plus and minus vote.")
        )
        scene = QGraphicsScene(self)
        # A wall holds hundreds of notes, not hundreds of thousands: a plain list is quicker to
        # search than a BSP tree is to build and keep up as notes come and move.
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(scene)
        self.setBackgroundBrush(QColor(style.WALL))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.auto_fit = True
        self.caching = False  # until `finish`, right after the first frame
        self.keys_active = False  # the host moved here with the keyboard: single keys act here
        self.look = Look()
        self.look.rounds = len(model.wall.rounds_on_wall()) > 1
        self._reader: QWidget | None = None  # the read-aloud view, while open
        self._note_items: dict[str, NoteItem] = {}
        self._sketch: WallSketch | None = None
        self._clusters: dict[str, ClusterItem] = {}
        self._cluster_drag: dict[str, QPointF] = {}
        self.scene().selectionChanged.connect(self._describe_selection)
        if sketch_first and model.wall.notes:
            self._sketch = self._make_sketch()
            self.scene().addItem(self._sketch)
        else:
            for note in model.wall.notes:
                self._add_note_item(note)
        for cluster in model.wall.clusters:
            self._add_cluster_item(cluster)
        self._apply_cluster_filter()
        model.changed.connect(self._on_change)

    def finish(self) -> None:
        """After the first frame: the notes as items of their own, kept as pixmaps from now on
        (see NoteItem.cache)."""
        if not self.caching:
            self.caching = True
            if self._sketch is not None:
                self._unsketch()  # its items are made cached
            for item in self._note_items.values():
                item.cache()

    @property
    def sketching(self) -> bool:
        """The notes are drawn by one sketch, not (yet) by items of their own."""
        return self._sketch is not None

    @property
    def _notes(self) -> dict[str, NoteItem]:
        """The note items, made now if the wall was sketched: whatever looks at a note, or
        changes one, works on the items."""
        if self._sketch is not None:
            self._unsketch()
        return self._note_items

    def _make_sketch(self) -> WallSketch:
        wall = self.model.wall
        colours: dict[str, QColor] = {}
        cards = []
        for note in wall.notes:
            if wall.visible(note):
                colour = self._kind(note)[0]
                cards.append((note.x, note.y, colours.setdefault(colour, QColor(colour))))
        return WallSketch(cards)

    def _unsketch(self) -> None:
        """The notes as items of their own, in the sketch's place (the same pixels)."""
        sketch, self._sketch = self._sketch, None
        if sketch is None:
            return
        self.scene().removeItem(sketch)
        for note in self.model.wall.notes:
            if note.id not in self._note_items:
                self._add_note_item(note)

    # -- mirroring the model ------------------------------------------------------------------

    def note_item(self, note_id: str) -> NoteItem | None:
        return self._notes.get(note_id)

    def cluster_item(self, cluster_id: str) -> ClusterItem | None:
        return self._clusters.get(cluster_id)

    def _kind(self, note: WallNote) -> tuple[str, str]:
        kind = self.model.wall.setup.kind(note.kind)
        return (kind.color, kind.label) if kind else ("#FFFFFF", note.kind)

    def _add_note_item(self, note: WallNote) -> NoteItem:
        color, label = self._kind(note)
        item = NoteItem(note, color, label, cached=self.caching, look=self.look)
        if not self.model.wall.visible(note):  # another round than the one shown
            item.hide()
        item.on_click = self._clicked
        self.scene().addItem(item)
        self._note_items[note.id] = item
        return item

    def _add_cluster_item(self, cluster: WallCluster) -> ClusterItem:
        item = ClusterItem(cluster)
        item.xChanged.connect(lambda: self._cluster_dragged(item))
        item.yChanged.connect(lambda: self._cluster_dragged(item))
        self.scene().addItem(item)
        self._clusters[cluster.id] = item
        return item

    def _on_change(self, change: WallChange) -> None:
        wall = self.model.wall
        self._unsketch()  # the wall changes: its notes as items from now on
        if change.what is Change.NOTES_ADDED:
            for note_id in change.ids:
                item = self._note_items.get(note_id)  # made already if it ended a sketch
                if item is None:
                    item = self._add_note_item(wall.note(note_id))
                item.setVisible(wall.visible(item.note))
            self._after_content_change(change.ids)
        elif change.what is Change.NOTES_CHANGED:
            for note_id in change.ids:
                item = self._notes.get(note_id)
                if item is not None and wall.has_note(note_id):
                    item.set_note(wall.note(note_id), *self._kind(wall.note(note_id)))
            self._after_content_change(())
        elif change.what is Change.NOTES_REMOVED:
            for note_id in change.ids:
                item = self._notes.pop(note_id, None)
                if item is not None:
                    self.scene().removeItem(item)
            self._after_content_change(())
        elif change.what is Change.CLUSTERS_CHANGED:
            for cluster_id in change.ids:
                cluster = wall.cluster(cluster_id)
                existing = self._clusters.get(cluster_id)
                if existing is None:
                    self._add_cluster_item(cluster)
                else:
                    self._cluster_drag.pop(cluster_id, None)
                    existing.set_cluster(cluster)
            self._after_content_change(())
        elif change.what is Change.CLUSTERS_REMOVED:
            for cluster_id in change.ids:
                item = self._clusters.pop(cluster_id, None)
                if item is not None:
                    self.scene().removeItem(item)
            self._after_content_change(())
        elif change.what is Change.FILTER:
            self._apply_filter()
            self.fit_all()

    def _apply_filter(self) -> None:
        """Notes of the round shown, and the groups that hold any of them."""
        wall = self.model.wall
        for item in self._notes.values():
            item.setVisible(wall.visible(item.note))
            if not item.isVisible():
                item.setSelected(False)
        self._apply_cluster_filter()

    def _apply_cluster_filter(self) -> None:
        wall = self.model.wall
        for cluster_id, item in self._clusters.items():
            item.setVisible(wall.cluster_visible(cluster_id))
            if not item.isVisible():
                item.setSelected(False)

    def _after_content_change(self, added: tuple[str, ...]) -> None:
        rounds = len(self.model.wall.rounds_on_wall()) > 1
        if rounds != self.look.rounds:
            self.look.rounds = rounds
            self._restyle()
        if self.model.wall.round_filter is not None:
            self._apply_filter()
        if self.auto_fit:
            self.fit_all()
        for note_id in added:
            item = self._notes.get(note_id)
            if item is not None and item.isVisible():
                self.ensureVisible(item, 8, 8)

    # -- zoom ---------------------------------------------------------------------------------

    def content_rect(self) -> QRectF:
        rect = QRectF() if self._sketch is None else self._sketch.boundingRect()
        for item in self._note_items.values():
            if item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        for cluster in self._clusters.values():
            if cluster.isVisible():
                rect = rect.united(cluster.sceneBoundingRect())
        if rect.isEmpty():
            rect = QRectF(0, 0, 4 * (NOTE_WIDTH + GAP), 3 * (NOTE_HEIGHT + GAP))
        return rect.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)

    def fit_all(self) -> None:
        """Zoom so every visible note and group fits; new notes keep it fitted (auto fit)."""
        rect = self.content_rect()
        self._show_scroll_bars(False)
        self.setSceneRect(rect)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._zoomed()

    def _zoomed(self) -> None:
        """Type sizes follow the zoom, so the notes stay readable however many there are."""
        if self._sketch is not None and self.scale_factor() >= DETAIL_SCALE:
            self._unsketch()  # large enough to read: the sketch draws no text
        sizes = type_sizes(self.scale_factor())
        if sizes != self.look.sizes:
            self.look.sizes = sizes
            self._restyle()
        self.zoomChanged.emit()

    def _restyle(self) -> None:
        for item in self._note_items.values():  # a sketch has no text to lay out again
            item.restyle()

    def hyphenation_loaded(self) -> None:
        """Dutch hyphenation arrived after the first frame: long words may now break properly."""
        self._restyle()

    def _show_scroll_bars(self, shown: bool) -> None:
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if shown else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)

    def zoom_to_fit(self) -> None:
        self.auto_fit = True
        self.fit_all()

    def zoom(self, factor: float) -> None:
        scale = self.scale_factor()
        factor = max(MIN_SCALE / scale, min(MAX_SCALE / scale, factor))
        self.auto_fit = False
        # Room to pan around the notes when zoomed in.
        self.setSceneRect(
            self.content_rect().adjusted(-NOTE_WIDTH, -NOTE_HEIGHT, NOTE_WIDTH, NOTE_HEIGHT)
        )
        self._show_scroll_bars(True)
        self.scale(factor, factor)
        self._zoomed()

    def scale_factor(self) -> float:
        return self.transform().m11()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = self.viewport().size()
        if size.width() > 0 and size.height() > 0:
            self.model.wall.set_aspect(size.width() / size.height())  # new notes fill it
        if self.auto_fit:
            self.fit_all()
        if self._reader is not None:
            self._reader.setGeometry(self.rect())
        self.resized.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
        else:
            super().wheelEvent(event)

    def set_keys_active(self, active: bool) -> None:
        if active != self.keys_active:
            self.keys_active = active
            self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        if self.keys_active:
            self._draw_keys_cue(painter)
        if self._sketch is not None and self._sketch.cards:
            return
        if any(item.isVisible() for item in self._note_items.values()) or self._clusters:
            return
        painter.save()
        painter.resetTransform()
        painter.setPen(QColor(style.MUTED))
        painter.setFont(style.font(style.px(24), bold=True))
        painter.drawText(
            self.viewport().rect().adjusted(40, 40, -40, -40),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            _("No notes yet. Type one below and press Enter."),
        )
        painter.restore()

    def _draw_keys_cue(self, painter: QPainter) -> None:
        """A frame round the wall and a tag saying its keys act now (F8 or Tab brought them)."""
        from PySide6.QtGui import QPen

        painter.save()
        painter.resetTransform()
        area = self.viewport().rect()
        width = style.px(5)
        painter.setPen(QPen(QColor(style.FOCUS), width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(area.adjusted(width // 2, width // 2, -width, -width))
        font = style.font(style.px(15), bold=True)
        painter.setFont(font)
        text = _("Keys on the wall: arrows, + −, S, Enter, F5 read aloud · Esc back to typing")
        metrics = painter.fontMetrics()
        tag = metrics.boundingRect(text).adjusted(-style.px(10), -style.px(5), style.px(10), 0)
        tag.moveTopLeft(area.topLeft() + QPointF(width, width).toPoint())
        tag.setHeight(metrics.height() + style.px(8))
        painter.fillRect(tag, QColor(style.FOCUS))
        painter.setPen(QColor("white"))
        painter.drawText(tag, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    # -- read aloud -----------------------------------------------------------------------------

    def read_aloud(self) -> None:
        """The chosen note (or group) large in the middle of the wall; Esc or a click closes."""
        from kiosk.ui.table.read_aloud import ReadAloud

        notes = self.selected_note_ids()
        cluster = self.selected_cluster_id()
        wall = self.model.wall
        if len(notes) == 1:
            note = wall.note(notes[0])
            color, label = self._kind(note)
            shown = ReadAloud.for_note(note, color, label)
        elif cluster:
            members = [self._notes[n.id] for n in wall.members(cluster) if n.id in self._notes]
            members.sort(key=lambda i: (i.y(), i.x()))
            shown = ReadAloud.for_group(wall.cluster(cluster).label, [i.note for i in members])
        else:
            return
        self.close_reader()
        self._reader = ReadAloud(shown, self)
        self._reader.closed.connect(self.close_reader)
        self._reader.setGeometry(self.rect())
        self._reader.show()
        self._reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_reader(self) -> bool:
        reader, self._reader = self._reader, None
        if reader is None:
            return False
        reader.hide()
        reader.deleteLater()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    @property
    def reader(self) -> QWidget | None:
        return self._reader

    # -- selection ----------------------------------------------------------------------------

    def selected_note_ids(self) -> list[str]:
        return [i.note.id for i in self.scene().selectedItems() if isinstance(i, NoteItem)]

    def selected_cluster_id(self) -> str | None:
        return next(
            (i.cluster.id for i in self.scene().selectedItems() if isinstance(i, ClusterItem)),
            None,
        )

    def select_note(self, note_id: str) -> None:
        self.select_item(self._notes[note_id])

    def select_item(self, item: QGraphicsItem, extend: bool = False) -> None:
        """Choose a note or a group (with `extend`, add it to what is chosen)."""
        if not extend:
            self.scene().clearSelection()
        item.setSelected(True)
        item.setFocus()
        self.ensureVisible(item, 8, 8)

    def _describe_selection(self) -> None:
        items = self.scene().selectedItems()
        if len(items) == 1 and isinstance(items[0], NoteItem):
            self.setAccessibleDescription(items[0].accessible_text())
        elif len(items) == 1 and isinstance(items[0], ClusterItem):
            self.setAccessibleDescription(_("Group: {label}").format(label=items[0].cluster.label))

    def _clicked(self, item: NoteItem) -> None:
        """A click on a shortened note opens it to its full text; another click closes it."""
        opening = not item.opened
        for other in self._notes.values():
            if other is not item:
                other.set_opened(False)
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        item.set_opened(opening, visible)

    def close_opened(self) -> bool:
        opened = [i for i in self._notes.values() if i.opened]
        for item in opened:
            item.set_opened(False)
        return bool(opened)

    def _neighbour(self, key: int) -> QGraphicsItem | None:
        """The nearest visible note or group (by its label) in the direction of an arrow key
        from the one chosen last."""
        visible: list[QGraphicsItem] = [i for i in self._notes.values() if i.isVisible()]
        visible += [i for i in self._clusters.values() if i.isVisible()]
        if not visible:
            return None
        focused = self.scene().focusItem()
        current = focused if focused in visible and focused.isSelected() else None
        current = current or next((i for i in visible if i.isSelected()), None)
        if current is None:
            return min(visible, key=lambda i: (i.y(), i.x()))
        dx, dy = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }[Qt.Key(key)]
        best, best_score = None, math.inf
        for item in visible:
            if item is current:
                continue
            vx, vy = item.x() - current.x(), item.y() - current.y()
            along = vx * dx + vy * dy
            if along <= 0:
                continue
            across = abs(vx * dy) + abs(vy * dx)
            score = along + 2 * across
            if score < best_score:
                best, best_score = item, score
        return best

    # -- keyboard -----------------------------------------------------------------------------
    # Keys the wall uses while notes are chosen win over the window's shortcuts for them
    # (the round timer's Space, + and -); with nothing chosen, the shortcuts get them.
    CLAIMED_KEYS = frozenset(
        {
            Qt.Key.Key_Space,
            Qt.Key.Key_Plus,
            Qt.Key.Key_Equal,
            Qt.Key.Key_Minus,
            Qt.Key.Key_Underscore,
            Qt.Key.Key_S,
            Qt.Key.Key_Asterisk,
            Qt.Key.Key_Delete,
            Qt.Key.Key_Backspace,
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_F2,
        }
    )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            from PySide6.QtGui import QKeyEvent  # not needed to draw the first frame

            if (
                isinstance(event, QKeyEvent)
                and event.key() in self.CLAIMED_KEYS
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and self.scene().selectedItems()
            ):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        arrows = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
        notes = self.selected_note_ids()
        cluster = self.selected_cluster_id()
        if key in arrows and ctrl:
            self._move_selected_by_key(key)
        elif key in arrows:
            target = self._neighbour(key)
            if target is not None:
                self.select_item(target, extend=bool(mods & Qt.KeyboardModifier.ShiftModifier))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            if len(notes) == 1:
                self.editRequested.emit(notes[0])
            elif cluster:
                self.renameRequested.emit(cluster)
        elif key == Qt.Key.Key_Space and len(notes) == 1:
            self._clicked(self._notes[notes[0]])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if notes:
                self.deleteRequested.emit(notes)
            elif cluster:
                self.dissolveRequested.emit(cluster)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) and not ctrl and notes:
            for note_id in notes:
                self.voteRequested.emit(note_id, +1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore) and not ctrl and notes:
            for note_id in notes:
                self.voteRequested.emit(note_id, -1)
        elif key in (Qt.Key.Key_S, Qt.Key.Key_Asterisk) and not ctrl and notes:
            for note_id in notes:
                self.starRequested.emit(note_id)
        elif key == Qt.Key.Key_Escape:
            if self.close_opened():
                pass
            elif self.scene().selectedItems():
                self.scene().clearSelection()
            else:
                self.leaveRequested.emit()
        elif key == Qt.Key.Key_Menu or (
            key == Qt.Key.Key_F10 and mods & Qt.KeyboardModifier.ShiftModifier
        ):
            self._show_menu_for_selection()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _move_selected_by_key(self, key: int) -> None:
        step = {
            Qt.Key.Key_Left: (-(NOTE_WIDTH + GAP), 0.0),
            Qt.Key.Key_Right: (NOTE_WIDTH + GAP, 0.0),
            Qt.Key.Key_Up: (0.0, -(NOTE_HEIGHT + GAP)),
            Qt.Key.Key_Down: (0.0, NOTE_HEIGHT + GAP),
        }[Qt.Key(key)]
        cluster = self.selected_cluster_id()
        notes = self.selected_note_ids()
        if notes:
            self.notesMoved.emit(
                {
                    i: (self._notes[i].note.x + step[0], self._notes[i].note.y + step[1])
                    for i in notes
                }
            )
        elif cluster:
            item = self._clusters[cluster].cluster
            self.clusterMoved.emit(cluster, item.x + step[0], item.y + step[1])

    # -- mouse --------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        if item is None:
            self.close_opened()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self._report_drags()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, NoteItem):
            self.editRequested.emit(item.note.id)
        elif isinstance(item, ClusterItem):
            self.renameRequested.emit(item.cluster.id)
        else:
            super().mouseDoubleClickEvent(event)

    def _cluster_dragged(self, item: ClusterItem) -> None:
        """While a group is dragged with the mouse its notes follow it (the model moves them
        when the drag ends; a group that grows or moves by key changes position without this)."""
        if self.scene().mouseGrabberItem() is not item:
            self._cluster_drag.pop(item.cluster.id, None)
            return
        last = self._cluster_drag.get(item.cluster.id, QPointF(item.cluster.x, item.cluster.y))
        delta = item.pos() - last
        self._cluster_drag[item.cluster.id] = item.pos()
        if delta.isNull():
            return
        for note in self.model.wall.members(item.cluster.id):
            member = self._notes.get(note.id)
            if member is not None and not member.isSelected():
                member.moveBy(delta.x(), delta.y())

    def _report_drags(self) -> None:
        """After a drag: tell where groups and notes went (a group's notes move with it)."""
        moved_clusters = {
            cid: item
            for cid, item in self._clusters.items()
            if (item.x(), item.y()) != (item.cluster.x, item.cluster.y)
        }
        carried = {n.id for cid in moved_clusters for n in self.model.wall.members(cid)}
        for cid, item in moved_clusters.items():
            self.clusterMoved.emit(cid, item.x(), item.y())
        moved_notes = {
            nid: (item.x(), item.y())
            for nid, item in self._notes.items()
            if nid not in carried and (item.x(), item.y()) != (item.note.x, item.note.y)
        }
        if moved_notes:
            self.notesMoved.emit(moved_notes)

    # -- menu ---------------------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self.itemAt(event.pos())
        if isinstance(item, NoteItem | ClusterItem) and not item.isSelected():
            self.scene().clearSelection()
            item.setSelected(True)
        menu = self.build_menu()
        if not menu.isEmpty():
            menu.exec(event.globalPos())

    def _show_menu_for_selection(self) -> None:
        menu = self.build_menu()
        items = self.scene().selectedItems()
        anchor = self.mapFromScene(items[0].sceneBoundingRect().center()) if items else None
        if anchor is None:
            anchor = self.viewport().rect().center()
        if not menu.isEmpty():
            menu.exec(self.viewport().mapToGlobal(anchor))

    def build_menu(self) -> QMenu:
        """The actions for what is selected (also reachable by their keys)."""
        from PySide6.QtGui import QKeySequence
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        notes = self.selected_note_ids()
        cluster = self.selected_cluster_id()

        def add(text: str, shortcut: str, slot) -> QAction:
            action = menu.addAction(text)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            return action

        if len(notes) == 1:
            note = self._notes[notes[0]]
            add(_("Edit…"), "Return", lambda: self.editRequested.emit(notes[0]))
            if note.shortened:
                add(_("Read all"), "Space", lambda: self._clicked(note))
            add(_("Read aloud"), "F5", self.readAloudRequested.emit)
            add(_("Star"), "S", lambda: self.starRequested.emit(notes[0]))
            add(_("Vote +1"), "+", lambda: self.voteRequested.emit(notes[0], +1))
            add(_("Vote −1"), "-", lambda: self.voteRequested.emit(notes[0], -1))
        if notes:
            menu.addSeparator()
            add(_("Make a group of these…"), "Ctrl+G", lambda: self.groupRequested.emit(notes))
            others = self.model.wall.clusters
            if others:
                into = menu.addMenu(_("Put in group"))
                for target in others:
                    action = into.addAction(target.label)
                    action.triggered.connect(
                        lambda _checked=False, cid=target.id: self.putInClusterRequested.emit(
                            notes, cid
                        )
                    )
            if any(self._notes[n].note.cluster_id for n in notes):
                add(
                    _("Take out of group"),
                    "Ctrl+Shift+G",
                    lambda: self.ungroupRequested.emit(notes),
                )
            menu.addSeparator()
            add(_("Delete"), "Delete", lambda: self.deleteRequested.emit(notes))
        elif cluster:
            add(_("Rename group…"), "F2", lambda: self.renameRequested.emit(cluster))
            add(_("Read aloud"), "F5", self.readAloudRequested.emit)
            add(
                _("Remove group (notes stay)"),
                "Delete",
                lambda: self.dissolveRequested.emit(cluster),
            )
        if not menu.isEmpty():
            menu.addSeparator()
        add(_("Tidy up the wall"), "Ctrl+T", self.tidyRequested.emit)
        return menu

    def visible_items(self) -> list[QGraphicsItem]:
        return [i for i in self._notes.values() if i.isVisible()]
